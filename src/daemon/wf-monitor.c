/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-monitor.h"
#include "wf-json.h"
#include "wf-meta.h"
#include "wf-memstats.h"
#include "wf-sighting.h"
#include "wf-unknown-collector.h"
#include "wf-uri.h"

#include <malloc.h>
#include <string.h>

GST_DEBUG_CATEGORY_STATIC (wf_monitor_debug);
#define GST_CAT_DEFAULT wf_monitor_debug

/* Occupancy samples and detection journal entries per camera and zone. */
#define SAMPLE_INTERVAL_MS 1000

typedef struct
{
  gchar *camera;
  gchar *name;
  guint a, b;                   /* count, peak / in, out */
  gint64 last_sample_ms;
} LiveFigure;

struct _WfMonitor
{
  GObject parent;

  WfConfig *config;
  WfStore *store;
  WfPlacement *placement;       /* not owned; NULL on a single node */
  GPtrArray *cameras;           /* WfCamera, in order */
  GHashTable *zones;            /* "camera\nzone" -> LiveFigure */
  GHashTable *lines;            /* "camera\nline" -> LiveFigure */
  WfSightings *sightings;       /* when a name becomes attendance */
  /* [privacy] store-unknown-crops: NULL when off */
  WfUnknowns *unknowns;
  WfUnknownCollector *collector;
  /* ids erased or without consent: facematch may still hold such a name on
   * a live track until its next re-verification, and nothing may be
   * written or sent for it; cleared by enrolment or consent given */
  GHashTable *withdrawn;
  GHashTable *last_detection;   /* camera -> gint64 ms (boxed) */
  WfTimings timings;
  guint64 events;
};

