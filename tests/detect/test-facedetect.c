/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The facedetect element on real images: metadata and messages field by
 * field, formats, carried boxes, model sharing, bad input and every error
 * path.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "detect-common.h"
#include "wf-detector.h"
#include "wf-meta.h"
#include "wf-model-cache.h"
#include "wf-model-path.h"
#include "wf-test-common.h"

#define TWO_FACES "scenes/dlib_voc_2008_001009.jpg"
#define SIX_FACES "scenes/dlib_voc_2008_002079.jpg"

/* The element that answers to "facedetect" must be ours (the name clash
 * with gst-plugins-bad, see test-facedetect-clash). */
static void
test_factory_is_ours (void)
{
  GstElementFactory *f = gst_element_factory_find ("facedetect");
  GstPlugin *plugin;

  g_assert_nonnull (f);
  g_assert_cmpstr (gst_plugin_feature_get_plugin_name (GST_PLUGIN_FEATURE (f)),
      ==, "workforce");
  plugin = gst_plugin_feature_get_plugin (GST_PLUGIN_FEATURE (f));
  g_assert_true (g_str_has_prefix (gst_plugin_get_filename (plugin),
          g_getenv ("WF_PLUGIN_DIR")));
  gst_object_unref (plugin);
  gst_object_unref (f);
}

static void
test_dogs_no_faces (void)
{
  GArray *faces;
  if (!wf_test_have_data ("scenes/dlib_dogs_no_faces.jpg", NULL))
    return;

  if (!HAVE_DLIB) {
    g_test_skip ("no dlib");
    return;
  }
  faces = detect_image ("scenes/dlib_dogs_no_faces.jpg", GST_VIDEO_FORMAT_I420,
      "backend=hog");
  g_assert_cmpuint (faces->len, ==, 0);
  g_array_unref (faces);
  faces = detect_image ("scenes/dlib_dogs_no_faces.jpg", GST_VIDEO_FORMAT_RGB,
      "backend=hog upsample=1");
  g_assert_cmpuint (faces->len, ==, 0);
  g_array_unref (faces);
}

