/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstwfvideo.h"

gboolean
gst_wf_image_from_frame (const GstVideoFrame * frame, WfImage * img)
{
  memset (img, 0, sizeof (*img));
  switch (GST_VIDEO_FRAME_FORMAT (frame)) {
    case GST_VIDEO_FORMAT_GRAY8:
      img->format = WF_PIXEL_GRAY8;
      break;
    case GST_VIDEO_FORMAT_I420:
      img->format = WF_PIXEL_I420;
      break;
    case GST_VIDEO_FORMAT_NV12:
      img->format = WF_PIXEL_NV12;
      break;
    case GST_VIDEO_FORMAT_RGB:
      img->format = WF_PIXEL_RGB;
      break;
    case GST_VIDEO_FORMAT_BGR:
      img->format = WF_PIXEL_BGR;
      break;
    case GST_VIDEO_FORMAT_RGBx:
      img->format = WF_PIXEL_RGBX;
      break;
    case GST_VIDEO_FORMAT_BGRx:
      img->format = WF_PIXEL_BGRX;
      break;
    case GST_VIDEO_FORMAT_RGBA:
      img->format = WF_PIXEL_RGBA;
      break;
    case GST_VIDEO_FORMAT_BGRA:
      img->format = WF_PIXEL_BGRA;
      break;
    default:
      return FALSE;
  }
  /* JPEG-decoded YUV is full range; the core converts it accordingly. */
  img->yuv_full_range = frame->info.colorimetry.range ==
      GST_VIDEO_COLOR_RANGE_0_255;
  img->width = GST_VIDEO_FRAME_WIDTH (frame);
  img->height = GST_VIDEO_FRAME_HEIGHT (frame);
  for (guint i = 0; i < GST_VIDEO_FRAME_N_PLANES (frame) && i < 3; i++) {
    img->data[i] = GST_VIDEO_FRAME_PLANE_DATA (frame, i);
    img->stride[i] = GST_VIDEO_FRAME_PLANE_STRIDE (frame, i);
  }
  return TRUE;
}
