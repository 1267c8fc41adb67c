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
 * and never maps the frame.  With `detector=people` facedetect's motion gate
 * (docs/motion.md) says which frames are searched.
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
#include "gstwfdraw.h"
#include "gstwfoccupancymeta.h"
#include "gstwfpeople.h"
#include "gstwfvideo.h"

#include "wf-meta.h"
#include "wf-occupancy.h"
#include "wf-zones.h"

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
  PROP_GATE_FIRST,              /* motion-gate .. motion-mask */
};

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
  GstWfMotionGateSettings gate_settings;        /* detector=people */

  /* streaming state, only touched in the streaming thread (and start/stop) */
  guint applied_gen;
  WfOccupancy *model;
  gint n_tracks;                /* atomic: the model's, for "tracks" */
  GArray *objs;                 /* WfOccupancyObject, data: the ROI meta */
  GArray *events;               /* WfOccupancyEvent, scratch */
  GstWfPeople *people;          /* detector=people */
};

#define CAPS GST_VIDEO_CAPS_MAKE ("{ GRAY8, I420, NV12, RGB, BGR, RGBx, " \
    "BGRx, RGBA, BGRA }")
static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS (CAPS));
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS (CAPS));

/* Our own category name: "occupancy" alone could be anyone's. */
G_DEFINE_TYPE_WITH_CODE (GstWfOccupancy, gst_wf_occupancy,
    GST_TYPE_VIDEO_FILTER, GST_DEBUG_CATEGORY_INIT (gst_wf_occupancy_debug,
        "wfoccupancy", 0, "workforce-monitor occupancy: zones, lines and "
        "capacity"));
GST_ELEMENT_REGISTER_DEFINE (occupancy, "occupancy", GST_RANK_NONE,
    GST_TYPE_WF_OCCUPANCY);

static void
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
}

/* Hands the configuration now set to the model, which keeps the counts of
 * the zones and lines that did not change. */
static void
apply_config (GstWfOccupancy * self)
{
  g_autoptr (GPtrArray) zones = NULL;
  g_autoptr (GPtrArray) lines = NULL;
  g_autoptr (GHashTable) capacity = NULL;
  guint gen;

  GST_OBJECT_LOCK (self);
  zones = g_ptr_array_ref (self->zones);
  lines = g_ptr_array_ref (self->lines);
  capacity = g_hash_table_ref (self->capacity);
  gen = self->config_gen;
  GST_OBJECT_UNLOCK (self);

  wf_occupancy_configure (self->model, zones, lines, capacity);
  self->applied_gen = gen;
  GST_DEBUG_OBJECT (self, "configuration %u: %u zones, %u lines", gen,
      zones->len, lines->len);
}

static void
post (GstWfOccupancy * self, GstStructure * s)
{
  GST_LOG_OBJECT (self, "posting %" GST_PTR_FORMAT, s);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self), s));
}

static void
count (GstWfOccupancy * self, GstBuffer * buf, guint smoothing)
{
  guint i;

  wf_occupancy_update (self->model,
      (WfOccupancyObject *) self->objs->data, self->objs->len, smoothing,
      self->events);
  for (i = 0; i < self->objs->len; i++)
    gst_wf_occupancy_write_params (self->model,
        &g_array_index (self->objs, WfOccupancyObject, i), self->applied_gen);
  for (i = 0; i < self->events->len; i++)
    post (self, gst_wf_occupancy_event_structure (GST_BASE_TRANSFORM (self),
            buf, &g_array_index (self->events, WfOccupancyEvent, i)));
  g_array_set_size (self->events, 0);
  g_atomic_int_set (&self->n_tracks, wf_occupancy_n_tracks (self->model));
  if (self->people)
    gst_wf_people_remember (self->people,
        (WfOccupancyObject *) self->objs->data, self->objs->len);
}

