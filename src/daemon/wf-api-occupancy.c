/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Occupancy now and by minute, attendance by day. */
#include "config.h"
#include "wf-api-private.h"
#include "wf-store-json.h"

#include <stdio.h>
#include <string.h>

/* ---- occupancy ---- */

static gboolean
parse_time_param (SoupServerMessage * msg, GHashTable * query,
    const gchar * name, gint64 * out_ms)
{
  const gchar *v = wf_api_query (query, name);
  g_autoptr (GDateTime) dt = NULL;
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();

  if (!v)
    return TRUE;
  dt = g_date_time_new_from_iso8601 (v, local);
  if (!dt) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", name,
        "%s must be an ISO 8601 date and time, such as "
        "2026-11-27T09:00:00Z", name);
    return FALSE;
  }
  *out_ms = g_date_time_to_unix (dt) * 1000 +
      g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}

/* {"zones": [...], "lines": [...]} as issue 5 names them. */
static JsonObject *
occupancy_now_json (WfMonitor * monitor)
{
  g_autoptr (GArray) zones = wf_monitor_get_zones (monitor);
  g_autoptr (GArray) lines = wf_monitor_get_lines (monitor);
  JsonObject *o = json_object_new ();
  JsonArray *za = json_array_new ();
  JsonArray *la = json_array_new ();

  for (guint i = 0; i < zones->len; i++) {
    WfZoneNow *z = &g_array_index (zones, WfZoneNow, i);
    JsonObject *e = json_object_new ();
    json_object_set_string_member (e, "camera", z->camera);
    json_object_set_string_member (e, "zone", z->zone);
    json_object_set_int_member (e, "count", z->count);
    json_object_set_int_member (e, "peak", z->peak);
    json_array_add_object_element (za, e);
  }
  for (guint i = 0; i < lines->len; i++) {
    WfLineNow *l = &g_array_index (lines, WfLineNow, i);
    JsonObject *e = json_object_new ();
    json_object_set_string_member (e, "camera", l->camera);
    json_object_set_string_member (e, "line", l->line);
    json_object_set_int_member (e, "in", l->in);
    json_object_set_int_member (e, "out", l->out);
    json_array_add_object_element (la, e);
  }
  json_object_set_array_member (o, "zones", za);
  json_object_set_array_member (o, "lines", la);
  return o;
}

void
wf_api_handle_occupancy (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  g_auto (GStrv) seg = wf_api_path_segments (path, API "/occupancy");
  guint n = seg ? g_strv_length (seg) : 99;

  if (n != 0 && n != 2) {
    wf_api_not_found (msg);
    return;
  }
  if (!wf_api_accept (self, msg, "GET"))
    return;
  if (n == 0) {
    g_autoptr (JsonObject) o = occupancy_now_json (self->monitor);
    wf_api_send_object (msg, SOUP_STATUS_OK, o);
  } else {
    gint64 to = g_get_real_time () / 1000, from = to - 3600 * 1000;
    g_autoptr (GError) err = NULL;
    g_autoptr (JsonObject) o = NULL;
    g_autofree gchar *sfrom = NULL, *sto = NULL;
    g_autoptr (GArray) rows = NULL;

    if (!wf_monitor_find_camera (self->monitor, seg[0])) {
      wf_api_error (msg, SOUP_STATUS_NOT_FOUND, "not-found",
          "no camera '%s'", seg[0]);
      return;
    }
    if (!parse_time_param (msg, query, "from", &from) ||
        !parse_time_param (msg, query, "to", &to))
      return;
    if (from > to) {
      wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "from",
          "from must not be after to");
      return;
    }
    rows = wf_store_query_occupancy (wf_monitor_get_store (self->monitor),
        seg[0], seg[1], from, to, &err);
    if (!rows) {
      wf_api_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "%s",
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
    json_object_set_array_member (o, "minutes", wf_occupancy_to_json (rows));
    wf_api_send_object (msg, SOUP_STATUS_OK, o);
  }
}

/* ---- attendance ---- */

void
wf_api_handle_attendance (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  const gchar *date = wf_api_query (query, "date");
  g_autofree gchar *today = NULL;
  g_autoptr (GError) err = NULL;
  g_autoptr (JsonObject) o = NULL;
  g_autoptr (GArray) rows = NULL;
  GDate day;

  if (!g_str_equal (path, API "/attendance")) {
    wf_api_not_found (msg);
    return;
  }
  if (!wf_api_accept (self, msg, "GET"))
    return;
  wf_api_audit (self, msg, "read-attendance", NULL);
  if (!date) {
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();
    today = g_date_time_format (now, "%Y-%m-%d");
    date = today;
  } else if (!wf_api_parse_day (date, &day)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "date",
        "date must be a calendar date YYYY-MM-DD");
    return;
  }
  rows = wf_store_query_attendance (wf_monitor_get_store (self->monitor),
      date, &err);
  if (!rows) {
    wf_api_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "%s",
        err->message);
    return;
  }
  o = json_object_new ();
  json_object_set_string_member (o, "date", date);
  json_object_set_array_member (o, "attendance",
      wf_attendance_to_json (rows));
  wf_api_send_object (msg, SOUP_STATUS_OK, o);
}
