/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Face descriptor benchmark (not a test): milliseconds per descriptor, split
 * into alignment (68 landmarks + chip) and the network, and the memory the
 * loaded models cost.  Run through tests/bench/recognize.sh, which compares
 * one core with OpenBLAS' default threads.
 *
 *   bench-recognize [--faces N] [--rounds R] [--landmark-loads L]
 *
 * Also: the CPU time of loading the landmark model from Debian's .dat
 * (streamed) and from the compact file the build makes from it, L times
 * each (none when either file is missing).
 *
 * Prints key=value lines.
 */
#include "wf-embedder.h"
#include "wf-landmarks.h"
#include "wf-memstats.h"
#include "wf-model-cache.h"
#include "wf-model-path.h"
#include "wf-test-common.h"
#include "wf-test-faces.h"

#include <stdlib.h>
#include <time.h>

static gdouble
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* CPU time of the whole process (every thread): on a shared machine the
 * one-thread runs' CPU time is what the work costs, whatever the wall clock
 * says. */
static gdouble
cpu_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

int
main (int argc, char **argv)
{
  gint n_faces = 24, rounds = 3, landmark_loads = 3;
  const GOptionEntry entries[] = {
    {"faces", 0, 0, G_OPTION_ARG_INT, &n_faces, "Face images to use", "N"},
    {"rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Passes over them", "R"},
    {"landmark-loads", 0, 0, G_OPTION_ARG_INT, &landmark_loads,
        "Loads of each landmark model file", "L"},
    {NULL}
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- face descriptor "
      "benchmark");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) files = NULL;
  g_autofree gchar *model = NULL;
  WfTestImage *images;
  WfRect *faces;
  guint8 *chips;
  gfloat *outs;
  gfloat d[WF_DESCRIPTOR_DIM];
  WfEmbedder *embedder;
  WfMemStats before, after;
  g_autoptr (GArray) models = NULL;
  gdouble t0, c0, t_full = 0, t_align = 0, t_net = 0;
  gdouble c_full = 0, c_align = 0, c_net = 0;
  guint n;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("%s\n", error->message);
    return 64;
  }
  wf_test_require_testdata ();
  model = wf_model_path_find (WF_EMBEDDER_RESNET_MODEL, &error);
  if (model == NULL) {
    g_printerr ("SKIP: %s\n", error->message);
    return 77;
  }
  gst_init (&argc, &argv);

  /* Every fifth image of faces/: photos, grey crops and chips alike. */
  files = wf_test_face_files ();
  n = MIN ((guint) n_faces, (files->len + 4) / 5);
  images = g_new0 (WfTestImage, n);
  faces = g_new0 (WfRect, n);
  chips = g_malloc ((gsize) n * WF_EMBEDDER_CHIP_BYTES);
  outs = g_new (gfloat, (gsize) n * WF_DESCRIPTOR_DIM);
  for (guint i = 0; i < n; i++) {
    WfTestFaceFile *f = g_ptr_array_index (files, i * 5);
    wf_test_image_load (&images[i], f->path, GST_VIDEO_FORMAT_RGB);
    wf_test_find_face (&images[i].image, &faces[i]);
  }

  /* The models' cost: the process before and after loading them. */
  wf_memstats_read (&before, NULL);
  embedder = wf_embedder_new (model, NULL, &error);
  if (embedder == NULL)
    g_error ("%s", error->message);
  wf_memstats_read (&after, NULL);
  g_print ("rss_before_models_kb=%" G_GUINT64_FORMAT "\n",
      before.vm_rss / 1024);
  g_print ("rss_after_models_kb=%" G_GUINT64_FORMAT "\n", after.vm_rss / 1024);
  g_print ("rss_models_kb=%" G_GUINT64_FORMAT "\n",
      (after.vm_rss - before.vm_rss) / 1024);
  models = wf_model_cache_list ();
  for (guint i = 0; i < models->len; i++) {
    WfModelInfo *m = &g_array_index (models, WfModelInfo, i);
    g_print ("cache_%s_kb=%" G_GSIZE_FORMAT "\ncache_%s_load_s=%.2f\n",
        m->kind, m->bytes / 1024, m->kind, m->load_seconds);
  }

  /* Warm up (first-use allocations, page faults), then measure. */
  g_assert_true (wf_embedder_compute (embedder, &images[0].image, &faces[0],
          1, d, NULL));
  for (gint r = 0; r < rounds; r++) {
    for (guint i = 0; i < n; i++) {
      t0 = now_ms ();
      c0 = cpu_ms ();
      g_assert_true (wf_embedder_compute (embedder, &images[i].image,
              &faces[i], 1, d, NULL));
      t_full += now_ms () - t0;
      c_full += cpu_ms () - c0;
      t0 = now_ms ();
      c0 = cpu_ms ();
      g_assert_true (wf_embedder_align (embedder, &images[i].image,
              &faces[i], chips + (gsize) i * WF_EMBEDDER_CHIP_BYTES, NULL,
              NULL));
      t_align += now_ms () - t0;
      c_align += cpu_ms () - c0;
    }
    t0 = now_ms ();
    c0 = cpu_ms ();
    g_assert_true (wf_embedder_compute_chips (embedder, chips, n,
            outs, NULL));
    t_net += now_ms () - t0;
    c_net += cpu_ms () - c0;
  }
  wf_memstats_read (&after, NULL);
  g_print ("descriptors=%u\n", n * rounds);
  g_print ("ms_per_descriptor=%.2f\n", t_full / (n * rounds));
  g_print ("ms_align=%.2f\n", t_align / (n * rounds));
  g_print ("ms_network=%.2f\n", t_net / (n * rounds));
  g_print ("cpu_ms_per_descriptor=%.2f\n", c_full / (n * rounds));
  g_print ("cpu_ms_align=%.2f\n", c_align / (n * rounds));
  g_print ("cpu_ms_network=%.2f\n", c_net / (n * rounds));
  g_print ("rss_peak_kb=%" G_GUINT64_FORMAT "\n", after.vm_hwm / 1024);

  wf_embedder_free (embedder);

  /* Landmark model load time, .dat against the compact file (the cache is
   * empty again: every load reads the file). */
  {
    g_autofree gchar *dat = wf_model_path_find (WF_EMBEDDER_LANDMARKS_MODEL,
        NULL);
    g_autofree gchar *compact =
        wf_model_path_find (WF_LANDMARKS_COMPACT_MODEL, NULL);
    gdouble c_dat = 0, c_compact = 0;

    for (gint r = 0; dat && compact && r < landmark_loads; r++) {
      WfLandmarks *lm;

      c0 = cpu_ms ();
      lm = wf_landmarks_load (dat, &error);
      c_dat += cpu_ms () - c0;
      if (lm == NULL)
        g_error ("%s", error->message);
      wf_landmarks_free (lm);
      c0 = cpu_ms ();
      lm = wf_landmarks_load (compact, &error);
      c_compact += cpu_ms () - c0;
      if (lm == NULL)
        g_error ("%s", error->message);
      wf_landmarks_free (lm);
    }
    if (dat && compact && landmark_loads > 0) {
      g_print ("landmark_loads=%d\n", landmark_loads);
      g_print ("cpu_ms_landmarks_load_dat=%.1f\n", c_dat / landmark_loads);
      g_print ("cpu_ms_landmarks_load_compact=%.1f\n",
          c_compact / landmark_loads);
    }
  }

  for (guint i = 0; i < n; i++)
    wf_test_image_clear (&images[i]);
  g_free (images);
  g_free (faces);
  g_free (chips);
  g_free (outs);
  return 0;
}
