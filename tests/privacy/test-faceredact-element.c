/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The faceredact element with GstHarness on synthetic frames: every format
 * and method redacts the ROI's box plus margin and nothing else; each
 * policy picks the right faces (facematch params, consent list and consent
 * field); masks fill exactly their polygon; invalid settings are refused
 * (warning on the bus and the old value kept, or an error at start, or a
 * parse error for enum names); a flood of ROIs fills the frame; a frame
 * with nothing to redact is not copied.
 */
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <string.h>

#include "wf-meta.h"
#include "wf-test-common.h"
#include "wf-zones.h"

#define W 96
#define H 64

static const GstVideoFormat formats[] = {
  GST_VIDEO_FORMAT_GRAY8, GST_VIDEO_FORMAT_I420, GST_VIDEO_FORMAT_NV12,
  GST_VIDEO_FORMAT_RGB, GST_VIDEO_FORMAT_BGR, GST_VIDEO_FORMAT_RGBx,
  GST_VIDEO_FORMAT_BGRx, GST_VIDEO_FORMAT_RGBA, GST_VIDEO_FORMAT_BGRA,
};

static GstElement *
make_redact (GstBus ** bus)
{
  GstElement *e = gst_element_factory_make ("faceredact", NULL);

  g_assert_nonnull (e);
  g_assert_cmpstr (gst_plugin_feature_get_plugin_name (GST_PLUGIN_FEATURE
          (gst_element_get_factory (e))), ==, "workforce");
  if (bus) {
    *bus = gst_bus_new ();
    gst_element_set_bus (e, *bus);
  }
  return e;
}

static GstHarness *
harness_for (GstElement * e, GstVideoInfo * info)
{
  GstHarness *h = gst_harness_new_with_element (e, "sink", "src");

  gst_harness_set_src_caps (h, gst_video_info_to_caps (info));
  return h;
}

/* A frame of pseudo-random bytes (a fixed seed per format). */
static GstBuffer *
random_frame (GstVideoInfo * info, GstVideoFormat format, guint32 seed)
{
  return wf_test_noise_frame (info, format, W, H, seed);
}

static GstVideoRegionOfInterestMeta *
add_face (GstBuffer * buf, guint x, guint y, guint w, guint h)
{
  return gst_buffer_add_video_region_of_interest_meta (buf, WF_ROI_TYPE_FACE,
      x, y, w, h);
}

static void
add_match (GstVideoRegionOfInterestMeta * roi, const gchar * employee,
    gboolean known, const gchar * consent_field)
{
  GstStructure *s = gst_structure_new (WF_PARAM_FACEMATCH,
      WF_FIELD_EMPLOYEE_ID, G_TYPE_STRING, employee,
      WF_FIELD_NAME, G_TYPE_STRING, employee,
      WF_FIELD_DISTANCE, G_TYPE_DOUBLE, 0.3,
      WF_FIELD_KNOWN, G_TYPE_BOOLEAN, known, NULL);
  if (consent_field)
    gst_structure_set (s, WF_FIELD_CONSENT, G_TYPE_BOOLEAN,
        g_str_equal (consent_field, "yes"), NULL);
  gst_video_region_of_interest_meta_add_param (roi, s);
}

/* Compares @out with @in sample by sample: @changed gets how many samples
 * inside [x0,x1)x[y0,y1) (luma pixels) differ; returns how many outside
 * differ.  Planes, subsampling and pixel strides are GStreamer's own. */
