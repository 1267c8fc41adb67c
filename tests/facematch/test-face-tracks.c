/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The face table of facematch (src/gallery/wf-face-tracks.h) on synthetic
 * frames and scripted verdicts: which track a face gets, when it needs a
 * descriptor, what is reported, what is forgotten.  No models, no
 * GStreamer, so it runs in every build.
 */
#include <glib.h>
#include <string.h>

#include "wf-face-tracks.h"
#include "identity-test-config.h"

#define W 320
#define H 240

typedef struct
{
  guint8 pixels[W * H * 3];
  WfImage img;
} Frame;

/* A textured face at @box: a horizontal ramp, or a vertical one when
 * @vertical (another face: the two signatures do not correlate). */
static void
paint (Frame * f, const WfRect * box, gboolean vertical)
{
  for (gint y = (gint) box->y; y < (gint) (box->y + box->h); y++) {
    for (gint x = (gint) box->x; x < (gint) (box->x + box->w); x++) {
      gdouble t = vertical ? (y - box->y) / box->h : (x - box->x) / box->w;
      guint8 v = (guint8) (30 + 200 * t);
      memset (f->pixels + ((gsize) y * W + x) * 3, v, 3);
    }
  }
}

static void
frame_init (Frame * f)
{
  memset (f->pixels, 90, sizeof (f->pixels));
  f->img = (WfImage) {
  .format = WF_PIXEL_RGB,.width = W,.height = H,.data = {
  f->pixels},.stride = {
  W * 3}};
}

static WfIdentityEvidence
named (const gchar * who, gdouble d, gdouble claimed)
{
  WfIdentityEvidence e = {.nearest_id = who,.nearest_name = who,
    .distance = d,.second_distance = 0.9,.claimed_distance = claimed,
    .quality = 0.9
  };
  return e;
}

static const WfRect left = { 40, 60, 80, 80 };
static const WfRect right = { 200, 60, 80, 80 };

/* The table's own tracker: one id per face, the same on the next frame,
 * and the report of each. */
static void
test_own_ids (void)
{
  g_autoptr (WfFaceTracks) ft = wf_face_tracks_new ();
  WfRect boxes[2] = { left, right };
  guint64 ids[2] = { 0, 0 }, again[2] = { 0, 0 };
  WfFaceReport rep;

  g_assert_false (wf_face_tracks_assign (ft, boxes, 2, ids));
  g_assert_cmpuint (ids[0], !=, 0);
  g_assert_cmpuint (ids[1], !=, 0);
  g_assert_cmpuint (ids[0], !=, ids[1]);
  g_assert_cmpuint (wf_face_tracks_size (ft), ==, 2);
  g_assert_true (wf_face_tracks_report (ft, ids[0], &rep));
  g_assert_null (rep.identity.employee_id);
  g_assert_cmpint (rep.identity.state, ==, WF_IDENTITY_NONE);
  g_assert_cmpfloat (rep.quality, ==, 0.0);

  g_assert_false (wf_face_tracks_assign (ft, boxes, 2, again));
  g_assert_cmpuint (again[0], ==, ids[0]);
  g_assert_cmpuint (again[1], ==, ids[1]);
  g_assert_true (wf_face_tracks_report (ft, ids[0], &rep));
  g_assert_cmpuint (rep.age, >=, 2);

  g_assert_false (wf_face_tracks_report (ft, 0, &rep));
  g_assert_false (wf_face_tracks_report (ft, ids[0] + ids[1] + 100, &rep));

  wf_face_tracks_reset (ft);
  g_assert_cmpuint (wf_face_tracks_size (ft), ==, 0);
  g_assert_false (wf_face_tracks_report (ft, ids[0], &rep));
}

/* Upstream's ids are kept when every face has one; one face without an id
 * hands all of them to the table's tracker. */
static void
test_upstream_ids (void)
{
  g_autoptr (WfFaceTracks) ft = wf_face_tracks_new ();
  WfRect boxes[2] = { left, right };
  guint64 ids[2] = { 7001, 7002 };
  guint64 mixed[2] = { 7001, 0 };
  WfFaceReport rep;

  g_assert_true (wf_face_tracks_assign (ft, boxes, 2, ids));
  g_assert_cmpuint (ids[0], ==, 7001);
  g_assert_cmpuint (ids[1], ==, 7002);
  g_assert_true (wf_face_tracks_report (ft, 7002, &rep));
  g_assert_cmpuint (rep.age, ==, 1);

  g_assert_false (wf_face_tracks_assign (ft, boxes, 2, mixed));
  g_assert_cmpuint (mixed[1], !=, 0);
}

/* Upstream ids are never evicted by a tracker: the table forgets the ones
 * not seen for 256 frames. */
static void
test_upstream_forgotten (void)
{
  g_autoptr (WfFaceTracks) ft = wf_face_tracks_new ();
  WfRect box = left;
  guint64 id;
  WfFaceReport rep;

  id = 42;
  wf_face_tracks_assign (ft, &box, 1, &id);
  wf_face_tracks_report (ft, 42, &rep);
  for (guint f = 0; f < 400; f++) {
    id = 43;
    wf_face_tracks_assign (ft, &box, 1, &id);
    wf_face_tracks_report (ft, 43, &rep);
  }
  g_assert_cmpuint (wf_face_tracks_size (ft), ==, 1);
  g_assert_false (wf_face_tracks_report (ft, 42, &rep));
  g_assert_true (wf_face_tracks_report (ft, 43, &rep));
}

