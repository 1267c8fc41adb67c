/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The motion measure and the gate's policy (src/motion/wf-motion.h) on
 * scenes made here: noise alone, a light change, a flickering patch with
 * and without a mask, a moving object; the region merging; hostile sizes. */
#include <glib.h>

#include "motion-scene.h"
#include "wf-motion.h"
#include "wf-zones.h"

#define W 640
#define H 360

typedef struct {
  MotionScene sc;
  WfMotion *m;
  GArray *regions;
  guint8 *frame;
} Fixture;

static void
fixture_setup (Fixture * f, gconstpointer data)
{
  motion_scene_init (&f->sc, W, H, 1234);
  f->m = wf_motion_new ();
  f->regions = g_array_new (FALSE, FALSE, sizeof (WfMotionRect));
  f->frame = g_malloc (W * H);
}

static void
fixture_teardown (Fixture * f, gconstpointer data)
{
  motion_scene_clear (&f->sc);
  wf_motion_free (f->m);
  g_array_unref (f->regions);
  g_free (f->frame);
}

static WfMotionResult
feed (Fixture * f)
{
  WfMotionResult r;
  g_assert_true (wf_motion_feed (f->m, f->frame, W, H, W, f->regions, &r));
  return r;
}

/* Noise (std 4 levels, far above what a compressed camera shows after the
 * block averages) is no motion. */
static void
test_still (Fixture * f, gconstpointer data)
{
  guint moving = 0;

  for (gint i = 0; i < 150; i++) {
    motion_scene_render (&f->sc, 1.0, 4.0, f->frame);
    WfMotionResult r = feed (f);
    if (i == 0) {
      g_assert_true (r.first);
      g_assert_cmpuint (f->regions->len, ==, 1);
      continue;
    }
    g_assert_false (r.first);
    moving += r.motion;
  }
  g_assert_cmpuint (moving, ==, 0);
}

/* Lights dimming slowly are followed; switched on at once, the scene is
 * taken afresh in one frame. */
static void
test_light (Fixture * f, gconstpointer data)
{
  guint moving = 0, global = 0;

  for (gint i = 0; i < 200; i++) {
    gdouble gain = i < 60 ? 1.0 - 0.4 * i / 60 : i < 120 ? 0.6 : 1.3;
    motion_scene_render (&f->sc, gain, 3.0, f->frame);
    WfMotionResult r = feed (f);
    if (i == 0)
      continue;
    moving += r.motion;
    global += r.global;
  }
  g_assert_cmpuint (global, <=, 1);
  g_assert_cmpuint (moving, <=, 2);
}

/* A patch that flickers every few frames: motion where it is, none once
 * masked. */
static void
test_flicker_mask (Fixture * f, gconstpointer data)
{
  const gint px = W * 8 / 10, py = H / 20, pw = W / 8, ph = H / 7;
  guint moving = 0;

  for (gint pass = 0; pass < 2; pass++) {
    GError *err = NULL;
    moving = 0;
    g_assert_true (wf_motion_set_mask (f->m, pass ?
            "clock=0.78,0.03 0.97,0.03 0.97,0.22 0.78,0.22" : NULL, &err));
    g_assert_no_error (err);
    wf_motion_reset (f->m);
    for (gint i = 0; i < 60; i++) {
      motion_scene_render (&f->sc, 1.0, 3.0, f->frame);
      motion_scene_fill (&f->sc, f->frame, px, py, pw, ph,
          (i / 3) % 2 ? 230 : 30);
      WfMotionResult r = feed (f);
      if (i == 0)
        continue;
      moving += r.motion;
      for (guint k = 0; k < f->regions->len; k++) {
        const WfMotionRect *rc = &g_array_index (f->regions, WfMotionRect, k);
        /* the regions are around the patch, grown by a cell or two */
        g_assert_cmpint (rc->x, >=, px - 2 * 32);
        g_assert_cmpint (rc->y + rc->h, <=, py + ph + 2 * 32);
      }
    }
    if (pass == 0)
      g_assert_cmpuint (moving, >=, 10);
    else
      g_assert_cmpuint (moving, ==, 0);
  }
}

/* A mask that does not parse is refused with the zones parser's error and
 * the previous one is kept. */
static void
test_bad_mask (Fixture * f, gconstpointer data)
{
  GError *err = NULL;
  const gint px = 10, py = 10;

  g_assert_true (wf_motion_set_mask (f->m, "a=0,0 0.5,0 0.5,0.5 0,0.5",
          &err));
  g_assert_false (wf_motion_set_mask (f->m, "a=0,0 2,0 1,1", &err));
  g_assert_error (err, WF_ZONES_ERROR, WF_ZONES_ERROR_RANGE);
  g_clear_error (&err);
  g_assert_false (wf_motion_set_mask (f->m, "a=0,0", &err));
  g_assert_nonnull (err);
  g_clear_error (&err);
  /* the first mask still holds: a change inside it is ignored */
  for (gint i = 0; i < 10; i++) {
    motion_scene_render (&f->sc, 1.0, 3.0, f->frame);
    motion_scene_fill (&f->sc, f->frame, px, py, 100, 100, i % 2 ? 250 : 5);
    WfMotionResult r = feed (f);
    if (i > 0)
      g_assert_false (r.motion);
  }
}

