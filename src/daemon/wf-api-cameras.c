/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Cameras: list, add, show, remove. */
#include "config.h"
#include "wf-api-private.h"

#include <string.h>

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
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", name,
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
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", name,
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
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", name,
        "%s must be a number of seconds", name);
    return FALSE;
  }
  d = t == G_TYPE_DOUBLE ? json_node_get_double (n) : json_node_get_int (n);
  if (!(d >= min && d <= max)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", name,
        "%s must be from %g to %g seconds", name, min, max);
    return FALSE;
  }
  *out_ms = (guint) (d * 1000.0 + 0.5);
  return TRUE;
}

static void
post_camera (WfApi * self, SoupServerMessage * msg)
{
  g_autoptr (JsonObject) o = wf_api_parse_json_body (msg);
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
      wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", l->data,
          "unknown field '%s'", (const gchar *) l->data);
      g_list_free (members);
      return;
    }
  }
  g_list_free (members);

  if (!get_opt_string (msg, o, "id", &id))
    return;
  if (!id) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "id",
        "id is required");
    return;
  }
  if (!wf_camera_id_is_valid (id)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "id",
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
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "uri",
        "uri is required");
    return;
  }
  if (!g_uri_is_valid (c->uri, G_URI_FLAGS_NONE, NULL)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "uri",
        "uri must be an absolute URI such as rtsp://host/path");
    return;
  }
  if (g_uri_peek_scheme (c->uri) && g_str_equal (g_uri_peek_scheme (c->uri),
          "file")) {
    /* No path from a request reaches the filesystem. */
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "uri",
        "file URIs can only be set in the configuration file");
    return;
  }
  if (c->pipeline && !wf_pipeline_name_is_valid (c->pipeline)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
        "pipeline", "pipeline must be a template name (a-z, 0-9, '_', '-')");
    return;
  }
  if (c->backoff_max_ms < c->backoff_initial_ms) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
        "backoff_max", "backoff_max must not be below backoff_initial");
    return;
  }
  if (!wf_camera_check_geometry (c->zones, c->lines, &field, &err)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", field,
        "%s: %s", field, err->message);
    return;
  }
  if (!wf_monitor_add_camera (self->monitor, c, &err)) {
    wf_api_error_field (msg, SOUP_STATUS_CONFLICT, "conflict", "id", "%s",
        err->message);
    return;
  }
  location = g_strdup_printf (API "/cameras/%s", id);
  soup_message_headers_replace (soup_server_message_get_response_headers
      (msg), "Location", location);
  {
    g_autoptr (JsonObject) r =
        camera_json (wf_monitor_find_camera (self->monitor, id));
    wf_api_send_object (msg, SOUP_STATUS_CREATED, r);
  }
}

void
wf_api_handle_cameras (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  g_auto (GStrv) seg = wf_api_path_segments (path, API "/cameras");
  const gchar *method = soup_server_message_get_method (msg);

  if (!seg || g_strv_length (seg) > 1) {
    wf_api_not_found (msg);
    return;
  }
  if (!seg[0]) {
    if (!wf_api_accept (self, msg, "GET,POST"))
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
      wf_api_send_object (msg, SOUP_STATUS_OK, o);
    }
    return;
  } else {
    WfCamera *cam = wf_monitor_find_camera (self->monitor, seg[0]);
    if (!cam) {
      wf_api_error (msg, SOUP_STATUS_NOT_FOUND, "not-found",
          "no camera '%s'", seg[0]);
      return;
    }
    if (!wf_api_accept (self, msg, "GET,DELETE"))
      return;
    if (g_str_equal (method, "DELETE")) {
      wf_monitor_remove_camera (self->monitor, seg[0]);
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    } else {
      g_autoptr (JsonObject) o = camera_json (cam);
      wf_api_send_object (msg, SOUP_STATUS_OK, o);
    }
  }
}
