/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-api.h"
#include "wf-memstats.h"
#include "wf-model-cache.h"
#include "wf-enrol.h"
#include "wf-gallery.h"

#include <stdio.h>
#include <string.h>
#include <libsoup/soup.h>
#include <gio/gio.h>
#include <sqlite3.h>

#define API "/api/v1"
#define SSE_KEEPALIVE_S 15
/* A live client that lets this many chunks pile up is dropped. */
#define SSE_MAX_QUEUED 2048
#define MAX_LIST_LIMIT 10000

struct _WfApi
{
  GObject parent;

  WfMonitor *monitor;
  WfGallery *gallery;
  SoupServer *server;
  gboolean auth_all;            /* bound beyond loopback */
  GList *clients;               /* SseClient, main context */
  gulong event_id;
  guint keepalive_id;
  guint64 requests;
};

typedef struct
{
  WfApi *api;
  SoupServerMessage *msg;
  gchar **types;                /* filter, NULL = all */
  gchar *camera;                /* filter, NULL = all */
  guint queued;
} SseClient;

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

static void
send_object (SoupServerMessage * msg, guint status, JsonObject * o)
{
  g_autoptr (JsonNode) n = json_node_init_object (json_node_alloc (), o);

  send_json_node (msg, status, n);
}

static void
send_error_field (SoupServerMessage * msg, guint status, const gchar * code,
    const gchar * field, const gchar * fmt, ...) G_GNUC_PRINTF (5, 6);

static void
send_error_field (SoupServerMessage * msg, guint status, const gchar * code,
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
  send_object (msg, status, o);
}

#define send_error(msg, status, code, ...) \
  send_error_field (msg, status, code, NULL, __VA_ARGS__)

static void
not_found (SoupServerMessage * msg)
{
  send_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "no such resource: %s",
      g_uri_get_path (soup_server_message_get_uri (msg)));
}

/* ---- request checks: route, then method, then auth ---- */

static gboolean
is_mutating (const gchar * method)
{
  return !g_str_equal (method, "GET") && !g_str_equal (method, "HEAD");
}

static gboolean
tokens_equal (const gchar * a, const gchar * b)
{
  gsize la = strlen (a), lb = strlen (b);
  guint8 diff = la != lb;

  /* Constant time in the length of the secret. */
  for (gsize i = 0; i < lb; i++)
    diff |= (guint8) (b[i] ^ (i < la ? a[i] : 0));
  return diff == 0;
}

static gboolean
check_auth (WfApi * self, SoupServerMessage * msg)
{
  const gchar *method = soup_server_message_get_method (msg);
  const gchar *token = wf_config_get_token (wf_monitor_get_config
      (self->monitor));
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  const gchar *auth;

  if (!is_mutating (method) && !self->auth_all)
    return TRUE;
  /* Only when asked for ([server] public-health): some liveness probes
   * (Render's, plain HTTP checks) cannot send a token; the health summary
   * holds no personal data. */
  if (!is_mutating (method) && wf_config_get_public_health
      (wf_monitor_get_config (self->monitor)) && g_str_equal (g_uri_get_path
          (soup_server_message_get_uri (msg)), API "/health"))
    return TRUE;
  if (!token) {
    send_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
        "no token is configured, so changes are refused: set token or "
        "token-file in the [server] group of the configuration");
    return FALSE;
  }
  auth = soup_message_headers_get_one (h, "Authorization");
  if (!auth || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0 ||
      !tokens_equal (auth + 7, token)) {
    soup_message_headers_replace (soup_server_message_get_response_headers
        (msg), "WWW-Authenticate", "Bearer realm=\"workforce-monitor\"");
    send_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
        auth ? "wrong bearer token" : "this request needs "
        "'Authorization: Bearer TOKEN'");
    return FALSE;
  }
  return TRUE;
}

/* Checks the method against @allowed ("GET,POST"), then authorisation and
 * the body size.  Responds and returns FALSE when the request stops here. */
static gboolean
accept_request (WfApi * self, SoupServerMessage * msg, const gchar * allowed)
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
    send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed",
        "%s is not allowed here (allowed: %s)", method, allowed);
    return FALSE;
  }
  if (!check_auth (self, msg))
    return FALSE;
  body = soup_server_message_get_request_body (msg);
  if (body && (gsize) body->length > wf_config_get_max_body_bytes
      (wf_monitor_get_config (self->monitor))) {
    send_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
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

/* Refuses a declared oversized body before reading it. */
static void
early_handler (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  goffset len = soup_message_headers_get_content_length (h);
  gsize max = wf_config_get_max_body_bytes (wf_monitor_get_config
      (self->monitor));

  if (soup_message_headers_get_encoding (h) == SOUP_ENCODING_CONTENT_LENGTH
      && len > (goffset) max) {
    send_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
        "payload-too-large", "the body is larger than %" G_GSIZE_FORMAT
        " bytes", max);
    soup_message_headers_replace (soup_server_message_get_response_headers
        (msg), "Connection", "close");
  }
}

/* The rest of @path below @prefix split at '/', each segment decoded;
 * NULL when a segment is empty or does not decode. */
static GStrv
path_segments (const gchar * path, const gchar * prefix)
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

static const gchar *
query_get (GHashTable * query, const gchar * name)
{
  return query ? g_hash_table_lookup (query, name) : NULL;
}

/* Parses a JSON object body; responds 415/400 and returns NULL on error. */
static JsonObject *
parse_json_body (SoupServerMessage * msg)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const gchar *ct = soup_message_headers_get_content_type (h, NULL);
  g_autoptr (JsonParser) p = json_parser_new ();
  g_autoptr (GError) err = NULL;
  JsonNode *root;

  if (!ct || g_ascii_strcasecmp (ct, "application/json") != 0) {
    send_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type", "the body must be application/json");
    return NULL;
  }
  if (!body || body->length == 0) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "body",
        "the body is empty");
    return NULL;
  }
  if (!json_parser_load_from_data (p, body->data, body->length, &err)) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "body",
        "malformed JSON: %s", err->message);
    return NULL;
  }
  root = json_parser_get_root (p);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root)) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "body",
        "the body must be a JSON object");
    return NULL;
  }
  return json_object_ref (json_node_get_object (root));
}

/* ---- cameras ---- */

static gchar *
redact_uri (const gchar * uri)
{
  g_autoptr (GUri) u = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD, NULL);

  return u ? g_uri_to_string_partial (u, G_URI_HIDE_PASSWORD) :
      g_strdup (uri);
}

