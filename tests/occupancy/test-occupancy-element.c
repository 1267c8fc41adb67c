/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The occupancy element through GstHarness, with scripted ROI metadata:
 * every test writes out where each person is in each frame, so the expected
 * counts follow from the script.  Frames are 320x240 GRAY8 at 10 fps. */
#include <string.h>

#include <gst/gst.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <glib/gstdio.h>

#include "wf-meta.h"
#include "wf-memstats.h"

#define W 320
#define H 240
#define FRAME (GST_SECOND / 10)

typedef struct {
  gfloat cx, cy;                /* centre in pixels */
  const gchar *employee;        /* facematch names it when set */
  guint64 upstream_id;          /* an upstream "tracking" id when set */
  const gchar *roi_type;        /* "face" when NULL */
} Person;

typedef struct {
  GstHarness *h;
  GstElement *occ;              /* the element inside the harness' bin */
  GstBus *bus;
  guint64 frame;
} Fixture;

static void
fixture_init (Fixture * f, const gchar * launch)
{
  f->h = gst_harness_new_parse (launch);
  f->occ = gst_harness_find_element (f->h, "occupancy");
  g_assert_nonnull (f->occ);
  f->bus = gst_bus_new ();
  gst_element_set_bus (f->h->element, f->bus);
  gst_harness_set_src_caps_str (f->h,
      "video/x-raw,format=GRAY8,width=320,height=240,framerate=10/1");
  f->frame = 0;
}

static void
fixture_clear (Fixture * f)
{
  gst_element_set_bus (f->h->element, NULL);
  gst_object_unref (f->bus);
  gst_object_unref (f->occ);
  gst_harness_teardown (f->h);
}

static GstBuffer *
make_buffer (GstClockTime pts, const Person * p, guint n)
{
  static guint8 zeros[W * H];
  GstBuffer *buf = gst_buffer_new_memdup (zeros, sizeof (zeros));
  guint i;

  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DURATION (buf) = FRAME;
  for (i = 0; i < n; i++) {
    GstVideoRegionOfInterestMeta *m;
    m = gst_buffer_add_video_region_of_interest_meta (buf,
        p[i].roi_type ? p[i].roi_type : WF_ROI_TYPE_FACE,
        (guint) (p[i].cx - 10), (guint) (p[i].cy - 12), 20, 24);
    if (p[i].employee)
      gst_video_region_of_interest_meta_add_param (m,
          gst_structure_new (WF_PARAM_FACEMATCH,
              WF_FIELD_EMPLOYEE_ID, G_TYPE_STRING, p[i].employee,
              WF_FIELD_NAME, G_TYPE_STRING, "Ada Lovelace",
              WF_FIELD_KNOWN, G_TYPE_BOOLEAN, TRUE, NULL));
    if (p[i].upstream_id)
      gst_video_region_of_interest_meta_add_param (m,
          gst_structure_new (WF_PARAM_TRACKING,
              WF_FIELD_TRACK_ID, G_TYPE_UINT64, p[i].upstream_id, NULL));
  }
  return buf;
}

