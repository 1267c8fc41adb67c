/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-occupancy.h"

#include <string.h>

#include "wf-tracker.h"

typedef struct
{
  WfOccupancyZone pub;
  guint raw;                    /* this frame */
  guint pending;                /* value the raw count holds ... */
  guint pending_frames;         /* ... for this many frames */
} ZoneState;

typedef struct
{
  guint64 id;
  guint64 last_update;          /* update counter when last seen */
  guint64 zones;                /* bit i: inside zone i */
  gint8 side[WF_ZONES_MAX];     /* last non-zero side of each line */
  gfloat px[WF_ZONES_MAX], py[WF_ZONES_MAX];    /* where it was */
  gchar *employee_id;
  gchar *employee_name;
  gpointer data;                /* the caller's */
  GDestroyNotify data_free;
} TrackState;

struct _WfOccupancy
{
  GPtrArray *zones;             /* the configuration the states point into */
  GPtrArray *lines;
  GArray *zstates;              /* ZoneState */
  GArray *lstates;              /* WfOccupancyLine */
  WfTracker *tracker;
  GHashTable *tracks;           /* id -> TrackState */
  guint max_track_states;
  guint max_misses;
  GDestroyNotify track_data_free;
  guint64 updates;              /* counting updates done */
  gboolean changed;             /* since the last report */
  guint64 last_report;          /* time of the last report */
  GPtrArray *dead;              /* TrackState* dropped in the last update:
                                 * objects' track_data stays valid until the
                                 * next one */
  GArray *boxes;                /* WfRect, scratch */
  GArray *ids;                  /* guint64, scratch */
  GArray *looks;                /* WfAppearance, scratch */
  GArray *seen;                 /* WfAppearance of wf_occupancy_see() */
  GPtrArray *gone;              /* TrackState*, scratch of sweep() */
};

#define BIT(i) (G_GUINT64_CONSTANT (1) << (i))

static void
track_state_free (TrackState * ts)
{
  g_free (ts->employee_id);
  g_free (ts->employee_name);
  if (ts->data && ts->data_free)
    ts->data_free (ts->data);
  g_free (ts);
}

static void
event_clear (gpointer p)
{
  WfOccupancyEvent *ev = p;

  g_free (ev->employee_id);
  g_free (ev->employee_name);
}

GArray *
wf_occupancy_events_new (void)
{
  GArray *events = g_array_new (FALSE, TRUE, sizeof (WfOccupancyEvent));

  g_array_set_clear_func (events, event_clear);
  return events;
}

WfOccupancy *
wf_occupancy_new (guint max_tracks, guint max_misses,
    GDestroyNotify track_data_free)
{
  WfOccupancy *occ = g_new0 (WfOccupancy, 1);
  WfTrackerConfig tc;

  wf_tracker_config_init (&tc);
  tc.max_tracks = max_tracks;
  tc.max_misses = max_misses;
  /* frames may be dropped or detected every Nth: allow a jump of two box
   * sizes per update */
  tc.max_distance = 2.0;
  occ->tracker = wf_tracker_new (&tc);
  /* per-track state beyond the tracker's own, for upstream ids too */
  occ->max_track_states = 4 * max_tracks + 64;
  occ->max_misses = max_misses;
  occ->track_data_free = track_data_free;
  occ->last_report = WF_OCCUPANCY_TIME_NONE;
  occ->tracks = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
      (GDestroyNotify) track_state_free);
  occ->zones = g_ptr_array_new ();
  occ->lines = g_ptr_array_new ();
  occ->zstates = g_array_new (FALSE, TRUE, sizeof (ZoneState));
  occ->lstates = g_array_new (FALSE, TRUE, sizeof (WfOccupancyLine));
  occ->dead = g_ptr_array_new_with_free_func ((GDestroyNotify)
      track_state_free);
  /* scratch written whole before it is read: not cleared */
  occ->boxes = g_array_new (FALSE, FALSE, sizeof (WfRect));
  occ->ids = g_array_new (FALSE, FALSE, sizeof (guint64));
  occ->looks = g_array_new (FALSE, FALSE, sizeof (WfAppearance));
  occ->seen = g_array_new (FALSE, FALSE, sizeof (WfAppearance));
  occ->gone = g_ptr_array_new ();
  return occ;
}

