/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Unit tests of the configuration file's parsing (wf-config.c), without a
 * daemon: values and defaults, relative paths, the token rules, the older
 * key spellings, and every refusal naming the file, the line and why. */
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "wf-config.h"

/* Loads @data as the file "/etc/wf/test.conf"; NULL on error. */
static WfConfig *
load (const gchar * data, GError ** error)
{
  return wf_config_new_from_data (data, "/etc/wf/test.conf", error);
}

static void
test_values (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (WfConfig) c = load ("# comment\n"
      "[server]\n"
      "address = ::1\n"
      "port = 9090\n"
      "token = 0123456789abcdef0123\n"
      "database = db/results.db\n"
      "gallery = /var/lib/wf/gallery.db\n"
      "retention-days = 7\n"
      "max-body-bytes = 2048\n"
      "pipeline-dir = pipes\n"
      "public-health = true\n"
      "\n"
      "[camera:door]\n"
      "uri = rtsp://cam.local/stream\n"
      "zones = hall=0,0 1,0 1,1 0,1\n"
      "lines = gate=0.5,0 0.5,1\n"
      "pipeline = detect\n"
      "enabled = false\n"
      "silence_timeout = 2.5\n"
      "backoff_initial = 0.5\n"
      "backoff_max = 10\n"
      "[camera:lobby]\n"
      "uri = file:///srv/lobby.mkv\n"
      "loop = true\n", &err);
  GPtrArray *cams;
  WfCameraConfig *d, *l;

  g_assert_no_error (err);
  g_assert_cmpstr (wf_config_get_address (c), ==, "::1");
  g_assert_cmpuint (wf_config_get_port (c), ==, 9090);
  g_assert_cmpstr (wf_config_get_token (c), ==, "0123456789abcdef0123");
  /* relative paths are the file's folder's */
  g_assert_cmpstr (wf_config_get_database (c), ==, "/etc/wf/db/results.db");
  g_assert_cmpstr (wf_config_get_gallery (c), ==, "/var/lib/wf/gallery.db");
  g_assert_cmpstr (wf_config_get_pipeline_dir (c), ==, "/etc/wf/pipes");
  g_assert_cmpuint (wf_config_get_retention_days (c), ==, 7);
  g_assert_cmpuint (wf_config_get_max_body_bytes (c), ==, 2048);
  g_assert_true (wf_config_get_public_health (c));
  g_assert_null (wf_config_get_mqtt (c));

  cams = wf_config_get_cameras (c);
  g_assert_cmpuint (cams->len, ==, 2);
  d = g_ptr_array_index (cams, 0);
  l = g_ptr_array_index (cams, 1);
  /* file order */
  g_assert_cmpstr (d->id, ==, "door");
  g_assert_cmpstr (d->uri, ==, "rtsp://cam.local/stream");
  g_assert_cmpstr (d->zones, ==, "hall=0,0 1,0 1,1 0,1");
  g_assert_cmpstr (d->lines, ==, "gate=0.5,0 0.5,1");
  g_assert_cmpstr (d->pipeline, ==, "detect");
  g_assert_false (d->enabled);
  g_assert_false (d->loop);
  g_assert_cmpuint (d->silence_ms, ==, 2500);
  g_assert_cmpuint (d->backoff_initial_ms, ==, 500);
  g_assert_cmpuint (d->backoff_max_ms, ==, 10000);
  g_assert_cmpstr (l->id, ==, "lobby");
  g_assert_true (l->loop);
  g_assert_true (l->enabled);
  g_assert_null (l->pipeline);
  g_assert_null (l->zones);
}

