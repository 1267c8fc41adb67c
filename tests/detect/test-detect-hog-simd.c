/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The two compiles of dlib's HOG code (wf-detector-hog.h: the baseline one
 * in libwfcore, the AVX2 + FMA one in libwfcore-hog-avx2) must find the
 * same faces: the same number on each VOC photo, every box within a pixel
 * and the same score (FMA rounds once where the baseline rounds twice, so
 * scores may differ in the last float bits).  Both searches are run: the
 * photos doubled once on one thread (dlib's 43 faces), and at native size
 * split over two threads (the default for video).
 *
 * Then the choice at run time, in fresh processes: AVX2 by default on this
 * CPU, baseline with WF_HOG_SIMD=baseline, and a warning for a value that
 * is not understood.
 *
 * Skips (77) when the data is absent, when the build has no AVX2 code (not
 * x86) or when this CPU lacks AVX2 or FMA.
 */
#include "config.h"
#include "detect-common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wf-detector.h"
#include "wf-detector-hog.h"
#include "wf-model-path.h"
#include "wf-test-common.h"

#if HAVE_HOG_AVX2

#define MAX_PX_DIFF 1.0
#define MAX_SCORE_DIFF 1e-4

static const gchar *voc_images[] = {
  "dlib_voc_2007_007763.jpg", "dlib_voc_2008_001009.jpg",
  "dlib_voc_2008_001322.jpg", "dlib_voc_2008_002079.jpg",
  "dlib_voc_2008_002470.jpg", "dlib_voc_2008_002506.jpg",
  "dlib_voc_2008_004176.jpg", "dlib_voc_2008_007676.jpg",
  "dlib_voc_2009_004587.jpg",
};

typedef struct
{
  const gchar *name;
  gpointer model, instance;
  gboolean (*detect) (gpointer instance, const WfImage * image,
      const WfDetectParams * params, GArray * faces, gchar ** error_message);
} Variant;

static Variant baseline = { "baseline" }, avx2 = { "avx2" };

static void
variants_setup (void)
{
  g_autofree gchar *file = wf_model_path_find ("dlib_frontal_face_hog.dat",
      NULL);
  gchar *msg = NULL;

  /* the model file the detector uses, or dlib's built-in copy */
  g_test_message ("model: %s", file ? file : "dlib's built-in");
  baseline.model = wf_hog_baseline_model_new (file, &msg);
  g_assert_null (msg);
  baseline.instance = wf_hog_baseline_instance_new (baseline.model, &msg);
  g_assert_null (msg);
  baseline.detect = wf_hog_baseline_detect;
  avx2.model = wf_hog_avx2_model_new (file, &msg);
  g_assert_null (msg);
  avx2.instance = wf_hog_avx2_instance_new (avx2.model, &msg);
  g_assert_null (msg);
  avx2.detect = wf_hog_avx2_detect;
  g_assert_nonnull (baseline.instance);
  g_assert_nonnull (avx2.instance);
}

static void
variants_teardown (void)
{
  wf_hog_baseline_instance_free (baseline.instance);
  wf_hog_baseline_model_free (baseline.model);
  wf_hog_avx2_instance_free (avx2.instance);
  wf_hog_avx2_model_free (avx2.model);
}

static GArray *
detect (Variant * v, const WfImage * img, gint upsample, gint threads)
{
  GArray *faces = g_array_new (FALSE, TRUE, sizeof (WfFace));
  WfDetectParams params;
  gchar *msg = NULL;

  /* what wf-detector.c passes: everything resolved */
  wf_detector_params_init (&params);
  params.threshold = wf_detector_default_threshold (WF_DETECTOR_HOG);
  params.upsample = upsample;
  params.threads = threads;
  if (!v->detect (v->instance, img, &params, faces, &msg))
    g_error ("%s: %s", v->name, msg);
  return faces;
}

/* Every baseline face has its twin among the AVX2 ones; returns how many
 * faces. */
static guint
compare (const gchar * what, GArray * one, GArray * two)
{
  g_test_message ("%s: %u faces baseline, %u AVX2", what, one->len,
      two->len);
  return detect_faces_match (what, one, two, MAX_PX_DIFF, MAX_SCORE_DIFF,
      NULL);
}

static guint
compare_voc (gint upsample, gint threads)
{
  guint total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (voc_images); i++) {
    GstVideoFrame frame;
    GArray *one, *two;
    WfImage img;

    detect_grey_scene (voc_images[i], &frame, &img);
    one = detect (&baseline, &img, upsample, threads);
    two = detect (&avx2, &img, upsample, threads);
    total += compare (voc_images[i], one, two);
    g_array_unref (one);
    g_array_unref (two);
    detect_grey_scene_clear (&frame);
  }
  return total;
}

