/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-mqtt.h"
#include "wf-mqtt-discovery.h"
#include "wf-mqtt-topic.h"
#include "wf-json.h"
#include "wf-memstats.h"
#include "wf-zones.h"

#include <string.h>

/* How often presence is checked against the attendance of the day. */
#define PRESENCE_TICK_MS 10000

typedef struct
{
  gchar *name;                  /* NULL when unknown */
  gchar *camera;                /* last camera, NULL when never seen */
  gint64 first_ms;              /* today's first sighting, 0 */
  gint64 last_ms;               /* last sighting, 0 */
  gboolean home;
  gboolean enrolled;            /* in the gallery (or seen by facematch) */
} Presence;

struct _WfMqtt
{
  GObject parent;

  WfMonitor *monitor;
  WfGallery *gallery;
  WfMqttClient *client;
  gchar *prefix;
  gchar *discovery_prefix;
  gboolean discovery;
  gboolean retain_states;
  gboolean retain_events;
  guint presence_timeout_ms;
  guint stats_interval_ms;
  GHashTable *presence;         /* employee id -> Presence */
  GHashTable *frames;           /* camera -> guint64 frames at last stats */
  gint64 last_stats_us;
  gulong event_id;
  guint stats_source;
  guint presence_source;
};

G_DEFINE_TYPE (WfMqtt, wf_mqtt, G_TYPE_OBJECT);

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static void
presence_free (Presence * p)
{
  g_free (p->name);
  g_free (p->camera);
  g_free (p);
}

static gchar *
camera_owner (const gchar * camera)
{
  return g_strconcat ("camera:", camera, NULL);
}

static gchar *
employee_owner (const gchar * id)
{
  return g_strconcat ("employee:", id, NULL);
}

static gchar *
to_text (JsonObject * o)
{
  g_autofree gchar *s = wf_json_object_to_string (o);

  json_object_unref (o);
  return g_steal_pointer (&s);
}

/* ---- discovery ---- */

static void
announce (WfMqtt * self, WfMqttEntityKind kind, const gchar * camera,
    const gchar * name, const gchar * label, const gchar * state_topic,
    const gchar * owner)
{
  WfMqttEntity e = { kind, camera, name, label, state_topic };
  g_autofree gchar *payload = NULL;
  g_autofree gchar *topic = NULL;

  if (!self->discovery)
    return;
  topic = wf_mqtt_discovery_config (self->prefix, self->discovery_prefix, &e,
      &payload);
  wf_mqtt_client_set_state (self->client, topic, payload, TRUE, owner);
}

static void
announce_camera (WfMqtt * self, const WfCameraConfig * c)
{
  g_autofree gchar *owner = camera_owner (c->id);
  g_autofree gchar *state = wf_mqtt_topic_build (self->prefix, c->id,
      "state", NULL);
  g_autoptr (GPtrArray) zones = wf_zones_parse (c->zones, NULL);
  g_autoptr (GPtrArray) lines = wf_lines_parse (c->lines, NULL);

  announce (self, WF_MQTT_ENTITY_CAMERA_STATE, c->id, NULL, NULL, state,
      owner);
  for (guint i = 0; zones && i < zones->len; i++) {
    const WfZone *z = g_ptr_array_index (zones, i);
    g_autofree gchar *t = wf_mqtt_topic_build (self->prefix, c->id, z->name,
        "count", NULL);
    announce (self, WF_MQTT_ENTITY_ZONE_COUNT, c->id, z->name, NULL, t,
        owner);
  }
  for (guint i = 0; lines && i < lines->len; i++) {
    const WfLine *l = g_ptr_array_index (lines, i);
    g_autofree gchar *tin = wf_mqtt_topic_build (self->prefix, c->id,
        l->name, "in", NULL);
    g_autofree gchar *tout = wf_mqtt_topic_build (self->prefix, c->id,
        l->name, "out", NULL);
    announce (self, WF_MQTT_ENTITY_LINE_IN, c->id, l->name, NULL, tin, owner);
    announce (self, WF_MQTT_ENTITY_LINE_OUT, c->id, l->name, NULL, tout,
        owner);
  }
}

