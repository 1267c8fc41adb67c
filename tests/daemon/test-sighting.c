/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The daemon's attendance rule (src/daemon/wf-sighting.h) with scripted
 * facematch matches: a name becomes a sighting only once confirmed, a name
 * given and withdrawn within the break window writes nothing, and an
 * identity break ends the employee's sighting.
 */
#include <glib.h>

#include "wf-sighting.h"

static WfSightingMatch
match (guint64 track, const gchar * employee, const gchar * identity,
    guint support, const gchar * broken)
{
  WfSightingMatch m = {.track_id = track,.employee_id = employee,
    .identity = identity,.support = support,.broken_id = broken
  };
  return m;
}

/* 15 fps */
#define FRAME_MS 67

static void
test_withdrawn_writes_nothing (void)
{
  g_autoptr (WfSightings) s = wf_sightings_new ();
  WfSightingMatch m;
  gchar *ended = NULL;
  gint64 t = 1000;

  /* the previous occupant's name for 9 frames on one descriptor, then
   * the re-verification withdraws it */
  m = match (7, "ada", "fresh", 1, NULL);
  g_assert_cmpint (wf_sightings_match (s, "cam", &m, t, &ended), ==,
      WF_SIGHTING_NONE);
  for (guint f = 1; f < 10; f++) {
    m = match (7, "ada", "held", 1, NULL);
    t += FRAME_MS;
    g_assert_cmpint (wf_sightings_match (s, "cam", &m, t, &ended), ==,
        WF_SIGHTING_NONE);
  }
  m = match (7, NULL, "broken", 0, "ada");
  t += FRAME_MS;
  g_assert_cmpint (wf_sightings_match (s, "cam", &m, t, &ended), ==,
      WF_SIGHTING_NONE);
  g_assert_null (ended);        /* it never started */
  for (guint f = 0; f < 40; f++) {
    m = match (7, NULL, "none", 3, NULL);
    t += FRAME_MS;
    g_assert_cmpint (wf_sightings_match (s, "cam", &m, t, &ended), ==,
        WF_SIGHTING_NONE);
  }
  g_assert_cmpuint (wf_sightings_size (s), ==, 0);
}

static void
test_confirmed_by_support (void)
{
  g_autoptr (WfSightings) s = wf_sightings_new ();
  WfSightingMatch m;
  gint64 t = 1000;

  m = match (1, "bob", "fresh", 1, NULL);
  g_assert_cmpint (wf_sightings_match (s, "cam", &m, t, NULL), ==,
      WF_SIGHTING_NONE);
  m = match (1, "bob", "fresh", 2, NULL);
  t += 10 * FRAME_MS;
  g_assert_cmpint (wf_sightings_match (s, "cam", &m, t, NULL), ==,
      WF_SIGHTING_NEW);
  m = match (1, "bob", "held", 2, NULL);
  t += FRAME_MS;
  g_assert_cmpint (wf_sightings_match (s, "cam", &m, t, NULL), ==,
      WF_SIGHTING_NONE);
  /* last_seen moves every WF_SIGHTING_UPDATE_MS */
  t += WF_SIGHTING_UPDATE_MS;
  g_assert_cmpint (wf_sightings_match (s, "cam", &m, t, NULL), ==,
      WF_SIGHTING_UPDATE);
  /* another camera is another sighting, confirmed on its own */
  m.support = 1;
  g_assert_cmpint (wf_sightings_match (s, "door", &m, t, NULL), ==,
      WF_SIGHTING_NONE);
  m.support = 3;
  g_assert_cmpint (wf_sightings_match (s, "door", &m, t, NULL), ==,
      WF_SIGHTING_NEW);
}

static void
test_confirmed_by_frames (void)
{
  g_autoptr (WfSightings) s = wf_sightings_new ();
  WfSightingMatch m = match (3, "cy", "held", 1, NULL);
  gint64 t = 1000;

  for (guint f = 1; f < WF_SIGHTING_CONFIRM_FRAMES; f++, t += FRAME_MS)
    g_assert_cmpint (wf_sightings_match (s, "cam", &m, t, NULL), ==,
        WF_SIGHTING_NONE);
  g_assert_cmpint (wf_sightings_match (s, "cam", &m, t, NULL), ==,
      WF_SIGHTING_NEW);
}