static void
test_metadata_fields (void)
{
  g_autofree gchar *path = wf_test_data_path (SIX_FACES);
  GstVideoInfo info;
  GstBuffer *buf = wf_test_load_image (path, GST_VIDEO_FORMAT_I420, 0, 0,
      &info);
  const gchar *backend = HAVE_DLIB ? "hog" : "haar";
  g_autofree gchar *props = g_strdup_printf ("backend=%s upsample=1 "
      "detect-width=0", backend);
  GstHarness *h = detect_harness_new (props, &info);
  GstBus *bus = gst_bus_new ();
  GstBuffer *out;
  GstMessage *msg;
  const GstStructure *s;
  const GValue *list;
  GstVideoRegionOfInterestMeta *meta;
  gpointer state = NULL;
  guint n_meta = 0;
  GstClockTime ts;

  gst_element_set_bus (h->element, bus);
  GST_BUFFER_PTS (buf) = 2 * GST_SECOND;
  GST_BUFFER_DURATION (buf) = GST_SECOND / 30;
  g_assert_cmpint (gst_harness_push (h, gst_buffer_ref (buf)), ==,
      GST_FLOW_OK);
  out = gst_harness_pull (h);

  /* metadata: one ROI per face, pixel box matching the normalised one */
  while ((meta = (GstVideoRegionOfInterestMeta *)
          gst_buffer_iterate_meta_filtered (out, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstStructure *d = gst_video_region_of_interest_meta_get_param (meta,
        WF_PARAM_DETECTION);
    gdouble conf, x, y, w, hh;
    gboolean carried;

    g_assert_cmpstr (g_quark_to_string (meta->roi_type), ==, WF_ROI_TYPE_FACE);
    g_assert_nonnull (d);
    g_assert_cmpint (gst_structure_n_fields (d), ==, 7);
    g_assert_true (gst_structure_get_double (d, WF_FIELD_CONFIDENCE, &conf));
    g_assert_cmpfloat (conf, >=, 0.5);
    g_assert_cmpfloat (conf, <=, 1.0);
    g_assert_true (gst_structure_get_double (d, WF_FIELD_X, &x));
    g_assert_true (gst_structure_get_double (d, WF_FIELD_Y, &y));
    g_assert_true (gst_structure_get_double (d, WF_FIELD_W, &w));
    g_assert_true (gst_structure_get_double (d, WF_FIELD_H, &hh));
    g_assert_cmpfloat (x, >=, 0);
    g_assert_cmpfloat (x + w, <=, 1.0);
    g_assert_cmpfloat (y, >=, 0);
    g_assert_cmpfloat (y + hh, <=, 1.0);
    g_assert_cmpfloat (fabs (x * info.width - meta->x), <=, 1.0);
    g_assert_cmpfloat (fabs (y * info.height - meta->y), <=, 1.0);
    g_assert_cmpfloat (fabs (w * info.width - meta->w), <=, 1.0);
    g_assert_cmpfloat (fabs (hh * info.height - meta->h), <=, 1.0);
    g_assert_cmpstr (gst_structure_get_string (d, WF_FIELD_BACKEND), ==,
        backend);
    g_assert_true (gst_structure_get_boolean (d, WF_FIELD_CARRIED, &carried));
    g_assert_false (carried);
    n_meta++;
  }
  if (HAVE_DLIB)
    g_assert_cmpuint (n_meta, ==, 6);   /* SOURCES.md: HOG finds 6 here */
  else
    g_assert_cmpuint (n_meta, >=, 3);

  /* the message: same faces, in the same order, with the times */
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT);
  g_assert_nonnull (msg);
  g_assert_true (GST_MESSAGE_SRC (msg) == GST_OBJECT (h->element));
  s = gst_message_get_structure (msg);
  g_assert_true (gst_structure_has_name (s, WF_MESSAGE_FACEDETECT));
  /* the times, the faces, and the motion gate's four fields (the first
   * frame is searched whole) */
  g_assert_cmpint (gst_structure_n_fields (s), ==, 9);
  g_assert_cmpstr (gst_structure_get_string (s, WF_FIELD_GATE), ==, "start");
  g_assert_true (gst_structure_get (s, WF_FIELD_TIMESTAMP, G_TYPE_UINT64, &ts,
          NULL));
  g_assert_cmpuint (ts, ==, 2 * GST_SECOND);
  g_assert_true (gst_structure_get (s, WF_FIELD_STREAM_TIME, G_TYPE_UINT64,
          &ts, NULL));
  g_assert_cmpuint (ts, ==, 2 * GST_SECOND);
  g_assert_true (gst_structure_get (s, WF_FIELD_RUNNING_TIME, G_TYPE_UINT64,
          &ts, NULL));
  g_assert_cmpuint (ts, ==, 2 * GST_SECOND);
  g_assert_true (gst_structure_get (s, WF_FIELD_DURATION, G_TYPE_UINT64, &ts,
          NULL));
  g_assert_cmpuint (ts, ==, GST_SECOND / 30);
  list = gst_structure_get_value (s, WF_FIELD_FACES);
  g_assert_true (GST_VALUE_HOLDS_LIST (list));
  g_assert_cmpuint (gst_value_list_get_size (list), ==, n_meta);
  state = NULL;
  for (guint i = 0; i < n_meta; i++) {
    const GstStructure *f =
        gst_value_get_structure (gst_value_list_get_value (list, i));
    GstStructure *d;
    meta = (GstVideoRegionOfInterestMeta *)
        gst_buffer_iterate_meta_filtered (out, &state,
        GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE);
    d = gst_video_region_of_interest_meta_get_param (meta,
        WF_PARAM_DETECTION);
    g_assert_true (gst_structure_has_name (f, WF_STRUCT_FACE));
    /* identical fields and values, only the name differs */
    g_assert_cmpint (gst_structure_n_fields (f), ==,
        gst_structure_n_fields (d));
    for (gint k = 0; k < gst_structure_n_fields (d); k++) {
      const gchar *field = gst_structure_nth_field_name (d, k);
      g_assert_cmpint (gst_value_compare (gst_structure_get_value (d, field),
              gst_structure_get_value (f, field)), ==, GST_VALUE_EQUAL);
    }
    if (i > 0) {
      gdouble prev, cur;
      gst_structure_get_double (gst_value_get_structure
          (gst_value_list_get_value (list, i - 1)), WF_FIELD_CONFIDENCE,
          &prev);
      gst_structure_get_double (f, WF_FIELD_CONFIDENCE, &cur);
      g_assert_cmpfloat (prev, >=, cur);
    }
  }
  gst_message_unref (msg);
  g_assert_null (gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT));

  /* message=false: metadata only */
  g_object_set (h->element, "message", FALSE, NULL);
  gst_buffer_unref (out);
  gst_buffer_unref (gst_harness_push_and_pull (h, gst_buffer_ref (buf)));
  g_assert_null (gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT));

  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_buffer_unref (buf);
  gst_harness_teardown (h);
}

static void
test_yunet_landmarks (void)
{
  GArray *faces;
  if (!wf_test_have_data ("scenes/obama_biden_two_people.jpg", NULL))
    return;

  if (!HAVE_OPENCV) {
    g_test_skip ("no OpenCV");
    return;
  }
  faces = detect_image ("scenes/obama_biden_two_people.jpg",
      GST_VIDEO_FORMAT_BGR, "backend=yunet");
  g_assert_cmpuint (faces->len, ==, 2);
  for (guint i = 0; i < faces->len; i++) {
    DetectedFace *f = &g_array_index (faces, DetectedFace, i);
    g_assert_cmpuint (f->n_landmarks, ==, 10);
    g_assert_cmpfloat (f->confidence, >=, 0.9);
    g_assert_cmpstr (f->backend, ==, "yunet");
  }
  g_array_unref (faces);
}

static gboolean
same_faces (GArray * a, GArray * b, gdouble min_iou)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++) {
    const DetectedFace *fa = &g_array_index (a, DetectedFace, i);
    gboolean found = FALSE;
    for (guint k = 0; k < b->len && !found; k++) {
      const DetectedFace *fb = &g_array_index (b, DetectedFace, k);
      found = detect_iou (fa->nx, fa->ny, fa->nw, fa->nh, fb->nx, fb->ny,
          fb->nw, fb->nh) >= min_iou;
    }
    if (!found)
      return FALSE;
  }
  return TRUE;
}