/* An object crossing the frame is in a region on every frame, and the
 * regions cover little of the frame. */
static void
test_crossing (Fixture * f, gconstpointer data)
{
  enum { S = 64 };
  guint8 sprite[S * S];

  for (gint j = 0; j < S; j++)
    for (gint i = 0; i < S; i++)
      sprite[j * S + i] = ((i / 8 + j / 8) % 2) ? 240 : 20;
  for (gint i = 0; i < 80; i++) {
    gint x = -S + i * (W + S) / 80, y = 140;
    gboolean inside = FALSE;
    motion_scene_render (&f->sc, 1.0, 3.0, f->frame);
    motion_scene_paste (&f->sc, f->frame, sprite, S, S, x, y);
    WfMotionResult r = feed (f);
    if (i == 0 || x + S / 2 < 0 || x + S / 2 >= W)
      continue;
    g_assert_true (r.motion);
    g_assert_false (r.global);
    for (guint k = 0; k < f->regions->len; k++) {
      const WfMotionRect *rc = &g_array_index (f->regions, WfMotionRect, k);
      inside |= x + S / 2 >= rc->x && x + S / 2 < rc->x + rc->w &&
          y + S / 2 >= rc->y && y + S / 2 < rc->y + rc->h;
    }
    g_assert_true (inside);
    g_assert_cmpfloat (r.active_fraction, <, 0.15);
  }
}

static void
test_merge (void)
{
  g_autoptr (GArray) r = g_array_new (FALSE, FALSE, sizeof (WfMotionRect));
  WfMotionRect a = { 10, 10, 20, 20 }, b = { 25, 25, 20, 20 },
      c = { 200, 10, 10, 10 }, *o;
  gdouble frac;

  g_array_append_val (r, a);
  g_array_append_val (r, b);
  g_array_append_val (r, c);
  frac = wf_motion_rects_merge (r, 0, 0, 0, 400, 100);
  g_assert_cmpuint (r->len, ==, 2);
  o = &g_array_index (r, WfMotionRect, 0);
  g_assert_cmpint (o->x, ==, 10);
  g_assert_cmpint (o->y, ==, 10);
  g_assert_cmpint (o->w, ==, 35);
  g_assert_cmpint (o->h, ==, 35);
  g_assert_cmpfloat_with_epsilon (frac, (35.0 * 35 + 100) / 40000, 1e-9);

  /* margins that join them; a minimum size kept inside the frame */
  frac = wf_motion_rects_merge (r, 100, 0, 0, 400, 100);
  g_assert_cmpuint (r->len, ==, 1);
  g_assert_cmpfloat_with_epsilon (frac, 310.0 * 100 / 40000, 1e-9);

  g_array_set_size (r, 0);
  c = (WfMotionRect) { 390, 90, 5, 5 };
  g_array_append_val (r, c);
  wf_motion_rects_merge (r, 0, 50, 50, 400, 100);
  o = &g_array_index (r, WfMotionRect, 0);
  g_assert_cmpint (o->w, ==, 50);
  g_assert_cmpint (o->h, ==, 50);
  g_assert_cmpint (o->x + o->w, ==, 400);
  g_assert_cmpint (o->y + o->h, ==, 100);

  /* wholly outside: dropped */
  g_array_set_size (r, 0);
  c = (WfMotionRect) { 500, 500, 5, 5 };
  g_array_append_val (r, c);
  wf_motion_rects_merge (r, 0, 0, 0, 400, 100);
  g_assert_cmpuint (r->len, ==, 0);
}

