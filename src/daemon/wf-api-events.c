/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Events: the journal, and live events as server-sent events. */
#include "config.h"
#include "wf-api-private.h"
#include "wf-json.h"
#include "wf-store-json.h"
#include "wf-meta.h"

#include <string.h>


typedef struct
{
  WfApi *api;
  SoupServerMessage *msg;
  gchar **types;                /* filter, NULL = all */
  gchar *camera;                /* filter, NULL = all */
  guint queued;
  guint64 last_id;              /* highest journalled id sent */
} SseClient;

/* A journalled event waiting for its commit before it is sent. */
typedef struct
{
  guint64 id;
  gchar *type;
  gchar *camera;
  gchar *json;
  gint64 since_us;
} Held;

/* The journal's events are sent once committed: this often the store is
 * asked how far it has committed (it commits every WF_STORE_FLUSH_MS). */
#define RELEASE_MS 50
/* An event not committed after this long is not coming (its batch
 * failed): it is dropped. */
#define HOLD_MAX_S 10
#define HOLD_MAX 10000
/* A reconnecting client is sent at most this many missed events; then an
 * event "replay-truncated" tells it to read the rest from the journal. */
#define REPLAY_MAX 10000
#define REPLAY_PAGE 1000

static const gchar *const event_types[] = {
  "detection", "identity", "occupancy", WF_EVENT_ZONE_ENTER,
  WF_EVENT_ZONE_EXIT, WF_EVENT_LINE_CROSS, WF_EVENT_OVER_CAPACITY,
  WF_EVENT_CAPACITY_NORMAL, "camera-state", "camera-added",
  "camera-removed", "employee-enrolled", "employee-deleted", NULL
};

/* ---- journal ---- */

void
wf_api_handle_journal (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  guint64 a, l;
  g_autoptr (GError) err = NULL;
  g_autoptr (JsonObject) o = NULL;
  g_autoptr (GArray) rows = NULL;

  if (!g_str_equal (path, API "/journal")) {
    wf_api_not_found (msg);
    return;
  }
  if (!wf_api_accept (self, msg, "GET"))
    return;
  if (!wf_api_query_page (msg, query, "an event id", &a, &l))
    return;
  rows = wf_store_query_events (wf_monitor_get_store (self->monitor), a, l,
      &err);
  if (!rows) {
    wf_api_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "%s",
        err->message);
    return;
  }
  o = json_object_new ();
  json_object_set_array_member (o, "events", wf_events_to_json (rows));
  wf_api_send_object (msg, SOUP_STATUS_OK, o);
}

/* ---- live events (SSE) ---- */

static void
sse_client_free (SseClient * c)
{
  g_strfreev (c->types);
  g_free (c->camera);
  g_object_unref (c->msg);
  g_free (c);
}

static void
sse_finished (SoupServerMessage * msg, SseClient * c)
{
  c->api->clients = g_list_remove (c->api->clients, c);
  g_signal_handlers_disconnect_by_data (msg, c);
  sse_client_free (c);
}

static void
sse_wrote_chunk (SoupServerMessage * msg, SseClient * c)
{
  if (c->queued > 0)
    c->queued--;
}

static void
sse_send (SseClient * c, const gchar * text)
{
  SoupMessageBody *body = soup_server_message_get_response_body (c->msg);

  soup_message_body_append (body, SOUP_MEMORY_COPY, text, strlen (text));
  c->queued++;
  soup_server_message_unpause (c->msg);
}

static void
sse_close (SseClient * c)
{
  soup_message_body_complete (soup_server_message_get_response_body
      (c->msg));
  soup_server_message_unpause (c->msg);
}

static gboolean
client_wants (SseClient * c, const gchar * type, const gchar * camera)
{
  if (c->types && !g_strv_contains ((const gchar * const *) c->types, type))
    return FALSE;
  return !c->camera || g_strcmp0 (c->camera, camera) == 0;
}

static gchar *
frame_text (guint64 id, const gchar * type, const gchar * json)
{
  return id ? g_strdup_printf ("id: %" G_GUINT64_FORMAT "\nevent: %s\n"
      "data: %s\n\n", id, type, json) :
      g_strdup_printf ("event: %s\ndata: %s\n\n", type, json);
}