/* The same faces come out whatever the input format: the grey backends read
 * the luma plane of YUV as is and compute it from RGB. */
static void
test_formats_same_faces (void)
{
  static const GstVideoFormat formats[] = {
    GST_VIDEO_FORMAT_RGB, GST_VIDEO_FORMAT_GRAY8, GST_VIDEO_FORMAT_NV12,
    GST_VIDEO_FORMAT_BGR, GST_VIDEO_FORMAT_RGBx, GST_VIDEO_FORMAT_BGRx,
    GST_VIDEO_FORMAT_RGBA, GST_VIDEO_FORMAT_BGRA,
  };
  const gchar *props = HAVE_DLIB ? "backend=hog upsample=1" : "backend=haar";
  GArray *ref = detect_image (SIX_FACES, GST_VIDEO_FORMAT_I420, props);

  g_assert_cmpuint (ref->len, >=, 3);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++) {
    GArray *faces = detect_image (SIX_FACES, formats[i], props);
    g_test_message ("%s: %u faces", gst_video_format_to_string (formats[i]),
        faces->len);
    g_assert_true (same_faces (ref, faces, 0.8));
    g_array_unref (faces);
  }
  g_array_unref (ref);

  if (HAVE_OPENCV) {
    /* a colour backend too */
    GArray *a = detect_image ("scenes/bbt4.jpg", GST_VIDEO_FORMAT_I420,
        "backend=yunet");
    GArray *b = detect_image ("scenes/bbt4.jpg", GST_VIDEO_FORMAT_RGB,
        "backend=yunet");
    g_assert_cmpuint (a->len, >=, 5);
    g_assert_true (same_faces (a, b, 0.8));
    g_array_unref (a);
    g_array_unref (b);
  }
}

static GstBuffer *
blank_frame (GstVideoFormat format, gint w, gint hgt, GstVideoInfo * info)
{
  GstBuffer *buf;
  GstVideoFrame frame;

  gst_video_info_set_format (info, format, w, hgt);
  buf = gst_buffer_new_allocate (NULL, info->size, NULL);
  g_assert_true (gst_video_frame_map (&frame, info, buf, GST_MAP_WRITE));
  for (guint p = 0; p < GST_VIDEO_FRAME_N_PLANES (&frame); p++) {
    /* black: Y 16, chroma 128 for YUV; 0 for RGB and grey */
    guint8 v = GST_VIDEO_INFO_IS_YUV (info) ? (p == 0 ? 16 : 128) : 0;
    memset (GST_VIDEO_FRAME_PLANE_DATA (&frame, p), v,
        GST_VIDEO_FRAME_PLANE_STRIDE (&frame, p) *
        GST_VIDEO_FRAME_COMP_HEIGHT (&frame, p));
  }
  gst_video_frame_unmap (&frame);
  return buf;
}

/* Tiny, black and 1x1 frames, and frames smaller than min-size: no faces,
 * no error, the buffer goes through. */
static void
test_degenerate_frames (void)
{
  static const struct {
    GstVideoFormat format;
    gint w, h;
  } frames[] = {
    {GST_VIDEO_FORMAT_GRAY8, 1, 1},
    {GST_VIDEO_FORMAT_I420, 2, 2},
    {GST_VIDEO_FORMAT_RGB, 7, 5},
    {GST_VIDEO_FORMAT_NV12, 16, 16},
    {GST_VIDEO_FORMAT_BGRx, 33, 17},
    {GST_VIDEO_FORMAT_I420, 320, 240},
    {GST_VIDEO_FORMAT_RGBA, 640, 360},
  };
  const gchar *backends[] = { "hog", "haar", "yunet", "mmod" };

  for (guint b = 0; b < G_N_ELEMENTS (backends); b++) {
    WfDetectorBackend be;
    const gchar *file;
    g_autofree gchar *model = NULL;

    g_assert_true (wf_detector_backend_from_name (backends[b], &be));
    if (!wf_detector_backend_available (be))
      continue;
    /* yunet's and mmod's files come only with the shared models */
    file = wf_detector_backend_default_file (be);
    if (file && !(model = wf_model_path_find (file, NULL))) {
      g_test_message ("%s: %s not found, not checked", backends[b], file);
      continue;
    }
    for (guint i = 0; i < G_N_ELEMENTS (frames); i++) {
      g_autofree gchar *props = g_strdup_printf ("backend=%s upsample=%d",
          backends[b], be == WF_DETECTOR_HOG ? 1 : 0);
      GstVideoInfo info;
      GstBuffer *buf;
      GstHarness *h;
      GArray *faces;

      /* mmod on CPU: keep it to the small frames */
      if (be == WF_DETECTOR_MMOD && frames[i].w > 320)
        continue;
      buf = blank_frame (frames[i].format, frames[i].w, frames[i].h, &info);
      h = detect_harness_new (props, &info);
      faces = detect_harness_push (h, buf);
      g_test_message ("%s %dx%d %s: %u faces", backends[b], frames[i].w,
          frames[i].h, gst_video_format_to_string (frames[i].format),
          faces->len);
      g_assert_cmpuint (faces->len, ==, 0);
      g_array_unref (faces);
      gst_buffer_unref (buf);
      gst_harness_teardown (h);
    }
  }

  /* a real face, but min-size above the frame's size */
  if (!wf_test_have_data (TWO_FACES, NULL))
    return;
  {
    GArray *faces = detect_image (TWO_FACES, GST_VIDEO_FORMAT_I420,
        "min-size=2000");
    g_assert_cmpuint (faces->len, ==, 0);
    g_array_unref (faces);
  }
}

