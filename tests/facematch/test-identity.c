/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The identity model of one track (src/gallery/wf-identity.h) with scripted
 * boxes and descriptor verdicts, and the cheap face measurements
 * (src/recognize/wf-face-quality.h) on synthetic images: no models, no
 * GStreamer, so it runs in every build.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "wf-face-quality.h"
#include "wf-identity.h"
#include "identity-test-config.h"

static const WfRect box0 = { 100, 100, 80, 80 };

/* A descriptor's verdict: nearest @nearest at @d, second at @d2, the
 * track's current name at @claimed. */
static WfIdentityEvidence
ev (const gchar * nearest, gdouble d, gdouble d2, gdouble claimed,
    gdouble quality)
{
  WfIdentityEvidence e = {.nearest_id = nearest,.nearest_name = nearest,
    .distance = d,.second_distance = d2,.claimed_distance = claimed,
    .quality = quality
  };
  return e;
}

static void
expect (WfIdentity * id, const gchar * employee, WfIdentityState state,
    guint support)
{
  WfIdentityResult r;

  wf_identity_get (id, &r);
  g_assert_cmpstr (r.employee_id, ==, employee);
  g_assert_cmpstr (r.name, ==, employee);
  g_assert_cmpint (r.state, ==, state);
  g_assert_cmpuint (r.support, ==, support);
}

static void
test_name_and_reverify (void)
{
  g_autoptr (WfIdentity) id = wf_identity_new ();
  WfIdentityConfig cfg;
  WfIdentityEvidence e;
  WfIdentityResult r;

  identity_test_config (&cfg);
  g_assert_cmpint (wf_identity_observe (id, &cfg, 1, 0, &box0, 1.0), ==,
      WF_IDENTITY_NEED_FIRST);
  expect (id, NULL, WF_IDENTITY_NONE, 0);
  e = ev ("ada", 0.30, 0.70, G_MAXDOUBLE, 0.9);
  g_assert_false (wf_identity_add_evidence (id, &cfg, &e));
  expect (id, "ada", WF_IDENTITY_FRESH, 1);
  wf_identity_get (id, &r);
  g_assert_cmpfloat_with_epsilon (r.distance, 0.30, 1e-9);

  /* held between descriptors */
  for (guint f = 2; f < 6; f++) {
    g_assert_cmpint (wf_identity_observe (id, &cfg, f, 0, &box0, 1.0), ==,
        WF_IDENTITY_NEED_NONE);
    expect (id, "ada", WF_IDENTITY_HELD, 1);
  }
  /* re-verified every reverify_frames */
  g_assert_cmpint (wf_identity_observe (id, &cfg, 6, 0, &box0, 1.0), ==,
      WF_IDENTITY_NEED_INTERVAL);
  e = ev ("ada", 0.40, 0.70, 0.40, 0.9);
  g_assert_false (wf_identity_add_evidence (id, &cfg, &e));
  expect (id, "ada", WF_IDENTITY_FRESH, 2);
  wf_identity_get (id, &r);
  g_assert_cmpfloat_with_epsilon (r.distance, 0.35, 1e-9);

  /* or every reverify_ms of stream time, whichever comes first */
  cfg.reverify_frames = 100;
  cfg.reverify_ms = 300;
  g_assert_cmpint (wf_identity_observe (id, &cfg, 7, 200, &box0, 1.0), ==,
      WF_IDENTITY_NEED_NONE);
  g_assert_cmpint (wf_identity_observe (id, &cfg, 8, 300, &box0, 1.0), ==,
      WF_IDENTITY_NEED_INTERVAL);
}