static JsonObject *
camera_json (WfCamera * cam)
{
  const WfCameraConfig *c = wf_camera_get_config (cam);
  JsonObject *o = json_object_new ();
  g_autofree gchar *uri = redact_uri (c->uri);
  WfCameraStatus st;

  wf_camera_get_status (cam, &st);
  json_object_set_string_member (o, "id", c->id);
  json_object_set_string_member (o, "uri", uri);
  json_object_set_string_member (o, "pipeline", st.pipeline ? st.pipeline :
      (c->pipeline ? c->pipeline : wf_pipeline_default_name ()));
  json_object_set_boolean_member (o, "enabled", c->enabled);
  json_object_set_string_member (o, "state",
      wf_camera_state_to_string (st.state));
  json_object_set_int_member (o, "reconnects", st.reconnects);
  if (st.last_frame_age_ms >= 0)
    json_object_set_int_member (o, "last_frame_age_ms", st.last_frame_age_ms);
  else
    json_object_set_null_member (o, "last_frame_age_ms");
  json_object_set_int_member (o, "frames", st.frames);
  if (st.last_error)
    json_object_set_string_member (o, "last_error", st.last_error);
  else
    json_object_set_null_member (o, "last_error");
  if (st.state == WF_CAMERA_RETRYING)
    json_object_set_int_member (o, "next_retry_ms", st.next_retry_ms);
  json_object_set_string_member (o, "zones", c->zones ? c->zones : "");
  json_object_set_string_member (o, "lines", c->lines ? c->lines : "");
  json_object_set_boolean_member (o, "loop", c->loop);
  json_object_set_double_member (o, "silence_timeout", c->silence_ms / 1e3);
  json_object_set_double_member (o, "backoff_initial",
      c->backoff_initial_ms / 1e3);
  json_object_set_double_member (o, "backoff_max", c->backoff_max_ms / 1e3);
  wf_camera_status_clear (&st);
  return o;
}

static gboolean
get_opt_string (SoupServerMessage * msg, JsonObject * o, const gchar * name,
    gchar ** out)
{
  JsonNode *n = json_object_get_member (o, name);

  if (!n || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) !=
      G_TYPE_STRING) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", name,
        "%s must be a string", name);
    return FALSE;
  }
  g_free (*out);
  *out = g_strdup (json_node_get_string (n));
  return TRUE;
}

static gboolean
get_opt_bool (SoupServerMessage * msg, JsonObject * o, const gchar * name,
    gboolean * out)
{
  JsonNode *n = json_object_get_member (o, name);

  if (!n)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) !=
      G_TYPE_BOOLEAN) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", name,
        "%s must be true or false", name);
    return FALSE;
  }
  *out = json_node_get_boolean (n);
  return TRUE;
}

static gboolean
get_opt_seconds (SoupServerMessage * msg, JsonObject * o, const gchar * name,
    gdouble min, gdouble max, guint * out_ms)
{
  JsonNode *n = json_object_get_member (o, name);
  GType t;
  gdouble d;

  if (!n)
    return TRUE;
  t = JSON_NODE_HOLDS_VALUE (n) ? json_node_get_value_type (n) : 0;
  if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", name,
        "%s must be a number of seconds", name);
    return FALSE;
  }
  d = t == G_TYPE_DOUBLE ? json_node_get_double (n) : json_node_get_int (n);
  if (!(d >= min && d <= max)) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", name,
        "%s must be from %g to %g seconds", name, min, max);
    return FALSE;
  }
  *out_ms = (guint) (d * 1000.0 + 0.5);
  return TRUE;
}

static void
post_camera (WfApi * self, SoupServerMessage * msg)
{
  g_autoptr (JsonObject) o = parse_json_body (msg);
  g_autoptr (WfCameraConfig) c = NULL;
  g_autofree gchar *id = NULL;
  g_autofree gchar *location = NULL;
  g_autoptr (GError) err = NULL;
  static const gchar *const known[] = { "id", "uri", "pipeline", "zones",
    "lines", "enabled", "loop", "silence_timeout", "backoff_initial",
    "backoff_max", NULL
  };
  const gchar *field = NULL;
  GList *members;

  if (!o)
    return;
  members = json_object_get_members (o);
  for (GList * l = members; l; l = l->next) {
    if (!g_strv_contains (known, l->data)) {
      send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", l->data,
          "unknown field '%s'", (const gchar *) l->data);
      g_list_free (members);
      return;
    }
  }
  g_list_free (members);

  if (!get_opt_string (msg, o, "id", &id))
    return;
  if (!id) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "id",
        "id is required");
    return;
  }
  if (!wf_camera_id_is_valid (id)) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "id",
        "id must be 1-64 letters, digits, '_', '.' or '-'");
    return;
  }
  c = wf_camera_config_new (id);
  if (!get_opt_string (msg, o, "uri", &c->uri) ||
      !get_opt_string (msg, o, "pipeline", &c->pipeline) ||
      !get_opt_string (msg, o, "zones", &c->zones) ||
      !get_opt_string (msg, o, "lines", &c->lines) ||
      !get_opt_bool (msg, o, "enabled", &c->enabled) ||
      !get_opt_bool (msg, o, "loop", &c->loop) ||
      !get_opt_seconds (msg, o, "silence_timeout", 0.1, 3600,
          &c->silence_ms) ||
      !get_opt_seconds (msg, o, "backoff_initial", 0.01, 3600,
          &c->backoff_initial_ms) ||
      !get_opt_seconds (msg, o, "backoff_max", 0.01, 86400,
          &c->backoff_max_ms))
    return;
  if (!c->uri) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "uri",
        "uri is required");
    return;
  }
  if (!g_uri_is_valid (c->uri, G_URI_FLAGS_NONE, NULL)) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "uri",
        "uri must be an absolute URI such as rtsp://host/path");
    return;
  }
  if (g_uri_peek_scheme (c->uri) && g_str_equal (g_uri_peek_scheme (c->uri),
          "file")) {
    /* No path from a request reaches the filesystem. */
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "uri",
        "file URIs can only be set in the configuration file");
    return;
  }
  if (c->pipeline && !wf_pipeline_name_is_valid (c->pipeline)) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
        "pipeline", "pipeline must be a template name (a-z, 0-9, '_', '-')");
    return;
  }
  if (c->backoff_max_ms < c->backoff_initial_ms) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
        "backoff_max", "backoff_max must not be below backoff_initial");
    return;
  }
  if (!wf_camera_check_geometry (c->zones, c->lines, &field, &err)) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", field,
        "%s: %s", field, err->message);
    return;
  }
  if (!wf_monitor_add_camera (self->monitor, c, &err)) {
    send_error_field (msg, SOUP_STATUS_CONFLICT, "conflict", "id", "%s",
        err->message);
    return;
  }
  location = g_strdup_printf (API "/cameras/%s", id);
  soup_message_headers_replace (soup_server_message_get_response_headers
      (msg), "Location", location);
  {
    g_autoptr (JsonObject) r =
        camera_json (wf_monitor_find_camera (self->monitor, id));
    send_object (msg, SOUP_STATUS_CREATED, r);
  }
}

