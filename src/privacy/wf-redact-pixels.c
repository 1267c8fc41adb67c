/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-redact-pixels.h"

#include <math.h>
#include <string.h>

/* One plane as the operations see it: @channels interleaved samples per
 * pixel, @sub luma pixels per sample in each direction. */
typedef struct {
  guint8 *data;
  gint stride;
  gint width, height;
  gint sub;
  gint channels;
} Plane;

static gboolean
is_yuv (WfPixelFormat f)
{
  return wf_pixel_format_is_yuv (f);
}

/* The planes of @f; returns how many. */
static guint
frame_planes (const WfRedactFrame * f, Plane p[3])
{
  gint cw = (f->width + 1) / 2, ch = (f->height + 1) / 2;
  guint n = 1;

  p[0] = (Plane) {
  f->data[0], f->stride[0], f->width, f->height, 1, 1};
  switch (f->format) {
    case WF_PIXEL_GRAY8:
      break;
    case WF_PIXEL_I420:
      p[1] = (Plane) {
      f->data[1], f->stride[1], cw, ch, 2, 1};
      p[2] = (Plane) {
      f->data[2], f->stride[2], cw, ch, 2, 1};
      n = 3;
      break;
    case WF_PIXEL_NV12:
      p[1] = (Plane) {
      f->data[1], f->stride[1], cw, ch, 2, 2};
      n = 2;
      break;
    case WF_PIXEL_RGB:
    case WF_PIXEL_BGR:
      p[0].channels = 3;
      break;
    default:                   /* RGBX, BGRX, RGBA, BGRA */
      p[0].channels = 4;
      break;
  }
  return n;
}

/* The fill value of each channel of each plane for @c. */
static void
fill_values (const WfRedactFrame * f, WfRedactColor c, guint8 v[3][4])
{
  gdouble r = c.r, g = c.g, b = c.b;
  gdouble y = 0.299 * r + 0.587 * g + 0.114 * b;
  gdouble u = 128.0 - 0.168736 * r - 0.331264 * g + 0.5 * b;
  gdouble w = 128.0 + 0.5 * r - 0.418688 * g - 0.081312 * b;

  memset (v, 0, sizeof (guint8) * 3 * 4);
  if (!f->full_range && f->format != WF_PIXEL_GRAY8) {
    y = 16.0 + y * 219.0 / 255.0;
    u = 128.0 + (u - 128.0) * 224.0 / 255.0;
    w = 128.0 + (w - 128.0) * 224.0 / 255.0;
  }
#define CLAMP8(x) ((guint8) CLAMP (lround (x), 0, 255))
  switch (f->format) {
    case WF_PIXEL_GRAY8:
      v[0][0] = CLAMP8 (y);
      break;
    case WF_PIXEL_I420:
      v[0][0] = CLAMP8 (y);
      v[1][0] = CLAMP8 (u);
      v[2][0] = CLAMP8 (w);
      break;
    case WF_PIXEL_NV12:
      v[0][0] = CLAMP8 (y);
      v[1][0] = CLAMP8 (u);
      v[1][1] = CLAMP8 (w);
      break;
    case WF_PIXEL_RGB:
    case WF_PIXEL_RGBX:
    case WF_PIXEL_RGBA:
      v[0][0] = c.r;
      v[0][1] = c.g;
      v[0][2] = c.b;
      v[0][3] = 255;
      break;
    case WF_PIXEL_BGR:
    case WF_PIXEL_BGRX:
    case WF_PIXEL_BGRA:
      v[0][0] = c.b;
      v[0][1] = c.g;
      v[0][2] = c.r;
      v[0][3] = 255;
      break;
  }
#undef CLAMP8
}

/* @r in samples of @p: [x0, x1) x [y0, y1). */
static void
plane_rect (const Plane * p, const WfRedactRect * r, gint * x0, gint * y0,
    gint * x1, gint * y1)
{
  *x0 = r->x / p->sub;
  *y0 = r->y / p->sub;
  *x1 = MIN (p->width, (r->x + r->w + p->sub - 1) / p->sub);
  *y1 = MIN (p->height, (r->y + r->h + p->sub - 1) / p->sub);
}