static GstFlowReturn
gst_wf_occupancy_transform_ip (GstBaseTransform * trans, GstBuffer * buf)
{
  GstWfOccupancy *self = GST_WF_OCCUPANCY (trans);
  GstVideoFilter *filter = GST_VIDEO_FILTER (trans);
  GstVideoFrame frame;
  WfImage img;
  gboolean mapped = FALSE, draw, stale, detect_now = FALSE, count_now = TRUE;
  gboolean gate_on;
  GQuark roi_type;
  guint smoothing, detect_interval;
  gint detect_width;
  gdouble people_threshold;
  GstClockTime interval;

  if (!filter->negotiated) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
        ("occupancy got a buffer before caps"));
    return GST_FLOW_NOT_NEGOTIATED;
  }

  GST_OBJECT_LOCK (self);
  roi_type = self->roi_quark;
  smoothing = self->smoothing;
  detect_interval = self->detect_interval;
  detect_width = self->detect_width;
  people_threshold = self->people_threshold;
  interval = self->message_interval;
  draw = self->draw;
  stale = self->config_gen != self->applied_gen;
  gate_on = self->people && gst_wf_people_sync (self->people,
      &self->gate_settings);
  GST_OBJECT_UNLOCK (self);
  if (stale)
    apply_config (self);

  /* Written only to draw: a write map of a decoder's shared memory would
   * copy the frame.  NO_REF: metadata goes on this buffer while it is
   * mapped.  detector=people reads every frame (the gate's measure). */
  if (draw || self->people) {
    if (!gst_video_frame_map (&frame, &filter->in_info, buf,
            GST_VIDEO_FRAME_MAP_FLAG_NO_REF | (draw ? GST_MAP_READWRITE :
                GST_MAP_READ))) {
      GST_ELEMENT_ERROR (self, STREAM, FAILED, (NULL),
          ("Could not map the video frame"));
      return GST_FLOW_ERROR;
    }
    mapped = TRUE;
  }
  if (self->people) {
    roi_type = g_quark_from_static_string (WF_ROI_TYPE_PERSON);
    detect_now = count_now = gst_wf_people_decide (self->people, &frame,
        detect_interval, gate_on);
  }

  if (self->people && !gst_wf_people_attach (self->people, GST_ELEMENT (self),
          buf, detect_now ? &frame : NULL, &filter->in_info, detect_width,
          people_threshold)) {
    gst_video_frame_unmap (&frame);
    return GST_FLOW_ERROR;
  }

  gst_wf_occupancy_read_rois (buf, roi_type,
      GST_VIDEO_INFO_WIDTH (&filter->in_info),
      GST_VIDEO_INFO_HEIGHT (&filter->in_info), self->objs);
  /* carried ROIs (detector=people between detections) count nothing; the
   * tracker sees how people look where the frame is at hand */
  if (count_now && mapped && gst_wf_image_from_frame (&frame, &img))
    wf_occupancy_see (self->model, (WfOccupancyObject *) self->objs->data,
        self->objs->len, &img);
  if (count_now)
    count (self, buf, smoothing);

  /* GST_CLOCK_TIME_NONE is WF_OCCUPANCY_TIME_NONE */
  if (wf_occupancy_report_due (self->model, GST_BUFFER_PTS (buf), interval))
    post (self, gst_wf_occupancy_counts_structure (trans, buf, self->model,
            self->people ? gst_wf_people_analysed_fraction (self->people) :
            -1));

  if (mapped) {
    if (draw)
      gst_wf_draw_occupancy (&frame, self->model,
          (WfOccupancyObject *) self->objs->data, self->objs->len);
    gst_video_frame_unmap (&frame);
  }
  return GST_FLOW_OK;
}

static gboolean
gst_wf_occupancy_start (GstBaseTransform * trans)
{
  GstWfOccupancy *self = GST_WF_OCCUPANCY (trans);
  g_autofree gchar *file = NULL;
  GstWfOccupancyDetector detector;
  guint max_tracks, max_misses;

  GST_OBJECT_LOCK (self);
  file = g_strdup (self->zones_file);
  detector = self->detector;
  max_tracks = self->max_tracks;
  max_misses = self->max_misses;
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
    if (!(self->people = gst_wf_people_new (GST_ELEMENT (self))) ||
        !gst_wf_people_reset (self->people, GST_ELEMENT (self),
            &self->gate_settings))
      return FALSE;
  }

  self->model = wf_occupancy_new (max_tracks, max_misses,
      gst_wf_occupancy_track_data_free);
  self->objs = g_array_new (FALSE, TRUE, sizeof (WfOccupancyObject));
  self->events = wf_occupancy_events_new ();
  apply_config (self);
  return TRUE;
}

static gboolean
gst_wf_occupancy_stop (GstBaseTransform * trans)
{
  GstWfOccupancy *self = GST_WF_OCCUPANCY (trans);

  g_clear_pointer (&self->people, gst_wf_people_free);
  g_clear_pointer (&self->model, wf_occupancy_free);
  g_atomic_int_set (&self->n_tracks, 0);
  g_clear_pointer (&self->objs, g_array_unref);
  g_clear_pointer (&self->events, g_array_unref);
  return TRUE;
}

