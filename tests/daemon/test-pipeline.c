/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Unit tests of the camera pipeline builder (wf-pipeline.c), the one that
 * both a running camera and --check-config use: template filling and
 * quoting, the values a camera gives, template lookup, and the errors of a
 * bad template, which never show the camera's password. */
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <gst/gst.h>

#include "wf-pipeline.h"

static void
test_fill (void)
{
  static const struct
  {
    const gchar *tmpl, *out;
  } cases[] = {
    {"src uri={uri} ! sink", "src uri=\"rtsp://h/x\" ! sink"},
    /* quoted for gst-launch: quotes and backslashes escaped */
    {"a name={name}", "a name=\"say \\\"hi\\\" \\\\ bye\""},
    /* the same name twice, an empty and a NULL value */
    {"{uri}{uri} {empty} {none}", "\"rtsp://h/x\"\"rtsp://h/x\" \"\" \"\""},
    /* caps lists and other braces are not placeholders */
    {"video/x-raw,format={ I420, NV12 }", "video/x-raw,format={ I420, NV12 }"},
    {"{Upper} {} {a b} {uri", "{Upper} {} {a b} {uri"},
    {"{dash-1}", "\"d\""},
    {"", ""},
  };
  const gchar *values[] = {
    "uri", "rtsp://h/x",
    "name", "say \"hi\" \\ bye",
    "empty", "",
    "none", NULL,
    "dash-1", "d",
    NULL, NULL
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) err = NULL;
    g_autofree gchar *out = wf_pipeline_fill (cases[i].tmpl, values, &err);

    g_assert_no_error (err);
    g_assert_cmpstr (out, ==, cases[i].out);
  }
}

static void
test_fill_unknown (void)
{
  const gchar *values[] = { "uri", "x", NULL, NULL };
  g_autoptr (GError) err = NULL;
  g_autofree gchar *out = wf_pipeline_fill ("src {uri} ! x {zone}", values,
      &err);

  g_assert_null (out);
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (err->message, ==, "unknown placeholder {zone} in the "
      "template");
}

typedef struct
{
  gchar *dir;
} Fixture;

static void
fixture_set_up (Fixture * f, gconstpointer data)
{
  g_autoptr (GError) err = NULL;

  f->dir = g_dir_make_tmp ("wf-pipeline-XXXXXX", &err);
  g_assert_no_error (err);
}

static void
fixture_tear_down (Fixture * f, gconstpointer data)
{
  g_autoptr (GDir) d = g_dir_open (f->dir, 0, NULL);
  const gchar *name;

  while (d && (name = g_dir_read_name (d))) {
    g_autofree gchar *p = g_build_filename (f->dir, name, NULL);
    g_unlink (p);
  }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
write_template (Fixture * f, const gchar * name, const gchar * text)
{
  g_autofree gchar *file = g_strconcat (name, ".pipeline", NULL);
  g_autofree gchar *p = g_build_filename (f->dir, file, NULL);

  g_assert_true (g_file_set_contents (p, text, -1, NULL));
}

static WfCameraConfig *
camera (const gchar * uri, const gchar * pipeline)
{
  WfCameraConfig *c = wf_camera_config_new ("cam1");

  c->uri = g_strdup (uri);
  c->pipeline = g_strdup (pipeline);
  return c;
}

/* Files never drop and play at their pace; live sources drop the oldest
 * frames and take frames as they come. */
static void
test_describe (Fixture * f, gconstpointer data)
{
  static const struct
  {
    const gchar *uri, *leaky, *sync;
  } cases[] = {
    {"file:///srv/a.mkv", "no", "true"},
    {"FILE:///srv/a.mkv", "no", "true"},
    {"rtsp://u:pw@cam/x", "downstream", "false"},
    {"https://cam/mjpeg", "downstream", "false"},
  };

  write_template (f, "t", "src uri={uri} cam={camera} z={zones} l={lines}\n"
      "  ! queue leaky={leaky} ! m gallery={gallery}\r\n  ! sink sync={sync}\n");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (WfCameraConfig) c = camera (cases[i].uri, "t");
    g_autoptr (GError) err = NULL;
    g_autofree gchar *path = NULL;
    g_autofree gchar *want = NULL;
    g_autofree gchar *desc = NULL;
    g_autofree gchar *tpath = g_build_filename (f->dir, "t.pipeline", NULL);

    c->zones = g_strdup ("hall=0,0 1,0 1,1");
    desc = wf_pipeline_describe (c, f->dir, "/g.db", &path, &err);
    g_assert_no_error (err);
    /* one line: the template's line breaks are spaces */
    want = g_strdup_printf ("src uri=\"%s\" cam=\"cam1\" z=\"hall=0,0 1,0 1,1\""
        " l=\"\"   ! queue leaky=\"%s\" ! m gallery=\"/g.db\"    ! sink "
        "sync=\"%s\" ", cases[i].uri, cases[i].leaky, cases[i].sync);
    g_assert_cmpstr (desc, ==, want);
    g_assert_cmpstr (path, ==, tpath);
  }
}

