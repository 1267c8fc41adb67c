/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The facematch element with GstHarness on real scenes: the params it adds
 * and the message it posts, field by field; identities stable over a track;
 * descriptors computed for new tracks and every recompute-interval frames
 * only; upstream track ids honoured; errors at start.
 *
 * The gallery holds one photo per person of testdata/faces (faces/<name>/
 * 1.jpg), enrolled the way workforce-admin does; face boxes come from dlib's
 * HOG detector as facedetect would attach them.
 */
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "wf-embedder.h"
#include "wf-face-find.h"
#include "wf-gallery.h"
#include "wf-meta.h"
#include "wf-model-path.h"
#include "wf-test-common.h"

static gchar *tmpdir;
static gchar *gallery_path;

/* SOURCES.md: the people of bbt4.jpg */
static const gchar *const bbt4_names[] = { "amy", "raj", "bernadette",
  "penny", "leonard", "sheldon", NULL
};

static void
require_models (void)
{
  const gchar *names[] = { WF_EMBEDDER_RESNET_MODEL,
    WF_EMBEDDER_LANDMARKS_MODEL
  };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    GError *err = NULL;
    gchar *p = wf_model_path_find (names[i], &err);
    if (p == NULL) {
      g_printerr ("SKIP: %s\n", err->message);
      exit (77);
    }
    g_free (p);
  }
}