static GstVideoRegionOfInterestMeta *
get_roi (GstBuffer * buf, const gchar * type)
{
  gpointer state = NULL;
  GstMeta *m;

  while ((m = gst_buffer_iterate_meta_filtered (buf, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *) m;
    if (roi->roi_type == g_quark_from_string (type))
      return roi;
  }
  return NULL;
}

/* Pushes one frame and returns the output buffer (unref it). */
static GstBuffer *
push_at (Fixture * f, GstClockTime pts, const Person * p, guint n)
{
  GstBuffer *out;

  g_assert_cmpint (gst_harness_push (f->h, make_buffer (pts, p, n)), ==,
      GST_FLOW_OK);
  out = gst_harness_pull (f->h);
  g_assert_nonnull (out);
  f->frame++;
  return out;
}

static void
push (Fixture * f, const Person * p, guint n)
{
  gst_buffer_unref (push_at (f, f->frame * FRAME, p, n));
}

/* Messages posted since the last call, in order: element messages named
 * @name, "warning" for warnings, NULL for all.  Drops the others. */
static GList *
take_messages (Fixture * f, const gchar * name)
{
  GList *l = NULL;
  GstMessage *msg;

  while ((msg = gst_bus_pop_filtered (f->bus, GST_MESSAGE_ELEMENT |
              GST_MESSAGE_WARNING | GST_MESSAGE_ERROR))) {
    if (name == NULL || (g_str_equal (name, "warning") &&
            GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING)
        || gst_message_has_name (msg, name))
      l = g_list_append (l, msg);
    else
      gst_message_unref (msg);
  }
  return l;
}

static void
messages_free (GList * l)
{
  g_list_free_full (l, (GDestroyNotify) gst_message_unref);
}

static guint
count_named (GList * msgs, const gchar * name)
{
  guint n = 0;

  for (; msgs; msgs = msgs->next)
    if (gst_message_has_name (msgs->data, name))
      n++;
  return n;
}

/* Reads count and peak of @zone, in and out of @line, from the last
 * occupancy message; returns FALSE when none was posted. */
static gboolean
last_figures (Fixture * f, const gchar * zone, guint * count, guint * peak,
    const gchar * line, guint * in, guint * out)
{
  GList *msgs = take_messages (f, WF_MESSAGE_OCCUPANCY);
  const GstStructure *s;
  const GValue *list;
  guint i;
  gboolean found_zone = zone == NULL, found_line = line == NULL;

  if (msgs == NULL)
    return FALSE;
  s = gst_message_get_structure (g_list_last (msgs)->data);
  g_assert_true (gst_structure_has_field_typed (s, WF_FIELD_TIMESTAMP,
          G_TYPE_UINT64));
  g_assert_true (gst_structure_has_field_typed (s, WF_FIELD_RUNNING_TIME,
          G_TYPE_UINT64));
  list = gst_structure_get_value (s, WF_FIELD_OCC_ZONES);
  g_assert_true (GST_VALUE_HOLDS_LIST (list));
  for (i = 0; zone && i < gst_value_list_get_size (list); i++) {
    const GstStructure *z =
        gst_value_get_structure (gst_value_list_get_value (list, i));
    g_assert_true (gst_structure_has_name (z, WF_STRUCT_ZONE));
    if (g_strcmp0 (gst_structure_get_string (z, "name"), zone) == 0) {
      g_assert_true (gst_structure_get_uint (z, WF_FIELD_COUNT, count));
      g_assert_true (gst_structure_get_uint (z, WF_FIELD_PEAK, peak));
      found_zone = TRUE;
    }
  }
  list = gst_structure_get_value (s, WF_FIELD_OCC_LINES);
  g_assert_true (GST_VALUE_HOLDS_LIST (list));
  for (i = 0; line && i < gst_value_list_get_size (list); i++) {
    const GstStructure *l =
        gst_value_get_structure (gst_value_list_get_value (list, i));
    g_assert_true (gst_structure_has_name (l, WF_STRUCT_LINE));
    if (g_strcmp0 (gst_structure_get_string (l, "name"), line) == 0) {
      g_assert_true (gst_structure_get_uint (l, WF_FIELD_IN, in));
      g_assert_true (gst_structure_get_uint (l, WF_FIELD_OUT, out));
      found_line = TRUE;
    }
  }
  messages_free (msgs);
  g_assert_true (found_zone);
  g_assert_true (found_line);
  return TRUE;
}

/* Five people cross the door line (x = 160): three right to left ("in" by
 * the rule), two left to right ("out"), two of them at the same
 * time at different heights, one of them named by facematch.  Each walks 8
 * px a frame from one side to the other. */
static void
test_line_both_directions (void)
{
  Fixture f;
  GList *msgs, *l;
  guint in = 0, out = 0, n_in = 0, n_out = 0, named = 0, k;
  GHashTable *ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint64 idv[8];
  guint n_ids = 0;

  fixture_init (&f, "occupancy lines=\"door=0.5,0 0.5,1\" smoothing=1 "
      "message-interval=0");

  /* walker 1: right to left at y=40 (in) */
  for (k = 0; k < 30; k++) {
    Person p = { 280 - 8 * k, 40 };
    push (&f, &p, 1);
  }
  /* walkers 2 and 3 together: 2 left to right at y=100 (out), 3 right to
   * left at y=180 (in), named Ada */
  for (k = 0; k < 30; k++) {
    Person p[2] = { {40 + 8 * k, 100}, {280 - 8 * k, 180, "e-ada"} };
    push (&f, p, 2);
  }
  /* nobody for a while: their tracks end */
  for (k = 0; k < 20; k++)
    push (&f, NULL, 0);
  /* walker 4: left to right (out), then walker 5: right to left (in) */
  for (k = 0; k < 30; k++) {
    Person p = { 40 + 8 * k, 120 };
    push (&f, &p, 1);
  }
  for (k = 0; k < 30; k++) {
    Person p = { 280 - 8 * k, 60 };
    push (&f, &p, 1);
  }

  msgs = take_messages (&f, NULL);
  for (l = msgs; l; l = l->next) {
    const GstStructure *s = gst_message_get_structure (l->data);
    const gchar *dir;
    guint64 tid = 0;

    if (!gst_structure_has_name (s, WF_EVENT_LINE_CROSS)) {
      if (gst_structure_has_name (s, WF_MESSAGE_OCCUPANCY)) {
        const GValue *lines = gst_structure_get_value (s, WF_FIELD_OCC_LINES);
        const GstStructure *door = gst_value_get_structure
            (gst_value_list_get_value (lines, 0));
        gst_structure_get_uint (door, WF_FIELD_IN, &in);
        gst_structure_get_uint (door, WF_FIELD_OUT, &out);
      }
      continue;
    }
    g_assert_cmpstr (gst_structure_get_string (s, WF_FIELD_LINE), ==, "door");
    g_assert_true (gst_structure_get_uint64 (s, WF_FIELD_EVENT_TRACK_ID,
            &tid));
    g_assert_cmpuint (tid, !=, 0);
    g_assert_false (g_hash_table_contains (ids, &tid));
    idv[n_ids] = tid;
    g_hash_table_add (ids, &idv[n_ids++]);
    g_assert_true (gst_structure_has_field_typed (s, WF_FIELD_TIMESTAMP,
            G_TYPE_UINT64));
    dir = gst_structure_get_string (s, WF_FIELD_DIRECTION);
    if (g_strcmp0 (dir, "in") == 0)
      n_in++;
    else if (g_strcmp0 (dir, "out") == 0)
      n_out++;
    else
      g_assert_not_reached ();
    if (gst_structure_get_string (s, WF_FIELD_EMPLOYEE_ID)) {
      g_assert_cmpstr (gst_structure_get_string (s, WF_FIELD_EMPLOYEE_ID), ==,
          "e-ada");
      g_assert_cmpstr (gst_structure_get_string (s, WF_FIELD_EMPLOYEE_NAME),
          ==, "Ada Lovelace");
      g_assert_cmpstr (dir, ==, "in");
      named++;
    }
  }
  messages_free (msgs);

  g_assert_cmpuint (n_in, ==, 3);
  g_assert_cmpuint (n_out, ==, 2);
  g_assert_cmpuint (named, ==, 1);
  g_assert_cmpuint (in, ==, 3);
  g_assert_cmpuint (out, ==, 2);
  g_hash_table_unref (ids);
  fixture_clear (&f);
}

/* Someone walking up to the line, standing on it, and turning back does not
 * count; jitter on one side does not count. */
static void
test_line_no_false_cross (void)
{
  Fixture f;
  guint c, p, in = 99, out = 99, k;

  fixture_init (&f, "occupancy lines=\"door=0.5,0 0.5,1\" smoothing=1 "
      "message-interval=1");
  for (k = 0; k < 15; k++) {
    Person q = { 40 + 8 * k, 120 };     /* up to x=152 */
    push (&f, &q, 1);
  }
  for (k = 0; k < 5; k++) {
    Person q = { 160, 120 };    /* exactly on the line */
    push (&f, &q, 1);
  }
  for (k = 0; k < 15; k++) {
    Person q = { 152 - 8 * k, 120 + (k % 2) };  /* back */
    push (&f, &q, 1);
  }
  /* passing beyond the end of a short line */
  g_object_set (f.occ, "lines", "door=0.5,0 0.5,1;stub=0.5,0 0.5,0.2",
      NULL);
  for (k = 0; k < 30; k++) {
    Person q = { 40 + 8 * k, 200 };
    push (&f, &q, 1);
  }
  g_assert_true (last_figures (&f, NULL, &c, &p, "stub", &in, &out));
  g_assert_cmpuint (in, ==, 0);
  g_assert_cmpuint (out, ==, 0);
  /* the door counted the one at y=200 only */
  push (&f, NULL, 0);
  g_assert_true (last_figures (&f, NULL, &c, &p, "door", &in, &out));
  g_assert_cmpuint (in, ==, 0);
  g_assert_cmpuint (out, ==, 1);
  fixture_clear (&f);
}

/* Zone "left" = left half.  With smoothing=3 the count follows the raw
 * count only once it has held for 3 frames. */
static void
test_zone_hysteresis (void)
{
  Fixture f;
  Person one = { 80, 120 }, two[2] = { {80, 120}, {40, 60} };
  guint count = 99, peak = 99, in, out, k;
  /* raw count per frame and the smoothed count expected after it */
  static const guint raw[] = { 1, 1, 1, 1, 0, 1, 1, 2, 2, 1, 2, 2, 2, 2, 0,
    0, 0, 0
  };
  static const guint want[] = { 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2,
    2, 0, 0
  };
  static const guint want_peak[] = { 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2,
    2, 2, 2, 2
  };

  fixture_init (&f, "occupancy zones=\"left=0,0 0.5,0 0.5,1 0,1\" "
      "smoothing=3 message-interval=1");
  for (k = 0; k < G_N_ELEMENTS (raw); k++) {
    if (raw[k] == 0)
      push (&f, NULL, 0);
    else if (raw[k] == 1)
      push (&f, &one, 1);
    else
      push (&f, two, 2);
    g_assert_true (last_figures (&f, "left", &count, &peak, NULL, &in, &out));
    g_test_message ("frame %u raw %u count %u peak %u", k, raw[k], count,
        peak);
    g_assert_cmpuint (count, ==, want[k]);
    g_assert_cmpuint (peak, ==, want_peak[k]);
  }
  fixture_clear (&f);
}

/* Enter/exit events per track and the ROI params. */
static void
test_zone_events_and_params (void)
{
  Fixture f;
  GList *msgs;
  GstBuffer *out;
  GstVideoRegionOfInterestMeta *m;
  GstStructure *tr, *occ;
  const GValue *zl;
  guint64 id = 0, id2 = 0;
  guint k;

  fixture_init (&f, "occupancy zones=\"left=0,0 0.5,0 0.5,1 0,1;"
      "top=0,0 1,0 1,0.5 0,0.5\" smoothing=1");
  for (k = 0; k < 20; k++) {
    /* walks from the top left to the top right */
    Person p[2] = { {40 + 13 * k, 60}, {200, 200, NULL, 0, "person"} };
    out = push_at (&f, f.frame * FRAME, p, 2);
    m = get_roi (out, WF_ROI_TYPE_FACE);
    g_assert_nonnull (m);
    tr = gst_video_region_of_interest_meta_get_param (m, WF_PARAM_TRACKING);
    g_assert_nonnull (tr);
    g_assert_true (gst_structure_get_uint64 (tr, WF_FIELD_TRACK_ID, &id2));
    if (k == 0)
      id = id2;
    g_assert_cmpuint (id2, ==, id);
    occ = gst_video_region_of_interest_meta_get_param (m, WF_PARAM_OCCUPANCY);
    g_assert_nonnull (occ);
    zl = gst_structure_get_value (occ, WF_FIELD_ZONES);
    g_assert_true (GST_VALUE_HOLDS_LIST (zl));
    if (40 + 13 * k < 160) {
      g_assert_cmpuint (gst_value_list_get_size (zl), ==, 2);
      g_assert_cmpstr (g_value_get_string (gst_value_list_get_value (zl, 0)),
          ==, "left");
    } else {
      g_assert_cmpuint (gst_value_list_get_size (zl), ==, 1);
      g_assert_cmpstr (g_value_get_string (gst_value_list_get_value (zl, 0)),
          ==, "top");
    }
    /* the "person" ROI is not counted with roi-type=face, left alone */
    m = get_roi (out, WF_ROI_TYPE_PERSON);
    g_assert_nonnull (m);
    g_assert_null (gst_video_region_of_interest_meta_get_param (m,
            WF_PARAM_TRACKING));
    g_assert_null (gst_video_region_of_interest_meta_get_param (m,
            WF_PARAM_OCCUPANCY));
    gst_buffer_unref (out);
  }
  msgs = take_messages (&f, WF_EVENT_ZONE_ENTER);
  g_assert_cmpuint (g_list_length (msgs), ==, 2);
  messages_free (msgs);
  msgs = take_messages (&f, NULL);
  messages_free (msgs);
  /* gone: after max-misses frames the track exits its zone */
  for (k = 0; k < 20; k++)
    push (&f, NULL, 0);
  msgs = take_messages (&f, WF_EVENT_ZONE_EXIT);
  g_assert_cmpuint (g_list_length (msgs), ==, 1);
  {
    const GstStructure *s = gst_message_get_structure (msgs->data);
    guint64 tid;
    g_assert_cmpstr (gst_structure_get_string (s, WF_FIELD_ZONE), ==, "top");
    g_assert_true (gst_structure_get_uint64 (s, WF_FIELD_EVENT_TRACK_ID,
            &tid));
    g_assert_cmpuint (tid, ==, id);
  }
  messages_free (msgs);
  fixture_clear (&f);
}

/* The "occupancy" param of a track that stays put follows a zone renamed
 * while PLAYING (the element reuses each track's param while its zones do
 * not change: a new configuration must not reuse the old names). */
static void
test_params_follow_renamed_zone (void)
{
  Fixture f;
  Person p[1] = { {100, 100} };
  const gchar *names[3] = { "hall", "lobby", "lobby" };
  guint k;

  fixture_init (&f, "occupancy zones=\"hall=0,0 1,0 1,1 0,1\" smoothing=1");
  for (k = 0; k < 3; k++) {
    GstBuffer *out;
    GstVideoRegionOfInterestMeta *m;
    GstStructure *occ;
    const GValue *zl;

    if (k == 1)
      g_object_set (f.occ, "zones", "lobby=0,0 1,0 1,1 0,1", NULL);
    out = push_at (&f, f.frame * FRAME, p, 1);
    m = get_roi (out, WF_ROI_TYPE_FACE);
    g_assert_nonnull (m);
    occ = gst_video_region_of_interest_meta_get_param (m, WF_PARAM_OCCUPANCY);
    g_assert_nonnull (occ);
    zl = gst_structure_get_value (occ, WF_FIELD_ZONES);
    g_assert_cmpuint (gst_value_list_get_size (zl), ==, 1);
    g_assert_cmpstr (g_value_get_string (gst_value_list_get_value (zl, 0)),
        ==, names[k]);
    gst_buffer_unref (out);
  }
  messages_free (take_messages (&f, NULL));
  fixture_clear (&f);
}

/* An upstream tracking id (facematch's) is used and not duplicated. */
static void
test_upstream_ids (void)
{
  Fixture f;
  GList *msgs;
  guint k;

  fixture_init (&f, "occupancy lines=\"door=0.5,0 0.5,1\" smoothing=1");
  for (k = 0; k < 30; k++) {
    Person p = { 280 - 8 * k, 100, NULL, 4242 };
    GstBuffer *out = push_at (&f, f.frame * FRAME, &p, 1);
    GstVideoRegionOfInterestMeta *m = get_roi (out, WF_ROI_TYPE_FACE);
    GList *params;
    guint n_tracking = 0;
    for (params = m->params; params; params = params->next)
      if (gst_structure_has_name (params->data, WF_PARAM_TRACKING))
        n_tracking++;
    g_assert_cmpuint (n_tracking, ==, 1);
    gst_buffer_unref (out);
  }
  msgs = take_messages (&f, WF_EVENT_LINE_CROSS);
  g_assert_cmpuint (g_list_length (msgs), ==, 1);
  {
    guint64 tid = 0;
    gst_structure_get_uint64 (gst_message_get_structure (msgs->data),
        WF_FIELD_EVENT_TRACK_ID, &tid);
    g_assert_cmpuint (tid, ==, 4242);
  }
  messages_free (msgs);
  fixture_clear (&f);
}

/* Capacity 2: a third person raises over-capacity once, leaving brings
 * capacity-normal once. */
static void
test_capacity_events (void)
{
  Fixture f;
  Person p[3] = { {40, 40}, {100, 100}, {250, 200} };
  GList *msgs, *l;
  const GstStructure *s;
  guint k, v;

  fixture_init (&f, "occupancy zones=\"room=0,0 1,0 1,1 0,1\" "
      "capacity=\"room=2\" smoothing=2");
  for (k = 0; k < 5; k++)
    push (&f, p, 2);
  g_assert_null (take_messages (&f, WF_EVENT_OVER_CAPACITY));
  push (&f, p, 3);
  /* one frame over: smoothing holds it */
  g_assert_null (take_messages (&f, WF_EVENT_OVER_CAPACITY));
  for (k = 0; k < 5; k++)
    push (&f, p, 3);
  msgs = take_messages (&f, WF_EVENT_OVER_CAPACITY);
  g_assert_cmpuint (g_list_length (msgs), ==, 1);
  s = gst_message_get_structure (msgs->data);
  g_assert_cmpstr (gst_structure_get_string (s, WF_FIELD_ZONE), ==, "room");
  g_assert_true (gst_structure_get_uint (s, WF_FIELD_COUNT, &v));
  g_assert_cmpuint (v, ==, 3);
  g_assert_true (gst_structure_get_uint (s, WF_FIELD_CAPACITY, &v));
  g_assert_cmpuint (v, ==, 2);
  g_assert_true (gst_structure_has_field_typed (s, WF_FIELD_STREAM_TIME,
          G_TYPE_UINT64));
  messages_free (msgs);

  for (k = 0; k < 5; k++)
    push (&f, p, 2);
  msgs = take_messages (&f, NULL);
  g_assert_cmpuint (count_named (msgs, WF_EVENT_OVER_CAPACITY), ==, 0);
  g_assert_cmpuint (count_named (msgs, WF_EVENT_CAPACITY_NORMAL), ==, 1);
  for (l = msgs; !gst_message_has_name (l->data, WF_EVENT_CAPACITY_NORMAL);)
    l = l->next;
  s = gst_message_get_structure (l->data);
  g_assert_true (gst_structure_get_uint (s, WF_FIELD_COUNT, &v));
  g_assert_cmpuint (v, ==, 2);
  messages_free (msgs);

  /* capacity lowered while PLAYING: over at once */
  g_object_set (f.occ, "capacity", "room=1", NULL);
  push (&f, p, 2);
  msgs = take_messages (&f, WF_EVENT_OVER_CAPACITY);
  g_assert_cmpuint (g_list_length (msgs), ==, 1);
  messages_free (msgs);
  fixture_clear (&f);
}

/* Zones and lines changed while PLAYING: unchanged ones keep their counts
 * and peaks, changed and new ones start from zero, removed ones go. */
static void
test_change_while_playing (void)
{
  Fixture f;
  Person p[3] = { {40, 60}, {60, 180}, {250, 120} };
  guint count = 0, peak = 0, in = 0, out = 0, k;
  gchar *zs = NULL;

  fixture_init (&f, "occupancy zones=\"left=0,0 0.5,0 0.5,1 0,1;"
      "right=0.5,0 1,0 1,1 0.5,1\" lines=\"door=0.5,0 0.5,1\" "
      "smoothing=3 message-interval=1");
  g_assert_cmpint (gst_element_get_state (f.occ, NULL, NULL, 0), ==,
      GST_STATE_CHANGE_SUCCESS);
  for (k = 0; k < 5; k++)
    push (&f, p, 3);
  /* the right one walks left across the door: one "in" */
  for (k = 0; k < 20; k++) {
    Person q[3] = { p[0], p[1], {250 - 8 * k, 120} };
    push (&f, q, 3);
  }
  g_assert_true (last_figures (&f, "left", &count, &peak, "door", &in, &out));
  g_assert_cmpuint (count, ==, 3);
  g_assert_cmpuint (peak, ==, 3);
  g_assert_cmpuint (in, ==, 1);

  /* left unchanged, right redrawn (new geometry), a new zone, a new line;
   * door unchanged */
  g_object_set (f.occ, "zones", "left=0,0 0.5,0 0.5,1 0,1;"
      "right=0.6,0 1,0 1,1 0.6,1;bottom=0,0.5 1,0.5 1,1 0,1", "lines",
      "door=0.5,0 0.5,1;mid=0,0.5 1,0.5", NULL);
  {
    Person q[3] = { p[0], p[1], {90, 100} };
    push (&f, q, 3);
    /* the first frame after the change already has left=3: kept */
    g_assert_true (last_figures (&f, "left", &count, &peak, "door", &in,
            &out));
    g_assert_cmpuint (count, ==, 3);
    g_assert_cmpuint (peak, ==, 3);
    g_assert_cmpuint (in, ==, 1);
  }
  push (&f, (Person[3]) { p[0], p[1], {90, 100} }, 3);
  push (&f, (Person[3]) { p[0], p[1], {90, 100} }, 3);
  g_assert_true (last_figures (&f, "bottom", &count, &peak, "mid", &in,
          &out));
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpuint (peak, ==, 1);
  g_assert_cmpuint (in + out, ==, 0);

  /* a bad value while PLAYING: rejected with a warning, config kept */
  g_object_set (f.occ, "zones", "left=0,0 0.5,0 2,1", NULL);
  {
    GList *w = take_messages (&f, "warning");
    GError *err = NULL;
    gchar *dbg = NULL;
    g_assert_cmpuint (g_list_length (w), ==, 1);
    g_assert_cmpint (GST_MESSAGE_TYPE (w->data), ==, GST_MESSAGE_WARNING);
    gst_message_parse_warning (w->data, &err, &dbg);
    g_test_message ("warning: %s (%s)", err->message, dbg);
    g_assert_nonnull (strstr (err->message, "outside [0,1]"));
    g_assert_nonnull (strstr (err->message, "zone 'left'"));
    g_clear_error (&err);
    g_free (dbg);
    messages_free (w);
  }
  g_object_get (f.occ, "zones", &zs, NULL);
  g_assert_cmpstr (zs, ==, "left=0,0 0.5,0 0.5,1 0,1;"
      "right=0.6,0 1,0 1,1 0.6,1;bottom=0,0.5 1,0.5 1,1 0,1");
  g_free (zs);
  push (&f, p, 3);
  g_assert_true (last_figures (&f, "left", &count, &peak, "door", &in, &out));
  g_assert_cmpuint (count, ==, 3);
  fixture_clear (&f);
}

/* Every malformed property value: a warning naming the problem, the
 * previous value kept. */
static void
test_malformed_properties (void)
{
  static const struct {
    const gchar *prop, *value, *mentions;
  } bad[] = {
    {"zones", "room", "not NAME=VALUE"},
    {"zones", "room=0,0 1,0", "at least 3"},
    {"zones", "room=0,0 1,0 1,1.5", "outside [0,1]"},
    {"zones", "room=0,0 1,0 x,1", "not two numbers"},
    {"zones", "a=0,0 1,0 1,1;a=0,0 1,0 1,1", "given twice"},
    {"lines", "door=0.5,0", "exactly 2"},
    {"lines", "door=0.5,0 0.5,1;door=0,0 1,1", "given twice"},
    {"lines", "door=0.5,0 0.5,-1", "outside [0,1]"},
    {"capacity", "room=many", "not a whole number"},
  };
  GstElement *e = gst_element_factory_make ("occupancy", NULL);
  GstBus *bus = gst_bus_new ();
  guint i;

  gst_element_set_bus (e, bus);
  g_object_set (e, "zones", "room=0,0 1,0 1,1 0,1", "lines",
      "door=0.5,0 0.5,1", "capacity", "room=4", NULL);
  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    GstMessage *msg;
    GError *err = NULL;
    gchar *v = NULL;

    g_object_set (e, bad[i].prop, bad[i].value, NULL);
    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING);
    g_assert_nonnull (msg);
    gst_message_parse_warning (msg, &err, NULL);
    g_test_message ("%s=\"%s\": %s", bad[i].prop, bad[i].value, err->message);
    g_assert_nonnull (strstr (err->message, bad[i].mentions));
    g_assert_nonnull (strstr (err->message, bad[i].prop));
    g_clear_error (&err);
    gst_message_unref (msg);
    g_object_get (e, bad[i].prop, &v, NULL);
    if (g_str_equal (bad[i].prop, "zones"))
      g_assert_cmpstr (v, ==, "room=0,0 1,0 1,1 0,1");
    else if (g_str_equal (bad[i].prop, "lines"))
      g_assert_cmpstr (v, ==, "door=0.5,0 0.5,1");
    else
      g_assert_cmpstr (v, ==, "room=4");
    g_free (v);
  }
  gst_element_set_bus (e, NULL);
  gst_object_unref (bus);
  gst_object_unref (e);
}

