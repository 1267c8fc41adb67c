/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Unit tests of the daemon's pure rules: the camera validator shared by the
 * file and the API, URI redaction and the scheme allow-list. */
#include <math.h>
#include <string.h>
#include <glib.h>

#include "wf-camera-config.h"
#include "wf-uri.h"

static void
test_redact (void)
{
  static const struct
  {
    const gchar *in, *out;
  } cases[] = {
    {"rtsp://admin:hunter22@10.0.0.5:554/live",
        "rtsp://admin:***@10.0.0.5:554/live"},
    {"rtsp://10.0.0.5/live", "rtsp://10.0.0.5/live"},
    {"rtsp://user@cam/x", "rtsp://user@cam/x"},
    {"http://cam/snap.cgi?user=admin&pwd=abcdef&res=hd",
        "http://cam/snap.cgi?user=admin&pwd=***&res=hd"},
    {"https://cam/s?token=xyz123&x=1&Signature=abc",
        "https://cam/s?token=***&x=1&Signature=***"},
    {"rtsp://a:p%40ss%3Aword@cam/x", "rtsp://a:***@cam/x"},
    {"file:///srv/video/lobby.mkv", "file:///srv/video/lobby.mkv"},
    /* not a URI: nothing after the scheme is kept */
    {"rtsp://a:b c@host/", "rtsp://a:***@host/"},
    {"rtsp://u:pw@[zz/x", "rtsp:***"},
    {"no uri at all", "***"},
    /* parses, but does not print back (tests/fuzz/regressions/uri) */
    {"file:.///", "file:***"},
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree gchar *r = wf_uri_redact (cases[i].in);
    g_assert_cmpstr (r, ==, cases[i].out);
  }
  g_assert_null (wf_uri_redact (NULL));
}

static void
test_scrub (void)
{
  const gchar *uri = "rtsp://admin:S3cretPw@cam:554/live?password=QpW99";
  g_autofree gchar *a = wf_uri_scrub ("Could not open rtsp://admin:S3cretPw@"
      "cam:554/live?password=QpW99 (tried)", uri);
  g_autofree gchar *b = wf_uri_scrub ("auth failed for admin:S3cretPw on "
      "cam, query password=QpW99", uri);
  g_autofree gchar *c = wf_uri_scrub ("nothing here", NULL);

  g_assert_cmpstr (a, ==, "Could not open rtsp://admin:***@cam:554/live?"
      "password=*** (tried)");
  g_assert_null (strstr (b, "S3cretPw"));
  g_assert_null (strstr (b, "QpW99"));
  g_assert_cmpstr (c, ==, "nothing here");
}

static gboolean
allowed (const gchar * uri, gboolean from_file, guint port)
{
  g_autoptr (GError) err = NULL;
  gboolean ok = wf_uri_check_source (uri, from_file, "127.0.0.1", port, &err);

  g_assert_true (ok == (err == NULL));
  return ok;
}

static void
test_schemes (void)
{
  static const gchar *const refused[] = { "pushfile:///etc/passwd",
    "splitfile:///etc/passwd", "multifile:///x", "fd://0", "appsrc://",
    "udp://0.0.0.0:5000", "v4l2:///dev/video0", "rtsp:///nohost",
    "http://127.0.0.1:8080/api/v1/health", "http://localhost:8080/",
    "http://LOCALHOST:8080/", "http://[::1]:8080/", "http://127.1:8080/",
    "http://2130706433:8080/", "http://0x7f.0.0.1:8080/",
    "http://0.0.0.0:8080/", "http://[::]:8080/",
    "http://[::ffff:127.0.0.1]:8080/", "https://127.0.0.1:8080/",
    "http://a.localhost:8080/", NULL
  };
  static const gchar *const accepted[] = { "rtsp://127.0.0.1:8080/x",
    "rtsps://cam/x", "RTSP://cam/x", "http://127.0.0.1:8081/x",
    "http://cam.example:8080/x", "https://10.1.2.3/x",
    "http://127.0.0.1/x", NULL
  };

  for (guint i = 0; refused[i]; i++)
    g_assert_false (allowed (refused[i], FALSE, 8080));
  for (guint i = 0; accepted[i]; i++)
    g_assert_true (allowed (accepted[i], FALSE, 8080));
  /* file only from the configuration file; the port unknown (0) cannot be
   * compared */
  g_assert_false (allowed ("file:///srv/a.mkv", FALSE, 8080));
  g_assert_true (allowed ("file:///srv/a.mkv", TRUE, 8080));
  g_assert_false (allowed ("pushfile:///srv/a.mkv", TRUE, 8080));
  g_assert_true (allowed ("http://127.0.0.1:8080/", TRUE, 0));
  /* default ports */
  g_assert_false (allowed ("http://127.0.0.1/", FALSE, 80));
  g_assert_false (allowed ("https://127.0.0.1/", FALSE, 443));
}