/* ---- states ---- */

static void
publish_camera_state (WfMqtt * self, const gchar * camera,
    const gchar * state, gint64 reconnects, const gchar * error,
    const gchar * time)
{
  g_autofree gchar *owner = camera_owner (camera);
  g_autofree gchar *topic = wf_mqtt_topic_build (self->prefix, camera,
      "state", NULL);
  g_autofree gchar *payload = NULL;
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "camera", camera);
  json_object_set_string_member (o, "state", state);
  json_object_set_int_member (o, "reconnects", reconnects);
  if (error)
    json_object_set_string_member (o, "error", error);
  json_object_set_string_member (o, "time", time);
  payload = to_text (o);
  wf_mqtt_client_set_state (self->client, topic, payload,
      self->retain_states, owner);
}

/* Zone counts and line totals from the monitor's live figures: the same
 * numbers as GET /api/v1/occupancy.  Unchanged ones are not sent again. */
static void
publish_occupancy (WfMqtt * self)
{
  g_autoptr (JsonObject) occ = wf_monitor_occupancy_now (self->monitor);
  JsonArray *zones = json_object_get_array_member (occ, "zones");
  JsonArray *lines = json_object_get_array_member (occ, "lines");

  for (guint i = 0; i < json_array_get_length (zones); i++) {
    JsonObject *z = json_array_get_object_element (zones, i);
    const gchar *cam = json_object_get_string_member (z, "camera");
    const gchar *zone = json_object_get_string_member (z, "zone");
    g_autofree gchar *topic = wf_mqtt_topic_build (self->prefix, cam, zone,
        "count", NULL);
    g_autofree gchar *owner = camera_owner (cam);
    g_autofree gchar *payload = NULL;
    JsonObject *o = json_object_new ();

    json_object_set_string_member (o, "camera", cam);
    json_object_set_string_member (o, "zone", zone);
    json_object_set_int_member (o, "count",
        json_object_get_int_member (z, "count"));
    json_object_set_int_member (o, "peak",
        json_object_get_int_member (z, "peak"));
    payload = to_text (o);
    wf_mqtt_client_set_state (self->client, topic, payload,
        self->retain_states, owner);
  }
  for (guint i = 0; i < json_array_get_length (lines); i++) {
    JsonObject *l = json_array_get_object_element (lines, i);
    const gchar *cam = json_object_get_string_member (l, "camera");
    const gchar *line = json_object_get_string_member (l, "line");
    g_autofree gchar *owner = camera_owner (cam);

    for (guint d = 0; d < 2; d++) {
      const gchar *dir = d ? "out" : "in";
      g_autofree gchar *topic = wf_mqtt_topic_build (self->prefix, cam, line,
          dir, NULL);
      g_autofree gchar *payload = NULL;
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "camera", cam);
      json_object_set_string_member (o, "line", line);
      json_object_set_string_member (o, "direction", dir);
      json_object_set_int_member (o, "count",
          json_object_get_int_member (l, dir));
      payload = to_text (o);
      wf_mqtt_client_set_state (self->client, topic, payload,
          self->retain_states, owner);
    }
  }
}