enum
{
  SIGNAL_EVENT,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_TYPE_WITH_CODE (WfMonitor, wf_monitor, G_TYPE_OBJECT,
    GST_DEBUG_CATEGORY_INIT (wf_monitor_debug, "wf-monitor", 0,
        "workforce-monitor results"));

static void
live_figure_free (LiveFigure * f)
{
  g_free (f->camera);
  g_free (f->name);
  g_free (f);
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

GStrv
wf_monitor_features (void)
{
  static const gchar *const names[] = { "facedetect", "facematch",
    "occupancy", NULL
  };
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; names[i]; i++)
    if (wf_pipeline_has_element (names[i]))
      g_strv_builder_add (b, names[i]);
  return g_strv_builder_end (b);
}

guint64
wf_monitor_post_event (WfMonitor * self, const gchar * type,
    const gchar * camera, const gchar * employee_id, JsonObject * data)
{
  g_autoptr (JsonObject) ev = json_object_new ();
  g_autofree gchar *data_text = NULL;
  g_autofree gchar *line = NULL;
  g_autofree gchar *time = NULL;
  gint64 ts = now_ms ();
  guint64 id;

  if (data)
    data_text = wf_json_object_to_string (data);
  id = wf_store_add_event (self->store, ts, camera, type, employee_id,
      data_text);
  self->events++;

  time = wf_iso8601_from_ms (ts);
  json_object_set_int_member (ev, "id", id);
  json_object_set_string_member (ev, "type", type);
  json_object_set_string_member (ev, "time", time);
  if (camera)
    json_object_set_string_member (ev, "camera", camera);
  if (data)
    json_object_set_object_member (ev, "data", data);
  line = wf_json_object_to_string (ev);
  g_signal_emit (self, signals[SIGNAL_EVENT], 0, (guint64) id, type, camera,
      line, ev);
  return id;
}

/* An event only sent live, not journalled (per-frame detections). */
static void
live_event (WfMonitor * self, const gchar * type, const gchar * camera,
    JsonObject * data)
{
  g_autoptr (JsonObject) ev = json_object_new ();
  g_autofree gchar *line = NULL;
  g_autofree gchar *time = wf_iso8601_from_ms (now_ms ());

  json_object_set_string_member (ev, "type", type);
  json_object_set_string_member (ev, "time", time);
  json_object_set_string_member (ev, "camera", camera);
  json_object_set_object_member (ev, "data", data);
  line = wf_json_object_to_string (ev);
  g_signal_emit (self, signals[SIGNAL_EVENT], 0, (guint64) 0, type, camera,
      line, ev);
}

static void
handle_facedetect (WfMonitor * self, const gchar * camera,
    const GstStructure * s)
{
  const GValue *faces = gst_structure_get_value (s, WF_FIELD_FACES);
  guint n = faces && GST_VALUE_HOLDS_LIST (faces) ?
      gst_value_list_get_size (faces) : 0;
  gint64 now = now_ms ();
  gint64 *last = g_hash_table_lookup (self->last_detection, camera);

  if (n == 0)
    return;
  live_event (self, "detection", camera, wf_json_from_structure (s));
  /* The journal keeps at most one detection summary per camera and
   * second: per-frame rows would drown everything else. */
  if (!last) {
    last = g_new0 (gint64, 1);
    g_hash_table_insert (self->last_detection, g_strdup (camera), last);
  }
  if (now - *last >= SAMPLE_INTERVAL_MS) {
    JsonObject *d = json_object_new ();
    *last = now;
    json_object_set_int_member (d, "faces", n);
    wf_monitor_post_event (self, "detection", camera, NULL, d);
  }
}

/* Attendance follows the identity facematch reports (wf-sighting.h): a
 * name is written once confirmed, and an identity break ends the sighting. */
static void
handle_match (WfMonitor * self, const gchar * camera, const GstStructure * m)
{
  const gchar *name = gst_structure_get_string (m, WF_FIELD_NAME);
  WfSightingMatch sm = { 0 };
  g_autofree gchar *ended = NULL;
  gboolean known = FALSE;
  gint64 now = now_ms ();
  WfSightingAction action;

  gst_structure_get_boolean (m, WF_FIELD_KNOWN, &known);
  gst_structure_get_uint64 (m, WF_FIELD_TRACK_ID, &sm.track_id);
  sm.employee_id = known ? gst_structure_get_string (m,
      WF_FIELD_EMPLOYEE_ID) : NULL;
  sm.identity = gst_structure_get_string (m, WF_FIELD_IDENTITY);
  gst_structure_get_uint (m, WF_FIELD_SUPPORT, &sm.support);
  sm.broken_id = gst_structure_get_string (m, WF_FIELD_BROKEN_ID);
  if (sm.employee_id && g_hash_table_contains (self->withdrawn,
          sm.employee_id))
    return;
  action = wf_sightings_match (self->sightings, camera, &sm, now, &ended);
  if (ended)
    GST_INFO ("%s: identity break on track %" G_GUINT64_FORMAT " ends the "
        "sighting of %s", camera, sm.track_id, ended);
  if (action == WF_SIGHTING_NONE)
    return;
  wf_store_add_sighting (self->store, now, sm.employee_id, name, camera,
      action == WF_SIGHTING_NEW);
  if (action == WF_SIGHTING_NEW) {
    JsonObject *d = wf_json_from_structure (m);
    wf_monitor_post_event (self, "identity", camera, sm.employee_id, d);
  }
}

static void
handle_facematch (WfMonitor * self, WfCamera * cam, const GstStructure * s)
{
  const gchar *camera = wf_camera_get_id (cam);
  const GValue *matches = gst_structure_get_value (s, WF_FIELD_MATCHES);
  guint n;

  if (!matches || !GST_VALUE_HOLDS_LIST (matches))
    return;
  n = gst_value_list_get_size (matches);
  for (guint i = 0; i < n; i++) {
    const GValue *v = gst_value_list_get_value (matches, i);
    if (!GST_VALUE_HOLDS_STRUCTURE (v))
      continue;
    handle_match (self, camera, gst_value_get_structure (v));
    if (self->collector)
      wf_unknown_collector_match (self->collector, cam,
          gst_value_get_structure (v));
  }
}

static LiveFigure *
live_figure (GHashTable * table, const gchar * camera, const gchar * name,
    gboolean * created)
{
  g_autofree gchar *key = g_strconcat (camera, "\n", name, NULL);
  LiveFigure *f = g_hash_table_lookup (table, key);

  *created = FALSE;
  if (!f) {
    f = g_new0 (LiveFigure, 1);
    f->camera = g_strdup (camera);
    f->name = g_strdup (name);
    g_hash_table_insert (table, g_steal_pointer (&key), f);
    *created = TRUE;
  }
  return f;
}

static void
handle_occupancy (WfMonitor * self, const gchar * camera,
    const GstStructure * s)
{
  const GValue *zones = gst_structure_get_value (s, WF_FIELD_OCC_ZONES);
  const GValue *lines = gst_structure_get_value (s, WF_FIELD_OCC_LINES);
  gint64 now = now_ms ();
  gboolean changed = FALSE;

  for (guint i = 0; zones && GST_VALUE_HOLDS_LIST (zones) &&
      i < gst_value_list_get_size (zones); i++) {
    const GValue *v = gst_value_list_get_value (zones, i);
    const GstStructure *z;
    const gchar *name;
    guint count = 0, peak = 0;
    gboolean created;
    LiveFigure *f;

    if (!GST_VALUE_HOLDS_STRUCTURE (v))
      continue;
    z = gst_value_get_structure (v);
    name = gst_structure_get_string (z, "name");
    if (!name)
      continue;
    gst_structure_get_uint (z, WF_FIELD_COUNT, &count);
    gst_structure_get_uint (z, WF_FIELD_PEAK, &peak);
    f = live_figure (self->zones, camera, name, &created);
    if (created || f->a != count)
      changed = TRUE;
    /* A sample per second, and at once on a change, keeps the per-minute
     * peak exact without a write per frame. */
    if (created || f->a != count || now - f->last_sample_ms >=
        SAMPLE_INTERVAL_MS) {
      f->last_sample_ms = now;
      wf_store_add_occupancy (self->store, now, camera, name, count);
    }
    f->a = count;
    f->b = MAX (f->b, peak);
    f->b = MAX (f->b, count);
  }
  for (guint i = 0; lines && GST_VALUE_HOLDS_LIST (lines) &&
      i < gst_value_list_get_size (lines); i++) {
    const GValue *v = gst_value_list_get_value (lines, i);
    const GstStructure *l;
    const gchar *name;
    guint in = 0, out = 0;
    gboolean created;
    LiveFigure *f;

    if (!GST_VALUE_HOLDS_STRUCTURE (v))
      continue;
    l = gst_value_get_structure (v);
    name = gst_structure_get_string (l, "name");
    if (!name)
      continue;
    gst_structure_get_uint (l, WF_FIELD_IN, &in);
    gst_structure_get_uint (l, WF_FIELD_OUT, &out);
    f = live_figure (self->lines, camera, name, &created);
    if (created || f->a != in || f->b != out)
      changed = TRUE;
    f->a = in;
    f->b = out;
  }
  if (changed)
    live_event (self, "occupancy", camera, wf_json_from_structure (s));
}

static void
handle_occupancy_event (WfMonitor * self, const gchar * camera,
    const GstStructure * s)
{
  const gchar *type = gst_structure_get_name (s);
  /* occupancy names the track's employee when facematch knows it: the
   * event then goes when the employee is deleted */
  const gchar *employee = gst_structure_get_string (s, "employee-id");

  if (g_str_equal (type, WF_EVENT_LINE_CROSS)) {
    const gchar *line = gst_structure_get_string (s, "line");
    const gchar *dir = gst_structure_get_string (s, "direction");
    guint64 track = 0;
    gst_structure_get_uint64 (s, "track-id", &track);
    if (line && dir)
      wf_store_add_crossing (self->store, now_ms (), camera, line, dir, track);
  }
  wf_monitor_post_event (self, type, camera, employee,
      wf_json_from_structure (s));
}

static void
on_element_message (WfCamera * cam, GstMessage * msg, WfMonitor * self)
{
  const GstStructure *s = gst_message_get_structure (msg);
  const gchar *camera = wf_camera_get_id (cam);

  if (!s)
    return;
  if (gst_message_has_name (msg, WF_MESSAGE_FACEDETECT))
    handle_facedetect (self, camera, s);
  else if (gst_message_has_name (msg, WF_MESSAGE_FACEMATCH))
    handle_facematch (self, cam, s);
  else if (gst_message_has_name (msg, WF_MESSAGE_OCCUPANCY))
    handle_occupancy (self, camera, s);
  else if (gst_message_has_name (msg, WF_EVENT_ZONE_ENTER) ||
      gst_message_has_name (msg, WF_EVENT_ZONE_EXIT) ||
      gst_message_has_name (msg, WF_EVENT_LINE_CROSS) ||
      gst_message_has_name (msg, WF_EVENT_OVER_CAPACITY) ||
      gst_message_has_name (msg, WF_EVENT_CAPACITY_NORMAL))
    handle_occupancy_event (self, camera, s);
}

static void
on_state_changed (WfCamera * cam, WfMonitor * self)
{
  WfCameraStatus st;
  JsonObject *d = json_object_new ();

  wf_camera_get_status (cam, &st);
  json_object_set_string_member (d, "state",
      wf_camera_state_to_string (st.state));
  json_object_set_int_member (d, "reconnects", st.reconnects);
  if (st.last_error && st.state != WF_CAMERA_RUNNING)
    json_object_set_string_member (d, "error", st.last_error);
  /* A pipeline was just torn down and another built: hand the freed
   * memory back to the system now rather than letting it accumulate. */
  if (st.state == WF_CAMERA_RUNNING && st.reconnects > 0)
    malloc_trim (0);
  if (st.state == WF_CAMERA_RUNNING && self->timings.first_frame_us == 0) {
    self->timings.first_frame_us = st.first_frame_us;
    g_info ("first analysed frame %.3f s after start (camera %s)",
        (st.first_frame_us - self->timings.process_start_us) / 1e6,
        wf_camera_get_id (cam));
    wf_memstats_log ("first analysed frame");
  }
  wf_monitor_post_event (self, "camera-state", wf_camera_get_id (cam), NULL,
      d);
  wf_camera_status_clear (&st);
}

static WfCamera *
add_camera_unlocked (WfMonitor * self, const WfCameraConfig * cfg)
{
  WfCamera *cam = wf_camera_new (cfg, wf_config_get_pipeline_dir
      (self->config), wf_config_get_gallery (self->config));

  g_signal_connect (cam, "element-message", G_CALLBACK (on_element_message),
      self);
  g_signal_connect (cam, "state-changed", G_CALLBACK (on_state_changed),
      self);
  g_ptr_array_add (self->cameras, cam);
  return cam;
}

WfCamera *
wf_monitor_find_camera (WfMonitor * self, const gchar * id)
{
  for (guint i = 0; i < self->cameras->len; i++) {
    WfCamera *c = g_ptr_array_index (self->cameras, i);
    if (g_str_equal (wf_camera_get_id (c), id))
      return c;
  }
  return NULL;
}

gboolean
wf_monitor_add_camera (WfMonitor * self, const WfCameraConfig * cfg,
    GError ** error)
{
  WfCamera *cam;
  JsonObject *d;

  if (wf_monitor_find_camera (self, cfg->id)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
        "camera '%s' exists", cfg->id);
    return FALSE;
  }
  cam = add_camera_unlocked (self, cfg);
  d = json_object_new ();
  /* Events reach SSE clients and the journal: never the password. */
  {
    g_autofree gchar *uri = wf_uri_redact (cfg->uri);
    json_object_set_string_member (d, "uri", uri);
  }
#if WF_HAVE_POSTGRESQL
  /* a site of several nodes: the journal says which node runs it */
  if (self->placement)
    json_object_set_string_member (d, "node",
        wf_placement_get_node (self->placement));
#endif
  wf_monitor_post_event (self, "camera-added", cfg->id, NULL, d);
  if (cfg->enabled)
    wf_camera_start (cam);
  return TRUE;
}

