/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:element-occupancy
 * @title: occupancy
 * @see_also: facedetect, facematch
 *
 * Counts people per zone and line crossings per line.  It tracks the
 * #GstVideoRegionOfInterestMeta of one `roi-type` ("face" by default) that
 * upstream elements attached, or, with `detector=people`, finds people itself
 * with OpenCV's HOG pedestrian detector and attaches "person" ROIs.
 *
 * Every ROI it counts gets a "tracking" param (`id`: guint64, `age`: guint)
 * unless upstream (facematch) already gave it one, whose id is then used, and
 * an "occupancy" param (`zones`: list of the names of the zones its centre
 * is in).
 *
 * Zones are named polygons and lines named directed segments, in normalised
 * coordinates (x right, y down, [0,1]):
 * `zones="room=0,0 1,0 1,1 0,1;desk=0.1,0.1 0.4,0.1 0.4,0.5"`,
 * `lines="door=0.5,0 0.5,1"`, `capacity="room=10;desk=2"`, or the groups
 * [zones], [lines] and [capacity] of the key file `zones-file`.  A track
 * whose centre moves across the segment A-B and ends at Q counts as "in"
 * when (B - A) x (Q - A) > 0, "out" when < 0: for `door` above, walking right
 * to left is "in".  Malformed values are rejected with a warning message
 * naming the problem, and the previous configuration stays.  All but
 * `zones-file`, `detector` and the tracker limits can change while PLAYING;
 * zones and lines that keep their name and geometry keep their counts.
 *
 * A zone's count changes only after the raw count has held the new value for
 * `smoothing` consecutive frames; its peak is the largest smoothed count.
 *
 * Element messages (all carry `timestamp`, `stream-time`, `running-time`
 * and `duration`, GstClockTime):
 *
 * * `occupancy`, on every change and every `message-interval`:
 *   `zones` (GstValueList of structures `zone`: `name` string, `count` uint,
 *   `peak` uint) and `lines` (GstValueList of structures `line`: `name`
 *   string, `in` uint, `out` uint).
 * * `zone-enter`, `zone-exit`: `zone` string, `track-id` guint64, `count`
 *   uint (the zone's smoothed count), and `employee-id`, `employee-name`
 *   strings when facematch has named the track.  A track that disappears
 *   exits its zones when it is evicted.
 * * `line-cross`: `line` string, `direction` string ("in" or "out"),
 *   `track-id` guint64, `in` and `out` uint (the line's totals), and
 *   `employee-id`, `employee-name` when known.
 * * `over-capacity` when a zone's count rises above its capacity and
 *   `capacity-normal` when it is back at or below it: `zone` string, `count`
 *   uint, `capacity` uint.
 *
 * Without `draw` and `detector`, the element only reads and adds metadata
 * and never maps the frame.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 -m filesrc location=vtest_pedestrians_h264.mp4 ! decodebin !
 *   videoconvert ! video/x-raw,format=GRAY8 ! occupancy detector=people
 *   detect-width=1152 detect-interval=5 lines="walk=0.7,0.1 0.7,0.85" !
 *   fakesink
 * ]| counts people crossing a line across the walkway of OpenCV's pedestrian
 * video; the `line-cross` and `occupancy` messages are printed by -m.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwfoccupancy.h"
#include "gstwfvideo.h"

#include <math.h>
#include <string.h>

#include <gst/video/video.h>

#include "wf-meta.h"
#include "wf-tracker.h"
#include "wf-zones.h"
#if HAVE_OPENCV
#include "wf-people-detector.h"
#endif

GST_DEBUG_CATEGORY_STATIC (gst_wf_occupancy_debug);
#define GST_CAT_DEFAULT gst_wf_occupancy_debug

#define DEFAULT_ROI_TYPE WF_ROI_TYPE_FACE
#define DEFAULT_DETECTOR GST_WF_OCCUPANCY_DETECTOR_NONE
#define DEFAULT_DETECT_WIDTH 0
#define DEFAULT_DETECT_INTERVAL 1
#define DEFAULT_PEOPLE_THRESHOLD 0.3
#define DEFAULT_SMOOTHING 3
#define DEFAULT_MESSAGE_INTERVAL GST_SECOND
#define DEFAULT_DRAW FALSE
#define DEFAULT_MAX_TRACKS 64
#define DEFAULT_MAX_MISSES 15

/* Per-track state kept by the element, beyond the tracker's own. */
#define MAX_TRACK_STATES(self) (4 * (self)->max_tracks + 64)

enum
{
  PROP_0,
  PROP_ROI_TYPE,
  PROP_DETECTOR,
  PROP_DETECT_WIDTH,
  PROP_DETECT_INTERVAL,
  PROP_PEOPLE_THRESHOLD,
  PROP_ZONES,
  PROP_LINES,
  PROP_ZONES_FILE,
  PROP_SMOOTHING,
  PROP_CAPACITY,
  PROP_MESSAGE_INTERVAL,
  PROP_DRAW,
  PROP_MAX_TRACKS,
  PROP_MAX_MISSES,
  PROP_TRACKS,
};

typedef struct
{
  WfZone *zone;                 /* owned by the zones array in use */
  const gchar *iname;           /* zone->name, interned: ROI params point
                                 * to it without a copy and outlive a
                                 * configuration change */
  guint capacity;               /* 0: none */
  guint raw;                    /* this frame */
  guint count;                  /* smoothed */
  guint pending;                /* value the raw count holds ... */
  guint pending_frames;         /* ... for this many frames */
  guint peak;
  gboolean over;
} ZoneState;

typedef struct
{
  WfLine *line;                 /* owned by the lines array in use */
  guint in, out;
} LineState;

typedef struct
{
  guint64 id;
  guint64 last_update;          /* update counter when last seen */
  guint64 zones;                /* bit i: inside zone i */
  gint8 side[WF_ZONES_MAX];     /* last non-zero side of each line */
  gfloat px[WF_ZONES_MAX], py[WF_ZONES_MAX];    /* where it was */
  gchar *employee_id;
  gchar *employee_name;
  /* the "occupancy" ROI param for zones occ_zones under configuration
   * occ_gen: copied onto the ROI while the track stays in the same zones,
   * instead of building the list of names again every frame */
  GstStructure *occ;
  guint64 occ_zones;
  guint occ_gen;
} TrackState;

typedef struct
{
  WfRect box;
  guint64 id;
} Carried;

typedef struct
{
  GstVideoRegionOfInterestMeta *meta;
  gdouble cx, cy;
  guint64 id;
  gboolean own_id;
} Obj;

struct _GstWfOccupancy
{
  GstVideoFilter parent;

  /* properties, protected by the object lock */
  gchar *roi_type;
  GQuark roi_quark;             /* of roi_type, looked up once */
  GstWfOccupancyDetector detector;
  gint detect_width;
  guint detect_interval;
  gdouble people_threshold;
  GPtrArray *zones;             /* WfZone*, never modified once set */
  GPtrArray *lines;             /* WfLine*, never modified once set */
  GHashTable *capacity;         /* name -> capacity */
  gchar *zones_file;
  guint smoothing;
  GstClockTime message_interval;
  gboolean draw;
  guint max_tracks;
  guint max_misses;
  guint config_gen;             /* bumped on every zones/lines/capacity change */

  /* streaming state, only touched in the streaming thread (and start/stop) */
  guint applied_gen;
  GPtrArray *zones_used;        /* ref of the zones the states point into */
  GPtrArray *lines_used;
  GArray *zstates;              /* ZoneState */
  GArray *lstates;              /* LineState */
  WfTracker *tracker;
  GHashTable *tracks;           /* id -> TrackState */
  gint n_tracks;                /* atomic: size of tracks, for "tracks" */
  guint64 updates;              /* counting updates done */
  guint64 frames;
  GstClockTime last_message;
  gboolean changed;
  GArray *objs;                 /* Obj, scratch */
  GArray *boxes;                /* WfRect, scratch */
  GArray *ids;                  /* guint64, scratch */
  GArray *people;               /* WfPerson (or unused), scratch */
  GArray *carried;              /* Carried: the last detections */
  GPtrArray *gone;              /* TrackState*, scratch of sweep_tracks */
  gpointer people_detector;     /* WfPeopleDetector */
  GstWfOccupancyDetector active_detector;
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE ("{ GRAY8, I420, NV12, RGB, BGR, "
            "RGBx, BGRx, RGBA, BGRA }")));
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE ("{ GRAY8, I420, NV12, RGB, BGR, "
            "RGBx, BGRx, RGBA, BGRA }")));

