/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The server: routing, responses, request checks (method, token, size). */
#include "config.h"
#include "wf-api-private.h"
#include "wf-api-conn.h"
#include "wf-json.h"

#include <stdlib.h>
#include <string.h>

G_DEFINE_TYPE (WfApi, wf_api, G_TYPE_OBJECT);

/* ---- responses ---- */

static void
send_json_node (SoupServerMessage * msg, guint status, JsonNode * node)
{
  gsize len = 0;
  gchar *text = json_to_string (node, TRUE);

  len = strlen (text);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
      text, len);
}

void
wf_api_send_object (SoupServerMessage * msg, guint status, JsonObject * o)
{
  g_autoptr (JsonNode) n = json_node_init_object (json_node_alloc (), o);

  send_json_node (msg, status, n);
}

void
wf_api_error_field (SoupServerMessage * msg, guint status, const gchar * code,
    const gchar * field, const gchar * fmt, ...)
{
  g_autoptr (JsonObject) o = json_object_new ();
  g_autofree gchar *text = NULL;
  va_list ap;

  va_start (ap, fmt);
  text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  json_object_set_string_member (o, "error", code);
  json_object_set_string_member (o, "message", text);
  if (field)
    json_object_set_string_member (o, "field", field);
  wf_api_send_object (msg, status, o);
}

void
wf_api_not_found (SoupServerMessage * msg)
{
  wf_api_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "no such resource: %s",
      g_uri_get_path (soup_server_message_get_uri (msg)));
}

/* ---- request checks: route, then method, then auth ---- */

static gboolean
is_mutating (const gchar * method)
{
  return !g_str_equal (method, "GET") && !g_str_equal (method, "HEAD");
}

/* Why @msg may not go on, from its headers alone; NULL when it may.
 * *@challenge tells whether the answer carries WWW-Authenticate. */
const gchar *
wf_api_token_name (WfApi * self, SoupServerMessage * msg)
{
  const gchar *auth = soup_message_headers_get_one
      (soup_server_message_get_request_headers (msg), "Authorization");

  if (!auth || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    return NULL;
  return wf_config_match_token (wf_monitor_get_config (self->monitor),
      auth + 7);
}

gboolean
wf_api_has_token (WfApi * self, SoupServerMessage * msg)
{
  return wf_api_token_name (self, msg) != NULL;
}

static const gchar *
auth_refusal (WfApi * self, SoupServerMessage * msg, gboolean * challenge)
{
  const gchar *method = soup_server_message_get_method (msg);
  gboolean have_token = wf_config_has_token (wf_monitor_get_config
      (self->monitor));
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  const gchar *auth;

  *challenge = FALSE;
  if (!is_mutating (method) && !self->auth_all)
    return NULL;
  /* Only when asked for ([server] public-health): some liveness probes
   * (Render's, plain HTTP checks) cannot send a token; the health summary
   * holds no personal data. */
  if (!is_mutating (method) && wf_config_get_public_health
      (wf_monitor_get_config (self->monitor)) && g_str_equal (g_uri_get_path
          (soup_server_message_get_uri (msg)), API "/health"))
    return NULL;
  if (!have_token)
    return "no token is configured, so changes are refused: set token or "
        "token-file in the [server] group of the configuration, or name "
        "tokens in [tokens]";
  auth = soup_message_headers_get_one (h, "Authorization");
  if (!wf_api_has_token (self, msg)) {
    *challenge = TRUE;
    return auth ? "wrong bearer token" : "this request needs "
        "'Authorization: Bearer TOKEN'";
  }
  return NULL;
}

#define BEARER_CHALLENGE "Bearer realm=\"workforce-monitor\""

static gboolean
check_auth (WfApi * self, SoupServerMessage * msg)
{
  gboolean challenge;
  const gchar *why = auth_refusal (self, msg, &challenge);

  if (!why)
    return TRUE;
  if (challenge)
    soup_message_headers_replace (soup_server_message_get_response_headers
        (msg), "WWW-Authenticate", BEARER_CHALLENGE);
  wf_api_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "%s", why);
  return FALSE;
}

/* A query parameter holding "%00" is refused, naming it
 * (wf_api_query_has_nul). */
static gboolean
check_query (SoupServerMessage * msg)
{
  g_autofree gchar *name = NULL;

  if (!wf_api_query_has_nul (g_uri_get_query (soup_server_message_get_uri
              (msg)), &name))
    return TRUE;
  if (name)
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", name,
        "%s must not contain a NUL character (%%00)", name);
  else
    wf_api_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
        "a query parameter must not contain a NUL character (%%00)");
  return FALSE;
}

/* Checks the method against @allowed ("GET,POST"), then authorisation and
 * the body size.  Responds and returns FALSE when the request stops here. */