static void
drop_live_figures (GHashTable * table, const gchar * camera)
{
  GHashTableIter it;
  gpointer v;

  g_hash_table_iter_init (&it, table);
  while (g_hash_table_iter_next (&it, NULL, &v)) {
    LiveFigure *f = v;
    if (g_str_equal (f->camera, camera))
      g_hash_table_iter_remove (&it);
  }
}

gboolean
wf_monitor_remove_camera (WfMonitor * self, const gchar * id)
{
  WfCamera *cam = wf_monitor_find_camera (self, id);
  g_autofree gchar *cid = g_strdup (id);

  if (!cam)
    return FALSE;
  g_signal_handlers_disconnect_by_data (cam, self);
  wf_camera_stop (cam);
  g_ptr_array_remove (self->cameras, cam);
  drop_live_figures (self->zones, cid);
  drop_live_figures (self->lines, cid);
  g_hash_table_remove (self->last_detection, cid);
  wf_sightings_forget_camera (self->sightings, cid);
  {
    JsonObject *d = NULL;
#if WF_HAVE_POSTGRESQL
    if (self->placement) {
      d = json_object_new ();
      json_object_set_string_member (d, "node",
          wf_placement_get_node (self->placement));
    }
#endif
    wf_monitor_post_event (self, "camera-removed", cid, NULL, d);
  }
  return TRUE;
}