G_DEFINE_TYPE_WITH_CODE (GstWfOccupancy, gst_wf_occupancy,
    GST_TYPE_VIDEO_FILTER, GST_DEBUG_CATEGORY_INIT (gst_wf_occupancy_debug,
        "occupancy", 0, "Occupancy: zones, lines and capacity"));
GST_ELEMENT_REGISTER_DEFINE (occupancy, "occupancy", GST_RANK_NONE,
    GST_TYPE_WF_OCCUPANCY);

GType
gst_wf_occupancy_detector_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_WF_OCCUPANCY_DETECTOR_NONE, "Count the ROIs upstream attached",
        "none"},
    {GST_WF_OCCUPANCY_DETECTOR_PEOPLE,
        "Find people with OpenCV's HOG pedestrian detector", "people"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstWfOccupancyDetector", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

static void
track_state_free (TrackState * ts)
{
  g_free (ts->employee_id);
  g_free (ts->employee_name);
  if (ts->occ)
    gst_structure_free (ts->occ);
  g_free (ts);
}

/* Field and structure names as quarks, computed once in class_init: the
 * per-ROI params and the messages are built every frame, and a string name
 * costs a locked hash lookup each time. */
static GQuark q_tracking, q_occupancy, q_facematch, q_id, q_age, q_zones;
static GQuark q_zone, q_line, q_name, q_count, q_peak, q_in, q_out;
static GQuark q_track_id, q_direction, q_capacity, q_employee_id;
static GQuark q_employee_name, q_occ_zones, q_occ_lines;
static const gchar *s_in, *s_out;

static void
init_quarks (void)
{
  q_tracking = g_quark_from_static_string (WF_PARAM_TRACKING);
  q_occupancy = g_quark_from_static_string (WF_PARAM_OCCUPANCY);
  q_facematch = g_quark_from_static_string (WF_PARAM_FACEMATCH);
  q_id = g_quark_from_static_string (WF_FIELD_TRACK_ID);
  q_age = g_quark_from_static_string (WF_FIELD_AGE);
  q_zones = g_quark_from_static_string (WF_FIELD_ZONES);
  q_zone = g_quark_from_static_string (WF_FIELD_ZONE);
  q_line = g_quark_from_static_string (WF_FIELD_LINE);
  q_name = g_quark_from_static_string ("name");
  q_count = g_quark_from_static_string (WF_FIELD_COUNT);
  q_peak = g_quark_from_static_string (WF_FIELD_PEAK);
  q_in = g_quark_from_static_string (WF_FIELD_IN);
  q_out = g_quark_from_static_string (WF_FIELD_OUT);
  q_track_id = g_quark_from_static_string (WF_FIELD_EVENT_TRACK_ID);
  q_direction = g_quark_from_static_string (WF_FIELD_DIRECTION);
  q_capacity = g_quark_from_static_string (WF_FIELD_CAPACITY);
  q_employee_id = g_quark_from_static_string (WF_FIELD_EMPLOYEE_ID);
  q_employee_name = g_quark_from_static_string (WF_FIELD_EMPLOYEE_NAME);
  q_occ_zones = g_quark_from_static_string (WF_FIELD_OCC_ZONES);
  q_occ_lines = g_quark_from_static_string (WF_FIELD_OCC_LINES);
  s_in = g_intern_static_string ("in");
  s_out = g_intern_static_string ("out");
}

/* gst_video_region_of_interest_meta_get_param() compares names as
 * strings; ours are quarks. */
static GstStructure *
roi_param (GstVideoRegionOfInterestMeta * meta, GQuark name)
{
  GList *l;

  for (l = meta->params; l; l = l->next)
    if (gst_structure_get_name_id (l->data) == name)
      return l->data;
  return NULL;
}

/* ---- configuration ---- */

static void
warn_rejected (GstWfOccupancy * self, const gchar * prop, const gchar * value,
    const GError * err)
{
  GST_ELEMENT_WARNING (self, LIBRARY, SETTINGS,
      ("Invalid %s, keeping the previous ones: %s", prop, err->message),
      ("%s=\"%s\"", prop, value ? value : ""));
}

static gboolean
set_zones_locked (GstWfOccupancy * self, GPtrArray * zones, GPtrArray * lines,
    GHashTable * capacity)
{
  if (zones) {
    g_clear_pointer (&self->zones, g_ptr_array_unref);
    self->zones = zones;
  }
  if (lines) {
    g_clear_pointer (&self->lines, g_ptr_array_unref);
    self->lines = lines;
  }
  if (capacity) {
    g_clear_pointer (&self->capacity, g_hash_table_unref);
    self->capacity = capacity;
  }
  self->config_gen++;
  return TRUE;
}

/* Rebuilds the zone and line states for the configuration now set, keeping
 * the states of zones and lines whose name and geometry did not change. */
static void
apply_config (GstWfOccupancy * self)
{
  g_autoptr (GPtrArray) zones = NULL;
  g_autoptr (GPtrArray) lines = NULL;
  g_autoptr (GHashTable) capacity = NULL;
  GArray *zst, *lst;
  gint zmap[WF_ZONES_MAX], lmap[WF_ZONES_MAX];
  GHashTableIter iter;
  gpointer value;
  guint i, k, gen;

  GST_OBJECT_LOCK (self);
  zones = g_ptr_array_ref (self->zones);
  lines = g_ptr_array_ref (self->lines);
  capacity = g_hash_table_ref (self->capacity);
  gen = self->config_gen;
  GST_OBJECT_UNLOCK (self);

  zst = g_array_sized_new (FALSE, TRUE, sizeof (ZoneState), zones->len);
  for (i = 0; i < zones->len; i++) {
    ZoneState z = { 0, };
    WfZone *zone = g_ptr_array_index (zones, i);

    zmap[i] = -1;
    for (k = 0; self->zstates && k < self->zstates->len; k++) {
      ZoneState *old = &g_array_index (self->zstates, ZoneState, k);
      if (wf_zone_equal (old->zone, zone)) {
        z = *old;
        zmap[i] = k;
        break;
      }
    }
    z.zone = zone;
    /* bounded: one copy per distinct zone name ever configured */
    z.iname = g_intern_string (zone->name);
    z.capacity = GPOINTER_TO_UINT (g_hash_table_lookup (capacity, zone->name));
    g_array_append_val (zst, z);
  }

  lst = g_array_sized_new (FALSE, TRUE, sizeof (LineState), lines->len);
  for (i = 0; i < lines->len; i++) {
    LineState l = { 0, };
    WfLine *line = g_ptr_array_index (lines, i);

    lmap[i] = -1;
    for (k = 0; self->lstates && k < self->lstates->len; k++) {
      LineState *old = &g_array_index (self->lstates, LineState, k);
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
  g_hash_table_iter_init (&iter, self->tracks);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    TrackState *ts = value;
    guint64 bits = 0;
    gint8 side[WF_ZONES_MAX];
    gfloat px[WF_ZONES_MAX], py[WF_ZONES_MAX];

    for (i = 0; i < zones->len; i++)
      if (zmap[i] >= 0 && (ts->zones & (G_GUINT64_CONSTANT (1) << zmap[i])))
        bits |= G_GUINT64_CONSTANT (1) << i;
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

  if (self->zstates)
    g_array_unref (self->zstates);
  if (self->lstates)
    g_array_unref (self->lstates);
  self->zstates = zst;
  self->lstates = lst;
  g_clear_pointer (&self->zones_used, g_ptr_array_unref);
  g_clear_pointer (&self->lines_used, g_ptr_array_unref);
  self->zones_used = g_steal_pointer (&zones);
  self->lines_used = g_steal_pointer (&lines);
  self->applied_gen = gen;
  self->changed = TRUE;
  GST_DEBUG_OBJECT (self, "configuration %u: %u zones, %u lines", gen,
      zst->len, lst->len);
}

/* ---- messages ---- */

static GstStructure *
new_event (GstWfOccupancy * self, const gchar * name, GstBuffer * buf)
{
  return gst_wf_message_structure_new (GST_BASE_TRANSFORM (self), name, buf);
}

static void
post (GstWfOccupancy * self, GstStructure * s)
{
  GST_LOG_OBJECT (self, "posting %" GST_PTR_FORMAT, s);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self), s));
}

