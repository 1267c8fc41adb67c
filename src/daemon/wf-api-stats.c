/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Health, memory and Prometheus metrics. */
#include "config.h"
#include "wf-api-private.h"
#if WF_HAVE_POSTGRESQL
#include "wf-gallery-sync.h"
#endif
#include "wf-enrol.h"
#include "wf-memstats.h"
#include "wf-model-cache.h"
#include "wf-mqtt-report.h"

#include <string.h>
#include <sqlite3.h>

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

void
wf_api_handle_memory (SoupServer * server, SoupServerMessage * msg,
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
    wf_api_not_found (msg);
    return;
  }
  if (!wf_api_accept (self, msg, "GET"))
    return;
  if (!wf_memstats_read (&m, &err)) {
    wf_api_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "%s",
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

  queued_chunks = wf_api_events_queued (self);
  events_o = json_object_new ();
  json_object_set_int_member (events_o, "clients",
      g_list_length (self->clients));
  json_object_set_int_member (events_o, "queued_chunks", queued_chunks);
  json_object_set_int_member (events_o, "max_queued_chunks_per_client",
      SSE_MAX_QUEUED);
  json_object_set_object_member (o, "event_queue", events_o);
  wf_mqtt_report_memory (self->mqtt, o);

  wf_monitor_get_timings (self->monitor, &t);
  startup = json_object_new ();
  set_seconds_or_null (startup, "api_ready_seconds", t.process_start_us,
      t.api_ready_us);
  set_seconds_or_null (startup, "first_frame_seconds", t.process_start_us,
      t.first_frame_us);
  json_object_set_object_member (o, "startup", startup);
  wf_api_send_object (msg, SOUP_STATUS_OK, o);
}

void
wf_api_handle_health (SoupServer * server, SoupServerMessage * msg,
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
    wf_api_not_found (msg);
    return;
  }
  if (!wf_api_accept (self, msg, "GET"))
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
#if WF_HAVE_POSTGRESQL
  if (self->gallery_sync) {
    JsonObject *sg = json_object_new ();
    WfGallerySyncState st;
    gboolean connected = wf_gallery_sync_get_state (self->gallery_sync, &st);

    /* this node's gallery file is a copy of the site's: while the
     * database is away it serves what it has */
    json_object_set_boolean_member (sg, "connected", connected);
    json_object_set_int_member (sg, "imported", st.imported);
    json_object_set_int_member (sg, "written", st.written);
    json_object_set_int_member (sg, "removed", st.removed);
    json_object_set_int_member (sg, "checks", st.checks);
    json_object_set_object_member (o, "site_gallery", sg);
    degraded |= !connected;
  }
#endif
  json_object_set_int_member (counts, "total", cams->len);
  for (guint s = WF_CAMERA_STOPPED; s <= WF_CAMERA_FAILED_CONFIG; s++)
    json_object_set_int_member (counts, wf_camera_state_to_string (s),
        per_state[s]);
  json_object_set_object_member (o, "cameras", counts);

  wf_store_get_stats (wf_monitor_get_store (self->monitor), &ss);
  json_object_set_string_member (store_o, "engine",
      wf_store_get_engine (wf_monitor_get_store (self->monitor)));
  /* false while the database is unreachable: results wait in memory */
  json_object_set_boolean_member (store_o, "writing", ss.writing);
  json_object_set_int_member (store_o, "pending_records", ss.pending);
  json_object_set_int_member (store_o, "dropped_records", ss.dropped);
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
  json_object_set_object_member (o, "privacy", wf_api_privacy_health (self));

  json_object_set_boolean_member (auth, "token_configured",
      wf_config_has_token (cfg));
  json_object_set_string_member (auth, "required_for", self->auth_all ?
      "all" : "mutating");
  json_object_set_boolean_member (auth, "public_health", self->auth_all &&
      wf_config_get_public_health (cfg));
  json_object_set_object_member (o, "auth", auth);
  if (!wf_mqtt_report_health (self->mqtt, o))
    json_object_set_string_member (o, "status", "degraded");
  wf_api_send_object (msg, SOUP_STATUS_OK, o);
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