static void
test_uncertain_association (void)
{
  WfIdentityConfig cfg;
  struct {
    const gchar *what;
    guint64 frame;
    WfRect box;
    gdouble similarity;
    WfIdentityNeed need;
  } cases[] = {
    {"small move", 2, {110, 100, 80, 80}, 1.0, WF_IDENTITY_NEED_NONE},
    {"small growth", 2, {100, 100, 96, 96}, 1.0, WF_IDENTITY_NEED_NONE},
    {"jump", 2, {145, 100, 80, 80}, 1.0, WF_IDENTITY_NEED_UNCERTAIN},
    {"larger", 2, {100, 100, 110, 110}, 1.0, WF_IDENTITY_NEED_UNCERTAIN},
    {"smaller", 2, {100, 100, 80, 60}, 1.0, WF_IDENTITY_NEED_UNCERTAIN},
    {"after a miss", 3, {100, 100, 80, 80}, 1.0, WF_IDENTITY_NEED_UNCERTAIN},
    {"new appearance", 2, {100, 100, 80, 80}, 0.3,
        WF_IDENTITY_NEED_UNCERTAIN},
  };

  identity_test_config (&cfg);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (WfIdentity) id = wf_identity_new ();
    WfIdentityEvidence e = ev ("ada", 0.3, 0.7, G_MAXDOUBLE, 0.9);

    g_test_message ("%s", cases[i].what);
    wf_identity_observe (id, &cfg, 1, 0, &box0, 1.0);
    wf_identity_add_evidence (id, &cfg, &e);
    g_assert_cmpint (wf_identity_observe (id, &cfg, cases[i].frame, 0,
            &cases[i].box, cases[i].similarity), ==, cases[i].need);
  }
}

/* A named track whose face is now someone else's: the name is dropped on
 * that very frame and the old votes never count again. */
static void
test_break_on_disagreement (void)
{
  WfIdentityConfig cfg;
  WfIdentityEvidence e;
  WfIdentityResult r;

  identity_test_config (&cfg);
  /* someone else, confidently */
  {
    g_autoptr (WfIdentity) id = wf_identity_new ();
    for (guint f = 1; f <= 20; f += 5) {
      wf_identity_observe (id, &cfg, f, 0, &box0, 1.0);
      e = ev ("ada", 0.30, 0.70, 0.30, 0.9);
      wf_identity_add_evidence (id, &cfg, &e);
    }
    expect (id, "ada", WF_IDENTITY_FRESH, 4);
    wf_identity_observe (id, &cfg, 17, 0, &box0, 0.2);
    e = ev ("bob", 0.35, 0.65, 0.65, 0.9);
    g_assert_true (wf_identity_add_evidence (id, &cfg, &e));
    wf_identity_get (id, &r);
    g_assert_cmpint (r.state, ==, WF_IDENTITY_BROKEN);
    g_assert_cmpstr (r.broken_id, ==, "ada");
    /* named again from the new face's own evidence */
    g_assert_cmpstr (r.employee_id, ==, "bob");
    g_assert_cmpuint (r.support, ==, 1);
    g_assert_cmpuint (r.breaks, ==, 1);
    /* the next frame it is simply held */
    wf_identity_observe (id, &cfg, 18, 0, &box0, 1.0);
    expect (id, "bob", WF_IDENTITY_HELD, 1);
    /* ada's four votes are gone: an ambiguous descriptor leaves bob's one
     * vote against one unknown, and a tie is unknown */
    wf_identity_observe (id, &cfg, 23, 0, &box0, 1.0);
    e = ev ("ada", 0.44, 0.47, 0.47, 0.9);
    g_assert_false (wf_identity_add_evidence (id, &cfg, &e));
    wf_identity_get (id, &r);
    g_assert_cmpstr (r.employee_id, !=, "ada");
  }
  /* a stranger: over the threshold from the name, nearest to nobody */
  {
    g_autoptr (WfIdentity) id = wf_identity_new ();
    wf_identity_observe (id, &cfg, 1, 0, &box0, 1.0);
    e = ev ("ada", 0.30, 0.70, G_MAXDOUBLE, 0.9);
    wf_identity_add_evidence (id, &cfg, &e);
    wf_identity_observe (id, &cfg, 2, 0, &box0, 0.2);
    e = ev ("ada", 0.62, 0.80, 0.62, 0.9);
    g_assert_true (wf_identity_add_evidence (id, &cfg, &e));
    wf_identity_get (id, &r);
    g_assert_cmpint (r.state, ==, WF_IDENTITY_BROKEN);
    g_assert_null (r.employee_id);
    g_assert_cmpuint (r.support, ==, 1);
  }
  /* nearer to someone else by the margin, though within the threshold */
  {
    g_autoptr (WfIdentity) id = wf_identity_new ();
    wf_identity_observe (id, &cfg, 1, 0, &box0, 1.0);
    e = ev ("ada", 0.30, 0.70, G_MAXDOUBLE, 0.9);
    wf_identity_add_evidence (id, &cfg, &e);
    wf_identity_observe (id, &cfg, 6, 0, &box0, 1.0);
    e = ev ("bob", 0.40, 0.48, 0.48, 0.9);
    g_assert_true (wf_identity_add_evidence (id, &cfg, &e));
    wf_identity_get (id, &r);
    g_assert_cmpstr (r.broken_id, ==, "ada");
    /* and bob, 0.08 ahead of the next (over the margin), is named */
    g_assert_cmpstr (r.employee_id, ==, "bob");
  }
  /* the employee was removed from the gallery */
  {
    g_autoptr (WfIdentity) id = wf_identity_new ();
    wf_identity_observe (id, &cfg, 1, 0, &box0, 1.0);
    e = ev ("ada", 0.30, 0.70, G_MAXDOUBLE, 0.9);
    wf_identity_add_evidence (id, &cfg, &e);
    wf_identity_observe (id, &cfg, 6, 0, &box0, 1.0);
    e = ev ("bob", 0.70, G_MAXDOUBLE, G_MAXDOUBLE, 0.9);
    g_assert_true (wf_identity_add_evidence (id, &cfg, &e));
    expect (id, NULL, WF_IDENTITY_BROKEN, 1);
  }
}

