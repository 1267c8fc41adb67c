/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The tiny backend (face-api's tiny face detector on our C path), with the
 * data set-up installs only: it finds the faces of face-api's demo photos
 * that hog finds, in hog's box convention (the landmark predictor's); it
 * finds none on flat or noisy pictures; a broken or huge model file is
 * refused with the reason, at start, and a huge frame costs bounded memory.
 */
#include "config.h"
#include "detect-common.h"
#include "wf-detector.h"
#include "wf-image-file.h"
#include "wf-model-path.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

static GArray *
detect_file (WfDetectorBackend backend, const gchar * path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WfImageFile) file = wf_image_file_load (path, &error);
  g_autoptr (WfDetector) det = NULL;
  WfDetectParams params;
  WfImage view;
  GArray *faces = g_array_new (FALSE, TRUE, sizeof (WfFace));

  g_assert_no_error (error);
  det = wf_detector_new (backend, NULL, &error);
  g_assert_no_error (error);
  wf_image_file_view (file, &view);
  wf_detector_params_init (&params);
  /* what the element gives by default: detect-width 640, upsample auto */
  params.detect_width = 640;
  params.upsample = WF_DETECT_UPSAMPLE_AUTO;
  g_assert_true (wf_detector_detect (det, &view, &params, faces, &error));
  g_assert_no_error (error);
  return faces;
}

static void
test_demo_photos (void)
{
  g_auto (GStrv) photos = detect_face_api_photos ();
  guint hog_faces = 0, paired = 0, tiny_faces = 0;
  gdouble iou_sum = 0;

  if (!photos)
    return;
  if (!HAVE_DLIB) {
    g_test_skip ("hog, the reference, is not built in");
    return;
  }
  for (guint i = 0; photos[i]; i++) {
    g_autoptr (GArray) tiny = detect_file (WF_DETECTOR_TINY, photos[i]);
    g_autoptr (GArray) hog = detect_file (WF_DETECTOR_HOG, photos[i]);

    tiny_faces += tiny->len;
    for (guint h = 0; h < hog->len; h++) {
      const WfRect *a = &g_array_index (hog, WfFace, h).box;
      gdouble best = 0;
      for (guint t = 0; t < tiny->len; t++) {
        const WfRect *b = &g_array_index (tiny, WfFace, t).box;
        best = MAX (best, detect_iou (a->x, a->y, a->w, a->h, b->x, b->y,
                b->w, b->h));
      }
      hog_faces++;
      if (best >= 0.5) {
        paired++;
        iou_sum += best;
      }
    }
    for (guint t = 0; t < tiny->len; t++) {
      const WfFace *f = &g_array_index (tiny, WfFace, t);
      g_assert_cmpfloat (f->confidence, >=, 0.4);
      g_assert_cmpfloat (f->confidence, <=, 1.0);
      g_assert_false (f->has_landmarks);
    }
  }
  g_test_message ("tiny: %u of hog's %u faces within IoU 0.5 (mean %.2f), "
      "%u boxes", paired, hog_faces, paired ? iou_sum / paired : 0,
      tiny_faces);
  /* measured: all 19 of hog's faces, mean IoU 0.74 after the mapping to
   * hog's convention (0.59 before it, on the VOC photos), and 3 boxes more
   * that hog has not: not judged here (no truth for these photos; the VOC
   * test counts false boxes against its truth) but bounded */
  g_assert_cmpuint (hog_faces, >=, 6);
  g_assert_cmpuint (paired, ==, hog_faces);
  g_assert_cmpfloat (iou_sum / paired, >=, 0.6);
  g_assert_cmpuint (tiny_faces, <=, hog_faces + 3);
}

static void
test_no_face (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WfDetector) det = wf_detector_new (WF_DETECTOR_TINY, NULL,
      &error);
  g_autoptr (GArray) faces = g_array_new (FALSE, TRUE, sizeof (WfFace));
  g_autofree guint8 *px = g_malloc (640 * 360 * 3);
  GRand *rand = g_rand_new_with_seed (7);
  WfDetectParams params;
  WfImage img = { WF_PIXEL_RGB, 640, 360, {px}, {640 * 3}, FALSE };

  g_assert_no_error (error);
  wf_detector_params_init (&params);
  for (guint round = 0; round < 3; round++) {
    for (gsize i = 0; i < 640 * 360 * 3; i++)
      px[i] = round == 0 ? 0 : round == 1 ? 200 :
          (guint8) g_rand_int_range (rand, 0, 256);
    g_assert_true (wf_detector_detect (det, &img, &params, faces, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (faces->len, ==, 0);
  }
  /* too small to hold a face: nothing, no error */
  img.width = img.height = 8;
  g_assert_true (wf_detector_detect (det, &img, &params, faces, &error));
  g_assert_cmpuint (faces->len, ==, 0);
  g_rand_free (rand);
}

static void
expect_refused (const gchar * dir, const gchar * name, const guint8 * data,
    gsize len, const gchar * reason)
{
  g_autofree gchar *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (WfDetector) det = NULL;

  g_assert_true (g_file_set_contents (path, (const gchar *) data,
          (gssize) len, NULL));
  det = wf_detector_new (WF_DETECTOR_TINY, path, &error);
  g_assert_null (det);
  g_assert_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_MODEL);
  g_test_message ("%s: %s", name, error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, reason));
  g_unlink (path);
}