static guint
diff_frames (GstVideoInfo * info, GstBuffer * in, GstBuffer * out, gint x0,
    gint y0, gint x1, gint y1, guint * changed)
{
  GstVideoFrame a, b;
  guint outside = 0;

  *changed = 0;
  g_assert_true (gst_video_frame_map (&a, info, in, GST_MAP_READ));
  g_assert_true (gst_video_frame_map (&b, info, out, GST_MAP_READ));
  for (guint c = 0; c < GST_VIDEO_INFO_N_COMPONENTS (info); c++) {
    const GstVideoFormatInfo *fi = info->finfo;
    gint p = GST_VIDEO_FORMAT_INFO_PLANE (fi, c);
    gint off = GST_VIDEO_FORMAT_INFO_POFFSET (fi, c);
    gint ps = GST_VIDEO_FRAME_COMP_PSTRIDE (&a, c);
    gint ws = GST_VIDEO_FORMAT_INFO_W_SUB (fi, c);
    gint hs = GST_VIDEO_FORMAT_INFO_H_SUB (fi, c);
    for (gint y = 0; y < GST_VIDEO_FRAME_COMP_HEIGHT (&a, c); y++)
      for (gint x = 0; x < GST_VIDEO_FRAME_COMP_WIDTH (&a, c); x++) {
        const guint8 *pa = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&a, p) +
            y * GST_VIDEO_FRAME_PLANE_STRIDE (&a, p) + x * ps + off;
        const guint8 *pb = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&b, p) +
            y * GST_VIDEO_FRAME_PLANE_STRIDE (&b, p) + x * ps + off;
        /* the sample covers luma [x << ws, (x + 1) << ws) */
        gboolean inside = (x << ws) < x1 && ((x + 1) << ws) > x0 &&
            (y << hs) < y1 && ((y + 1) << hs) > y0;
        if (*pa != *pb) {
          if (inside)
            (*changed)++;
          else
            outside++;
        }
      }
  }
  gst_video_frame_unmap (&a);
  gst_video_frame_unmap (&b);
  return outside;
}

/* Every format and method: the box plus margin is redacted, nothing
 * else, and the input buffer (we keep a ref) is not written. */
GST_START_TEST (test_formats_methods)
{
  const gchar *methods[] = { "pixelate", "blur", "fill" };

  for (guint fi = 0; fi < G_N_ELEMENTS (formats); fi++)
    for (guint mi = 0; mi < G_N_ELEMENTS (methods); mi++) {
      GstElement *e = make_redact (NULL);
      GstVideoInfo info;
      GstBuffer *in = random_frame (&info, formats[fi], fi * 3 + mi);
      GstBuffer *orig = gst_buffer_copy_deep (in);
      GstHarness *h;
      GstBuffer *out;
      guint changed, outside;
      /* box 20x16 at (30,20), margin 0.25: [25,55) x [16,40) */
      gint x0 = 25, y0 = 16, x1 = 55, y1 = 40;

      gst_util_set_object_arg (G_OBJECT (e), "method", methods[mi]);
      g_object_set (e, "margin", 0.25, "fill-color", 0x808080, NULL);
      h = harness_for (e, &info);
      add_face (in, 30, 20, 20, 16);
      out = gst_harness_push_and_pull (h, gst_buffer_ref (in));
      g_assert_nonnull (out);

      outside = diff_frames (&info, orig, out, x0, y0, x1, y1, &changed);
      GST_INFO ("%s %s: %u changed inside, %u outside",
          gst_video_format_to_string (formats[fi]), methods[mi], changed,
          outside);
      /* YUV regions may grow to even coordinates: allow that one row or
       * column of samples; nothing further */
      if (GST_VIDEO_FORMAT_INFO_IS_YUV (info.finfo))
        g_assert_cmpuint (diff_frames (&info, orig, out, x0 - 1, y0 - 1,
                x1 + 1, y1 + 1, &changed), ==, 0);
      else
        g_assert_cmpuint (outside, ==, 0);
      /* random samples: nearly all of them change */
      g_assert_cmpuint (changed, >, (guint) ((x1 - x0) * (y1 - y0) * 0.8));
      /* the input we still hold is as it was */
      g_assert_cmpuint (diff_frames (&info, orig, in, 0, 0, 0, 0, &changed),
          ==, 0);

      gst_buffer_unref (out);
      gst_buffer_unref (in);
      gst_buffer_unref (orig);
      gst_harness_teardown (h);
      gst_object_unref (e);
    }
}