/* One photo per person: faces/<name>/1.jpg. */
static void
make_gallery (void)
{
  g_autofree gchar *root = wf_test_data_path ("faces");
  g_autoptr (GDir) dir = g_dir_open (root, 0, NULL);
  g_autoptr (WfDetector) det = NULL;
  g_autoptr (WfEmbedder) emb = NULL;
  g_autoptr (WfGallery) gallery = NULL;
  g_autoptr (GArray) faces = g_array_new (FALSE, FALSE, sizeof (WfFace));
  WfDetectParams params;
  const gchar *name;
  GError *err = NULL;

  tmpdir = g_dir_make_tmp ("wf-facematch-XXXXXX", NULL);
  gallery_path = g_build_filename (tmpdir, "staff.db", NULL);
  gallery = wf_gallery_open (gallery_path, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_no_error (err);
  det = wf_detector_new (WF_DETECTOR_HOG, NULL, &err);
  g_assert_no_error (err);
  emb = wf_embedder_new (NULL, NULL, &err);
  g_assert_no_error (err);
  wf_face_find_params_init (&params, 1);

  while ((name = g_dir_read_name (dir))) {
    g_autofree gchar *path = g_build_filename (root, name, "1.jpg", NULL);
    g_autoptr (WfImageFile) img = wf_image_file_load (path, &err);
    g_autofree gchar *display = g_strdup_printf ("Name of %s", name);
    gfloat desc[WF_DESCRIPTOR_DIM];
    WfEnrolSample s = {.descriptor = desc,.source = "1.jpg",.detector = "hog"
    };
    WfImage view;

    g_assert_no_error (err);
    g_array_set_size (faces, 0);
    g_assert_true (wf_face_find (det, &params, img, faces, &err));
    g_assert_cmpuint (faces->len, >=, 1);
    s.box = g_array_index (faces, WfFace, wf_face_find_largest (faces)).box;
    wf_image_file_view (img, &view);
    g_assert_true (wf_embedder_compute (emb, &view, &s.box, 1, desc, &err));
    g_assert_true (wf_gallery_enroll (gallery, name, display, &s, 1, &err));
    g_assert_no_error (err);
  }
}

typedef struct {
  GstBuffer *frame;             /* no metas */
  GstVideoInfo info;
  GArray *boxes;                /* WfRect, sorted left to right */
} Scene;

static gint
cmp_box_x (gconstpointer a, gconstpointer b)
{
  const WfRect *x = a, *y = b;
  return x->x < y->x ? -1 : x->x > y->x;
}

static void
scene_load (Scene * sc, const gchar * rel)
{
  g_autofree gchar *path = wf_test_data_path (rel);
  g_autoptr (WfDetector) det = NULL;
  g_autoptr (GArray) faces = g_array_new (FALSE, FALSE, sizeof (WfFace));
  WfDetectParams params;
  GstVideoFrame vf;
  WfImage img = { 0 };
  GError *err = NULL;

  sc->frame = wf_test_load_image (path, GST_VIDEO_FORMAT_RGB, 0, 0,
      &sc->info);
  det = wf_detector_new (WF_DETECTOR_HOG, NULL, &err);
  g_assert_no_error (err);
  wf_face_find_params_init (&params, 1);
  g_assert_true (gst_video_frame_map (&vf, &sc->info, sc->frame,
          GST_MAP_READ));
  img.format = WF_PIXEL_RGB;
  img.width = GST_VIDEO_FRAME_WIDTH (&vf);
  img.height = GST_VIDEO_FRAME_HEIGHT (&vf);
  img.data[0] = GST_VIDEO_FRAME_PLANE_DATA (&vf, 0);
  img.stride[0] = GST_VIDEO_FRAME_PLANE_STRIDE (&vf, 0);
  g_assert_true (wf_detector_detect (det, &img, &params, faces, &err));
  gst_video_frame_unmap (&vf);

  sc->boxes = g_array_new (FALSE, FALSE, sizeof (WfRect));
  for (guint i = 0; i < faces->len; i++)
    g_array_append_val (sc->boxes, g_array_index (faces, WfFace, i).box);
  g_array_sort (sc->boxes, cmp_box_x);
}

static void
scene_clear (Scene * sc)
{
  gst_buffer_unref (sc->frame);
  g_array_unref (sc->boxes);
}

/* A copy of the scene's frame with one face ROI per box, moved by @dx. */
static GstBuffer *
scene_buffer (Scene * sc, guint n, gint dx, gboolean with_track_ids)
{
  GstBuffer *buf = gst_buffer_copy (sc->frame);

  GST_BUFFER_PTS (buf) = n * 40 * GST_MSECOND;
  GST_BUFFER_DURATION (buf) = 40 * GST_MSECOND;
  for (guint i = 0; i < sc->boxes->len; i++) {
    WfRect *b = &g_array_index (sc->boxes, WfRect, i);
    GstVideoRegionOfInterestMeta *roi =
        gst_buffer_add_video_region_of_interest_meta (buf, WF_ROI_TYPE_FACE,
        MAX (0, (gint) b->x + dx), MAX (0, (gint) b->y), (guint) b->w,
        (guint) b->h);
    gst_video_region_of_interest_meta_add_param (roi,
        gst_structure_new (WF_PARAM_DETECTION, WF_FIELD_CONFIDENCE,
            G_TYPE_DOUBLE, 0.9, WF_FIELD_BACKEND, G_TYPE_STRING, "hog",
            NULL));
    if (with_track_ids)
      gst_video_region_of_interest_meta_add_param (roi,
          gst_structure_new (WF_PARAM_TRACKING, WF_FIELD_TRACK_ID,
              G_TYPE_UINT64, (guint64) 1000 + i, WF_FIELD_AGE, G_TYPE_UINT,
              n, NULL));
  }
  return buf;
}

static GstHarness *
harness_new (Scene * sc, GstBus ** bus, const gchar * prop,
    const gchar * value)
{
  GstElement *e = gst_element_factory_make ("facematch", NULL);
  g_autoptr (GstCaps) caps = wf_test_caps_for_info (&sc->info);
  GstHarness *h;

  g_assert_nonnull (e);
  /* the element must be ours, from the build tree */
  g_assert_cmpstr (gst_plugin_feature_get_plugin_name (GST_PLUGIN_FEATURE
          (gst_element_get_factory (e))), ==, "workforce");
  /* a private bus, set before the harness starts the element */
  *bus = gst_bus_new ();
  gst_element_set_bus (e, *bus);
  g_object_set (e, "gallery", gallery_path, NULL);
  if (prop)
    gst_util_set_object_arg (G_OBJECT (e), prop, value);
  h = gst_harness_new_with_element (e, "sink", "src");
  gst_object_unref (e);
  gst_harness_set_src_caps (h, gst_caps_ref (caps));
  return h;
}

typedef struct {
  guint64 track;
  gchar *employee;
  gchar *name;
  gdouble distance;
  gboolean known;
  guint n_tracking;
} RoiResult;

static void
roi_result_clear (RoiResult * r)
{
  g_free (r->employee);
  g_free (r->name);
}

/* The results of @buf's face ROIs, left to right (ROIs keep their order). */
static GArray *
roi_results (GstBuffer * buf)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (RoiResult));
  gpointer state = NULL;
  GstMeta *meta;

  g_array_set_clear_func (out, (GDestroyNotify) roi_result_clear);
  while ((meta = gst_buffer_iterate_meta_filtered (buf, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *) meta;
    GstStructure *fm = gst_video_region_of_interest_meta_get_param (roi,
        WF_PARAM_FACEMATCH);
    GstStructure *tr = gst_video_region_of_interest_meta_get_param (roi,
        WF_PARAM_TRACKING);
    RoiResult r = { 0 };
    guint age;

    g_assert_nonnull (fm);
    g_assert_nonnull (tr);
    g_assert_true (gst_structure_has_field_typed (fm, WF_FIELD_EMPLOYEE_ID,
            G_TYPE_STRING));
    g_assert_true (gst_structure_has_field_typed (fm, WF_FIELD_NAME,
            G_TYPE_STRING));
    g_assert_true (gst_structure_get_double (fm, WF_FIELD_DISTANCE,
            &r.distance));
    g_assert_true (gst_structure_get_boolean (fm, WF_FIELD_KNOWN, &r.known));
    r.employee = g_strdup (gst_structure_get_string (fm,
            WF_FIELD_EMPLOYEE_ID));
    r.name = g_strdup (gst_structure_get_string (fm, WF_FIELD_NAME));
    g_assert_true (gst_structure_get_uint64 (tr, WF_FIELD_TRACK_ID,
            &r.track));
    g_assert_true (gst_structure_get_uint (tr, WF_FIELD_AGE, &age));
    for (GList * l = roi->params; l; l = l->next)
      r.n_tracking += gst_structure_has_name (l->data, WF_PARAM_TRACKING);
    g_array_append_val (out, r);
  }
  return out;
}

