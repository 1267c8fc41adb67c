/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The one drawing code of the plugin's elements (draw=true): pixels, lines,
 * boxes and digits on a mapped video frame.  RGB formats get the colour;
 * GRAY8 and the YUV formats get the colour's luma value on the luma plane
 * only (chroma is left alone).  Everything is clipped to the frame. */
#pragma once

#include <gst/video/video.h>

#include "wf-occupancy.h"

G_BEGIN_DECLS

typedef struct {
  guint8 r, g, b;
  guint8 luma;                  /* drawn on GRAY8 and YUV frames */
} GstWfColor;

/* The colour with its BT.601 video-range luma. */
static inline GstWfColor
gst_wf_color_rgb (guint8 r, guint8 g, guint8 b)
{
  GstWfColor c = { r, g, b, (guint8) ((66 * r + 129 * g + 25 * b + 128) / 256
        + 16) };
  return c;
}

void gst_wf_draw_pixel (GstVideoFrame * frame, gint x, gint y,
    const GstWfColor * color);

/* A line two pixels wide (x and x + 1) from (x0, y0) to (x1, y1). */
void gst_wf_draw_line (GstVideoFrame * frame, gint x0, gint y0, gint x1,
    gint y1, const GstWfColor * color);

/* The outline of the box (x0, y0)-(x1, y1), corners included, @thickness
 * pixels thick inwards. */
void gst_wf_draw_box (GstVideoFrame * frame, gint x0, gint y0, gint x1,
    gint y1, gint thickness, const GstWfColor * color);

/* @n in 3x5 digits scaled by @scale, its top left corner at (x, y). */
void gst_wf_draw_number (GstVideoFrame * frame, gint x, gint y, guint64 n,
    gint scale, const GstWfColor * color);

/* occupancy: every zone of @model (green, red when over capacity) with
 * its count, every line (yellow) with its in (cyan) and out (magenta)
 * totals, and the boxes of @objs (blue) with their track ids (white). */
void gst_wf_draw_occupancy (GstVideoFrame * frame, WfOccupancy * model,
    const WfOccupancyObject * objs, guint n_objs);

G_END_DECLS