GST_END_TEST;

/* Which of five faces each policy redacts: an unknown one, alice (in the
 * consent list), bob (in the list, but his consent field says no), carol
 * (not in the list, consent field yes), dave (known, no consent at all). */
GST_START_TEST (test_policies)
{
  const struct {
    const gchar *policy;
    gboolean redacted[5];
  } cases[] = {
    {"all", {TRUE, TRUE, TRUE, TRUE, TRUE}},
    {"unknown", {TRUE, FALSE, FALSE, FALSE, FALSE}},
    {"not-consented", {TRUE, FALSE, TRUE, FALSE, TRUE}},
    {"none", {FALSE, FALSE, FALSE, FALSE, FALSE}},
  };

  for (guint ci = 0; ci < G_N_ELEMENTS (cases); ci++) {
    GstElement *e = make_redact (NULL);
    GstVideoInfo info;
    GstBuffer *in = random_frame (&info, GST_VIDEO_FORMAT_RGB, 77);
    GstBuffer *orig = gst_buffer_copy_deep (in);
    GstHarness *h;
    GstBuffer *out;

    gst_util_set_object_arg (G_OBJECT (e), "policy", cases[ci].policy);
    g_object_set (e, "consented", "alice,bob", "margin", 0.0, NULL);
    h = harness_for (e, &info);
    add_face (in, 2, 2, 12, 12);
    add_match (add_face (in, 20, 2, 12, 12), "alice", TRUE, NULL);
    add_match (add_face (in, 40, 2, 12, 12), "bob", TRUE, "no");
    add_match (add_face (in, 60, 2, 12, 12), "carol", TRUE, "yes");
    add_match (add_face (in, 80, 2, 12, 12), "dave", TRUE, NULL);
    /* a named but not known face is unknown; a person ROI is not a face */
    add_match (add_face (in, 2, 30, 12, 12), "erin", FALSE, "yes");
    gst_buffer_add_video_region_of_interest_meta (in, WF_ROI_TYPE_PERSON,
        40, 30, 12, 12);
    out = gst_harness_push_and_pull (h, gst_buffer_ref (in));

    for (guint i = 0; i < 5; i++) {
      guint changed;
      diff_frames (&info, orig, out, 2 + 20 * i, 2, 14 + 20 * i, 14,
          &changed);
      g_test_message ("%s face %u: %u changed", cases[ci].policy, i,
          changed);
      if (cases[ci].redacted[i])
        g_assert_cmpuint (changed, >, 100);
      else
        g_assert_cmpuint (changed, ==, 0);
    }
    {
      guint erin, person;
      diff_frames (&info, orig, out, 2, 30, 14, 42, &erin);
      diff_frames (&info, orig, out, 40, 30, 52, 42, &person);
      g_assert_cmpuint (person, ==, 0);
      if (g_str_equal (cases[ci].policy, "none"))
        g_assert_cmpuint (erin, ==, 0);
      else
        g_assert_cmpuint (erin, >, 100);
    }
    /* nothing to redact: the output shares the input's memory */
    if (g_str_equal (cases[ci].policy, "none"))
      g_assert_true (gst_buffer_peek_memory (out, 0) ==
          gst_buffer_peek_memory (in, 0));

    gst_buffer_unref (out);
    gst_buffer_unref (in);
    gst_buffer_unref (orig);
    gst_harness_teardown (h);
    gst_object_unref (e);
  }
}

GST_END_TEST;

