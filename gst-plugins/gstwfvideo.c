/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstwfvideo.h"
#include "wf-face-box.h"
#include "wf-meta.h"

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

GstStructure *
gst_wf_message_structure_new (GstBaseTransform * trans, const gchar * name,
    GstBuffer * buf)
{
  GstClockTime ts = GST_BUFFER_PTS (buf);
  GstClockTime stream_time = GST_CLOCK_TIME_NONE;
  GstClockTime running_time = GST_CLOCK_TIME_NONE;

  /* Converting in another format would be a critical, not a time. */
  if (GST_CLOCK_TIME_IS_VALID (ts) && trans->segment.format == GST_FORMAT_TIME) {
    stream_time = gst_segment_to_stream_time (&trans->segment,
        GST_FORMAT_TIME, ts);
    running_time = gst_segment_to_running_time (&trans->segment,
        GST_FORMAT_TIME, ts);
  }
  return gst_structure_new (name,
      WF_FIELD_TIMESTAMP, G_TYPE_UINT64, ts,
      WF_FIELD_STREAM_TIME, G_TYPE_UINT64, stream_time,
      WF_FIELD_RUNNING_TIME, G_TYPE_UINT64, running_time,
      WF_FIELD_DURATION, G_TYPE_UINT64, GST_BUFFER_DURATION (buf), NULL);
}

void
gst_wf_reject_property (GstElement * element, GParamSpec * pspec,
    const gchar * value, const gchar * format, ...)
{
  g_autofree gchar *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  GST_ELEMENT_WARNING (element, LIBRARY, SETTINGS,
      ("Invalid %s, keeping the previous value: %s", pspec->name, reason),
      ("%s=\"%s\"", pspec->name, value ? value : ""));
}

void
gst_wf_roi_alignment_box (GstVideoRegionOfInterestMeta * roi, gint width,
    gint height, WfRect * box)
{
  GstStructure *s = gst_video_region_of_interest_meta_get_param (roi,
      WF_PARAM_DETECTION);
  const GValue *arr = s ? gst_structure_get_value (s, WF_FIELD_LANDMARKS) :
      NULL;
  WfRect roi_box = { roi->x, roi->y, roi->w, roi->h };
  gfloat points[10];

  if (!arr || !GST_VALUE_HOLDS_ARRAY (arr) ||
      gst_value_array_get_size (arr) != G_N_ELEMENTS (points)) {
    *box = roi_box;
    return;
  }
  for (guint i = 0; i < G_N_ELEMENTS (points); i++) {
    const GValue *v = gst_value_array_get_value (arr, i);
    if (!G_VALUE_HOLDS_DOUBLE (v)) {
      *box = roi_box;
      return;
    }
    points[i] = (gfloat) (g_value_get_double (v) * (i % 2 ? height : width));
  }
  wf_face_box_for_alignment (&roi_box, points, box);
}