static void
test_defaults (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (WfConfig) empty = load ("", &err);
  g_autoptr (WfConfig) fresh = wf_config_new ();
  g_autoptr (WfConfig) cam = NULL;
  WfCameraConfig *c, *d;

  g_assert_no_error (err);
  g_assert_cmpstr (wf_config_get_address (empty), ==, "127.0.0.1");
  g_assert_cmpuint (wf_config_get_port (empty), ==,
      wf_config_get_port (fresh));
  g_assert_cmpuint (wf_config_get_retention_days (empty), ==,
      wf_config_get_retention_days (fresh));
  g_assert_null (wf_config_get_token (empty));
  g_assert_false (wf_config_get_public_health (empty));
  g_assert_cmpuint (wf_config_get_cameras (empty)->len, ==, 0);

  /* a camera with only a URI has the defaults of a new one */
  cam = load ("[camera:a]\nuri=rtsp://h/x\n", &err);
  g_assert_no_error (err);
  c = g_ptr_array_index (wf_config_get_cameras (cam), 0);
  d = wf_camera_config_new ("a");
  g_assert_true (c->enabled == d->enabled && c->loop == d->loop);
  g_assert_cmpuint (c->silence_ms, ==, d->silence_ms);
  g_assert_cmpuint (c->backoff_initial_ms, ==, d->backoff_initial_ms);
  g_assert_cmpuint (c->backoff_max_ms, ==, d->backoff_max_ms);
  wf_camera_config_free (d);
}

/* The API's spellings (silence-timeout) are read as the file's. */
static void
test_aliases (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (WfConfig) c = load ("[camera:a]\nuri=rtsp://h/x\n"
      "silence-timeout = 3\nbackoff-initial = 2\nbackoff-max = 4\n", &err);
  WfCameraConfig *cam;

  g_assert_no_error (err);
  cam = g_ptr_array_index (wf_config_get_cameras (c), 0);
  g_assert_cmpuint (cam->silence_ms, ==, 3000);
  g_assert_cmpuint (cam->backoff_initial_ms, ==, 2000);
  g_assert_cmpuint (cam->backoff_max_ms, ==, 4000);
}