/* A missing or malformed zones file fails at start with a clear error; a
 * good one replaces the properties. */
static void
test_zones_file (void)
{
  g_autofree gchar *dir = g_dir_make_tmp ("wf-occ-XXXXXX", NULL);
  g_autofree gchar *missing = g_build_filename (dir, "nope.ini", NULL);
  g_autofree gchar *bad = g_build_filename (dir, "bad.ini", NULL);
  g_autofree gchar *good = g_build_filename (dir, "good.ini", NULL);
  const gchar *files[2] = { missing, bad };
  guint i;

  g_assert_true (g_file_set_contents (bad, "[zones]\nroom=0,0 1,0\n", -1,
          NULL));
  g_assert_true (g_file_set_contents (good, "[zones]\nroom=0,0 1,0 1,1 0,1\n"
          "[lines]\ndoor=0.5,0 0.5,1\n[capacity]\nroom=1\n", -1, NULL));

  for (i = 0; i < 2; i++) {
    GstElement *e = gst_element_factory_make ("occupancy", NULL);
    GstBus *bus = gst_bus_new ();
    GstMessage *msg;
    GError *err = NULL;
    gchar *dbg = NULL;

    gst_element_set_bus (e, bus);
    g_object_set (e, "zones-file", files[i], NULL);
    g_assert_cmpint (gst_element_set_state (e, GST_STATE_PAUSED), ==,
        GST_STATE_CHANGE_FAILURE);
    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    g_assert_nonnull (msg);
    gst_message_parse_error (msg, &err, &dbg);
    g_test_message ("%s: %s (%s)", files[i], err->message, dbg);
    g_assert_true (err->domain == GST_RESOURCE_ERROR);
    g_assert_nonnull (strstr (dbg, files[i]));
    if (i == 1)
      g_assert_nonnull (strstr (dbg, "at least 3"));
    g_clear_error (&err);
    g_free (dbg);
    gst_message_unref (msg);
    gst_element_set_state (e, GST_STATE_NULL);
    gst_element_set_bus (e, NULL);
    gst_object_unref (bus);
    gst_object_unref (e);
  }

  {
    Fixture f;
    g_autofree gchar *launch = g_strdup_printf ("occupancy zones-file=\"%s\" "
        "zones=\"other=0,0 1,0 1,1\" smoothing=1", good);
    Person p[2] = { {40, 40}, {280, 200} };
    guint count = 0, peak = 0, in, out;
    GList *msgs;

    fixture_init (&f, launch);
    push (&f, p, 2);
    g_assert_true (last_figures (&f, "room", &count, &peak, "door", &in,
            &out));
    g_assert_cmpuint (count, ==, 2);
    msgs = take_messages (&f, WF_EVENT_OVER_CAPACITY);
    messages_free (msgs);
    fixture_clear (&f);
  }
  g_unlink (bad);
  g_unlink (good);
  g_rmdir (dir);
}