static void
add_employee (GstStructure * s, const TrackState * ts)
{
  if (ts->employee_id)
    gst_structure_id_set (s, q_employee_id, G_TYPE_STRING, ts->employee_id,
        q_employee_name, G_TYPE_STRING, ts->employee_name, NULL);
}

static void
post_zone_event (GstWfOccupancy * self, GstBuffer * buf, const gchar * name,
    const ZoneState * z, const TrackState * ts)
{
  GstStructure *s = new_event (self, name, buf);

  gst_structure_id_set (s, q_zone, G_TYPE_STRING, z->iname,
      q_track_id, G_TYPE_UINT64, ts->id, q_count, G_TYPE_UINT, z->count, NULL);
  add_employee (s, ts);
  post (self, s);
}

static void
post_occupancy (GstWfOccupancy * self, GstBuffer * buf)
{
  GstStructure *s = new_event (self, WF_MESSAGE_OCCUPANCY, buf);
  GValue zlist = G_VALUE_INIT, llist = G_VALUE_INIT;
  guint i;

  g_value_init (&zlist, GST_TYPE_LIST);
  g_value_init (&llist, GST_TYPE_LIST);
  for (i = 0; i < self->zstates->len; i++) {
    ZoneState *z = &g_array_index (self->zstates, ZoneState, i);
    GValue v = G_VALUE_INIT;

    g_value_init (&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&v, gst_structure_new_id (q_zone,
            q_name, G_TYPE_STRING, z->iname,
            q_count, G_TYPE_UINT, z->count, q_peak, G_TYPE_UINT, z->peak,
            NULL));
    gst_value_list_append_and_take_value (&zlist, &v);
  }
  for (i = 0; i < self->lstates->len; i++) {
    LineState *l = &g_array_index (self->lstates, LineState, i);
    GValue v = G_VALUE_INIT;

    g_value_init (&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&v, gst_structure_new_id (q_line,
            q_name, G_TYPE_STRING, l->line->name,
            q_in, G_TYPE_UINT, l->in, q_out, G_TYPE_UINT, l->out, NULL));
    gst_value_list_append_and_take_value (&llist, &v);
  }
  gst_structure_id_take_value (s, q_occ_zones, &zlist);
  gst_structure_id_take_value (s, q_occ_lines, &llist);
  post (self, s);
}

/* ---- tracks ---- */

static void
track_remove (GstWfOccupancy * self, GstBuffer * buf, TrackState * ts)
{
  guint i;

  /* a person who vanished left their zones */
  for (i = 0; i < self->zstates->len; i++)
    if (ts->zones & (G_GUINT64_CONSTANT (1) << i))
      post_zone_event (self, buf, WF_EVENT_ZONE_EXIT,
          &g_array_index (self->zstates, ZoneState, i), ts);
  g_hash_table_remove (self->tracks, &ts->id);
}

/* Drops the states of tracks not seen for longer than max_misses updates,
 * and the oldest ones when there are too many (upstream ids). */
static void
sweep_tracks (GstWfOccupancy * self, GstBuffer * buf, guint max_misses)
{
  GHashTableIter iter;
  gpointer value;
  GPtrArray *gone = self->gone;
  guint i;

  g_hash_table_iter_init (&iter, self->tracks);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    TrackState *ts = value;
    if (self->updates - ts->last_update > max_misses)
      g_ptr_array_add (gone, ts);
  }
  for (i = 0; i < gone->len; i++)
    track_remove (self, buf, g_ptr_array_index (gone, i));
  g_ptr_array_set_size (gone, 0);

  while (g_hash_table_size (self->tracks) > MAX_TRACK_STATES (self)) {
    TrackState *oldest = NULL;
    g_hash_table_iter_init (&iter, self->tracks);
    while (g_hash_table_iter_next (&iter, NULL, &value)) {
      TrackState *ts = value;
      if (oldest == NULL || ts->last_update < oldest->last_update)
        oldest = ts;
    }
    track_remove (self, buf, oldest);
  }
}

static TrackState *
track_get (GstWfOccupancy * self, guint64 id)
{
  TrackState *ts = g_hash_table_lookup (self->tracks, &id);

  if (ts == NULL) {
    ts = g_new0 (TrackState, 1);
    ts->id = id;
    g_hash_table_insert (self->tracks, &ts->id, ts);
  }
  ts->last_update = self->updates;
  return ts;
}

/* ---- metadata ---- */

static gboolean
param_uint64 (const GstStructure * s, GQuark field, guint64 * out)
{
  const GValue *v = gst_structure_id_get_value (s, field);

  if (v == NULL)
    return FALSE;
  if (G_VALUE_HOLDS_UINT64 (v))
    *out = g_value_get_uint64 (v);
  else if (G_VALUE_HOLDS_UINT (v))
    *out = g_value_get_uint (v);
  else if (G_VALUE_HOLDS_INT64 (v) && g_value_get_int64 (v) >= 0)
    *out = g_value_get_int64 (v);
  else if (G_VALUE_HOLDS_INT (v) && g_value_get_int (v) >= 0)
    *out = g_value_get_int (v);
  else
    return FALSE;
  return TRUE;
}

static void
take_employee (TrackState * ts, GstVideoRegionOfInterestMeta * meta)
{
  GstStructure *fm = roi_param (meta, q_facematch);
  const gchar *eid, *name;
  gboolean known = TRUE;

  if (fm == NULL)
    return;
  gst_structure_get_boolean (fm, WF_FIELD_KNOWN, &known);
  eid = gst_structure_get_string (fm, WF_FIELD_EMPLOYEE_ID);
  name = gst_structure_get_string (fm, WF_FIELD_NAME);
  if (!known || eid == NULL)
    return;
  if (g_strcmp0 (ts->employee_id, eid) != 0) {
    g_free (ts->employee_id);
    ts->employee_id = g_strdup (eid);
  }
  if (g_strcmp0 (ts->employee_name, name) != 0) {
    g_free (ts->employee_name);
    ts->employee_name = g_strdup (name);
  }
}