static void
test_min_and_max (void)
{
  const gchar *base = HAVE_DLIB ? "backend=hog upsample=1" : "backend=haar";
  g_autofree gchar *p1 = g_strdup_printf ("%s max-faces=2", base);
  g_autofree gchar *p2 = g_strdup_printf ("%s min-size=60", base);
  GArray *all = detect_image (SIX_FACES, GST_VIDEO_FORMAT_I420, base);
  GArray *two = detect_image (SIX_FACES, GST_VIDEO_FORMAT_I420, p1);
  GArray *big = detect_image (SIX_FACES, GST_VIDEO_FORMAT_I420, p2);
  guint n_big = 0;

  g_assert_cmpuint (all->len, >=, 3);
  g_assert_cmpuint (two->len, ==, 2);
  /* the two most confident */
  for (guint i = 0; i < two->len; i++) {
    const DetectedFace *f = &g_array_index (two, DetectedFace, i);
    for (guint k = 0; k < all->len; k++)
      if (g_array_index (all, DetectedFace, k).confidence > f->confidence)
        g_assert_cmpuint (k, <, 2);
  }
  for (guint k = 0; k < all->len; k++) {
    const DetectedFace *f = &g_array_index (all, DetectedFace, k);
    if (MAX (f->w, f->h) >= 60)
      n_big++;
  }
  /* hog filters its boxes by size; OpenCV's cascade skips the scales below
   * min-size, which changes how its raw hits group, so only the bounds
   * hold there. */
  if (HAVE_DLIB)
    g_assert_cmpuint (big->len, ==, n_big);
  else
    g_assert_cmpuint (big->len, >=, 1);
  g_assert_cmpuint (big->len, <, all->len);
  for (guint k = 0; k < big->len; k++)
    g_assert_cmpuint (MAX (g_array_index (big, DetectedFace, k).w,
            g_array_index (big, DetectedFace, k).h), >=, 59);
  g_array_unref (all);
  g_array_unref (two);
  g_array_unref (big);
}

/* interval=3: frames 1 and 4 are searched, 2 and 3 carry frame 1's boxes. */
static void
test_interval_carried (void)
{
  g_autofree gchar *path = wf_test_data_path (SIX_FACES);
  g_autofree gchar *black_path = NULL;
  GstVideoInfo info, binfo;
  GstBuffer *buf = wf_test_load_image (path, GST_VIDEO_FORMAT_I420, 0, 0,
      &info);
  GstBuffer *black = blank_frame (GST_VIDEO_FORMAT_I420, info.width,
      info.height, &binfo);
  const gchar *props = HAVE_DLIB ? "backend=hog upsample=1 interval=3" :
      "backend=haar interval=3";
  GstHarness *h = detect_harness_new (props, &info);
  GArray *f1, *f2, *f3, *f4;

  f1 = detect_harness_push (h, buf);
  /* black frames in between: had they been searched, no faces */
  f2 = detect_harness_push (h, black);
  f3 = detect_harness_push (h, black);
  f4 = detect_harness_push (h, black);

  g_assert_cmpuint (f1->len, >=, 3);
  g_assert_cmpuint (f2->len, ==, f1->len);
  g_assert_cmpuint (f3->len, ==, f1->len);
  for (guint i = 0; i < f1->len; i++) {
    DetectedFace *a = &g_array_index (f1, DetectedFace, i);
    DetectedFace *b = &g_array_index (f2, DetectedFace, i);
    DetectedFace *c = &g_array_index (f3, DetectedFace, i);
    g_assert_false (a->carried);
    g_assert_true (b->carried);
    g_assert_true (c->carried);
    g_assert_cmpuint (a->x, ==, b->x);
    g_assert_cmpuint (a->w, ==, c->w);
    g_assert_cmpfloat (a->confidence, ==, c->confidence);
  }
  g_assert_cmpuint (f4->len, ==, 0);
  g_array_unref (f1);
  g_array_unref (f2);
  g_array_unref (f3);
  g_array_unref (f4);
  gst_buffer_unref (buf);
  gst_buffer_unref (black);
  gst_harness_teardown (h);
}

/* Two facedetects with the same backend and file share one loaded model;
 * the last one to stop frees it. */