/* roi-type picks other regions: person boxes from occupancy. */
GST_START_TEST (test_roi_type)
{
  GstElement *e = make_redact (NULL);
  GstVideoInfo info;
  GstBuffer *in = random_frame (&info, GST_VIDEO_FORMAT_I420, 5);
  GstBuffer *orig = gst_buffer_copy_deep (in);
  GstHarness *h;
  GstBuffer *out;
  guint face, person;

  g_object_set (e, "roi-type", WF_ROI_TYPE_PERSON, "margin", 0.0, NULL);
  h = harness_for (e, &info);
  add_face (in, 2, 2, 12, 12);
  gst_buffer_add_video_region_of_interest_meta (in, WF_ROI_TYPE_PERSON,
      40, 30, 12, 12);
  out = gst_harness_push_and_pull (h, gst_buffer_ref (in));
  diff_frames (&info, orig, out, 2, 2, 14, 14, &face);
  diff_frames (&info, orig, out, 40, 30, 52, 42, &person);
  g_assert_cmpuint (face, ==, 0);
  g_assert_cmpuint (person, >, 100);
  gst_buffer_unref (out);
  gst_buffer_unref (in);
  gst_buffer_unref (orig);
  gst_harness_teardown (h);
  gst_object_unref (e);
}

GST_END_TEST;

/* Masks through the element: exactly the pixels whose centre is in the
 * polygon take fill-color, on every frame, faces or not. */
GST_START_TEST (test_masks_exact)
{
  const gchar *spec = "desk=0.1,0.2 0.6,0.1 0.7,0.8 0.3,0.9;door=0.8,0 1,0 "
      "1,1 0.85,1";
  g_autoptr (GPtrArray) zones = wf_zones_parse (spec, NULL);
  GstElement *e = make_redact (NULL);
  GstVideoInfo info;
  GstHarness *h;

  g_object_set (e, "masks", spec, "fill-color", 0x10e040, "policy", 3,
      NULL);
  g_assert_nonnull (zones);
  for (guint n = 0; n < 2; n++) {
    GstBuffer *in = random_frame (&info, GST_VIDEO_FORMAT_RGBA, 40 + n);
    GstBuffer *orig = gst_buffer_copy_deep (in);
    GstBuffer *out;
    GstVideoFrame a, b;
    guint filled = 0;

    if (n == 0)
      h = harness_for (e, &info);
    out = gst_harness_push_and_pull (h, gst_buffer_ref (in));
    g_assert_true (gst_video_frame_map (&a, &info, orig, GST_MAP_READ));
    g_assert_true (gst_video_frame_map (&b, &info, out, GST_MAP_READ));
    for (gint y = 0; y < H; y++)
      for (gint x = 0; x < W; x++) {
        const guint8 *pa = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&a, 0) +
            y * GST_VIDEO_FRAME_PLANE_STRIDE (&a, 0) + 4 * x;
        const guint8 *pb = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&b, 0) +
            y * GST_VIDEO_FRAME_PLANE_STRIDE (&b, 0) + 4 * x;
        gboolean inside = FALSE;
        for (guint z = 0; z < zones->len; z++)
          inside |= wf_zone_contains (g_ptr_array_index (zones, z),
              (x + 0.5) / W, (y + 0.5) / H);
        if (inside) {
          const guint8 green[4] = { 0x10, 0xe0, 0x40, 0xff };
          g_assert_cmpmem (pb, 4, green, 4);
          filled++;
        } else {
          g_assert_cmpmem (pb, 4, pa, 4);
        }
      }
    /* the two polygons cover about 0.27 + 0.17 of the frame */
    g_assert_cmpuint (filled, >, W * H / 4);
    gst_video_frame_unmap (&a);
    gst_video_frame_unmap (&b);
    gst_buffer_unref (out);
    gst_buffer_unref (in);
    gst_buffer_unref (orig);
  }
  gst_harness_teardown (h);
  gst_object_unref (e);
}

GST_END_TEST;

/* The first warning on @bus, or NULL. */
static GstMessage *
pop_warning (GstBus * bus)
{
  return gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING);
}

