/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The pixel operations of src/privacy on every format, on frames of odd and
 * tiny sizes with padded strides, with rectangles at the frame edges:
 * nothing outside the region (or in the padding) changes; pixelate writes
 * each cell's mean; blur's output is a function of the cell means only;
 * fill writes the colour (converted for YUV); polygons fill exactly the
 * pixels whose centre wf_zone_contains puts inside.
 */
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wf-redact-pixels.h"
#include "wf-zones.h"

typedef struct {
  WfPixelFormat format;
  const gchar *name;
} Format;

static const Format formats[] = {
  {WF_PIXEL_GRAY8, "GRAY8"}, {WF_PIXEL_I420, "I420"},
  {WF_PIXEL_NV12, "NV12"}, {WF_PIXEL_RGB, "RGB"}, {WF_PIXEL_BGR, "BGR"},
  {WF_PIXEL_RGBX, "RGBx"}, {WF_PIXEL_BGRX, "BGRx"},
  {WF_PIXEL_RGBA, "RGBA"}, {WF_PIXEL_BGRA, "BGRA"},
};

/* A test frame: planes with 5 bytes of padding per row, and the layout
 * the test itself derives from the format. */
typedef struct {
  WfRedactFrame f;
  guint n_planes;
  gint pw[3], ph[3], sub[3], ch[3];
  gsize size[3];
  guint8 *mem[3];
} TestFrame;

#define PAD 5

static void
test_frame_init (TestFrame * t, WfPixelFormat format, gint w, gint h,
    guint32 seed)
{
  GRand *rand = g_rand_new_with_seed (seed);
  gint cw = (w + 1) / 2, chh = (h + 1) / 2;

  memset (t, 0, sizeof (*t));
  t->f.format = format;
  t->f.width = w;
  t->f.height = h;
  t->n_planes = 1;
  t->pw[0] = w;
  t->ph[0] = h;
  t->sub[0] = 1;
  t->ch[0] = 1;
  switch (format) {
    case WF_PIXEL_I420:
      t->n_planes = 3;
      for (guint i = 1; i < 3; i++) {
        t->pw[i] = cw;
        t->ph[i] = chh;
        t->sub[i] = 2;
        t->ch[i] = 1;
      }
      break;
    case WF_PIXEL_NV12:
      t->n_planes = 2;
      t->pw[1] = cw;
      t->ph[1] = chh;
      t->sub[1] = 2;
      t->ch[1] = 2;
      break;
    case WF_PIXEL_RGB:
    case WF_PIXEL_BGR:
      t->ch[0] = 3;
      break;
    case WF_PIXEL_GRAY8:
      break;
    default:
      t->ch[0] = 4;
      break;
  }
  for (guint i = 0; i < t->n_planes; i++) {
    t->f.stride[i] = t->pw[i] * t->ch[i] + PAD;
    t->size[i] = (gsize) t->f.stride[i] * t->ph[i];
    t->mem[i] = g_malloc (t->size[i]);
    for (gsize k = 0; k < t->size[i]; k++)
      t->mem[i][k] = (guint8) g_rand_int_range (rand, 0, 256);
    t->f.data[i] = t->mem[i];
  }
  g_rand_free (rand);
}

static void
test_frame_copy (TestFrame * dst, const TestFrame * src)
{
  *dst = *src;
  for (guint i = 0; i < src->n_planes; i++) {
    dst->mem[i] = g_memdup2 (src->mem[i], src->size[i]);
    dst->f.data[i] = dst->mem[i];
  }
}

static void
test_frame_clear (TestFrame * t)
{
  for (guint i = 0; i < t->n_planes; i++)
    g_free (t->mem[i]);
}

static inline guint8 *
sample (const TestFrame * t, guint p, gint x, gint y)
{
  return t->mem[p] + (gsize) y * t->f.stride[p] + (gsize) x * t->ch[p];
}

/* Whether sample (x, y) of plane @p lies in @r (luma pixels). */
static gboolean
in_rect (const TestFrame * t, guint p, const WfRedactRect * r, gint x, gint y)
{
  gint s = t->sub[p];
  return x >= r->x / s && x < (r->x + r->w + s - 1) / s &&
      y >= r->y / s && y < (r->y + r->h + s - 1) / s;
}

