/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Face detection, one C API over the backends (dlib HOG and MMOD, OpenCV Haar
 * and YuNet).  Models come from the process-wide model cache, so several
 * detectors with the same backend and file share one loaded model.
 */
#pragma once

#include <glib.h>
#include "wf-image.h"

G_BEGIN_DECLS

typedef enum {
  WF_DETECTOR_HOG,
  WF_DETECTOR_HAAR,
  WF_DETECTOR_YUNET,
  WF_DETECTOR_MMOD,
  WF_DETECTOR_TINY,
} WfDetectorBackend;

typedef struct {
  WfRect box;             /* pixels of the image given to detect */
  gfloat confidence;      /* in [0,1] */
  gboolean has_landmarks;
  gfloat landmarks[10];   /* yunet: 5 points (x,y) in pixels: eyes, nose, mouth corners */
} WfFace;

typedef struct {
  gint min_size;          /* smallest face side in pixels of the given image */
  gint detect_width;      /* detect on a copy scaled down to this width when
                           * the image is wider; 0 = native */
  gdouble threshold;      /* confidence threshold, in (0,1]; 0 (or negative)
                           * = the backend's default, see
                           * wf_detector_default_threshold () */
  gint max_faces;         /* 0 = no limit; keeps the most confident */
  gint upsample;          /* pyramid-up steps (hog, mmod), 0..2, or
                           * WF_DETECT_UPSAMPLE_AUTO */
  gint threads;           /* threads searching one image (hog), 1..
                           * WF_DETECT_MAX_THREADS; 0 = auto, see
                           * wf_detector_auto_threads () */
} WfDetectParams;

/* upsample: double the image (hog, mmod) while its working width (after
 * the scaling down to detect_width) is below detect_width, at most twice;
 * none when detect_width is 0. */
#define WF_DETECT_UPSAMPLE_AUTO (-1)
/* dlib's HOG search splits into two balanced parts (see
 * wf-detector-hog.cpp); more threads would not help one image. */
#define WF_DETECT_MAX_THREADS 2

#define WF_DETECTOR_ERROR (wf_detector_error_quark ())

typedef enum {
  WF_DETECTOR_ERROR_UNAVAILABLE,  /* backend not built in */
  WF_DETECTOR_ERROR_MODEL,        /* model file unusable (corrupt, wrong kind) */
  WF_DETECTOR_ERROR_FAILED,       /* detection failed */
} WfDetectorError;

GQuark             wf_detector_error_quark       (void);

typedef struct _WfDetector WfDetector;

const gchar *      wf_detector_backend_name      (WfDetectorBackend backend);
gboolean           wf_detector_backend_from_name (const gchar * name,
                                                  WfDetectorBackend * backend);
/* FALSE when the backend was not built in (lite build without dlib, say). */
gboolean           wf_detector_backend_available (WfDetectorBackend backend);
/* hog when dlib is built in, else haar. */
WfDetectorBackend  wf_detector_default_backend   (void);
/* The model cache kind ("dlib-hog", "opencv-haar", "opencv-yunet",
 * "dlib-mmod"), for wf_model_cache_users (). */
const gchar *      wf_detector_backend_model_kind (WfDetectorBackend backend);
/* Default model file name (NULL for hog). */
const gchar *      wf_detector_backend_default_file (WfDetectorBackend backend);
gdouble            wf_detector_default_threshold (WfDetectorBackend backend);

/* Which compile of dlib's HOG code this process runs: "avx2" (AVX2 + FMA,
 * chosen when the CPU has both) or "baseline" (x86-64 baseline, or forced
 * with WF_HOG_SIMD=baseline in the environment); NULL without dlib. */
const gchar *      wf_detector_hog_simd          (void);

/* The online CPUs, at most WF_DETECT_MAX_THREADS. */
gint               wf_detector_auto_threads      (void);

/* All 0: native size, the backend's threshold, every face, no upsampling,
 * automatic threads (the same as a zero-initialised WfDetectParams). */
void               wf_detector_params_init       (WfDetectParams * params);

/* @model_path NULL picks the backend's default file (found with
 * wf_model_path_find); hog needs none.  Fails with a GError that names the
 * file and the reason. */
WfDetector *       wf_detector_new               (WfDetectorBackend backend,
                                                  const gchar * model_path,
                                                  GError ** error);
void               wf_detector_free              (WfDetector * detector);
/* The model file in use (NULL for hog), as given to the model cache. */
const gchar *      wf_detector_get_model_path    (WfDetector * detector);
WfDetectorBackend  wf_detector_get_backend       (WfDetector * detector);

/* Appends WfFace entries to @faces, most confident first, boxes in pixels
 * of @image.  Images of any size are accepted: ones too small to hold a face
 * give no faces.  A detector may be used by one thread at a time; several
 * detectors (sharing a model) may run at once. */
gboolean           wf_detector_detect            (WfDetector * detector,
                                                  const WfImage * image,
                                                  const WfDetectParams * params,
                                                  GArray * faces,
                                                  GError ** error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfDetector, wf_detector_free)

G_END_DECLS