static void
test_bad_model (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *good = wf_model_path_find ("wf_tiny_face_detector.wft",
      &error);
  g_autofree gchar *dir = g_dir_make_tmp ("wf-tiny-XXXXXX", NULL);
  g_autofree gchar *data = NULL;
  gsize len;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (good, &data, &len, NULL));
  g_assert_cmpuint (len, >, 16);

  expect_refused (dir, "empty.wft", (const guint8 *) "", 0, "is empty");
  expect_refused (dir, "short.wft", (const guint8 *) "WFTINY", 6,
      "not a tiny face detector file");
  expect_refused (dir, "magic.wft", (const guint8 *) "WFTINYF2xxxxxxxx", 16,
      "not a tiny face detector file");
  expect_refused (dir, "truncated.wft", (const guint8 *) data, len / 2,
      "not the");
  {
    g_autofree guint8 *nan = g_memdup2 (data, len);
    const guint32 bits = GUINT32_TO_LE (0x7fc00000);
    memcpy (nan + 12 + 4 * 100, &bits, 4);
    expect_refused (dir, "nan.wft", nan, len, "not a finite number");
  }
  {
    /* a huge file with a good header is refused from its size, before any
     * of it is read (sparse: costs no disk) */
    g_autofree gchar *path = g_build_filename (dir, "huge.wft", NULL);
    g_autoptr (WfDetector) det = NULL;
    g_autoptr (GError) err = NULL;
    gint64 t0;
    FILE *fp = g_fopen (path, "wb");
    g_assert_nonnull (fp);
    g_assert_cmpuint (fwrite (data, 1, 12, fp), ==, 12);
    g_assert_cmpint (fseeko (fp, (off_t) 4 << 30, SEEK_SET), ==, 0);
    g_assert_cmpuint (fwrite ("x", 1, 1, fp), ==, 1);
    fclose (fp);
    t0 = g_get_monotonic_time ();
    det = wf_detector_new (WF_DETECTOR_TINY, path, &err);
    g_assert_null (det);
    g_assert_error (err, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_MODEL);
    g_assert_nonnull (strstr (err->message, "not the"));
    /* reading 4 GB would take far longer than a second */
    g_assert_cmpint (g_get_monotonic_time () - t0, <, G_USEC_PER_SEC);
    g_unlink (path);
  }
  g_rmdir (dir);
}

static glong
peak_rss_kb (void)
{
  struct rusage ru;
  g_assert_cmpint (getrusage (RUSAGE_SELF, &ru), ==, 0);
  return ru.ru_maxrss;
}

/* A huge frame with detect-width 0 (the frame's own width) and upsample 2
 * asks for a 13000-pixel network input (GBs of buffers): the network gets at
 * most WF_TINY_MAX_SIDE, so the peak grows by far less. */
static void
test_huge_frame (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WfDetector) det = wf_detector_new (WF_DETECTOR_TINY, NULL,
      &error);
  g_autoptr (GArray) faces = g_array_new (FALSE, TRUE, sizeof (WfFace));
  const gint w = 3840, h = 2160;
  g_autofree guint8 *px = g_malloc0 ((gsize) w * h * 3);
  WfImage img = { WF_PIXEL_RGB, w, h, {px}, {w * 3}, FALSE };
  WfDetectParams params;
  glong before;

  g_assert_no_error (error);
  wf_detector_params_init (&params);
  params.detect_width = 0;
  params.upsample = 2;
  /* touch the frame so that it is counted before */
  memset (px, 90, (gsize) w * h * 3);
  before = peak_rss_kb ();
  g_assert_true (wf_detector_detect (det, &img, &params, faces, &error));
  g_assert_no_error (error);
  g_test_message ("peak grew by %ld MB", (peak_rss_kb () - before) / 1024);
  /* the network's buffers at 1280 x 736 are about 60 MB; the front's
   * converted copy of the frame 25 MB */
  g_assert_cmpint (peak_rss_kb () - before, <, 200 * 1024);
}

static void
test_not_built (void)
{
  g_test_skip ("the tiny backend is not built in (no BLAS)");
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  if (!wf_detector_backend_available (WF_DETECTOR_TINY)) {
    g_test_add_func ("/tiny/not-built", test_not_built);
    return g_test_run ();
  }
  g_test_add_func ("/tiny/demo-photos-as-hog", test_demo_photos);
  g_test_add_func ("/tiny/no-face", test_no_face);
  g_test_add_func ("/tiny/bad-model", test_bad_model);
  g_test_add_func ("/tiny/huge-frame", test_huge_frame);
  return g_test_run ();
}
