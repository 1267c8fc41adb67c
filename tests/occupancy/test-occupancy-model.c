/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The counting model without GStreamer: zones and hysteresis, lines and
 * their direction, capacity transitions, attribution of events to tracks
 * and employees, track eviction, configuration changes and report
 * timing. */
#include "wf-occupancy.h"

typedef struct
{
  WfOccupancy *occ;
  GArray *events;
  guint freed;                  /* track data freed */
} Fixture;

static Fixture *current;

static void
data_free (gpointer data)
{
  current->freed++;
  g_free (data);
}

static void
configure (Fixture * f, const gchar * zones, const gchar * lines,
    const gchar * capacity)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) z = wf_zones_parse (zones, &err);
  g_autoptr (GPtrArray) l = wf_lines_parse (lines, &err);
  g_autoptr (GHashTable) c = wf_capacity_parse (capacity, &err);

  g_assert_no_error (err);
  wf_occupancy_configure (f->occ, z, l, c);
}

static void
fixture_init (Fixture * f, guint max_tracks, guint max_misses)
{
  f->occ = wf_occupancy_new (max_tracks, max_misses, data_free);
  f->events = wf_occupancy_events_new ();
  f->freed = 0;
  current = f;
}

static void
fixture_clear (Fixture * f)
{
  wf_occupancy_free (f->occ);
  g_array_unref (f->events);
}

/* An object with an upstream track id at (x, y). */
static WfOccupancyObject
at (guint64 id, gdouble x, gdouble y)
{
  WfOccupancyObject o = { {0,}, };

  o.upstream_id = id;
  o.cx = x;
  o.cy = y;
  o.box = (WfRect) {
  x * 100 - 5, y * 100 - 5, 10, 10};
  return o;
}

/* One update; the events of it stay in f->events until the next. */
static void
update (Fixture * f, WfOccupancyObject * objs, guint n, guint smoothing)
{
  g_array_set_size (f->events, 0);
  wf_occupancy_update (f->occ, objs, n, smoothing, f->events);
}

static const WfOccupancyEvent *
event (Fixture * f, guint i)
{
  g_assert_cmpuint (i, <, f->events->len);
  return &g_array_index (f->events, WfOccupancyEvent, i);
}

static void
test_zones_and_hysteresis (void)
{
  Fixture f;
  WfOccupancyObject o = at (1, 0.25, 0.5);
  const WfOccupancyZone *left;
  /* raw counts: 1 1 0 1 1 1: the dip restarts the wait */
  const guint raw[] = { 1, 1, 0, 1, 1, 1 };
  const guint expect[] = { 0, 0, 0, 0, 0, 1 };
  guint i;

  fixture_init (&f, 8, 100);
  configure (&f, "left=0,0 0.5,0 0.5,1 0,1;right=0.5,0 1,0 1,1 0.5,1", "",
      "");
  g_assert_cmpuint (wf_occupancy_n_zones (f.occ), ==, 2);
  left = wf_occupancy_get_zone (f.occ, 0);
  g_assert_cmpstr (left->name, ==, "left");

  for (i = 0; i < G_N_ELEMENTS (raw); i++) {
    update (&f, &o, raw[i], 3);
    g_assert_cmpuint (left->count, ==, expect[i]);
  }
  g_assert_cmpuint (left->peak, ==, 1);
  g_assert_cmpuint (wf_occupancy_get_zone (f.occ, 1)->count, ==, 0);
  /* the object's zones and id */
  g_assert_cmpuint (o.id, ==, 1);
  g_assert_cmpuint (o.zones, ==, 1);

  /* smoothing 1 follows at once; the peak stays */
  update (&f, NULL, 0, 1);
  g_assert_cmpuint (left->count, ==, 0);
  g_assert_cmpuint (left->peak, ==, 1);
  fixture_clear (&f);
}

