/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The embedder on the 111 images of 19 people in testdata/faces: leave-one-
 * out identification, and how many same-person and different-person pairs
 * fall on the right side of the 0.6 threshold (issue 3: at least 109/111,
 * 98% and 99.9%).  Also: every pixel format gives the descriptor RGB gives.
 */
#include "wf-embedder.h"
#include "wf-model-cache.h"
#include "wf-model-path.h"
#include "wf-test-common.h"
#include "wf-test-faces.h"

#include <math.h>
#include <stdlib.h>

static WfEmbedder *embedder;
static GPtrArray *files;
static gfloat *descriptors;     /* files->len * WF_DESCRIPTOR_DIM */

static void
compute_all (void)
{
  guint detected = 0;

  if (descriptors)
    return;
  descriptors = g_new0 (gfloat, files->len * WF_DESCRIPTOR_DIM);
  for (guint i = 0; i < files->len; i++) {
    WfTestFaceFile *f = g_ptr_array_index (files, i);
    WfTestImage ti;
    WfRect face;
    g_autoptr (GError) error = NULL;

    wf_test_image_load (&ti, f->path, GST_VIDEO_FORMAT_RGB);
    if (wf_test_find_face (&ti.image, &face))
      detected++;
    g_assert_true (wf_embedder_compute (embedder, &ti.image, &face, 1,
            descriptors + i * WF_DESCRIPTOR_DIM, &error));
    g_assert_no_error (error);
    wf_test_image_clear (&ti);
  }
  g_test_message ("%u of %u faces found by HOG, the others are whole-image "
      "crops", detected, files->len);
}

static void
test_identification (void)
{
  guint correct = 0;
  guint same = 0, same_ok = 0, diff = 0, diff_ok = 0;
  gdouble same_max = 0, diff_min = INFINITY;

  compute_all ();
  g_assert_cmpuint (files->len, ==, 111);

  for (guint i = 0; i < files->len; i++) {
    WfTestFaceFile *fi = g_ptr_array_index (files, i);
    gdouble best = INFINITY;
    gint best_j = -1;

    for (guint j = 0; j < files->len; j++) {
      WfTestFaceFile *fj = g_ptr_array_index (files, j);
      gdouble d;

      if (i == j)
        continue;
      d = wf_descriptor_distance (descriptors + i * WF_DESCRIPTOR_DIM,
          descriptors + j * WF_DESCRIPTOR_DIM);
      g_assert_true (isfinite (d));
      if (d < best) {
        best = d;
        best_j = j;
      }
      if (j < i)
        continue;
      if (g_str_equal (fi->identity, fj->identity)) {
        same++;
        same_ok += d < WF_DESCRIPTOR_DEFAULT_THRESHOLD;
        same_max = MAX (same_max, d);
      } else {
        diff++;
        diff_ok += d >= WF_DESCRIPTOR_DEFAULT_THRESHOLD;
        diff_min = MIN (diff_min, d);
      }
    }
    if (g_str_equal (fi->identity,
            ((WfTestFaceFile *) g_ptr_array_index (files, best_j))->identity))
      correct++;
    else
      g_test_message ("misidentified %s as %s (%.3f)", fi->path,
          ((WfTestFaceFile *) g_ptr_array_index (files, best_j))->path, best);
  }

  g_print ("leave-one-out: %u/%u correct; same-person pairs accepted: %u/%u "
      "(%.2f%%, largest %.3f); different-person pairs rejected: %u/%u "
      "(%.3f%%, smallest %.3f)\n", correct, files->len, same_ok, same,
      100.0 * same_ok / same, same_max, diff_ok, diff, 100.0 * diff_ok / diff,
      diff_min);
  g_assert_cmpuint (correct, >=, 109);
  g_assert_cmpfloat ((gdouble) same_ok / same, >=, 0.98);
  g_assert_cmpfloat ((gdouble) diff_ok / diff, >=, 0.999);
}

/* The same photo in every pixel format gives (nearly) the descriptor of its
 * RGB decoding: exactly for the packed RGB orders, within the rounding of
 * the YUV conversion otherwise. */