static void
publish_presence (WfMqtt * self, const gchar * id, Presence * p)
{
  g_autofree gchar *topic = wf_mqtt_topic_build (self->prefix, "employees",
      id, "presence", NULL);
  g_autofree gchar *owner = employee_owner (id);
  g_autofree gchar *payload = NULL;
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "employee_id", id);
  if (p->name)
    json_object_set_string_member (o, "name", p->name);
  json_object_set_string_member (o, "state", p->home ? "home" : "not_home");
  if (p->camera)
    json_object_set_string_member (o, "camera", p->camera);
  else
    json_object_set_null_member (o, "camera");
  if (p->last_ms) {
    g_autofree gchar *first = wf_iso8601_from_ms (p->first_ms);
    g_autofree gchar *last = wf_iso8601_from_ms (p->last_ms);
    json_object_set_string_member (o, "first_seen", first);
    json_object_set_string_member (o, "last_seen", last);
  } else {
    json_object_set_null_member (o, "first_seen");
    json_object_set_null_member (o, "last_seen");
  }
  payload = to_text (o);
  if (!wf_mqtt_client_has_state (self->client, topic))
    announce (self, WF_MQTT_ENTITY_PRESENCE, NULL, id, p->name, topic, owner);
  wf_mqtt_client_set_state (self->client, topic, payload,
      self->retain_states, owner);
}

static Presence *
presence_get (WfMqtt * self, const gchar * id)
{
  Presence *p = g_hash_table_lookup (self->presence, id);

  if (!p) {
    p = g_new0 (Presence, 1);
    g_hash_table_insert (self->presence, g_strdup (id), p);
  }
  return p;
}

static gchar *
today (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* The rule of docs/mqtt.md: home while seen today (local time) and seen
 * less than presence-timeout ago; not_home otherwise. */
static void
update_presence (WfMqtt * self)
{
  g_autofree gchar *day = today ();
  g_autoptr (GError) err = NULL;
  g_autoptr (GArray) rows = wf_store_query_attendance
      (wf_monitor_get_store (self->monitor), day, &err);
  g_autoptr (GDateTime) midnight = NULL;
  gint64 now = now_ms (), day_start;
  GHashTableIter it;
  gpointer k, v;

  {
    g_autoptr (GDateTime) n = g_date_time_new_now_local ();
    midnight = g_date_time_new_local (g_date_time_get_year (n),
        g_date_time_get_month (n), g_date_time_get_day_of_month (n), 0, 0, 0);
    day_start = g_date_time_to_unix (midnight) * 1000;
  }
  if (!rows)
    g_warning ("MQTT presence: %s", err->message);
  for (guint i = 0; rows && i < rows->len; i++) {
    const WfAttendanceRecord *r = &g_array_index (rows, WfAttendanceRecord,
        i);
    const gchar *id = r->employee_id;
    guint n_cams = g_strv_length (r->cameras);
    gint64 last = r->last_seen_ms;
    gint64 first = r->first_seen_ms;
    Presence *p;

    if (!id || (self->gallery && !g_hash_table_contains (self->presence, id)))
      continue;                 /* deleted meanwhile */
    p = presence_get (self, id);
    if (!p->name && r->name)
      p->name = g_strdup (r->name);
    if (first && (!p->first_ms || first < p->first_ms || p->first_ms <
            day_start))
      p->first_ms = first;
    if (last > p->last_ms) {
      p->last_ms = last;
      if (!p->camera && n_cams > 0)
        p->camera = g_strdup (r->cameras[n_cams - 1]);
    }
  }
  g_hash_table_iter_init (&it, self->presence);
  while (g_hash_table_iter_next (&it, &k, &v)) {
    Presence *p = v;
    p->home = p->last_ms >= day_start &&
        now - p->last_ms < (gint64) self->presence_timeout_ms;
    publish_presence (self, k, p);
  }
}

static gboolean
on_presence_tick (gpointer data)
{
  update_presence (data);
  return G_SOURCE_CONTINUE;
}

/* The gallery's consenting employees: new ones get an entity, deleted
 * ones and those without consent lose theirs and their presence. */
static void
sync_employees (WfMqtt * self)
{
  g_autoptr (GArray) list = NULL;
  g_autoptr (GError) err = NULL;
  g_autoptr (GHashTable) now = NULL;
  GHashTableIter it;
  gpointer k;

  if (!self->gallery) {
    update_presence (self);
    return;
  }
  list = wf_gallery_list (self->gallery, &err);
  if (!list) {
    g_warning ("MQTT: cannot list employees: %s", err->message);
    return;
  }
  now = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < list->len; i++) {
    WfEmployee *e = &g_array_index (list, WfEmployee, i);
    Presence *p;

    /* without consent an employee is not identified, nor announced */
    if (!e->consent)
      continue;
    p = presence_get (self, e->id);
    g_hash_table_add (now, e->id);
    p->enrolled = TRUE;
    if (g_strcmp0 (p->name, e->name) != 0) {
      g_free (p->name);
      p->name = g_strdup (e->name);
    }
  }
  g_hash_table_iter_init (&it, self->presence);
  while (g_hash_table_iter_next (&it, &k, NULL)) {
    if (!g_hash_table_contains (now, k)) {
      g_autofree gchar *owner = employee_owner (k);
      wf_mqtt_client_clear_owner (self->client, owner);
      g_hash_table_iter_remove (&it);
    }
  }
  update_presence (self);
}