/* The list of the names of the zones in @bits. */
static void
zone_list (GstWfOccupancy * self, guint64 bits, GValue * list)
{
  guint i;

  g_value_init (list, GST_TYPE_LIST);
  for (i = 0; bits && i < self->zstates->len; i++) {
    if (bits & (G_GUINT64_CONSTANT (1) << i)) {
      GValue v = G_VALUE_INIT;
      g_value_init (&v, G_TYPE_STRING);
      g_value_set_interned_string (&v,
          g_array_index (self->zstates, ZoneState, i).iname);
      gst_value_list_append_and_take_value (list, &v);
    }
  }
}

static void
set_roi_params (GstWfOccupancy * self, Obj * o, TrackState * ts,
    WfTracker * tracker)
{
  GstStructure *occ;
  guint64 bits = ts ? ts->zones : 0;

  /* own_id: collect_objects found no "tracking" param */
  if (o->own_id && o->id != 0) {
    WfTrackInfo info = { 0, };
    wf_tracker_get_track (tracker, o->id, &info);
    gst_video_region_of_interest_meta_add_param (o->meta,
        gst_structure_new_id (q_tracking, q_id, G_TYPE_UINT64, o->id,
            q_age, G_TYPE_UINT, info.age, NULL));
  }

  occ = roi_param (o->meta, q_occupancy);
  if (occ) {
    /* already there (a second occupancy upstream): replace the list */
    GValue list = G_VALUE_INIT;
    zone_list (self, bits, &list);
    gst_structure_id_take_value (occ, q_zones, &list);
    return;
  }
  if (ts == NULL) {
    GValue list = G_VALUE_INIT;
    zone_list (self, 0, &list);
    occ = gst_structure_new_id_empty (q_occupancy);
    gst_structure_id_take_value (occ, q_zones, &list);
    gst_video_region_of_interest_meta_add_param (o->meta, occ);
    return;
  }
  if (ts->occ == NULL || ts->occ_zones != bits
      || ts->occ_gen != self->applied_gen) {
    GValue list = G_VALUE_INIT;
    if (ts->occ)
      gst_structure_free (ts->occ);
    zone_list (self, bits, &list);
    ts->occ = gst_structure_new_id_empty (q_occupancy);
    gst_structure_id_take_value (ts->occ, q_zones, &list);
    ts->occ_zones = bits;
    ts->occ_gen = self->applied_gen;
  }
  /* the names are interned: the copy duplicates no string */
  gst_video_region_of_interest_meta_add_param (o->meta,
      gst_structure_copy (ts->occ));
}

/* Collects the ROIs of @roi_type with their centres, in normalised
 * coordinates. */