static void
test_enter_exit_events (void)
{
  Fixture f;
  WfOccupancyObject o = at (5, 0.25, 0.5);
  const WfOccupancyEvent *ev;

  fixture_init (&f, 8, 100);
  configure (&f, "left=0,0 0.5,0 0.5,1 0,1;right=0.5,0 1,0 1,1 0.5,1", "",
      "");
  update (&f, &o, 1, 1);
  g_assert_cmpuint (f.events->len, ==, 1);
  ev = event (&f, 0);
  g_assert_cmpint (ev->type, ==, WF_OCCUPANCY_ZONE_ENTER);
  g_assert_cmpstr (ev->name, ==, "left");
  g_assert_cmpuint (ev->track_id, ==, 5);
  /* the smoothed count before this frame */
  g_assert_cmpuint (ev->count, ==, 0);
  g_assert_null (ev->employee_id);

  /* staying: no event */
  update (&f, &o, 1, 1);
  g_assert_cmpuint (f.events->len, ==, 0);

  /* moving right: exit left, then enter right, in zone order */
  o = at (5, 0.75, 0.5);
  update (&f, &o, 1, 1);
  g_assert_cmpuint (f.events->len, ==, 2);
  g_assert_cmpint (event (&f, 0)->type, ==, WF_OCCUPANCY_ZONE_EXIT);
  g_assert_cmpstr (event (&f, 0)->name, ==, "left");
  g_assert_cmpuint (event (&f, 0)->count, ==, 1);
  g_assert_cmpint (event (&f, 1)->type, ==, WF_OCCUPANCY_ZONE_ENTER);
  g_assert_cmpstr (event (&f, 1)->name, ==, "right");
  g_assert_cmpuint (o.zones, ==, 2);
  fixture_clear (&f);
}

static void
test_lines (void)
{
  Fixture f;
  WfOccupancyObject o;
  const WfOccupancyLine *door, *gate;
  /* x positions of track 3 at y 0.5 */
  const gdouble walk[] = { 0.8, 0.6, 0.4, 0.5, 0.4, 0.6 };
  guint i, crossings = 0;

  fixture_init (&f, 8, 100);
  /* gate only spans y 0.1-0.2: the walk passes below its end */
  configure (&f, "", "door=0.5,0 0.5,1;gate=0.5,0.1 0.5,0.2", "");
  door = wf_occupancy_get_line (f.occ, 0);
  gate = wf_occupancy_get_line (f.occ, 1);
  for (i = 0; i < G_N_ELEMENTS (walk); i++) {
    o = at (3, walk[i], 0.5);
    update (&f, &o, 1, 1);
    crossings += f.events->len;
    if (i == 2) {
      /* right to left is "in" for a line drawn downwards */
      const WfOccupancyEvent *ev = event (&f, 0);
      g_assert_cmpuint (f.events->len, ==, 1);
      g_assert_cmpint (ev->type, ==, WF_OCCUPANCY_LINE_CROSS);
      g_assert_cmpstr (ev->name, ==, "door");
      g_assert_cmpint (ev->direction, ==, 1);
      g_assert_cmpuint (ev->track_id, ==, 3);
      g_assert_cmpuint (ev->in, ==, 1);
      g_assert_cmpuint (ev->out, ==, 0);
    }
    /* 0.5 is on the line, 0.4 the same side as before: no crossing */
    if (i == 3 || i == 4)
      g_assert_cmpuint (f.events->len, ==, 0);
  }
  /* and back out at the end */
  g_assert_cmpint (event (&f, 0)->direction, ==, -1);
  g_assert_cmpuint (crossings, ==, 2);
  g_assert_cmpuint (door->in, ==, 1);
  g_assert_cmpuint (door->out, ==, 1);
  g_assert_cmpuint (gate->in + gate->out, ==, 0);

  /* another track starting on the far side counts nothing on its first
   * frame: a side needs a previous point */
  o = at (4, 0.4, 0.5);
  update (&f, &o, 1, 1);
  g_assert_cmpuint (f.events->len, ==, 0);
  fixture_clear (&f);
}

