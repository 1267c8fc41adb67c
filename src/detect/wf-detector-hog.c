/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The "hog" backend: picks, once per process, which compile of
 * wf-detector-hog.cpp runs (wf-detector-hog.h).  The AVX2 + FMA one when
 * it is built (x86-64) and the CPU has both, else the baseline one.  The
 * environment variable WF_HOG_SIMD overrides the choice: "baseline" forces
 * the baseline code (tests, benchmarks), "avx2" asks for AVX2 (granted
 * only when the CPU has it), "auto" or unset chooses as above.
 *
 * The model is the variant's own object: every call below goes to the one
 * chosen variant, so models and instances never cross variants.
 */
#include "config.h"
#include "wf-detector-hog.h"
#include "wf-model-path.h"

#include <string.h>

typedef struct
{
  const gchar *name;
  gpointer (*model_new) (const gchar * file, gchar ** error_message);
  void (*model_free) (gpointer model);
  gpointer (*instance_new) (gpointer model, gchar ** error_message);
  void (*instance_free) (gpointer instance);
  gboolean (*detect) (gpointer instance, const WfImage * image,
      const WfDetectParams * params, GArray * faces, gchar ** error_message);
} HogVariant;

#define HOG_VARIANT(v) { #v, wf_hog_##v##_model_new, wf_hog_##v##_model_free, \
    wf_hog_##v##_instance_new, wf_hog_##v##_instance_free,                  \
    wf_hog_##v##_detect }

enum
{
  HOG_BASELINE,
#if HAVE_HOG_AVX2
  HOG_AVX2,
#endif
};

static const HogVariant variants[] = {
  [HOG_BASELINE] = HOG_VARIANT (baseline),
#if HAVE_HOG_AVX2
  [HOG_AVX2] = HOG_VARIANT (avx2),
#endif
};

/* Written at build time by models/wf-make-hog-model from the built-in
 * detector: the same filters, without the second of decoding. */
#define HOG_MODEL_FILE "dlib_frontal_face_hog.dat"

static gboolean
cpu_has_avx2 (void)
{
#if HAVE_HOG_AVX2
  /* libgcc also checks that the OS saves the AVX registers */
  __builtin_cpu_init ();
  return __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma");
#else
  return FALSE;
#endif
}

static guint
choose_variant (void)
{
  const gchar *want = g_getenv ("WF_HOG_SIMD");
  gboolean avx2 = cpu_has_avx2 ();
  guint chosen = HOG_BASELINE;

  if (want == NULL || *want == '\0' || strcmp (want, "auto") == 0) {
    want = "auto";
  } else if (strcmp (want, "baseline") == 0) {
    avx2 = FALSE;
  } else if (strcmp (want, "avx2") == 0) {
    if (!avx2)
      g_warning ("WF_HOG_SIMD=avx2: %s; using the baseline HOG code",
          HAVE_HOG_AVX2 ? "this CPU lacks AVX2 or FMA" :
          "this build has no AVX2 HOG code");
  } else {
    g_warning ("WF_HOG_SIMD=%s is not auto, avx2 or baseline; choosing "
        "automatically", want);
    want = "auto";
  }
#if HAVE_HOG_AVX2
  if (avx2)
    chosen = HOG_AVX2;
#endif
  g_info ("dlib HOG face detector: %s code (WF_HOG_SIMD=%s; AVX2 code %s)",
      variants[chosen].name, want, !HAVE_HOG_AVX2 ? "not built" :
      cpu_has_avx2 ()? "usable on this CPU" : "not usable on this CPU");
  return chosen;
}

static const HogVariant *
hog_variant (void)
{
  /* the index + 1, 0 until chosen */
  static gsize chosen = 0;

  if (g_once_init_enter (&chosen))
    g_once_init_leave (&chosen, choose_variant () + 1);
  return &variants[chosen - 1];
}

const gchar *
wf_detector_hog_variant (void)
{
  return hog_variant ()->name;
}

static gpointer
hog_load (const gchar * path, gpointer user_data, gsize * bytes,
    GError ** error)
{
  gchar *file = wf_model_path_find (HOG_MODEL_FILE, NULL);
  gchar *msg = NULL;
  gpointer model;

  /* no file: dlib's built-in detector */
  model = hog_variant ()->model_new (file, &msg);
  if (model == NULL) {
    g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_FAILED,
        "Could not build dlib's HOG face detector: %s", msg);
    g_free (msg);
  }
  g_free (file);
  return model;
}

static void
hog_free (gpointer model)
{
  hog_variant ()->model_free (model);
}

static gpointer
hog_instance_new (gpointer model, GError ** error)
{
  gchar *msg = NULL;
  gpointer instance = hog_variant ()->instance_new (model, &msg);

  if (instance == NULL) {
    g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_FAILED,
        "Could not set up the HOG detector: %s", msg);
    g_free (msg);
  }
  return instance;
}

static void
hog_instance_free (gpointer instance)
{
  hog_variant ()->instance_free (instance);
}

static gboolean
hog_detect (gpointer instance, const WfImage * image,
    const WfDetectParams * params, GArray * faces, GError ** error)
{
  gchar *msg = NULL;

  if (!hog_variant ()->detect (instance, image, params, faces, &msg)) {
    g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_FAILED,
        "HOG face detection: %s", msg);
    g_free (msg);
    return FALSE;
  }
  return TRUE;
}

static const WfDetectorOps hog_ops = {
  "dlib-hog", NULL, WF_PIXEL_GRAY8, 0.5,
  hog_load, hog_free, hog_instance_new, hog_instance_free, hog_detect,
};

const WfDetectorOps *
wf_detector_hog_ops (void)
{
  return &hog_ops;
}