static void
on_identity (WfMqtt * self, JsonObject * ev)
{
  JsonObject *d = json_object_get_object_member (ev, "data");
  const gchar *cam = json_object_get_string_member_with_default (ev,
      "camera", NULL);
  const gchar *id = d ? json_object_get_string_member_with_default (d,
      "employee-id", NULL) : NULL;
  const gchar *name = d ? json_object_get_string_member_with_default (d,
      "name", NULL) : NULL;
  gint64 now = now_ms ();
  Presence *p;

  if (!id || !*id)
    return;
  p = presence_get (self, id);
  if (name && !p->name)
    p->name = g_strdup (name);
  if (cam) {
    g_free (p->camera);
    p->camera = g_strdup (cam);
  }
  {
    g_autofree gchar *a = p->last_ms ? wf_iso8601_from_ms (p->last_ms) : NULL;
    g_autofree gchar *b = wf_iso8601_from_ms (now);
    /* a first sighting of another day starts the day again */
    if (!p->last_ms || strncmp (a, b, 10) != 0)
      p->first_ms = now;
  }
  p->last_ms = now;
  p->home = TRUE;
  publish_presence (self, id, p);
}

/* ---- stats ---- */

static void
publish_stats (WfMqtt * self)
{
  GPtrArray *cams = wf_monitor_get_cameras (self->monitor);
  gint64 now_us = g_get_monotonic_time ();
  gdouble secs = self->last_stats_us ? (now_us - self->last_stats_us) / 1e6 :
      0;
  g_autofree gchar *topic = g_strconcat (self->prefix, "/stats", NULL);
  g_autofree gchar *time = wf_iso8601_from_ms (now_ms ());
  g_autofree gchar *payload = NULL;
  JsonObject *o = json_object_new ();
  JsonArray *ca = json_array_new ();
  JsonObject *mq = json_object_new ();
  WfMqttClientStats st;
  WfMemStats m;
  WfTimings t;

  wf_monitor_get_timings (self->monitor, &t);
  json_object_set_string_member (o, "time", time);
  json_object_set_double_member (o, "uptime_seconds",
      (now_us - t.process_start_us) / 1e6);
  if (wf_memstats_read (&m, NULL)) {
    json_object_set_int_member (o, "rss_bytes", m.vm_rss);
    json_object_set_int_member (o, "hwm_bytes", m.vm_hwm);
  }
  json_object_set_int_member (o, "events",
      wf_monitor_get_event_count (self->monitor));
  for (guint i = 0; i < cams->len; i++) {
    WfCamera *cam = g_ptr_array_index (cams, i);
    const gchar *id = wf_camera_get_id (cam);
    gpointer prev = NULL;
    gboolean had = g_hash_table_lookup_extended (self->frames, id, NULL,
        &prev);
    JsonObject *c = json_object_new ();
    WfCameraStatus cs;

    wf_camera_get_status (cam, &cs);
    json_object_set_string_member (c, "id", id);
    json_object_set_string_member (c, "state",
        wf_camera_state_to_string (cs.state));
    json_object_set_int_member (c, "frames", cs.frames);
    if (had && secs > 0 && cs.frames >= GPOINTER_TO_SIZE (prev))
      json_object_set_double_member (c, "frames_per_second",
          (cs.frames - GPOINTER_TO_SIZE (prev)) / secs);
    else
      json_object_set_null_member (c, "frames_per_second");
    g_hash_table_insert (self->frames, g_strdup (id),
        GSIZE_TO_POINTER (cs.frames));
    json_array_add_object_element (ca, c);
    wf_camera_status_clear (&cs);
  }
  self->last_stats_us = now_us;
  json_object_set_array_member (o, "cameras", ca);
  wf_mqtt_client_get_stats (self->client, &st);
  json_object_set_int_member (mq, "published", st.published);
  json_object_set_int_member (mq, "queued", st.queued);
  json_object_set_int_member (mq, "dropped", st.dropped);
  json_object_set_object_member (o, "mqtt", mq);
  wf_mqtt_client_stats_clear (&st);
  payload = to_text (o);
  wf_mqtt_client_set_state (self->client, topic, payload,
      self->retain_states, NULL);
}