static void
handle_cameras (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  g_auto (GStrv) seg = path_segments (path, API "/cameras");
  const gchar *method = soup_server_message_get_method (msg);

  if (!seg || g_strv_length (seg) > 1) {
    not_found (msg);
    return;
  }
  if (!seg[0]) {
    if (!accept_request (self, msg, "GET,POST"))
      return;
    if (g_str_equal (method, "POST")) {
      post_camera (self, msg);
    } else {
      g_autoptr (JsonObject) o = json_object_new ();
      JsonArray *a = json_array_new ();
      GPtrArray *cams = wf_monitor_get_cameras (self->monitor);
      for (guint i = 0; i < cams->len; i++)
        json_array_add_object_element (a,
            camera_json (g_ptr_array_index (cams, i)));
      json_object_set_array_member (o, "cameras", a);
      send_object (msg, SOUP_STATUS_OK, o);
    }
    return;
  } else {
    WfCamera *cam = wf_monitor_find_camera (self->monitor, seg[0]);
    if (!cam) {
      send_error (msg, SOUP_STATUS_NOT_FOUND, "not-found",
          "no camera '%s'", seg[0]);
      return;
    }
    if (!accept_request (self, msg, "GET,DELETE"))
      return;
    if (g_str_equal (method, "DELETE")) {
      wf_monitor_remove_camera (self->monitor, seg[0]);
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    } else {
      g_autoptr (JsonObject) o = camera_json (cam);
      send_object (msg, SOUP_STATUS_OK, o);
    }
  }
}

/* ---- occupancy ---- */

static gboolean
parse_time_param (SoupServerMessage * msg, GHashTable * query,
    const gchar * name, gint64 * out_ms)
{
  const gchar *v = query_get (query, name);
  g_autoptr (GDateTime) dt = NULL;
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();

  if (!v)
    return TRUE;
  dt = g_date_time_new_from_iso8601 (v, local);
  if (!dt) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", name,
        "%s must be an ISO 8601 date and time, such as "
        "2026-11-27T09:00:00Z", name);
    return FALSE;
  }
  *out_ms = g_date_time_to_unix (dt) * 1000 +
      g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}

static void
handle_occupancy (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  g_auto (GStrv) seg = path_segments (path, API "/occupancy");
  guint n = seg ? g_strv_length (seg) : 99;

  if (n != 0 && n != 2) {
    not_found (msg);
    return;
  }
  if (!accept_request (self, msg, "GET"))
    return;
  if (n == 0) {
    g_autoptr (JsonObject) o = wf_monitor_occupancy_now (self->monitor);
    send_object (msg, SOUP_STATUS_OK, o);
  } else {
    gint64 to = g_get_real_time () / 1000, from = to - 3600 * 1000;
    g_autoptr (GError) err = NULL;
    g_autoptr (JsonObject) o = NULL;
    g_autofree gchar *sfrom = NULL, *sto = NULL;
    JsonArray *rows;

    if (!wf_monitor_find_camera (self->monitor, seg[0])) {
      send_error (msg, SOUP_STATUS_NOT_FOUND, "not-found",
          "no camera '%s'", seg[0]);
      return;
    }
    if (!parse_time_param (msg, query, "from", &from) ||
        !parse_time_param (msg, query, "to", &to))
      return;
    if (from > to) {
      send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "from",
          "from must not be after to");
      return;
    }
    rows = wf_store_query_occupancy (wf_monitor_get_store (self->monitor),
        seg[0], seg[1], from, to, &err);
    if (!rows) {
      send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "%s",
          err->message);
      return;
    }
    o = json_object_new ();
    sfrom = wf_iso8601_from_ms (from);
    sto = wf_iso8601_from_ms (to);
    json_object_set_string_member (o, "camera", seg[0]);
    json_object_set_string_member (o, "zone", seg[1]);
    json_object_set_string_member (o, "from", sfrom);
    json_object_set_string_member (o, "to", sto);
    json_object_set_array_member (o, "minutes", rows);
    send_object (msg, SOUP_STATUS_OK, o);
  }
}

/* ---- attendance ---- */

static void
handle_attendance (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  const gchar *date = query_get (query, "date");
  g_autofree gchar *today = NULL;
  g_autoptr (GError) err = NULL;
  g_autoptr (JsonObject) o = NULL;
  JsonArray *rows;
  gint y, m, d;
  gchar extra;

  if (!g_str_equal (path, API "/attendance")) {
    not_found (msg);
    return;
  }
  if (!accept_request (self, msg, "GET"))
    return;
  if (!date) {
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();
    today = g_date_time_format (now, "%Y-%m-%d");
    date = today;
  } else if (strlen (date) != 10 ||
      sscanf (date, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 ||
      !g_date_valid_dmy (d, m, y)) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "date",
        "date must be a calendar date YYYY-MM-DD");
    return;
  }
  rows = wf_store_query_attendance (wf_monitor_get_store (self->monitor),
      date, &err);
  if (!rows) {
    send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "%s",
        err->message);
    return;
  }
  o = json_object_new ();
  json_object_set_string_member (o, "date", date);
  json_object_set_array_member (o, "attendance", rows);
  send_object (msg, SOUP_STATUS_OK, o);
}

/* ---- employees ---- */

static JsonObject *
employee_json (const WfEmployee * e)
{
  JsonObject *o = json_object_new ();
  g_autofree gchar *created = wf_iso8601_from_ms (e->created * 1000);

  json_object_set_string_member (o, "id", e->id);
  json_object_set_string_member (o, "name", e->name);
  json_object_set_string_member (o, "created", created);
  json_object_set_int_member (o, "descriptors", e->n_descriptors);
  json_object_set_int_member (o, "photos", e->n_photos);
  return o;
}

static void
gallery_error (SoupServerMessage * msg, GError * err)
{
  if (g_error_matches (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND))
    send_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "%s", err->message);
  else if (g_error_matches (err, WF_GALLERY_ERROR,
          WF_GALLERY_ERROR_DUPLICATE))
    send_error_field (msg, SOUP_STATUS_CONFLICT, "conflict", "id", "%s",
        err->message);
  else if (g_error_matches (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID))
    send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "%s",
        err->message);
  else
    send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "%s",
        err->message);
}

/* A photo of the request, borrowed from its body. */
typedef struct
{
  GBytes *data;
  gchar *filename;
} Photo;

static void
photo_free (Photo * p)
{
  g_bytes_unref (p->data);
  g_free (p->filename);
  g_free (p);
}

