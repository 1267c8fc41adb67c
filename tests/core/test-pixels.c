/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The core's one pixel path (wf-pixels.h): YUV range, chroma siting of
 * I420 and NV12, grey from packed RGB, areas. */
#include <glib.h>
#include <string.h>

#include "wf-pixels.h"

#define W 4
#define H 2

/* A 4x2 frame of one colour, as I420 and as NV12. */
typedef struct {
  guint8 y[W * H], u[W / 2], v[W / 2], uv[W];
  WfImage i420, nv12;
} Frame;

static void
frame_init (Frame * f, guint8 y, guint8 u, guint8 v, gboolean full)
{
  memset (f, 0, sizeof (*f));
  memset (f->y, y, sizeof (f->y));
  memset (f->u, u, sizeof (f->u));
  memset (f->v, v, sizeof (f->v));
  for (gint i = 0; i < W / 2; i++) {
    f->uv[2 * i] = u;
    f->uv[2 * i + 1] = v;
  }
  f->i420 = (WfImage) {.format = WF_PIXEL_I420,.width = W,.height = H,
    .data = {f->y, f->u, f->v},.stride = {W, W / 2, W / 2},
    .yuv_full_range = full
  };
  f->nv12 = (WfImage) {.format = WF_PIXEL_NV12,.width = W,.height = H,
    .data = {f->y, f->uv},.stride = {W, W},.yuv_full_range = full
  };
}

/* The RGB of the first pixel of the frame, checked equal through I420 and
 * NV12 and for every pixel. */
static void
frame_rgb (Frame * f, guint8 rgb[3])
{
  guint8 a[W * H * 3], b[W * H * 3];

  g_assert_true (wf_image_convert_area (&f->i420, WF_PIXEL_RGB, 0, 0, W, H,
          a, W * 3));
  g_assert_true (wf_image_convert_area (&f->nv12, WF_PIXEL_RGB, 0, 0, W, H,
          b, W * 3));
  g_assert_cmpmem (a, sizeof a, b, sizeof b);
  for (gint i = 1; i < W * H; i++)
    g_assert_cmpmem (a, 3, a + 3 * i, 3);
  memcpy (rgb, a, 3);
}

static void
assert_rgb (const guint8 got[3], gint r, gint g, gint b)
{
  g_assert_cmpint (ABS (got[0] - r), <=, 1);
  g_assert_cmpint (ABS (got[1] - g), <=, 1);
  g_assert_cmpint (ABS (got[2] - b), <=, 1);
}

static void
test_range_black_white (void)
{
  Frame f;
  guint8 rgb[3];

  /* video range: 16 is black, 235 white */
  frame_init (&f, 16, 128, 128, FALSE);
  frame_rgb (&f, rgb);
  assert_rgb (rgb, 0, 0, 0);
  frame_init (&f, 235, 128, 128, FALSE);
  frame_rgb (&f, rgb);
  assert_rgb (rgb, 255, 255, 255);

  /* full range: the same codes are dark and light grey */
  frame_init (&f, 16, 128, 128, TRUE);
  frame_rgb (&f, rgb);
  assert_rgb (rgb, 16, 16, 16);
  frame_init (&f, 235, 128, 128, TRUE);
  frame_rgb (&f, rgb);
  assert_rgb (rgb, 235, 235, 235);
}

static void
test_range_colour (void)
{
  Frame f;
  guint8 full[3], limited[3];

  /* Y 128, U 100, V 160: BT.601 full range gives
   * R = 128 + 1.402 * 32, G = 128 - 0.344 * -28 - 0.714 * 32,
   * B = 128 + 1.772 * -28; video range scales Y - 16 by 255/219 and the
   * chroma by 255/224. */
  frame_init (&f, 128, 100, 160, TRUE);
  frame_rgb (&f, full);
  assert_rgb (full, 173, 115, 78);
  frame_init (&f, 128, 100, 160, FALSE);
  frame_rgb (&f, limited);
  assert_rgb (limited, 181, 115, 74);
}

static void
test_bgr_order (void)
{
  Frame f;
  guint8 rgb[W * H * 3], bgr[W * H * 3];

  frame_init (&f, 128, 100, 160, TRUE);
  g_assert_true (wf_image_convert_area (&f.i420, WF_PIXEL_RGB, 0, 0, W, H,
          rgb, W * 3));
  g_assert_true (wf_image_convert_area (&f.i420, WF_PIXEL_BGR, 0, 0, W, H,
          bgr, W * 3));
  g_assert_cmpint (rgb[0], ==, bgr[2]);
  g_assert_cmpint (rgb[1], ==, bgr[1]);
  g_assert_cmpint (rgb[2], ==, bgr[0]);
}

static void
test_grey (void)
{
  /* one RGBA pixel row: red, green, blue, white */
  guint8 rgba[16] = { 255, 0, 0, 9, 0, 255, 0, 9, 0, 0, 255, 9,
    255, 255, 255, 9
  };
  guint8 grey[4];
  WfImage im = {.format = WF_PIXEL_RGBA,.width = 4,.height = 1,
    .data = {rgba},.stride = {16}
  };
  WfImage view;
  guint8 *buf = NULL;
  gsize size = 0;
  Frame f;

  g_assert_true (wf_image_convert_area (&im, WF_PIXEL_GRAY8, 0, 0, 4, 1,
          grey, 4));
  /* BT.601 luma: 0.299, 0.587, 0.114 */
  g_assert_cmpint (ABS (grey[0] - 76), <=, 1);
  g_assert_cmpint (ABS (grey[1] - 150), <=, 1);
  g_assert_cmpint (ABS (grey[2] - 29), <=, 1);
  g_assert_cmpint (grey[3], ==, 255);

  /* grey from YUV is the luma plane itself, without a copy */
  frame_init (&f, 77, 0, 255, FALSE);
  g_assert_true (wf_image_convert (&f.i420, WF_PIXEL_GRAY8, &view, &buf,
          &size));
  g_assert_true (view.data[0] == f.y);
  g_assert_null (buf);

  /* from packed pixels it goes to the caller's buffer */
  g_assert_true (wf_image_convert (&im, WF_PIXEL_GRAY8, &view, &buf, &size));
  g_assert_nonnull (buf);
  g_assert_true (view.data[0] == buf);
  g_assert_cmpmem (view.data[0], 4, grey, 4);
  g_free (buf);
}

static void
test_area (void)
{
  /* a 3x3 grey ramp; the 2x2 area at (1, 1) */
  guint8 px[9] = { 0, 1, 2, 10, 11, 12, 20, 21, 22 };
  guint8 out[2 * 2 * 3];
  WfImage im = {.format = WF_PIXEL_GRAY8,.width = 3,.height = 3,
    .data = {px},.stride = {3}
  };
  const guint8 want[] = { 11, 11, 11, 12, 12, 12, 21, 21, 21, 22, 22, 22 };

  g_assert_true (wf_image_convert_area (&im, WF_PIXEL_RGB, 1, 1, 2, 2, out,
          6));
  g_assert_cmpmem (out, sizeof out, want, sizeof want);
  /* only grey and packed RGB/BGR come out */
  g_assert_false (wf_image_convert_area (&im, WF_PIXEL_RGBA, 0, 0, 1, 1, out,
          4));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pixels/yuv-range/black-white", test_range_black_white);
  g_test_add_func ("/pixels/yuv-range/colour", test_range_colour);
  g_test_add_func ("/pixels/bgr-order", test_bgr_order);
  g_test_add_func ("/pixels/grey", test_grey);
  g_test_add_func ("/pixels/area", test_area);
  return g_test_run ();
}
