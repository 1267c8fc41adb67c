/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Cheap measurements of a face box, plain C, for the identity logic
 * (wf-identity.h):
 * - the appearance signature: a small grey thumbnail of the box, zero mean
 *   and unit norm, so two signatures compare by their dot product (a
 *   correlation in [-1, 1]).  A face replaced by another in the same box
 *   between two frames changes it more than a face moving or blinking
 *   does; it costs WF_FACE_SIGNATURE_SIDE^2 x 16 pixel reads.
 * - the quality of an aligned chip: how sharp it is (contrast-normalised
 *   Laplacian) and how frontal (the nose between the eyes), in [0, 1].
 *   docs/facematch.md has the measurement behind WF_FACE_SHARPNESS_FULL.
 */
#pragma once

#include <glib.h>
#include "wf-image.h"

G_BEGIN_DECLS

#define WF_FACE_SIGNATURE_SIDE 8
#define WF_FACE_SIGNATURE_DIM (WF_FACE_SIGNATURE_SIDE * WF_FACE_SIGNATURE_SIDE)

/* Contrast-normalised sharpness at and above which a chip counts as fully
 * sharp (quality 1 from sharpness). */
#define WF_FACE_SHARPNESS_FULL 0.30

/* Fills @sig (WF_FACE_SIGNATURE_DIM floats) from the central part of @box
 * in @image (clipped to the image).  Returns FALSE (and a zero signature)
 * for a box with no pixels inside the image or a flat one. */
gboolean  wf_face_signature           (const WfImage * image,
                                       const WfRect * box,
                                       gfloat * sig);

/* Correlation of two signatures, in [-1, 1]. */
gdouble   wf_face_signature_similarity (const gfloat * a,
                                        const gfloat * b);

/* Sharpness of an aligned chip (@side x @side packed RGB): mean absolute
 * Laplacian of the grey image over its standard deviation, centre part. */
gdouble   wf_face_chip_sharpness      (const guint8 * chip,
                                       guint side);

/* How frontal the face of the 68 @landmarks (x, y pairs) is: 1 with the
 * nose tip half-way between the outer eye corners, 0 at or beyond one. */
gdouble   wf_face_frontality          (const gfloat * landmarks);

/* min (sharpness / WF_FACE_SHARPNESS_FULL, frontality), clamped to [0,1];
 * @landmarks may be NULL (frontality not counted). */
gdouble   wf_face_quality             (const guint8 * chip,
                                       guint side,
                                       const gfloat * landmarks);

G_END_DECLS