/* An id from a name: lower case, runs of other characters as '-'. */
static gchar *
slug (const gchar * name)
{
  GString *s = g_string_new (NULL);

  for (const gchar * p = name; *p && s->len < 64; p++) {
    if (g_ascii_isalnum (*p))
      g_string_append_c (s, g_ascii_tolower (*p));
    else if (s->len && s->str[s->len - 1] != '-')
      g_string_append_c (s, '-');
  }
  while (s->len && s->str[s->len - 1] == '-')
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

/* Reads name, id and photos from a multipart form or a raw image body.
 * Responds and returns FALSE on bad input. */
static gboolean
read_enrolment (SoupServerMessage * msg, GHashTable * query, gchar ** name,
    gchar ** id, GPtrArray * photos)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const gchar *ct = soup_message_headers_get_content_type (h, NULL);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);

  if (ct && g_ascii_strcasecmp (ct, "multipart/form-data") == 0) {
    SoupMultipart *mp = soup_multipart_new_from_message (h, bytes);
    if (!mp) {
      send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "body",
          "malformed multipart/form-data body");
      return FALSE;
    }
    for (int i = 0; i < soup_multipart_get_length (mp); i++) {
      SoupMessageHeaders *ph;
      GBytes *pb;
      g_autofree gchar *disp = NULL;
      g_autoptr (GHashTable) params = NULL;
      const gchar *field;

      if (!soup_multipart_get_part (mp, i, &ph, &pb) ||
          !soup_message_headers_get_content_disposition (ph, &disp, &params))
        continue;
      field = g_hash_table_lookup (params, "name");
      if (!field)
        continue;
      if (g_str_equal (field, "name") || g_str_equal (field, "id")) {
        gsize n;
        const gchar *d = g_bytes_get_data (pb, &n);
        gchar *v = g_strndup (d, n);
        if (!g_utf8_validate (v, -1, NULL)) {
          g_free (v);
          soup_multipart_free (mp);
          send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
              field, "%s must be UTF-8 text", field);
          return FALSE;
        }
        g_strstrip (v);
        g_free (g_str_equal (field, "name") ? *name : *id);
        *(g_str_equal (field, "name") ? name : id) = v;
      } else if (g_str_equal (field, "photo")) {
        Photo *p = g_new0 (Photo, 1);
        p->data = g_bytes_ref (pb);
        p->filename = g_strdup (g_hash_table_lookup (params, "filename"));
        g_ptr_array_add (photos, p);
      }
    }
    soup_multipart_free (mp);
  } else if (ct && (g_ascii_strcasecmp (ct, "image/jpeg") == 0 ||
          g_ascii_strcasecmp (ct, "image/png") == 0)) {
    Photo *p = g_new0 (Photo, 1);
    p->data = g_bytes_ref (bytes);
    g_ptr_array_add (photos, p);
    *name = g_strdup (query_get (query, "name"));
    *id = g_strdup (query_get (query, "id"));
  } else {
    send_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type", "upload photos as multipart/form-data "
        "(fields name, id, photo) or as an image/jpeg or image/png body");
    return FALSE;
  }
  for (guint i = 0; i < photos->len; i++) {
    Photo *p = g_ptr_array_index (photos, i);
    gsize n;
    const guint8 *d = g_bytes_get_data (p->data, &n);
    if (!wf_enrol_sniff (d, n)) {
      send_error_field (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
          "unsupported-media-type", "photo", "photo %u%s%s%s is not a JPEG "
          "or PNG image", i + 1, p->filename ? " (" : "",
          p->filename ? p->filename : "", p->filename ? ")" : "");
      return FALSE;
    }
  }
  if (!*name || !**name || g_utf8_strlen (*name, -1) > 200) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "name",
        "name is required (1-200 characters)");
    return FALSE;
  }
  if (!*id)
    *id = slug (*name);
  if (!wf_camera_id_is_valid (*id)) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "id",
        "id must be 1-64 letters, digits, '_', '.' or '-'");
    return FALSE;
  }
  if (photos->len == 0) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "photo",
        "at least one photo is required");
    return FALSE;
  }
  return TRUE;
}

static gboolean
find_employee (WfGallery * gallery, const gchar * id, WfEmployee * out,
    GError ** error)
{
  g_autoptr (GArray) list = wf_gallery_list (gallery, error);

  if (!list)
    return FALSE;
  for (guint i = 0; i < list->len; i++) {
    WfEmployee *e = &g_array_index (list, WfEmployee, i);
    if (g_str_equal (e->id, id)) {
      out->id = g_strdup (e->id);
      out->name = g_strdup (e->name);
      out->created = e->created;
      out->n_descriptors = e->n_descriptors;
      out->n_photos = e->n_photos;
      return TRUE;
    }
  }
  g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND,
      "no employee '%s'", id);
  return FALSE;
}

static void
post_employee (WfApi * self, SoupServerMessage * msg, GHashTable * query)
{
  g_autofree gchar *name = NULL;
  g_autofree gchar *id = NULL;
  g_autoptr (GPtrArray) photos =
      g_ptr_array_new_with_free_func ((GDestroyNotify) photo_free);
  g_autoptr (WfEnrolSession) session = NULL;
  g_autoptr (GError) err = NULL;
  g_autofree gfloat *desc = NULL;
  g_autofree WfEnrolSample *samples = NULL;
  WfEmployee e = { 0 };
  g_autofree gchar *location = NULL;

  if (!read_enrolment (msg, query, &name, &id, photos))
    return;
  session = wf_enrol_session_new (&err);
  if (!session) {
    send_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", "%s",
        err->message);
    return;
  }
  desc = g_new0 (gfloat, (gsize) photos->len * WF_DESCRIPTOR_DIM);
  samples = g_new0 (WfEnrolSample, photos->len);
  for (guint i = 0; i < photos->len; i++) {
    Photo *p = g_ptr_array_index (photos, i);
    gsize n;
    const guint8 *d = g_bytes_get_data (p->data, &n);
    WfRect box;

    if (!wf_enrol_describe (session, d, n, desc + i * WF_DESCRIPTOR_DIM,
            &box, &err)) {
      if (g_error_matches (err, WF_ENROL_ERROR, WF_ENROL_ERROR_NOT_IMAGE))
        send_error_field (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type", "photo", "photo %u: %s", i + 1,
            err->message);
      else
        send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
            "photo", "photo %u%s%s%s: %s", i + 1, p->filename ? " (" : "",
            p->filename ? p->filename : "", p->filename ? ")" : "",
            err->message);
      return;
    }
    samples[i].descriptor = desc + i * WF_DESCRIPTOR_DIM;
    samples[i].source = p->filename ? p->filename : "upload";
    samples[i].detector = "hog";
    samples[i].box = box;
  }
  g_clear_pointer (&session, wf_enrol_session_free);
  if (!wf_gallery_enroll (self->gallery, id, name, samples, photos->len,
          &err) || !find_employee (self->gallery, id, &e, &err)) {
    gallery_error (msg, err);
    return;
  }
  {
    g_autoptr (JsonObject) o = employee_json (&e);
    JsonObject *d = json_object_new ();
    json_object_set_string_member (d, "name", name);
    wf_monitor_post_event (self->monitor, "employee-enrolled", NULL, id, d);
    location = g_strdup_printf (API "/employees/%s", id);
    soup_message_headers_replace (soup_server_message_get_response_headers
        (msg), "Location", location);
    send_object (msg, SOUP_STATUS_CREATED, o);
  }
  wf_employee_clear (&e);
}