gboolean
wf_redact_region (const WfRedactFrame * frame, gdouble x, gdouble y,
    gdouble w, gdouble h, gdouble margin, WfRedactRect * out)
{
  gdouble fx0, fy0, fx1, fy1;
  gint x0, y0, x1, y1;

  if (!isfinite (x) || !isfinite (y) || !isfinite (w) || !isfinite (h) ||
      w <= 0.0 || h <= 0.0 || frame->width <= 0 || frame->height <= 0)
    return FALSE;
  if (!isfinite (margin) || margin < 0.0)
    margin = 0.0;
  /* clip in doubles first: huge boxes must not overflow an int */
  fx0 = CLAMP (floor (x - margin * w), 0.0, (gdouble) frame->width);
  fy0 = CLAMP (floor (y - margin * h), 0.0, (gdouble) frame->height);
  fx1 = CLAMP (ceil (x + w + margin * w), 0.0, (gdouble) frame->width);
  fy1 = CLAMP (ceil (y + h + margin * h), 0.0, (gdouble) frame->height);
  x0 = (gint) fx0;
  y0 = (gint) fy0;
  x1 = (gint) fx1;
  y1 = (gint) fy1;
  if (is_yuv (frame->format)) {
    x0 &= ~1;
    y0 &= ~1;
    x1 = MIN (frame->width, (x1 + 1) & ~1);
    y1 = MIN (frame->height, (y1 + 1) & ~1);
  }
  if (x1 <= x0 || y1 <= y0)
    return FALSE;
  *out = (WfRedactRect) {
  x0, y0, x1 - x0, y1 - y0};
  return TRUE;
}

gint
wf_redact_cell_size (WfPixelFormat format, gdouble box_w, gdouble box_h,
    gdouble strength)
{
  gdouble side = MAX (box_w, box_h);
  gint cell;

  if (!isfinite (strength) || strength < WF_REDACT_MIN_STRENGTH)
    strength = WF_REDACT_MIN_STRENGTH;
  strength = MIN (strength, WF_REDACT_MAX_STRENGTH);
  if (!isfinite (side) || side < 0.0)
    side = 0.0;
  /* less a hair, so that 100 x 0.2 is 20, not 21 */
  cell = (gint) CLAMP (ceil (side * strength - 1e-9), 2.0,
      (gdouble) WF_REDACT_MAX_SIDE);
  if (is_yuv (format))
    cell = (cell + 1) & ~1;
  return cell;
}

/* The mean of each of @ch channels over [x0, x1) x [y0, y1) of @p; inline
 * so that the planar case (@ch a constant 1) loses its channel loop. */
static inline void
cell_mean_ch (const Plane * p, gint x0, gint y0, gint x1, gint y1,
    guint8 * mean, const gint ch)
{
  guint64 sum[4] = { 0 };
  guint64 n = (guint64) (x1 - x0) * (y1 - y0);

  for (gint y = y0; y < y1; y++) {
    const guint8 *s = p->data + (gsize) y * p->stride + (gsize) x0 * ch;
    for (gint x = x0; x < x1; x++, s += ch)
      for (gint c = 0; c < ch; c++)
        sum[c] += s[c];
  }
  for (gint c = 0; c < ch; c++)
    mean[c] = (guint8) ((sum[c] + n / 2) / n);
}

static void
cell_mean (const Plane * p, gint x0, gint y0, gint x1, gint y1,
    guint8 * mean)
{
  if (p->channels == 1)
    cell_mean_ch (p, x0, y0, x1, y1, mean, 1);
  else
    cell_mean_ch (p, x0, y0, x1, y1, mean, p->channels);
}

static void
fill_run (const Plane * p, gint y, gint x0, gint x1, const guint8 * v)
{
  guint8 *d = p->data + (gsize) y * p->stride + (gsize) x0 * p->channels;

  if (p->channels == 1) {
    memset (d, v[0], x1 - x0);
    return;
  }
  for (gint x = x0; x < x1; x++, d += p->channels)
    memcpy (d, v, p->channels);
}

static void
plane_pixelate (const Plane * p, const WfRedactRect * r, gint cell)
{
  gint x0, y0, x1, y1, pc = MAX (1, cell / p->sub);

  plane_rect (p, r, &x0, &y0, &x1, &y1);
  for (gint by = y0; by < y1; by += pc) {
    gint ey = MIN (by + pc, y1);
    for (gint bx = x0; bx < x1; bx += pc) {
      gint ex = MIN (bx + pc, x1);
      guint8 mean[4];

      cell_mean (p, bx, by, ex, ey, mean);
      for (gint y = by; y < ey; y++)
        fill_run (p, y, bx, ex, mean);
    }
  }
}