void
wf_occupancy_free (WfOccupancy * occ)
{
  if (occ == NULL)
    return;
  g_hash_table_unref (occ->tracks);
  g_ptr_array_unref (occ->dead);
  wf_tracker_free (occ->tracker);
  g_array_unref (occ->zstates);
  g_array_unref (occ->lstates);
  g_ptr_array_unref (occ->zones);
  g_ptr_array_unref (occ->lines);
  g_array_unref (occ->boxes);
  g_array_unref (occ->ids);
  g_array_unref (occ->looks);
  g_array_unref (occ->seen);
  g_ptr_array_unref (occ->gone);
  g_free (occ);
}

/* ---- configuration ---- */

void
wf_occupancy_configure (WfOccupancy * occ, GPtrArray * zones,
    GPtrArray * lines, GHashTable * capacity)
{
  GArray *zst, *lst;
  gint zmap[WF_ZONES_MAX], lmap[WF_ZONES_MAX];
  GHashTableIter iter;
  gpointer value;
  guint i, k;

  g_return_if_fail (zones->len <= WF_ZONES_MAX);
  g_return_if_fail (lines->len <= WF_ZONES_MAX);

  zst = g_array_sized_new (FALSE, TRUE, sizeof (ZoneState), zones->len);
  for (i = 0; i < zones->len; i++) {
    ZoneState z = { {0,}, };
    WfZone *zone = g_ptr_array_index (zones, i);

    zmap[i] = -1;
    for (k = 0; k < occ->zstates->len; k++) {
      ZoneState *old = &g_array_index (occ->zstates, ZoneState, k);
      if (wf_zone_equal (old->pub.zone, zone)) {
        z = *old;
        zmap[i] = k;
        break;
      }
    }
    z.pub.zone = zone;
    /* bounded: one copy per distinct zone name ever configured; names
     * handed out (ROI params) outlive a configuration change */
    z.pub.name = g_intern_string (zone->name);
    z.pub.capacity = GPOINTER_TO_UINT (g_hash_table_lookup (capacity,
            zone->name));
    g_array_append_val (zst, z);
  }

  lst = g_array_sized_new (FALSE, TRUE, sizeof (WfOccupancyLine), lines->len);
  for (i = 0; i < lines->len; i++) {
    WfOccupancyLine l = { 0, };
    WfLine *line = g_ptr_array_index (lines, i);

    lmap[i] = -1;
    for (k = 0; k < occ->lstates->len; k++) {
      WfOccupancyLine *old = &g_array_index (occ->lstates, WfOccupancyLine, k);
      if (wf_line_equal (old->line, line)) {
        l = *old;
        lmap[i] = k;
        break;
      }
    }
    l.line = line;
    g_array_append_val (lst, l);
  }

  /* move each track's per-zone and per-line state to the new indices */
  g_hash_table_iter_init (&iter, occ->tracks);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    TrackState *ts = value;
    guint64 bits = 0;
    gint8 side[WF_ZONES_MAX];
    gfloat px[WF_ZONES_MAX], py[WF_ZONES_MAX];

    for (i = 0; i < zones->len; i++)
      if (zmap[i] >= 0 && (ts->zones & BIT (zmap[i])))
        bits |= BIT (i);
    ts->zones = bits;
    for (i = 0; i < lines->len; i++) {
      side[i] = lmap[i] >= 0 ? ts->side[lmap[i]] : 0;
      px[i] = lmap[i] >= 0 ? ts->px[lmap[i]] : 0.0f;
      py[i] = lmap[i] >= 0 ? ts->py[lmap[i]] : 0.0f;
    }
    memset (ts->side, 0, sizeof (ts->side));
    memcpy (ts->side, side, lines->len * sizeof (gint8));
    memcpy (ts->px, px, lines->len * sizeof (gfloat));
    memcpy (ts->py, py, lines->len * sizeof (gfloat));
  }

  g_array_unref (occ->zstates);
  g_array_unref (occ->lstates);
  occ->zstates = zst;
  occ->lstates = lst;
  g_ptr_array_ref (zones);
  g_ptr_array_ref (lines);
  g_ptr_array_unref (occ->zones);
  g_ptr_array_unref (occ->lines);
  occ->zones = zones;
  occ->lines = lines;
  occ->changed = TRUE;
}

/* ---- events ---- */