static void
handle_employees (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  g_auto (GStrv) seg = path_segments (path, API "/employees");
  guint n = seg ? g_strv_length (seg) : 99;
  const gchar *method = soup_server_message_get_method (msg);
  g_autoptr (GError) err = NULL;

  if (n > 1 || (n == 1 && !wf_camera_id_is_valid (seg[0]))) {
    not_found (msg);
    return;
  }
  if (!accept_request (self, msg, n == 0 ? "GET,POST" : "GET,DELETE"))
    return;
  if (!self->gallery) {
    send_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
        "the employee gallery could not be opened (see the log)");
    return;
  }
  if (n == 0 && g_str_equal (method, "POST")) {
    post_employee (self, msg, query);
  } else if (n == 0) {
    g_autoptr (GArray) list = wf_gallery_list (self->gallery, &err);
    g_autoptr (JsonObject) o = NULL;
    JsonArray *a;

    if (!list) {
      gallery_error (msg, err);
      return;
    }
    o = json_object_new ();
    a = json_array_new ();
    for (guint i = 0; i < list->len; i++)
      json_array_add_object_element (a, employee_json (&g_array_index (list,
                  WfEmployee, i)));
    json_object_set_array_member (o, "employees", a);
    send_object (msg, SOUP_STATUS_OK, o);
  } else if (g_str_equal (method, "DELETE")) {
    if (!wf_gallery_remove (self->gallery, seg[0], &err)) {
      gallery_error (msg, err);
      return;
    }
    /* Descriptors are gone; now the history. */
    wf_monitor_forget_employee (self->monitor, seg[0]);
    wf_store_forget_employee (wf_monitor_get_store (self->monitor), seg[0],
        NULL);
    wf_monitor_post_event (self->monitor, "employee-deleted", NULL, NULL,
        NULL);
    soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  } else {
    WfEmployee e = { 0 };
    g_autoptr (JsonObject) o = NULL;
    if (!find_employee (self->gallery, seg[0], &e, &err)) {
      gallery_error (msg, err);
      return;
    }
    o = employee_json (&e);
    wf_employee_clear (&e);
    send_object (msg, SOUP_STATUS_OK, o);
  }
}

/* ---- journal ---- */

static void
handle_journal (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  const gchar *after = query_get (query, "after");
  const gchar *limit = query_get (query, "limit");
  guint64 a = 0, l = 100;
  g_autoptr (GError) err = NULL;
  g_autoptr (JsonObject) o = NULL;
  JsonArray *rows;

  if (!g_str_equal (path, API "/journal")) {
    not_found (msg);
    return;
  }
  if (!accept_request (self, msg, "GET"))
    return;
  if (after && !g_ascii_string_to_unsigned (after, 10, 0, G_MAXINT64, &a,
          NULL)) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "after",
        "after must be an event id (a non-negative integer)");
    return;
  }
  if (limit && !g_ascii_string_to_unsigned (limit, 10, 1, MAX_LIST_LIMIT, &l,
          NULL)) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "limit",
        "limit must be an integer from 1 to %d", MAX_LIST_LIMIT);
    return;
  }
  rows = wf_store_query_events (wf_monitor_get_store (self->monitor), a, l,
      &err);
  if (!rows) {
    send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "%s",
        err->message);
    return;
  }
  o = json_object_new ();
  json_object_set_array_member (o, "events", rows);
  send_object (msg, SOUP_STATUS_OK, o);
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

