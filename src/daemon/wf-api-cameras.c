/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Cameras: list, add, show, remove. */
#include "config.h"
#include "wf-api-private.h"
#include "wf-placement.h"
#include "wf-camera-config.h"
#include "wf-uri.h"

#include <string.h>

/* ---- cameras ---- */

static JsonObject *
camera_json (WfCamera * cam)
{
  const WfCameraConfig *c = wf_camera_get_config (cam);
  JsonObject *o = json_object_new ();
  g_autofree gchar *uri = wf_uri_redact (c->uri);
  WfCameraStatus st;

  wf_camera_get_status (cam, &st);
  json_object_set_string_member (o, "id", c->id);
  json_object_set_string_member (o, "uri", uri);
  if (c->substream) {
    g_autofree gchar *sub = wf_uri_redact (c->substream);
    json_object_set_string_member (o, "substream", sub);
  } else {
    json_object_set_null_member (o, "substream");
  }
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
  json_object_set_int_member (o, "decode_threads", c->decode_threads);
  wf_camera_status_clear (&st);
  return o;
}

/* camera_json (), and on a site of several nodes the node running it. */
static JsonObject *
camera_reply (WfApi * self, WfCamera * cam)
{
  JsonObject *o = camera_json (cam);
#if WF_HAVE_POSTGRESQL
  WfPlacement *p = wf_monitor_get_placement (self->monitor);

  if (p)
    json_object_set_string_member (o, "node", wf_placement_get_node (p));
#endif
  return o;
}

#if WF_HAVE_POSTGRESQL
/* A camera of the site that this node does not run: {"id", "node",
 * "state"}, or NULL when the site has no such camera (or the database is
 * not there). */
static JsonObject *
site_camera (WfApi * self, const gchar * id)
{
  WfPlacement *p = wf_monitor_get_placement (self->monitor);
  g_autoptr (JsonArray) site = p ? wf_placement_list (p, NULL) : NULL;

  for (guint i = 0; site && i < json_array_get_length (site); i++) {
    JsonObject *c = json_array_get_object_element (site, i);
    if (g_str_equal (json_object_get_string_member (c, "id"), id)) {
      JsonObject *o = json_object_new ();
      JsonNode *node = json_object_get_member (c, "node");
      json_object_set_string_member (o, "id", id);
      json_object_set_member (o, "node", json_node_copy (node));
      json_object_set_string_member (o, "state",
          JSON_NODE_HOLDS_NULL (node) ? "unplaced" : "elsewhere");
      return o;
    }
  }
  return NULL;
}
#endif

/* A refused camera configuration is answered 400 and logged. */
static void
refuse (SoupServerMessage * msg, const WfCameraConfig * c,
    const gchar * field, const GError * err)
{
  g_autofree gchar *uri = wf_uri_redact (c->uri);

  g_warning ("camera %s refused (uri %s): %s: %s", c->id, uri ? uri : "none",
      field, err->message);
  wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", field,
      "%s", err->message);
}

/* One member of the body: its JSON type checked here, its range and
 * meaning by the camera validator the configuration file uses too. */
static gboolean
set_member (SoupServerMessage * msg, WfCameraConfig * c,
    const WfCameraKey * k, JsonNode * n)
{
  g_autoptr (GError) err = NULL;
  GType t = JSON_NODE_HOLDS_VALUE (n) ? json_node_get_value_type (n) : 0;
  gboolean ok = FALSE;

  switch (k->type) {
    case WF_CAMERA_KEY_STRING:
      if (JSON_NODE_HOLDS_NULL (n))
        return TRUE;            /* the default */
      if (t != G_TYPE_STRING) {
        g_set_error (&err, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE,
            "%s must be a string", k->name);
        break;
      }
      ok = wf_camera_config_set_string (c, k, json_node_get_string (n), &err);
      break;
    case WF_CAMERA_KEY_BOOLEAN:
      if (t != G_TYPE_BOOLEAN) {
        g_set_error (&err, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE,
            "%s must be true or false", k->name);
        break;
      }
      ok = wf_camera_config_set_boolean (c, k, json_node_get_boolean (n),
          &err);
      break;
    case WF_CAMERA_KEY_COUNT:
      if (t != G_TYPE_INT64 || json_node_get_int (n) < 0) {
        g_set_error (&err, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE,
            "%s must be a whole number from %g to %g", k->name, k->min,
            k->max);
        break;
      }
      ok = wf_camera_config_set_count (c, k, (guint64) json_node_get_int (n),
          &err);
      break;
    case WF_CAMERA_KEY_SECONDS:
      if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64) {
        g_set_error (&err, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE,
            "%s must be a number of seconds", k->name);
        break;
      }
      ok = wf_camera_config_set_seconds (c, k, t == G_TYPE_DOUBLE ?
          json_node_get_double (n) : json_node_get_int (n), &err);
      break;
  }
  if (!ok)
    refuse (msg, c, k->name, err);
  return ok;
}