static void
test_capacity (void)
{
  Fixture f;
  WfOccupancyObject two[] = { at (1, 0.2, 0.2), at (2, 0.3, 0.3) };
  const WfOccupancyEvent *ev;
  guint i, n;

  fixture_init (&f, 8, 100);
  configure (&f, "room=0,0 1,0 1,1 0,1", "", "room=1");
  update (&f, two, 2, 1);
  /* two enters, then the capacity */
  g_assert_cmpuint (f.events->len, ==, 3);
  ev = event (&f, 2);
  g_assert_cmpint (ev->type, ==, WF_OCCUPANCY_OVER_CAPACITY);
  g_assert_cmpstr (ev->name, ==, "room");
  g_assert_cmpuint (ev->count, ==, 2);
  g_assert_cmpuint (ev->capacity, ==, 1);
  g_assert_true (wf_occupancy_get_zone (f.occ, 0)->over);

  /* still over: nothing new */
  update (&f, two, 2, 1);
  g_assert_cmpuint (f.events->len, ==, 0);

  /* back to one (at capacity): normal; the unseen track 2 is kept (no
   * exit before max_misses) */
  update (&f, two, 1, 1);
  g_assert_cmpuint (f.events->len, ==, 1);
  ev = event (&f, 0);
  g_assert_cmpint (ev->type, ==, WF_OCCUPANCY_CAPACITY_NORMAL);
  g_assert_cmpuint (ev->count, ==, 1);
  g_assert_cmpuint (ev->capacity, ==, 1);
  fixture_clear (&f);

  /* capacity raised and removed while over, the count unchanged */
  fixture_init (&f, 8, 100);
  configure (&f, "room=0,0 1,0 1,1 0,1", "", "room=1");
  update (&f, two, 2, 1);
  configure (&f, "room=0,0 1,0 1,1 0,1", "", "room=5");
  update (&f, two, 2, 1);
  g_assert_cmpuint (f.events->len, ==, 1);
  ev = event (&f, 0);
  g_assert_cmpint (ev->type, ==, WF_OCCUPANCY_CAPACITY_NORMAL);
  g_assert_cmpuint (ev->count, ==, 2);
  g_assert_cmpuint (ev->capacity, ==, 5);
  configure (&f, "room=0,0 1,0 1,1 0,1", "", "room=1");
  update (&f, two, 2, 1);
  g_assert_cmpint (event (&f, 0)->type, ==, WF_OCCUPANCY_OVER_CAPACITY);
  configure (&f, "room=0,0 1,0 1,1 0,1", "", "");
  update (&f, two, 2, 1);
  g_assert_cmpuint (f.events->len, ==, 1);
  ev = event (&f, 0);
  g_assert_cmpint (ev->type, ==, WF_OCCUPANCY_CAPACITY_NORMAL);
  g_assert_cmpuint (ev->capacity, ==, 0);
  g_assert_false (wf_occupancy_get_zone (f.occ, 0)->over);

  /* with hysteresis the capacity follows the smoothed count only */
  configure (&f, "room=0,0 1,0 1,1 0,1", "", "room=2");
  for (i = 0, n = 0; i < 3; i++) {
    WfOccupancyObject three[] = { two[0], two[1], at (9, 0.5, 0.5) };
    update (&f, three, 3, 3);
    n += f.events->len;
    if (i < 2)
      g_assert_false (wf_occupancy_get_zone (f.occ, 0)->over);
  }
  g_assert_true (wf_occupancy_get_zone (f.occ, 0)->over);
  /* enter of 9, then the capacity on the third frame */
  g_assert_cmpuint (n, ==, 2);
  fixture_clear (&f);
}

/* Two zones change in one frame: the one whose count moved reports first,
 * then the one whose capacity moved, whatever their order. */