static void
test_params_and_message (void)
{
  Scene sc;
  GstBus *bus;
  GstHarness *h;
  GstBuffer *out;
  g_autoptr (GArray) res = NULL;
  GstMessage *msg;
  const GstStructure *s;
  const GValue *matches;
  GstClockTime t;

  scene_load (&sc, "scenes/bbt4.jpg");
  g_assert_cmpuint (sc.boxes->len, ==, 6);
  h = harness_new (&sc, &bus, NULL, NULL);

  out = gst_harness_push_and_pull (h, scene_buffer (&sc, 0, 0, FALSE));
  res = roi_results (out);
  g_assert_cmpuint (res->len, ==, 6);
  for (guint i = 0; i < 6; i++) {
    RoiResult *r = &g_array_index (res, RoiResult, i);
    g_autofree gchar *display = g_strdup_printf ("Name of %s", r->employee);
    g_test_message ("face %u: track %" G_GUINT64_FORMAT " %s %.3f", i,
        r->track, r->employee, r->distance);
    g_assert_true (g_strv_contains (bbt4_names, r->employee));
    g_assert_cmpstr (r->name, ==, display);
    g_assert_true (r->known);
    g_assert_cmpfloat (r->distance, >, 0.0);
    g_assert_cmpfloat (r->distance, <=, WF_GALLERY_DEFAULT_THRESHOLD);
    g_assert_cmpuint (r->track, >, 0);
    g_assert_cmpuint (r->n_tracking, ==, 1);
    for (guint k = 0; k < i; k++) {
      g_assert_cmpuint (g_array_index (res, RoiResult, k).track, !=,
          r->track);
      g_assert_cmpstr (g_array_index (res, RoiResult, k).employee, !=,
          r->employee);
    }
  }

  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT);
  g_assert_nonnull (msg);
  g_assert_true (GST_MESSAGE_SRC (msg) == GST_OBJECT (h->element));
  g_assert_true (gst_message_has_name (msg, WF_MESSAGE_FACEMATCH));
  s = gst_message_get_structure (msg);
  g_assert_true (gst_structure_get_uint64 (s, WF_FIELD_TIMESTAMP, &t));
  g_assert_cmpuint (t, ==, 0);
  g_assert_true (gst_structure_get_uint64 (s, WF_FIELD_STREAM_TIME, &t));
  g_assert_cmpuint (t, ==, 0);
  g_assert_true (gst_structure_get_uint64 (s, WF_FIELD_RUNNING_TIME, &t));
  g_assert_cmpuint (t, ==, 0);
  g_assert_true (gst_structure_get_uint64 (s, WF_FIELD_DURATION, &t));
  g_assert_cmpuint (t, ==, 40 * GST_MSECOND);
  matches = gst_structure_get_value (s, WF_FIELD_MATCHES);
  g_assert_true (GST_VALUE_HOLDS_LIST (matches));
  g_assert_cmpuint (gst_value_list_get_size (matches), ==, 6);
  for (guint i = 0; i < 6; i++) {
    const GstStructure *m =
        gst_value_get_structure (gst_value_list_get_value (matches, i));
    RoiResult *r = &g_array_index (res, RoiResult, i);
    WfRect *b = &g_array_index (sc.boxes, WfRect, i);
    guint64 id;
    gdouble d, x, y, w, hh;
    gboolean known;

    g_assert_true (gst_structure_has_name (m, WF_STRUCT_MATCH));
    g_assert_true (gst_structure_get_uint64 (m, WF_FIELD_TRACK_ID, &id));
    g_assert_cmpuint (id, ==, r->track);
    g_assert_cmpstr (gst_structure_get_string (m, WF_FIELD_EMPLOYEE_ID), ==,
        r->employee);
    g_assert_cmpstr (gst_structure_get_string (m, WF_FIELD_NAME), ==,
        r->name);
    g_assert_true (gst_structure_get_double (m, WF_FIELD_DISTANCE, &d));
    g_assert_cmpfloat (d, ==, r->distance);
    g_assert_true (gst_structure_get_boolean (m, WF_FIELD_KNOWN, &known));
    g_assert_true (known);
    g_assert_true (gst_structure_get_double (m, WF_FIELD_X, &x));
    g_assert_true (gst_structure_get_double (m, WF_FIELD_Y, &y));
    g_assert_true (gst_structure_get_double (m, WF_FIELD_W, &w));
    g_assert_true (gst_structure_get_double (m, WF_FIELD_H, &hh));
    g_assert_cmpfloat_with_epsilon (x, (gint) b->x /
        (gdouble) GST_VIDEO_INFO_WIDTH (&sc.info), 1e-6);
    g_assert_cmpfloat_with_epsilon (y, (gint) b->y /
        (gdouble) GST_VIDEO_INFO_HEIGHT (&sc.info), 1e-6);
    g_assert_cmpfloat_with_epsilon (w, (guint) b->w /
        (gdouble) GST_VIDEO_INFO_WIDTH (&sc.info), 1e-6);
    g_assert_cmpfloat_with_epsilon (hh, (guint) b->h /
        (gdouble) GST_VIDEO_INFO_HEIGHT (&sc.info), 1e-6);
  }
  gst_message_unref (msg);
  /* one message per frame */
  g_assert_null (gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT));

  gst_buffer_unref (out);
  gst_harness_teardown (h);
  gst_object_unref (bus);
  scene_clear (&sc);
}