static void
post_camera (WfApi * self, SoupServerMessage * msg)
{
  g_autoptr (JsonObject) o = wf_api_parse_json_body (msg);
  g_autoptr (WfCameraConfig) c = NULL;
  g_autofree gchar *location = NULL;
  g_autoptr (GError) err = NULL;
  WfConfig *server = wf_monitor_get_config (self->monitor);
  const gchar *field = NULL;
  JsonNode *idn;
  const gchar *id;
  GList *members;

  if (!o)
    return;
  members = json_object_get_members (o);
  for (GList * l = members; l; l = l->next) {
    if (!g_str_equal (l->data, "id") && !wf_camera_key_find (l->data, FALSE)) {
      wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", l->data,
          "unknown field '%s'", (const gchar *) l->data);
      g_list_free (members);
      return;
    }
  }
  g_list_free (members);

  idn = json_object_get_member (o, "id");
  if (!idn || JSON_NODE_HOLDS_NULL (idn)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "id",
        "id is required");
    return;
  }
  if (!JSON_NODE_HOLDS_VALUE (idn) ||
      json_node_get_value_type (idn) != G_TYPE_STRING) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "id",
        "id must be a string");
    return;
  }
  id = json_node_get_string (idn);
  if (!wf_camera_id_is_valid (id)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "id",
        "id must be 1-64 letters, digits, '_', '.' or '-', not "
        "only dots");
    return;
  }
  c = wf_camera_config_new (id);
  for (const WfCameraKey * k = wf_camera_keys (); k->name; k++) {
    JsonNode *n = json_object_get_member (o, k->name);
    if (n && !set_member (msg, c, k, n))
      return;
  }
  if (!wf_camera_config_validate (c, WF_CAMERA_FROM_API,
          wf_config_get_address (server), wf_config_get_port (server),
          &field, &err)) {
    refuse (msg, c, field, err);
    return;
  }
#if WF_HAVE_POSTGRESQL
  if (wf_monitor_get_placement (self->monitor)) {
    /* a camera of the site: whichever node has room runs it, this one
     * first if it can */
    WfPlacement *p = wf_monitor_get_placement (self->monitor);
    if (!wf_placement_publish (p, c, &err)) {
      if (g_error_matches (err, G_IO_ERROR, G_IO_ERROR_EXISTS))
        wf_api_error_field (msg, SOUP_STATUS_CONFLICT, "conflict", "id",
            "%s", err->message);
      else
        wf_api_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
            "%s", err->message);
      return;
    }
    wf_placement_tick (p);
  } else
#endif
  if (!wf_monitor_add_camera (self->monitor, c, &err)) {
    wf_api_error_field (msg, SOUP_STATUS_CONFLICT, "conflict", "id", "%s",
        err->message);
    return;
  }
  location = g_strdup_printf (API "/cameras/%s", id);
  soup_message_headers_replace (soup_server_message_get_response_headers
      (msg), "Location", location);
  {
    WfCamera *cam = wf_monitor_find_camera (self->monitor, id);
    g_autoptr (JsonObject) r = NULL;
#if WF_HAVE_POSTGRESQL
    if (!cam)
      r = site_camera (self, id);
#endif
    if (!r)
      r = camera_reply (self, cam);
    wf_api_send_object (msg, SOUP_STATUS_CREATED, r);
  }
}

/* PATCH {"zones": ..., "lines": ..., "enabled": ...}: the zone and line
 * editor's save, the Disable and Enable buttons.  The running pipeline takes
 * new zones and lines without a restart; enabled false stops it, true starts
 * it.  The members go through the camera validator on a copy of the
 * camera's configuration, and nothing changes unless all of them pass. */
static void
patch_camera (WfApi * self, SoupServerMessage * msg, WfCamera * cam)
{
  static const gchar *const patchable[] = { "zones", "lines", "enabled",
    NULL
  };
  g_autoptr (JsonObject) o = wf_api_parse_json_body (msg);
  g_autoptr (WfCameraConfig) c = NULL;
  g_autoptr (GError) err = NULL;
  const gchar *field = NULL;
  GList *members;

  if (!o)
    return;
  members = json_object_get_members (o);
  for (GList * l = members; l; l = l->next) {
    if (!g_strv_contains (patchable, l->data)) {
      wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", l->data,
          "unknown field '%s': only zones, lines and enabled can be "
          "changed",
          (const gchar *) l->data);
      g_list_free (members);
      return;
    }
  }
  g_list_free (members);
  c = wf_camera_config_copy (wf_camera_get_config (cam));
  for (guint i = 0; patchable[i]; i++) {
    JsonNode *n = json_object_get_member (o, patchable[i]);
    if (n && !set_member (msg, c, wf_camera_key_find (patchable[i], FALSE), n))
      return;
  }
  if (!wf_camera_check_geometry (c->zones, c->lines, &field, &err)) {
    refuse (msg, c, field, err);
    return;
  }
  /* only what was sent: setting the same zones again would reset them */
  wf_camera_set_geometry (cam,
      json_object_has_member (o, "zones") ? c->zones : NULL,
      json_object_has_member (o, "lines") ? c->lines : NULL);
  wf_camera_set_enabled (cam, c->enabled);