static void
collect_objects (GstWfOccupancy * self, GstBuffer * buf, GQuark roi_type)
{
  GstVideoInfo *info = &GST_VIDEO_FILTER (self)->in_info;
  gdouble fw = MAX (GST_VIDEO_INFO_WIDTH (info), 1);
  gdouble fh = MAX (GST_VIDEO_INFO_HEIGHT (info), 1);
  gpointer state = NULL;
  GstMeta *m;

  g_array_set_size (self->objs, 0);
  while ((m = gst_buffer_iterate_meta_filtered (buf, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *) m;
    GstStructure *tr;
    Obj o = { 0, };

    if (roi->roi_type != roi_type)
      continue;
    o.meta = roi;
    o.cx = (roi->x + roi->w / 2.0) / fw;
    o.cy = (roi->y + roi->h / 2.0) / fh;
    tr = roi_param (roi, q_tracking);
    if (tr == NULL || !param_uint64 (tr, q_id, &o.id)
        || o.id == 0) {
      o.id = 0;
      o.own_id = TRUE;
    }
    g_array_append_val (self->objs, o);
  }
}

/* ---- drawing ---- */

typedef struct
{
  GstVideoFrame *frame;
  gboolean rgb;
} Canvas;

static void
put_pixel (Canvas * c, gint x, gint y, guint8 r, guint8 g, guint8 b)
{
  GstVideoFrame *f = c->frame;
  guint comp, n = c->rgb ? 3 : 1;
  guint8 v[3] = { r, g, b };

  if (x < 0 || y < 0 || x >= GST_VIDEO_FRAME_WIDTH (f)
      || y >= GST_VIDEO_FRAME_HEIGHT (f))
    return;
  if (!c->rgb)
    v[0] = (guint8) ((66 * r + 129 * g + 25 * b + 128) / 256 + 16);
  for (comp = 0; comp < n; comp++) {
    guint8 *p = GST_VIDEO_FRAME_COMP_DATA (f, comp);
    p += y * GST_VIDEO_FRAME_COMP_STRIDE (f, comp)
        + x * GST_VIDEO_FRAME_COMP_PSTRIDE (f, comp);
    *p = v[comp];
  }
}

static void
draw_line (Canvas * c, gint x0, gint y0, gint x1, gint y1, guint8 r,
    guint8 g, guint8 b)
{
  gint dx = ABS (x1 - x0), sx = x0 < x1 ? 1 : -1;
  gint dy = -ABS (y1 - y0), sy = y0 < y1 ? 1 : -1;
  gint err = dx + dy, steps = 0;

  /* bounded: a line never takes more steps than its longer side */
  while (steps++ <= MAX (dx, -dy)) {
    put_pixel (c, x0, y0, r, g, b);
    put_pixel (c, x0 + 1, y0, r, g, b);
    if (x0 == x1 && y0 == y1)
      break;
    if (2 * err >= dy) {
      err += dy;
      x0 += sx;
    }
    if (2 * err <= dx) {
      err += dx;
      y0 += sy;
    }
  }
}

/* 3x5 digits, one row per 3 bits */
static const guint8 digit_font[10][5] = {
  {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7},
  {5, 5, 7, 1, 1}, {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 1, 1},
  {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7},
};

static void
draw_number (Canvas * c, gint x, gint y, guint64 n, gint scale, guint8 r,
    guint8 g, guint8 b)
{
  gchar s[24];
  gint i, row, col, sx, sy;

  g_snprintf (s, sizeof (s), "%" G_GUINT64_FORMAT, n);
  for (i = 0; s[i]; i++)
    for (row = 0; row < 5; row++)
      for (col = 0; col < 3; col++)
        if (digit_font[s[i] - '0'][row] & (4 >> col))
          for (sy = 0; sy < scale; sy++)
            for (sx = 0; sx < scale; sx++)
              put_pixel (c, x + (i * 4 + col) * scale + sx,
                  y + row * scale + sy, r, g, b);
}

static void
draw_overlay (GstWfOccupancy * self, GstVideoFrame * frame)
{
  Canvas c = { frame, GST_VIDEO_INFO_IS_RGB (&frame->info) };
  gint w = GST_VIDEO_FRAME_WIDTH (frame), h = GST_VIDEO_FRAME_HEIGHT (frame);
  gint scale = MAX (1, h / 240);
  guint i, k;

  for (i = 0; i < self->zstates->len; i++) {
    ZoneState *z = &g_array_index (self->zstates, ZoneState, i);
    guint8 r = z->over ? 255 : 0, g = z->over ? 0 : 255;

    for (k = 0; k < z->zone->n_points; k++) {
      guint n = (k + 1) % z->zone->n_points;
      draw_line (&c, z->zone->xy[2 * k] * (w - 1),
          z->zone->xy[2 * k + 1] * (h - 1), z->zone->xy[2 * n] * (w - 1),
          z->zone->xy[2 * n + 1] * (h - 1), r, g, 0);
    }
    draw_number (&c, z->zone->x0 * (w - 1) + 4, z->zone->y0 * (h - 1) + 4,
        z->count, 2 * scale, r, g, 0);
  }
  for (i = 0; i < self->lstates->len; i++) {
    LineState *l = &g_array_index (self->lstates, LineState, i);
    gint ax = l->line->ax * (w - 1), ay = l->line->ay * (h - 1);
    gint bx = l->line->bx * (w - 1), by = l->line->by * (h - 1);

    draw_line (&c, ax, ay, bx, by, 255, 255, 0);
    /* in / out totals at the line's midpoint: in above out */
    draw_number (&c, (ax + bx) / 2 + 4, (ay + by) / 2 - 14 * scale, l->in,
        2 * scale, 0, 255, 255);
    draw_number (&c, (ax + bx) / 2 + 4, (ay + by) / 2 + 2 * scale, l->out,
        2 * scale, 255, 0, 255);
  }
  for (i = 0; i < self->objs->len; i++) {
    Obj *o = &g_array_index (self->objs, Obj, i);
    GstVideoRegionOfInterestMeta *m = o->meta;
    gint x0 = m->x, y0 = m->y, x1 = m->x + m->w, y1 = m->y + m->h;

    draw_line (&c, x0, y0, x1, y0, 0, 128, 255);
    draw_line (&c, x1, y0, x1, y1, 0, 128, 255);
    draw_line (&c, x1, y1, x0, y1, 0, 128, 255);
    draw_line (&c, x0, y1, x0, y0, 0, 128, 255);
    if (o->id)
      draw_number (&c, x0 + 2, y0 + 2, o->id, scale, 255, 255, 255);
  }
}

/* ---- detection ---- */

static GstVideoRegionOfInterestMeta *
attach_person (GstBuffer * buf, const WfRect * b, gfloat confidence,
    gboolean carried, gint fw, gint fh)
{
  GstVideoRegionOfInterestMeta *m;
  gint x = CLAMP ((gint) lroundf (b->x), 0, fw - 1);
  gint y = CLAMP ((gint) lroundf (b->y), 0, fh - 1);
  gint x1 = CLAMP ((gint) lroundf (b->x + b->w), x + 1, fw);
  gint y1 = CLAMP ((gint) lroundf (b->y + b->h), y + 1, fh);

  m = gst_buffer_add_video_region_of_interest_meta (buf, WF_ROI_TYPE_PERSON,
      x, y, x1 - x, y1 - y);
  gst_video_region_of_interest_meta_add_param (m,
      gst_structure_new (WF_PARAM_DETECTION,
          WF_FIELD_CONFIDENCE, G_TYPE_DOUBLE, (gdouble) confidence,
          WF_FIELD_X, G_TYPE_DOUBLE, (gdouble) x / fw,
          WF_FIELD_Y, G_TYPE_DOUBLE, (gdouble) y / fh,
          WF_FIELD_W, G_TYPE_DOUBLE, (gdouble) (x1 - x) / fw,
          WF_FIELD_H, G_TYPE_DOUBLE, (gdouble) (y1 - y) / fh,
          WF_FIELD_BACKEND, G_TYPE_STRING, "people",
          WF_FIELD_CARRIED, G_TYPE_BOOLEAN, carried, NULL));
  return m;
}

/* ---- counting ---- */

static void
count_objects (GstWfOccupancy * self, GstBuffer * buf, guint smoothing)
{
  guint i, k;

  for (i = 0; i < self->zstates->len; i++)
    g_array_index (self->zstates, ZoneState, i).raw = 0;

  for (k = 0; k < self->objs->len; k++) {
    Obj *o = &g_array_index (self->objs, Obj, k);
    TrackState *ts;
    guint64 now = 0;

    if (o->id == 0) {
      /* no track (tracker full): counted in zones, no events */
      for (i = 0; i < self->zstates->len; i++) {
        ZoneState *z = &g_array_index (self->zstates, ZoneState, i);
        if (wf_zone_contains (z->zone, o->cx, o->cy))
          z->raw++;
      }
      set_roi_params (self, o, NULL, self->tracker);
      continue;
    }

    ts = track_get (self, o->id);
    take_employee (ts, o->meta);

    for (i = 0; i < self->zstates->len; i++) {
      ZoneState *z = &g_array_index (self->zstates, ZoneState, i);
      if (wf_zone_contains (z->zone, o->cx, o->cy)) {
        z->raw++;
        now |= G_GUINT64_CONSTANT (1) << i;
      }
    }

    for (i = 0; i < self->lstates->len; i++) {
      LineState *l = &g_array_index (self->lstates, LineState, i);
      gint side = wf_line_side (l->line, o->cx, o->cy);
      gint dir;
      GstStructure *s;

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
      self->changed = TRUE;
      s = new_event (self, WF_EVENT_LINE_CROSS, buf);
      gst_structure_id_set (s, q_line, G_TYPE_STRING, l->line->name,
          q_direction, G_TYPE_STRING, dir > 0 ? s_in : s_out,
          q_track_id, G_TYPE_UINT64, ts->id,
          q_in, G_TYPE_UINT, l->in, q_out, G_TYPE_UINT, l->out, NULL);
      add_employee (s, ts);
      post (self, s);
    }

    /* enter/exit per track; the zone count in the event is the smoothed one
     * before this frame */
    for (i = 0; i < self->zstates->len; i++) {
      guint64 bit = G_GUINT64_CONSTANT (1) << i;
      if ((now & bit) && !(ts->zones & bit))
        post_zone_event (self, buf, WF_EVENT_ZONE_ENTER,
            &g_array_index (self->zstates, ZoneState, i), ts);
      else if (!(now & bit) && (ts->zones & bit))
        post_zone_event (self, buf, WF_EVENT_ZONE_EXIT,
            &g_array_index (self->zstates, ZoneState, i), ts);
    }
    ts->zones = now;
    set_roi_params (self, o, ts, self->tracker);
  }

  /* smoothed counts, peaks and capacity */
  for (i = 0; i < self->zstates->len; i++) {
    ZoneState *z = &g_array_index (self->zstates, ZoneState, i);

    if (z->raw == z->count) {
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
    z->count = z->raw;
    z->pending_frames = 0;
    self->changed = TRUE;
    if (z->count > z->peak)
      z->peak = z->count;
    if (z->capacity > 0 && z->over != (z->count > z->capacity)) {
      GstStructure *s;
      z->over = z->count > z->capacity;
      s = new_event (self, z->over ? WF_EVENT_OVER_CAPACITY :
          WF_EVENT_CAPACITY_NORMAL, buf);
      gst_structure_id_set (s, q_zone, G_TYPE_STRING, z->iname,
          q_count, G_TYPE_UINT, z->count, q_capacity, G_TYPE_UINT,
          z->capacity, NULL);
      post (self, s);
    }
  }
  /* a capacity lowered or removed while PLAYING */
  for (i = 0; i < self->zstates->len; i++) {
    ZoneState *z = &g_array_index (self->zstates, ZoneState, i);
    gboolean over = z->capacity > 0 && z->count > z->capacity;
    if (over != z->over) {
      GstStructure *s;
      z->over = over;
      s = new_event (self, over ? WF_EVENT_OVER_CAPACITY :
          WF_EVENT_CAPACITY_NORMAL, buf);
      gst_structure_id_set (s, q_zone, G_TYPE_STRING, z->iname,
          q_count, G_TYPE_UINT, z->count, q_capacity, G_TYPE_UINT,
          z->capacity, NULL);
      post (self, s);
    }
  }
}

static GstFlowReturn
gst_wf_occupancy_transform_ip (GstBaseTransform * trans, GstBuffer * buf)
{
  GstWfOccupancy *self = GST_WF_OCCUPANCY (trans);
  GstVideoFilter *filter = GST_VIDEO_FILTER (trans);
  GstVideoFrame frame;
  gboolean mapped = FALSE, draw, detect_now = FALSE, count_now = TRUE;
  GQuark roi_type;
  guint smoothing, max_misses, detect_interval, i;
  gint detect_width;
  gdouble people_threshold;
  GstClockTime interval, ts;
  guint64 evicted[64];
  guint n_ev;

  if (!filter->negotiated) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
        ("occupancy got a buffer before caps"));
    return GST_FLOW_NOT_NEGOTIATED;
  }

  GST_OBJECT_LOCK (self);
  roi_type = self->roi_quark;
  smoothing = self->smoothing;
  max_misses = self->max_misses;
  detect_interval = self->detect_interval;
  detect_width = self->detect_width;
  people_threshold = self->people_threshold;
  interval = self->message_interval;
  draw = self->draw;
  if (self->config_gen != self->applied_gen) {
    GST_OBJECT_UNLOCK (self);
    apply_config (self);
  } else {
    GST_OBJECT_UNLOCK (self);
  }

  if (self->active_detector == GST_WF_OCCUPANCY_DETECTOR_PEOPLE) {
    roi_type = g_quark_from_static_string (WF_ROI_TYPE_PERSON);
    detect_now = self->frames % detect_interval == 0;
    count_now = detect_now;
  }
  self->frames++;

  /* no ref: metadata goes on this buffer while it is mapped */
  if (draw || detect_now) {
    if (!gst_video_frame_map (&frame, &filter->in_info, buf,
            GST_VIDEO_FRAME_MAP_FLAG_NO_REF | (draw ? GST_MAP_READWRITE :
                GST_MAP_READ))) {
      GST_ELEMENT_ERROR (self, STREAM, FAILED, (NULL),
          ("Could not map the video frame"));
      return GST_FLOW_ERROR;
    }
    mapped = TRUE;
  }

  if (self->active_detector == GST_WF_OCCUPANCY_DETECTOR_PEOPLE) {
    gint fw = GST_VIDEO_INFO_WIDTH (&filter->in_info);
    gint fh = GST_VIDEO_INFO_HEIGHT (&filter->in_info);

    if (detect_now) {
#if HAVE_OPENCV
      WfImage img;
      WfPeopleParams params;
      g_autoptr (GError) err = NULL;

      wf_people_params_init (&params);
      params.detect_width = detect_width;
      params.hit_threshold = people_threshold;
      params.scale = 1.1;
      g_array_set_size (self->people, 0);
      if (!gst_wf_image_from_frame (&frame, &img)
          || !wf_people_detector_detect (self->people_detector, &img, &params,
              self->people, &err)) {
        GST_ELEMENT_ERROR (self, STREAM, FAILED, ("People detection failed."),
            ("%s", err ? err->message : "unsupported format"));
        gst_video_frame_unmap (&frame);
        return GST_FLOW_ERROR;
      }
      for (i = 0; i < self->people->len; i++) {
        WfPerson *p = &g_array_index (self->people, WfPerson, i);
        attach_person (buf, &p->box, p->confidence, FALSE, fw, fh);
      }
#else
      (void) detect_width;
      (void) people_threshold;
#endif
    } else {
      /* between detections: repeat the last boxes, marked as carried */
      for (i = 0; i < self->carried->len; i++) {
        Carried *c = &g_array_index (self->carried, Carried, i);
        GstVideoRegionOfInterestMeta *m =
            attach_person (buf, &c->box, 0.0f, TRUE, fw, fh);
        if (c->id != 0)
          gst_video_region_of_interest_meta_add_param (m,
              gst_structure_new_id (q_tracking, q_id, G_TYPE_UINT64, c->id,
                  NULL));
      }
    }
  }

  if (count_now) {
    collect_objects (self, buf, roi_type);
    self->updates++;

    /* own tracker for the ROIs without an upstream id */
    g_array_set_size (self->boxes, 0);
    for (i = 0; i < self->objs->len; i++) {
      Obj *o = &g_array_index (self->objs, Obj, i);
      if (o->own_id) {
        WfRect r = { o->meta->x, o->meta->y, o->meta->w, o->meta->h };
        g_array_append_val (self->boxes, r);
      }
    }
    g_array_set_size (self->ids, self->boxes->len);
    wf_tracker_update (self->tracker, (WfRect *) self->boxes->data,
        self->boxes->len, (guint64 *) self->ids->data);
    for (i = 0, n_ev = 0; i < self->objs->len; i++) {
      Obj *o = &g_array_index (self->objs, Obj, i);
      if (o->own_id)
        o->id = g_array_index (self->ids, guint64, n_ev++);
    }

    count_objects (self, buf, smoothing);

    /* tracks the tracker gave up on leave now; others by age */
    while ((n_ev = wf_tracker_pop_evicted (self->tracker, evicted,
                G_N_ELEMENTS (evicted))) > 0) {
      for (i = 0; i < n_ev; i++) {
        TrackState *t = g_hash_table_lookup (self->tracks, &evicted[i]);
        if (t)
          track_remove (self, buf, t);
      }
    }
    sweep_tracks (self, buf, max_misses);
    g_atomic_int_set (&self->n_tracks, g_hash_table_size (self->tracks));

    if (self->active_detector == GST_WF_OCCUPANCY_DETECTOR_PEOPLE) {
      g_array_set_size (self->carried, 0);
      for (i = 0; i < self->objs->len; i++) {
        Obj *o = &g_array_index (self->objs, Obj, i);
        Carried c = { {o->meta->x, o->meta->y, o->meta->w, o->meta->h}, o->id };
        g_array_append_val (self->carried, c);
      }
    }
  } else {
    /* carried ROIs get their zones but count nothing */
    collect_objects (self, buf, roi_type);
  }

  ts = GST_BUFFER_PTS (buf);
  if (self->changed) {
    post_occupancy (self, buf);
    self->changed = FALSE;
    self->last_message = ts;
  } else if (interval > 0 && GST_CLOCK_TIME_IS_VALID (ts)) {
    /* a timestamp jump backwards restarts the interval */
    if (!GST_CLOCK_TIME_IS_VALID (self->last_message)
        || ts < self->last_message || ts - self->last_message >= interval) {
      post_occupancy (self, buf);
      self->last_message = ts;
    }
  }

  if (mapped) {
    if (draw)
      draw_overlay (self, &frame);
    gst_video_frame_unmap (&frame);
  }
  return GST_FLOW_OK;
}