void
wf_redact_pixelate (WfRedactFrame * frame, const WfRedactRect * rect,
    gint cell)
{
  Plane p[3];
  guint n = frame_planes (frame, p);

  for (guint i = 0; i < n; i++)
    plane_pixelate (&p[i], rect, MAX (2, cell));
}

/* For sample @i of a run of samples cut in cells of @pc: the two cells
 * whose centres are nearest and the weight (0-256) of the second. */
typedef struct {
  gint c0, c1, f;
} Tap;

static void
taps (Tap * t, gint len, gint pc, gint n_cells)
{
  for (gint i = 0; i < len; i++) {
    /* position in cells, relative to the first centre: (i + 0.5) / pc -
     * 0.5 = (2i + 1 - pc) / 2pc */
    gint num = 2 * i + 1 - pc, den = 2 * pc;
    if (num <= 0) {
      t[i] = (Tap) {
      0, 0, 0};
    } else {
      gint c0 = num / den;
      if (c0 >= n_cells - 1)
        t[i] = (Tap) {
        n_cells - 1, n_cells - 1, 0};
      else
        t[i] = (Tap) {
        c0, c0 + 1, (num % den) * 256 / den};
    }
  }
}

/* One row of @w samples of @ch channels, bilinear between the cell rows
 * @r0 and @r1 (weight @fy of @r1); inline, for a constant @ch. */
static inline void
blend_row (guint8 * d, const guint8 * r0, const guint8 * r1, const Tap * tx,
    gint w, gint fy, const gint ch)
{
  for (gint x = 0; x < w; x++, d += ch) {
    gint a = tx[x].c0 * ch, b = tx[x].c1 * ch, fx = tx[x].f;
    for (gint c = 0; c < ch; c++) {
      gint top = r0[a + c] * (256 - fx) + r0[b + c] * fx;
      gint bot = r1[a + c] * (256 - fx) + r1[b + c] * fx;
      d[c] = (guint8) ((top * (256 - fy) + bot * fy + 32768) >> 16);
    }
  }
}

static void
plane_blur (const Plane * p, const WfRedactRect * r, gint cell)
{
  gint x0, y0, x1, y1, pc = MAX (1, cell / p->sub);
  gint w, h, gw, gh, ch = p->channels;
  g_autofree guint8 *means = NULL;
  g_autofree Tap *tx = NULL, *ty = NULL;

  plane_rect (p, r, &x0, &y0, &x1, &y1);
  w = x1 - x0;
  h = y1 - y0;
  if (w <= 0 || h <= 0)
    return;
  gw = (w + pc - 1) / pc;
  gh = (h + pc - 1) / pc;
  means = g_malloc ((gsize) gw * gh * ch);
  for (gint j = 0; j < gh; j++)
    for (gint i = 0; i < gw; i++)
      cell_mean (p, x0 + i * pc, y0 + j * pc, MIN (x0 + (i + 1) * pc, x1),
          MIN (y0 + (j + 1) * pc, y1), means + ((gsize) j * gw + i) * ch);

  tx = g_new (Tap, w);
  ty = g_new (Tap, h);
  taps (tx, w, pc, gw);
  taps (ty, h, pc, gh);
  for (gint y = 0; y < h; y++) {
    const guint8 *r0 = means + (gsize) ty[y].c0 * gw * ch;
    const guint8 *r1 = means + (gsize) ty[y].c1 * gw * ch;
    guint8 *d = p->data + (gsize) (y0 + y) * p->stride + (gsize) x0 * ch;

    if (ch == 1)
      blend_row (d, r0, r1, tx, w, ty[y].f, 1);
    else
      blend_row (d, r0, r1, tx, w, ty[y].f, ch);
  }
}

void
wf_redact_blur (WfRedactFrame * frame, const WfRedactRect * rect, gint cell)
{
  Plane p[3];
  guint n = frame_planes (frame, p);

  /* A smooth blend of cell means shows detail finer than its cells (our
   * HOG detector still finds faces blurred over cells of 1/10 of the face,
   * none at 1/7): blur's cells are twice pixelate's. */
  for (guint i = 0; i < n; i++)
    plane_blur (&p[i], rect, 2 * MAX (2, cell));
}

