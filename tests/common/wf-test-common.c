/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-test-common.h"

#include <stdarg.h>
#include <stdlib.h>

static const gchar *
testdata_dir (void)
{
  const gchar *d = g_getenv ("WF_TESTDATA_DIR");
  return d ? d : "../shared/testdata";
}

void
wf_test_require_testdata (void)
{
  if (!g_file_test (testdata_dir (), G_FILE_TEST_IS_DIR)) {
    g_printerr ("SKIP: shared test data not found at %s (set WF_TESTDATA_DIR "
        "or configure with -Dshared_dir=...)\n", testdata_dir ());
    exit (77);
  }
}

gboolean
wf_test_have_data (const gchar * relpath, ...)
{
  va_list ap;
  gboolean ok = TRUE;

  va_start (ap, relpath);
  for (const gchar * r = relpath; r && ok; r = va_arg (ap, const gchar *)) {
    g_autofree gchar *path = wf_test_data_path (r);

    if (!g_file_test (path, G_FILE_TEST_EXISTS)) {
      g_test_skip_printf ("needs %s of the shared test data (set "
          "WF_TESTDATA_DIR or configure with -Dshared_dir=...)", path);
      ok = FALSE;
    }
  }
  va_end (ap);
  return ok;
}

gchar *
wf_test_data_path (const gchar * relpath)
{
  return g_build_filename (testdata_dir (), relpath, NULL);
}

gchar *
wf_test_shared_model (const gchar * name)
{
  const gchar *d = g_getenv ("WF_SHARED_MODELS_DIR");
  return g_build_filename (d ? d : "../shared/models", name, NULL);
}

gchar *
wf_test_face_photo (const gchar * relpath, guint sample)
{
  const gchar *face_api = g_getenv ("WF_FACE_API_DIR");
  g_autofree gchar *shared = wf_test_data_path (relpath);
  g_autofree gchar *name = NULL;
  gchar *demo;

  if (g_file_test (shared, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&shared);
  if (face_api == NULL || sample < 1 || sample > 6)
    return NULL;
  name = g_strdup_printf ("sample%u.jpg", sample);
  demo = g_build_filename (face_api, "demo", name, NULL);
  if (!g_file_test (demo, G_FILE_TEST_IS_REGULAR))
    g_clear_pointer (&demo, g_free);
  return demo;
}

GstBuffer *
wf_test_load_image (const gchar * path, GstVideoFormat format, gint width,
    gint height, GstVideoInfo * info)
{
  g_autofree gchar *desc = NULL;
  g_autofree gchar *size = NULL;
  GstElement *pipeline, *sink;
  GstSample *sample = NULL;
  GstBuffer *buf = NULL;
  GError *err = NULL;

  if (width > 0 && height > 0)
    size = g_strdup_printf (",width=%d,height=%d,pixel-aspect-ratio=1/1",
        width, height);
  desc = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! videoconvert "
      "! videoscale ! video/x-raw,format=%s%s ! appsink name=sink sync=false",
      path, gst_video_format_to_string (format), size ? size : "");
  pipeline = gst_parse_launch (desc, &err);
  g_assert_no_error (err);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  g_signal_emit_by_name (sink, "pull-preroll", &sample);
  if (sample == NULL)
    g_error ("could not decode %s", path);
  buf = gst_buffer_ref (gst_sample_get_buffer (sample));
  if (info)
    g_assert_true (gst_video_info_from_caps (info, gst_sample_get_caps (sample)));
  gst_sample_unref (sample);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  return buf;
}

GstCaps *
wf_test_caps_for_info (const GstVideoInfo * info)
{
  GstVideoInfo copy = *info;
  /* Still images have no frame rate; elements under test want one. */
  if (copy.fps_n == 0) {
    copy.fps_n = 30;
    copy.fps_d = 1;
  }
  return gst_video_info_to_caps (&copy);
}

void
wf_test_release_with_bus (GstElement * e, GstBus * bus)
{
  gst_bus_set_flushing (bus, TRUE);
  gst_element_set_bus (e, NULL);
  gst_object_unref (bus);
  gst_object_unref (e);
}

GstBuffer *
wf_test_noise_frame (GstVideoInfo * info, GstVideoFormat format, gint width,
    gint height, guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  GstBuffer *buf;
  GstMapInfo map;

  gst_video_info_set_format (info, format, width, height);
  buf = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (info), NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (gsize i = 0; i < map.size; i++)
    map.data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = 0;
  GST_BUFFER_DURATION (buf) = 40 * GST_MSECOND;
  return buf;
}