static void
test_model_sharing (void)
{
  g_autofree gchar *path = wf_test_data_path (TWO_FACES);
  const gchar *backends[] = { "haar", "yunet", "hog" };
  GstVideoInfo info;
  GstBuffer *buf = wf_test_load_image (path, GST_VIDEO_FORMAT_I420, 0, 0,
      &info);

  for (guint b = 0; b < G_N_ELEMENTS (backends); b++) {
    WfDetectorBackend be;
    g_autofree gchar *props = g_strdup_printf ("backend=%s", backends[b]);
    g_autofree gchar *model = NULL;
    const gchar *kind;
    GstHarness *h1, *h2;
    GArray *f1, *f2;

    g_assert_true (wf_detector_backend_from_name (backends[b], &be));
    if (!wf_detector_backend_available (be))
      continue;
    kind = wf_detector_backend_model_kind (be);
    if (wf_detector_backend_default_file (be))
      model = wf_model_path_find (wf_detector_backend_default_file (be),
          NULL);
    g_assert_true (be == WF_DETECTOR_HOG || model != NULL);

    g_assert_cmpuint (wf_model_cache_users (kind, model), ==, 0);
    h1 = detect_harness_new (props, &info);
    g_assert_cmpuint (wf_model_cache_users (kind, model), ==, 1);
    h2 = detect_harness_new (props, &info);
    g_assert_cmpuint (wf_model_cache_users (kind, model), ==, 2);

    /* both work, interleaved, and agree */
    f1 = detect_harness_push (h1, buf);
    f2 = detect_harness_push (h2, buf);
    g_assert_true (same_faces (f1, f2, 0.99));
    g_array_unref (f1);
    g_array_unref (f2);

    gst_harness_teardown (h1);
    g_assert_cmpuint (wf_model_cache_users (kind, model), ==, 1);
    gst_harness_teardown (h2);
    g_assert_cmpuint (wf_model_cache_users (kind, model), ==, 0);
  }
  gst_buffer_unref (buf);
}

/* YuNet's input size is per instance: two instances on frames of different
 * sizes, interleaved, give what each gives alone. */
static void
test_yunet_sizes_per_instance (void)
{
  g_autofree gchar *path = wf_test_data_path ("scenes/bbt4.jpg");
  GstVideoInfo i1, i2;
  GstBuffer *b1, *b2;
  GstHarness *h1, *h2;
  GArray *alone, *f1, *f2;

  if (!HAVE_OPENCV) {
    g_test_skip ("no OpenCV");
    return;
  }
  b1 = wf_test_load_image (path, GST_VIDEO_FORMAT_RGB, 0, 0, &i1);
  b2 = wf_test_load_image (path, GST_VIDEO_FORMAT_RGB, i1.width / 2,
      i1.height / 2, &i2);
  h1 = detect_harness_new ("backend=yunet detect-width=0", &i1);
  h2 = detect_harness_new ("backend=yunet detect-width=0", &i2);
  alone = detect_harness_push (h1, b1);
  for (guint round = 0; round < 2; round++) {
    f2 = detect_harness_push (h2, b2);
    f1 = detect_harness_push (h1, b1);
    g_assert_cmpuint (f2->len, >=, 4);
    g_assert_true (same_faces (alone, f1, 0.99));
    g_array_unref (f1);
    g_array_unref (f2);
  }
  g_array_unref (alone);
  gst_buffer_unref (b1);
  gst_buffer_unref (b2);
  gst_harness_teardown (h1);
  gst_harness_teardown (h2);
}

/* Invalid values: a warning, and the old value stays. */
static void
test_invalid_properties (void)
{
  GstElement *e = gst_element_factory_make ("facedetect", NULL);
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  GError *werr = NULL;
  gint iv;
  guint uv;
  gdouble dv;

  /* the element's own refusals are warning messages on its bus */
  gst_element_set_bus (e, bus);

  /* the defaults: auto upsample and threads */
  g_object_get (e, "upsample", &iv, NULL);
  g_assert_cmpint (iv, ==, -1);
  g_object_get (e, "threads", &iv, NULL);
  g_assert_cmpint (iv, ==, 0);

  g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_WARNING, "*threads*");
  g_object_set (e, "threads", 3, NULL);
  g_test_assert_expected_messages ();
  g_object_set (e, "threads", 1, NULL);
  g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_WARNING, "*threads*");
  g_object_set (e, "threads", -1, NULL);
  g_test_assert_expected_messages ();
  g_object_get (e, "threads", &iv, NULL);
  g_assert_cmpint (iv, ==, 1);

  g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_WARNING, "*upsample*");
  g_object_set (e, "upsample", -2, NULL);
  g_test_assert_expected_messages ();

  g_object_set (e, "detect-width", 320, "interval", 2, "threshold", 0.7,
      "upsample", 1, "min-size", 40, "max-faces", 5, NULL);

  g_object_set (e, "detect-width", 5, NULL);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING);
  g_assert_nonnull (msg);
  gst_message_parse_warning (msg, &werr, NULL);
  g_assert_true (g_error_matches (werr, GST_LIBRARY_ERROR,
          GST_LIBRARY_ERROR_SETTINGS));
  g_assert_nonnull (strstr (werr->message, "detect-width"));
  g_clear_error (&werr);
  gst_message_unref (msg);
  g_object_get (e, "detect-width", &iv, NULL);
  g_assert_cmpint (iv, ==, 320);

  g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_WARNING, "*threshold*");
  g_object_set (e, "threshold", -0.5, NULL);
  g_test_assert_expected_messages ();
  g_object_get (e, "threshold", &dv, NULL);
  g_assert_cmpfloat (dv, ==, 0.7);

  /* range checks done by GObject itself */
  g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_WARNING, "*interval*");
  g_object_set (e, "interval", 0, NULL);
  g_test_assert_expected_messages ();
  g_object_get (e, "interval", &uv, NULL);
  g_assert_cmpuint (uv, ==, 2);

  g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_WARNING, "*threshold*");
  g_object_set (e, "threshold", 1.5, NULL);
  g_test_assert_expected_messages ();
  g_object_get (e, "threshold", &dv, NULL);
  g_assert_cmpfloat (dv, ==, 0.7);

  g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_WARNING, "*upsample*");
  g_object_set (e, "upsample", 5, NULL);
  g_test_assert_expected_messages ();
  g_object_get (e, "upsample", &iv, NULL);
  g_assert_cmpint (iv, ==, 1);

  g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_WARNING, "*min-size*");
  g_object_set (e, "min-size", -3, NULL);
  g_test_assert_expected_messages ();
  g_object_get (e, "min-size", &iv, NULL);
  g_assert_cmpint (iv, ==, 40);

  g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_WARNING, "*max-faces*");
  g_object_set (e, "max-faces", -1, NULL);
  g_test_assert_expected_messages ();
  g_object_get (e, "max-faces", &iv, NULL);
  g_assert_cmpint (iv, ==, 5);

  g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_WARNING, "*backend*");
  g_object_set (e, "backend", 17, NULL);
  g_test_assert_expected_messages ();
  g_object_get (e, "backend", &iv, NULL);
  g_assert_cmpint (iv, ==, wf_detector_default_backend ());

  /* a backend this build does not have (lite: hog, mmod): refused the same
   * way */
  for (gint b = WF_DETECTOR_HOG; b <= WF_DETECTOR_MMOD; b++) {
    if (wf_detector_backend_available (b))
      continue;
    g_object_set (e, "backend", b, NULL);
    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING);
    g_assert_nonnull (msg);
    gst_message_parse_warning (msg, &werr, NULL);
    g_assert_nonnull (strstr (werr->message, "backend"));
    g_clear_error (&werr);
    gst_message_unref (msg);
    g_object_get (e, "backend", &iv, NULL);
    g_assert_cmpint (iv, ==, wf_detector_default_backend ());
  }

  /* GObject's own range checks post nothing */
  g_assert_null (gst_bus_pop (bus));
  gst_element_set_bus (e, NULL);
  gst_object_unref (bus);
  gst_object_unref (e);
}

