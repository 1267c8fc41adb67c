/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The motion measure's own cost (not a test): CPU time of wf_motion_feed
 * per 640x360 frame of the motion tests' still scene, over 2000 frames.
 *   meson test -C build --benchmark motion-cost -v */
#include <stdio.h>
#include <time.h>

#include "motion-scene.h"
#include "wf-motion.h"

#define N_FRAMES 2000
#define N_DISTINCT 64

int
main (void)
{
  MotionScene sc;
  guint8 *frames[N_DISTINCT];
  g_autoptr (WfMotion) m = wf_motion_new ();
  g_autoptr (GArray) r = g_array_new (FALSE, FALSE, sizeof (WfMotionRect));
  WfMotionResult res;
  struct timespec a, b;

  motion_scene_init (&sc, 640, 360, 5);
  for (gint i = 0; i < N_DISTINCT; i++) {
    frames[i] = g_malloc (640 * 360);
    motion_scene_render (&sc, 1.0, 3.0, frames[i]);
  }
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &a);
  for (gint i = 0; i < N_FRAMES; i++)
    wf_motion_feed (m, frames[i % N_DISTINCT], 640, 360, 640, r, &res);
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &b);
  printf ("wf_motion_feed, 640x360: %.3f ms of CPU per frame\n",
      ((b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6) /
      N_FRAMES);
  for (gint i = 0; i < N_DISTINCT; i++)
    g_free (frames[i]);
  motion_scene_clear (&sc);
  return 0;
}
