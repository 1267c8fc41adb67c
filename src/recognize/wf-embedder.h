/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The dlib adapter behind wf-recognizer.h (which elements, tools and the
 * daemon use): dlib's 128-d ResNet face embedding (the network of the
 * Python face_recognition library).
 *
 * For each face box: 68 landmarks (dlib shape predictor) -> an aligned
 * 150x150 RGB chip (dlib get_face_chip_details (shape, 150, 0.25)) -> the
 * ResNet -> 128 floats.  Two descriptors of one person are usually closer
 * than 0.6 (Euclidean), two people's usually farther.
 *
 * Both models come from the process-wide model cache (kinds
 * "dlib-shape-predictor" and "dlib-resnet"), so every embedder of a process
 * shares one copy of each.  The network keeps its activations inside, so the
 * shared copy runs one face at a time: concurrent callers queue on its lock.
 * All functions may be called from any thread.
 */
#pragma once

#include <glib.h>
#include "wf-descriptor.h"
#include "wf-image.h"
#include "wf-recognizer.h"

G_BEGIN_DECLS

/* The side of the aligned RGB chip the network reads, in pixels. */
#define WF_EMBEDDER_CHIP_SIZE WF_RECOGNIZER_CHIP_SIZE
#define WF_EMBEDDER_CHIP_BYTES WF_RECOGNIZER_CHIP_BYTES

/* Base names of the default model files, found with wf_model_path_find. */
#define WF_EMBEDDER_RESNET_MODEL WF_RECOGNIZER_RESNET_MODEL
#define WF_EMBEDDER_LANDMARKS_MODEL WF_RECOGNIZER_LANDMARKS_MODEL

/* Model cache kinds. */
#define WF_MODEL_KIND_DLIB_RESNET "dlib-resnet"
#define WF_MODEL_KIND_DLIB_SHAPE_PREDICTOR "dlib-shape-predictor"

#define WF_EMBEDDER_ERROR (wf_embedder_error_quark ())

typedef enum {
  WF_EMBEDDER_ERROR_MODEL,      /* a model file is not what it should be */
  WF_EMBEDDER_ERROR_INPUT,      /* unusable image or face box */
  WF_EMBEDDER_ERROR_FAILED,     /* anything else dlib threw */
} WfEmbedderError;

GQuark       wf_embedder_error_quark       (void);

typedef struct _WfEmbedder WfEmbedder;

/* Loads (or shares) both models.  NULL paths pick the default files.  Fails
 * with a GError naming the file: G_FILE_ERROR when it is missing or
 * unreadable, WF_EMBEDDER_ERROR_MODEL when it is truncated or not the
 * expected kind of dlib model. */
WfEmbedder * wf_embedder_new               (const gchar * resnet_path,
                                            const gchar * landmarks_path,
                                            GError ** error);
void         wf_embedder_free              (WfEmbedder * embedder);

/* The model files in use (owned by @embedder). */
const gchar * wf_embedder_get_resnet_path    (WfEmbedder * embedder);
const gchar * wf_embedder_get_landmarks_path (WfEmbedder * embedder);

/* One descriptor per face box of @image (any WfPixelFormat; grey images are
 * replicated to RGB): fills @out with @n_faces * WF_DESCRIPTOR_DIM floats,
 * face after face.  Boxes may reach past the image edges. */
gboolean     wf_embedder_compute           (WfEmbedder * embedder,
                                            const WfImage * image,
                                            const WfRect * faces,
                                            guint n_faces,
                                            gfloat * out,
                                            GError ** error);

/* The two halves of wf_embedder_compute, for callers that align faces
 * themselves or want to look at the chips.  wf_embedder_align writes the
 * aligned chip of one face box: WF_EMBEDDER_CHIP_BYTES bytes, packed RGB,
 * row after row; @landmarks, when not NULL, receives the 68 points (x, y)
 * in pixels of @image. */
gboolean     wf_embedder_align             (WfEmbedder * embedder,
                                            const WfImage * image,
                                            const WfRect * face,
                                            guint8 * chip,
                                            gfloat * landmarks,
                                            GError ** error);
/* Descriptors of @n_chips aligned chips laid out as wf_embedder_align
 * writes them (WF_EMBEDDER_CHIP_BYTES each). */
gboolean     wf_embedder_compute_chips     (WfEmbedder * embedder,
                                            const guint8 * chips,
                                            guint n_chips,
                                            gfloat * out,
                                            GError ** error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfEmbedder, wf_embedder_free)

G_END_DECLS
