/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Faces in still photos: finding them (identify) and the one enrolment
 * routine, shared by the daemon's API, workforce-admin and their tests, so
 * that one photo gives one descriptor whichever way it is enrolled. */
#pragma once

#include <glib.h>
#include "wf-detector.h"
#include "wf-image-file.h"
#include "wf-recognizer.h"

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

#define WF_FACE_FIND_ERROR (wf_face_find_error_quark ())

typedef enum {
  WF_FACE_FIND_ERROR_NO_FACE,   /* the photo shows no face */
  WF_FACE_FIND_ERROR_SEVERAL,   /* several faces, and @largest was FALSE */
} WfFaceFindError;

GQuark    wf_face_find_error_quark  (void);

/* Enrolment: the descriptor of the face wf_face_find finds in @img (the
 * largest of several when @largest, else WF_FACE_FIND_ERROR_SEVERAL), and
 * its box (pixels of @img).  WF_FACE_FIND_ERROR_NO_FACE when there is none.
 * Messages start with @name. */
gboolean  wf_face_find_describe     (WfDetector * detector,
                                     WfRecognizer * recognizer,
                                     const WfDetectParams * params,
                                     const WfImageFile * img,
                                     const gchar * name,
                                     gboolean largest,
                                     gfloat * descriptor,
                                     WfRect * box,
                                     GError ** error);

G_END_DECLS