static void
test_hostile (void)
{
  g_autoptr (WfMotion) m = wf_motion_new ();
  g_autoptr (GArray) r = g_array_new (FALSE, FALSE, sizeof (WfMotionRect));
  WfMotionResult res;
  guint8 px[128] = { 0 };

  g_assert_false (wf_motion_feed (m, px, 0, 8, 8, r, &res));
  g_assert_false (wf_motion_feed (m, px, 8, 0, 8, r, &res));
  g_assert_false (wf_motion_feed (m, px, 8, 8, 4, r, &res));
  g_assert_false (wf_motion_feed (m, px, WF_MOTION_MAX_SIDE + 1, 1,
          WF_MOTION_MAX_SIDE + 1, r, &res));
  g_assert_false (wf_motion_feed (m, NULL, 8, 8, 8, r, &res));
  /* tiny and odd sizes work, and a size change starts afresh */
  g_assert_true (wf_motion_feed (m, px, 1, 1, 1, r, &res));
  g_assert_true (res.first);
  g_assert_true (wf_motion_feed (m, px, 1, 1, 1, r, &res));
  g_assert_false (res.motion);
  g_assert_true (wf_motion_feed (m, px, 7, 9, 8, r, &res));
  g_assert_true (res.first);
  {
    /* wider than tall by far: the small copy keeps one row */
    g_autofree guint8 *wide = g_malloc0 (1000 * 3);
    g_assert_true (wf_motion_feed (m, wide, 1000, 3, 1000, r, &res));
    g_assert_true (wf_motion_feed (m, wide, 1000, 3, 1000, r, &res));
    g_assert_false (res.motion);
  }
}

static void
test_gate (void)
{
  WfMotionGate g;
  WfMotionResult none = { 0 }, moving = { 0 }, global = { 0 };
  const guint max_skip = 4;

  moving.motion = TRUE;
  global.motion = global.global = TRUE;
  wf_motion_gate_init (&g, max_skip);
  g_assert_cmpfloat (wf_motion_gate_fraction (&g), ==, 1.0);
  /* the first frame is searched whole, whatever the measure says */
  g_assert_cmpint (wf_motion_gate_decide (&g, &none, 0), ==, WF_GATE_FULL);
  wf_motion_gate_found (&g, 0);
  /* nothing moves, nothing live: never */
  for (gint i = 0; i < 50; i++)
    g_assert_cmpint (wf_motion_gate_decide (&g, &none, 0), ==, WF_GATE_SKIP);
  g_assert_false (wf_motion_gate_live (&g));
  /* motion: at once, in the regions, or whole when they cover most */
  g_assert_cmpint (wf_motion_gate_decide (&g, &moving, 0.1), ==,
      WF_GATE_REGIONS);
  wf_motion_gate_found (&g, 1);
  g_assert_true (wf_motion_gate_live (&g));
  g_assert_cmpint (wf_motion_gate_decide (&g, &moving, 0.6), ==,
      WF_GATE_FULL);
  wf_motion_gate_found (&g, 1);
  /* a live face that stops: max_skip carried frames, then whole */
  for (gint round = 0; round < 3; round++) {
    for (guint i = 0; i < max_skip; i++)
      g_assert_cmpint (wf_motion_gate_decide (&g, &none, 0), ==,
          WF_GATE_SKIP);
    g_assert_cmpint (wf_motion_gate_decide (&g, &none, 0), ==, WF_GATE_FULL);
    wf_motion_gate_found (&g, 1);
  }
  /* lost: searched again until it expires, then idle */
  for (guint i = 0; i < 2 * (max_skip + 1); i++) {
    WfGateDecision d = wf_motion_gate_decide (&g, &none, 0);
    if (d != WF_GATE_SKIP)
      wf_motion_gate_found (&g, 0);
  }
  g_assert_false (wf_motion_gate_live (&g));
  for (gint i = 0; i < 20; i++)
    g_assert_cmpint (wf_motion_gate_decide (&g, &none, 0), ==, WF_GATE_SKIP);
  g_assert_cmpint (wf_motion_gate_decide (&g, &global, 0), ==, WF_GATE_FULL);
  g_assert_cmpuint (g.analysed, ==, 1 + 2 + 3 + 2 + 1);
  g_assert_cmpfloat_with_epsilon (wf_motion_gate_fraction (&g),
      (gdouble) g.analysed / g.frames, 1e-12);

  /* max_skip 0: every frame while live */
  wf_motion_gate_init (&g, 0);
  wf_motion_gate_decide (&g, &none, 0);
  wf_motion_gate_found (&g, 1);
  for (gint i = 0; i < 5; i++) {
    g_assert_cmpint (wf_motion_gate_decide (&g, &none, 0), ==, WF_GATE_FULL);
    wf_motion_gate_found (&g, 1);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/motion/still", Fixture, NULL, fixture_setup, test_still,
      fixture_teardown);
  g_test_add ("/motion/light", Fixture, NULL, fixture_setup, test_light,
      fixture_teardown);
  g_test_add ("/motion/flicker-mask", Fixture, NULL, fixture_setup,
      test_flicker_mask, fixture_teardown);
  g_test_add ("/motion/bad-mask", Fixture, NULL, fixture_setup,
      test_bad_mask, fixture_teardown);
  g_test_add ("/motion/crossing", Fixture, NULL, fixture_setup,
      test_crossing, fixture_teardown);
  g_test_add_func ("/motion/merge", test_merge);
  g_test_add_func ("/motion/hostile", test_hostile);
  g_test_add_func ("/motion/gate", test_gate);
  return g_test_run ();
}