/* Runs videotestsrc ! facedetect @props ! fakesink and returns the first
 * error or NULL when it reached EOS. */
static GError *
run_pipeline (const gchar * props, const gchar * caps, gchar ** debug)
{
  g_autofree gchar *desc = g_strdup_printf ("videotestsrc num-buffers=2 ! %s "
      "! facedetect %s ! fakesink", caps, props);
  GError *err = NULL;
  GstElement *pipeline = gst_parse_launch (desc, &err);
  GstBus *bus;
  GstMessage *msg;

  g_assert_no_error (err);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  g_assert_nonnull (msg);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    gst_message_parse_error (msg, &err, debug);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  return err;
}

static void
expect_model_error (const gchar * backend, const gchar * model, gint code,
    const gchar * reason)
{
  g_autofree gchar *props = g_strdup_printf ("backend=%s model=\"%s\"",
      backend, model);
  g_autofree gchar *debug = NULL;
  GError *err = run_pipeline (props, "video/x-raw,format=I420,width=64,"
      "height=64", &debug);

  g_assert_nonnull (err);
  g_test_message ("%s %s: %s / %s", backend, model, err->message, debug);
  g_assert_true (err->domain == GST_RESOURCE_ERROR);
  g_assert_cmpint (err->code, ==, code);
  g_assert_nonnull (strstr (err->message, model));
  g_assert_nonnull (strstr (debug, model));
  g_assert_nonnull (strstr (debug, reason));
  g_error_free (err);
}

static gchar *
write_temp (const gchar * dir, const gchar * name, const gchar * data,
    gsize len)
{
  gchar *path = g_build_filename (dir, name, NULL);
  GError *err = NULL;
  g_file_set_contents (path, data, len, &err);
  g_assert_no_error (err);
  return path;
}

static gchar *
truncated_copy (const gchar * dir, const gchar * src, const gchar * name)
{
  g_autofree gchar *data = NULL;
  gsize len;
  GError *err = NULL;

  g_file_get_contents (src, &data, &len, &err);
  g_assert_no_error (err);
  return write_temp (dir, name, data, len / 3);
}