static void
gst_wf_occupancy_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstWfOccupancy *self = GST_WF_OCCUPANCY (object);
  const gchar *str = NULL;
  GPtrArray *zones = NULL, *lines = NULL;
  GHashTable *capacity = NULL;
  g_autoptr (GError) err = NULL;

  /* parse outside the lock; a malformed set is refused, the old one stays */
  switch (prop_id) {
    case PROP_ZONES:
      str = g_value_get_string (value);
      if (!(zones = wf_zones_parse (str, &err)))
        goto rejected;
      break;
    case PROP_LINES:
      str = g_value_get_string (value);
      if (!(lines = wf_lines_parse (str, &err)))
        goto rejected;
      break;
    case PROP_CAPACITY:
      str = g_value_get_string (value);
      if (!(capacity = wf_capacity_parse (str, &err)))
        goto rejected;
      break;
    case PROP_ROI_TYPE:
    case PROP_ZONES_FILE:
      str = g_value_get_string (value);
      if (str && !*str)
        str = NULL;
      break;
    default:
      break;
  }

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_ROI_TYPE:
      g_free (self->roi_type);
      self->roi_type = g_strdup (str ? str : DEFAULT_ROI_TYPE);
      self->roi_quark = g_quark_from_string (self->roi_type);
      break;
    case PROP_DETECTOR:
      self->detector = g_value_get_enum (value);
      break;
    case PROP_DETECT_WIDTH:
      self->detect_width = g_value_get_int (value);
      break;
    case PROP_DETECT_INTERVAL:
      self->detect_interval = g_value_get_uint (value);
      break;
    case PROP_PEOPLE_THRESHOLD:
      self->people_threshold = g_value_get_double (value);
      break;
    case PROP_ZONES:
    case PROP_LINES:
    case PROP_CAPACITY:
      set_zones_locked (self, zones, lines, capacity);
      break;
    case PROP_ZONES_FILE:
      g_free (self->zones_file);
      self->zones_file = g_strdup (str);
      break;
    case PROP_SMOOTHING:
      self->smoothing = g_value_get_uint (value);
      break;
    case PROP_MESSAGE_INTERVAL:
      self->message_interval = g_value_get_uint64 (value);
      break;
    case PROP_DRAW:
      self->draw = g_value_get_boolean (value);
      break;
    case PROP_MAX_TRACKS:
      self->max_tracks = g_value_get_uint (value);
      break;
    case PROP_MAX_MISSES:
      self->max_misses = g_value_get_uint (value);
      break;
    default:
      if (!gst_wf_motion_gate_set_property (&self->gate_settings, prop_id,
              value, &err))
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
  if (err && (str = g_value_get_string (value)))
    goto rejected;              /* a motion-mask that does not parse */
  return;

  /* ERRORS */
