/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The hog backend searched by two threads (threads=2: the two largest
 * pyramid levels on one, the rest on the other, detections merged and
 * suppressed together) must give the faces of dlib's single pass
 * (threads=1): the same number, each box within 2 px and the same score.
 * On the nine VOC photos doubled once (1000x750, the default for them) and
 * on one frame of each of the six photos of the 640x360 test video.
 */
#include "config.h"
#include "detect-common.h"

#include <math.h>
#include <string.h>

#include "wf-detector.h"
#include "wf-test-common.h"

#define MAX_PX_DIFF 2.0
/* HOG's 80 px window is 80, 96, 115... px at pyramid levels 0, 1, 2...: a
 * box wider than this comes from the second thread's part */
#define FAR_LEVEL_WIDTH 105

static guint far_faces;

static const gchar *voc_images[] = {
  "dlib_voc_2007_007763.jpg", "dlib_voc_2008_001009.jpg",
  "dlib_voc_2008_001322.jpg", "dlib_voc_2008_002079.jpg",
  "dlib_voc_2008_002470.jpg", "dlib_voc_2008_002506.jpg",
  "dlib_voc_2008_004176.jpg", "dlib_voc_2008_007676.jpg",
  "dlib_voc_2009_004587.jpg",
};

static GArray *
detect (WfDetector * det, const WfImage * img, gint upsample, gint threads)
{
  GArray *faces = g_array_new (FALSE, TRUE, sizeof (WfFace));
  WfDetectParams params;
  GError *err = NULL;

  wf_detector_params_init (&params);
  params.detect_width = 0;
  params.upsample = upsample;
  params.threads = threads;
  g_assert_true (wf_detector_detect (det, img, &params, faces, &err));
  g_assert_no_error (err);
  return faces;
}

/* Every single-threaded face has its twin with two threads, with the same
 * score (the same window of the same filter); returns how many faces. */
static guint
compare (const gchar * what, GArray * one, GArray * two)
{
  guint twins[128];
  guint n;

  g_test_message ("%s: %u faces single-threaded, %u with two threads", what,
      one->len, two->len);
  /* (it fails the test beyond 127 faces) */
  n = detect_faces_match (what, one, two, MAX_PX_DIFF, 1e-5, twins);
  for (guint i = 0; i < n; i++)
    if (g_array_index (two, WfFace, twins[i]).box.w > FAR_LEVEL_WIDTH)
      far_faces++;
  return n;
}

static void
test_voc (void)
{
  g_autoptr (WfDetector) det = NULL;
  GError *err = NULL;
  guint total = 0;

  if (!detect_have_scenes (voc_images, G_N_ELEMENTS (voc_images)))
    return;
  det = wf_detector_new (WF_DETECTOR_HOG, NULL, &err);
  g_assert_no_error (err);
  far_faces = 0;

  for (guint i = 0; i < G_N_ELEMENTS (voc_images); i++) {
    GstVideoFrame frame;
    GArray *one, *two;
    WfImage img;

    detect_grey_scene (voc_images[i], &frame, &img);
    one = detect (det, &img, 1, 1);
    two = detect (det, &img, 1, 2);
    total += compare (voc_images[i], one, two);
    g_array_unref (one);
    g_array_unref (two);
    detect_grey_scene_clear (&frame);
  }
  /* dlib's count on these photos (test-detect-voc, hog-upsample1) */
  g_assert_cmpuint (total, ==, 43);
  /* both parts of the split found faces */
  g_test_message ("%u faces from pyramid level 2 or further", far_faces);
  g_assert_cmpuint (far_faces, >, 0);
  g_assert_cmpuint (far_faces, <, total);
}

/* face-api's six demo photos, the data where ../shared is absent: the same
 * faces with one thread and two. */