/* Every byte outside @r (padding included) is as in @orig. */
static void
assert_outside_unchanged (const TestFrame * t, const TestFrame * orig,
    const WfRedactRect * r)
{
  for (guint p = 0; p < t->n_planes; p++)
    for (gint y = 0; y < t->ph[p]; y++) {
      const guint8 *a = t->mem[p] + (gsize) y * t->f.stride[p];
      const guint8 *b = orig->mem[p] + (gsize) y * t->f.stride[p];
      for (gint x = 0; x < t->pw[p]; x++)
        if (r == NULL || !in_rect (t, p, r, x, y))
          g_assert_cmpmem (a + x * t->ch[p], t->ch[p], b + x * t->ch[p],
              t->ch[p]);
      g_assert_cmpmem (a + t->pw[p] * t->ch[p], PAD, b + t->pw[p] * t->ch[p],
          PAD);
    }
}

/* The rectangles tried on a w x h frame: inside, at each edge, the whole
 * frame, one pixel; with odd sizes. */
static GArray *
rects_for (const TestFrame * t)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (WfRedactRect));
  gint w = t->f.width, h = t->f.height;
  const gdouble boxes[][4] = {
    {0.3 * w, 0.3 * h, 0.33 * w + 1, 0.41 * h + 1},
    {-5, -3, 0.4 * w + 7, 0.5 * h + 3},  /* top left, partly out */
    {0.7 * w, 0.6 * h, w, h},   /* bottom right, partly out */
    {0, 0, w, h},
    {w - 1, h - 1, 1, 1},
    {0.5 * w, 0, 3, h},         /* a thin full-height strip */
  };

  for (guint i = 0; i < G_N_ELEMENTS (boxes); i++) {
    WfRedactRect r;
    if (wf_redact_region (&t->f, boxes[i][0], boxes[i][1], boxes[i][2],
            boxes[i][3], 0.0, &r))
      g_array_append_val (a, r);
  }
  g_assert_cmpuint (a->len, >=, 4);
  return a;
}

static const gint sizes[][2] = { {17, 13}, {64, 48}, {1, 1}, {2, 3},
{33, 7}
};

static void
test_pixelate (void)
{
  for (guint fi = 0; fi < G_N_ELEMENTS (formats); fi++)
    for (guint si = 0; si < G_N_ELEMENTS (sizes); si++) {
      TestFrame orig;
      g_autoptr (GArray) rects = NULL;

      test_frame_init (&orig, formats[fi].format, sizes[si][0],
          sizes[si][1], fi * 31 + si);
      rects = rects_for (&orig);
      for (guint ri = 0; ri < rects->len; ri++)
        for (gint cell = 2; cell <= 10; cell += 4) {
          WfRedactRect *r = &g_array_index (rects, WfRedactRect, ri);
          TestFrame t;

          test_frame_copy (&t, &orig);
          wf_redact_pixelate (&t.f, r, cell);
          assert_outside_unchanged (&t, &orig, r);
          /* each cell, in plane samples, holds its mean */
          for (guint p = 0; p < t.n_planes; p++) {
            gint s = t.sub[p], pc = MAX (1, cell / s);
            gint x0 = r->x / s, y0 = r->y / s;
            gint x1 = MIN (t.pw[p], (r->x + r->w + s - 1) / s);
            gint y1 = MIN (t.ph[p], (r->y + r->h + s - 1) / s);
            for (gint cy = y0; cy < y1; cy += pc)
              for (gint cx = x0; cx < x1; cx += pc)
                for (gint c = 0; c < t.ch[p]; c++) {
                  gdouble sum = 0;
                  gint n = 0;
                  for (gint y = cy; y < MIN (cy + pc, y1); y++)
                    for (gint x = cx; x < MIN (cx + pc, x1); x++, n++)
                      sum += sample (&orig, p, x, y)[c];
                  for (gint y = cy; y < MIN (cy + pc, y1); y++)
                    for (gint x = cx; x < MIN (cx + pc, x1); x++)
                      g_assert_cmpint (sample (&t, p, x, y)[c], ==,
                          (gint) floor (sum / n + 0.5));
                }
          }
          test_frame_clear (&t);
        }
      test_frame_clear (&orig);
    }
}