static void
test_track_stable_and_recompute (void)
{
  const guint n_frames = 20, interval = 5;
  g_autoptr (GArray) first = NULL;
  Scene sc;
  GstBus *bus;
  GstHarness *h;
  guint64 computed = 0;
  gchar value[16];

  scene_load (&sc, "scenes/bbt4.jpg");
  g_snprintf (value, sizeof (value), "%u", interval);
  h = harness_new (&sc, &bus, "recompute-interval", value);

  for (guint f = 0; f < n_frames; f++) {
    /* the faces drift right and back, a few pixels per frame */
    gint dx = (gint) (f % 10) - 5;
    GstBuffer *out = gst_harness_push_and_pull (h, scene_buffer (&sc, f, dx,
            FALSE));
    g_autoptr (GArray) res = roi_results (out);

    g_assert_cmpuint (res->len, ==, 6);
    if (first == NULL) {
      first = g_array_ref (res);
    } else {
      for (guint i = 0; i < 6; i++) {
        RoiResult *r = &g_array_index (res, RoiResult, i);
        RoiResult *r0 = &g_array_index (first, RoiResult, i);
        g_assert_cmpuint (r->track, ==, r0->track);
        g_assert_cmpstr (r->employee, ==, r0->employee);
        g_assert_true (r->known);
      }
    }
    gst_buffer_unref (out);
  }
  /* frames 0, 5, 10, 15: 6 faces each */
  g_object_get (h->element, "descriptors-computed", &computed, NULL);
  g_assert_cmpuint (computed, ==, 6 * (n_frames / interval));

  gst_harness_teardown (h);
  gst_object_unref (bus);

  /* recompute-interval=0: once per track */
  h = harness_new (&sc, &bus, "recompute-interval", "0");
  for (guint f = 0; f < 8; f++)
    gst_buffer_unref (gst_harness_push_and_pull (h, scene_buffer (&sc, f, 0,
                FALSE)));
  g_object_get (h->element, "descriptors-computed", &computed, NULL);
  g_assert_cmpuint (computed, ==, 6);
  gst_harness_teardown (h);
  gst_object_unref (bus);
  scene_clear (&sc);
}