static void
test_model_errors (void)
{
  g_autofree gchar *dir = g_dir_make_tmp ("facedetect-XXXXXX", NULL);
  g_autofree gchar *missing = g_build_filename (dir, "no-such-model.onnx",
      NULL);
  g_autofree gchar *empty = write_temp (dir, "empty.xml", "", 0);
  g_autofree gchar *garbage = write_temp (dir, "garbage.dat",
      "this is not a model\n", 20);
  g_autofree gchar *yunet = wf_test_shared_model
      ("face_detection_yunet_2022mar.onnx");
  g_autofree gchar *mmod = wf_test_shared_model
      ("mmod_human_face_detector.dat");
  g_autofree gchar *yunet_cut = NULL, *mmod_cut = NULL, *haar_cut = NULL;
  g_autofree gchar *haar = NULL;
  const gchar *any = HAVE_OPENCV ? "haar" : "mmod";
  gboolean have_yunet = g_file_test (yunet, G_FILE_TEST_EXISTS);

  /* missing and unreadable: any backend with a file */
  if (!HAVE_OPENCV && !HAVE_DLIB)
    return;
  expect_model_error (any, missing, GST_RESOURCE_ERROR_NOT_FOUND,
      "No such file");
  /* a directory cannot be read as a file */
  expect_model_error (any, dir, GST_RESOURCE_ERROR_OPEN_READ,
      "Is a directory");
  expect_model_error (any, empty, GST_RESOURCE_ERROR_READ, "empty");
  if (getuid () != 0) {
    g_autofree gchar *noperm = write_temp (dir, "noperm.xml", "x", 1);
    g_assert_cmpint (g_chmod (noperm, 0), ==, 0);
    expect_model_error (any, noperm, GST_RESOURCE_ERROR_OPEN_READ,
        "Permission denied");
    g_unlink (noperm);
  }

  if (HAVE_OPENCV) {
    haar = wf_model_path_find ("haarcascade_frontalface_alt2.xml", NULL);
    g_assert_nonnull (haar);
    haar_cut = truncated_copy (dir, haar, "cut-cascade.xml");
    expect_model_error ("haar", garbage, GST_RESOURCE_ERROR_READ,
        "not a usable OpenCV cascade");
    expect_model_error ("haar", haar_cut, GST_RESOURCE_ERROR_READ,
        "not a usable OpenCV cascade");
    expect_model_error ("yunet", garbage, GST_RESOURCE_ERROR_READ,
        "not a usable YuNet model");
    if (have_yunet) {
      yunet_cut = truncated_copy (dir, yunet, "cut-yunet.onnx");
      expect_model_error ("yunet", yunet_cut, GST_RESOURCE_ERROR_READ,
          "not a usable YuNet model");
    }
    /* the 2023 YuNet needs OpenCV 4.8: a clear error, not a crash */
    {
      g_autofree gchar *y23 = wf_test_shared_model
          ("face_detection_yunet_2023mar.onnx");
      if (g_file_test (y23, G_FILE_TEST_EXISTS))
        expect_model_error ("yunet", y23, GST_RESOURCE_ERROR_READ,
            "not a usable YuNet model");
    }
    /* a model of another backend */
    if (have_yunet)
      expect_model_error ("haar", yunet, GST_RESOURCE_ERROR_READ,
          "not a usable OpenCV cascade");
  }
  if (HAVE_DLIB) {
    expect_model_error ("mmod", garbage, GST_RESOURCE_ERROR_READ,
        "not a usable dlib MMOD face model");
    if (g_file_test (mmod, G_FILE_TEST_EXISTS)) {
      mmod_cut = truncated_copy (dir, mmod, "cut-mmod.dat");
      expect_model_error ("mmod", mmod_cut, GST_RESOURCE_ERROR_READ,
          "not a usable dlib MMOD face model");
    }
    if (have_yunet)
      expect_model_error ("mmod", yunet, GST_RESOURCE_ERROR_READ,
          "not a usable dlib MMOD face model");
  }
  if (!have_yunet || !g_file_test (mmod, G_FILE_TEST_EXISTS))
    g_test_message ("shared models absent (%s, %s): their truncated copies "
        "are not tried", yunet, mmod);

  /* nothing stays loaded after the failures */
  {
    GArray *models = wf_model_cache_list ();
    g_assert_cmpuint (models->len, ==, 0);
    g_array_unref (models);
  }

  {
    const gchar *made[] = { empty, garbage, haar_cut, yunet_cut, mmod_cut };
    for (guint i = 0; i < G_N_ELEMENTS (made); i++)
      if (made[i])
        g_unlink (made[i]);
  }
  g_rmdir (dir);
}

/* A model that is not there by default: the error names the file, where it
 * was looked for and how to get it. */
static void
test_default_model_missing (void)
{
  g_autofree gchar *debug = NULL;
  GError *err;
  const gchar *saved = g_getenv ("WF_MODEL_DIR");
  g_autofree gchar *keep = g_strdup (saved);

  if (!HAVE_OPENCV) {
    g_test_skip ("no OpenCV");
    return;
  }
  /* the default YuNet file is in no default dir on a test machine unless
   * WF_MODEL_DIR points at one: point it at an empty dir */
  {
    g_autofree gchar *dir = g_dir_make_tmp ("facedetect-XXXXXX", NULL);
    g_autofree gchar *found = NULL;
    g_setenv ("WF_MODEL_DIR", dir, TRUE);
    found = wf_model_path_find ("face_detection_yunet_2022mar.onnx", NULL);
    if (found) {
      g_test_skip ("a YuNet model is installed system-wide");
    } else {
      err = run_pipeline ("backend=yunet", "video/x-raw,format=I420,"
          "width=64,height=64", &debug);
      g_assert_nonnull (err);
      g_assert_true (err->domain == GST_RESOURCE_ERROR);
      g_assert_cmpint (err->code, ==, GST_RESOURCE_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (err->message,
              "face_detection_yunet_2022mar.onnx"));
      g_assert_nonnull (strstr (debug, dir));
      g_error_free (err);
    }
    g_rmdir (dir);
  }
  if (keep)
    g_setenv ("WF_MODEL_DIR", keep, TRUE);
  else
    g_unsetenv ("WF_MODEL_DIR");
}

