/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwfdraw.h"

void
gst_wf_draw_pixel (GstVideoFrame * frame, gint x, gint y,
    const GstWfColor * color)
{
  gboolean rgb = GST_VIDEO_INFO_IS_RGB (&frame->info);
  guint comp, n = rgb ? 3 : 1;
  guint8 v[3] = { color->r, color->g, color->b };

  if (x < 0 || y < 0 || x >= GST_VIDEO_FRAME_WIDTH (frame)
      || y >= GST_VIDEO_FRAME_HEIGHT (frame))
    return;
  if (!rgb)
    v[0] = color->luma;
  /* component 0 of GRAY8, I420 and NV12 is the luma */
  for (comp = 0; comp < n; comp++) {
    guint8 *p = GST_VIDEO_FRAME_COMP_DATA (frame, comp);
    p += y * GST_VIDEO_FRAME_COMP_STRIDE (frame, comp)
        + x * GST_VIDEO_FRAME_COMP_PSTRIDE (frame, comp);
    *p = v[comp];
  }
}

void
gst_wf_draw_line (GstVideoFrame * frame, gint x0, gint y0, gint x1, gint y1,
    const GstWfColor * color)
{
  gint dx = ABS (x1 - x0), sx = x0 < x1 ? 1 : -1;
  gint dy = -ABS (y1 - y0), sy = y0 < y1 ? 1 : -1;
  gint err = dx + dy, steps = 0;

  /* Bresenham; bounded: never more steps than the longer side */
  while (steps++ <= MAX (dx, -dy)) {
    gst_wf_draw_pixel (frame, x0, y0, color);
    gst_wf_draw_pixel (frame, x0 + 1, y0, color);
    if (x0 == x1 && y0 == y1)
      break;
    if (2 * err >= dy) {
      err += dy;
      x0 += sx;
    }
    if (2 * err <= dx) {
      err += dx;
      y0 += sy;
    }
  }
}

void
gst_wf_draw_box (GstVideoFrame * frame, gint x0, gint y0, gint x1, gint y1,
    gint thickness, const GstWfColor * color)
{
  gint width = GST_VIDEO_FRAME_WIDTH (frame);
  gint height = GST_VIDEO_FRAME_HEIGHT (frame);
  gint x, y;

  x0 = CLAMP (x0, 0, width - 1);
  x1 = CLAMP (x1, 0, width - 1);
  y0 = CLAMP (y0, 0, height - 1);
  y1 = CLAMP (y1, 0, height - 1);

  for (y = y0; y <= y1; y++) {
    gboolean edge_row = y < y0 + thickness || y > y1 - thickness;
    for (x = x0; x <= x1; x++) {
      if (!edge_row && x >= x0 + thickness && x <= x1 - thickness)
        continue;
      gst_wf_draw_pixel (frame, x, y, color);
    }
  }
}

/* 3x5 digits, one row per 3 bits */
static const guint8 digit_font[10][5] = {
  {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7},
  {5, 5, 7, 1, 1}, {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 1, 1},
  {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7},
};

void
gst_wf_draw_number (GstVideoFrame * frame, gint x, gint y, guint64 n,
    gint scale, const GstWfColor * color)
{
  gchar s[24];
  gint i, row, col, sx, sy;

  g_snprintf (s, sizeof (s), "%" G_GUINT64_FORMAT, n);
  for (i = 0; s[i]; i++)
    for (row = 0; row < 5; row++)
      for (col = 0; col < 3; col++)
        if (digit_font[s[i] - '0'][row] & (4 >> col))
          for (sy = 0; sy < scale; sy++)
            for (sx = 0; sx < scale; sx++)
              gst_wf_draw_pixel (frame, x + (i * 4 + col) * scale + sx,
                  y + row * scale + sy, color);
}

/* digits readable at any size: twice as big per 240 rows */
static gint
number_scale (GstVideoFrame * frame)
{
  return MAX (1, GST_VIDEO_FRAME_HEIGHT (frame) / 240);
}

/* a tracked object's box and its id */
static void
draw_track (GstVideoFrame * frame, const WfOccupancyObject * o)
{
  GstWfColor box = gst_wf_color_rgb (0, 128, 255);
  GstWfColor white = gst_wf_color_rgb (255, 255, 255);
  /* the box of an ROI is in whole pixels */
  gint x0 = o->box.x, y0 = o->box.y;
  gint x1 = x0 + (gint) o->box.w, y1 = y0 + (gint) o->box.h;

  gst_wf_draw_line (frame, x0, y0, x1, y0, &box);
  gst_wf_draw_line (frame, x1, y0, x1, y1, &box);
  gst_wf_draw_line (frame, x1, y1, x0, y1, &box);
  gst_wf_draw_line (frame, x0, y1, x0, y0, &box);
  if (o->id)
    gst_wf_draw_number (frame, x0 + 2, y0 + 2, o->id, number_scale (frame),
        &white);
}

void
gst_wf_draw_occupancy (GstVideoFrame * frame, WfOccupancy * model,
    const WfOccupancyObject * objs, guint n_objs)
{
  gint w = GST_VIDEO_FRAME_WIDTH (frame), h = GST_VIDEO_FRAME_HEIGHT (frame);
  gint scale = number_scale (frame);
  GstWfColor normal = gst_wf_color_rgb (0, 255, 0);
  GstWfColor over = gst_wf_color_rgb (255, 0, 0);
  GstWfColor line = gst_wf_color_rgb (255, 255, 0);
  GstWfColor in = gst_wf_color_rgb (0, 255, 255);
  GstWfColor out = gst_wf_color_rgb (255, 0, 255);
  guint i, k;

  for (i = 0; i < wf_occupancy_n_zones (model); i++) {
    const WfOccupancyZone *z = wf_occupancy_get_zone (model, i);
    const GstWfColor *c = z->over ? &over : &normal;
    const WfZone *zone = z->zone;

    for (k = 0; k < zone->n_points; k++) {
      guint n = (k + 1) % zone->n_points;
      gst_wf_draw_line (frame, zone->xy[2 * k] * (w - 1),
          zone->xy[2 * k + 1] * (h - 1), zone->xy[2 * n] * (w - 1),
          zone->xy[2 * n + 1] * (h - 1), c);
    }
    gst_wf_draw_number (frame, zone->x0 * (w - 1) + 4,
        zone->y0 * (h - 1) + 4, z->count, 2 * scale, c);
  }
  for (i = 0; i < wf_occupancy_n_lines (model); i++) {
    const WfOccupancyLine *l = wf_occupancy_get_line (model, i);
    gint ax = l->line->ax * (w - 1), ay = l->line->ay * (h - 1);
    gint bx = l->line->bx * (w - 1), by = l->line->by * (h - 1);

    gst_wf_draw_line (frame, ax, ay, bx, by, &line);
    /* in / out totals at the line's midpoint: in above out */
    gst_wf_draw_number (frame, (ax + bx) / 2 + 4, (ay + by) / 2 - 14 * scale,
        l->in, 2 * scale, &in);
    gst_wf_draw_number (frame, (ax + bx) / 2 + 4, (ay + by) / 2 + 2 * scale,
        l->out, 2 * scale, &out);
  }
  for (i = 0; i < n_objs; i++)
    draw_track (frame, &objs[i]);
}