/* Each bad file is refused with the file, the line and the reason. */
static void
test_refusals (void)
{
  static const struct
  {
    const gchar *data;
    WfConfigError code;
    const gchar *message;       /* a glob the message must match */
  } cases[] = {
    {"[server\n", WF_CONFIG_ERROR_SYNTAX,
        "/etc/wf/test.conf:1: a group header must look like [name]"},
    {"port = 1\n", WF_CONFIG_ERROR_SYNTAX,
        "/etc/wf/test.conf:1: key outside of any group"},
    {"[server]\njust words\n", WF_CONFIG_ERROR_SYNTAX,
        "/etc/wf/test.conf:2: expected [group], key=value or # comment"},
    {"[server]\nport=1\n[server]\n", WF_CONFIG_ERROR_SYNTAX,
        "/etc/wf/test.conf:3: group [server] appears twice"},
    {"[server]\nport=1\nport=2\n", WF_CONFIG_ERROR_SYNTAX,
        "/etc/wf/test.conf:3: key 'port' appears twice in [server]"},
    {"[server]\n\nport = 70000\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:3:*port*"},
    {"[server]\nport = eighty\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:2:*port*"},
    {"[server]\nretention-days = 0\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:2:*retention-days*"},
    {"[server]\nmax-body-bytes = 10\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:2:*max-body-bytes*"},
    {"[server]\nspeed = 3\n", WF_CONFIG_ERROR_UNKNOWN_KEY,
        "/etc/wf/test.conf:2:*speed*"},
    {"[server]\naddress = camera.example\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:2: address must be a numeric IPv4 or IPv6 "
          "address or localhost, not 'camera.example'"},
    {"[server]\naddress =\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:2: address must not be empty"},
    {"[server]\ntoken = short\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:2:*at least 16 characters*"},
    {"[server]\ntoken = 0123456789 abcdef0123\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:2:*printable ASCII without spaces*"},
    {"[server]\ntoken = 0123456789abcdef0123\ntoken-file = t\n",
        WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:3: set token or token-file, not both"},
    {"[server]\ntoken-file = /nonexistent/wf-token\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:2: cannot read token-file:*"},
    {"[server]\npublic-health = maybe\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:2:*public-health*"},
    {"[server]\ndatabase =\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:2: database must not be empty"},
    /* issue 16: a bad PostgreSQL URI, the password never shown */
    {"[server]\ndatabase = postgresql://wf:s3cret@db.example\n",
        WF_CONFIG_ERROR_VALUE, "/etc/wf/test.conf:2: 'postgresql://wf:"
          "***@db.example' names no database*"},
    {"[server]\ndatabase = postgresql://wf:s3cret@/wf\n",
        WF_CONFIG_ERROR_VALUE, "/etc/wf/test.conf:2: *names no host*"},
    /* issue 18: named tokens, for the audit */
    {"[tokens]\nHR = 0123456789abcdef0123\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:2: token name 'HR': 1-32 of a-z*"},
    {"[tokens]\ntoken = 0123456789abcdef0123\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:2: token name 'token':*"},
    {"[tokens]\nloopback = 0123456789abcdef0123\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:2: token name 'loopback':*"},
    {"[tokens]\nhr = short\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:2: token hr: *at least 16 characters*"},
    {"[tokens]\nhr = 0123456789abcdef0123\nops = 0123456789abcdef0123\n",
        WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:3: token ops is the same as token hr*"},
    {"[server]\ntoken = 0123456789abcdef0123\n[tokens]\n"
          "hr = 0123456789abcdef0123\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:4: token hr is the same as [server] token*"},
    {"[cameras]\n", WF_CONFIG_ERROR_UNKNOWN_KEY,
        "/etc/wf/test.conf:1: unknown group [cameras]*"},
    {"[camera:a b]\nuri=rtsp://h/x\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:1: camera id 'a b' must be*"},
    {"[camera:a]\nzones = z=0,0 1,0 1,1\n", WF_CONFIG_ERROR_MISSING,
        "/etc/wf/test.conf:1: [camera:a] needs a uri"},
    {"[camera:a]\nuri=rtsp://h/x\ncolour = red\n", WF_CONFIG_ERROR_UNKNOWN_KEY,
        "/etc/wf/test.conf:3: unknown key 'colour' in [camera:a] (known:*"},
    {"[camera:a]\nuri=rtsp://h/x\nenabled = yes\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:3: enabled must be true or false, not 'yes'"},
    {"[camera:a]\nuri=rtsp://h/x\nsilence_timeout = soon\n",
        WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:3: silence_timeout must be a number of seconds "
          "from 0.1 to 3600, not 'soon'"},
    {"[camera:a]\nuri=rtsp://h/x\nsilence_timeout = 3\n"
          "silence-timeout = 4\n", WF_CONFIG_ERROR_VALUE,
        "*set silence_timeout or its older spelling silence-timeout, not "
          "both"},
    /* across keys: reported at the key as the file spells it */
    {"[camera:a]\nuri=rtsp://h/x\nbackoff-initial = 9\n"
          "backoff-max = 2\n", WF_CONFIG_ERROR_VALUE,
        "/etc/wf/test.conf:4: backoff-max: backoff_max must not be smaller "
          "than backoff_initial"},
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) err = NULL;
    g_autoptr (WfConfig) c = load (cases[i].data, &err);

    if (c != NULL || !g_error_matches (err, WF_CONFIG_ERROR, cases[i].code) ||
        !g_pattern_match_simple (cases[i].message, err->message))
      g_error ("case %u (%s): expected code %d \"%s\", got %s %d \"%s\"", i,
          cases[i].data, cases[i].code, cases[i].message, c ? "a config" :
          "", err ? err->code : -1, err ? err->message : "no error");
  }
}

static void
test_not_utf8 (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (WfConfig) c = load ("[server]\naddress = \xff\xfe\n", &err);

  g_assert_null (c);
  g_assert_error (err, WF_CONFIG_ERROR, WF_CONFIG_ERROR_SYNTAX);
  g_assert_cmpstr (err->message, ==, "/etc/wf/test.conf: not valid UTF-8 "
      "text");
}

static void
test_token_file (void)
{
  g_autoptr (GError) err = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("wf-config-XXXXXX", &err);
  g_autofree gchar *conf = NULL, *token = NULL, *data = NULL;
  g_autoptr (WfConfig) c = NULL;
  g_autoptr (WfConfig) bad = NULL;

  g_assert_no_error (err);
  token = g_build_filename (dir, "token", NULL);
  conf = g_build_filename (dir, "wf.conf", NULL);
  /* surrounding white space (a trailing newline) is not the token's */
  g_assert_true (g_file_set_contents (token, "  0123456789abcdefXYZ\n", -1,
          NULL));
  /* relative to the configuration file */
  c = wf_config_new_from_data ("[server]\ntoken-file = token\n", conf, &err);
  g_assert_no_error (err);
  g_assert_cmpstr (wf_config_get_token (c), ==, "0123456789abcdefXYZ");

  g_assert_true (g_file_set_contents (token, "tooshort\n", -1, NULL));
  bad = wf_config_new_from_data ("[server]\ntoken-file = token\n", conf,
      &err);
  g_assert_null (bad);
  g_assert_error (err, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE);
  g_assert_nonnull (strstr (err->message, "at least 16 characters"));
  g_clear_error (&err);

  /* from a file on disk, and a file that is not there */
  data = g_strdup_printf ("[server]\nport = 8181\n");
  g_assert_true (g_file_set_contents (conf, data, -1, NULL));
  g_clear_object (&c);
  c = wf_config_new_from_file (conf, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (wf_config_get_port (c), ==, 8181);
  g_assert_null (wf_config_new_from_file ("/nonexistent/wf.conf", &err));
  g_assert_error (err, WF_CONFIG_ERROR, WF_CONFIG_ERROR_IO);

  g_unlink (token);
  g_unlink (conf);
  g_rmdir (dir);
}

/* A postgresql:// database is kept as written, not made a path. */
static void
test_database_uri (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (WfConfig) c = load ("[server]\n"
      "database = postgresql://wf:s3cret@10.0.0.5:5432/site\n", &err);

  g_assert_no_error (err);
  g_assert_cmpstr (wf_config_get_database (c), ==,
      "postgresql://wf:s3cret@10.0.0.5:5432/site");
}

static void
test_loopback (void)
{
  g_assert_true (wf_address_is_loopback ("127.0.0.1"));
  g_assert_true (wf_address_is_loopback ("127.8.9.10"));
  g_assert_true (wf_address_is_loopback ("::1"));
  g_assert_true (wf_address_is_loopback ("localhost"));
  g_assert_false (wf_address_is_loopback ("0.0.0.0"));
  g_assert_false (wf_address_is_loopback ("::"));
  g_assert_false (wf_address_is_loopback ("192.0.2.1"));
  g_assert_false (wf_address_is_loopback ("not an address"));
}

/* [tokens]: each presented token is told by its name; [server] token is
 * "token"; anything else, a prefix or a longer string, is no one. */
static void
test_named_tokens (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (WfConfig) none = wf_config_new_from_data ("[server]\nport=1\n",
      "/etc/wf/test.conf", &err);
  g_autoptr (WfConfig) c = wf_config_new_from_data ("[tokens]\n"
      "hr = hr-0123456789abcdef\nops_2 = ops-0123456789abcdef\n[server]\n"
      "token = server-0123456789abcdef\n", "/etc/wf/test.conf", &err);
  g_autoptr (WfConfig) only = NULL;

  g_assert_no_error (err);
  g_assert_false (wf_config_has_token (none));
  g_assert_null (wf_config_match_token (none, "hr-0123456789abcdef"));
  g_assert_true (wf_config_has_token (c));
  g_assert_cmpstr (wf_config_match_token (c, "hr-0123456789abcdef"), ==, "hr");
  g_assert_cmpstr (wf_config_match_token (c, "ops-0123456789abcdef"), ==,
      "ops_2");
  g_assert_cmpstr (wf_config_match_token (c, "server-0123456789abcdef"), ==,
      "token");
  g_assert_null (wf_config_match_token (c, "hr-0123456789abcde"));
  g_assert_null (wf_config_match_token (c, "hr-0123456789abcdef0"));
  g_assert_null (wf_config_match_token (c, ""));
  /* named tokens alone are tokens: the API takes changes */
  only = wf_config_new_from_data ("[tokens]\nhr = hr-0123456789abcdef\n",
      "/etc/wf/test.conf", &err);
  g_assert_no_error (err);
  g_assert_true (wf_config_has_token (only));
  g_assert_null (wf_config_get_token (only));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/config/values", test_values);
  g_test_add_func ("/config/defaults", test_defaults);
  g_test_add_func ("/config/aliases", test_aliases);
  g_test_add_func ("/config/refusals", test_refusals);
  g_test_add_func ("/config/not-utf8", test_not_utf8);
  g_test_add_func ("/config/token-file", test_token_file);
  g_test_add_func ("/config/named-tokens", test_named_tokens);
  g_test_add_func ("/config/loopback", test_loopback);
  g_test_add_func ("/config/database-uri", test_database_uri);
  return g_test_run ();
}
