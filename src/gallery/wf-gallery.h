/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The employee gallery: employees, their face descriptors (128 floats from
 * dlib's ResNet) and how they were enrolled, in one SQLite file (WAL mode).
 *
 * Safety:
 * - A file that is not ours (not SQLite, another application_id, unknown
 *   tables, a newer schema) or that fails SQLite's quick_check is refused
 *   before anything is written to it.
 * - The schema is versioned with PRAGMA user_version and migrated on open,
 *   in one transaction.
 * - Every enrolment and every removal is one transaction: a process killed
 *   half-way leaves the previous state.
 * - Removal deletes the employee's descriptors, enrolment history and photos
 *   with secure_delete on, then checkpoints the WAL so no copy stays behind.
 *
 * - Consent: an employee without consent is left out of every search (as
 *   if not enrolled): nothing the matcher returns names them.
 *
 * Threads: a WfGallery owns one SQLite connection and serialises every call
 * on its own mutex, so one object may be shared by the threads of a process
 * (daemon pipelines, HTTP handlers).  Several processes may open the same
 * file at once (WAL, busy timeout); a search notices changes made by other
 * connections (PRAGMA data_version) and reloads the descriptors.
 */
#pragma once

#include <glib-object.h>
#include "wf-descriptor.h"
#include "wf-image.h"

G_BEGIN_DECLS

/* Schema version written by this code (PRAGMA user_version). */
#define WF_GALLERY_SCHEMA_VERSION 3
/* PRAGMA application_id of our files: "WFGL". */
#define WF_GALLERY_APPLICATION_ID 0x5746474c

/* Under dlib's own 0.6 (face_recognition's too), which names strangers:
 * measured over every pair of the shared test data, 0.55 names no impostor
 * and 97.8% of genuine photos with one enrolment photo each (issue 11;
 * tests/facematch/test-calibration.c, docs/facematch.md "Calibration"). */
#define WF_GALLERY_DEFAULT_THRESHOLD 0.55
/* See the measurement in wf-gallery.c above wf_gallery_search(). */
#define WF_GALLERY_DEFAULT_MARGIN 0.05

#define WF_GALLERY_ERROR (wf_gallery_error_quark ())

typedef enum {
  WF_GALLERY_ERROR_FAILED,
  WF_GALLERY_ERROR_NOT_FOUND,     /* no such file, or no such employee */
  WF_GALLERY_ERROR_FOREIGN,       /* not a gallery (another file or app) */
  WF_GALLERY_ERROR_CORRUPT,       /* a gallery that fails its checks */
  WF_GALLERY_ERROR_TOO_NEW,       /* written by a newer version */
  WF_GALLERY_ERROR_DUPLICATE,     /* the employee id exists already */
  WF_GALLERY_ERROR_INVALID,       /* bad argument (empty id, no samples) */
  WF_GALLERY_ERROR_BUSY,          /* locked by another process too long */
} WfGalleryError;

typedef enum {
  WF_GALLERY_OPEN_DEFAULT = 0,
  WF_GALLERY_OPEN_CREATE = 1 << 0,      /* create the file when absent */
  WF_GALLERY_OPEN_READ_ONLY = 1 << 1,   /* never write (no migration) */
} WfGalleryOpenFlags;

/* One enrolment photo's contribution. */
typedef struct {
  const gfloat *descriptor;     /* WF_DESCRIPTOR_DIM floats */
  const gchar *source;          /* file name it came from (stored as given) */
  const gchar *detector;        /* backend that found the face: "hog", ... */
  WfRect box;                   /* face box in that image, pixels */
  /* Optional copy of the photo, stored only when non-NULL */
  const guint8 *photo;
  gsize photo_size;
  const gchar *photo_type;      /* MIME type of @photo */
} WfEnrolSample;

/* The employee's consent to being identified, as recorded. */
typedef struct {
  gboolean given;
  gint64 date;                  /* unix seconds; 0 means now */
  const gchar *note;            /* free text (form number, ...), or NULL */
} WfGalleryConsent;

/* Longest consent note, in bytes. */
#define WF_GALLERY_CONSENT_NOTE_MAX 1000
/* Notes written when no statement was made (docs/privacy.md). */
#define WF_GALLERY_CONSENT_NOTE_MIGRATED \
  "enrolled before consent was recorded"
#define WF_GALLERY_CONSENT_NOTE_IMPLIED \
  "given at enrolment, not stated"

typedef struct {
  gchar *id;
  gchar *name;
  gint64 created;               /* unix seconds */
  guint n_descriptors;
  guint n_photos;
  gboolean consent;
  gint64 consent_date;          /* unix seconds, 0 when unknown */
  gchar *consent_note;          /* NULL when none */
} WfEmployee;

/* What is known of one stored descriptor, without its values. */
typedef struct {
  gint64 id;
  gint64 created;               /* unix seconds */
  gchar *source;
  gchar *detector;
  WfRect box;
  gboolean has_photo;
  gchar *photo_type;            /* NULL without a photo */
} WfDescriptorInfo;

typedef struct {
  gchar *employee_id;           /* NULL when unknown */
  gchar *name;                  /* NULL when unknown */
  /* Nearest employee, even when unknown (NULL if the gallery is empty) */
  gchar *nearest_id;
  gdouble distance;             /* to the nearest employee; G_MAXDOUBLE if none */
  gdouble second_distance;      /* to the second employee; G_MAXDOUBLE if none */
  gboolean known;
} WfMatch;

#define WF_TYPE_GALLERY (wf_gallery_get_type ())
G_DECLARE_FINAL_TYPE (WfGallery, wf_gallery, WF, GALLERY, GObject)

GQuark       wf_gallery_error_quark      (void);

WfGallery *  wf_gallery_open             (const gchar * path,
                                          WfGalleryOpenFlags flags,
                                          GError ** error);

const gchar * wf_gallery_get_path        (WfGallery * gallery);

/* Creates employee @id with @samples, all in one transaction.  Refuses an
 * existing @id (WF_GALLERY_ERROR_DUPLICATE). */
gboolean     wf_gallery_enroll           (WfGallery * gallery,
                                          const gchar * id,
                                          const gchar * name,
                                          const WfEnrolSample * samples,
                                          guint n_samples,
                                          GError ** error);

/* The same with the employee's consent; @consent NULL records consent as
 * given now, with WF_GALLERY_CONSENT_NOTE_IMPLIED (what wf_gallery_enroll
 * does).  A note over WF_GALLERY_CONSENT_NOTE_MAX bytes, not UTF-8 or with
 * control characters other than newline and tab is refused. */
gboolean     wf_gallery_enroll_with_consent (WfGallery * gallery,
                                          const gchar * id,
                                          const gchar * name,
                                          const WfGalleryConsent * consent,
                                          const WfEnrolSample * samples,
                                          guint n_samples,
                                          GError ** error);

/* Records a new consent statement for @id (WF_GALLERY_ERROR_NOT_FOUND when
 * there is no such employee); searches see it at once, in this process and
 * in others that share the file. */
gboolean     wf_gallery_set_consent      (WfGallery * gallery,
                                          const gchar * id,
                                          const WfGalleryConsent * consent,
                                          GError ** error);

/* Employee @id into @out (clear it with wf_employee_clear);
 * WF_GALLERY_ERROR_NOT_FOUND when there is none. */
gboolean     wf_gallery_get_employee     (WfGallery * gallery,
                                          const gchar * id,
                                          WfEmployee * out,
                                          GError ** error);

/* The descriptors of @id (WfDescriptorInfo, the array frees them); empty
 * when there is no such employee. */
GArray *     wf_gallery_list_descriptors (WfGallery * gallery,
                                          const gchar * id,
                                          GError ** error);

/* Whether employee @id is enrolled; FALSE with @error set on failure. */
gboolean     wf_gallery_has_employee     (WfGallery * gallery,
                                          const gchar * id,
                                          gboolean * exists,
                                          GError ** error);

/* Deletes employee @id with all descriptors, enrolments and photos. */
gboolean     wf_gallery_remove           (WfGallery * gallery,
                                          const gchar * id,
                                          GError ** error);

/* Returns an array of WfEmployee sorted by id (the array frees them). */
GArray *     wf_gallery_list             (WfGallery * gallery,
                                          GError ** error);

guint        wf_gallery_count_descriptors (WfGallery * gallery);

/*
 * Nearest employee to @descriptor among those who consented: the distance
 * to an employee is the mean of the distances to that employee's two
 * nearest descriptors (the one distance when they have one).  The face is
 * known when that distance is at most @threshold and the second-nearest
 * employee is at least @margin further away.  Fills @match (clear it with
 * wf_match_clear).  Fails only when the database cannot be read.
 */
gboolean     wf_gallery_search           (WfGallery * gallery,
                                          const gfloat * descriptor,
                                          gdouble threshold,
                                          gdouble margin,
                                          WfMatch * match,
                                          GError ** error);

/* Distance from @descriptor to employee @id (the mean of the distances to
 * its two nearest descriptors, the one distance with one; as
 * wf_gallery_search); G_MAXDOUBLE when @id is not enrolled (any more) or
 * has no consent. */
gboolean     wf_gallery_employee_distance (WfGallery * gallery,
                                          const gfloat * descriptor,
                                          const gchar * id,
                                          gdouble * distance,
                                          GError ** error);

/* Emits WfGallery::employee-changed for @id: every call above that writes
 * does, after its commit; so do the gallery's other files. */
void         wf_gallery_emit_changed     (WfGallery * gallery,
                                          const gchar * id);

void         wf_match_clear              (WfMatch * match);
void         wf_employee_clear           (WfEmployee * employee);

G_END_DECLS