/* Poor descriptors (blur, profile) neither vote nor break by themselves,
 * but max_bad_disagree of them in a row do. */
static void
test_bad_frames (void)
{
  g_autoptr (WfIdentity) id = wf_identity_new ();
  WfIdentityConfig cfg;
  WfIdentityEvidence e;
  WfIdentityResult r;

  identity_test_config (&cfg);
  wf_identity_observe (id, &cfg, 1, 0, &box0, 1.0);
  /* a poor first descriptor does not name */
  e = ev ("ada", 0.30, 0.70, G_MAXDOUBLE, 0.1);
  wf_identity_add_evidence (id, &cfg, &e);
  expect (id, NULL, WF_IDENTITY_NONE, 0);
  g_assert_cmpint (wf_identity_observe (id, &cfg, 4, 0, &box0, 1.0), ==,
      WF_IDENTITY_NEED_UNCERTAIN);
  e = ev ("ada", 0.30, 0.70, G_MAXDOUBLE, 0.9);
  wf_identity_add_evidence (id, &cfg, &e);
  expect (id, "ada", WF_IDENTITY_FRESH, 1);

  /* one blurred frame that looks like nobody: held, looked at again */
  g_assert_cmpint (wf_identity_observe (id, &cfg, 5, 0, &box0, 1.0), ==,
      WF_IDENTITY_NEED_NONE);
  e = ev ("ada", 0.75, 0.80, 0.75, 0.15);
  g_assert_false (wf_identity_add_evidence (id, &cfg, &e));
  expect (id, "ada", WF_IDENTITY_HELD, 1);
  g_assert_cmpint (wf_identity_observe (id, &cfg, 6, 0, &box0, 1.0), ==,
      WF_IDENTITY_NEED_CONFIRM);
  /* sharp again and agreeing: confirmed, the bad frame forgotten */
  e = ev ("ada", 0.32, 0.70, 0.32, 0.9);
  g_assert_false (wf_identity_add_evidence (id, &cfg, &e));
  expect (id, "ada", WF_IDENTITY_FRESH, 2);
  g_assert_cmpint (wf_identity_observe (id, &cfg, 7, 0, &box0, 1.0), ==,
      WF_IDENTITY_NEED_NONE);

  for (guint f = 8; f < 11; f++)
    g_assert_cmpint (wf_identity_observe (id, &cfg, f, 0, &box0, 1.0), ==,
        WF_IDENTITY_NEED_NONE);
  /* three poor disagreeing descriptors in a row break the name */
  for (guint k = 0; k < cfg.max_bad_disagree; k++) {
    g_assert_cmpint (wf_identity_observe (id, &cfg, 11 + k, 0, &box0, 1.0),
        ==, (k == 0 ? WF_IDENTITY_NEED_INTERVAL : WF_IDENTITY_NEED_CONFIRM));
    e = ev ("bob", 0.45, 0.70, 0.70, 0.15);
    g_assert_cmpint (wf_identity_add_evidence (id, &cfg, &e), ==,
        k + 1 == cfg.max_bad_disagree);
  }
  wf_identity_get (id, &r);
  g_assert_cmpint (r.state, ==, WF_IDENTITY_BROKEN);
  g_assert_cmpstr (r.broken_id, ==, "ada");
  /* poor votes named nobody, and the next frame looks again */
  g_assert_null (r.employee_id);
  g_assert_cmpint (wf_identity_observe (id, &cfg, 14, 0, &box0, 1.0), ==,
      WF_IDENTITY_NEED_CONFIRM);
}

