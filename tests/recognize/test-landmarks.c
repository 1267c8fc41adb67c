/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The compact landmark predictor (src/recognize/wf-landmarks.h) against
 * dlib's own shape_predictor, on real faces: the 111 photos of
 * testdata/faces (HOG boxes, or the whole tight crop) and the 43 small faces
 * of the VOC scenes (boxes from dlib_voc_face_boxes.csv).  Also: what the
 * model costs in memory, at its peak while loading too, descriptors against
 * the dlib-landmark path, and corrupt files.
 */
#include "wf-embedder.h"
#include "wf-landmarks.h"
#include "wf-memstats.h"
#include "wf-model-path.h"
#include "wf-test-common.h"
#include "wf-test-dlib-landmarks.h"
#include "wf-test-faces.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static gchar *model_path;

typedef struct {
  gchar *path;
  glong left, top, right, bottom;       /* dlib rectangle, inclusive */
} Face;

static GArray *faces;           /* of Face */

static void
face_clear (gpointer data)
{
  g_free (((Face *) data)->path);
}

static void
collect_faces (void)
{
  g_autoptr (GPtrArray) files = wf_test_face_files ();
  g_autofree gchar *csv_path =
      wf_test_data_path ("scenes/dlib_voc_face_boxes.csv");
  g_autofree gchar *csv = NULL;
  g_auto (GStrv) lines = NULL;

  faces = g_array_new (FALSE, TRUE, sizeof (Face));
  g_array_set_clear_func (faces, face_clear);
  for (guint i = 0; i < files->len; i++) {
    WfTestFaceFile *f = g_ptr_array_index (files, i);
    WfTestImage ti;
    WfRect r;
    /* The box the embedder makes of a WfRect. */
    Face face;

    wf_test_image_load (&ti, f->path, GST_VIDEO_FORMAT_RGB);
    wf_test_find_face (&ti.image, &r);
    wf_test_image_clear (&ti);
    face.path = g_strdup (f->path);
    face.left = lround (r.x);
    face.top = lround (r.y);
    face.right = lround (r.x + r.w) - 1;
    face.bottom = lround (r.y + r.h) - 1;
    g_array_append_val (faces, face);
  }

  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++) {
    g_auto (GStrv) col = g_strsplit (lines[i], ",", -1);
    g_autofree gchar *rel = NULL;
    Face face;

    if (g_strv_length (col) < 8)
      continue;
    rel = g_build_filename ("scenes", col[0], NULL);
    face.path = wf_test_data_path (rel);
    face.left = atol (col[3]);
    face.top = atol (col[4]);
    face.right = face.left + atol (col[5]) - 1;
    face.bottom = face.top + atol (col[6]) - 1;
    g_array_append_val (faces, face);
  }
  g_test_message ("%u faces (%u photos, %u scene faces)", faces->len,
      files->len, faces->len - files->len);
}

static gdouble
distance_sum (const gfloat * a, const gfloat * b, guint n, gdouble * max)
{
  gdouble sum = 0;

  for (guint k = 0; k < n; k++) {
    gdouble d = hypot (a[2 * k] - b[2 * k], a[2 * k + 1] - b[2 * k + 1]);
    sum += d;
    *max = MAX (*max, d);
  }
  return sum;
}

/* Same landmarks as dlib's predictor, within what 16-bit leaf values move.
 * dlib gives whole pixels: ours are compared rounded the same way (as the
 * embedder uses them).  The regression forests are chaotic: a shape that
 * moves by a hair can move a feature pixel by one, take another branch and
 * end a few pixels away, so a few faces differ by more than a pixel.  The
 * yardstick, measured in the same run: how far dlib's own landmarks move
 * when the face box moves by one pixel, which any two face detectors (or
 * two frames) do all the time. */