static void
assert_warning_mentions (GstBus * bus, const gchar * what)
{
  GstMessage *msg = pop_warning (bus);
  g_autoptr (GError) err = NULL;
  g_autofree gchar *dbg = NULL;

  g_assert_nonnull (msg);
  gst_message_parse_warning (msg, &err, &dbg);
  g_assert_nonnull (strstr (err->message, what));
  gst_message_unref (msg);
}

/* Invalid masks and consent lists: a warning, the old value kept. */
GST_START_TEST (test_invalid_runtime)
{
  const gchar *good = "a=0,0 0.5,0 0.5,0.5";
  const gchar *bad[] = {
    "a=0,0 1.5,0 0.5,0.5",      /* outside [0,1] */
    "a=0,0 -0.1,0 0.5,0.5",
    "a=0,0 1,0",                /* two points */
    "nonsense",
  };
  GstBus *bus;
  GstElement *e = make_redact (&bus);
  GstVideoInfo info;
  GstBuffer *in = random_frame (&info, GST_VIDEO_FORMAT_GRAY8, 1);
  GstHarness *h;
  gchar *str;

  g_object_set (e, "masks", good, "consented", "alice", NULL);
  h = harness_for (e, &info);
  gst_buffer_unref (gst_harness_push_and_pull (h, gst_buffer_ref (in)));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_object_set (e, "masks", bad[i], NULL);
    assert_warning_mentions (bus, "masks");
    g_object_get (e, "masks", &str, NULL);
    g_assert_cmpstr (str, ==, good);
    g_free (str);
  }
  g_object_set (e, "consented", "alice,,bob", NULL);
  assert_warning_mentions (bus, "consented");
  g_object_get (e, "consented", &str, NULL);
  g_assert_cmpstr (str, ==, "alice");
  g_free (str);
  /* still running: the element goes on with the old values */
  gst_buffer_unref (gst_harness_push_and_pull (h, gst_buffer_ref (in)));
  g_assert_null (gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR));

  /* enum names: refused by GStreamer's parser, the value kept */
  gst_util_set_object_arg (G_OBJECT (e), "policy", "everyone");
  {
    gint policy;
    g_object_get (e, "policy", &policy, NULL);
    g_assert_cmpint (policy, ==, 1);    /* unknown, the default */
  }

  gst_buffer_unref (in);
  gst_harness_teardown (h);
  wf_test_release_with_bus (e, bus);
}

GST_END_TEST;

/* Runs @desc to the end; returns the error message of the first ERROR (or
 * NULL at EOS). */
static gchar *
run_launch (const gchar * desc, GError ** parse_error)
{
  GstElement *pipeline = gst_parse_launch_full (desc, NULL,
      GST_PARSE_FLAG_FATAL_ERRORS, parse_error);
  GstBus *bus;
  GstMessage *msg;
  gchar *text = NULL;

  if (pipeline == NULL)
    return NULL;
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND,
      GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  g_assert_nonnull (msg);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    g_autoptr (GError) err = NULL;
    g_autofree gchar *dbg = NULL;
    gst_message_parse_error (msg, &err, &dbg);
    text = g_strdup_printf ("%s: %s (%s)", GST_OBJECT_NAME (msg->src),
        err->message, dbg);
  }
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  return text;
}

/* From a launch line: an invalid mask or list stops the pipeline with an
 * error naming it; an unknown policy or method does not parse. */