gboolean
wf_api_accept (WfApi * self, SoupServerMessage * msg, const gchar * allowed)
{
  const gchar *method = soup_server_message_get_method (msg);
  g_auto (GStrv) list = g_strsplit (allowed, ",", -1);
  SoupMessageBody *body;

  self->requests++;
  if (!g_strv_contains ((const gchar * const *) list, method) &&
      !(g_str_equal (method, "HEAD") &&
          g_strv_contains ((const gchar * const *) list, "GET"))) {
    soup_message_headers_replace (soup_server_message_get_response_headers
        (msg), "Allow", allowed);
    wf_api_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed",
        "%s is not allowed here (allowed: %s)", method, allowed);
    return FALSE;
  }
  if (!check_auth (self, msg))
    return FALSE;
  if (!check_query (msg))
    return FALSE;
  body = soup_server_message_get_request_body (msg);
  if (body && (gsize) body->length > wf_config_get_max_body_bytes
      (wf_monitor_get_config (self->monitor))) {
    wf_api_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
        "payload-too-large", "the body is larger than %" G_GSIZE_FORMAT
        " bytes", wf_config_get_max_body_bytes (wf_monitor_get_config
            (self->monitor)));
    return FALSE;
  }
  return TRUE;
}

/* libsoup 3.2 (Debian 12) never frees a kept-alive connection that the
 * client closes while it is idle: its socket, file descriptor and about
 * 1.9 KB stay for the life of the process (fixed upstream in 3.3.0, commit
 * d20c6601).  Every client that opens a connection per request (curl,
 * Python's http.client, most probes) would leak one per request: close
 * each connection after its response instead. */
static void
on_request_started (SoupServer * server, SoupServerMessage * msg,
    gpointer data)
{
  soup_message_headers_replace (soup_server_message_get_response_headers
      (msg), "Connection", "close");
}

/* {"error": @code, "message": @message} as text. */
static gchar *
error_text (const gchar * code, const gchar * message)
{
  g_autoptr (JsonObject) o = json_object_new ();
  g_autoptr (JsonNode) n = NULL;

  json_object_set_string_member (o, "error", code);
  json_object_set_string_member (o, "message", message);
  n = json_node_init_object (json_node_alloc (), o);
  return json_to_string (n, TRUE);
}

static void
refuse (WfApi * self, SoupServerMessage * msg, guint status,
    const gchar * code, const gchar * extra_headers, const gchar * message)
{
  g_autofree gchar *body = error_text (code, message);

  wf_api_conns_refuse (self->conns, msg, status, extra_headers, body);
}

static void
refuse_too_large (WfApi * self, SoupServerMessage * msg)
{
  g_autofree gchar *text = g_strdup_printf ("the body is larger than %"
      G_GSIZE_FORMAT " bytes", wf_config_get_max_body_bytes
      (wf_monitor_get_config (self->monitor)));

  refuse (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
      "payload-too-large", NULL, text);
}

/* A chunked body is counted as it comes. */
static void
on_got_chunk (SoupServerMessage * msg, GBytes * chunk, gpointer data)
{
  WfApi *self = data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if ((gsize) body->length > wf_config_get_max_body_bytes
      (wf_monitor_get_config (self->monitor))) {
    g_signal_handlers_disconnect_by_func (msg, on_got_chunk, data);
    refuse_too_large (self, msg);
  }
}

/* Limits before work: from the headers alone, a request with a body (or
 * one that waits for "100 Continue") is refused before any of its body is
 * read when it is not authorised or declares too large a body.  The answer
 * is written at once and the connection closed, so no body is buffered and
 * no "100 Continue" is sent for it. */
static void
early_handler (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  const gchar *cl = soup_message_headers_get_one (h, "Content-Length");
  gboolean chunked = soup_message_headers_get_encoding (h) ==
      SOUP_ENCODING_CHUNKED;
  gboolean expect = (soup_message_headers_get_expectations (h) &
      SOUP_EXPECTATION_CONTINUE) != 0;
  gsize max = wf_config_get_max_body_bytes (wf_monitor_get_config
      (self->monitor));
  guint64 len = 0;
  gboolean challenge, has_body;
  const gchar *why;

  /* libsoup reads Content-Length with strtoull: a length beyond gint64
   * (10^19) would become negative. */
  if (cl && !chunked && !g_ascii_string_to_unsigned (cl, 10, 0, G_MAXINT64,
          &len, NULL)) {
    const gchar *p = cl;
    while (g_ascii_isdigit (*p))
      p++;
    if (*p == '\0' && p != cl)
      refuse_too_large (self, msg);
    else
      refuse (self, msg, SOUP_STATUS_BAD_REQUEST, "bad-request", NULL,
          "Content-Length must be a number of bytes");
    return;
  }
  has_body = chunked || len > 0;
  if (has_body || expect) {
    why = auth_refusal (self, msg, &challenge);
    if (why) {
      refuse (self, msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
          challenge ? "WWW-Authenticate: " BEARER_CHALLENGE "\r\n" : NULL, why);
      return;
    }
    if (len > max) {
      refuse_too_large (self, msg);
      return;
    }
    if (chunked)
      g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), self);
  }
  wf_api_conns_got_headers (self->conns, msg, has_body);
}