static void
test_capacity_order (void)
{
  Fixture f;
  WfOccupancyObject a[] = { at (1, 0.2, 0.5), at (2, 0.3, 0.5),
    at (3, 0.7, 0.5), at (4, 0.8, 0.5)
  };

  fixture_init (&f, 8, 100);
  configure (&f, "a=0,0 0.5,0 0.5,1 0,1;b=0.5,0 1,0 1,1 0.5,1", "",
      "a=1;b=5");
  update (&f, a, 4, 1);
  g_assert_true (wf_occupancy_get_zone (f.occ, 0)->over);
  /* a: capacity raised; b: count up to 3 over a lowered capacity */
  configure (&f, "a=0,0 0.5,0 0.5,1 0,1;b=0.5,0 1,0 1,1 0.5,1", "",
      "a=5;b=2");
  {
    WfOccupancyObject more[] = { a[0], a[1], a[2], a[3], at (5, 0.9, 0.5) };
    update (&f, more, 5, 1);
  }
  g_assert_cmpuint (f.events->len, ==, 3);
  g_assert_cmpint (event (&f, 0)->type, ==, WF_OCCUPANCY_ZONE_ENTER);
  g_assert_cmpint (event (&f, 1)->type, ==, WF_OCCUPANCY_OVER_CAPACITY);
  g_assert_cmpstr (event (&f, 1)->name, ==, "b");
  g_assert_cmpint (event (&f, 2)->type, ==, WF_OCCUPANCY_CAPACITY_NORMAL);
  g_assert_cmpstr (event (&f, 2)->name, ==, "a");
  fixture_clear (&f);
}

static void
test_attribution (void)
{
  Fixture f;
  WfOccupancyObject o = at (11, 0.8, 0.5);
  gchar *id = g_strdup ("e42"), *name = g_strdup ("Ada");
  const WfOccupancyEvent *ev;

  fixture_init (&f, 8, 100);
  configure (&f, "left=0,0 0.5,0 0.5,1 0,1", "door=0.5,0 0.5,1", "");
  update (&f, &o, 1, 1);
  g_assert_cmpuint (f.events->len, ==, 0);

  /* facematch names the track once; the name stays with it */
  o = at (11, 0.7, 0.5);
  o.employee_id = id;
  o.employee_name = name;
  update (&f, &o, 1, 1);
  o = at (11, 0.3, 0.5);
  update (&f, &o, 1, 1);
  /* the crossing, then the enter, both attributed */
  g_assert_cmpuint (f.events->len, ==, 2);
  ev = event (&f, 0);
  g_assert_cmpint (ev->type, ==, WF_OCCUPANCY_LINE_CROSS);
  g_assert_cmpstr (ev->employee_id, ==, "e42");
  g_assert_cmpstr (ev->employee_name, ==, "Ada");
  /* copies: the caller's strings may go */
  g_assert_true (ev->employee_id != id);
  ev = event (&f, 1);
  g_assert_cmpint (ev->type, ==, WF_OCCUPANCY_ZONE_ENTER);
  g_assert_cmpstr (ev->employee_id, ==, "e42");
  g_free (id);
  g_free (name);

  /* another track is nobody */
  o = at (12, 0.3, 0.5);
  update (&f, &o, 1, 1);
  g_assert_cmpuint (f.events->len, ==, 1);
  g_assert_cmpuint (event (&f, 0)->track_id, ==, 12);
  g_assert_null (event (&f, 0)->employee_id);
  g_assert_null (event (&f, 0)->employee_name);
  fixture_clear (&f);
}

/* Tracks unseen for more than max_misses updates exit their zones and
 * free their data. */