/* Swaps, in every plane, the first two samples of each cell of @r: the
 * cell means stay, the pixels change. */
static void
shuffle_within_cells (TestFrame * t, const WfRedactRect * r, gint cell)
{
  for (guint p = 0; p < t->n_planes; p++) {
    gint s = t->sub[p], pc = MAX (1, cell / s);
    gint x0 = r->x / s, y0 = r->y / s;
    gint x1 = MIN (t->pw[p], (r->x + r->w + s - 1) / s);
    gint y1 = MIN (t->ph[p], (r->y + r->h + s - 1) / s);
    for (gint cy = y0; cy < y1; cy += pc)
      for (gint cx = x0; cx + 1 < MIN (cx + pc, x1); cx += pc) {
        guint8 tmp[4];
        memcpy (tmp, sample (t, p, cx, cy), t->ch[p]);
        memcpy (sample (t, p, cx, cy), sample (t, p, cx + 1, cy), t->ch[p]);
        memcpy (sample (t, p, cx + 1, cy), tmp, t->ch[p]);
      }
  }
}

static void
test_blur (void)
{
  for (guint fi = 0; fi < G_N_ELEMENTS (formats); fi++)
    for (guint si = 0; si < G_N_ELEMENTS (sizes); si++) {
      TestFrame orig;
      g_autoptr (GArray) rects = NULL;

      test_frame_init (&orig, formats[fi].format, sizes[si][0],
          sizes[si][1], 1000 + fi * 31 + si);
      rects = rects_for (&orig);
      for (guint ri = 0; ri < rects->len; ri++)
        for (gint cell = 2; cell <= 10; cell += 4) {
          WfRedactRect *r = &g_array_index (rects, WfRedactRect, ri);
          TestFrame a, b, pix;
          gboolean changed = FALSE;

          test_frame_copy (&a, &orig);
          test_frame_copy (&b, &orig);
          test_frame_copy (&pix, &orig);
          /* blur's cells are 2 x cell: swaps within a pixelate cell
           * stay within one of them */
          shuffle_within_cells (&b, r, cell);
          wf_redact_blur (&a.f, r, cell);
          wf_redact_blur (&b.f, r, cell);
          wf_redact_pixelate (&pix.f, r, cell);
          assert_outside_unchanged (&a, &orig, r);
          /* only the cell means reach the output */
          for (guint p = 0; p < a.n_planes; p++)
            g_assert_cmpmem (a.mem[p], a.size[p], b.mem[p], b.size[p]);
          /* and it stays within the range of the means (pixelate's
           * output holds them), changing random pixels somewhere */
          for (guint p = 0; p < a.n_planes; p++)
            for (gint c = 0; c < a.ch[p]; c++) {
              gint lo = 255, hi = 0;
              for (gint y = 0; y < a.ph[p]; y++)
                for (gint x = 0; x < a.pw[p]; x++)
                  if (in_rect (&a, p, r, x, y)) {
                    lo = MIN (lo, sample (&pix, p, x, y)[c]);
                    hi = MAX (hi, sample (&pix, p, x, y)[c]);
                  }
              for (gint y = 0; y < a.ph[p]; y++)
                for (gint x = 0; x < a.pw[p]; x++)
                  if (in_rect (&a, p, r, x, y)) {
                    gint v = sample (&a, p, x, y)[c];
                    g_assert_cmpint (v, >=, lo);
                    g_assert_cmpint (v, <=, hi);
                    changed |= v != sample (&orig, p, x, y)[c];
                  }
            }
          if (r->w >= cell && r->h >= cell)
            g_assert_true (changed);
          test_frame_clear (&a);
          test_frame_clear (&b);
          test_frame_clear (&pix);
        }
      test_frame_clear (&orig);
    }
}