/* Faces that leave are forgotten with the tracker's eviction. */
static void
test_evicted (void)
{
  g_autoptr (WfFaceTracks) ft = wf_face_tracks_new ();
  WfRect box = left;
  guint64 id = 0;

  wf_face_tracks_assign (ft, &box, 1, &id);
  g_assert_cmpuint (wf_face_tracks_size (ft), ==, 1);
  for (guint f = 0; f < 300 && wf_face_tracks_size (ft) > 0; f++)
    wf_face_tracks_assign (ft, NULL, 0, NULL);
  g_assert_cmpuint (wf_face_tracks_size (ft), ==, 0);
}

/* When a descriptor is wanted: at once for a new track, not again while
 * the named face stays, at once when another face appears in its box. */
static void
test_select (void)
{
  g_autoptr (WfFaceTracks) ft = wf_face_tracks_new ();
  WfIdentityConfig cfg;
  Frame *f = g_new0 (Frame, 1);
  WfRect box = left;
  WfIdentityEvidence ev;
  WfFaceReport rep;
  guint64 id = 0;
  guint todo[1], n;

  identity_test_config (&cfg);
  frame_init (f);
  paint (f, &box, FALSE);

  wf_face_tracks_assign (ft, &box, 1, &id);
  n = wf_face_tracks_select (ft, &cfg, &f->img, &box, &id, 1, 0, todo);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (todo[0], ==, 0);
  ev = named ("alice", 0.3, G_MAXDOUBLE);
  g_assert_false (wf_face_tracks_add_evidence (ft, &cfg, id, &ev));
  g_assert_true (wf_face_tracks_report (ft, id, &rep));
  g_assert_cmpstr (rep.identity.employee_id, ==, "alice");
  g_assert_cmpfloat (rep.quality, ==, 0.9);

  /* the same face in the same place: nothing until the interval */
  for (guint k = 0; k < 3; k++) {
    id = 0;
    wf_face_tracks_assign (ft, &box, 1, &id);
    n = wf_face_tracks_select (ft, &cfg, &f->img, &box, &id, 1, 0, todo);
    g_assert_cmpuint (n, ==, 0);
    g_assert_true (wf_face_tracks_report (ft, id, &rep));
    g_assert_cmpstr (rep.identity.employee_id, ==, "alice");
  }

  /* someone else where alice stood: a descriptor at once, and it
   * withdraws her name */
  paint (f, &box, TRUE);
  id = 0;
  wf_face_tracks_assign (ft, &box, 1, &id);
  n = wf_face_tracks_select (ft, &cfg, &f->img, &box, &id, 1, 0, todo);
  g_assert_cmpuint (n, ==, 1);
  ev = named ("bob", 0.3, 0.8);
  g_assert_true (wf_face_tracks_add_evidence (ft, &cfg, id, &ev));
  g_assert_true (wf_face_tracks_report (ft, id, &rep));
  g_assert_cmpstr (rep.identity.employee_id, !=, "alice");
  g_assert_cmpint (rep.identity.state, ==, WF_IDENTITY_BROKEN);

  /* no such track: no verdict lands anywhere */
  g_assert_false (wf_face_tracks_add_evidence (ft, &cfg, id + 1000, &ev));
  g_free (f);
}

/* A face whose box holds nothing readable (flat) leaves a blank
 * appearance: the next readable one counts as new. */
static void
test_blank_appearance (void)
{
  g_autoptr (WfFaceTracks) ft = wf_face_tracks_new ();
  WfIdentityConfig cfg;
  Frame *f = g_new0 (Frame, 1);
  WfRect box = left;
  WfIdentityEvidence ev = named ("alice", 0.3, G_MAXDOUBLE);
  WfFaceReport rep;
  guint64 id = 0;
  guint todo[1];

  identity_test_config (&cfg);
  frame_init (f);
  wf_face_tracks_assign (ft, &box, 1, &id);
  g_assert_cmpuint (wf_face_tracks_select (ft, &cfg, &f->img, &box, &id, 1,
          0, todo), ==, 1);
  wf_face_tracks_add_evidence (ft, &cfg, id, &ev);
  wf_face_tracks_report (ft, id, &rep);

  paint (f, &box, FALSE);
  id = 0;
  wf_face_tracks_assign (ft, &box, 1, &id);
  g_assert_cmpuint (wf_face_tracks_select (ft, &cfg, &f->img, &box, &id, 1,
          0, todo), ==, 1);
  g_free (f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/face-tracks/own-ids", test_own_ids);
  g_test_add_func ("/face-tracks/upstream-ids", test_upstream_ids);
  g_test_add_func ("/face-tracks/upstream-forgotten", test_upstream_forgotten);
  g_test_add_func ("/face-tracks/evicted", test_evicted);
  g_test_add_func ("/face-tracks/select", test_select);
  g_test_add_func ("/face-tracks/blank-appearance", test_blank_appearance);
  return g_test_run ();
}