/* ---- life cycle ---- */

static gboolean
gst_wf_occupancy_start (GstBaseTransform * trans)
{
  GstWfOccupancy *self = GST_WF_OCCUPANCY (trans);
  WfTrackerConfig tc;
  g_autofree gchar *file = NULL;
  GstWfOccupancyDetector detector;

  GST_OBJECT_LOCK (self);
  file = g_strdup (self->zones_file);
  detector = self->detector;
  wf_tracker_config_init (&tc);
  tc.max_tracks = self->max_tracks;
  tc.max_misses = self->max_misses;
  /* frames may be dropped or detected every Nth: allow a jump of two box
   * sizes per update */
  tc.max_distance = 2.0;
  GST_OBJECT_UNLOCK (self);

  if (file) {
    GPtrArray *zones = NULL, *lines = NULL;
    GHashTable *capacity = NULL;
    g_autoptr (GError) err = NULL;

    if (!wf_zones_load_key_file (file, &zones, &lines, &capacity, &err)) {
      if (g_error_matches (err, WF_ZONES_ERROR, WF_ZONES_ERROR_FILE))
        GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
            ("Could not read the zones file."), ("%s", err->message));
      else
        GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
            ("Invalid zones file."), ("%s", err->message));
      return FALSE;
    }
    GST_OBJECT_LOCK (self);
    set_zones_locked (self, zones, lines, capacity);
    GST_OBJECT_UNLOCK (self);
  }

  if (detector == GST_WF_OCCUPANCY_DETECTOR_PEOPLE) {
#if HAVE_OPENCV
    g_autoptr (GError) err = NULL;
    self->people_detector = wf_people_detector_new (&err);
    if (self->people_detector == NULL) {
      GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
          ("Could not load the people detector."), ("%s", err->message));
      return FALSE;
    }