static gboolean
on_stats_tick (gpointer data)
{
  publish_stats (data);
  return G_SOURCE_CONTINUE;
}

/* ---- events ---- */

static void
on_event (WfMonitor * monitor, guint64 id, const gchar * type,
    const gchar * cam, const gchar * json, JsonObject * ev, WfMqtt * self)
{
  /* id 0: live only (per-frame detections, occupancy figures) */
  if (id > 0) {
    g_autofree gchar *topic = g_strconcat (self->prefix, "/events", NULL);
    wf_mqtt_client_publish (self->client, topic, json, self->retain_events);
  }
  if (g_str_equal (type, "occupancy") || g_str_equal (type, "zone-enter") ||
      g_str_equal (type, "zone-exit") || g_str_equal (type, "line-cross")) {
    publish_occupancy (self);
    return;
  }
  if (g_str_equal (type, "employee-enrolled") ||
      g_str_equal (type, "employee-consent") ||
      g_str_equal (type, "employee-deleted")) {
    sync_employees (self);
    return;
  }
  if (!g_str_equal (type, "identity") && !g_str_equal (type, "camera-state")
      && !g_str_equal (type, "camera-added") &&
      !g_str_equal (type, "camera-removed"))
    return;
  if (g_str_equal (type, "identity")) {
    on_identity (self, ev);
  } else if (cam && g_str_equal (type, "camera-state")) {
    JsonObject *d = json_object_get_object_member (ev, "data");
    if (d)
      publish_camera_state (self, cam,
          json_object_get_string_member_with_default (d, "state", "unknown"),
          json_object_get_int_member_with_default (d, "reconnects", 0),
          json_object_get_string_member_with_default (d, "error", NULL),
          json_object_get_string_member_with_default (ev, "time", ""));
  } else if (cam && g_str_equal (type, "camera-added")) {
    WfCamera *c = wf_monitor_find_camera (self->monitor, cam);
    if (c)
      announce_camera (self, wf_camera_get_config (c));
  } else if (cam && g_str_equal (type, "camera-removed")) {
    g_autofree gchar *owner = camera_owner (cam);
    wf_mqtt_client_clear_owner (self->client, owner);
    g_hash_table_remove (self->frames, cam);
  }
}

/* ---- life cycle ---- */