static void
test_voc_doubled (void)
{
  if (!detect_have_scenes (voc_images, G_N_ELEMENTS (voc_images)))
    return;
  /* dlib's count on these photos (test-detect-voc, hog-upsample1) */
  g_assert_cmpuint (compare_voc (1, 1), ==, 43);
}

static void
test_voc_native_two_threads (void)
{
  if (!detect_have_scenes (voc_images, G_N_ELEMENTS (voc_images)))
    return;
  /* at native size the small faces are out of reach: not a recall test,
   * but there must be faces to compare */
  g_assert_cmpuint (compare_voc (0, 2), >=, 10);
}

/* In a fresh process: which variant WF_HOG_SIMD=@want (NULL: unset) gives,
 * with @warning logged when not NULL. */
static void
check_choice (const gchar * want, const gchar * expected,
    const gchar * warning)
{
  if (g_test_subprocess ()) {
    g_autoptr (WfDetector) det = NULL;
    GError *err = NULL;

    if (want)
      g_setenv ("WF_HOG_SIMD", want, TRUE);
    else
      g_unsetenv ("WF_HOG_SIMD");
    /* g_test_expect_message () misses structured log calls (GLib 2.74):
     * let the warning through, the parent reads it */
    if (warning)
      g_log_set_always_fatal (G_LOG_FATAL_MASK);
    g_assert_cmpstr (wf_detector_hog_simd (), ==, expected);
    /* and a detector runs with it */
    det = wf_detector_new (WF_DETECTOR_HOG, NULL, &err);
    g_assert_no_error (err);
    return;
  }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  if (warning)
    g_test_trap_assert_stderr (warning);
  else
    g_test_trap_assert_stderr_unmatched ("*WF_HOG_SIMD*");
}

static void
test_choice_default (void)
{
  check_choice (NULL, "avx2", NULL);
}

static void
test_choice_auto (void)
{
  check_choice ("auto", "avx2", NULL);
}

static void
test_choice_baseline (void)
{
  check_choice ("baseline", "baseline", NULL);
}

static void
test_choice_bad_value (void)
{
  check_choice ("sse9", "avx2",
      "*WF_HOG_SIMD=sse9 is not auto, avx2 or baseline*");
}

int
main (int argc, char **argv)
{
  int ret;

  __builtin_cpu_init ();
  if (!__builtin_cpu_supports ("avx2") || !__builtin_cpu_supports ("fma")) {
    printf ("SKIP: this CPU lacks AVX2 or FMA: only the baseline HOG code "
        "can run here\n");
    return 77;
  }
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/detect/hog-simd/choice/default", test_choice_default);
  g_test_add_func ("/detect/hog-simd/choice/auto", test_choice_auto);
  g_test_add_func ("/detect/hog-simd/choice/baseline", test_choice_baseline);
  g_test_add_func ("/detect/hog-simd/choice/bad-value",
      test_choice_bad_value);
  if (!g_test_subprocess ()) {
    variants_setup ();
    g_test_add_func ("/detect/hog-simd/voc-doubled-same-faces",
        test_voc_doubled);
    g_test_add_func ("/detect/hog-simd/voc-native-two-threads-same-faces",
        test_voc_native_two_threads);
  }
  ret = g_test_run ();
  if (!g_test_subprocess ())
    variants_teardown ();
  return ret;
}

#else /* !HAVE_HOG_AVX2 */

int
main (void)
{
  printf ("SKIP: this build has no AVX2 HOG code (not x86, or the compiler "
      "lacks -mavx2 -mfma)\n");
  return 77;
}

#endif
