/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* GET /api/v1/cameras/{id}/snapshot.jpg: the latest analysed frame, encoded
 * in a worker thread only when asked for (wf-snapshot.c); 503 when the camera
 * is not running. */
#include "config.h"
#include "wf-api-private.h"
#include "wf-privacy-config.h"
#include "wf-snapshot.h"

/* Encodes in flight at once, over all cameras (main context only): a page
 * that polls too fast gets 503 rather than a queue. */
#define MAX_ENCODES 4
#define SNAPSHOT_QUALITY 80

static guint encodes;

typedef struct
{
  SoupServerMessage *msg;
  GstSample *sample;
  guint max_width;
  WfSnapshotRedaction redaction;        /* [privacy] */
} Job;

static void
job_free (Job * job)
{
  g_object_unref (job->msg);
  gst_sample_unref (job->sample);
  g_free (job);
}

static void
encode_thread (GTask * task, gpointer source, gpointer data,
    GCancellable * cancellable)
{
  Job *job = data;
  GError *err = NULL;
  WfSnapshot *snap = wf_snapshot_new_from_sample (job->sample, job->max_width,
      SNAPSHOT_QUALITY, &job->redaction, &err);

  if (snap)
    g_task_return_pointer (task, snap, (GDestroyNotify) wf_snapshot_free);
  else
    g_task_return_error (task, err);
}

static void
append_json_string (GString * out, const gchar * key, const gchar * value)
{
  g_autoptr (JsonNode) n = json_node_new (JSON_NODE_VALUE);
  g_autofree gchar *quoted = NULL;

  json_node_set_string (n, value);
  quoted = json_to_string (n, FALSE);
  g_string_append_printf (out, ",\"%s\":%s", key, quoted);
}

/* The objects as compact JSON for the X-WF-Objects header, boxes to 1/1000
 * of the frame (json-glib would print 17 digits each). */
static gchar *
objects_json (const WfSnapshot * snap)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < snap->objects->len; i++) {
    const WfSnapshotObject *o = &g_array_index (snap->objects,
        WfSnapshotObject, i);
    gchar x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE],
        w[G_ASCII_DTOSTR_BUF_SIZE], h[G_ASCII_DTOSTR_BUF_SIZE];

    g_string_append (out, i ? ",{" : "{");
    g_string_append_printf (out, "\"x\":%s,\"y\":%s,\"w\":%s,\"h\":%s",
        g_ascii_formatd (x, sizeof x, "%.3f", o->x),
        g_ascii_formatd (y, sizeof y, "%.3f", o->y),
        g_ascii_formatd (w, sizeof w, "%.3f", o->w),
        g_ascii_formatd (h, sizeof h, "%.3f", o->h));
    append_json_string (out, "type", o->type);
    if (o->has_track)
      g_string_append_printf (out, ",\"track\":%" G_GUINT64_FORMAT,
          o->track_id);
    if (o->matched) {
      g_string_append_printf (out, ",\"known\":%s",
          o->employee_id ? "true" : "false");
      if (o->employee_id)
        append_json_string (out, "employee_id", o->employee_id);
      if (o->name)
        append_json_string (out, "name", o->name);
    }
    g_string_append_c (out, '}');
  }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

static void
encode_done (GObject * source, GAsyncResult * res, gpointer data)
{
  Job *job = g_task_get_task_data (G_TASK (res));
  SoupServerMessage *msg = job->msg;
  g_autoptr (GError) err = NULL;
  g_autoptr (WfSnapshot) snap = g_task_propagate_pointer (G_TASK (res), &err);

  encodes--;
  if (!snap) {
    wf_api_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "%s",
        err->message);
  } else {
    SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
    g_autofree gchar *objects = objects_json (snap);
    g_autofree gchar *size = g_strdup_printf ("%ux%u", snap->width,
        snap->height);

    soup_message_headers_replace (h, "Cache-Control", "no-store");
    soup_message_headers_replace (h, "X-WF-Frame-Size", size);
    soup_message_headers_replace (h, "X-WF-Objects", objects);
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_server_message_set_response (msg, "image/jpeg", SOUP_MEMORY_COPY,
        g_bytes_get_data (snap->jpeg, NULL), g_bytes_get_size (snap->jpeg));
  }
  soup_server_message_unpause (msg);
}