#else
    GST_ELEMENT_ERROR (self, CORE, NOT_IMPLEMENTED,
        ("detector=people needs OpenCV, which this build does not have."),
        (NULL));
    return FALSE;
#endif
  }
  self->active_detector = detector;

  self->tracker = wf_tracker_new (&tc);
  self->tracks = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
      (GDestroyNotify) track_state_free);
  self->objs = g_array_new (FALSE, TRUE, sizeof (Obj));
  self->boxes = g_array_new (FALSE, TRUE, sizeof (WfRect));
  self->ids = g_array_new (FALSE, TRUE, sizeof (guint64));
#if HAVE_OPENCV
  self->people = g_array_new (FALSE, TRUE, sizeof (WfPerson));
#else
  self->people = g_array_new (FALSE, TRUE, sizeof (WfRect));
#endif
  self->carried = g_array_new (FALSE, TRUE, sizeof (Carried));
  self->gone = g_ptr_array_new ();
  self->updates = 0;
  self->frames = 0;
  self->last_message = GST_CLOCK_TIME_NONE;
  self->applied_gen = G_MAXUINT;
  g_clear_pointer (&self->zstates, g_array_unref);
  g_clear_pointer (&self->lstates, g_array_unref);
  apply_config (self);
  return TRUE;
}

static gboolean
gst_wf_occupancy_stop (GstBaseTransform * trans)
{
  GstWfOccupancy *self = GST_WF_OCCUPANCY (trans);

#if HAVE_OPENCV
  g_clear_pointer ((WfPeopleDetector **) & self->people_detector,
      wf_people_detector_free);
#endif
  g_clear_pointer (&self->tracker, wf_tracker_free);
  g_clear_pointer (&self->tracks, g_hash_table_unref);
  g_atomic_int_set (&self->n_tracks, 0);
  g_clear_pointer (&self->zstates, g_array_unref);
  g_clear_pointer (&self->lstates, g_array_unref);
  g_clear_pointer (&self->zones_used, g_ptr_array_unref);
  g_clear_pointer (&self->lines_used, g_ptr_array_unref);
  g_clear_pointer (&self->objs, g_array_unref);
  g_clear_pointer (&self->boxes, g_array_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->people, g_array_unref);
  g_clear_pointer (&self->carried, g_array_unref);
  g_clear_pointer (&self->gone, g_ptr_array_unref);
  return TRUE;
}

/* ---- properties ---- */