/* The bytes of each plane for @c (test's own table: BT.601). */
static void
expected_fill (WfPixelFormat f, gboolean full, WfRedactColor c,
    guint8 v[3][4])
{
  gdouble y = 0.299 * c.r + 0.587 * c.g + 0.114 * c.b;
  gdouble u = 128 + (c.b - y) / 1.772, w = 128 + (c.r - y) / 1.402;

  if (!full && f != WF_PIXEL_GRAY8) {
    y = 16 + y * 219 / 255;
    u = 128 + (u - 128) * 224 / 255;
    w = 128 + (w - 128) * 224 / 255;
  }
  memset (v, 0, 12);
  switch (f) {
    case WF_PIXEL_GRAY8:
      v[0][0] = (guint8) lround (y);
      break;
    case WF_PIXEL_I420:
      v[0][0] = (guint8) lround (y);
      v[1][0] = (guint8) lround (u);
      v[2][0] = (guint8) lround (w);
      break;
    case WF_PIXEL_NV12:
      v[0][0] = (guint8) lround (y);
      v[1][0] = (guint8) lround (u);
      v[1][1] = (guint8) lround (w);
      break;
    case WF_PIXEL_RGB:
    case WF_PIXEL_RGBX:
    case WF_PIXEL_RGBA:
      v[0][0] = c.r;
      v[0][1] = c.g;
      v[0][2] = c.b;
      v[0][3] = 255;
      break;
    default:
      v[0][0] = c.b;
      v[0][1] = c.g;
      v[0][2] = c.r;
      v[0][3] = 255;
      break;
  }
}

static gboolean
has_alpha_or_pad (WfPixelFormat f)
{
  return f == WF_PIXEL_RGBX || f == WF_PIXEL_BGRX || f == WF_PIXEL_RGBA ||
      f == WF_PIXEL_BGRA;
}

static void
test_fill (void)
{
  const WfRedactColor colors[] = { {0, 0, 0}, {255, 255, 255}, {200, 30, 90}
  };

  for (guint fi = 0; fi < G_N_ELEMENTS (formats); fi++)
    for (guint si = 0; si < G_N_ELEMENTS (sizes); si++)
      for (guint ci = 0; ci < G_N_ELEMENTS (colors); ci++)
        for (gint full = 0; full < 2; full++) {
          TestFrame orig;
          g_autoptr (GArray) rects = NULL;
          guint8 v[3][4];

          test_frame_init (&orig, formats[fi].format, sizes[si][0],
              sizes[si][1], 2000 + fi * 31 + si);
          orig.f.full_range = full;
          expected_fill (orig.f.format, full, colors[ci], v);
          rects = rects_for (&orig);
          for (guint ri = 0; ri < rects->len; ri++) {
            WfRedactRect *r = &g_array_index (rects, WfRedactRect, ri);
            TestFrame t;

            test_frame_copy (&t, &orig);
            wf_redact_fill (&t.f, r, colors[ci]);
            assert_outside_unchanged (&t, &orig, r);
            for (guint p = 0; p < t.n_planes; p++)
              for (gint y = 0; y < t.ph[p]; y++)
                for (gint x = 0; x < t.pw[p]; x++)
                  if (in_rect (&t, p, r, x, y))
                    for (gint c = 0; c < t.ch[p]; c++) {
                      /* the 4th byte of RGBx/BGRx is set to 255 too */
                      if (c == 3)
                        g_assert_true (has_alpha_or_pad (t.f.format));
                      g_assert_cmpint (abs (sample (&t, p, x, y)[c] -
                              v[p][c]), <=, 1);
                    }
            test_frame_clear (&t);
          }
          test_frame_clear (&orig);
        }
  /* the exact values at the ends of the ranges */
  {
    TestFrame t;
    WfRedactRect all = { 0, 0, 4, 4 };
    test_frame_init (&t, WF_PIXEL_I420, 4, 4, 7);
    wf_redact_fill (&t.f, &all, (WfRedactColor) {
        0, 0, 0});
    g_assert_cmpint (sample (&t, 0, 3, 3)[0], ==, 16);
    g_assert_cmpint (sample (&t, 1, 1, 1)[0], ==, 128);
    g_assert_cmpint (sample (&t, 2, 0, 0)[0], ==, 128);
    t.f.full_range = TRUE;
    wf_redact_fill (&t.f, &all, (WfRedactColor) {
        255, 255, 255});
    g_assert_cmpint (sample (&t, 0, 0, 0)[0], ==, 255);
    test_frame_clear (&t);
  }
}