/* A camera that runs but has no sample has just flushed (a looping file's
 * seek back to the start): the next frame is a few hundred milliseconds
 * away, so wait for it, bounded, rather than call the camera down. */
#define WAIT_STEP_MS 50
#define WAIT_STEPS 30

typedef struct
{
  SoupServerMessage *msg;
  WfCamera *cam;
  guint max_width;
  WfSnapshotRedaction redaction;
  guint steps;
} Wait;

static void
answer_down (SoupServerMessage * msg, WfCamera * cam)
{
  /* a camera that is down shows as down, never as a frozen picture */
  wf_api_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
      "camera '%s' is %s: no live frame", wf_camera_get_id (cam),
      wf_camera_state_to_string (wf_camera_get_state (cam)));
}

/* Takes @sample; @msg is paused, and counted in encodes. */
static void
start_encode (SoupServerMessage * msg, GstSample * sample, guint max_width,
    const WfSnapshotRedaction * redaction)
{
  Job *job = g_new0 (Job, 1);
  GTask *task;

  job->msg = g_object_ref (msg);
  job->sample = sample;
  job->max_width = max_width;
  job->redaction = *redaction;
  task = g_task_new (NULL, NULL, encode_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, encode_thread);
  g_object_unref (task);
}

static gboolean
wait_step (gpointer data)
{
  Wait *w = data;
  GstSample *sample = wf_camera_dup_last_sample (w->cam);

  if (!sample && wf_camera_get_state (w->cam) == WF_CAMERA_RUNNING &&
      ++w->steps < WAIT_STEPS)
    return G_SOURCE_CONTINUE;
  if (sample) {
    start_encode (w->msg, sample, w->max_width, &w->redaction);
  } else {
    encodes--;
    answer_down (w->msg, w->cam);
    soup_server_message_unpause (w->msg);
  }
  return G_SOURCE_REMOVE;
}

static void
wait_free (gpointer data)
{
  Wait *w = data;

  g_object_unref (w->msg);
  g_object_unref (w->cam);
  g_free (w);
}

void
wf_api_camera_snapshot (WfApi * self, SoupServerMessage * msg,
    WfCamera * cam, GHashTable * query)
{
  const gchar *width = wf_api_query (query, "width");
  guint64 max_width = WF_SNAPSHOT_MAX_WIDTH;
  WfPrivacyConfig *p = wf_config_get_privacy (wf_monitor_get_config
      (self->monitor));
  WfSnapshotRedaction redaction = { 0 };
  GstSample *sample;

  if (width && (!g_ascii_string_to_unsigned (width, 10, 16,
              WF_SNAPSHOT_MAX_WIDTH, &max_width, NULL))) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "width",
        "width must be an integer from 16 to %d", WF_SNAPSHOT_MAX_WIDTH);
    return;
  }
  sample = wf_camera_dup_last_sample (cam);
  if (!sample && wf_camera_get_state (cam) != WF_CAMERA_RUNNING) {
    answer_down (msg, cam);
    return;
  }
  if (encodes >= MAX_ENCODES) {
    g_clear_pointer (&sample, gst_sample_unref);
    soup_message_headers_replace (soup_server_message_get_response_headers
        (msg), "Retry-After", "1");
    wf_api_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
        "too many snapshots at once");
    return;
  }
  redaction.policy = p->snapshot_policy;
  redaction.method = p->snapshot_method;
  /* a wait holds a place among the encodes: the bound covers both */
  encodes++;
  soup_server_message_pause (msg);
  if (sample) {
    start_encode (msg, sample, (guint) max_width, &redaction);
  } else {
    Wait *w = g_new0 (Wait, 1);

    w->msg = g_object_ref (msg);
    w->cam = g_object_ref (cam);
    w->max_width = (guint) max_width;
    w->redaction = redaction;
    g_timeout_add_full (G_PRIORITY_DEFAULT, WAIT_STEP_MS, wait_step, w,
        wait_free);
  }
}
