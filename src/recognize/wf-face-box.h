/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The box the 68-point landmark predictor expects, whatever found the face.
 * dlib's predictor was trained on the boxes of dlib's HOG frontal detector
 * (eyebrows to lower lip, roughly square); YuNet's boxes run from forehead
 * to chin, and a predictor started from them lands its points off the face
 * features, so the aligned chip is off and descriptors drift (false names on
 * real video, issue 11).  With YuNet's five points the HOG-style box is
 * placed from the eyes and the mouth, with figures measured on photos where
 * both detectors found the face (tests/bench/face-box-fit.c,
 * docs/facematch.md).
 */
#pragma once

#include <glib.h>
#include "wf-image.h"

G_BEGIN_DECLS

/* @points: five (x, y) pairs as YuNet gives them: right eye, left eye (as
 * seen in the image: first the one with the smaller x on a frontal face),
 * nose tip, right and left mouth corner.  Writes the HOG-convention box in
 * the same units; FALSE (and @box untouched) when the points are
 * degenerate (eyes and mouth on one spot, not finite). */
gboolean  wf_face_box_from_five_points (const gfloat * points,
                                        WfRect * box);

/* The box to align @box's face from: the HOG-convention box from @points
 * when @points is not NULL and not degenerate, else @box itself. */
void      wf_face_box_for_alignment    (const WfRect * box,
                                        const gfloat * points,
                                        WfRect * out);

G_END_DECLS