/* A camera that drops frames, timestamps that jump back and forward by
 * hours, and three hours of frames without anyone (one a second): the
 * totals stay, the zone empties, and the heap does not grow. */
static void
test_gaps_and_idle_hours (void)
{
  Fixture f;
  guint count = 9, peak = 0, in = 0, out = 0, k;
  GstClockTime t;
  WfMemStats m0, m1;
  g_autoptr (GRand) rnd = g_rand_new_with_seed (7);

  t = 100 * GST_SECOND;
  fixture_init (&f, "occupancy zones=\"room=0,0 1,0 1,1 0,1\" "
      "lines=\"door=0.5,0 0.5,1\" smoothing=2 max-tracks=16");

  /* walker with dropped frames: only every third frame arrives */
  for (k = 0; k < 30; k += 3) {
    Person p = { 280 - 8 * k, 100 };
    gst_buffer_unref (push_at (&f, k * FRAME, &p, 1));
  }
  g_assert_true (last_figures (&f, "room", &count, &peak, "door", &in, &out));
  g_assert_cmpuint (in, ==, 1);
  g_assert_cmpuint (out, ==, 0);

  /* timestamps jump back 1 h... (clamped to 0) and forward 5 h */
  {
    Person p = { 100, 100 };
    gst_buffer_unref (push_at (&f, 0, &p, 1));
    gst_buffer_unref (push_at (&f, 5 * 3600 * GST_SECOND, &p, 1));
    gst_buffer_unref (push_at (&f, GST_SECOND, &p, 1));
  }

  /* busy period with many different people, to fill the tables */
  for (k = 0; k < 300; k++) {
    Person p[8];
    guint n = g_rand_int_range (rnd, 0, 9), i;
    for (i = 0; i < n; i++) {
      p[i].cx = g_rand_int_range (rnd, 20, 300);
      p[i].cy = g_rand_int_range (rnd, 20, 220);
      p[i].employee = NULL;
      p[i].upstream_id = g_rand_boolean (rnd) ? 1000 + k * 8 + i : 0;
      p[i].roi_type = NULL;
    }
    gst_buffer_unref (push_at (&f, (10 + k) * FRAME, p, n));
  }
  g_assert_true (last_figures (&f, "room", &count, &peak, "door", &in, &out));
  /* warm up: the first idle stretch drops every track */
  for (k = 0; k < 100; k++, t += GST_SECOND)
    gst_buffer_unref (push_at (&f, t, NULL, 0));
  messages_free (take_messages (&f, "none"));
  wf_memstats_read (&m0, NULL);

  /* three hours without anyone, one frame a second */
  for (k = 0; k < 3 * 3600; k++, t += GST_SECOND) {
    gst_buffer_unref (push_at (&f, t, NULL, 0));
    if (k % 100 == 0 && k + 1 < 3 * 3600)
      messages_free (take_messages (&f, "none"));
  }
  g_assert_true (last_figures (&f, "room", &count, &peak, "door", &in, &out));
  wf_memstats_read (&m1, NULL);
  g_test_message ("heap in use %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT
      ", rss %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT, m0.in_use,
      m1.in_use, m0.vm_rss, m1.vm_rss);
  g_assert_cmpuint (count, ==, 0);
  g_assert_cmpuint (peak, >=, 1);
  g_assert_cmpuint (in, >=, 1);
#ifndef __SANITIZE_ADDRESS__
  /* AddressSanitizer keeps freed blocks in quarantine, so RSS and mallinfo
   * say nothing there; the sanitizer checks the frees instead. */
  if (m0.in_use > 0)
    g_assert_cmpint ((gint64) m1.in_use - (gint64) m0.in_use, <, 256 * 1024);
  g_assert_cmpint ((gint64) m1.vm_rss - (gint64) m0.vm_rss, <, 2 * 1024 * 1024);
#endif
  fixture_clear (&f);
}