rejected:
  /* the one way a value is refused: a warning on the bus naming the
   * problem, and the previous value stays */
  gst_wf_reject_property (GST_ELEMENT (self), pspec, str, "%s",
      err->message);
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
    case PROP_CAPACITY:
      g_value_take_string (value, wf_capacity_to_string (self->capacity,
              self->zones));
      break;
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
      if (!gst_wf_motion_gate_get_property (&self->gate_settings, prop_id,
              value))
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
  gst_wf_motion_gate_settings_clear (&self->gate_settings);
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

  /**
   * GstWfOccupancy:roi-type:
   *
   * The `roi_type` of the ROIs to count (empty: "face"); detector=people
   * counts its own "person" ROIs instead.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_ROI_TYPE,
      g_param_spec_string ("roi-type", "ROI type",
          "roi_type of the region-of-interest metadata to count (ignored "
          "with detector=people, which counts its \"person\" ROIs)",
          DEFAULT_ROI_TYPE, rw | GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfOccupancy:detector:
   *
   * "people" finds people itself (OpenCV HOG, builds with OpenCV only)
   * and maps every detect-interval-th frame for reading.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_DETECTOR,
      g_param_spec_enum ("detector", "Detector",
          "Find people in the frames instead of counting upstream ROIs",
          GST_TYPE_WF_OCCUPANCY_DETECTOR, DEFAULT_DETECTOR,
          rw | GST_PARAM_MUTABLE_READY));
  /**
   * GstWfOccupancy:detect-width:
   *
   * detector=people: detect on a copy this wide (0: as is).
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_DETECT_WIDTH,
      g_param_spec_int ("detect-width", "Detect width",
          "detector=people: detect on a copy scaled to this width, 0 = as "
          "is (people must be over 128 px tall at that scale)", 0, 8192,
          DEFAULT_DETECT_WIDTH, rw | GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfOccupancy:detect-interval:
   *
   * detector=people: detect and count every Nth frame; the frames
   * between carry the last boxes and count nothing.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_DETECT_INTERVAL,
      g_param_spec_uint ("detect-interval", "Detect interval",
          "detector=people: detect (and count) every Nth frame; frames "
          "between carry the last boxes", 1, 1000, DEFAULT_DETECT_INTERVAL,
          rw | GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfOccupancy:people-threshold:
   *
   * detector=people: the SVM score a window needs.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_PEOPLE_THRESHOLD,
      g_param_spec_double ("people-threshold", "People threshold",
          "detector=people: SVM score a window needs (higher: fewer, surer)",
          -2.0, 5.0, DEFAULT_PEOPLE_THRESHOLD,
          rw | GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfOccupancy:zones:
   *
   * Named polygons, `room=0,0 1,0 1,1 0,1;desk=0.1,0.1 0.4,0.1 0.4,0.5`;
   * a malformed value is refused (warning message), the old one stays.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_ZONES,
      g_param_spec_string ("zones", "Zones",
          "Named polygons in normalised coordinates: "
          "\"room=0,0 1,0 1,1 0,1;desk=0.1,0.1 0.4,0.1 0.4,0.5\"", "",
          rw | GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfOccupancy:lines:
   *
   * Named directed segments, `door=0.5,0 0.5,1`; a malformed value is
   * refused (warning message), the old one stays.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_LINES,
      g_param_spec_string ("lines", "Lines",
          "Named directed segments A B in normalised coordinates: "
          "\"door=0.5,0 0.5,1\"; crossing to the side where (B-A)x(Q-A) > 0 "
          "is in", "", rw | GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfOccupancy:zones-file:
   *
   * Key file with [zones], [lines], [capacity], loaded at start in
   * place of the three properties; an unreadable or bad file fails it.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_ZONES_FILE,
      g_param_spec_string ("zones-file", "Zones file",
          "Key file with groups [zones], [lines], [capacity] in the property "
          "syntax, loaded at start (replaces zones, lines and capacity)", NULL,
          rw | GST_PARAM_MUTABLE_READY));
  /**
   * GstWfOccupancy:smoothing:
   *
   * Counted frames a new zone count must hold before it is reported.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_SMOOTHING,
      g_param_spec_uint ("smoothing", "Smoothing",
          "Frames a new zone count must hold before it is reported", 1,
          10000, DEFAULT_SMOOTHING, rw | GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfOccupancy:capacity:
   *
   * People allowed per zone, `room=10;desk=2`; a malformed value is
   * refused (warning message), the old one stays.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_CAPACITY,
      g_param_spec_string ("capacity", "Capacity",
          "People allowed per zone: \"room=10;desk=2\"", "",
          rw | GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfOccupancy:message-interval:
   *
   * Post `occupancy` at least this often (ns of buffer time) besides
   * on every change; 0: on changes only.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_MESSAGE_INTERVAL,
      g_param_spec_uint64 ("message-interval", "Message interval",
          "Post the occupancy message at least this often (ns of buffer "
          "time), besides every change; 0 = on changes only", 0, G_MAXUINT64,
          DEFAULT_MESSAGE_INTERVAL, rw | GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfOccupancy:draw:
   *
   * Draw zones, lines, boxes, ids and counts; only then are frames mapped
   * for writing.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_DRAW,
      g_param_spec_boolean ("draw", "Draw",
          "Draw zones, lines, boxes, track ids and counts on the frames",
          DEFAULT_DRAW, rw | GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfOccupancy:max-tracks:
   *
   * Most people the own tracker follows at once; more are counted in
   * zones without a track id or events.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_MAX_TRACKS,
      g_param_spec_uint ("max-tracks", "Max tracks",
          "Most people tracked at once", 1, 4096, DEFAULT_MAX_TRACKS,
          rw | GST_PARAM_MUTABLE_READY));
  /**
   * GstWfOccupancy:max-misses:
   *
   * Counted frames a track survives unseen before it is dropped.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_MAX_MISSES,
      g_param_spec_uint ("max-misses", "Max misses",
          "Counted frames a track survives unseen before it is dropped", 0,
          10000, DEFAULT_MAX_MISSES, rw | GST_PARAM_MUTABLE_READY));
  /**
   * GstWfOccupancy:tracks:
   *
   * Tracked objects whose state the element holds now (memory reports).
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_TRACKS,
      g_param_spec_uint ("tracks", "Tracks",
          "Tracked objects whose state the element holds now", 0, G_MAXUINT,
          0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /* with detector=people: the motion gate, as facedetect's (docs/motion.md) */
  gst_wf_motion_gate_install_properties (gobject_class, PROP_GATE_FIRST);

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
  gst_wf_occupancy_meta_init ();
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
  gst_wf_motion_gate_settings_init (&self->gate_settings, PROP_GATE_FIRST);
  gst_base_transform_set_in_place (GST_BASE_TRANSFORM (self), TRUE);
  /* counting must see every frame: never drop late ones */
  gst_base_transform_set_qos_enabled (GST_BASE_TRANSFORM (self), FALSE);
}