static WfOccupancyEvent *
push_event (GArray * events, WfOccupancyEventType type, const gchar * name)
{
  WfOccupancyEvent ev = { 0, };

  ev.type = type;
  ev.name = name;
  g_array_append_val (events, ev);
  return &g_array_index (events, WfOccupancyEvent, events->len - 1);
}

static void
push_track_event (GArray * events, WfOccupancyEventType type,
    const gchar * name, const TrackState * ts, guint count)
{
  WfOccupancyEvent *ev = push_event (events, type, name);

  ev->track_id = ts->id;
  ev->count = count;
  if (ts->employee_id) {
    /* the event owns copies: a later ROI of the same track may rename it
     * in the same frame */
    ev->employee_id = g_strdup (ts->employee_id);
    ev->employee_name = g_strdup (ts->employee_name);
  }
}

/* The one rule for capacity: over when the smoothed count is above a
 * capacity; an event on every change, whether the count or the capacity
 * moved. */
static void
capacity_update (ZoneState * z, GArray * events)
{
  gboolean over = z->pub.capacity > 0 && z->pub.count > z->pub.capacity;
  WfOccupancyEvent *ev;

  if (over == z->pub.over)
    return;
  z->pub.over = over;
  ev = push_event (events, over ? WF_OCCUPANCY_OVER_CAPACITY :
      WF_OCCUPANCY_CAPACITY_NORMAL, z->pub.name);
  ev->count = z->pub.count;
  ev->capacity = z->pub.capacity;
}

/* ---- tracks ---- */

static TrackState *
track_get (WfOccupancy * occ, guint64 id)
{
  TrackState *ts = g_hash_table_lookup (occ->tracks, &id);

  if (ts == NULL) {
    ts = g_new0 (TrackState, 1);
    ts->id = id;
    ts->data_free = occ->track_data_free;
    g_hash_table_insert (occ->tracks, &ts->id, ts);
  }
  ts->last_update = occ->updates;
  return ts;
}

static void
take_employee (TrackState * ts, const WfOccupancyObject * o)
{
  if (o->employee_id == NULL)
    return;
  if (g_strcmp0 (ts->employee_id, o->employee_id) != 0) {
    g_free (ts->employee_id);
    ts->employee_id = g_strdup (o->employee_id);
  }
  if (g_strcmp0 (ts->employee_name, o->employee_name) != 0) {
    g_free (ts->employee_name);
    ts->employee_name = g_strdup (o->employee_name);
  }
}

static void
track_remove (WfOccupancy * occ, TrackState * ts, GArray * events)
{
  guint i;

  /* a person who vanished left their zones */
  for (i = 0; i < occ->zstates->len; i++)
    if (ts->zones & BIT (i)) {
      ZoneState *z = &g_array_index (occ->zstates, ZoneState, i);
      push_track_event (events, WF_OCCUPANCY_ZONE_EXIT, z->pub.name, ts,
          z->pub.count);
    }
  g_hash_table_steal (occ->tracks, &ts->id);
  g_ptr_array_add (occ->dead, ts);
}

/* Drops the tracks the tracker gave up on, those not seen for longer than
 * max_misses updates, and the oldest ones when there are too many (upstream
 * ids). */
static void
sweep (WfOccupancy * occ, GArray * events)
{
  GHashTableIter iter;
  gpointer value;
  guint64 evicted[64];
  guint i, n;

  while ((n = wf_tracker_pop_evicted (occ->tracker, evicted,
              G_N_ELEMENTS (evicted))) > 0) {
    for (i = 0; i < n; i++) {
      TrackState *ts = g_hash_table_lookup (occ->tracks, &evicted[i]);
      if (ts)
        track_remove (occ, ts, events);
    }
  }

  g_hash_table_iter_init (&iter, occ->tracks);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    TrackState *ts = value;
    if (occ->updates - ts->last_update > occ->max_misses)
      g_ptr_array_add (occ->gone, ts);
  }
  for (i = 0; i < occ->gone->len; i++)
    track_remove (occ, g_ptr_array_index (occ->gone, i), events);
  g_ptr_array_set_size (occ->gone, 0);

  while (g_hash_table_size (occ->tracks) > occ->max_track_states) {
    TrackState *oldest = NULL;
    g_hash_table_iter_init (&iter, occ->tracks);
    while (g_hash_table_iter_next (&iter, NULL, &value)) {
      TrackState *ts = value;
      if (oldest == NULL || ts->last_update < oldest->last_update)
        oldest = ts;
    }
    track_remove (occ, oldest, events);
  }
}