/* Votes weigh confidence and recency: old "unknown" votes fade, so a late
 * clear match names the face; recent ones outweigh a weak match. */
static void
test_vote_weights (void)
{
  WfIdentityConfig cfg;

  identity_test_config (&cfg);
  for (guint late = 0; late < 2; late++) {
    g_autoptr (WfIdentity) id = wf_identity_new ();
    WfIdentityEvidence e;
    guint64 f = 1;

    for (guint k = 0; k < 3; k++, f += 3) {
      wf_identity_observe (id, &cfg, f, 0, &box0, 1.0);
      e = ev ("ada", 0.80, 0.90, G_MAXDOUBLE, 0.9);
      wf_identity_add_evidence (id, &cfg, &e);
    }
    expect (id, NULL, WF_IDENTITY_NONE, 3);
    f = late ? 200 : f;
    wf_identity_observe (id, &cfg, f, 0, &box0, 1.0);
    e = ev ("ada", 0.30, 0.70, G_MAXDOUBLE, 0.9);
    wf_identity_add_evidence (id, &cfg, &e);
    if (late)
      expect (id, "ada", WF_IDENTITY_FRESH, 1);
    else
      expect (id, NULL, WF_IDENTITY_NONE, 4);
  }
  /* an ambiguous match (gap under the margin) votes unknown */
  {
    g_autoptr (WfIdentity) id = wf_identity_new ();
    WfIdentityEvidence e = ev ("ada", 0.30, 0.33, G_MAXDOUBLE, 0.9);
    wf_identity_observe (id, &cfg, 1, 0, &box0, 1.0);
    wf_identity_add_evidence (id, &cfg, &e);
    expect (id, NULL, WF_IDENTITY_NONE, 1);
  }
  /* at most WF_IDENTITY_MAX_VOTES are kept */
  {
    g_autoptr (WfIdentity) id = wf_identity_new ();
    for (guint f = 1; f < 200; f += 5) {
      WfIdentityEvidence e = ev ("ada", 0.30, 0.70, f == 1 ? G_MAXDOUBLE :
          0.30, 0.9);
      wf_identity_observe (id, &cfg, f, 0, &box0, 1.0);
      wf_identity_add_evidence (id, &cfg, &e);
    }
    expect (id, "ada", WF_IDENTITY_FRESH, WF_IDENTITY_MAX_VOTES);
  }
}

static void
grey_image (WfImage * img, guint8 * px, gint w, gint h)
{
  memset (img, 0, sizeof (*img));
  img->format = WF_PIXEL_GRAY8;
  img->width = w;
  img->height = h;
  img->data[0] = px;
  img->stride[0] = w;
}