static void
test_break_ends_sighting (void)
{
  g_autoptr (WfSightings) s = wf_sightings_new ();
  WfSightingMatch m = match (5, "dee", "fresh", 2, NULL);
  g_autofree gchar *ended = NULL;
  gint64 t = 1000;

  g_assert_cmpint (wf_sightings_match (s, "cam", &m, t, NULL), ==,
      WF_SIGHTING_NEW);
  /* someone else stands there now: the name breaks, dee's sighting ends */
  m = match (5, NULL, "broken", 0, "dee");
  t += FRAME_MS;
  g_assert_cmpint (wf_sightings_match (s, "cam", &m, t, &ended), ==,
      WF_SIGHTING_NONE);
  g_assert_cmpstr (ended, ==, "dee");
  /* the newcomer is named and confirmed on the same track */
  m = match (5, "eve", "fresh", 1, NULL);
  t += 3 * FRAME_MS;
  g_assert_cmpint (wf_sightings_match (s, "cam", &m, t, NULL), ==,
      WF_SIGHTING_NONE);
  m.support = 2;
  g_assert_cmpint (wf_sightings_match (s, "cam", &m, t, NULL), ==,
      WF_SIGHTING_NEW);
  /* dee back within the gap on another track: a new sighting, since the
   * last one ended */
  m = match (6, "dee", "fresh", 2, NULL);
  t += FRAME_MS;
  g_assert_cmpint (wf_sightings_match (s, "cam", &m, t, NULL), ==,
      WF_SIGHTING_NEW);
}

static void
test_other_producers_and_forgetting (void)
{
  g_autoptr (WfSightings) s = wf_sightings_new ();
  WfSightingMatch m = match (0, "fay", NULL, 0, NULL);
  gint64 t = 1000;

  /* no track id or identity state: taken as confirmed */
  g_assert_cmpint (wf_sightings_match (s, "cam", &m, t, NULL), ==,
      WF_SIGHTING_NEW);
  g_assert_cmpint (wf_sightings_match (s, "cam", &m, t + 1, NULL), ==,
      WF_SIGHTING_NONE);
  m = match (0, NULL, NULL, 0, NULL);
  g_assert_cmpint (wf_sightings_match (s, "cam", &m, t + 2, NULL), ==,
      WF_SIGHTING_NONE);
  /* forgotten: seen again is new */
  wf_sightings_forget_employee (s, "fay");
  m = match (0, "fay", NULL, 0, NULL);
  g_assert_cmpint (wf_sightings_match (s, "cam", &m, t + 3, NULL), ==,
      WF_SIGHTING_NEW);
  wf_sightings_forget_camera (s, "cam");
  g_assert_cmpuint (wf_sightings_size (s), ==, 0);

  /* candidates of tracks that went away are pruned after the gap */
  m = match (9, "gus", "fresh", 1, NULL);
  g_assert_cmpint (wf_sightings_match (s, "cam", &m, t, NULL), ==,
      WF_SIGHTING_NONE);
  g_assert_cmpuint (wf_sightings_size (s), ==, 1);
  m = match (10, NULL, "none", 1, NULL);
  wf_sightings_match (s, "cam", &m, t + WF_SIGHTING_GAP_MS + 2000, NULL);
  g_assert_cmpuint (wf_sightings_size (s), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sighting/withdrawn-writes-nothing",
      test_withdrawn_writes_nothing);
  g_test_add_func ("/sighting/confirmed-by-support",
      test_confirmed_by_support);
  g_test_add_func ("/sighting/confirmed-by-frames", test_confirmed_by_frames);
  g_test_add_func ("/sighting/break-ends-sighting", test_break_ends_sighting);
  g_test_add_func ("/sighting/other-producers",
      test_other_producers_and_forgetting);
  return g_test_run ();
}