/* ---- counting ---- */

void
wf_occupancy_see (WfOccupancy * occ, WfOccupancyObject * objs, guint n_objs,
    const WfImage * image)
{
  g_return_if_fail (occ != NULL && (n_objs == 0 || objs != NULL));
  g_return_if_fail (image != NULL);

  /* sized first: the objects point into the array */
  g_array_set_size (occ->seen, n_objs);
  for (guint i = 0; i < n_objs; i++) {
    WfAppearance *look = &g_array_index (occ->seen, WfAppearance, i);

    objs[i].look = NULL;
    if (objs[i].upstream_id == 0 &&
        wf_appearance_compute (image, &objs[i].box, look))
      objs[i].look = look;
  }
}

/* Ids from the own tracker for the objects without an upstream one.  Runs
 * on every counted frame: the scratch arrays are sized once and written in
 * place, no append per object. */
static void
identify (WfOccupancy * occ, WfOccupancyObject * objs, guint n_objs)
{
  WfRect *boxes;
  WfAppearance *looks;
  guint64 *ids;
  guint i, n = 0;
  gboolean any_look = FALSE;

  g_array_set_size (occ->boxes, n_objs);
  g_array_set_size (occ->looks, n_objs);
  boxes = (WfRect *) occ->boxes->data;
  looks = (WfAppearance *) occ->looks->data;
  for (i = 0; i < n_objs; i++) {
    objs[i].id = objs[i].upstream_id;
    objs[i].age = 0;
    if (objs[i].upstream_id != 0)
      continue;
    looks[n].valid = FALSE;
    if (objs[i].look != NULL && objs[i].look->valid) {
      looks[n] = *objs[i].look;
      any_look = TRUE;
    }
    boxes[n++] = objs[i].box;
  }
  g_array_set_size (occ->ids, n);
  ids = (guint64 *) occ->ids->data;
  wf_tracker_update_appearance (occ->tracker, boxes, any_look ? looks : NULL,
      n, ids);
  for (i = 0, n = 0; i < n_objs; i++) {
    WfOccupancyObject *o = &objs[i];
    WfTrackInfo info = { 0, };

    if (o->upstream_id != 0)
      continue;
    o->id = ids[n++];
    if (o->id != 0 && wf_tracker_get_track (occ->tracker, o->id, &info))
      o->age = info.age;
  }
}

static void
count_lines (WfOccupancy * occ, TrackState * ts, const WfOccupancyObject * o,
    GArray * events)
{
  guint i;

  for (i = 0; i < occ->lstates->len; i++) {
    WfOccupancyLine *l = &g_array_index (occ->lstates, WfOccupancyLine, i);
    gint side = wf_line_side (l->line, o->cx, o->cy);
    gint dir;
    WfOccupancyEvent *ev;

    if (side == 0)
      continue;
    dir = ts->side[i] != 0 && ts->side[i] != side ?
        wf_line_crossing (l->line, ts->px[i], ts->py[i], o->cx, o->cy) : 0;
    ts->side[i] = side;
    ts->px[i] = o->cx;
    ts->py[i] = o->cy;
    if (dir == 0)
      continue;
    if (dir > 0)
      l->in++;
    else
      l->out++;
    occ->changed = TRUE;
    push_track_event (events, WF_OCCUPANCY_LINE_CROSS, l->line->name, ts, 0);
    ev = &g_array_index (events, WfOccupancyEvent, events->len - 1);
    ev->direction = dir;
    ev->in = l->in;
    ev->out = l->out;
  }
}

