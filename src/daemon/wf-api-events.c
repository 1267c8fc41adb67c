/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Events: the journal, and live events as server-sent events. */
#include "config.h"
#include "wf-api-private.h"

#include <string.h>


typedef struct
{
  WfApi *api;
  SoupServerMessage *msg;
  gchar **types;                /* filter, NULL = all */
  gchar *camera;                /* filter, NULL = all */
  guint queued;
} SseClient;

/* ---- journal ---- */

void
wf_api_handle_journal (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  const gchar *after = wf_api_query (query, "after");
  const gchar *limit = wf_api_query (query, "limit");
  guint64 a = 0, l = 100;
  g_autoptr (GError) err = NULL;
  g_autoptr (JsonObject) o = NULL;
  JsonArray *rows;

  if (!g_str_equal (path, API "/journal")) {
    wf_api_not_found (msg);
    return;
  }
  if (!wf_api_accept (self, msg, "GET"))
    return;
  if (after && !g_ascii_string_to_unsigned (after, 10, 0, G_MAXINT64, &a,
          NULL)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "after",
        "after must be an event id (a non-negative integer)");
    return;
  }
  if (limit && !g_ascii_string_to_unsigned (limit, 10, 1, MAX_LIST_LIMIT, &l,
          NULL)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "limit",
        "limit must be an integer from 1 to %d", MAX_LIST_LIMIT);
    return;
  }
  rows = wf_store_query_events (wf_monitor_get_store (self->monitor), a, l,
      &err);
  if (!rows) {
    wf_api_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "%s",
        err->message);
    return;
  }
  o = json_object_new ();
  json_object_set_array_member (o, "events", rows);
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

void
wf_api_events_on_event (WfMonitor * monitor, guint64 id, const gchar * type,
    const gchar * json, WfApi * self)
{
  g_autofree gchar *frame = NULL;
  GList *l, *next;

  if (!self->clients)
    return;
  frame = id ? g_strdup_printf ("id: %" G_GUINT64_FORMAT "\nevent: %s\n"
      "data: %s\n\n", id, type, json) :
      g_strdup_printf ("event: %s\ndata: %s\n\n", type, json);
  for (l = self->clients; l; l = next) {
    SseClient *c = l->data;
    next = l->next;
    if (c->types && !g_strv_contains ((const gchar * const *) c->types, type))
      continue;
    if (c->camera) {
      g_autofree gchar *needle = g_strdup_printf ("\"camera\":\"%s\"",
          c->camera);
      if (!strstr (json, needle))
        continue;
    }
    if (c->queued > SSE_MAX_QUEUED) {
      /* A stalled reader: end its stream rather than buffer forever. */
      g_info ("dropping a live event client that stopped reading");
      sse_close (c);
      continue;
    }
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
  SseClient *c;

  if (!g_str_equal (path, API "/events")) {
    wf_api_not_found (msg);
    return;
  }
  if (!wf_api_accept (self, msg, "GET"))
    return;
  if (camera && !wf_camera_id_is_valid (camera)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "camera",
        "camera must be a camera id");
    return;
  }
  c = g_new0 (SseClient, 1);
  c->api = self;
  c->msg = g_object_ref (msg);
  c->types = types && *types ? g_strsplit (types, ",", -1) : NULL;
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