static void
test_eviction (void)
{
  Fixture f;
  WfOccupancyObject o = at (21, 0.2, 0.2);
  guint i;

  fixture_init (&f, 8, 2);
  configure (&f, "room=0,0 1,0 1,1 0,1", "", "");
  update (&f, &o, 1, 1);
  g_assert_nonnull (o.track_data);
  *o.track_data = g_strdup ("cache");
  g_assert_cmpuint (wf_occupancy_n_tracks (f.occ), ==, 1);
  for (i = 0; i < 2; i++) {
    update (&f, NULL, 0, 1);
    g_assert_cmpuint (wf_occupancy_n_tracks (f.occ), ==, 1);
  }
  update (&f, NULL, 0, 1);
  g_assert_cmpuint (wf_occupancy_n_tracks (f.occ), ==, 0);
  g_assert_cmpuint (f.events->len, ==, 1);
  g_assert_cmpint (event (&f, 0)->type, ==, WF_OCCUPANCY_ZONE_EXIT);
  g_assert_cmpuint (event (&f, 0)->track_id, ==, 21);
  /* freed with the next update, not under the caller's feet */
  g_assert_cmpuint (f.freed, ==, 0);
  update (&f, NULL, 0, 1);
  g_assert_cmpuint (f.freed, ==, 1);
  fixture_clear (&f);
}

/* More upstream ids than states are kept: the oldest go, and the slots the
 * objects of the frame got stay usable until the next update. */
static void
test_track_states_bounded (void)
{
  Fixture f;
  WfOccupancyObject objs[100];
  guint i, held;

  fixture_init (&f, 1, 1000);   /* 4 * 1 + 64 states */
  configure (&f, "room=0,0 1,0 1,1 0,1", "", "");
  for (i = 0; i < G_N_ELEMENTS (objs); i++)
    objs[i] = at (1000 + i, 0.5, 0.5);
  update (&f, objs, G_N_ELEMENTS (objs), 1);
  held = wf_occupancy_n_tracks (f.occ);
  g_assert_cmpuint (held, ==, 68);
  for (i = 0; i < G_N_ELEMENTS (objs); i++) {
    g_assert_nonnull (objs[i].track_data);
    *objs[i].track_data = g_strdup ("x");
  }
  /* the 32 dropped tracks exited */
  g_assert_cmpuint (f.events->len, ==, 100 + 32);
  g_assert_cmpuint (wf_occupancy_get_zone (f.occ, 0)->count, ==, 100);
  fixture_clear (&f);
  g_assert_cmpuint (f.freed, ==, 100);
}

/* Objects without an upstream id get the own tracker's. */
static void
test_own_tracker (void)
{
  Fixture f;
  WfOccupancyObject o[2];
  guint64 first[2];
  guint i;

  fixture_init (&f, 8, 5);
  configure (&f, "", "door=0.5,0 0.5,1", "");
  for (i = 0; i < 6; i++) {
    o[0] = at (0, 0.8 - 0.1 * i, 0.3);
    o[1] = at (0, 0.1 + 0.1 * i, 0.7);
    update (&f, o, 2, 1);
    g_assert_cmpuint (o[0].id, !=, 0);
    g_assert_cmpuint (o[1].id, !=, o[0].id);
    if (i == 0) {
      first[0] = o[0].id;
      first[1] = o[1].id;
    }
    /* the same person keeps the id */
    g_assert_cmpuint (o[0].id, ==, first[0]);
    g_assert_cmpuint (o[1].id, ==, first[1]);
    /* frames since it started, this one included */
    g_assert_cmpuint (o[0].age, ==, i + 1);
  }
  /* one in (right to left), one out */
  g_assert_cmpuint (wf_occupancy_get_line (f.occ, 0)->in, ==, 1);
  g_assert_cmpuint (wf_occupancy_get_line (f.occ, 0)->out, ==, 1);
  fixture_clear (&f);
}

/* A zone or line that keeps name and geometry keeps its counts and the
 * tracks' state in it; a changed one starts again. */