static void
count_object (WfOccupancy * occ, WfOccupancyObject * o, GArray * events)
{
  TrackState *ts;
  guint64 now = 0;
  guint i;

  o->zones = 0;
  o->track_data = NULL;
  if (o->id == 0) {
    /* no track (tracker full): counted in zones, no events */
    for (i = 0; i < occ->zstates->len; i++) {
      ZoneState *z = &g_array_index (occ->zstates, ZoneState, i);
      if (wf_zone_contains (z->pub.zone, o->cx, o->cy))
        z->raw++;
    }
    return;
  }

  ts = track_get (occ, o->id);
  take_employee (ts, o);
  for (i = 0; i < occ->zstates->len; i++) {
    ZoneState *z = &g_array_index (occ->zstates, ZoneState, i);
    if (wf_zone_contains (z->pub.zone, o->cx, o->cy)) {
      z->raw++;
      now |= BIT (i);
    }
  }

  count_lines (occ, ts, o, events);

  /* enter/exit per track; the zone count in the event is the smoothed one
   * before this frame */
  for (i = 0; i < occ->zstates->len; i++) {
    ZoneState *z = &g_array_index (occ->zstates, ZoneState, i);
    if ((now & BIT (i)) && !(ts->zones & BIT (i)))
      push_track_event (events, WF_OCCUPANCY_ZONE_ENTER, z->pub.name, ts,
          z->pub.count);
    else if (!(now & BIT (i)) && (ts->zones & BIT (i)))
      push_track_event (events, WF_OCCUPANCY_ZONE_EXIT, z->pub.name, ts,
          z->pub.count);
  }
  ts->zones = now;
  o->zones = now;
  o->track_data = &ts->data;
}

/* Hysteresis: the smoothed count follows the raw count once it has held
 * the same new value for @smoothing updates. */
static void
smooth_zones (WfOccupancy * occ, guint smoothing, GArray * events)
{
  guint i;

  for (i = 0; i < occ->zstates->len; i++) {
    ZoneState *z = &g_array_index (occ->zstates, ZoneState, i);

    if (z->raw == z->pub.count) {
      z->pending_frames = 0;
      continue;
    }
    if (z->pending_frames > 0 && z->pending == z->raw)
      z->pending_frames++;
    else {
      z->pending = z->raw;
      z->pending_frames = 1;
    }
    if (z->pending_frames < smoothing)
      continue;
    z->pub.count = z->raw;
    z->pending_frames = 0;
    occ->changed = TRUE;
    if (z->pub.count > z->pub.peak)
      z->pub.peak = z->pub.count;
    /* the zones whose count moved first, in zone order ... */
    if (z->pub.capacity > 0)
      capacity_update (z, events);
  }
  /* ... then a capacity lowered, raised or removed while PLAYING */
  for (i = 0; i < occ->zstates->len; i++)
    capacity_update (&g_array_index (occ->zstates, ZoneState, i), events);
}

void
wf_occupancy_update (WfOccupancy * occ, WfOccupancyObject * objs,
    guint n_objs, guint smoothing, GArray * events)
{
  guint i;

  g_ptr_array_set_size (occ->dead, 0);
  occ->updates++;
  identify (occ, objs, n_objs);
  for (i = 0; i < occ->zstates->len; i++)
    g_array_index (occ->zstates, ZoneState, i).raw = 0;
  for (i = 0; i < n_objs; i++)
    count_object (occ, &objs[i], events);
  smooth_zones (occ, smoothing, events);
  sweep (occ, events);
}

/* ---- state ---- */

gboolean
wf_occupancy_report_due (WfOccupancy * occ, guint64 ts, guint64 interval)
{
  if (occ->changed) {
    occ->changed = FALSE;
    occ->last_report = ts;
    return TRUE;
  }
  if (interval == 0 || ts == WF_OCCUPANCY_TIME_NONE)
    return FALSE;
  if (occ->last_report == WF_OCCUPANCY_TIME_NONE || ts < occ->last_report
      || ts - occ->last_report >= interval) {
    occ->last_report = ts;
    return TRUE;
  }
  return FALSE;
}

guint
wf_occupancy_n_zones (WfOccupancy * occ)
{
  return occ->zstates->len;
}

const WfOccupancyZone *
wf_occupancy_get_zone (WfOccupancy * occ, guint i)
{
  g_return_val_if_fail (i < occ->zstates->len, NULL);
  return &g_array_index (occ->zstates, ZoneState, i).pub;
}

guint
wf_occupancy_n_lines (WfOccupancy * occ)
{
  return occ->lstates->len;
}

const WfOccupancyLine *
wf_occupancy_get_line (WfOccupancy * occ, guint i)
{
  g_return_val_if_fail (i < occ->lstates->len, NULL);
  return &g_array_index (occ->lstates, WfOccupancyLine, i);
}

guint
wf_occupancy_n_tracks (WfOccupancy * occ)
{
  return g_hash_table_size (occ->tracks);
}
