/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Enrolment photos to face descriptors for the employees API: the photo is
 * sniffed (JPEG or PNG only), decoded with GStreamer, its largest face found
 * (dlib HOG) and described (dlib ResNet).  Models come from the model cache
 * for the duration of one request.
 */
#pragma once

#include <glib.h>
#include "wf-image.h"

G_BEGIN_DECLS

#define WF_ENROL_ERROR (wf_enrol_error_quark ())
GQuark wf_enrol_error_quark (void);

typedef enum {
  WF_ENROL_ERROR_NOT_IMAGE,     /* not a JPEG or PNG, or undecodable */
  WF_ENROL_ERROR_NO_FACE,       /* no face found */
  WF_ENROL_ERROR_UNAVAILABLE,   /* built without detector or embedder */
  WF_ENROL_ERROR_FAILED,        /* models missing, ... */
} WfEnrolError;

/* "image/jpeg", "image/png" or NULL from the first bytes. */
const gchar * wf_enrol_sniff        (const guint8 * data,
                                     gsize len);
gboolean      wf_enrol_available    (void);

typedef struct _WfEnrolSession WfEnrolSession;

/* Loads (or shares) the detector and embedder models. */
WfEnrolSession * wf_enrol_session_new   (GError ** error);
void             wf_enrol_session_free  (WfEnrolSession * session);
/* Fills @descriptor (128 floats) and @box from the largest face. */
gboolean         wf_enrol_describe      (WfEnrolSession * session,
                                         const guint8 * data,
                                         gsize len,
                                         gfloat * descriptor,
                                         WfRect * box,
                                         GError ** error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfEnrolSession, wf_enrol_session_free)

G_END_DECLS