/* A camera with a sub-stream decodes and analyses it, not its main
 * stream: {uri} is the sub-stream, and leaky and sync follow its kind. */
static void
test_describe_substream (Fixture * f, gconstpointer data)
{
  g_autoptr (WfCameraConfig) c = camera ("rtsp://u:pw@cam/main", "t");
  g_autoptr (GError) err = NULL;
  g_autofree gchar *desc = NULL;

  write_template (f, "t", "src uri={uri} ! queue leaky={leaky} ! sink "
      "sync={sync}");
  c->substream = g_strdup ("file:///srv/sub.mkv");
  desc = wf_pipeline_describe (c, f->dir, NULL, NULL, &err);
  g_assert_no_error (err);
  g_assert_cmpstr (desc, ==, "src uri=\"file:///srv/sub.mkv\" ! queue "
      "leaky=\"no\" ! sink sync=\"true\"");
  g_clear_pointer (&desc, g_free);
  g_free (c->substream);
  c->substream = g_strdup ("rtsp://u:pw@cam/sub");
  desc = wf_pipeline_describe (c, f->dir, NULL, NULL, &err);
  g_assert_cmpstr (desc, ==, "src uri=\"rtsp://u:pw@cam/sub\" ! queue "
      "leaky=\"downstream\" ! sink sync=\"false\"");
}

static gint
find_decoder (gconstpointer item, gconstpointer unused)
{
  GstElement *e = GST_ELEMENT (g_value_get_object (item));
  GstElementFactory *f = gst_element_get_factory (e);

  return f && g_str_has_prefix (GST_OBJECT_NAME (f), "avdec_") ? 0 : 1;
}

/* Runs the template with decode_threads @threads to the end and returns
 * the max-threads of the decoder decodebin picked. */
static gint
decoder_threads (Fixture * f, guint threads)
{
  g_autoptr (WfCameraConfig) c = camera ("file:///nowhere.mkv", "dec");
  g_autoptr (GError) err = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) msg = NULL;
  g_auto (GValue) found = G_VALUE_INIT;
  GstIterator *it;
  GstElement *p;
  gint n = -1;

  c->decode_threads = threads;
  p = wf_pipeline_build (c, f->dir, NULL, NULL, NULL, &err);
  g_assert_no_error (err);
  bus = gst_element_get_bus (p);
  g_assert_cmpint (gst_element_set_state (p, GST_STATE_PLAYING), !=,
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    g_autoptr (GError) e = NULL;
    gst_message_parse_error (msg, &e, NULL);
    g_error ("%s", e->message);
  }
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  it = gst_bin_iterate_recurse (GST_BIN (p));
  if (gst_iterator_find_custom (it, find_decoder, &found, NULL))
    g_object_get (g_value_get_object (&found), "max-threads", &n, NULL);
  gst_iterator_free (it);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
  return n;
}

/* decode_threads reaches the decoder decodebin creates inside the
 * template; 0 leaves the decoder's own choice (its default, 0 = auto). */