void
wf_monitor_forget_employee (WfMonitor * self, const gchar * employee_id)
{
  wf_sightings_forget_employee (self->sightings, employee_id);
  g_hash_table_add (self->withdrawn, g_strdup (employee_id));
}

void
wf_monitor_allow_employee (WfMonitor * self, const gchar * employee_id)
{
  g_hash_table_remove (self->withdrawn, employee_id);
}

void
wf_monitor_start (WfMonitor * self)
{
  GPtrArray *cfgs = wf_config_get_cameras (self->config);

  for (guint i = 0; i < cfgs->len; i++) {
    WfCameraConfig *c = g_ptr_array_index (cfgs, i);
    WfCamera *cam;
    if (wf_monitor_find_camera (self, c->id))
      continue;
    cam = add_camera_unlocked (self, c);
    if (c->enabled)
      wf_camera_start (cam);
  }
}

gboolean
wf_monitor_stop (WfMonitor * self)
{
  gboolean all;

  for (guint i = 0; i < self->cameras->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->cameras,
            i), self);
  all = wf_camera_stop_many ((WfCamera * const *) self->cameras->pdata,
      self->cameras->len);
  wf_store_flush (self->store);
  return all;
}

GPtrArray *
wf_monitor_get_cameras (WfMonitor * self)
{
  return self->cameras;
}