static void
test_agree_with_dlib (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WfLandmarks) lm = wf_landmarks_load (model_path, &error);
  WfTestDlibLandmarks *ref;
  guint n, points = 0, same = 0, faces_off = 0;
  gdouble sum = 0, max = 0, sum_raw = 0, jitter = 0, jitter_max = 0;

  g_assert_no_error (error);
  ref = wf_test_dlib_landmarks_new (model_path);
  n = wf_landmarks_n_points (lm);
  g_assert_cmpuint (n, ==, 68);
  g_assert_cmpuint (wf_test_dlib_landmarks_n_points (ref), ==, n);

  for (guint i = 0; i < faces->len; i++) {
    Face *f = &g_array_index (faces, Face, i);
    WfTestImage ti;
    g_autofree guint8 *grey = NULL;
    gfloat ours[2 * 68], theirs[2 * 68];

    wf_test_image_load (&ti, f->path, GST_VIDEO_FORMAT_RGB);
    grey = wf_test_image_grey (&ti.image);
    wf_landmarks_predict (lm, grey, ti.image.width, ti.image.height,
        ti.image.width, f->left, f->top, f->right, f->bottom, ours);
    wf_test_dlib_landmarks_predict (ref, grey, ti.image.width,
        ti.image.height, ti.image.width, f->left, f->top, f->right,
        f->bottom, theirs);
    {
      gfloat shifted[2 * 68];
      gdouble face_max = 0;

      wf_test_dlib_landmarks_predict (ref, grey, ti.image.width,
          ti.image.height, ti.image.width, f->left + 1, f->top, f->right + 1,
          f->bottom, shifted);
      /* Less the shift itself. */
      for (guint k = 0; k < n; k++)
        shifted[2 * k] -= 1;
      jitter += distance_sum (shifted, theirs, n, &jitter_max);
      distance_sum (ours, theirs, n, &face_max);
      faces_off += face_max > 1.0;
    }
    for (guint k = 0; k < n; k++) {
      gdouble dx = floor (ours[2 * k] + 0.5) - theirs[2 * k];
      gdouble dy = floor (ours[2 * k + 1] + 0.5) - theirs[2 * k + 1];
      gdouble d = sqrt (dx * dx + dy * dy);

      sum += d;
      max = MAX (max, d);
      same += d == 0;
      sum_raw += hypot (ours[2 * k] - theirs[2 * k],
          ours[2 * k + 1] - theirs[2 * k + 1]);
      points++;
    }
    wf_test_image_clear (&ti);
  }
  wf_test_dlib_landmarks_free (ref);

  g_test_message ("%u landmarks: %u identical to dlib's (%.2f%%), mean "
      "distance %.4f px, max %.3f px (unrounded: mean %.3f px); %u of %u "
      "faces have a landmark more than a pixel off", points, same,
      100.0 * same / points, sum / points, max, sum_raw / points, faces_off,
      faces->len);
  g_test_message ("dlib itself, box moved by one pixel: mean %.4f px, max "
      "%.3f px", jitter / points, jitter_max);
  g_assert_cmpuint (points, ==, faces->len * 68);
  /* Measured: 93.65% identical, mean 0.077 px, max 4.1 px, 14 faces; the
   * one-pixel yardstick moves dlib's landmarks by 1.31 px on average, 12.5
   * px at most.  (IEEE half leaves: 80% identical, mean 0.27 px, max 9.8
   * px; full floats: all identical.) */
  g_assert_cmpfloat ((gdouble) same / points, >=, 0.90);
  g_assert_cmpfloat (sum / points, <, 0.1);
  g_assert_cmpfloat (sum / points, <, 0.2 * jitter / points);
  g_assert_cmpfloat (max, <, jitter_max);
  g_assert_cmpuint (faces_off, <=, faces->len / 8);
}

/* The descriptors the two predictors' landmarks lead to: the same chips
 * (dlib's get_face_chip_details and extract_image_chip) cut around ours,
 * rounded as the embedder rounds them, and around dlib's, then the same
 * network.  Yardstick as above: dlib's landmarks for a box one pixel off. */