static void
test_decode_threads (Fixture * f, gconstpointer data)
{
  if (!gst_registry_check_feature_version (gst_registry_get (),
          "avenc_mpeg4", 1, 0, 0)) {
    g_test_skip ("gst-libav's avenc_mpeg4 is not installed");
    return;
  }
  write_template (f, "dec", "videotestsrc num-buffers=5 ! "
      "video/x-raw,width=64,height=48 ! avenc_mpeg4 ! decodebin ! "
      "fakesink name=sink sync=false");
  g_assert_cmpint (decoder_threads (f, 3), ==, 3);
  g_assert_cmpint (decoder_threads (f, 1), ==, 1);
  g_assert_cmpint (decoder_threads (f, 0), ==, 0);
}

static void
test_describe_errors (Fixture * f, gconstpointer data)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (WfCameraConfig) bad = camera ("rtsp://h/x", "bad");
  g_autoptr (WfCameraConfig) absent = camera ("rtsp://h/x",
      "no-such-template-anywhere");
  g_autoptr (WfCameraConfig) evil = camera ("rtsp://h/x", "../../etc/passwd");
  g_autofree gchar *bad_path = g_build_filename (f->dir, "bad.pipeline",
      NULL);
  g_autofree gchar *want = g_strdup_printf ("%s: unknown placeholder "
      "{colour} in the template", bad_path);

  write_template (f, "bad", "src uri={uri} ! sink colour={colour}");
  g_assert_null (wf_pipeline_describe (bad, f->dir, NULL, NULL, &err));
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (err->message, ==, want);
  g_clear_error (&err);

  g_assert_null (wf_pipeline_describe (absent, f->dir, NULL, NULL, &err));
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (err->message, "pipeline template "
          "'no-such-template-anywhere.pipeline' not found (looked in "));
  g_assert_nonnull (strstr (err->message, f->dir));
  g_clear_error (&err);

  g_assert_null (wf_pipeline_describe (evil, f->dir, NULL, NULL, &err));
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (err->message, ==, "'../../etc/passwd' is not a template "
      "name");
}

/* The templates we ship fill with the values a camera gives: no template
 * names a placeholder the builder does not know. */
static void
test_shipped_templates (void)
{
  static const gchar *names[] = { "default", "detect", "people", "decode" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    g_autoptr (WfCameraConfig) c = camera ("rtsp://u:pw@cam/x", names[i]);
    g_autoptr (GError) err = NULL;
    g_autofree gchar *path = NULL;
    g_autofree gchar *desc = wf_pipeline_describe (c, NULL, "/g.db", &path,
        &err);

    g_assert_no_error (err);
    g_assert_nonnull (strstr (desc, "uri=\"rtsp://u:pw@cam/x\""));
    g_assert_null (strchr (desc, '\n'));
    g_assert_true (g_str_has_suffix (path, ".pipeline"));
  }
}

static void
test_build (Fixture * f, gconstpointer data)
{
  g_autoptr (WfCameraConfig) c = camera ("file:///nowhere.mkv", "ok");
  g_autoptr (GError) err = NULL;
  g_autofree gchar *path = NULL;
  GstPad *pad = NULL;
  GstElement *p;

  write_template (f, "ok", "videotestsrc num-buffers=1 name=src ! "
      "identity name=x ! fakesink name=sink sync={sync}\n");
  p = wf_pipeline_build (c, f->dir, NULL, &path, &pad, &err);
  g_assert_no_error (err);
  g_assert_true (GST_IS_PIPELINE (p));
  /* named after the camera, the sink found by its name */
  g_assert_cmpstr (GST_OBJECT_NAME (p), ==, "cam1");
  g_assert_nonnull (pad);
  g_assert_cmpstr (GST_OBJECT_NAME (GST_PAD_PARENT (pad)), ==, "sink");
  g_assert_true (g_str_has_suffix (path, "ok.pipeline"));
  gst_object_unref (pad);
  gst_object_unref (p);
}

