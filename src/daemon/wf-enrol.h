/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Enrolment photos to face descriptors for the employees API and the demo,
 * through the core's enrolment routine (wf_face_find_describe, the one
 * workforce-admin enroll uses): the same photo gives the same descriptor
 * both ways.
 *
 * Limits before work: wf_enrol_check reads only the image header (JPEG or
 * PNG) and refuses more than WF_ENROL_MAX_PIXELS before a pixel is
 * allocated; wf_enrol_describe_async decodes and describes on one worker
 * thread, never on the main loop, with at most WF_ENROL_MAX_REQUESTS
 * requests running or waiting (more are refused at once with
 * WF_ENROL_ERROR_BUSY).
 */
#pragma once

#include <gio/gio.h>
#include "wf-descriptor.h"
#include "wf-image.h"

G_BEGIN_DECLS

/* 40 Mpixel: above the photos of any phone or camera in common use (a
 * decoded 40 Mpixel photo is 120 MB of RGB). */
#define WF_ENROL_MAX_PIXELS (G_GUINT64_CONSTANT (40) * 1000 * 1000)
/* Requests decoding or waiting for the worker. */
#define WF_ENROL_MAX_REQUESTS 4

#define WF_ENROL_ERROR (wf_enrol_error_quark ())
GQuark wf_enrol_error_quark (void);

typedef enum {
  WF_ENROL_ERROR_NOT_IMAGE,     /* not a JPEG or PNG, or undecodable */
  WF_ENROL_ERROR_NO_FACE,       /* no face found */
  WF_ENROL_ERROR_UNAVAILABLE,   /* built without detector or embedder */
  WF_ENROL_ERROR_FAILED,        /* models missing, ... */
  WF_ENROL_ERROR_TOO_LARGE,     /* more than WF_ENROL_MAX_PIXELS pixels */
  WF_ENROL_ERROR_BUSY,          /* WF_ENROL_MAX_REQUESTS already queued */
  WF_ENROL_ERROR_SEVERAL,       /* several faces, with WF_ENROL_ALONE */
} WfEnrolError;

/* What a photo with several faces gives: its largest face (the default:
 * the demo, the unknown faces' crops, API clients that ask nothing), or
 * with WF_ENROL_ALONE a WF_ENROL_ERROR_SEVERAL, as workforce-admin enroll
 * without --largest: a group photo enrols no bystander by mistake. */
typedef enum {
  WF_ENROL_LARGEST = 0,
  WF_ENROL_ALONE = 1 << 0,
} WfEnrolFlags;

/* "image/jpeg", "image/png" or NULL from the first bytes. */
const gchar * wf_enrol_sniff        (const guint8 * data,
                                     gsize len);
gboolean      wf_enrol_available    (void);

/* The header of one photo: JPEG or PNG (else WF_ENROL_ERROR_NOT_IMAGE) of
 * at most WF_ENROL_MAX_PIXELS (else WF_ENROL_ERROR_TOO_LARGE).  Decodes
 * nothing: cheap enough for the main loop. */
gboolean      wf_enrol_check        (const guint8 * data,
                                     gsize len,
                                     GError ** error);

typedef struct {
  gfloat descriptor[WF_DESCRIPTOR_DIM];
  WfRect box;                   /* the face, in pixels of the photo */
} WfEnrolFace;

/* Checks every photo of @photos (GBytes) as wf_enrol_check does, then
 * decodes and describes them on the enrolment worker; @callback runs in
 * the thread-default main context of the caller. */
void          wf_enrol_describe_async  (GPtrArray * photos,
                                        WfEnrolFlags flags,
                                        GCancellable * cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
/* One WfEnrolFace per photo, in order; on failure NULL, and @failed (when
 * not NULL) is the index of the photo that failed. */
GArray *      wf_enrol_describe_finish (GAsyncResult * result,
                                        guint * failed,
                                        GError ** error);

typedef struct _WfEnrolSession WfEnrolSession;

/* Synchronous use, on a thread that may block (the demo's enrolment):
 * loads (or shares) the detector and recognizer models. */
WfEnrolSession * wf_enrol_session_new   (GError ** error);
void             wf_enrol_session_free  (WfEnrolSession * session);
/* Fills @descriptor (WF_DESCRIPTOR_DIM floats) and @box from the largest
 * face. */
gboolean         wf_enrol_describe      (WfEnrolSession * session,
                                         const guint8 * data,
                                         gsize len,
                                         gfloat * descriptor,
                                         WfRect * box,
                                         GError ** error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfEnrolSession, wf_enrol_session_free)

G_END_DECLS