static void
test_formats (void)
{
  static const struct {
    GstVideoFormat format;
    gdouble tolerance;
  } formats[] = {
    {GST_VIDEO_FORMAT_BGR, 1e-6},
    {GST_VIDEO_FORMAT_RGBx, 1e-6},
    {GST_VIDEO_FORMAT_BGRx, 1e-6},
    {GST_VIDEO_FORMAT_RGBA, 1e-6},
    {GST_VIDEO_FORMAT_BGRA, 1e-6},
    {GST_VIDEO_FORMAT_I420, 0.08},
    {GST_VIDEO_FORMAT_NV12, 0.08},
  };
  g_autofree gchar *photo = wf_test_data_path ("faces/barack_obama/1.jpg");
  g_autofree gchar *grey = wf_test_data_path ("faces/amy/1.jpg");
  gfloat ref[WF_DESCRIPTOR_DIM], d[WF_DESCRIPTOR_DIM];
  WfTestImage ti;
  WfRect face;

  wf_test_image_load (&ti, photo, GST_VIDEO_FORMAT_RGB);
  g_assert_true (wf_test_find_face (&ti.image, &face));
  g_assert_true (wf_embedder_compute (embedder, &ti.image, &face, 1, ref,
          NULL));
  wf_test_image_clear (&ti);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++) {
    gdouble dist;
    wf_test_image_load (&ti, photo, formats[i].format);
    g_assert_true (wf_embedder_compute (embedder, &ti.image, &face, 1, d,
            NULL));
    wf_test_image_clear (&ti);
    dist = wf_descriptor_distance (ref, d);
    g_test_message ("%s: distance to RGB %.6f",
        gst_video_format_to_string (formats[i].format), dist);
    g_assert_cmpfloat (dist, <=, formats[i].tolerance);
  }

  /* A grey picture read as GRAY8 equals its RGB decoding (grey replicated
   * to the three channels). */
  wf_test_image_load (&ti, grey, GST_VIDEO_FORMAT_RGB);
  face = (WfRect) { 0, 0, ti.image.width, ti.image.height };
  g_assert_true (wf_embedder_compute (embedder, &ti.image, &face, 1, ref,
          NULL));
  wf_test_image_clear (&ti);
  wf_test_image_load (&ti, grey, GST_VIDEO_FORMAT_GRAY8);
  g_assert_true (wf_embedder_compute (embedder, &ti.image, &face, 1, d,
          NULL));
  wf_test_image_clear (&ti);
  g_assert_cmpfloat (wf_descriptor_distance (ref, d), <=, 1e-6);
}

/* Two embedders share the cached models; the cache reports their memory. */
static void
test_model_cache (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WfEmbedder) second = wf_embedder_new (NULL, NULL, &error);
  const gchar *resnet = wf_embedder_get_resnet_path (embedder);
  const gchar *landmarks = wf_embedder_get_landmarks_path (embedder);
  g_autoptr (GArray) list = NULL;
  gsize resnet_bytes = 0, landmark_bytes = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (wf_model_cache_users (WF_MODEL_KIND_DLIB_RESNET, resnet),
      ==, 2);
  g_assert_cmpuint (wf_model_cache_users (WF_MODEL_KIND_DLIB_SHAPE_PREDICTOR,
          landmarks), ==, 2);
  list = wf_model_cache_list ();
  for (guint i = 0; i < list->len; i++) {
    WfModelInfo *m = &g_array_index (list, WfModelInfo, i);
    if (g_str_equal (m->kind, WF_MODEL_KIND_DLIB_RESNET))
      resnet_bytes = m->bytes;
    else if (g_str_equal (m->kind, WF_MODEL_KIND_DLIB_SHAPE_PREDICTOR))
      landmark_bytes = m->bytes;
  }
  g_test_message ("cache: resnet %" G_GSIZE_FORMAT " bytes, 68-point "
      "landmarks %" G_GSIZE_FORMAT " bytes", resnet_bytes, landmark_bytes);
  /* 5.6 M float parameters; 68 x 2 16-bit values in each of 120000
   * leaves (the compact predictor, wf-landmarks.h; dlib's held ~70 MB). */
  g_assert_cmpuint (resnet_bytes, >=, 22 * 1000 * 1000);
  g_assert_cmpuint (resnet_bytes, <=, 80 * 1000 * 1000);
  g_assert_cmpuint (landmark_bytes, >=, 32 * 1000 * 1000);
  g_assert_cmpuint (landmark_bytes, <=, 36 * 1000 * 1000);

  g_clear_pointer (&second, wf_embedder_free);
  g_assert_cmpuint (wf_model_cache_users (WF_MODEL_KIND_DLIB_RESNET, resnet),
      ==, 1);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *model = NULL;
  int ret;

  wf_test_require_testdata ();
  model = wf_model_path_find (WF_EMBEDDER_RESNET_MODEL, &error);
  if (model == NULL) {
    g_printerr ("SKIP: %s\n(the build converts it from the npm package "
        "@vladmandic/face-api: run ./models/fetch.sh and reconfigure)\n",
        error->message);
    return 77;
  }
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  files = wf_test_face_files ();
  embedder = wf_embedder_new (NULL, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/recognize/embedder/identification", test_identification);
  g_test_add_func ("/recognize/embedder/formats", test_formats);
  g_test_add_func ("/recognize/embedder/model-cache", test_model_cache);
  ret = g_test_run ();

  wf_embedder_free (embedder);
  g_ptr_array_unref (files);
  g_free (descriptors);
  return ret;
}