static void
test_descriptors (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WfEmbedder) e = NULL;
  g_autoptr (WfLandmarks) lm = NULL;
  g_autofree gchar *resnet = wf_model_path_find (WF_EMBEDDER_RESNET_MODEL,
      NULL);
  WfTestDlibLandmarks *ref;
  gdouble sum = 0, max = 0, jitter = 0, jitter_max = 0;
  guint n = 0, zero = 0;

  if (resnet == NULL) {
    g_test_skip ("no face recognition network (./models/fetch.sh, then "
        "reconfigure)");
    return;
  }
  e = wf_embedder_new (resnet, model_path, &error);
  g_assert_no_error (error);
  lm = wf_landmarks_load (model_path, &error);
  g_assert_no_error (error);
  ref = wf_test_dlib_landmarks_new (model_path);

  for (guint i = 0; i < faces->len; i++) {
    Face *f = &g_array_index (faces, Face, i);
    WfTestImage ti;
    g_autofree guint8 *grey = NULL;
    gfloat pts[2 * 68];
    gfloat d_ours[WF_DESCRIPTOR_DIM], d_dlib[WF_DESCRIPTOR_DIM];
    gfloat d_shift[WF_DESCRIPTOR_DIM];
    guint8 chip[WF_EMBEDDER_CHIP_BYTES];
    gdouble d;

    wf_test_image_load (&ti, f->path, GST_VIDEO_FORMAT_RGB);
    grey = wf_test_image_grey (&ti.image);

    wf_landmarks_predict (lm, grey, ti.image.width, ti.image.height,
        ti.image.width, f->left, f->top, f->right, f->bottom, pts);
    for (guint k = 0; k < 2 * 68; k++)
      pts[k] = floor (pts[k] + 0.5);
    wf_test_dlib_chip (&ti.image, pts, 68, chip);
    g_assert_true (wf_embedder_compute_chips (e, chip, 1, d_ours, &error));

    wf_test_dlib_landmarks_predict (ref, grey, ti.image.width,
        ti.image.height, ti.image.width, f->left, f->top, f->right,
        f->bottom, pts);
    wf_test_dlib_chip (&ti.image, pts, 68, chip);
    g_assert_true (wf_embedder_compute_chips (e, chip, 1, d_dlib, &error));

    wf_test_dlib_landmarks_predict (ref, grey, ti.image.width,
        ti.image.height, ti.image.width, f->left + 1, f->top, f->right + 1,
        f->bottom, pts);
    wf_test_dlib_chip (&ti.image, pts, 68, chip);
    g_assert_true (wf_embedder_compute_chips (e, chip, 1, d_shift, &error));
    g_assert_no_error (error);

    d = wf_descriptor_distance (d_ours, d_dlib);
    sum += d;
    max = MAX (max, d);
    zero += d == 0;
    d = wf_descriptor_distance (d_shift, d_dlib);
    jitter += d;
    jitter_max = MAX (jitter_max, d);
    n++;
    wf_test_image_clear (&ti);
  }
  wf_test_dlib_landmarks_free (ref);

  g_test_message ("%u faces: descriptor distance to the dlib-landmark path "
      "mean %.5f, max %.5f, %u identical; dlib with the box one pixel off: "
      "mean %.5f, max %.5f", n, sum / n, max, zero, jitter / n, jitter_max);
  /* Measured: mean 0.0053, max 0.072, 120 of 154 identical; a pixel of
   * box: mean 0.042, max 0.21; the match threshold: 0.6. */
  g_assert_cmpfloat (sum / n, <, 0.01);
  g_assert_cmpfloat (max, <, 0.1);
  g_assert_cmpfloat (sum / n, <, 0.2 * jitter / n);
}

/* The model holds 16-bit leaves: about 33 MB for the 68-point model where
 * dlib holds about 70 MB, and loading never goes much above that. */