void
wf_mqtt_start (WfMqtt * self)
{
  GPtrArray *cams = wf_monitor_get_cameras (self->monitor);
  g_autofree gchar *time = wf_iso8601_from_ms (now_ms ());
  g_autofree gchar *stats = g_strconcat (self->prefix, "/stats", NULL);

  self->event_id = g_signal_connect (self->monitor, "event",
      G_CALLBACK (on_event), self);
  announce (self, WF_MQTT_ENTITY_NODE_RSS, NULL, NULL, NULL, stats, NULL);
  for (guint i = 0; i < cams->len; i++) {
    WfCamera *cam = g_ptr_array_index (cams, i);
    WfCameraStatus st;
    announce_camera (self, wf_camera_get_config (cam));
    wf_camera_get_status (cam, &st);
    publish_camera_state (self, wf_camera_get_id (cam),
        wf_camera_state_to_string (st.state), st.reconnects,
        st.state != WF_CAMERA_RUNNING ? st.last_error : NULL, time);
    wf_camera_status_clear (&st);
  }
  sync_employees (self);
  publish_occupancy (self);
  publish_stats (self);
  self->stats_source = g_timeout_add (self->stats_interval_ms, on_stats_tick,
      self);
  self->presence_source = g_timeout_add (MIN (PRESENCE_TICK_MS,
          MAX (self->presence_timeout_ms / 4, 250)), on_presence_tick, self);
  wf_mqtt_client_start (self->client);
}

void
wf_mqtt_stop (WfMqtt * self, guint flush_ms)
{
  if (self->event_id) {
    g_signal_handler_disconnect (self->monitor, self->event_id);
    self->event_id = 0;
  }
  g_clear_handle_id (&self->stats_source, g_source_remove);
  g_clear_handle_id (&self->presence_source, g_source_remove);
  wf_mqtt_client_stop (self->client, flush_ms);
}

void
wf_mqtt_get_stats (WfMqtt * self, WfMqttClientStats * stats)
{
  wf_mqtt_client_get_stats (self->client, stats);
}

const gchar *
wf_mqtt_get_prefix (WfMqtt * self)
{
  return self->prefix;
}

static void
wf_mqtt_dispose (GObject * object)
{
  WfMqtt *self = WF_MQTT (object);

  if (self->client)
    wf_mqtt_stop (self, 0);
  g_clear_object (&self->client);
  g_clear_object (&self->monitor);
  g_clear_object (&self->gallery);
  G_OBJECT_CLASS (wf_mqtt_parent_class)->dispose (object);
}

static void
wf_mqtt_finalize (GObject * object)
{
  WfMqtt *self = WF_MQTT (object);

  g_hash_table_unref (self->presence);
  g_hash_table_unref (self->frames);
  g_free (self->prefix);
  g_free (self->discovery_prefix);
  G_OBJECT_CLASS (wf_mqtt_parent_class)->finalize (object);
}

static void
wf_mqtt_class_init (WfMqttClass * klass)
{
  G_OBJECT_CLASS (klass)->dispose = wf_mqtt_dispose;
  G_OBJECT_CLASS (klass)->finalize = wf_mqtt_finalize;
}

static void
wf_mqtt_init (WfMqtt * self)
{
  self->presence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      (GDestroyNotify) presence_free);
  self->frames = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      NULL);
}

WfMqtt *
wf_mqtt_new (WfMonitor * monitor, WfGallery * gallery,
    const WfMqttConfig * cfg, GError ** error)
{
  g_autoptr (WfMqtt) self = g_object_new (WF_TYPE_MQTT, NULL);
  g_autofree gchar *availability = g_strconcat (cfg->prefix, "/available",
      NULL);

  self->client = wf_mqtt_client_new (cfg, availability, error);
  if (!self->client)
    return NULL;
  self->monitor = g_object_ref (monitor);
  self->gallery = gallery ? g_object_ref (gallery) : NULL;
  self->prefix = g_strdup (cfg->prefix);
  self->discovery_prefix = g_strdup (cfg->discovery_prefix);
  self->discovery = cfg->discovery;
  self->retain_states = cfg->retain != WF_MQTT_RETAIN_NONE;
  self->retain_events = cfg->retain == WF_MQTT_RETAIN_ALL;
  self->presence_timeout_ms = cfg->presence_timeout_ms;
  self->stats_interval_ms = cfg->stats_interval_ms;
  return g_steal_pointer (&self);
}