static void
test_unknown (void)
{
  Scene sc;
  GstBus *bus;
  GstHarness *h;
  GstBuffer *in, *out;
  GstMapInfo in_map, out_map;
  g_autoptr (GArray) res = NULL;
  guint n_known = 0, n_unknown = 0;
  GstMessage *msg;
  const GValue *matches;

  scene_load (&sc, "scenes/jolie_pitt_couple.jpg");
  g_assert_cmpuint (sc.boxes->len, ==, 2);
  h = harness_new (&sc, &bus, NULL, NULL);
  in = scene_buffer (&sc, 0, 0, FALSE);
  /* held elsewhere too, as by a tee's other branch */
  gst_buffer_ref (in);
  out = gst_harness_push_and_pull (h, in);
  /* the pixels were read where they are, not copied for a write map */
  g_assert_true (gst_buffer_map (in, &in_map, GST_MAP_READ));
  g_assert_true (gst_buffer_map (out, &out_map, GST_MAP_READ));
  g_assert_true (in_map.data == out_map.data);
  gst_buffer_unmap (in, &in_map);
  gst_buffer_unmap (out, &out_map);
  gst_buffer_unref (in);
  res = roi_results (out);
  for (guint i = 0; i < res->len; i++) {
    RoiResult *r = &g_array_index (res, RoiResult, i);
    if (r->known) {
      n_known++;
      g_assert_cmpstr (r->employee, ==, "angelina_jolie");
    } else {
      n_unknown++;
      g_assert_null (r->employee);
      g_assert_null (r->name);
      /* the distance to the nearest employee is still reported */
      g_assert_cmpfloat (r->distance, >, 0.0);
      g_assert_cmpfloat (r->distance, <, 2.0);
    }
  }
  g_assert_cmpuint (n_known, ==, 1);
  g_assert_cmpuint (n_unknown, ==, 1);

  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT);
  matches = gst_structure_get_value (gst_message_get_structure (msg),
      WF_FIELD_MATCHES);
  g_assert_cmpuint (gst_value_list_get_size (matches), ==, 2);
  for (guint i = 0; i < 2; i++) {
    const GstStructure *m =
        gst_value_get_structure (gst_value_list_get_value (matches, i));
    gboolean known;
    g_assert_true (gst_structure_get_boolean (m, WF_FIELD_KNOWN, &known));
    g_assert_true (gst_structure_has_field_typed (m, WF_FIELD_EMPLOYEE_ID,
            G_TYPE_STRING));
    if (!known)
      g_assert_null (gst_structure_get_string (m, WF_FIELD_EMPLOYEE_ID));
  }
  gst_message_unref (msg);

  gst_buffer_unref (out);
  gst_harness_teardown (h);
  gst_object_unref (bus);
  scene_clear (&sc);
}

