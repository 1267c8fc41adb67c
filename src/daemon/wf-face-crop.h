/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The picture of one tracked face from a camera's last analysed frame, as
 * a JPEG for the review loop of unknown faces (wf-unknowns.h): the face's
 * box with a margin (so that the enrolment detector finds it again), at
 * most WF_FACE_CROP_MAX_SIDE pixels a side.  Other faces that reach into
 * the crop are redacted by the snapshot policy ([privacy] snapshot-policy),
 * as in every other picture; the subject itself is not (it is kept so that
 * an operator can tell who it is: docs/privacy.md).
 */
#pragma once

#include <gst/gst.h>
#include "wf-snapshot.h"

G_BEGIN_DECLS

/* A crop is at most this many pixels wide and high. */
#define WF_FACE_CROP_MAX_SIDE 256
/* Margin added on each side, as a fraction of the face box. */
#define WF_FACE_CROP_MARGIN 0.5

typedef struct {
  GBytes *jpeg;
  guint width, height;          /* of the JPEG */
  gdouble face_pixels;          /* area of the face box in the frame */
} WfFaceCrop;

/* The crop of the face of track @track_id in @sample, when that face is
 * there and facematch did not name it; NULL otherwise (@error set only on
 * a real failure). */
WfFaceCrop *  wf_face_crop_unknown   (GstSample * sample,
                                      guint64 track_id,
                                      const WfSnapshotRedaction * redaction,
                                      GError ** error);
void          wf_face_crop_free      (WfFaceCrop * crop);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfFaceCrop, wf_face_crop_free)

G_END_DECLS
