/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * A borrowed view of one video frame, free of GStreamer types, so that the
 * C++ adapters can read frames without including GStreamer headers.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  WF_PIXEL_GRAY8,
  WF_PIXEL_I420,
  WF_PIXEL_NV12,
  WF_PIXEL_RGB,
  WF_PIXEL_BGR,
  WF_PIXEL_RGBX,
  WF_PIXEL_BGRX,
  WF_PIXEL_RGBA,
  WF_PIXEL_BGRA,
} WfPixelFormat;

typedef struct {
  WfPixelFormat format;
  gint width;
  gint height;
  /* Planes as mapped: packed formats use plane 0 only; I420 uses 3, NV12 2.
   * For every format plane 0 of the YUV ones is the luma. */
  const guint8 *data[3];
  gint stride[3];
  /* YUV only: 0-255 (JPEG) rather than 16-235 (video) */
  gboolean yuv_full_range;
} WfImage;

/* A box in pixels of the frame it was found in. */
typedef struct {
  gfloat x, y, w, h;
} WfRect;

/* Intersection over union of two boxes, 0 when they do not overlap (or are
 * empty): the one IoU of the tracker and the detectors' suppression. */
static inline gdouble
wf_rect_iou (const WfRect * a, const WfRect * b)
{
  gdouble x0 = MAX (a->x, b->x), y0 = MAX (a->y, b->y);
  gdouble x1 = MIN (a->x + a->w, b->x + b->w);
  gdouble y1 = MIN (a->y + a->h, b->y + b->h);
  gdouble inter, uni;

  if (x1 <= x0 || y1 <= y0)
    return 0.0;
  inter = (x1 - x0) * (y1 - y0);
  uni = (gdouble) a->w * a->h + (gdouble) b->w * b->h - inter;
  return uni > 0.0 ? inter / uni : 0.0;
}

static inline gboolean
wf_pixel_format_is_yuv (WfPixelFormat f)
{
  return f == WF_PIXEL_I420 || f == WF_PIXEL_NV12;
}

G_END_DECLS
