/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The plugin's drawing code (gst-plugins/gstwfdraw.c) on frames of its own:
 * colours on RGB, luma only on GRAY8 and YUV, clipping at the edges. */
#include <gst/gst.h>
#include <gst/video/video.h>

#include "gstwfdraw.h"

#define W 64
#define H 48

typedef struct
{
  GstBuffer *buf;
  GstVideoInfo info;
  GstVideoFrame frame;
} Canvas;

static void
canvas_init (Canvas * c, GstVideoFormat format)
{
  gst_video_info_set_format (&c->info, format, W, H);
  c->buf = gst_buffer_new_and_alloc (GST_VIDEO_INFO_SIZE (&c->info));
  gst_buffer_memset (c->buf, 0, 0, GST_VIDEO_INFO_SIZE (&c->info));
  g_assert_true (gst_video_frame_map (&c->frame, &c->info, c->buf,
          GST_MAP_READWRITE));
}

static void
canvas_clear (Canvas * c)
{
  gst_video_frame_unmap (&c->frame);
  gst_buffer_unref (c->buf);
}

static guint8 *
comp (Canvas * c, guint k, gint x, gint y)
{
  return (guint8 *) GST_VIDEO_FRAME_COMP_DATA (&c->frame, k)
      + y * GST_VIDEO_FRAME_COMP_STRIDE (&c->frame, k)
      + x * GST_VIDEO_FRAME_COMP_PSTRIDE (&c->frame, k);
}

/* pixels of plane @p that are not 0 */
static guint
count_set (Canvas * c, guint p)
{
  const guint8 *d = GST_VIDEO_FRAME_PLANE_DATA (&c->frame, p);
  gsize i, n = GST_VIDEO_FRAME_PLANE_STRIDE (&c->frame, p)
      * GST_VIDEO_FRAME_COMP_HEIGHT (&c->frame, p);
  guint set = 0;

  for (i = 0; i < n; i++)
    set += d[i] != 0;
  return set;
}

static void
test_box_rgb_and_luma (void)
{
  const GstWfColor c = { 10, 20, 30, 200 };
  Canvas rgb, grey;

  canvas_init (&rgb, GST_VIDEO_FORMAT_BGRx);
  gst_wf_draw_box (&rgb.frame, 10, 10, 19, 19, 2, &c);
  /* the outline, corners included, 2 thick: 100 - 6x6 inside */
  g_assert_cmpuint (count_set (&rgb, 0), ==, (100 - 36) * 3);
  g_assert_cmpuint (*comp (&rgb, 0, 10, 10), ==, 10);
  g_assert_cmpuint (*comp (&rgb, 1, 11, 19), ==, 20);
  g_assert_cmpuint (*comp (&rgb, 2, 19, 15), ==, 30);
  g_assert_cmpuint (*comp (&rgb, 0, 15, 15), ==, 0);
  canvas_clear (&rgb);

  canvas_init (&grey, GST_VIDEO_FORMAT_GRAY8);
  gst_wf_draw_box (&grey.frame, 10, 10, 19, 19, 2, &c);
  g_assert_cmpuint (count_set (&grey, 0), ==, 100 - 36);
  g_assert_cmpuint (*comp (&grey, 0, 10, 10), ==, 200);
  canvas_clear (&grey);
}

/* YUV: the luma plane only, chroma untouched */
static void
test_yuv_luma_only (void)
{
  GstWfColor white = gst_wf_color_rgb (255, 255, 255);
  Canvas c;

  g_assert_cmpuint (white.luma, ==, 235);
  g_assert_cmpuint (gst_wf_color_rgb (0, 0, 0).luma, ==, 16);
  canvas_init (&c, GST_VIDEO_FORMAT_I420);
  gst_wf_draw_line (&c.frame, 0, 5, W - 1, 5, &white);
  /* two pixels wide: x and x + 1, the last one clipped */
  g_assert_cmpuint (count_set (&c, 0), ==, W);
  g_assert_cmpuint (*comp (&c, 0, 7, 5), ==, 235);
  g_assert_cmpuint (count_set (&c, 1), ==, 0);
  g_assert_cmpuint (count_set (&c, 2), ==, 0);
  canvas_clear (&c);

  canvas_init (&c, GST_VIDEO_FORMAT_NV12);
  gst_wf_draw_number (&c.frame, 1, 1, 8, 1, &white);
  /* an 8 is 3x5 minus the two holes */
  g_assert_cmpuint (count_set (&c, 0), ==, 13);
  g_assert_cmpuint (count_set (&c, 1), ==, 0);
  canvas_clear (&c);
}

/* Everything outside the frame is dropped, nothing is written beyond it
 * (the sanitizer build checks the second). */
static void
test_clipping (void)
{
  const GstWfColor c = { 255, 255, 255, 255 };
  Canvas g;

  canvas_init (&g, GST_VIDEO_FORMAT_GRAY8);
  gst_wf_draw_line (&g.frame, -1000, -1000, -10, -10, &c);
  gst_wf_draw_number (&g.frame, W + 5, H + 5, 1234567890, 4, &c);
  g_assert_cmpuint (count_set (&g, 0), ==, 0);
  /* a box over the whole frame and beyond: its border at the edges */
  gst_wf_draw_box (&g.frame, -50, -50, W + 50, H + 50, 1, &c);
  g_assert_cmpuint (count_set (&g, 0), ==, 2 * W + 2 * (H - 2));
  gst_wf_draw_line (&g.frame, -20, H / 2, W + 20, H / 2, &c);
  g_assert_cmpuint (*comp (&g, 0, W / 2, H / 2), ==, 255);
  canvas_clear (&g);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/draw/box-rgb-and-luma", test_box_rgb_and_luma);
  g_test_add_func ("/draw/yuv-luma-only", test_yuv_luma_only);
  g_test_add_func ("/draw/clipping", test_clipping);
  return g_test_run ();
}