static void
on_event (WfMonitor * monitor, guint64 id, const gchar * type,
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

static gboolean
sse_keepalive (gpointer data)
{
  WfApi *self = data;

  for (GList * l = self->clients; l; l = l->next)
    sse_send (l->data, ": keepalive\n\n");
  return G_SOURCE_CONTINUE;
}

static void
handle_events (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  SoupMessageHeaders *rh;
  SoupMessageBody *body;
  const gchar *types = query_get (query, "types");
  const gchar *camera = query_get (query, "camera");
  SseClient *c;

  if (!g_str_equal (path, API "/events")) {
    not_found (msg);
    return;
  }
  if (!accept_request (self, msg, "GET"))
    return;
  if (camera && !wf_camera_id_is_valid (camera)) {
    send_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "camera",
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

/* ---- memory, health, metrics ---- */

static gchar *
model_name (const WfModelInfo * m)
{
  if (m->path) {
    g_autofree gchar *base = g_path_get_basename (m->path);
    return g_strdup_printf ("%s:%s", m->kind, base);
  }
  return g_strdup (m->kind);
}

static void
set_seconds_or_null (JsonObject * o, const gchar * name, gint64 start,
    gint64 end)
{
  if (end > 0)
    json_object_set_double_member (o, name, (end - start) / 1e6);
  else
    json_object_set_null_member (o, name);
}

static gint64
count_threads (void)
{
  g_autofree gchar *s = NULL;
  const gchar *p;

  if (!g_file_get_contents ("/proc/self/status", &s, NULL, NULL))
    return -1;
  p = strstr (s, "\nThreads:");
  return p ? g_ascii_strtoll (p + 9, NULL, 10) : -1;
}

static void
handle_memory (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  g_autoptr (JsonObject) o = json_object_new ();
  g_autoptr (GArray) models = wf_model_cache_list ();
  g_autoptr (GError) err = NULL;
  JsonObject *malloc_o, *startup, *store_o, *events_o;
  JsonArray *ma, *ca, *qa, *pa, *ta;
  GPtrArray *cams = wf_monitor_get_cameras (self->monitor);
  WfStoreStats ss;
  WfMemStats m;
  WfTimings t;
  guint64 queued_chunks = 0;

  if (!g_str_equal (path, API "/memory")) {
    not_found (msg);
    return;
  }
  if (!accept_request (self, msg, "GET"))
    return;
  if (!wf_memstats_read (&m, &err)) {
    send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "%s",
        err->message);
    return;
  }
  json_object_set_int_member (o, "rss_bytes", m.vm_rss);
  json_object_set_int_member (o, "hwm_bytes", m.vm_hwm);
  json_object_set_int_member (o, "rss_anon_bytes", m.rss_anon);
  json_object_set_int_member (o, "rss_file_bytes", m.rss_file);
  json_object_set_int_member (o, "vm_size_bytes", m.vm_size);
  json_object_set_int_member (o, "threads", count_threads ());
  malloc_o = json_object_new ();
  json_object_set_int_member (malloc_o, "arena_bytes", m.arena);
  json_object_set_int_member (malloc_o, "mmapped_bytes", m.mmapped);
  json_object_set_int_member (malloc_o, "in_use_bytes", m.in_use);
  json_object_set_int_member (malloc_o, "free_bytes", m.free_bytes);
  json_object_set_int_member (malloc_o, "releasable_bytes", m.releasable);
  json_object_set_object_member (o, "malloc", malloc_o);

  ma = json_array_new ();
  for (guint i = 0; i < models->len; i++) {
    WfModelInfo *mi = &g_array_index (models, WfModelInfo, i);
    JsonObject *e = json_object_new ();
    g_autofree gchar *name = model_name (mi);
    json_object_set_string_member (e, "name", name);
    json_object_set_int_member (e, "bytes", mi->bytes);
    json_object_set_string_member (e, "kind", mi->kind);
    json_object_set_int_member (e, "users", mi->users);
    json_object_set_double_member (e, "load_seconds", mi->load_seconds);
    json_array_add_object_element (ma, e);
  }
  json_object_set_array_member (o, "models", ma);
  json_object_set_int_member (o, "models_bytes",
      wf_model_cache_total_bytes ());

  ca = json_array_new ();
  for (guint i = 0; i < cams->len; i++) {
    WfCamera *cam = g_ptr_array_index (cams, i);
    JsonObject *e = json_object_new ();
    WfCameraStatus st;
    wf_camera_get_status (cam, &st);
    json_object_set_string_member (e, "id", wf_camera_get_id (cam));
    json_object_set_int_member (e, "queued_buffers", st.queued_buffers);
    json_object_set_int_member (e, "queued_bytes", st.queued_bytes);
    json_object_set_int_member (e, "elements", st.elements);
    json_object_set_int_member (e, "stopping_pipelines", st.stopping);
    qa = json_array_new ();
    for (guint k = 0; k < st.queues->len; k++) {
      WfQueueStat *q = &g_array_index (st.queues, WfQueueStat, k);
      JsonObject *qo = json_object_new ();
      json_object_set_string_member (qo, "name", q->name);
      json_object_set_int_member (qo, "buffers", q->buffers);
      json_object_set_int_member (qo, "bytes", q->bytes);
      json_object_set_int_member (qo, "max_buffers", q->max_buffers);
      json_array_add_object_element (qa, qo);
    }
    json_object_set_array_member (e, "queues", qa);
    pa = json_array_new ();
    for (guint k = 0; k < st.pools->len; k++) {
      WfPoolStat *p = &g_array_index (st.pools, WfPoolStat, k);
      JsonObject *po = json_object_new ();
      json_object_set_string_member (po, "owner", p->owner);
      json_object_set_int_member (po, "buffer_bytes", p->buffer_bytes);
      json_object_set_int_member (po, "min_buffers", p->min_buffers);
      json_object_set_int_member (po, "max_buffers", p->max_buffers);
      json_object_set_boolean_member (po, "active", p->active);
      json_array_add_object_element (pa, po);
    }
    json_object_set_array_member (e, "pools", pa);
    ta = json_array_new ();
    for (guint k = 0; k < st.trackers->len; k++) {
      WfTrackerStat *tr = &g_array_index (st.trackers, WfTrackerStat, k);
      JsonObject *to = json_object_new ();
      json_object_set_string_member (to, "element", tr->element);
      json_object_set_string_member (to, "factory", tr->factory);
      json_object_set_int_member (to, "tracks", tr->tracks);
      if (tr->max_tracks)
        json_object_set_int_member (to, "max_tracks", tr->max_tracks);
      else
        json_object_set_null_member (to, "max_tracks");
      json_array_add_object_element (ta, to);
    }
    json_object_set_array_member (e, "trackers", ta);
    json_array_add_object_element (ca, e);
    wf_camera_status_clear (&st);
  }
  json_object_set_array_member (o, "cameras", ca);

  wf_store_get_stats (wf_monitor_get_store (self->monitor), &ss);
  store_o = json_object_new ();
  json_object_set_int_member (store_o, "pending_records", ss.pending);
  json_object_set_int_member (store_o, "file_bytes", ss.file_bytes);
  /* SQLite's own heap (page caches, statements) across every connection of
   * the process: the results store's and the galleries' */
  json_object_set_int_member (store_o, "sqlite_heap_bytes",
      sqlite3_memory_used ());
  json_object_set_int_member (store_o, "sqlite_heap_peak_bytes",
      sqlite3_memory_highwater (0));
  json_object_set_object_member (o, "store", store_o);

  for (GList * l = self->clients; l; l = l->next)
    queued_chunks += ((SseClient *) l->data)->queued;
  events_o = json_object_new ();
  json_object_set_int_member (events_o, "clients",
      g_list_length (self->clients));
  json_object_set_int_member (events_o, "queued_chunks", queued_chunks);
  json_object_set_int_member (events_o, "max_queued_chunks_per_client",
      SSE_MAX_QUEUED);
  json_object_set_object_member (o, "event_queue", events_o);

  wf_monitor_get_timings (self->monitor, &t);
  startup = json_object_new ();
  set_seconds_or_null (startup, "api_ready_seconds", t.process_start_us,
      t.api_ready_us);
  set_seconds_or_null (startup, "first_frame_seconds", t.process_start_us,
      t.first_frame_us);
  json_object_set_object_member (o, "startup", startup);
  send_object (msg, SOUP_STATUS_OK, o);
}

static void
handle_health (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  g_autoptr (JsonObject) o = json_object_new ();
  g_auto (GStrv) features = wf_monitor_features ();
  GPtrArray *cams = wf_monitor_get_cameras (self->monitor);
  WfConfig *cfg = wf_monitor_get_config (self->monitor);
  JsonObject *counts = json_object_new ();
  JsonObject *store_o = json_object_new ();
  JsonObject *auth = json_object_new ();
  JsonArray *fa = json_array_new ();
  guint per_state[WF_CAMERA_FAILED_CONFIG + 1] = { 0 };
  gboolean degraded = FALSE;
  WfStoreStats ss;
  WfTimings t;

  if (!g_str_equal (path, API "/health")) {
    not_found (msg);
    return;
  }
  if (!accept_request (self, msg, "GET"))
    return;
  for (guint i = 0; i < cams->len; i++) {
    WfCameraState s = wf_camera_get_state (g_ptr_array_index (cams, i));
    per_state[s]++;
    if (s == WF_CAMERA_RETRYING || s == WF_CAMERA_FAILED_CONFIG)
      degraded = TRUE;
  }
  wf_monitor_get_timings (self->monitor, &t);
  json_object_set_string_member (o, "status", degraded ? "degraded" : "ok");
  json_object_set_string_member (o, "version", VERSION);
  json_object_set_double_member (o, "uptime_seconds",
      (g_get_monotonic_time () - t.process_start_us) / 1e6);
  for (guint i = 0; features[i]; i++)
    json_array_add_string_element (fa, features[i]);
  json_object_set_array_member (o, "features", fa);
  json_object_set_boolean_member (o, "gallery", self->gallery != NULL);
  json_object_set_boolean_member (o, "enrolment", self->gallery != NULL &&
      wf_enrol_available ());
  json_object_set_int_member (counts, "total", cams->len);
  for (guint s = WF_CAMERA_STOPPED; s <= WF_CAMERA_FAILED_CONFIG; s++)
    json_object_set_int_member (counts, wf_camera_state_to_string (s),
        per_state[s]);
  json_object_set_object_member (o, "cameras", counts);

  wf_store_get_stats (wf_monitor_get_store (self->monitor), &ss);
  json_object_set_int_member (store_o, "pending_records", ss.pending);
  json_object_set_int_member (store_o, "batches", ss.batches);
  json_object_set_int_member (store_o, "last_event_id", ss.last_event_id);
  json_object_set_int_member (store_o, "committed_event_id",
      ss.committed_event_id);
  if (ss.last_commit_ms) {
    g_autofree gchar *iso = wf_iso8601_from_ms (ss.last_commit_ms);
    json_object_set_string_member (store_o, "last_commit", iso);
  } else {
    json_object_set_null_member (store_o, "last_commit");
  }
  json_object_set_int_member (store_o, "retention_days",
      wf_config_get_retention_days (cfg));
  json_object_set_object_member (o, "store", store_o);

  json_object_set_boolean_member (auth, "token_configured",
      wf_config_get_token (cfg) != NULL);
  json_object_set_string_member (auth, "required_for", self->auth_all ?
      "all" : "mutating");
  json_object_set_boolean_member (auth, "public_health", self->auth_all &&
      wf_config_get_public_health (cfg));
  json_object_set_object_member (o, "auth", auth);
  send_object (msg, SOUP_STATUS_OK, o);
}

static void
prom_escape (GString * s, const gchar * v)
{
  for (; *v; v++) {
    if (*v == '\\' || *v == '"')
      g_string_append_c (s, '\\');
    if (*v == '\n')
      g_string_append (s, "\\n");
    else
      g_string_append_c (s, *v);
  }
}

static void
prom_head (GString * s, const gchar * name, const gchar * type,
    const gchar * help)
{
  g_string_append_printf (s, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
      type);
}

static void
prom_sample (GString * s, const gchar * name, const gchar * l1,
    const gchar * v1, const gchar * l2, const gchar * v2, gdouble value)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (s, name);
  if (l1) {
    g_string_append_printf (s, "{%s=\"", l1);
    prom_escape (s, v1);
    g_string_append_c (s, '"');
    if (l2) {
      g_string_append_printf (s, ",%s=\"", l2);
      prom_escape (s, v2);
      g_string_append_c (s, '"');
    }
    g_string_append_c (s, '}');
  }
  g_string_append_printf (s, " %s\n", g_ascii_dtostr (buf, sizeof (buf),
          value));
}

static void
handle_metrics (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  GString *s = g_string_new (NULL);
  GPtrArray *cams = wf_monitor_get_cameras (self->monitor);
  g_autoptr (GArray) models = wf_model_cache_list ();
  g_autoptr (JsonObject) occ = NULL;
  JsonArray *zones, *lines;
  WfStoreStats ss;
  WfMemStats m;
  WfTimings t;

  if (!g_str_equal (path, "/metrics")) {
    g_string_free (s, TRUE);
    not_found (msg);
    return;
  }
  if (!accept_request (self, msg, "GET")) {
    g_string_free (s, TRUE);
    return;
  }
  if (wf_memstats_read (&m, NULL)) {
    prom_head (s, "wf_resident_memory_bytes", "gauge", "VmRSS of the daemon");
    prom_sample (s, "wf_resident_memory_bytes", NULL, NULL, NULL, NULL,
        m.vm_rss);
    prom_head (s, "wf_resident_memory_peak_bytes", "gauge", "VmHWM");
    prom_sample (s, "wf_resident_memory_peak_bytes", NULL, NULL, NULL, NULL,
        m.vm_hwm);
    prom_head (s, "wf_heap_in_use_bytes", "gauge", "malloc in use");
    prom_sample (s, "wf_heap_in_use_bytes", NULL, NULL, NULL, NULL,
        m.in_use);
  }
  prom_head (s, "wf_model_bytes", "gauge", "memory held by each model");
  for (guint i = 0; i < models->len; i++) {
    WfModelInfo *mi = &g_array_index (models, WfModelInfo, i);
    g_autofree gchar *name = model_name (mi);
    prom_sample (s, "wf_model_bytes", "model", name, NULL, NULL, mi->bytes);
  }
  prom_head (s, "wf_camera_up", "gauge", "1 when the camera is running");
  for (guint i = 0; i < cams->len; i++) {
    WfCamera *c = g_ptr_array_index (cams, i);
    prom_sample (s, "wf_camera_up", "camera", wf_camera_get_id (c), NULL,
        NULL, wf_camera_get_state (c) == WF_CAMERA_RUNNING);
  }
  prom_head (s, "wf_camera_state", "gauge", "1 for the camera's state");
  for (guint i = 0; i < cams->len; i++) {
    WfCamera *c = g_ptr_array_index (cams, i);
    prom_sample (s, "wf_camera_state", "camera", wf_camera_get_id (c),
        "state", wf_camera_state_to_string (wf_camera_get_state (c)), 1);
  }
  prom_head (s, "wf_camera_frames_total", "counter", "frames analysed");
  for (guint i = 0; i < cams->len; i++) {
    WfCamera *c = g_ptr_array_index (cams, i);
    WfCameraStatus st;
    wf_camera_get_status (c, &st);
    prom_sample (s, "wf_camera_frames_total", "camera", wf_camera_get_id (c),
        NULL, NULL, st.frames);
    wf_camera_status_clear (&st);
  }
  prom_head (s, "wf_camera_reconnects_total", "counter", "reconnections");
  for (guint i = 0; i < cams->len; i++) {
    WfCamera *c = g_ptr_array_index (cams, i);
    WfCameraStatus st;
    wf_camera_get_status (c, &st);
    prom_sample (s, "wf_camera_reconnects_total", "camera",
        wf_camera_get_id (c), NULL, NULL, st.reconnects);
    wf_camera_status_clear (&st);
  }
  prom_head (s, "wf_camera_last_frame_age_seconds", "gauge",
      "time since the last frame (absent before the first)");
  for (guint i = 0; i < cams->len; i++) {
    WfCamera *c = g_ptr_array_index (cams, i);
    WfCameraStatus st;
    wf_camera_get_status (c, &st);
    if (st.last_frame_age_ms >= 0)
      prom_sample (s, "wf_camera_last_frame_age_seconds", "camera",
          wf_camera_get_id (c), NULL, NULL, st.last_frame_age_ms / 1e3);
    wf_camera_status_clear (&st);
  }

  occ = wf_monitor_occupancy_now (self->monitor);
  zones = json_object_get_array_member (occ, "zones");
  lines = json_object_get_array_member (occ, "lines");
  prom_head (s, "wf_zone_count", "gauge", "people in the zone now");
  for (guint i = 0; i < json_array_get_length (zones); i++) {
    JsonObject *z = json_array_get_object_element (zones, i);
    prom_sample (s, "wf_zone_count", "camera",
        json_object_get_string_member (z, "camera"), "zone",
        json_object_get_string_member (z, "zone"),
        json_object_get_int_member (z, "count"));
  }
  prom_head (s, "wf_line_in_total", "counter", "crossings in");
  for (guint i = 0; i < json_array_get_length (lines); i++) {
    JsonObject *l = json_array_get_object_element (lines, i);
    prom_sample (s, "wf_line_in_total", "camera",
        json_object_get_string_member (l, "camera"), "line",
        json_object_get_string_member (l, "line"),
        json_object_get_int_member (l, "in"));
  }
  prom_head (s, "wf_line_out_total", "counter", "crossings out");
  for (guint i = 0; i < json_array_get_length (lines); i++) {
    JsonObject *l = json_array_get_object_element (lines, i);
    prom_sample (s, "wf_line_out_total", "camera",
        json_object_get_string_member (l, "camera"), "line",
        json_object_get_string_member (l, "line"),
        json_object_get_int_member (l, "out"));
  }

  wf_store_get_stats (wf_monitor_get_store (self->monitor), &ss);
  prom_head (s, "wf_store_pending_records", "gauge", "records not yet "
      "committed");
  prom_sample (s, "wf_store_pending_records", NULL, NULL, NULL, NULL,
      ss.pending);
  prom_head (s, "wf_store_batches_total", "counter", "committed batches");
  prom_sample (s, "wf_store_batches_total", NULL, NULL, NULL, NULL,
      ss.batches);
  prom_head (s, "wf_events_total", "counter", "journalled events");
  prom_sample (s, "wf_events_total", NULL, NULL, NULL, NULL,
      wf_monitor_get_event_count (self->monitor));
  prom_head (s, "wf_http_requests_total", "counter", "API requests");
  prom_sample (s, "wf_http_requests_total", NULL, NULL, NULL, NULL,
      self->requests);
  wf_monitor_get_timings (self->monitor, &t);
  if (t.api_ready_us) {
    prom_head (s, "wf_startup_api_ready_seconds", "gauge",
        "process start to API ready");
    prom_sample (s, "wf_startup_api_ready_seconds", NULL, NULL, NULL, NULL,
        (t.api_ready_us - t.process_start_us) / 1e6);
  }
  if (t.first_frame_us) {
    prom_head (s, "wf_startup_first_frame_seconds", "gauge",
        "process start to the first analysed frame");
    prom_sample (s, "wf_startup_first_frame_seconds", NULL, NULL, NULL, NULL,
        (t.first_frame_us - t.process_start_us) / 1e6);
  }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  {
    gsize len = s->len;
    soup_server_message_set_response (msg,
        "text/plain; version=0.0.4; charset=utf-8", SOUP_MEMORY_TAKE,
        g_string_free (s, FALSE), len);
  }
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
    not_found (msg);
    return;
  }
  if (!accept_request (self, msg, "GET"))
    return;
  doc = g_resources_lookup_data ("/org/workforce-monitor/openapi.json",
      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (!doc) {
    send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
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

  self->requests++;
  not_found (msg);
}

/* ---- object ---- */

gchar *
wf_api_listen (WfApi * self, const gchar * address, guint port,
    GError ** error)
{
  g_autoptr (GSocketAddress) sa = NULL;
  GSList *uris;
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
  if (!soup_server_listen (self->server, sa, 0, error))
    return NULL;
  uris = soup_server_get_uris (self->server);
  if (uris) {
    GUri *u = uris->data;
    url = g_strdup_printf ("http://%s%s%s:%d/",
        strchr (address, ':') ? "[" : "", address,
        strchr (address, ':') ? "]" : "", g_uri_get_port (u));
  }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  self->keepalive_id = g_timeout_add_seconds (SSE_KEEPALIVE_S, sse_keepalive,
      self);
  return url;
}

void
wf_api_shutdown (WfApi * self)
{
  GList *clients = g_list_copy (self->clients);

  for (GList * l = clients; l; l = l->next)
    sse_close (l->data);
  g_list_free (clients);
  g_clear_handle_id (&self->keepalive_id, g_source_remove);
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
  while (self->clients) {
    SseClient *c = self->clients->data;
    sse_finished (c->msg, c);
  }
  g_clear_object (&self->server);
  g_clear_object (&self->gallery);
  g_clear_object (&self->monitor);
  G_OBJECT_CLASS (wf_api_parent_class)->dispose (object);
}

static void
wf_api_class_init (WfApiClass * klass)
{
  G_OBJECT_CLASS (klass)->dispose = wf_api_dispose;
}

static void
wf_api_init (WfApi * self)
{
}

WfApi *
wf_api_new (WfMonitor * monitor, WfGallery * gallery)
{
  WfApi *self = g_object_new (WF_TYPE_API, NULL);

  self->monitor = g_object_ref (monitor);
  self->gallery = gallery ? g_object_ref (gallery) : NULL;
  self->server = soup_server_new ("server-header", "workforce-monitor/"
      VERSION " ", NULL);
  g_signal_connect (self->server, "request-started",
      G_CALLBACK (on_request_started), NULL);
  soup_server_add_early_handler (self->server, NULL, early_handler, self,
      NULL);
  soup_server_add_handler (self->server, NULL, handle_default, self, NULL);
  soup_server_add_handler (self->server, API "/health", handle_health, self,
      NULL);
  soup_server_add_handler (self->server, API "/cameras", handle_cameras,
      self, NULL);
  soup_server_add_handler (self->server, API "/occupancy", handle_occupancy,
      self, NULL);
  soup_server_add_handler (self->server, API "/attendance",
      handle_attendance, self, NULL);
  soup_server_add_handler (self->server, API "/employees", handle_employees,
      self, NULL);
  soup_server_add_handler (self->server, API "/events", handle_events, self,
      NULL);
  soup_server_add_handler (self->server, API "/journal", handle_journal,
      self, NULL);
  soup_server_add_handler (self->server, API "/memory", handle_memory, self,
      NULL);
  soup_server_add_handler (self->server, API "/openapi.json",
      handle_openapi, self, NULL);
  soup_server_add_handler (self->server, "/metrics", handle_metrics, self,
      NULL);
  self->event_id = g_signal_connect (monitor, "event", G_CALLBACK (on_event),
      self);
  return self;
}