/* Sends to @c when it wants it; FALSE when @c was dropped. */
static gboolean
client_send_event (SseClient * c, guint64 id, const gchar * type,
    const gchar * camera, const gchar * frame)
{
  if (id && id <= c->last_id)
    return TRUE;                /* replayed already */
  if (id)
    c->last_id = id;
  if (!client_wants (c, type, camera))
    return TRUE;
  if (c->queued > SSE_MAX_QUEUED) {
    /* A stalled reader: end its stream rather than buffer forever. */
    g_info ("dropping a live event client that stopped reading");
    sse_close (c);
    return FALSE;
  }
  sse_send (c, frame);
  return TRUE;
}

static void
deliver (WfApi * self, guint64 id, const gchar * type, const gchar * camera,
    const gchar * json)
{
  g_autofree gchar *frame = frame_text (id, type, json);
  GList *l, *next;

  for (l = self->clients; l; l = next) {
    next = l->next;
    client_send_event (l->data, id, type, camera, frame);
  }
}

static void
held_free (Held * h)
{
  g_free (h->type);
  g_free (h->camera);
  g_free (h->json);
  g_free (h);
}

static gboolean
release_committed (gpointer data)
{
  WfApi *self = data;
  WfStoreStats ss;
  gint64 now = g_get_monotonic_time ();
  Held *h;

  wf_store_get_stats (wf_monitor_get_store (self->monitor), &ss);
  while ((h = g_queue_peek_head (&self->held))) {
    if (h->id <= ss.committed_event_id) {
      deliver (self, h->id, h->type, h->camera, h->json);
    } else if (now - h->since_us > HOLD_MAX_S * G_USEC_PER_SEC ||
        g_queue_get_length (&self->held) > HOLD_MAX) {
      g_info ("live event %" G_GUINT64_FORMAT " was not committed: not sent",
          h->id);
    } else {
      break;
    }
    held_free (g_queue_pop_head (&self->held));
  }
  if (g_queue_is_empty (&self->held)) {
    self->release_id = 0;
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

void
wf_api_events_on_event (WfMonitor * monitor, guint64 id, const gchar * type,
    const gchar * camera, const gchar * json, JsonObject * event, WfApi * self)
{
  Held *h;

  if (!self->clients)
    return;
  if (!id) {
    /* live only, never journalled: nothing to wait for */
    deliver (self, 0, type, camera, json);
    return;
  }
  /* An id is sent once its event is in the database, so that no client
   * holds an id that a crash would take back. */
  h = g_new0 (Held, 1);
  h->id = id;
  h->type = g_strdup (type);
  h->camera = g_strdup (camera);
  h->json = g_strdup (json);
  h->since_us = g_get_monotonic_time ();
  g_queue_push_tail (&self->held, h);
  if (!self->release_id)
    self->release_id = g_timeout_add (RELEASE_MS, release_committed, self);
}

/* Sends @c the journal's events after @after (a reconnecting browser's
 * Last-Event-ID). */
static void
replay (WfApi * self, SseClient * c, guint64 after)
{
  WfStore *store = wf_monitor_get_store (self->monitor);
  guint sent = 0;

  c->last_id = after;
  while (sent < REPLAY_MAX) {
    g_autoptr (GError) err = NULL;
    g_autoptr (GArray) rows = wf_store_query_events (store, c->last_id,
        REPLAY_PAGE, &err);
    GString *page;
    guint n;

    if (!rows) {
      g_warning ("live events: cannot replay the journal: %s", err->message);
      return;
    }
    n = rows->len;
    /* one chunk per page: the queue of a client counts chunks */
    page = g_string_new (NULL);
    for (guint i = 0; i < n; i++) {
      const WfEventRecord *r = &g_array_index (rows, WfEventRecord, i);
      guint64 id = r->id;
      const gchar *type = r->type;

      c->last_id = MAX (c->last_id, id);
      if (client_wants (c, type, r->camera)) {
        g_autoptr (JsonObject) o = wf_event_to_json (r);
        g_autofree gchar *json = wf_json_object_to_string (o);
        g_autofree gchar *frame = frame_text (id, type, json);
        g_string_append (page, frame);
      }
    }
    if (page->len)
      sse_send (c, page->str);
    g_string_free (page, TRUE);
    sent += n;
    if (n < REPLAY_PAGE)
      return;
  }
  {
    g_autofree gchar *frame = g_strdup_printf ("event: replay-truncated\n"
        "data: {\"after\":%" G_GUINT64_FORMAT "}\n\n", c->last_id);
    sse_send (c, frame);
  }
}

gboolean
wf_api_events_keepalive (gpointer data)
{
  WfApi *self = data;

  for (GList * l = self->clients; l; l = l->next)
    sse_send (l->data, ": keepalive\n\n");
  return G_SOURCE_CONTINUE;
}

void
wf_api_handle_events (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  SoupMessageHeaders *rh;
  SoupMessageBody *body;
  const gchar *types = wf_api_query (query, "types");
  const gchar *camera = wf_api_query (query, "camera");
  const gchar *last = soup_message_headers_get_one
      (soup_server_message_get_request_headers (msg), "Last-Event-ID");
  g_auto (GStrv) split = NULL;
  guint64 last_id = 0;
  SseClient *c;

  if (!g_str_equal (path, API "/events")) {
    wf_api_not_found (msg);
    return;
  }
  if (!wf_api_accept (self, msg, "GET"))
    return;
  if (camera && (!wf_camera_id_is_valid (camera) ||
          !wf_monitor_find_camera (self->monitor, camera))) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "camera",
        "camera must be the id of a camera");
    return;
  }
  split = types && *types ? g_strsplit (types, ",", -1) : NULL;
  for (guint i = 0; split && split[i]; i++) {
    if (!g_strv_contains (event_types, split[i])) {
      g_autofree gchar *known = g_strjoinv (", ", (gchar **) event_types);
      wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
          "types", "unknown event type '%s' (known: %s)", split[i], known);
      return;
    }
  }
  if (last && !g_ascii_string_to_unsigned (last, 10, 0, G_MAXINT64,
          &last_id, NULL)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
        "Last-Event-ID", "Last-Event-ID must be an event id");
    return;
  }
  c = g_new0 (SseClient, 1);
  c->api = self;
  c->msg = g_object_ref (msg);
  c->types = g_steal_pointer (&split);
  c->camera = g_strdup (camera);
  self->clients = g_list_prepend (self->clients, c);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  rh = soup_server_message_get_response_headers (msg);
  soup_message_headers_set_content_type (rh, "text/event-stream", NULL);
  soup_message_headers_replace (rh, "Cache-Control", "no-cache");
  soup_message_headers_set_encoding (rh, SOUP_ENCODING_CHUNKED);
  body = soup_server_message_get_response_body (msg);
  /* Written chunks are dropped at once: a long stream must not grow. */
  soup_message_body_set_accumulate (body, FALSE);
  g_signal_connect (msg, "finished", G_CALLBACK (sse_finished), c);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (sse_wrote_chunk), c);
  g_signal_connect (msg, "disconnected", G_CALLBACK (sse_finished), c);
  sse_send (c, ": workforce-monitor live events\n\n");
  if (last)
    replay (self, c, last_id);
}

void
wf_api_events_close_all (WfApi * self)
{
  GList *clients = g_list_copy (self->clients);

  for (GList * l = clients; l; l = l->next)
    sse_close (l->data);
  g_list_free (clients);
}

void
wf_api_events_drop_all (WfApi * self)
{
  g_clear_handle_id (&self->release_id, g_source_remove);
  g_queue_clear_full (&self->held, (GDestroyNotify) held_free);
  while (self->clients) {
    SseClient *c = self->clients->data;
    sse_finished (c->msg, c);
  }
}

guint64
wf_api_events_queued (WfApi * self)
{
  guint64 n = 0;

  for (GList * l = self->clients; l; l = l->next)
    n += ((SseClient *) l->data)->queued;
  return n;
}