/* Pixel-exact polygons: every sample whose centre is inside, and no
 * other, takes the fill. */
static void
check_zone_fill (const Format * fmt, gint w, gint h, const gchar * spec)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) zones = wf_zones_parse (spec, &err);
  const WfRedactColor white = { 255, 255, 255 };
  TestFrame orig, t;
  guint8 v[3][4];
  guint n_inside = 0;
  WfZone *z;

  g_assert_no_error (err);
  z = g_ptr_array_index (zones, 0);
  test_frame_init (&orig, fmt->format, w, h, w * 7 + h);
  /* a background that never equals the fill */
  for (guint p = 0; p < orig.n_planes; p++)
    memset (orig.mem[p], 3, orig.size[p]);
  test_frame_copy (&t, &orig);
  expected_fill (t.f.format, FALSE, white, v);
  wf_redact_fill_zone (&t.f, z, white);
  for (guint p = 0; p < t.n_planes; p++) {
    gint s = t.sub[p];
    for (gint y = 0; y < t.ph[p]; y++) {
      for (gint x = 0; x < t.pw[p]; x++) {
        gdouble cx = s == 1 ? (x + 0.5) / w : (2.0 * x + 1.0) / w;
        gdouble cy = s == 1 ? (y + 0.5) / h : (2.0 * y + 1.0) / h;
        gboolean inside = wf_zone_contains (z, cx, cy);
        const guint8 *got = sample (&t, p, x, y);
        const guint8 *was = sample (&orig, p, x, y);
        if (inside) {
          for (gint c = 0; c < t.ch[p]; c++)
            g_assert_cmpint (abs (got[c] - v[p][c]), <=, 1);
          n_inside += p == 0;
        } else {
          g_assert_cmpmem (got, t.ch[p], was, t.ch[p]);
        }
      }
      g_assert_cmpmem (sample (&t, p, t.pw[p], y), PAD,
          sample (&orig, p, t.pw[p], y), PAD);
    }
  }
  g_assert_cmpuint (n_inside, >, 0);
  test_frame_clear (&orig);
  test_frame_clear (&t);
}

static void
test_fill_zone (void)
{
  const gchar *specs[] = {
    "sq=0.25,0.25 0.75,0.25 0.75,0.75 0.25,0.75",
    "tri=0.1,0.9 0.5,0.05 0.93,0.8",
    /* concave, touching the frame's edges */
    "u=0,0 0.3,0 0.3,0.7 0.7,0.7 0.7,0 1,0 1,1 0,1",
    "thin=0.5,0 0.52,0 0.52,1 0.5,1",
  };

  for (guint fi = 0; fi < G_N_ELEMENTS (formats); fi++)
    for (guint i = 0; i < G_N_ELEMENTS (specs); i++) {
      check_zone_fill (&formats[fi], 64, 48, specs[i]);
      check_zone_fill (&formats[fi], 37, 23, specs[i]);
    }

  /* by hand: the square on 8x8 is pixels 2..5 in both directions */
  {
    g_autoptr (GPtrArray) zones = wf_zones_parse (specs[0], NULL);
    TestFrame t;
    test_frame_init (&t, WF_PIXEL_GRAY8, 8, 8, 1);
    memset (t.mem[0], 9, t.size[0]);
    wf_redact_fill_zone (&t.f, g_ptr_array_index (zones, 0),
        (WfRedactColor) {
        255, 255, 255});
    for (gint y = 0; y < 8; y++)
      for (gint x = 0; x < 8; x++)
        g_assert_cmpint (*sample (&t, 0, x, y), ==,
            (x >= 2 && x <= 5 && y >= 2 && y <= 5) ? 255 : 9);
    test_frame_clear (&t);
  }
}