GST_START_TEST (test_invalid_launch)
{
  const gchar *src = "videotestsrc num-buffers=2 ! "
      "video/x-raw,format=I420,width=64,height=48 ! ";
  const gchar *sink = " ! fakesink";
  struct {
    const gchar *props;
    const gchar *mentions;
  } bad_values[] = {
    {"masks=\"m=0,0 1.2,0 1,1\"", "masks"},
    {"consented=\"a,,b\"", "consented"},
  };
  const gchar *bad_names[] = { "policy=everyone", "method=smudge" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_values); i++) {
    g_autofree gchar *desc = g_strconcat (src, "faceredact name=r ",
        bad_values[i].props, sink, NULL);
    g_autofree gchar *error = run_launch (desc, NULL);
    g_assert_nonnull (error);
    g_test_message ("%s -> %s", desc, error);
    g_assert_true (g_str_has_prefix (error, "r: "));
    g_assert_nonnull (strstr (error, bad_values[i].mentions));
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad_names); i++) {
    g_autofree gchar *desc = g_strconcat (src, "faceredact ", bad_names[i],
        sink, NULL);
    GError *err = NULL;
    g_autofree gchar *error = run_launch (desc, &err);
    g_assert_null (error);
    g_assert_error (err, GST_PARSE_ERROR,
        GST_PARSE_ERROR_COULD_NOT_SET_PROPERTY);
    g_assert_nonnull (strstr (err->message, i ? "method" : "policy"));
    g_clear_error (&err);
  }
  /* valid settings run to the end, a bad value fixed before start too */
  {
    g_autofree gchar *desc = g_strconcat (src,
        "faceredact policy=all method=blur masks=\"m=0,0 1,0 1,1\" "
        "consented=alice", sink, NULL);
    g_autofree gchar *error = run_launch (desc, NULL);
    g_assert_null (error);
  }
  {
    GstElement *e = make_redact (NULL);
    GstBus *bus = gst_bus_new ();
    gst_element_set_bus (e, bus);
    g_object_set (e, "masks", "m=0,0 9,0 1,1", NULL);
    g_object_set (e, "masks", "m=0,0 1,0 1,1", NULL);
    g_assert_cmpint (gst_element_set_state (e, GST_STATE_PAUSED), !=,
        GST_STATE_CHANGE_FAILURE);
    gst_element_set_state (e, GST_STATE_NULL);
    wf_test_release_with_bus (e, bus);
  }
}

GST_END_TEST;

/* Thousands of whole-frame ROIs: the frame is filled once the regions pass
 * 4 frame areas, with one warning. */
GST_START_TEST (test_flood)
{
  GstBus *bus;
  GstElement *e = make_redact (&bus);
  GstVideoInfo info;
  GstBuffer *in = random_frame (&info, GST_VIDEO_FORMAT_NV12, 9);
  GstBuffer *orig = gst_buffer_copy_deep (in);
  GstHarness *h;
  GstBuffer *out;
  guint changed;
  gint64 t0;

  g_object_set (e, "fill-color", 0xffffff, NULL);
  h = harness_for (e, &info);
  for (guint i = 0; i < 5000; i++)
    add_face (in, 0, 0, W, H);
  t0 = g_get_monotonic_time ();
  out = gst_harness_push_and_pull (h, gst_buffer_ref (in));
  /* bounded: a handful of frame passes, not 5000 */
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (diff_frames (&info, orig, out, 0, 0, W, H, &changed),
      ==, 0);
  {
    GstMapInfo map;
    gst_buffer_map (out, &map, GST_MAP_READ);
    for (gsize i = 0; i < (gsize) W * H; i++)
      g_assert_cmpint (map.data[i], ==, 235);   /* white luma, 16-235 */
    gst_buffer_unmap (out, &map);
  }
  assert_warning_mentions (bus, "Too many");
  gst_buffer_unref (out);
  gst_buffer_unref (in);
  gst_buffer_unref (orig);
  gst_harness_teardown (h);
  wf_test_release_with_bus (e, bus);
}

GST_END_TEST;

static Suite *
faceredact_suite (void)
{
  Suite *s = suite_create ("faceredact");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_formats_methods);
  tcase_add_test (tc, test_policies);
  tcase_add_test (tc, test_roi_type);
  tcase_add_test (tc, test_masks_exact);
  tcase_add_test (tc, test_invalid_runtime);
  tcase_add_test (tc, test_invalid_launch);
  tcase_add_test (tc, test_flood);
  return s;
}

GST_CHECK_MAIN (faceredact);
