/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Face finding for still photos (enrolment, identify), shared by
 * workforce-admin and its tests so both find the same faces. */
#pragma once

#include <glib.h>
#include "wf-detector.h"
#include "wf-image-file.h"

G_BEGIN_DECLS

/* The parameters workforce-admin uses: one pyramid-up step (faces in
 * snapshots can be small, as dlib's examples do) on a copy at most 1024 px
 * wide. */
void      wf_face_find_params_init  (WfDetectParams * params,
                                     gint upsample);

/* Appends the faces of @img to @faces (boxes in pixels of @img).  When a
 * small image (at most 400 px) gives none, tries once more on a copy with a
 * grey border: tight face crops (ID photos, badge crops) leave a sliding-
 * window detector no room around the face; boxes may then reach past the
 * edges, which the embedder accepts. */
gboolean  wf_face_find              (WfDetector * detector,
                                     const WfDetectParams * params,
                                     const WfImageFile * img,
                                     GArray * faces,
                                     GError ** error);

/* Index of the largest face of @faces (WfFace), 0 when empty. */
guint     wf_face_find_largest      (GArray * faces);

G_END_DECLS