#if WF_HAVE_POSTGRESQL
  /* the site's copy, for the node that runs it after this one */
  if (wf_monitor_get_placement (self->monitor)) {
    g_autoptr (GError) perr = NULL;
    if (!wf_placement_update (wf_monitor_get_placement (self->monitor),
            wf_camera_get_config (cam), &perr))
      g_warning ("camera %s: the site's copy is not changed: %s",
          wf_camera_get_id (cam), perr->message);
  }
#endif
  {
    g_autoptr (JsonObject) r = camera_reply (self, cam);
    wf_api_send_object (msg, SOUP_STATUS_OK, r);
  }
}

#if WF_HAVE_POSTGRESQL
/* GET or DELETE of a camera another node runs (or none does); a change or
 * a snapshot is for the node running it. */
static void
site_camera_request (WfApi * self, SoupServerMessage * msg,
    const gchar * id, JsonObject * site)
{
  const gchar *method = soup_server_message_get_method (msg);
  g_autoptr (GError) err = NULL;

  if (!wf_api_accept (self, msg, "GET,PATCH,DELETE"))
    return;
  if (g_str_equal (method, "GET")) {
    wf_api_send_object (msg, SOUP_STATUS_OK, site);
  } else if (g_str_equal (method, "DELETE")) {
    if (wf_placement_unpublish (wf_monitor_get_placement (self->monitor), id,
            &err))
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    else if (g_error_matches (err, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
      wf_api_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "%s",
          err->message);
    else
      wf_api_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
          "%s", err->message);
  } else {
    wf_api_error (msg, SOUP_STATUS_CONFLICT, "conflict", "camera '%s' runs "
        "on node %s: change it there", id, json_object_get_null_member
        (site, "node") ? "(none now)" : json_object_get_string_member (site,
            "node"));
  }
}
#endif

void
wf_api_handle_cameras (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  g_auto (GStrv) seg = wf_api_path_segments (path, API "/cameras");
  const gchar *method = soup_server_message_get_method (msg);

  if (!seg || g_strv_length (seg) > 2 || (seg[0] && seg[1] &&
          !g_str_equal (seg[1], "snapshot.jpg"))) {
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
            camera_reply (self, g_ptr_array_index (cams, i)));
#if WF_HAVE_POSTGRESQL
      {
        /* the site's other cameras, with the node running each */
        WfPlacement *p = wf_monitor_get_placement (self->monitor);
        g_autoptr (JsonArray) site = p ? wf_placement_list (p, NULL) : NULL;
        for (guint i = 0; site && i < json_array_get_length (site); i++) {
          const gchar *id = json_object_get_string_member
              (json_array_get_object_element (site, i), "id");
          if (!wf_monitor_find_camera (self->monitor, id)) {
            JsonObject *c = site_camera (self, id);
            if (c)
              json_array_add_object_element (a, c);
          }
        }
      }
#endif
      json_object_set_array_member (o, "cameras", a);
      wf_api_send_object (msg, SOUP_STATUS_OK, o);
    }
    return;
  } else {
    WfCamera *cam = wf_monitor_find_camera (self->monitor, seg[0]);
#if WF_HAVE_POSTGRESQL
    if (!cam && !seg[1] && wf_monitor_get_placement (self->monitor)) {
      g_autoptr (JsonObject) site = site_camera (self, seg[0]);
      if (site) {
        site_camera_request (self, msg, seg[0], site);
        return;
      }
    }
#endif
    if (!cam) {
      wf_api_error (msg, SOUP_STATUS_NOT_FOUND, "not-found",
          "no camera '%s'", seg[0]);
      return;
    }
    if (seg[1]) {
      if (wf_api_accept (self, msg, "GET"))
        wf_api_camera_snapshot (self, msg, cam, query);
      return;
    }
    if (!wf_api_accept (self, msg, "GET,PATCH,DELETE"))
      return;
    if (g_str_equal (method, "PATCH")) {
      patch_camera (self, msg, cam);
    } else if (g_str_equal (method, "DELETE")) {
#if WF_HAVE_POSTGRESQL
      WfPlacement *p = wf_monitor_get_placement (self->monitor);
      g_autoptr (GError) err = NULL;
      /* off the site first, or this node would take it again */
      if (p && !wf_placement_unpublish (p, seg[0], &err) &&
          !g_error_matches (err, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)) {
        wf_api_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
            "%s", err->message);
        return;
      }
#endif
      wf_monitor_remove_camera (self->monitor, seg[0]);
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    } else {
      g_autoptr (JsonObject) o = camera_json (cam);
      wf_api_send_object (msg, SOUP_STATUS_OK, o);
    }
  }
}
