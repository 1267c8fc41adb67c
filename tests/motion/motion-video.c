/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Writes a 640x360 15 fps I420 video to stdout for the motion benchmark
 * (tests/bench/motion-bench.sh), made from the scene of the motion tests
 * and a photo:
 *   motion-video idle|busy SECONDS PHOTO
 * idle: people in view about 10% of the time (one crossing of 1.5 s every
 * 15 s); busy: someone in view always (walking back and forth).  Not a
 * test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gst/gst.h>
#include <gst/video/video.h>

#include "motion-scene.h"
#include "wf-test-common.h"

#define W 640
#define H 360
#define FPS 15

int
main (int argc, char **argv)
{
  GstVideoInfo info;
  GstBuffer *buf;
  GstMapInfo map;
  MotionScene sc;
  guint8 *luma, *sprite, chroma[(W / 2) * (H / 2)];
  gint sw, sh, seconds, n;
  gboolean busy;

  gst_init (&argc, &argv);
  if (argc != 4 || (strcmp (argv[1], "idle") && strcmp (argv[1], "busy")) ||
      (seconds = atoi (argv[2])) < 1 || seconds > 3600) {
    g_printerr ("usage: %s idle|busy SECONDS(1-3600) PHOTO\n", argv[0]);
    return 64;
  }
  busy = strcmp (argv[1], "busy") == 0;
  if (!g_file_test (argv[3], G_FILE_TEST_IS_REGULAR)) {
    g_printerr ("%s: no such file\n", argv[3]);
    return 66;
  }
  buf = wf_test_load_image (argv[3], GST_VIDEO_FORMAT_GRAY8, 0, 0, &info);
  sh = H * 2 / 5;
  sw = (gint) ((gint64) GST_VIDEO_INFO_WIDTH (&info) * sh /
      GST_VIDEO_INFO_HEIGHT (&info)) & ~1;
  gst_buffer_unref (buf);
  sw = CLAMP (sw, 16, W / 2);
  buf = wf_test_load_image (argv[3], GST_VIDEO_FORMAT_GRAY8, sw, sh, &info);
  sprite = g_malloc ((gsize) sw * sh);
  gst_buffer_map (buf, &map, GST_MAP_READ);
  for (gint y = 0; y < sh; y++)
    memcpy (sprite + (gsize) y * sw, map.data + (gsize) y *
        GST_VIDEO_INFO_PLANE_STRIDE (&info, 0), sw);
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);

  motion_scene_init (&sc, W, H, 99);
  luma = g_malloc ((gsize) W * H);
  memset (chroma, 128, sizeof (chroma));
  n = seconds * FPS;
  for (gint i = 0; i < n; i++) {
    /* a walk across takes 1.5 s */
    const gint walk = FPS * 3 / 2;
    gint k = busy ? i % (2 * walk) : i % (10 * walk);
    motion_scene_render (&sc, 1.0, 2.0, luma);
    if (busy) {
      gint x = k < walk ? k : 2 * walk - k;
      motion_scene_paste (&sc, luma, sprite, sw, sh, x * (W - sw) / walk,
          (H - sh) / 2);
    } else if (k < walk) {
      motion_scene_paste (&sc, luma, sprite, sw, sh, -sw + k * (W + sw) /
          walk, (H - sh) / 2);
    }
    if (fwrite (luma, 1, (gsize) W * H, stdout) != (gsize) W * H ||
        fwrite (chroma, 1, sizeof (chroma), stdout) != sizeof (chroma) ||
        fwrite (chroma, 1, sizeof (chroma), stdout) != sizeof (chroma)) {
      g_printerr ("write failed\n");
      return 74;
    }
  }
  motion_scene_clear (&sc);
  g_free (luma);
  g_free (sprite);
  return 0;
}
