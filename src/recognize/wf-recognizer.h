/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Face recognition, one C API over the backend (dlib's ResNet embedding,
 * wf-embedder.h), the way wf-detector.h fronts the face detectors: elements,
 * tools and the daemon use this header only.  Always built; without dlib
 * wf_recognizer_available () is FALSE and wf_recognizer_new () fails with
 * WF_RECOGNIZER_ERROR_UNAVAILABLE.
 *
 * For each face box: landmarks -> an aligned chip -> a descriptor of
 * WF_DESCRIPTOR_DIM floats (wf-descriptor.h).  Models come from the
 * process-wide model cache, so recognizers of one process share them; all
 * functions may be called from any thread.
 */
#pragma once

#include <glib.h>
#include "wf-descriptor.h"
#include "wf-image.h"

G_BEGIN_DECLS

/* The side of the aligned RGB chip descriptors are computed from, in
 * pixels, and its size as wf_recognizer_align writes it (packed RGB). */
#define WF_RECOGNIZER_CHIP_SIZE 150
#define WF_RECOGNIZER_CHIP_BYTES \
  (WF_RECOGNIZER_CHIP_SIZE * WF_RECOGNIZER_CHIP_SIZE * 3)
/* Base names of the default model files, found with wf_model_path_find. */
#define WF_RECOGNIZER_RESNET_MODEL "dlib_face_recognition_resnet_model_v1.dat"
#define WF_RECOGNIZER_LANDMARKS_MODEL "shape_predictor_68_face_landmarks.dat"
/* Landmarks wf_recognizer_align reports at most (x, y pairs). */
#define WF_RECOGNIZER_MAX_LANDMARKS 68

#define WF_RECOGNIZER_ERROR (wf_recognizer_error_quark ())

typedef enum {
  WF_RECOGNIZER_ERROR_UNAVAILABLE,  /* built without dlib */
} WfRecognizerError;

GQuark          wf_recognizer_error_quark    (void);

typedef struct _WfRecognizer WfRecognizer;

/* FALSE when this build has no recognition backend (lite build). */
gboolean        wf_recognizer_available      (void);

/* Loads (or shares) the models; NULL paths pick the default files.  Errors
 * name the file: G_FILE_ERROR when it is missing or unreadable, the
 * backend's model error when it is not the expected model. */
WfRecognizer *  wf_recognizer_new            (const gchar * resnet_path,
                                              const gchar * landmarks_path,
                                              GError ** error);
void            wf_recognizer_free           (WfRecognizer * recognizer);

/* The model files in use (owned by @recognizer). */
const gchar *   wf_recognizer_get_model_path     (WfRecognizer * recognizer);
const gchar *   wf_recognizer_get_landmarks_path (WfRecognizer * recognizer);

/* One descriptor per face box of @image (any WfPixelFormat): fills @out
 * with @n_faces * WF_DESCRIPTOR_DIM floats, face after face.  Boxes may
 * reach past the image edges. */
gboolean        wf_recognizer_describe       (WfRecognizer * recognizer,
                                              const WfImage * image,
                                              const WfRect * faces,
                                              guint n_faces,
                                              gfloat * out,
                                              GError ** error);

/* The two halves of wf_recognizer_describe, for callers that judge the
 * aligned faces before describing them.  wf_recognizer_align writes the
 * chip of one face box (WF_RECOGNIZER_CHIP_BYTES, packed RGB, row after
 * row); @landmarks, when not NULL, receives up to
 * WF_RECOGNIZER_MAX_LANDMARKS points (x, y) in pixels of @image. */
gboolean        wf_recognizer_align          (WfRecognizer * recognizer,
                                              const WfImage * image,
                                              const WfRect * face,
                                              guint8 * chip,
                                              gfloat * landmarks,
                                              GError ** error);
/* Descriptors of @n_chips chips laid out as wf_recognizer_align writes
 * them. */
gboolean        wf_recognizer_describe_chips (WfRecognizer * recognizer,
                                              const guint8 * chips,
                                              guint n_chips,
                                              gfloat * out,
                                              GError ** error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfRecognizer, wf_recognizer_free)

G_END_DECLS