static guint
count_nonzero (GstBuffer * buf, guint * at_line)
{
  GstMapInfo map;
  guint n = 0, i;

  g_assert_true (gst_buffer_map (buf, &map, GST_MAP_READ));
  for (i = 0; i < map.size; i++)
    n += map.data[i] != 0;
  if (at_line)
    *at_line = map.data[(H / 2) * W + (W - 1) / 2];
  gst_buffer_unmap (buf, &map);
  return n;
}

/* draw=false leaves the pixels alone; draw=true draws the zone, the line,
 * the boxes and the numbers (GRAY8: on the luma; RGBx: in colour). */
static void
test_draw (void)
{
  Fixture f;
  Person p = { 60, 60 };
  GstBuffer *out;
  guint on_line = 0;

  fixture_init (&f, "occupancy zones=\"z=0.1,0.1 0.9,0.1 0.9,0.9\" "
      "lines=\"door=0.5,0 0.5,1\"");
  out = push_at (&f, 0, &p, 1);
  g_assert_cmpuint (count_nonzero (out, NULL), ==, 0);
  gst_buffer_unref (out);

  g_object_set (f.occ, "draw", TRUE, NULL);
  out = push_at (&f, FRAME, &p, 1);
  g_assert_cmpuint (count_nonzero (out, &on_line), >, 500);
  g_assert_cmpuint (on_line, >, 100);
  gst_buffer_unref (out);
  fixture_clear (&f);

  /* RGBx: the line is yellow (R and G set, B not) */
  {
    GstHarness *h = gst_harness_new_parse ("occupancy draw=true "
        "lines=\"door=0.5,0 0.5,1\"");
    GstBuffer *buf = gst_buffer_new_and_alloc (W * H * 4);
    GstMapInfo map;
    guint8 *px;

    gst_harness_set_src_caps_str (h,
        "video/x-raw,format=RGBx,width=320,height=240,framerate=10/1");
    gst_buffer_memset (buf, 0, 0, W * H * 4);
    GST_BUFFER_PTS (buf) = 0;
    out = gst_harness_push_and_pull (h, buf);
    g_assert_true (gst_buffer_map (out, &map, GST_MAP_READ));
    px = map.data + ((H / 2) * W + (W - 1) / 2) * 4;
    g_assert_cmpuint (px[0], ==, 255);
    g_assert_cmpuint (px[1], ==, 255);
    g_assert_cmpuint (px[2], ==, 0);
    gst_buffer_unmap (out, &map);
    gst_buffer_unref (out);
    gst_harness_teardown (h);
  }
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/occupancy/line-both-directions",
      test_line_both_directions);
  g_test_add_func ("/occupancy/line-no-false-cross", test_line_no_false_cross);
  g_test_add_func ("/occupancy/zone-hysteresis", test_zone_hysteresis);
  g_test_add_func ("/occupancy/zone-events-and-params",
      test_zone_events_and_params);
  g_test_add_func ("/occupancy/params-follow-renamed-zone",
      test_params_follow_renamed_zone);
  g_test_add_func ("/occupancy/upstream-ids", test_upstream_ids);
  g_test_add_func ("/occupancy/capacity-events", test_capacity_events);
  g_test_add_func ("/occupancy/change-while-playing",
      test_change_while_playing);
  g_test_add_func ("/occupancy/malformed-properties",
      test_malformed_properties);
  g_test_add_func ("/occupancy/zones-file", test_zones_file);
  g_test_add_func ("/occupancy/gaps-and-idle-hours", test_gaps_and_idle_hours);
  g_test_add_func ("/occupancy/draw", test_draw);

  return g_test_run ();
}