static void
test_signature (void)
{
  const gint w = 200, h = 200;
  g_autofree guint8 *a = g_malloc (w * h);
  g_autofree guint8 *b = g_malloc (w * h);
  gfloat sa[WF_FACE_SIGNATURE_DIM], sa2[WF_FACE_SIGNATURE_DIM],
      sb[WF_FACE_SIGNATURE_DIM];
  WfRect box = { 40, 40, 100, 100 }, moved = { 43, 42, 100, 100 };
  WfRect outside = { 300, 10, 50, 50 };
  WfImage ia, ib;

  /* two "faces": smooth blobs at different places */
  for (gint y = 0; y < h; y++)
    for (gint x = 0; x < w; x++) {
      a[y * w + x] = (guint8) (128 + 100 * sin (x / 9.0) * cos (y / 13.0));
      b[y * w + x] = (guint8) (128 + 100 * cos (x / 17.0 + 1) *
          sin (y / 7.0));
    }
  grey_image (&ia, a, w, h);
  grey_image (&ib, b, w, h);
  g_assert_true (wf_face_signature (&ia, &box, sa));
  g_assert_true (wf_face_signature (&ia, &moved, sa2));
  g_assert_true (wf_face_signature (&ib, &box, sb));
  g_assert_cmpfloat_with_epsilon (wf_face_signature_similarity (sa, sa), 1.0,
      1e-5);
  g_test_message ("moved 3 px: %.3f; other image: %.3f",
      wf_face_signature_similarity (sa, sa2),
      wf_face_signature_similarity (sa, sb));
  g_assert_cmpfloat (wf_face_signature_similarity (sa, sa2), >, 0.8);
  g_assert_cmpfloat (wf_face_signature_similarity (sa, sb), <, 0.5);
  /* nothing to measure: refused, zero signature */
  g_assert_false (wf_face_signature (&ia, &outside, sb));
  g_assert_cmpfloat (wf_face_signature_similarity (sa, sb), ==, 0.0);
  memset (b, 77, w * h);
  g_assert_false (wf_face_signature (&ib, &box, sb));
}

static void
test_quality (void)
{
  const guint side = 150;
  g_autofree guint8 *sharp = g_malloc (side * side * 3);
  g_autofree guint8 *blurred = g_malloc (side * side * 3);
  gfloat frontal[68 * 2] = { 0 }, profile[68 * 2] = { 0 };
  gdouble qs, qb;

  /* fine detail vs the same smoothed flat */
  for (guint y = 0; y < side; y++)
    for (guint x = 0; x < side; x++) {
      guint8 v = (guint8) (((x / 2 + y / 2) % 2) ? 200 : 60);
      guint8 s = (guint8) (130 + 20 * sin (x / 25.0));
      memset (sharp + (y * side + x) * 3, v, 3);
      memset (blurred + (y * side + x) * 3, s, 3);
    }
  qs = wf_face_quality (sharp, side, NULL);
  qb = wf_face_quality (blurred, side, NULL);
  g_test_message ("sharpness: %.3f vs %.3f", wf_face_chip_sharpness (sharp,
          side), wf_face_chip_sharpness (blurred, side));
  g_assert_cmpfloat (qs, ==, 1.0);
  g_assert_cmpfloat (qb, <, 0.2);

  /* eyes at x 40 and 110, nose tip centred or at the edge */
  frontal[36 * 2] = profile[36 * 2] = 40;
  frontal[45 * 2] = profile[45 * 2] = 110;
  frontal[36 * 2 + 1] = frontal[45 * 2 + 1] = 60;
  profile[36 * 2 + 1] = profile[45 * 2 + 1] = 60;
  frontal[30 * 2] = 75;
  profile[30 * 2] = 106;
  frontal[30 * 2 + 1] = profile[30 * 2 + 1] = 95;
  g_assert_cmpfloat_with_epsilon (wf_face_frontality (frontal), 1.0, 1e-6);
  g_assert_cmpfloat (wf_face_frontality (profile), <, 0.2);
  g_assert_cmpfloat (wf_face_quality (sharp, side, profile), <, 0.2);
  g_assert_cmpfloat (wf_face_quality (sharp, side, frontal), ==, 1.0);
}

