/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * A compact face landmark predictor that reads dlib shape predictor files
 * (shape_predictor_68_face_landmarks.dat and the like) and predicts what
 * dlib::shape_predictor predicts: a cascade of regression forests (Kazemi and
 * Sullivan, "One Millisecond Face Alignment with an Ensemble of Regression
 * Trees", 2014) over pixel-difference features.
 *
 * dlib keeps every leaf as its own heap matrix of floats: about 70 MB for the
 * 68-point model, nearly all of it leaf values (15 cascades x 500 trees x 16
 * leaves x 136 floats).  Here the leaves live in one array of 16-bit integers
 * with one float scale per leaf (value = q * scale, scale = max |value| /
 * 32767): half the memory, and every value within 1/65534 of its leaf's
 * largest value.  IEEE half floats would cost the same but round the large
 * values, those that move the shape most, up to 32 times more coarsely.  The file is read as a stream, so the
 * full-precision model is never in memory at once.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WF_LANDMARKS_ERROR (wf_landmarks_error_quark ())

/* The 68-point model in our own file (wf_landmarks_save ()), written at build
 * time by models/wf-make-landmarks-model from Debian's
 * shape_predictor_68_face_landmarks.dat: the arrays as held in memory, read
 * in a few calls instead of being decoded value by value. */
#define WF_LANDMARKS_COMPACT_MODEL "shape_predictor_68_compact.wfl"

typedef enum {
  WF_LANDMARKS_ERROR_MODEL,     /* not a (complete) dlib shape predictor */
} WfLandmarksError;

GQuark         wf_landmarks_error_quark (void);

typedef struct _WfLandmarks WfLandmarks;

/* Reads a dlib shape predictor file, or a compact file written by
 * wf_landmarks_save () (told apart by its first bytes).  G_FILE_ERROR when
 * it cannot be opened, WF_LANDMARKS_ERROR_MODEL (naming the file, and the
 * place where reading stopped or the check that failed) when it is
 * truncated, corrupt, of another format version or not a shape predictor. */
WfLandmarks *  wf_landmarks_load        (const gchar * path,
                                         GError ** error);
void           wf_landmarks_free        (WfLandmarks * model);

/* Writes @model as a compact file: a 64-byte header (magic, format version,
 * byte order, sizes, payload length and checksum), then the arrays.  The
 * file is only for machines of the same byte order and float format. */
gboolean       wf_landmarks_save        (const WfLandmarks * model,
                                         const gchar * path,
                                         GError ** error);

/* The compact file's checksum: start from WF_LANDMARKS_CHECKSUM_SEED and
 * fold in each payload section (@len bytes at @data) in file order. */
#define WF_LANDMARKS_CHECKSUM_SEED 0xcbf29ce484222325ull
guint64        wf_landmarks_checksum_update (guint64 h,
                                             const void * data,
                                             gsize len);

/* Whether @path starts as a compact file does (its magic); no other check. */
gboolean       wf_landmarks_is_compact  (const gchar * path);

guint          wf_landmarks_n_points    (const WfLandmarks * model);
/* The memory the model holds, in bytes. */
gsize          wf_landmarks_bytes       (const WfLandmarks * model);

/* Predicts the landmarks of the face in the box @left, @top, @right,
 * @bottom (inclusive pixel coordinates, dlib's rectangle) of the 8-bit grey
 * image @grey.  Grey is what dlib's predictor reads: for RGB images it takes
 * (r + g + b) / 3.  Writes wf_landmarks_n_points () (x, y) pairs, in pixels,
 * unrounded (dlib rounds them to the nearest integer). */
void           wf_landmarks_predict     (const WfLandmarks * model,
                                         const guint8 * grey,
                                         gint width,
                                         gint height,
                                         gint stride,
                                         glong left,
                                         glong top,
                                         glong right,
                                         glong bottom,
                                         gfloat * points);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfLandmarks, wf_landmarks_free)

G_END_DECLS