static void
test_keys (void)
{
  g_autofree gchar *names = wf_camera_key_names ();

  /* one name per key, the same in the file and JSON */
  g_assert_cmpstr (names, ==, "uri, substream, pipeline, zones, lines, "
      "enabled, loop, silence_timeout, backoff_initial, backoff_max, "
      "decode_threads");
  g_assert_true (wf_camera_key_find ("silence-timeout", TRUE) ==
      wf_camera_key_find ("silence_timeout", FALSE));
  g_assert_null (wf_camera_key_find ("silence-timeout", FALSE));
  g_assert_null (wf_camera_key_find ("colour", TRUE));
}

static void
test_setters (void)
{
  g_autoptr (WfCameraConfig) c = wf_camera_config_new ("a");
  g_autoptr (GError) err = NULL;
  const WfCameraKey *silence = wf_camera_key_find ("silence_timeout", FALSE);
  const WfCameraKey *uri = wf_camera_key_find ("uri", FALSE);
  g_autofree gchar *huge = g_strnfill (5000, 'a');

  g_assert_true (wf_camera_config_set_seconds (c, silence, 2.5, &err));
  g_assert_cmpuint (c->silence_ms, ==, 2500);
  g_assert_false (wf_camera_config_set_seconds (c, silence, 0.05, &err));
  g_assert_cmpstr (err->message, ==, "silence_timeout must be a number of "
      "seconds from 0.1 to 3600");
  g_clear_error (&err);
  g_assert_false (wf_camera_config_set_seconds (c, silence, NAN,
          &err));
  g_clear_error (&err);
  g_assert_cmpuint (c->silence_ms, ==, 2500);
  g_assert_false (wf_camera_config_set_string (c, uri, huge, &err));
  g_clear_error (&err);
  g_assert_false (wf_camera_config_set_string (c, uri, "rtsp://a/\nb", &err));
  g_clear_error (&err);
  g_assert_null (c->uri);
}

static void
test_count (void)
{
  g_autoptr (WfCameraConfig) c = wf_camera_config_new ("a");
  g_autoptr (GError) err = NULL;
  const WfCameraKey *threads = wf_camera_key_find ("decode_threads", FALSE);

  g_assert_nonnull (threads);
  g_assert_cmpint (threads->type, ==, WF_CAMERA_KEY_COUNT);
  /* the decoders' own choice unless said otherwise */
  g_assert_cmpuint (c->decode_threads, ==, 0);
  g_assert_true (wf_camera_config_set_count (c, threads, 0, &err));
  g_assert_cmpuint (c->decode_threads, ==, 0);
  g_assert_true (wf_camera_config_set_count (c, threads, 16, &err));
  g_assert_false (wf_camera_config_set_count (c, threads, 17, &err));
  g_assert_cmpstr (err->message, ==, "decode_threads must be a whole number "
      "from 0 to 16");
  g_clear_error (&err);
  g_assert_false (wf_camera_config_set_count (c, threads, G_MAXUINT64,
          &err));
  g_clear_error (&err);
  g_assert_cmpuint (c->decode_threads, ==, 16);
}

/* A sub-stream is analysed instead of the main stream; it is checked as
 * the uri is, and its password is scrubbed from messages as the uri's. */