/* wf_identity_judge on a real gallery file: the nearest employee, the
 * distance to the claimed one when another is nearer, a break. */
static void
test_judge_gallery (void)
{
  g_autofree gchar *dir = g_dir_make_tmp ("wf-identity-XXXXXX", NULL);
  g_autofree gchar *path = g_build_filename (dir, "g.db", NULL);
  g_autoptr (WfIdentity) id = wf_identity_new ();
  g_autoptr (WfGallery) g = NULL;
  gfloat ada[WF_DESCRIPTOR_DIM] = { 0 }, bob[WF_DESCRIPTOR_DIM] = { 0 };
  gfloat probe[WF_DESCRIPTOR_DIM] = { 0 };
  WfEnrolSample sa = {.descriptor = ada,.source = "a.jpg",.detector = "hog" };
  WfEnrolSample sb = {.descriptor = bob,.source = "b.jpg",.detector = "hog" };
  WfIdentityConfig cfg;
  GError *err = NULL;
  gboolean broke = TRUE;

  ada[0] = 1.0f;
  bob[1] = 1.0f;
  g = wf_gallery_open (path, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_no_error (err);
  g_assert_true (wf_gallery_enroll (g, "ada", "ada", &sa, 1, &err));
  g_assert_true (wf_gallery_enroll (g, "bob", "bob", &sb, 1, &err));
  identity_test_config (&cfg);

  /* 0.2 from ada, about 1.28 from bob: named ada */
  probe[0] = 1.0f;
  probe[2] = 0.2f;
  wf_identity_observe (id, &cfg, 1, 0, &box0, 1.0);
  g_assert_true (wf_identity_judge (id, &cfg, g, probe, 0.9, &broke, NULL,
          &err));
  g_assert_no_error (err);
  g_assert_false (broke);
  expect (id, "ada", WF_IDENTITY_FRESH, 1);
  {
    WfIdentityResult r;
    wf_identity_get (id, &r);
        g_assert_cmpfloat_with_epsilon (r.distance, 0.2, 1e-6);
  }
  /* bob's face on the track: ada is looked up for the claim, the name
   * breaks */
  memset (probe, 0, sizeof (probe));
  probe[1] = 1.0f;
  probe[3] = 0.1f;
  wf_identity_observe (id, &cfg, 6, 0, &box0, 1.0);
  g_assert_true (wf_identity_judge (id, &cfg, g, probe, 0.9, &broke, NULL,
          &err));
  g_assert_no_error (err);
  g_assert_true (broke);
  {
    WfIdentityResult r;
    wf_identity_get (id, &r);
    g_assert_cmpint (r.state, ==, WF_IDENTITY_BROKEN);
    g_assert_cmpstr (r.broken_id, ==, "ada");
  }
  g_clear_object (&g);
  {
    const gchar *suffix[] = { "", "-wal", "-shm" };
    for (guint i = 0; i < G_N_ELEMENTS (suffix); i++) {
      g_autofree gchar *f = g_strconcat (path, suffix[i], NULL);
      g_unlink (f);
    }
  }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/identity/name-and-reverify", test_name_and_reverify);
  g_test_add_func ("/identity/uncertain-association",
      test_uncertain_association);
  g_test_add_func ("/identity/break", test_break_on_disagreement);
  g_test_add_func ("/identity/bad-frames", test_bad_frames);
  g_test_add_func ("/identity/vote-weights", test_vote_weights);
  g_test_add_func ("/identity/signature", test_signature);
  g_test_add_func ("/identity/quality", test_quality);
  g_test_add_func ("/identity/judge-gallery", test_judge_gallery);
  return g_test_run ();
}