static void
test_upstream_track_ids (void)
{
  Scene sc;
  GstBus *bus;
  GstHarness *h;
  guint64 computed = 0;

  scene_load (&sc, "scenes/bbt4.jpg");
  h = harness_new (&sc, &bus, "recompute-interval", "0");
  for (guint f = 0; f < 3; f++) {
    GstBuffer *out = gst_harness_push_and_pull (h, scene_buffer (&sc, f,
            (gint) f * 3, TRUE));
    g_autoptr (GArray) res = roi_results (out);

    for (guint i = 0; i < res->len; i++) {
      RoiResult *r = &g_array_index (res, RoiResult, i);
      g_assert_cmpuint (r->track, ==, 1000 + i);
      g_assert_cmpuint (r->n_tracking, ==, 1);
      g_assert_true (g_strv_contains (bbt4_names, r->employee));
    }
    gst_buffer_unref (out);
  }
  g_object_get (h->element, "descriptors-computed", &computed, NULL);
  g_assert_cmpuint (computed, ==, 6);
  gst_harness_teardown (h);
  gst_object_unref (bus);
  scene_clear (&sc);
}

/* Starting fails with a GST_ELEMENT_ERROR naming the problem. */
static void
expect_start_error (const gchar * prop, const gchar * value,
    const gchar * words)
{
  GstElement *e = gst_element_factory_make ("facematch", NULL);
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  GError *err = NULL;
  gchar *dbg = NULL;

  gst_element_set_bus (e, bus);
  if (prop)
    g_object_set (e, "gallery", gallery_path, prop, value, NULL);
  g_assert_cmpint (gst_element_set_state (e, GST_STATE_PAUSED), ==,
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  gst_message_parse_error (msg, &err, &dbg);
  g_test_message ("error as expected: %s (%s)", err->message, dbg);
  g_assert_nonnull (strstr (err->message, words));
  if (value && prop && g_strcmp0 (prop, "gallery") == 0)
    g_assert_nonnull (strstr (dbg, value));
  g_error_free (err);
  g_free (dbg);
  gst_message_unref (msg);
  gst_element_set_state (e, GST_STATE_NULL);
  wf_test_release_with_bus (e, bus);
}

static void
test_start_errors (void)
{
  g_autofree gchar *foreign = g_build_filename (tmpdir, "notes.db", NULL);
  g_autofree gchar *absent = g_build_filename (tmpdir, "absent.db", NULL);
  g_autofree gchar *truncated = g_build_filename (tmpdir, "trunc.dat", NULL);
  g_autofree gchar *model = NULL;
  gchar *data = NULL;
  gsize len;

  g_assert_true (g_file_set_contents (foreign, "not a gallery\n", -1, NULL));
  expect_start_error (NULL, NULL, "No gallery");
  expect_start_error ("gallery", absent, "gallery");
  expect_start_error ("gallery", foreign, "gallery");
  expect_start_error ("landmarks", "/nonexistent/landmarks.dat",
      "face recognition model");

  /* a truncated copy of the recognition model */
  model = wf_model_path_find (WF_EMBEDDER_RESNET_MODEL, NULL);
  g_assert_true (g_file_get_contents (model, &data, &len, NULL));
  g_assert_true (g_file_set_contents (truncated, data, len / 3, NULL));
  g_free (data);
  expect_start_error ("model", truncated, "face recognition model");
  g_unlink (truncated);
  g_unlink (foreign);
}

int
main (int argc, char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);
  wf_test_require_testdata ();
  require_models ();
  make_gallery ();

  g_test_add_func ("/facematch/params-and-message", test_params_and_message);
  g_test_add_func ("/facematch/track-stable-and-recompute",
      test_track_stable_and_recompute);
  g_test_add_func ("/facematch/unknown", test_unknown);
  g_test_add_func ("/facematch/upstream-track-ids", test_upstream_track_ids);
  g_test_add_func ("/facematch/start-errors", test_start_errors);
  rc = g_test_run ();

  {
    const gchar *suffix[] = { "", "-wal", "-shm" };
    for (guint i = 0; i < G_N_ELEMENTS (suffix); i++) {
      g_autofree gchar *p = g_strconcat (gallery_path, suffix[i], NULL);
      g_unlink (p);
    }
  }
  g_rmdir (tmpdir);
  g_free (gallery_path);
  g_free (tmpdir);
  return rc;
}
