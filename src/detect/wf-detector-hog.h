/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Private to src/detect: dlib's frontal HOG detector, one source
 * (wf-detector-hog.cpp) compiled once per instruction set.  Each compile
 * exports the functions below with its variant in their names:
 *
 *   wf_hog_baseline_*  the x86-64 baseline (SSE2), inside libwfcore
 *   wf_hog_avx2_*      AVX2 + FMA, in libwfcore-hog-avx2 (HAVE_HOG_AVX2)
 *
 * wf-detector-hog.c picks one per process at run time and wraps it as the
 * "hog" WfDetectorOps.  These functions know nothing of libwfcore (the
 * AVX2 library links only GLib and dlib): the caller resolves the model
 * file, and failures come back as a message (g_free it), which the caller
 * turns into a GError.
 */
#pragma once

#include <glib.h>
#include "wf-detector-backend.h"

G_BEGIN_DECLS

#if defined(__GNUC__)
#define WF_HOG_EXPORT __attribute__ ((visibility ("default")))
#else
#define WF_HOG_EXPORT
#endif

/*
 * model_new: @file is a serialised frontal_face_detector, or NULL for
 *   dlib's built-in one (also used, with a warning, when @file is unusable).
 * detect: @image is GRAY8, @params are resolved (threshold in [0,1]);
 *   appends WfFace in pixels of @image.
 * Instances are independent: one per thread at a time, any number at once.
 */
#define WF_HOG_DECLARE_VARIANT(v)                                            \
  WF_HOG_EXPORT gpointer wf_hog_##v##_model_new (const gchar * file,         \
      gchar ** error_message);                                               \
  WF_HOG_EXPORT void wf_hog_##v##_model_free (gpointer model);               \
  WF_HOG_EXPORT gpointer wf_hog_##v##_instance_new (gpointer model,          \
      gchar ** error_message);                                               \
  WF_HOG_EXPORT void wf_hog_##v##_instance_free (gpointer instance);         \
  WF_HOG_EXPORT gboolean wf_hog_##v##_detect (gpointer instance,             \
      const WfImage * image, const WfDetectParams * params, GArray * faces,  \
      gchar ** error_message);

WF_HOG_DECLARE_VARIANT (baseline)
#if HAVE_HOG_AVX2
WF_HOG_DECLARE_VARIANT (avx2)
#endif

/* The "hog" backend for wf-detector.c: it runs the variant chosen for this
 * process (chosen and logged on first use, see wf-detector-hog.c). */
const WfDetectorOps * wf_detector_hog_ops (void);
/* That variant's name, "baseline" or "avx2" (chooses it if not yet done). */
const gchar *         wf_detector_hog_variant (void);

G_END_DECLS
