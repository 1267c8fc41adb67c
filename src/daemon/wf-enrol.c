/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-enrol.h"

#include <string.h>

#include "wf-detector.h"
#include "wf-face-find.h"
#include "wf-image-file.h"
#include "wf-recognizer.h"

G_DEFINE_QUARK (wf-enrol-error-quark, wf_enrol_error);

/* The name photos get in the core's messages, cut off again here: the API
 * names the photo itself ("photo 2 (badge.jpg): ..."). */
#define PHOTO_NAME "photo"

const gchar *
wf_enrol_sniff (const guint8 * data, gsize len)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return "image/jpeg";
  if (len >= sizeof (png) && memcmp (data, png, sizeof (png)) == 0)
    return "image/png";
  return NULL;
}

gboolean
wf_enrol_available (void)
{
#if WF_HAVE_ENROL
  return wf_detector_backend_available (WF_DETECTOR_HOG)
      && wf_recognizer_available ();
#else
  return FALSE;
#endif
}

/* @err as a WF_ENROL_ERROR of @code, without the core's "photo: " prefix. */
static void
set_enrol_error (GError ** error, gint code, GError * err)
{
  const gchar *m = err->message;

  if (g_str_has_prefix (m, PHOTO_NAME ": "))
    m += strlen (PHOTO_NAME ": ");
  g_set_error_literal (error, WF_ENROL_ERROR, code, m);
  g_error_free (err);
}

gboolean
wf_enrol_check (const guint8 * data, gsize len, GError ** error)
{
  GError *err = NULL;

  if (!wf_image_file_probe (data, len, PHOTO_NAME, WF_ENROL_MAX_PIXELS, NULL,
          NULL, NULL, &err)) {
    set_enrol_error (error, g_error_matches (err, G_IO_ERROR,
            G_IO_ERROR_MESSAGE_TOO_LARGE) ? WF_ENROL_ERROR_TOO_LARGE :
        WF_ENROL_ERROR_NOT_IMAGE, err);
    return FALSE;
  }
  return TRUE;
}

struct _WfEnrolSession
{
  WfDetector *detector;
  WfRecognizer *recognizer;
  WfDetectParams params;
};

WfEnrolSession *
wf_enrol_session_new (GError ** error)
{
  g_autoptr (WfEnrolSession) s = NULL;

  if (!wf_enrol_available ()) {
    g_set_error (error, WF_ENROL_ERROR, WF_ENROL_ERROR_UNAVAILABLE,
        "enrolment needs face detection and recognition (dlib), which this "
        "build does not have");
    return NULL;
  }
  s = g_new0 (WfEnrolSession, 1);
  s->detector = wf_detector_new (WF_DETECTOR_HOG, NULL, error);
  if (!s->detector)
    return NULL;
  s->recognizer = wf_recognizer_new (NULL, NULL, error);
  if (!s->recognizer)
    return NULL;
  /* workforce-admin enroll's defaults (--upsample 1) */
  wf_face_find_params_init (&s->params, 1);
  return g_steal_pointer (&s);
}

void
wf_enrol_session_free (WfEnrolSession * s)
{
  if (!s)
    return;
  g_clear_pointer (&s->detector, wf_detector_free);
  g_clear_pointer (&s->recognizer, wf_recognizer_free);
  g_free (s);
}

static gboolean
describe (WfEnrolSession * s, const guint8 * data, gsize len,
    WfEnrolFlags flags, gfloat * descriptor, WfRect * box, GError ** error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (WfImageFile) img = NULL;
  GError *err = NULL;

  g_return_val_if_fail (s != NULL, FALSE);

  if (!wf_enrol_check (data, len, error))
    return FALSE;
  bytes = g_bytes_new_static (data, len);
  img = wf_image_file_decode (bytes, PHOTO_NAME, WF_ENROL_MAX_PIXELS, &err);
  if (img == NULL) {
    set_enrol_error (error, g_error_matches (err, G_IO_ERROR,
            G_IO_ERROR_MESSAGE_TOO_LARGE) ? WF_ENROL_ERROR_TOO_LARGE :
        WF_ENROL_ERROR_NOT_IMAGE, err);
    return FALSE;
  }
  /* the image file must not outlive @data */
  g_clear_pointer (&img->file, g_bytes_unref);
  if (!wf_face_find_describe (s->detector, s->recognizer, &s->params, img,
          PHOTO_NAME, !(flags & WF_ENROL_ALONE), descriptor, box, &err)) {
    set_enrol_error (error, g_error_matches (err, WF_FACE_FIND_ERROR,
            WF_FACE_FIND_ERROR_NO_FACE) ? WF_ENROL_ERROR_NO_FACE :
        g_error_matches (err, WF_FACE_FIND_ERROR,
            WF_FACE_FIND_ERROR_SEVERAL) ? WF_ENROL_ERROR_SEVERAL :
        WF_ENROL_ERROR_FAILED, err);
    return FALSE;
  }
  return TRUE;
}