static void
test_reconfigure (void)
{
  Fixture f;
  WfOccupancyObject o = at (1, 0.2, 0.5);

  fixture_init (&f, 8, 100);
  configure (&f, "a=0,0 0.5,0 0.5,1 0,1;b=0,0 1,0 1,1 0,1",
      "door=0.5,0 0.5,1", "");
  o = at (1, 0.7, 0.5);
  update (&f, &o, 1, 1);
  o = at (1, 0.2, 0.5);
  update (&f, &o, 1, 1);
  g_assert_cmpuint (wf_occupancy_get_line (f.occ, 0)->in, ==, 1);
  g_assert_cmpuint (wf_occupancy_get_zone (f.occ, 0)->count, ==, 1);

  /* b moved and listed first, a the same, a new line, door the same */
  configure (&f, "b=0,0 0.9,0 0.9,1 0,1;a=0,0 0.5,0 0.5,1 0,1",
      "new=0.1,0 0.1,1;door=0.5,0 0.5,1", "");
  g_assert_cmpstr (wf_occupancy_get_zone (f.occ, 1)->name, ==, "a");
  g_assert_cmpuint (wf_occupancy_get_zone (f.occ, 1)->count, ==, 1);
  g_assert_cmpuint (wf_occupancy_get_zone (f.occ, 0)->count, ==, 0);
  g_assert_cmpuint (wf_occupancy_get_line (f.occ, 1)->in, ==, 1);
  g_assert_cmpuint (wf_occupancy_get_line (f.occ, 0)->in, ==, 0);
  update (&f, &o, 1, 1);
  /* still in a: no new enter there; b is new to the track */
  g_assert_cmpuint (f.events->len, ==, 1);
  g_assert_cmpstr (event (&f, 0)->name, ==, "b");
  g_assert_cmpuint (o.zones, ==, 3);
  /* the track's side of door moved with it: back out counts */
  o = at (1, 0.7, 0.5);
  update (&f, &o, 1, 1);
  g_assert_cmpuint (wf_occupancy_get_line (f.occ, 1)->out, ==, 1);
  fixture_clear (&f);
}

static void
test_report_due (void)
{
  Fixture f;
  WfOccupancyObject o = at (1, 0.2, 0.5);

  fixture_init (&f, 8, 100);
  /* a new configuration is a change */
  configure (&f, "a=0,0 0.5,0 0.5,1 0,1", "", "");
  g_assert_true (wf_occupancy_report_due (f.occ, 0, 100));
  g_assert_false (wf_occupancy_report_due (f.occ, 50, 100));
  g_assert_true (wf_occupancy_report_due (f.occ, 100, 100));
  /* backwards restarts the interval */
  g_assert_true (wf_occupancy_report_due (f.occ, 20, 100));
  g_assert_false (wf_occupancy_report_due (f.occ, 119, 100));
  g_assert_false (wf_occupancy_report_due (f.occ, WF_OCCUPANCY_TIME_NONE,
          100));
  /* 0: on changes only */
  g_assert_false (wf_occupancy_report_due (f.occ, 100000, 0));
  update (&f, &o, 1, 2);
  g_assert_false (wf_occupancy_report_due (f.occ, 100001, 0));
  update (&f, &o, 1, 2);
  g_assert_true (wf_occupancy_report_due (f.occ, 100002, 0));
  g_assert_false (wf_occupancy_report_due (f.occ, 100003, 0));
  /* a change is reported even without a time */
  update (&f, NULL, 0, 1);
  g_assert_true (wf_occupancy_report_due (f.occ, WF_OCCUPANCY_TIME_NONE, 0));
  fixture_clear (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/occupancy-model/zones-and-hysteresis",
      test_zones_and_hysteresis);
  g_test_add_func ("/occupancy-model/enter-exit-events",
      test_enter_exit_events);
  g_test_add_func ("/occupancy-model/lines", test_lines);
  g_test_add_func ("/occupancy-model/capacity", test_capacity);
  g_test_add_func ("/occupancy-model/capacity-order", test_capacity_order);
  g_test_add_func ("/occupancy-model/attribution", test_attribution);
  g_test_add_func ("/occupancy-model/eviction", test_eviction);
  g_test_add_func ("/occupancy-model/track-states-bounded",
      test_track_states_bounded);
  g_test_add_func ("/occupancy-model/own-tracker", test_own_tracker);
  g_test_add_func ("/occupancy-model/reconfigure", test_reconfigure);
  g_test_add_func ("/occupancy-model/report-due", test_report_due);
  return g_test_run ();
}