/* Caps we do not handle are refused at negotiation. */
static void
test_unsupported_caps (void)
{
  static const gchar *refused[] = {
    "video/x-raw,format=YUY2,width=64,height=64",
    "video/x-raw,format=GRAY16_LE,width=64,height=64",
    "video/x-raw,format=v210,width=64,height=64",
  };
  GstElement *e = gst_element_factory_make ("facedetect", NULL);
  GstPad *sink = gst_element_get_static_pad (e, "sink");

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++) {
    GstCaps *caps = gst_caps_from_string (refused[i]);
    GError *err = NULL;

    g_assert_false (gst_pad_query_accept_caps (sink, caps));
    gst_caps_unref (caps);
    /* in a pipeline: the link is refused */
    {
      g_autofree gchar *desc = g_strdup_printf ("videotestsrc num-buffers=1 "
          "! %s ! facedetect ! fakesink", refused[i]);
      GstElement *p = gst_parse_launch (desc, &err);
      g_assert_error (err, GST_PARSE_ERROR, GST_PARSE_ERROR_LINK);
      g_test_message ("%s: %s", refused[i], err->message);
      g_clear_error (&err);
      gst_clear_object (&p);
    }
  }
  gst_object_unref (sink);
  gst_object_unref (e);
}

/* The still-image API the admin tools use, without GStreamer. */
static void
test_detector_api (void)
{
  g_autofree gchar *path = wf_test_data_path (SIX_FACES);
  GstVideoInfo info;
  GstBuffer *buf = wf_test_load_image (path, GST_VIDEO_FORMAT_RGB, 0, 0,
      &info);
  GstVideoFrame frame;
  WfDetector *det;
  WfDetectParams params;
  WfImage img = { 0 };
  GArray *faces = g_array_new (FALSE, TRUE, sizeof (WfFace));
  GError *err = NULL;

  det = wf_detector_new (wf_detector_default_backend (), NULL, &err);
  g_assert_no_error (err);
  g_assert_nonnull (det);
  g_assert_true (gst_video_frame_map (&frame, &info, buf, GST_MAP_READ));
  img.format = WF_PIXEL_RGB;
  img.width = info.width;
  img.height = info.height;
  img.data[0] = GST_VIDEO_FRAME_PLANE_DATA (&frame, 0);
  img.stride[0] = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);
  wf_detector_params_init (&params);
  params.upsample = 1;
  g_assert_true (wf_detector_detect (det, &img, &params, faces, &err));
  g_assert_no_error (err);
  g_assert_cmpuint (faces->len, >=, HAVE_DLIB ? 6 : 3);
  for (guint i = 0; i < faces->len; i++) {
    WfFace *f = &g_array_index (faces, WfFace, i);
    g_assert_cmpfloat (f->box.x + f->box.w, <=, info.width);
    g_assert_cmpfloat (f->confidence, >=, 0.5);
  }
  gst_video_frame_unmap (&frame);
  wf_detector_free (det);

  /* a backend name that does not exist */
  g_assert_false (wf_detector_backend_from_name ("nope", NULL));
  g_array_unref (faces);
  gst_buffer_unref (buf);
}

/* A test that needs files of the shared test data: skipped with the
 * missing file's name when they are absent, while the data-free tests of
 * this program still run. */
typedef struct {
  GTestFunc func;
  const gchar *files[3];
} NeedsData;

static void
run_with_data (gconstpointer data)
{
  const NeedsData *n = data;

  if (wf_test_have_data (n->files[0], n->files[1], n->files[2], NULL))
    n->func ();
}

static void
add_with_data (const gchar * path, GTestFunc func, const gchar * file,
    const gchar * file2)
{
  NeedsData *n = g_new0 (NeedsData, 1);

  n->func = func;
  n->files[0] = file;
  n->files[1] = file2;
  g_test_add_data_func_full (path, n, run_with_data, g_free);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/facedetect/factory-is-ours", test_factory_is_ours);
  g_test_add_func ("/facedetect/dogs-no-faces", test_dogs_no_faces);
  add_with_data ("/facedetect/metadata-and-message", test_metadata_fields,
      SIX_FACES, NULL);
  g_test_add_func ("/facedetect/yunet-landmarks", test_yunet_landmarks);
  add_with_data ("/facedetect/formats-same-faces", test_formats_same_faces,
      SIX_FACES, "scenes/bbt4.jpg");
  g_test_add_func ("/facedetect/degenerate-frames", test_degenerate_frames);
  add_with_data ("/facedetect/min-size-max-faces", test_min_and_max,
      SIX_FACES, NULL);
  add_with_data ("/facedetect/interval-carried", test_interval_carried,
      SIX_FACES, NULL);
  add_with_data ("/facedetect/model-sharing", test_model_sharing,
      TWO_FACES, NULL);
  add_with_data ("/facedetect/yunet-size-per-instance",
      test_yunet_sizes_per_instance, "scenes/bbt4.jpg", NULL);
  g_test_add_func ("/facedetect/invalid-properties", test_invalid_properties);
  g_test_add_func ("/facedetect/model-errors", test_model_errors);
  g_test_add_func ("/facedetect/default-model-missing",
      test_default_model_missing);
  g_test_add_func ("/facedetect/unsupported-caps", test_unsupported_caps);
  add_with_data ("/facedetect/detector-api", test_detector_api, SIX_FACES,
      NULL);
  return g_test_run ();
}