gboolean
wf_enrol_describe (WfEnrolSession * s, const guint8 * data, gsize len,
    gfloat * descriptor, WfRect * box, GError ** error)
{
  return describe (s, data, len, WF_ENROL_LARGEST, descriptor, box, error);
}

/* ---- the worker ---- */

typedef struct
{
  GPtrArray *photos;            /* GBytes */
  WfEnrolFlags flags;
  guint failed;
} Job;

static void
job_free (Job * job)
{
  g_ptr_array_unref (job->photos);
  g_free (job);
}

/* Requests accepted and not yet answered: protected by atomic access. */
static gint n_requests;

static void
work (gpointer data, gpointer user_data)
{
  GTask *task = data;
  Job *job = g_task_get_task_data (task);
  g_autoptr (WfEnrolSession) session = NULL;
  g_autoptr (GArray) faces = NULL;
  GError *err = NULL;

  (void) user_data;
  if (g_task_return_error_if_cancelled (task))
    goto out;
  session = wf_enrol_session_new (&err);
  if (session == NULL) {
    if (err->domain != WF_ENROL_ERROR) {
      GError *e = g_error_new_literal (WF_ENROL_ERROR,
          WF_ENROL_ERROR_FAILED, err->message);
      g_error_free (err);
      err = e;
    }
    g_task_return_error (task, err);
    goto out;
  }
  faces = g_array_sized_new (FALSE, TRUE, sizeof (WfEnrolFace),
      job->photos->len);
  g_array_set_size (faces, job->photos->len);
  for (guint i = 0; i < job->photos->len; i++) {
    WfEnrolFace *f = &g_array_index (faces, WfEnrolFace, i);
    gsize n;
    const guint8 *d = g_bytes_get_data (g_ptr_array_index (job->photos, i),
        &n);

    if (g_task_return_error_if_cancelled (task))
      goto out;
    if (!describe (session, d, n, job->flags, f->descriptor, &f->box, &err)) {
      job->failed = i;
      g_task_return_error (task, err);
      goto out;
    }
  }
  g_task_return_pointer (task, g_steal_pointer (&faces),
      (GDestroyNotify) g_array_unref);

out:
  g_atomic_int_dec_and_test (&n_requests);
  g_object_unref (task);
}

/* One thread: one photo decoded at a time bounds the memory enrolment
 * takes, and the main loop never waits for it. */
static GThreadPool *
worker (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool)) {
    GThreadPool *p = g_thread_pool_new (work, NULL, 1, FALSE, NULL);
    g_once_init_leave (&pool, p);
  }
  return pool;
}

void
wf_enrol_describe_async (GPtrArray * photos, WfEnrolFlags flags,
    GCancellable * cancellable, GAsyncReadyCallback callback,
    gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);
  GError *err = NULL;

  g_task_set_source_tag (task, wf_enrol_describe_async);
  job->photos = g_ptr_array_ref (photos);
  job->flags = flags;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  for (guint i = 0; i < photos->len; i++) {
    gsize n;
    const guint8 *d = g_bytes_get_data (g_ptr_array_index (photos, i), &n);
    if (!wf_enrol_check (d, n, &err)) {
      job->failed = i;
      g_task_return_error (task, err);
      g_object_unref (task);
      return;
    }
  }
  if (g_atomic_int_add (&n_requests, 1) >= WF_ENROL_MAX_REQUESTS) {
    g_atomic_int_dec_and_test (&n_requests);
    g_task_return_new_error (task, WF_ENROL_ERROR, WF_ENROL_ERROR_BUSY,
        "%d enrolments are already being processed; try again shortly",
        WF_ENROL_MAX_REQUESTS);
    g_object_unref (task);
    return;
  }
  g_thread_pool_push (worker (), task, NULL);
}

GArray *
wf_enrol_describe_finish (GAsyncResult * result, guint * failed,
    GError ** error)
{
  GTask *task = G_TASK (result);
  GArray *faces;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  faces = g_task_propagate_pointer (task, error);
  if (faces == NULL && failed)
    *failed = ((Job *) g_task_get_task_data (task))->failed;
  return faces;
}