static void
test_build_errors (Fixture * f, gconstpointer data)
{
  static const struct
  {
    const gchar *name, *text, *message;
  } cases[] = {
    /* the password is in the description, never in the error */
    {"unknown", "videotestsrc ! wf_no_such_element uri={uri} ! fakesink",
        "template */unknown.pipeline: *wf_no_such_element*"},
    {"nosink", "videotestsrc",
        "template */nosink.pipeline is not a pipeline"},
    {"nopad", "videotestsrc ! identity name=a  videotestsrc ! identity",
        "template */nopad.pipeline has no sink element with a 'sink' pad"},
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (WfCameraConfig) c = camera ("rtsp://admin:Pw0rdXyz@cam/x",
        cases[i].name);
    g_autoptr (GError) err = NULL;

    write_template (f, cases[i].name, cases[i].text);
    g_assert_null (wf_pipeline_build (c, f->dir, NULL, NULL, NULL, &err));
    g_assert_nonnull (err);
    if (!g_pattern_match_simple (cases[i].message, err->message))
      g_error ("%s: \"%s\" is not \"%s\"", cases[i].name, err->message,
          cases[i].message);
    g_assert_null (strstr (err->message, "Pw0rdXyz"));
  }
}

/* With gst-plugins-bad's opencv plugin listed after ours, the registry's
 * `facedetect` is that plugin's: the builder refuses it, saying which plugin
 * and what to do (in a child process, whose registry sees that order). */
static void
test_foreign_facedetect (Fixture * f, gconstpointer data)
{
  const gchar *ours = g_getenv ("WF_PLUGIN_DIR");
  g_autofree gchar *opencv = g_build_filename (WF_TEST_GST_SYSTEM_PLUGIN_DIR,
      "libgstopencv.so", NULL);

  if (g_test_subprocess ()) {
    g_autoptr (WfCameraConfig) c = camera ("rtsp://u:pw@cam/x", "foreign");
    g_autoptr (GError) err = NULL;

    write_template (f, "foreign", "videotestsrc ! videoconvert ! facedetect "
        "! fakesink name=sink");
    g_assert_false (wf_pipeline_has_element ("facedetect"));
    g_assert_true (wf_pipeline_has_element ("occupancy"));
    g_assert_null (wf_pipeline_build (c, f->dir, NULL, NULL, NULL, &err));
    g_assert_nonnull (err);
    g_printerr ("%s\n", err->message);
    return;
  }
  if (ours == NULL || !g_file_test (opencv, G_FILE_TEST_EXISTS)) {
    g_test_skip ("needs WF_PLUGIN_DIR and gst-plugins-bad's opencv plugin "
        "(Debian gstreamer1.0-opencv)");
    return;
  }
  {
    g_autofree gchar *path = g_strconcat (ours, ":",
        WF_TEST_GST_SYSTEM_PLUGIN_DIR, NULL);
    g_autofree gchar *reg = g_build_filename (f->dir, "ours-first.registry",
        NULL);

    g_setenv ("GST_PLUGIN_PATH_1_0", path, TRUE);
    g_setenv ("GST_PLUGIN_SYSTEM_PATH_1_0", "", TRUE);
    g_setenv ("GST_REGISTRY_1_0", reg, TRUE);
  }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC,
      G_TEST_SUBPROCESS_INHERIT_STDOUT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*element 'facedetect' comes from the plugin "
      "'opencv', not from workforce-monitor's (uninstall that plugin, e.g. "
      "gstreamer1.0-opencv, or list our plugin directory after the system one "
      "in GST_PLUGIN_PATH)*");
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pipeline/fill", test_fill);
  g_test_add_func ("/pipeline/fill-unknown", test_fill_unknown);
  g_test_add ("/pipeline/describe", Fixture, NULL, fixture_set_up,
      test_describe, fixture_tear_down);
  g_test_add ("/pipeline/describe-substream", Fixture, NULL, fixture_set_up,
      test_describe_substream, fixture_tear_down);
  g_test_add ("/pipeline/decode-threads", Fixture, NULL, fixture_set_up,
      test_decode_threads, fixture_tear_down);
  g_test_add ("/pipeline/describe-errors", Fixture, NULL, fixture_set_up,
      test_describe_errors, fixture_tear_down);
  g_test_add_func ("/pipeline/shipped-templates", test_shipped_templates);
  g_test_add ("/pipeline/build", Fixture, NULL, fixture_set_up, test_build,
      fixture_tear_down);
  g_test_add ("/pipeline/build-errors", Fixture, NULL, fixture_set_up,
      test_build_errors, fixture_tear_down);
  g_test_add ("/pipeline/foreign-facedetect", Fixture, NULL, fixture_set_up,
      test_foreign_facedetect, fixture_tear_down);
  return g_test_run ();
}