/* The rest of @path below @prefix split at '/', each segment decoded;
 * NULL when a segment is empty or does not decode. */
GStrv
wf_api_path_segments (const gchar * path, const gchar * prefix)
{
  const gchar *rest = path + strlen (prefix);
  g_auto (GStrv) raw = NULL;
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();

  if (*rest == '/')
    rest++;
  if (*rest == '\0')
    return g_new0 (gchar *, 1);
  raw = g_strsplit (rest, "/", -1);
  for (guint i = 0; raw[i]; i++) {
    g_autofree gchar *seg = g_uri_unescape_string (raw[i], "/");
    if (!seg || !*seg)
      return NULL;
    g_strv_builder_add (b, seg);
  }
  return g_strv_builder_end (b);
}

const gchar *
wf_api_query (GHashTable * query, const gchar * name)
{
  return query ? g_hash_table_lookup (query, name) : NULL;
}

gboolean
wf_api_query_page (SoupServerMessage * msg, GHashTable * query,
    const gchar * what, guint64 * after, guint64 * limit)
{
  const gchar *after_s = wf_api_query (query, "after");
  const gchar *limit_s = wf_api_query (query, "limit");

  *after = 0;
  *limit = 100;
  if (after_s && !g_ascii_string_to_unsigned (after_s, 10, 0, G_MAXINT64,
          after, NULL)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "after",
        "after must be %s (a non-negative integer)", what);
    return FALSE;
  }
  if (limit_s && !g_ascii_string_to_unsigned (limit_s, 10, 1, MAX_LIST_LIMIT,
          limit, NULL)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "limit",
        "limit must be an integer from 1 to %d", MAX_LIST_LIMIT);
    return FALSE;
  }
  return TRUE;
}

JsonObject *
wf_api_parse_json_body (SoupServerMessage * msg)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (GHashTable) params = NULL;
  const gchar *ct = soup_message_headers_get_content_type (h, &params);
  const gchar *charset = params ? g_hash_table_lookup (params, "charset") :
      NULL;
  g_autoptr (JsonParser) p = json_parser_new ();
  g_autoptr (GError) err = NULL;
  JsonNode *root;

  if (!ct || g_ascii_strcasecmp (ct, "application/json") != 0) {
    wf_api_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type", "the body must be application/json");
    return NULL;
  }
  /* JSON between systems is UTF-8 (RFC 8259 8.1); text in another charset
   * would be misread, not converted. */
  if (charset && g_ascii_strcasecmp (charset, "utf-8") != 0 &&
      g_ascii_strcasecmp (charset, "utf8") != 0) {
    wf_api_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type", "the body must be UTF-8 "
        "(charset=utf-8 or none), not charset=%s", charset);
    return NULL;
  }
  if (!body || body->length == 0) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "body",
        "the body is empty");
    return NULL;
  }
  /* Before json-glib sees it: its parser recurses per nesting level. */
  if (!wf_json_check_limits (body->data, body->length, WF_API_MAX_JSON_BYTES,
          WF_JSON_MAX_DEPTH, &err)) {
    if (g_error_matches (err, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
      wf_api_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
          "payload-too-large", "%s", err->message);
    else
      wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
          "body", "%s", err->message);
    return NULL;
  }
  if (!json_parser_load_from_data (p, body->data, body->length, &err)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "body",
        "malformed JSON: %s", err->message);
    return NULL;
  }
  root = json_parser_get_root (p);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "body",
        "the body must be a JSON object");
    return NULL;
  }
  return json_object_ref (json_node_get_object (root));
}


static void
handle_openapi (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  g_autoptr (GBytes) doc = NULL;
  gsize len;
  const gchar *text;

  if (!g_str_equal (path, API "/openapi.json")) {
    wf_api_not_found (msg);
    return;
  }
  if (!wf_api_accept (self, msg, "GET"))
    return;
  doc = g_resources_lookup_data ("/org/workforce-monitor/openapi.json",
      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (!doc) {
    wf_api_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
        "the OpenAPI document is missing from this build");
    return;
  }
  text = g_bytes_get_data (doc, &len);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
      text, len);
}

static void
handle_default (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;

  if (g_str_equal (path, "/")) {
    wf_api_handle_web (server, msg, path, query, data);
    return;
  }
  self->requests++;
  wf_api_not_found (msg);
}