void
wf_monitor_set_unknowns (WfMonitor * self, WfUnknowns * unknowns,
    WfUnknownCollector * collector)
{
  g_set_object (&self->unknowns, unknowns);
  g_set_object (&self->collector, collector);
}

WfUnknowns *
wf_monitor_get_unknowns (WfMonitor * self)
{
  return self->unknowns;
}

WfUnknownCollector *
wf_monitor_get_unknown_collector (WfMonitor * self)
{
  return self->collector;
}

void
wf_monitor_set_placement (WfMonitor * self, WfPlacement * placement)
{
  self->placement = placement;
}

WfPlacement *
wf_monitor_get_placement (WfMonitor * self)
{
  return self->placement;
}

WfConfig *
wf_monitor_get_config (WfMonitor * self)
{
  return self->config;
}

WfStore *
wf_monitor_get_store (WfMonitor * self)
{
  return self->store;
}

static gint
compare_figures (gconstpointer a, gconstpointer b)
{
  const LiveFigure *fa = *(LiveFigure **) a, *fb = *(LiveFigure **) b;
  gint c = strcmp (fa->camera, fb->camera);

  return c ? c : strcmp (fa->name, fb->name);
}

static GPtrArray *
sorted_figures (GHashTable * table)
{
  GPtrArray *a = g_ptr_array_new ();
  GHashTableIter it;
  gpointer v;

  g_hash_table_iter_init (&it, table);
  while (g_hash_table_iter_next (&it, NULL, &v))
    g_ptr_array_add (a, v);
  g_ptr_array_sort (a, compare_figures);
  return a;
}

static void
zone_now_clear (WfZoneNow * z)
{
  g_free (z->camera);
  g_free (z->zone);
}

static void
line_now_clear (WfLineNow * l)
{
  g_free (l->camera);
  g_free (l->line);
}

GArray *
wf_monitor_get_zones (WfMonitor * self)
{
  g_autoptr (GPtrArray) z = sorted_figures (self->zones);
  GArray *a = g_array_sized_new (FALSE, TRUE, sizeof (WfZoneNow), z->len);

  g_array_set_clear_func (a, (GDestroyNotify) zone_now_clear);
  for (guint i = 0; i < z->len; i++) {
    LiveFigure *f = g_ptr_array_index (z, i);
    WfZoneNow e = { g_strdup (f->camera), g_strdup (f->name), f->a, f->b };
    g_array_append_val (a, e);
  }
  return a;
}

GArray *
wf_monitor_get_lines (WfMonitor * self)
{
  g_autoptr (GPtrArray) l = sorted_figures (self->lines);
  GArray *a = g_array_sized_new (FALSE, TRUE, sizeof (WfLineNow), l->len);

  g_array_set_clear_func (a, (GDestroyNotify) line_now_clear);
  for (guint i = 0; i < l->len; i++) {
    LiveFigure *f = g_ptr_array_index (l, i);
    WfLineNow e = { g_strdup (f->camera), g_strdup (f->name), f->a, f->b };
    g_array_append_val (a, e);
  }
  return a;
}