static void
test_face_api_photos (void)
{
  g_auto (GStrv) photos = detect_face_api_photos ();
  g_autoptr (WfDetector) det = NULL;
  GError *err = NULL;
  guint total = 0;

  if (!photos)
    return;
  det = wf_detector_new (WF_DETECTOR_HOG, NULL, &err);
  g_assert_no_error (err);
  far_faces = 0;
  for (guint i = 0; photos[i]; i++) {
    GstVideoFrame frame;
    GArray *one, *two;
    WfImage img;

    detect_grey_file (photos[i], &frame, &img);
    one = detect (det, &img, 1, 1);
    two = detect (det, &img, 1, 2);
    total += compare (photos[i], one, two);
    g_array_unref (one);
    g_array_unref (two);
    detect_grey_scene_clear (&frame);
  }
  /* not a recall test, but every photo shows at least one face */
  g_assert_cmpuint (total, >=, 6);
}

static void
test_video_frames (void)
{
  g_autofree gchar *path =
      wf_test_data_path ("video/faces_640x360_15fps_30s.mp4");
  g_autofree gchar *desc = NULL;
  g_autoptr (WfDetector) det = NULL;
  GstElement *pipeline, *sink;
  GError *err = NULL;
  guint n = 0, compared = 0, total = 0;
  /* frames per photo: 75 in the shared video (15 fps, 5 s), 40 in the
   * build's demo video made from face-api's photos (10 fps, 4 s) */
  guint period = 75;

  if (!g_file_test (path, G_FILE_TEST_EXISTS)) {
    const gchar *build = g_getenv ("WF_BUILD_ROOT");
    g_autofree gchar *demo = g_build_filename (build ? build : "", "models",
        "demo.mkv", NULL);

    if (!g_file_test (demo, G_FILE_TEST_EXISTS)) {
      g_test_skip_printf ("neither %s (shared test data) nor the demo video "
          "%s (./models/fetch.sh)", path, demo);
      return;
    }
    g_test_message ("%s absent: the demo video %s", path, demo);
    g_free (path);
    path = g_steal_pointer (&demo);
    period = 40;
  }
  det = wf_detector_new (WF_DETECTOR_HOG, NULL, &err);
  g_assert_no_error (err);

  desc = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! videoconvert"
      " ! video/x-raw,format=GRAY8 ! appsink name=sink sync=false", path);
  pipeline = gst_parse_launch (desc, &err);
  g_assert_no_error (err);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=,
      GST_STATE_CHANGE_FAILURE);

  /* six photos shown @period frames each: one frame from the middle of
   * each */
  while (compared < 6) {
    GstSample *sample = NULL;
    GstVideoInfo info;
    GstVideoFrame frame;
    GArray *one, *two;
    WfImage img;
    gchar what[32];

    /* the action signal: no link to gstreamer-app needed */
    g_signal_emit_by_name (sink, "pull-sample", &sample);
    g_assert_nonnull (sample);
    if (n++ % period != period / 2) {
      gst_sample_unref (sample);
      continue;
    }
    g_assert_true (gst_video_info_from_caps (&info,
            gst_sample_get_caps (sample)));
    g_assert_cmpint (info.width, ==, 640);
    g_assert_true (gst_video_frame_map (&frame, &info,
            gst_sample_get_buffer (sample), GST_MAP_READ));
    detect_grey_view (&frame, &img);
    one = detect (det, &img, 0, 1);
    two = detect (det, &img, 0, 2);
    g_snprintf (what, sizeof (what), "frame %u", n - 1);
    total += compare (what, one, two);
    g_array_unref (one);
    g_array_unref (two);
    gst_video_frame_unmap (&frame);
    gst_sample_unref (sample);
    compared++;
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  /* not a recall test: the frames must have faces to compare */
  g_assert_cmpuint (total, >=, 6);
}

static void
test_auto_threads (void)
{
  gint n = wf_detector_auto_threads ();

  g_assert_cmpint (n, >=, 1);
  g_assert_cmpint (n, <=, WF_DETECT_MAX_THREADS);
  g_assert_cmpint (n, ==, MIN ((gint) g_get_num_processors (),
          WF_DETECT_MAX_THREADS));
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/detect/threads/auto", test_auto_threads);
  if (HAVE_DLIB) {
    g_test_add_func ("/detect/threads/voc-same-faces", test_voc);
    g_test_add_func ("/detect/threads/video-same-faces", test_video_frames);
    g_test_add_func ("/detect/threads/face-api-same-faces",
        test_face_api_photos);
  }
  return g_test_run ();
}