/* ---- object ---- */

gchar *
wf_api_listen (WfApi * self, const gchar * address, guint port,
    GError ** error)
{
  g_autoptr (GSocketAddress) sa = NULL;
  guint bound = 0;
  gchar *url = NULL;

  if (g_str_equal (address, "localhost"))
    address = "127.0.0.1";
  sa = g_inet_socket_address_new_from_string (address, port);
  if (!sa) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "'%s' is not a numeric address", address);
    return NULL;
  }
  self->auth_all = !wf_address_is_loopback (address);
  if (!wf_api_conns_listen (self->conns, sa, &bound, error))
    return NULL;
  url = g_strdup_printf ("http://%s%s%s:%u/",
      strchr (address, ':') ? "[" : "", address,
      strchr (address, ':') ? "]" : "", bound);
  self->keepalive_id = g_timeout_add_seconds (SSE_KEEPALIVE_S,
      wf_api_events_keepalive, self);
  return url;
}

void
wf_api_shutdown (WfApi * self)
{
  wf_api_events_close_all (self);
  g_clear_handle_id (&self->keepalive_id, g_source_remove);
  if (self->conns)
    wf_api_conns_stop (self->conns);
  if (self->server)
    soup_server_disconnect (self->server);
}

static void
wf_api_dispose (GObject * object)
{
  WfApi *self = WF_API (object);

  g_clear_handle_id (&self->keepalive_id, g_source_remove);
  if (self->monitor && self->event_id) {
    g_signal_handler_disconnect (self->monitor, self->event_id);
    self->event_id = 0;
  }
  wf_api_events_drop_all (self);
  g_clear_pointer (&self->conns, wf_api_conns_free);
  g_clear_object (&self->server);
  g_clear_object (&self->gallery);
  g_clear_object (&self->monitor);
  g_clear_object (&self->mqtt);
  g_clear_pointer (&self->audited_reads, g_hash_table_unref);
  G_OBJECT_CLASS (wf_api_parent_class)->dispose (object);
}

void
wf_api_set_mqtt (WfApi * self, GObject * mqtt)
{
  g_set_object (&self->mqtt, mqtt);
}

void
wf_api_set_gallery_sync (WfApi * self, gpointer sync)
{
  self->gallery_sync = sync;
}

static void
wf_api_class_init (WfApiClass * klass)
{
  G_OBJECT_CLASS (klass)->dispose = wf_api_dispose;
}

static void
wf_api_init (WfApi * self)
{
  self->audited_reads = g_hash_table_new_full (g_str_hash, g_str_equal,
      g_free, g_free);
}

/* One handler per path; each answers its subtree (wf-api-private.h). */
static const struct
{
  const gchar *path;
  SoupServerCallback handler;
} routes[] = {
  {API "/health", wf_api_handle_health},
  {API "/cameras", wf_api_handle_cameras},
  {API "/occupancy", wf_api_handle_occupancy},
  {API "/attendance", wf_api_handle_attendance},
  {API "/attendance.csv", wf_api_handle_attendance_csv},
  {API "/audit", wf_api_handle_audit},
  {API "/employees", wf_api_handle_employees},
  {API "/events", wf_api_handle_events},
  {API "/journal", wf_api_handle_journal},
  {API "/memory", wf_api_handle_memory},
  {API "/unknown-faces", wf_api_handle_unknown_faces},
  {API "/face-crops", wf_api_handle_face_crops},
  {API "/openapi.json", handle_openapi},
  {"/metrics", wf_api_handle_metrics},
  {"/ui", wf_api_handle_web},
};

WfApi *
wf_api_new (WfMonitor * monitor, WfGallery * gallery)
{
  WfApi *self = g_object_new (WF_TYPE_API, NULL);

  self->monitor = g_object_ref (monitor);
  self->gallery = gallery ? g_object_ref (gallery) : NULL;
  self->server = soup_server_new ("server-header", "workforce-monitor/"
      VERSION " ", NULL);
  self->conns = wf_api_conns_new (self->server);
  g_signal_connect (self->server, "request-started",
      G_CALLBACK (on_request_started), NULL);
  soup_server_add_early_handler (self->server, NULL, early_handler, self,
      NULL);
  soup_server_add_handler (self->server, NULL, handle_default, self, NULL);
  /* libsoup keeps one early handler per path, beside its handler: the
   * checks from the headers are added to each path, not only once. */
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++) {
    soup_server_add_handler (self->server, routes[i].path, routes[i].handler,
        self, NULL);
    soup_server_add_early_handler (self->server, routes[i].path,
        early_handler, self, NULL);
  }
  self->event_id = g_signal_connect (monitor, "event",
      G_CALLBACK (wf_api_events_on_event), self);
  return self;
}