static void
test_substream (void)
{
  g_autoptr (WfCameraConfig) c = wf_camera_config_new ("a");
  g_autoptr (GError) err = NULL;
  g_autofree gchar *ini = NULL;
  g_autofree gchar *scrubbed = NULL;
  const gchar *field = NULL;

  c->uri = g_strdup ("rtsp://admin:mainsecret@cam/Streaming/Channels/101");
  g_assert_cmpstr (wf_camera_config_source_uri (c), ==, c->uri);
  c->substream = g_strdup ("not a uri");
  g_assert_false (wf_camera_config_validate (c, WF_CAMERA_FROM_API,
          "127.0.0.1", 8080, &field, &err));
  g_assert_cmpstr (field, ==, "substream");
  g_assert_nonnull (strstr (err->message, "substream must be an absolute"));
  g_clear_error (&err);
  g_free (c->substream);
  /* file URIs only from the configuration file, as for uri */
  c->substream = g_strdup ("file:///srv/sub.mkv");
  g_assert_false (wf_camera_config_validate (c, WF_CAMERA_FROM_API,
          "127.0.0.1", 8080, &field, &err));
  g_assert_cmpstr (field, ==, "substream");
  g_assert_true (g_str_has_prefix (err->message, "substream: "));
  g_clear_error (&err);
  g_free (c->substream);
  c->substream = g_strdup ("rtsp://admin:subsecret@cam/Streaming/Channels/102");
  g_assert_true (wf_camera_config_validate (c, WF_CAMERA_FROM_API,
          "127.0.0.1", 8080, &field, &err));
  g_assert_no_error (err);
  g_assert_cmpstr (wf_camera_config_source_uri (c), ==, c->substream);
  scrubbed = wf_camera_config_scrub (c, "could not open "
      "rtsp://admin:subsecret@cam/Streaming/Channels/102 nor "
      "rtsp://admin:mainsecret@cam/Streaming/Channels/101 (subsecret)");
  g_assert_null (strstr (scrubbed, "subsecret"));
  g_assert_null (strstr (scrubbed, "mainsecret"));
  g_assert_nonnull (strstr (scrubbed, "Channels/102"));
  /* both written back to the site's camera list */
  c->decode_threads = 2;
  ini = wf_camera_config_to_ini (c);
  g_assert_nonnull (strstr (ini, "substream=rtsp://admin:subsecret@cam/"));
  g_assert_nonnull (strstr (ini, "decode_threads=2"));
}

static gboolean
validate (WfCameraConfig * c, WfCameraOrigin origin, const gchar ** field)
{
  g_autoptr (GError) err = NULL;
  gboolean ok = wf_camera_config_validate (c, origin, "127.0.0.1", 8080,
      field, &err);

  g_assert_true (ok == (err == NULL));
  return ok;
}

static void
test_validate (void)
{
  g_autoptr (WfCameraConfig) c = wf_camera_config_new ("a");
  const gchar *field = NULL;

  g_assert_false (validate (c, WF_CAMERA_FROM_API, &field));
  g_assert_cmpstr (field, ==, "uri");
  c->uri = g_strdup ("file:///srv/a.mkv");
  g_assert_false (validate (c, WF_CAMERA_FROM_API, &field));
  g_assert_cmpstr (field, ==, "uri");
  g_assert_true (validate (c, WF_CAMERA_FROM_FILE, &field));
  g_assert_null (field);
  c->pipeline = g_strdup ("../x");
  g_assert_false (validate (c, WF_CAMERA_FROM_FILE, &field));
  g_assert_cmpstr (field, ==, "pipeline");
  g_clear_pointer (&c->pipeline, g_free);
  c->backoff_initial_ms = 5000;
  c->backoff_max_ms = 1000;
  g_assert_false (validate (c, WF_CAMERA_FROM_FILE, &field));
  g_assert_cmpstr (field, ==, "backoff_max");
  c->backoff_max_ms = 5000;
  c->zones = g_strdup ("room=0,0 1,0");
  g_assert_false (validate (c, WF_CAMERA_FROM_FILE, &field));
  g_assert_cmpstr (field, ==, "zones");
  g_clear_pointer (&c->zones, g_free);
  c->lines = g_strdup ("door");
  g_assert_false (validate (c, WF_CAMERA_FROM_FILE, &field));
  g_assert_cmpstr (field, ==, "lines");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/uri/redact", test_redact);
  g_test_add_func ("/uri/scrub", test_scrub);
  g_test_add_func ("/uri/schemes", test_schemes);
  g_test_add_func ("/camera-config/keys", test_keys);
  g_test_add_func ("/camera-config/setters", test_setters);
  g_test_add_func ("/camera-config/validate", test_validate);
  g_test_add_func ("/camera-config/count", test_count);
  g_test_add_func ("/camera-config/substream", test_substream);
  return g_test_run ();
}