static void
test_region (void)
{
  WfRedactFrame rgb = {.format = WF_PIXEL_RGB,.width = 101,.height = 51 };
  WfRedactFrame yuv = {.format = WF_PIXEL_I420,.width = 101,.height = 51 };
  WfRedactRect r;

  /* margin on each side, rounded outwards */
  g_assert_true (wf_redact_region (&rgb, 40, 20, 10, 10, 0.25, &r));
  g_assert_cmpint (r.x, ==, 37);
  g_assert_cmpint (r.y, ==, 17);
  g_assert_cmpint (r.w, ==, 16);
  g_assert_cmpint (r.h, ==, 16);
  /* YUV: even start, even end unless the frame's odd edge */
  g_assert_true (wf_redact_region (&yuv, 40, 20, 10, 10, 0.25, &r));
  g_assert_cmpint (r.x, ==, 36);
  g_assert_cmpint (r.y, ==, 16);
  g_assert_cmpint (r.x + r.w, ==, 54);
  g_assert_cmpint (r.y + r.h, ==, 34);
  g_assert_true (wf_redact_region (&yuv, 95, 45, 10, 10, 0.0, &r));
  g_assert_cmpint (r.x + r.w, ==, 101);
  g_assert_cmpint (r.y + r.h, ==, 51);
  g_assert_cmpint (r.x, ==, 94);
  /* clipped at the top left; huge boxes do not overflow */
  g_assert_true (wf_redact_region (&rgb, -1e12, -1e12, 3e12, 3e12, 1.0,
          &r));
  g_assert_cmpint (r.x, ==, 0);
  g_assert_cmpint (r.w, ==, 101);
  g_assert_cmpint (r.h, ==, 51);
  /* nothing in the frame, empty or not finite */
  g_assert_false (wf_redact_region (&rgb, 200, 10, 10, 10, 0.2, &r));
  g_assert_false (wf_redact_region (&rgb, -30, 10, 10, 10, 0.2, &r));
  g_assert_false (wf_redact_region (&rgb, 10, 10, 0, 10, 0.2, &r));
  g_assert_false (wf_redact_region (&rgb, NAN, 10, 10, 10, 0.2, &r));
  g_assert_false (wf_redact_region (&rgb, 10, 10, INFINITY, 10, 0.2, &r));
  /* a bad margin counts as none */
  g_assert_true (wf_redact_region (&rgb, 40, 20, 10, 10, NAN, &r));
  g_assert_cmpint (r.w, ==, 10);
}

static void
test_cell_size (void)
{
  g_assert_cmpint (wf_redact_cell_size (WF_PIXEL_RGB, 80, 100, 0.25), ==,
      25);
  g_assert_cmpint (wf_redact_cell_size (WF_PIXEL_I420, 80, 100, 0.25), ==,
      26);
  g_assert_cmpint (wf_redact_cell_size (WF_PIXEL_RGB, 80, 105, 0.2), ==,
      21);
  g_assert_cmpint (wf_redact_cell_size (WF_PIXEL_NV12, 80, 105, 0.2), ==,
      22);
  /* below the minimum strength: the minimum */
  g_assert_cmpint (wf_redact_cell_size (WF_PIXEL_RGB, 100, 100, 0.01), ==,
      20);
  g_assert_cmpint (wf_redact_cell_size (WF_PIXEL_RGB, 100, 100, NAN), ==,
      20);
  g_assert_cmpint (wf_redact_cell_size (WF_PIXEL_RGB, 100, 100, 5.0), ==,
      100);
  /* never below 2 */
  g_assert_cmpint (wf_redact_cell_size (WF_PIXEL_RGB, 3, 3, 0.2), ==, 2);
  g_assert_cmpint (wf_redact_cell_size (WF_PIXEL_NV12, 1e9, 1e9, 1.0), <=,
      WF_REDACT_MAX_SIDE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/privacy/pixels/region", test_region);
  g_test_add_func ("/privacy/pixels/cell-size", test_cell_size);
  g_test_add_func ("/privacy/pixels/pixelate", test_pixelate);
  g_test_add_func ("/privacy/pixels/blur", test_blur);
  g_test_add_func ("/privacy/pixels/fill", test_fill);
  g_test_add_func ("/privacy/pixels/fill-zone", test_fill_zone);
  return g_test_run ();
}