JsonObject *
wf_monitor_occupancy_now (WfMonitor * self)
{
  JsonObject *o = json_object_new ();
  JsonArray *zones = json_array_new ();
  JsonArray *lines = json_array_new ();
  g_autoptr (GPtrArray) z = sorted_figures (self->zones);
  g_autoptr (GPtrArray) l = sorted_figures (self->lines);

  for (guint i = 0; i < z->len; i++) {
    LiveFigure *f = g_ptr_array_index (z, i);
    JsonObject *e = json_object_new ();
    json_object_set_string_member (e, "camera", f->camera);
    json_object_set_string_member (e, "zone", f->name);
    json_object_set_int_member (e, "count", f->a);
    json_object_set_int_member (e, "peak", f->b);
    json_array_add_object_element (zones, e);
  }
  for (guint i = 0; i < l->len; i++) {
    LiveFigure *f = g_ptr_array_index (l, i);
    JsonObject *e = json_object_new ();
    json_object_set_string_member (e, "camera", f->camera);
    json_object_set_string_member (e, "line", f->name);
    json_object_set_int_member (e, "in", f->a);
    json_object_set_int_member (e, "out", f->b);
    json_array_add_object_element (lines, e);
  }
  json_object_set_array_member (o, "zones", zones);
  json_object_set_array_member (o, "lines", lines);
  return o;
}

void
wf_monitor_set_api_ready (WfMonitor * self)
{
  self->timings.api_ready_us = g_get_monotonic_time ();
}

void
wf_monitor_get_timings (WfMonitor * self, WfTimings * timings)
{
  *timings = self->timings;
}

guint64
wf_monitor_get_event_count (WfMonitor * self)
{
  return self->events;
}

static void
wf_monitor_dispose (GObject * object)
{
  WfMonitor *self = WF_MONITOR (object);

  if (self->cameras) {
    for (guint i = 0; i < self->cameras->len; i++)
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->cameras,
              i), self);
    g_clear_pointer (&self->cameras, g_ptr_array_unref);
  }
  g_clear_object (&self->collector);
  g_clear_object (&self->unknowns);
  g_clear_object (&self->store);
  g_clear_object (&self->config);
  G_OBJECT_CLASS (wf_monitor_parent_class)->dispose (object);
}

static void
wf_monitor_finalize (GObject * object)
{
  WfMonitor *self = WF_MONITOR (object);

  g_hash_table_unref (self->zones);
  g_hash_table_unref (self->lines);
  wf_sightings_free (self->sightings);
  g_hash_table_unref (self->withdrawn);
  g_hash_table_unref (self->last_detection);
  G_OBJECT_CLASS (wf_monitor_parent_class)->finalize (object);
}

static void
wf_monitor_class_init (WfMonitorClass * klass)
{
  GObjectClass *oclass = G_OBJECT_CLASS (klass);

  oclass->dispose = wf_monitor_dispose;
  oclass->finalize = wf_monitor_finalize;

  /* (id, type, camera or NULL, JSON text of the whole event, the same as a
   * JsonObject, valid during the emission only); id 0 = live only */
  signals[SIGNAL_EVENT] = g_signal_new ("event", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 5, G_TYPE_UINT64,
      G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
      G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
      G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
      JSON_TYPE_OBJECT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
wf_monitor_init (WfMonitor * self)
{
  self->cameras = g_ptr_array_new_with_free_func (g_object_unref);
  self->zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      (GDestroyNotify) live_figure_free);
  self->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      (GDestroyNotify) live_figure_free);
  self->sightings = wf_sightings_new ();
  self->withdrawn = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      NULL);
  self->last_detection = g_hash_table_new_full (g_str_hash, g_str_equal,
      g_free, g_free);
}

WfMonitor *
wf_monitor_new (WfConfig * config, WfStore * store, gint64 process_start_us)
{
  WfMonitor *self = g_object_new (WF_TYPE_MONITOR, NULL);

  self->config = g_object_ref (config);
  self->store = g_object_ref (store);
  self->timings.process_start_us = process_start_us;
  return self;
}