void
wf_api_handle_metrics (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  GString *s = g_string_new (NULL);
  GPtrArray *cams = wf_monitor_get_cameras (self->monitor);
  g_autoptr (GArray) models = wf_model_cache_list ();
  g_autoptr (GArray) zones = wf_monitor_get_zones (self->monitor);
  g_autoptr (GArray) lines = wf_monitor_get_lines (self->monitor);
  WfApiConnStats cs;
  WfStoreStats ss;
  WfMemStats m;
  WfTimings t;

  if (!g_str_equal (path, "/metrics")) {
    g_string_free (s, TRUE);
    wf_api_not_found (msg);
    return;
  }
  if (!wf_api_accept (self, msg, "GET")) {
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
  /* One series per state, 0 but for the current one: a state that was
   * never entered still exists for queries and alerts. */
  prom_head (s, "wf_camera_state", "gauge", "1 for the camera's state, 0 "
      "for the others");
  for (guint i = 0; i < cams->len; i++) {
    WfCamera *c = g_ptr_array_index (cams, i);
    WfCameraState now = wf_camera_get_state (c);
    for (guint st = WF_CAMERA_STOPPED; st <= WF_CAMERA_FAILED_CONFIG; st++)
      prom_sample (s, "wf_camera_state", "camera", wf_camera_get_id (c),
          "state", wf_camera_state_to_string (st), st == now);
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
  prom_head (s, "wf_camera_analysed_ratio", "gauge", "frames facedetect "
      "analysed, of all since the pipeline started (its motion gate)");
  for (guint i = 0; i < cams->len; i++) {
    WfCamera *c = g_ptr_array_index (cams, i);
    WfCameraStatus st;
    wf_camera_get_status (c, &st);
    if (st.analysed_fraction >= 0)
      prom_sample (s, "wf_camera_analysed_ratio", "camera",
          wf_camera_get_id (c), NULL, NULL, st.analysed_fraction);
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

  /* promtool: a gauge must not end in _count (that suffix is a
   * histogram's or a summary's) */
  prom_head (s, "wf_zone_occupancy", "gauge", "people in the zone now");
  for (guint i = 0; i < zones->len; i++) {
    WfZoneNow *z = &g_array_index (zones, WfZoneNow, i);
    prom_sample (s, "wf_zone_occupancy", "camera", z->camera, "zone",
        z->zone, z->count);
  }
  prom_head (s, "wf_line_in_total", "counter", "crossings in");
  for (guint i = 0; i < lines->len; i++) {
    WfLineNow *l = &g_array_index (lines, WfLineNow, i);
    prom_sample (s, "wf_line_in_total", "camera", l->camera, "line",
        l->line, l->in);
  }
  prom_head (s, "wf_line_out_total", "counter", "crossings out");
  for (guint i = 0; i < lines->len; i++) {
    WfLineNow *l = &g_array_index (lines, WfLineNow, i);
    prom_sample (s, "wf_line_out_total", "camera", l->camera, "line",
        l->line, l->out);
  }

  wf_store_get_stats (wf_monitor_get_store (self->monitor), &ss);
  prom_head (s, "wf_store_pending_records", "gauge", "records not yet "
      "committed");
  prom_sample (s, "wf_store_pending_records", NULL, NULL, NULL, NULL,
      ss.pending);
  prom_head (s, "wf_store_dropped_records_total", "counter", "results "
      "dropped while the database was unreachable and the buffer full");
  prom_sample (s, "wf_store_dropped_records_total", NULL, NULL, NULL, NULL,
      ss.dropped);
  prom_head (s, "wf_store_writing", "gauge", "1 while batches are "
      "committed, 0 while the database is unreachable");
  prom_sample (s, "wf_store_writing", NULL, NULL, NULL, NULL, ss.writing);
  prom_head (s, "wf_store_batches_total", "counter", "committed batches");
  prom_sample (s, "wf_store_batches_total", NULL, NULL, NULL, NULL,
      ss.batches);
  prom_head (s, "wf_events_total", "counter", "journalled events");
  prom_sample (s, "wf_events_total", NULL, NULL, NULL, NULL,
      wf_monitor_get_event_count (self->monitor));
  prom_head (s, "wf_http_requests_total", "counter", "API requests");
  prom_sample (s, "wf_http_requests_total", NULL, NULL, NULL, NULL,
      self->requests);
  wf_api_conns_get_stats (self->conns, &cs);
  prom_head (s, "wf_http_connections", "gauge", "open HTTP connections");
  prom_sample (s, "wf_http_connections", NULL, NULL, NULL, NULL, cs.open);
  prom_head (s, "wf_http_connections_limit", "gauge", "most connections "
      "held at once, in total and per peer address");
  prom_sample (s, "wf_http_connections_limit", "scope", "total", NULL, NULL,
      cs.max_total);
  prom_sample (s, "wf_http_connections_limit", "scope", "peer", NULL, NULL,
      cs.max_per_peer);
  prom_head (s, "wf_http_connections_accepted_total", "counter",
      "connections accepted");
  prom_sample (s, "wf_http_connections_accepted_total", NULL, NULL, NULL,
      NULL, cs.accepted);
  prom_head (s, "wf_http_connections_refused_total", "counter",
      "connections refused at a limit (503)");
  prom_sample (s, "wf_http_connections_refused_total", "reason", "total",
      NULL, NULL, cs.refused_total);
  prom_sample (s, "wf_http_connections_refused_total", "reason", "peer",
      NULL, NULL, cs.refused_peer);
  prom_head (s, "wf_http_timeouts_total", "counter",
      "connections closed at their header or body deadline");
  prom_sample (s, "wf_http_timeouts_total", NULL, NULL, NULL, NULL,
      cs.timed_out);
  prom_head (s, "wf_http_refused_before_body_total", "counter",
      "requests answered from their headers, body unread (401, 413, 414)");
  prom_sample (s, "wf_http_refused_before_body_total", NULL, NULL, NULL,
      NULL, cs.refused_early);
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
  wf_mqtt_report_metrics (self->mqtt, s);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  {
    gsize len = s->len;
    soup_server_message_set_response (msg,
        "text/plain; version=0.0.4; charset=utf-8", SOUP_MEMORY_TAKE,
        g_string_free (s, FALSE), len);
  }
}