static void
test_memory (void)
{
  if (g_test_subprocess ()) {
    g_autoptr (GError) error = NULL;
    WfLandmarks *lm;
    WfMemStats before, after;
    gsize bytes;

    g_assert_true (wf_memstats_read (&before, NULL));
    lm = wf_landmarks_load (model_path, &error);
    g_assert_no_error (error);
    g_assert_true (wf_memstats_read (&after, NULL));
    bytes = wf_landmarks_bytes (lm);
    g_printerr ("model %" G_GSIZE_FORMAT " bytes; peak RSS grew %"
        G_GUINT64_FORMAT " bytes while loading, RSS %" G_GUINT64_FORMAT
        "\n", bytes, after.vm_hwm - before.vm_hwm,
        after.vm_rss - before.vm_rss);
    /* 15 cascades x 500 trees x 16 leaves x 136 values x 2 bytes, a float
     * scale per leaf, the splits and features: 33-35 MB. */
    g_assert_cmpuint (bytes, >=, 15 * 500 * 16 * 136 * 2);
    g_assert_cmpuint (bytes, <=, 36 * 1000 * 1000);
    /* The peak, not only what stays: streaming, the full-precision model
     * (65 MB of leaf floats alone) is never in memory.  Sanitizer builds
     * add shadow memory (1/8) and redzones. */
    g_assert_cmpuint (after.vm_hwm - before.vm_hwm, <=, bytes * 5 / 4
        + 4 * 1000 * 1000);
    wf_landmarks_free (lm);
    return;
  }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC,
      G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Writes the first @len bytes of the model (with @flip, when >= 0, the
 * byte there inverted) to a temporary file. */
static gchar *
write_copy (const gchar * contents, gsize len, gssize flip, const gchar * name)
{
  g_autofree gchar *dir = g_dir_make_tmp ("wf-landmarks-XXXXXX", NULL);
  gchar *path = g_build_filename (dir, name, NULL);
  g_autofree gchar *copy = g_memdup2 (contents, len);

  if (flip >= 0)
    copy[flip] = ~copy[flip];
  g_assert_true (g_file_set_contents (path, copy, len, NULL));
  return path;
}

static void
remove_copy (const gchar * path)
{
  g_autofree gchar *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static void
assert_refused (const gchar * path, const gchar * says)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *base = g_path_get_basename (path);
  WfLandmarks *lm = wf_landmarks_load (path, &error);

  g_assert_null (lm);
  g_assert_error (error, WF_LANDMARKS_ERROR, WF_LANDMARKS_ERROR_MODEL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, base));
  g_assert_nonnull (strstr (error->message, says));
}

static void
test_corrupt (void)
{
  g_autofree gchar *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize len;
  struct {
    gsize keep;                 /* bytes kept; 0 = all */
    gssize flip;
    const gchar *name, *says;
  } cases[] = {
    {1, -1, "one-byte.dat", "truncated"},
    {300, -1, "in-initial-shape.dat", "truncated or corrupt (reading "
          "stopped in the initial shape)"},
    {5 * 1000 * 1000, -1, "in-cascade-0.dat", "stopped in the cascade 0, "},
    {0, 1, "version.dat", "version 254"},
    /* The file ends with the features' offsets, after the forests. */
    {0, -2, "in-offsets.dat", "feature offsets"},
  };

  g_assert_true (g_file_get_contents (model_path, &contents, &len, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    gsize keep = cases[i].keep ? cases[i].keep : len;
    g_autofree gchar *path = NULL;

    if (cases[i].flip == -2)
      keep = len - 1000;
    path = write_copy (contents, keep, cases[i].flip, cases[i].name);
    assert_refused (path, cases[i].says);
    remove_copy (path);
  }
  g_clear_pointer (&contents, g_free);

  /* A JPEG, an empty file, a missing one. */
  {
    g_autofree gchar *jpeg = wf_test_data_path ("faces/barack_obama/1.jpg");
    g_autofree gchar *empty = write_copy ("", 0, -1, "empty.dat");
    g_autofree gchar *dir = g_dir_make_tmp ("wf-landmarks-XXXXXX", NULL);
    g_autofree gchar *missing = g_build_filename (dir, "missing.dat", NULL);

    assert_refused (jpeg, "not a usable dlib shape predictor");
    assert_refused (empty, "truncated");
    remove_copy (empty);
    g_assert_null (wf_landmarks_load (missing, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_assert_nonnull (strstr (error->message, "missing.dat"));
    g_rmdir (dir);
  }
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int ret;

  wf_test_require_testdata ();
  model_path = wf_model_path_find (WF_EMBEDDER_LANDMARKS_MODEL, &error);
  if (model_path == NULL) {
    g_printerr ("SKIP: %s\n(Debian package libdlib-data)\n", error->message);
    return 77;
  }
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  if (!g_test_subprocess ())
    collect_faces ();
  g_test_add_func ("/recognize/landmarks/memory", test_memory);
  g_test_add_func ("/recognize/landmarks/agree-with-dlib",
      test_agree_with_dlib);
  g_test_add_func ("/recognize/landmarks/descriptors", test_descriptors);
  g_test_add_func ("/recognize/landmarks/corrupt", test_corrupt);
  ret = g_test_run ();

  g_clear_pointer (&faces, g_array_unref);
  g_free (model_path);
  return ret;
}