void
wf_redact_fill (WfRedactFrame * frame, const WfRedactRect * rect,
    WfRedactColor color)
{
  Plane p[3];
  guint8 v[3][4];
  guint n = frame_planes (frame, p);

  fill_values (frame, color, v);
  for (guint i = 0; i < n; i++) {
    gint x0, y0, x1, y1;
    plane_rect (&p[i], rect, &x0, &y0, &x1, &y1);
    for (gint y = y0; y < y1; y++)
      fill_run (&p[i], y, x0, x1, v[i]);
  }
}

/* Normalised centre of sample @i of a plane with @sub pixels per sample
 * along a side of @len pixels; for sub 1 the same double as
 * (i + 0.5) / len. */
static inline gdouble
centre (gint i, gint sub, gint len)
{
  return ((gdouble) i * sub + 0.5 * sub) / len;
}

/* First sample index in [0, n] whose centre is >= @s. */
static gint
first_at_or_after (gdouble s, gint sub, gint len, gint n)
{
  gdouble guess = ceil (s * len / sub - 0.5);
  gint i = (gint) CLAMP (guess, 0.0, (gdouble) n);

  /* the guess is within one of the answer; settle it with the same
   * comparison wf_zone_contains makes */
  while (i > 0 && centre (i - 1, sub, len) >= s)
    i--;
  while (i < n && centre (i, sub, len) < s)
    i++;
  return i;
}

static void
plane_fill_zone (const Plane * p, const WfZone * z, gint frame_w,
    gint frame_h, const guint8 * v)
{
  gdouble xs[WF_ZONE_MAX_POINTS];

  for (gint y = 0; y < p->height; y++) {
    gdouble yc = centre (y, p->sub, frame_h);
    guint n = 0;

    if (yc < z->y0 || yc > z->y1)
      continue;
    /* the crossings of the row, as wf_zone_contains counts them */
    for (guint i = 0, j = z->n_points - 1; i < z->n_points; j = i++) {
      gdouble xi = z->xy[2 * i], yi = z->xy[2 * i + 1];
      gdouble xj = z->xy[2 * j], yj = z->xy[2 * j + 1];
      if ((yi > yc) != (yj > yc) && n < G_N_ELEMENTS (xs))
        xs[n++] = (xj - xi) * (yc - yi) / (yj - yi) + xi;
    }
    /* insertion sort: at most WF_ZONE_MAX_POINTS crossings */
    for (guint i = 1; i < n; i++) {
      gdouble t = xs[i];
      guint k = i;
      for (; k > 0 && xs[k - 1] > t; k--)
        xs[k] = xs[k - 1];
      xs[k] = t;
    }
    /* inside where an odd number of crossings lie right of the centre:
     * centres in [xs[2k], xs[2k+1]) */
    for (guint k = 0; k + 1 < n; k += 2) {
      gint a = first_at_or_after (xs[k], p->sub, frame_w, p->width);
      gint b = first_at_or_after (xs[k + 1], p->sub, frame_w, p->width);
      if (b > a)
        fill_run (p, y, a, b, v);
    }
  }
}

void
wf_redact_fill_zone (WfRedactFrame * frame, const WfZone * zone,
    WfRedactColor color)
{
  Plane p[3];
  guint8 v[3][4];
  guint n = frame_planes (frame, p);

  if (zone == NULL || zone->n_points < 3)
    return;
  fill_values (frame, color, v);
  for (guint i = 0; i < n; i++)
    plane_fill_zone (&p[i], zone, frame->width, frame->height, v[i]);
}

void
wf_redact_apply (WfRedactFrame * frame, const WfRedactRect * rect,
    WfRedactMethod method, gint cell, WfRedactColor color)
{
  switch (method) {
    case WF_REDACT_BLUR:
      wf_redact_blur (frame, rect, cell);
      break;
    case WF_REDACT_FILL:
      wf_redact_fill (frame, rect, color);
      break;
    case WF_REDACT_PIXELATE:
    default:
      wf_redact_pixelate (frame, rect, cell);
      break;
  }
}