static void
gst_wf_occupancy_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstWfOccupancy *self = GST_WF_OCCUPANCY (object);
  const gchar *str;
  g_autoptr (GError) err = NULL;

  switch (prop_id) {
    case PROP_ROI_TYPE:
      str = g_value_get_string (value);
      GST_OBJECT_LOCK (self);
      g_free (self->roi_type);
      self->roi_type = g_strdup (str && *str ? str : DEFAULT_ROI_TYPE);
      self->roi_quark = g_quark_from_string (self->roi_type);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_DETECTOR:
      GST_OBJECT_LOCK (self);
      self->detector = g_value_get_enum (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_DETECT_WIDTH:
      GST_OBJECT_LOCK (self);
      self->detect_width = g_value_get_int (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_DETECT_INTERVAL:
      GST_OBJECT_LOCK (self);
      self->detect_interval = g_value_get_uint (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_PEOPLE_THRESHOLD:
      GST_OBJECT_LOCK (self);
      self->people_threshold = g_value_get_double (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_ZONES:{
      GPtrArray *zones;
      str = g_value_get_string (value);
      zones = wf_zones_parse (str, &err);
      if (zones == NULL) {
        warn_rejected (self, "zones", str, err);
        break;
      }
      GST_OBJECT_LOCK (self);
      set_zones_locked (self, zones, NULL, NULL);
      GST_OBJECT_UNLOCK (self);
      break;
    }
    case PROP_LINES:{
      GPtrArray *lines;
      str = g_value_get_string (value);
      lines = wf_lines_parse (str, &err);
      if (lines == NULL) {
        warn_rejected (self, "lines", str, err);
        break;
      }
      GST_OBJECT_LOCK (self);
      set_zones_locked (self, NULL, lines, NULL);
      GST_OBJECT_UNLOCK (self);
      break;
    }
    case PROP_CAPACITY:{
      GHashTable *capacity;
      str = g_value_get_string (value);
      capacity = wf_capacity_parse (str, &err);
      if (capacity == NULL) {
        warn_rejected (self, "capacity", str, err);
        break;
      }
      GST_OBJECT_LOCK (self);
      set_zones_locked (self, NULL, NULL, capacity);
      GST_OBJECT_UNLOCK (self);
      break;
    }
    case PROP_ZONES_FILE:
      GST_OBJECT_LOCK (self);
      g_free (self->zones_file);
      str = g_value_get_string (value);
      self->zones_file = g_strdup (str && *str ? str : NULL);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_SMOOTHING:
      GST_OBJECT_LOCK (self);
      self->smoothing = g_value_get_uint (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_MESSAGE_INTERVAL:
      GST_OBJECT_LOCK (self);
      self->message_interval = g_value_get_uint64 (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_DRAW:
      GST_OBJECT_LOCK (self);
      self->draw = g_value_get_boolean (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_MAX_TRACKS:
      GST_OBJECT_LOCK (self);
      self->max_tracks = g_value_get_uint (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_MAX_MISSES:
      GST_OBJECT_LOCK (self);
      self->max_misses = g_value_get_uint (value);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_wf_occupancy_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstWfOccupancy *self = GST_WF_OCCUPANCY (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_ROI_TYPE:
      g_value_set_string (value, self->roi_type);
      break;
    case PROP_DETECTOR:
      g_value_set_enum (value, self->detector);
      break;
    case PROP_DETECT_WIDTH:
      g_value_set_int (value, self->detect_width);
      break;
    case PROP_DETECT_INTERVAL:
      g_value_set_uint (value, self->detect_interval);
      break;
    case PROP_PEOPLE_THRESHOLD:
      g_value_set_double (value, self->people_threshold);
      break;
    case PROP_ZONES:
      g_value_take_string (value, wf_zones_to_string (self->zones));
      break;
    case PROP_LINES:
      g_value_take_string (value, wf_lines_to_string (self->lines));
      break;
    case PROP_CAPACITY:{
      GString *s = g_string_new (NULL);
      guint i;
      /* in zone order first, then the rest */
      for (i = 0; i < self->zones->len; i++) {
        const WfZone *z = g_ptr_array_index (self->zones, i);
        guint c = GPOINTER_TO_UINT (g_hash_table_lookup (self->capacity,
                z->name));
        if (c)
          g_string_append_printf (s, "%s%s=%u", s->len ? ";" : "", z->name, c);
      }
      {
        GHashTableIter iter;
        gpointer k, v;
        g_hash_table_iter_init (&iter, self->capacity);
        while (g_hash_table_iter_next (&iter, &k, &v)) {
          gboolean seen = FALSE;
          for (i = 0; i < self->zones->len && !seen; i++)
            seen = g_str_equal (((WfZone *) g_ptr_array_index (self->zones,
                        i))->name, k);
          if (!seen)
            g_string_append_printf (s, "%s%s=%u", s->len ? ";" : "",
                (const gchar *) k, GPOINTER_TO_UINT (v));
        }
      }
      g_value_take_string (value, g_string_free (s, FALSE));
      break;
    }
    case PROP_ZONES_FILE:
      g_value_set_string (value, self->zones_file);
      break;
    case PROP_SMOOTHING:
      g_value_set_uint (value, self->smoothing);
      break;
    case PROP_MESSAGE_INTERVAL:
      g_value_set_uint64 (value, self->message_interval);
      break;
    case PROP_DRAW:
      g_value_set_boolean (value, self->draw);
      break;
    case PROP_MAX_TRACKS:
      g_value_set_uint (value, self->max_tracks);
      break;
    case PROP_MAX_MISSES:
      g_value_set_uint (value, self->max_misses);
      break;
    case PROP_TRACKS:
      g_value_set_uint (value, g_atomic_int_get (&self->n_tracks));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_wf_occupancy_finalize (GObject * object)
{
  GstWfOccupancy *self = GST_WF_OCCUPANCY (object);

  g_free (self->roi_type);
  g_free (self->zones_file);
  g_clear_pointer (&self->zones, g_ptr_array_unref);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->capacity, g_hash_table_unref);
  g_clear_pointer (&self->zones_used, g_ptr_array_unref);
  g_clear_pointer (&self->lines_used, g_ptr_array_unref);
  g_clear_pointer (&self->zstates, g_array_unref);
  g_clear_pointer (&self->lstates, g_array_unref);

  G_OBJECT_CLASS (gst_wf_occupancy_parent_class)->finalize (object);
}

static void
gst_wf_occupancy_class_init (GstWfOccupancyClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  gobject_class->set_property = gst_wf_occupancy_set_property;
  gobject_class->get_property = gst_wf_occupancy_get_property;
  gobject_class->finalize = gst_wf_occupancy_finalize;

  g_object_class_install_property (gobject_class, PROP_ROI_TYPE,
      g_param_spec_string ("roi-type", "ROI type",
          "roi_type of the region-of-interest metadata to count (ignored "
          "with detector=people, which counts its \"person\" ROIs)",
          DEFAULT_ROI_TYPE, rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_DETECTOR,
      g_param_spec_enum ("detector", "Detector",
          "Find people in the frames instead of counting upstream ROIs",
          GST_TYPE_WF_OCCUPANCY_DETECTOR, DEFAULT_DETECTOR,
          rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_DETECT_WIDTH,
      g_param_spec_int ("detect-width", "Detect width",
          "detector=people: detect on a copy scaled to this width, 0 = as "
          "is (people must be over 128 px tall at that scale)", 0, 8192,
          DEFAULT_DETECT_WIDTH, rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_DETECT_INTERVAL,
      g_param_spec_uint ("detect-interval", "Detect interval",
          "detector=people: detect (and count) every Nth frame; frames "
          "between carry the last boxes", 1, 1000, DEFAULT_DETECT_INTERVAL,
          rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_PEOPLE_THRESHOLD,
      g_param_spec_double ("people-threshold", "People threshold",
          "detector=people: SVM score a window needs (higher: fewer, surer)",
          -2.0, 5.0, DEFAULT_PEOPLE_THRESHOLD,
          rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_ZONES,
      g_param_spec_string ("zones", "Zones",
          "Named polygons in normalised coordinates: "
          "\"room=0,0 1,0 1,1 0,1;desk=0.1,0.1 0.4,0.1 0.4,0.5\"", "",
          rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_LINES,
      g_param_spec_string ("lines", "Lines",
          "Named directed segments A B in normalised coordinates: "
          "\"door=0.5,0 0.5,1\"; crossing to the side where (B-A)x(Q-A) > 0 "
          "is in", "", rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_ZONES_FILE,
      g_param_spec_string ("zones-file", "Zones file",
          "Key file with groups [zones], [lines], [capacity] in the property "
          "syntax, loaded at start (replaces zones, lines and capacity)", NULL,
          rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_SMOOTHING,
      g_param_spec_uint ("smoothing", "Smoothing",
          "Frames a new zone count must hold before it is reported", 1,
          10000, DEFAULT_SMOOTHING, rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_CAPACITY,
      g_param_spec_string ("capacity", "Capacity",
          "People allowed per zone: \"room=10;desk=2\"", "",
          rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_MESSAGE_INTERVAL,
      g_param_spec_uint64 ("message-interval", "Message interval",
          "Post the occupancy message at least this often (ns of buffer "
          "time), besides every change; 0 = on changes only", 0, G_MAXUINT64,
          DEFAULT_MESSAGE_INTERVAL, rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_DRAW,
      g_param_spec_boolean ("draw", "Draw",
          "Draw zones, lines, boxes, track ids and counts on the frames",
          DEFAULT_DRAW, rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_MAX_TRACKS,
      g_param_spec_uint ("max-tracks", "Max tracks",
          "Most people tracked at once", 1, 4096, DEFAULT_MAX_TRACKS,
          rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_MAX_MISSES,
      g_param_spec_uint ("max-misses", "Max misses",
          "Counted frames a track survives unseen before it is dropped", 0,
          10000, DEFAULT_MAX_MISSES, rw | GST_PARAM_MUTABLE_READY));
  /* For memory reports (workforce-monitor's /api/v1/memory). */
  g_object_class_install_property (gobject_class, PROP_TRACKS,
      g_param_spec_uint ("tracks", "Tracks",
          "Tracked objects whose state the element holds now", 0, G_MAXUINT,
          0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Occupancy: zones, lines and capacity", "Filter/Analyzer/Video",
      "Tracks people, counts them per zone and counts line crossings",
      "workforce-monitor authors");

  trans_class->start = GST_DEBUG_FUNCPTR (gst_wf_occupancy_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_wf_occupancy_stop);
  /* Replaces GstVideoFilter's transform_ip, which maps every frame: the
   * metadata-only mode must not touch pixels, so frames are mapped here only
   * for the detector or draw. */
  trans_class->transform_ip = GST_DEBUG_FUNCPTR (gst_wf_occupancy_transform_ip);

  gst_type_mark_as_plugin_api (GST_TYPE_WF_OCCUPANCY_DETECTOR, 0);
  init_quarks ();
}

static void
gst_wf_occupancy_init (GstWfOccupancy * self)
{
  self->roi_type = g_strdup (DEFAULT_ROI_TYPE);
  self->roi_quark = g_quark_from_static_string (DEFAULT_ROI_TYPE);
  self->detector = DEFAULT_DETECTOR;
  self->detect_width = DEFAULT_DETECT_WIDTH;
  self->detect_interval = DEFAULT_DETECT_INTERVAL;
  self->people_threshold = DEFAULT_PEOPLE_THRESHOLD;
  self->zones = g_ptr_array_new_with_free_func ((GDestroyNotify) wf_zone_free);
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) wf_line_free);
  self->capacity = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      NULL);
  self->smoothing = DEFAULT_SMOOTHING;
  self->message_interval = DEFAULT_MESSAGE_INTERVAL;
  self->draw = DEFAULT_DRAW;
  self->max_tracks = DEFAULT_MAX_TRACKS;
  self->max_misses = DEFAULT_MAX_MISSES;
  self->config_gen = 1;
  gst_base_transform_set_in_place (GST_BASE_TRANSFORM (self), TRUE);
  /* counting must see every frame: never drop late ones */
  gst_base_transform_set_qos_enabled (GST_BASE_TRANSFORM (self), FALSE);
}
