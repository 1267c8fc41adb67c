/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-mqtt-config.h"
#include "wf-config.h"

#include <string.h>

#define DEFAULT_PORT 1883
#define DEFAULT_TLS_PORT 8883
#define DEFAULT_PREFIX "workforce"
#define DEFAULT_QOS 1
#define DEFAULT_KEEPALIVE_S 30
#define DEFAULT_QUEUE_SIZE 10000
#define DEFAULT_QUEUE_BYTES (16 * 1024 * 1024)
#define DEFAULT_BACKOFF_INITIAL_MS 1000
#define DEFAULT_BACKOFF_MAX_MS 30000
#define DEFAULT_CONNECT_TIMEOUT_MS 10000
#define DEFAULT_STATS_INTERVAL_MS 60000
#define DEFAULT_PRESENCE_TIMEOUT_MS (30 * 60 * 1000)
#define DEFAULT_DISCOVERY_PREFIX "homeassistant"
#define MAX_PASSWORD_BYTES 4096

typedef struct
{
  GKeyFile *kf;
  const gchar *group;
  const gchar *name;
  GHashTable *lines;
} Ctx;

static gboolean G_GNUC_PRINTF (5, 6)
fail (Ctx * c, GError ** error, WfConfigError code, const gchar * key,
    const gchar * fmt, ...)
{
  g_autofree gchar *msg = NULL;
  g_autofree gchar *k = key ? g_strconcat (c->group, "\n", key, NULL) : NULL;
  guint line = 0;
  va_list ap;

  if (k)
    line = GPOINTER_TO_UINT (g_hash_table_lookup (c->lines, k));
  if (!line)
    line = GPOINTER_TO_UINT (g_hash_table_lookup (c->lines, c->group));
  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  if (line)
    g_set_error (error, WF_CONFIG_ERROR, code, "%s:%u: %s", c->name, line,
        msg);
  else
    g_set_error (error, WF_CONFIG_ERROR, code, "%s: %s", c->name, msg);
  return FALSE;
}

static gboolean
get_string (Ctx * c, const gchar * key, gchar ** out, GError ** error)
{
  g_autoptr (GError) err = NULL;
  gchar *v;

  if (!g_key_file_has_key (c->kf, c->group, key, NULL))
    return TRUE;
  v = g_key_file_get_string (c->kf, c->group, key, &err);
  if (!v)
    return fail (c, error, WF_CONFIG_ERROR_VALUE, key, "%s: %s", key,
        err->message);
  g_strstrip (v);
  g_free (*out);
  *out = v;
  return TRUE;
}

static gboolean
get_uint (Ctx * c, const gchar * key, guint64 min, guint64 max,
    guint64 * out, GError ** error)
{
  g_autofree gchar *v = NULL;

  if (!get_string (c, key, &v, error))
    return FALSE;
  if (v && !g_ascii_string_to_unsigned (v, 10, min, max, out, NULL))
    return fail (c, error, WF_CONFIG_ERROR_VALUE, key,
        "%s must be an integer from %" G_GUINT64_FORMAT " to %"
        G_GUINT64_FORMAT ", not '%s'", key, min, max, v);
  return TRUE;
}

static gboolean
get_seconds_ms (Ctx * c, const gchar * key, gdouble min, gdouble max,
    guint * out_ms, GError ** error)
{
  g_autofree gchar *v = NULL;
  gchar *end = NULL;
  gdouble d;

  if (!get_string (c, key, &v, error))
    return FALSE;
  if (!v)
    return TRUE;
  d = g_ascii_strtod (v, &end);
  if (end == v || *end != '\0' || !(d >= min && d <= max))
    return fail (c, error, WF_CONFIG_ERROR_VALUE, key,
        "%s must be a number of seconds from %g to %g, not '%s'", key, min,
        max, v);
  *out_ms = (guint) (d * 1000.0 + 0.5);
  return TRUE;
}

static gboolean
get_bool (Ctx * c, const gchar * key, gboolean * out, GError ** error)
{
  g_autofree gchar *v = NULL;

  if (!get_string (c, key, &v, error))
    return FALSE;
  if (!v)
    return TRUE;
  if (g_str_equal (v, "true"))
    *out = TRUE;
  else if (g_str_equal (v, "false"))
    *out = FALSE;
  else
    return fail (c, error, WF_CONFIG_ERROR_VALUE, key,
        "%s must be true or false, not '%s'", key, v);
  return TRUE;
}

/* Printable ASCII without spaces, 1 to @max bytes. */
static gboolean
is_token (const gchar * s, gsize max)
{
  gsize n = strlen (s);

  if (n == 0 || n > max)
    return FALSE;
  for (const gchar * p = s; *p; p++)
    if (!g_ascii_isgraph (*p))
      return FALSE;
  return TRUE;
}

/* A topic prefix: levels of printable ASCII without wildcards, none empty,
 * not a $SYS-like reserved topic. */
static gboolean
prefix_is_valid (const gchar * s)
{
  if (!is_token (s, 128) || s[0] == '$' || s[0] == '/' ||
      s[strlen (s) - 1] == '/' || strstr (s, "//"))
    return FALSE;
  return strpbrk (s, "+#") == NULL;
}

static gchar *
resolve (const gchar * base_dir, const gchar * path)
{
  if (g_path_is_absolute (path) || !base_dir)
    return g_strdup (path);
  return g_build_filename (base_dir, path, NULL);
}

void
wf_mqtt_config_free (WfMqttConfig * cfg)
{
  if (!cfg)
    return;
  g_free (cfg->host);
  g_free (cfg->ca_file);
  g_free (cfg->username);
  if (cfg->password) {
    explicit_bzero (cfg->password, strlen (cfg->password));
    g_free (cfg->password);
  }
  g_free (cfg->client_id);
  g_free (cfg->prefix);
  g_free (cfg->discovery_prefix);
  g_free (cfg);
}

const gchar *
wf_mqtt_retain_to_string (WfMqttRetain retain)
{
  switch (retain) {
    case WF_MQTT_RETAIN_NONE:
      return "none";
    case WF_MQTT_RETAIN_ALL:
      return "all";
    case WF_MQTT_RETAIN_STATES:
    default:
      return "states";
  }
}

static gboolean
read_password (Ctx * c, WfMqttConfig * cfg, const gchar * base_dir,
    const gchar * file, GError ** error)
{
  g_autofree gchar *path = resolve (base_dir, file);
  g_autoptr (GError) err = NULL;
  gchar *contents = NULL;
  gsize len = 0;
  gboolean ok = TRUE;

  if (!g_file_get_contents (path, &contents, &len, &err))
    return fail (c, error, WF_CONFIG_ERROR_VALUE, "password-file",
        "cannot read password-file: %s", err->message);
  /* one line; its end of line is not part of the password */
  while (len > 0 && (contents[len - 1] == '\n' || contents[len - 1] == '\r'))
    contents[--len] = '\0';
  if (len == 0)
    ok = fail (c, error, WF_CONFIG_ERROR_VALUE, "password-file",
        "password-file %s is empty", path);
  else if (len > MAX_PASSWORD_BYTES || strlen (contents) != len ||
      strchr (contents, '\n') || !g_utf8_validate (contents, len, NULL))
    ok = fail (c, error, WF_CONFIG_ERROR_VALUE, "password-file",
        "password-file %s must hold one line of UTF-8 text (at most %d "
        "bytes)", path, MAX_PASSWORD_BYTES);
  if (ok) {
    cfg->password = contents;
  } else {
    explicit_bzero (contents, len);
    g_free (contents);
  }
  return ok;
}

#if WF_HAVE_MQTT
static gboolean
load (Ctx * c, WfMqttConfig * cfg, const gchar * base_dir, GError ** error)
{
  static const gchar *const known[] = { "host", "port", "tls-ca-file",
    "username", "password-file", "client-id", "topic-prefix", "qos",
    "retain", "keepalive", "queue-size", "queue-bytes", "backoff-initial",
    "backoff-max", "connect-timeout", "stats-interval", "presence-timeout",
    "discovery", "discovery-prefix", NULL
  };
  g_auto (GStrv) keys = g_key_file_get_keys (c->kf, c->group, NULL, NULL);
  g_autofree gchar *ca = NULL;
  g_autofree gchar *password_file = NULL;
  g_autofree gchar *retain = NULL;
  guint64 port = 0, qos = cfg->qos, keepalive = cfg->keepalive_s;
  guint64 qsize = cfg->queue_size, qbytes = cfg->queue_bytes;

  for (guint i = 0; keys && keys[i]; i++) {
    if (!g_strv_contains (known, keys[i])) {
      g_autofree gchar *list = g_strjoinv (", ", (gchar **) known);
      return fail (c, error, WF_CONFIG_ERROR_UNKNOWN_KEY, keys[i],
          "unknown key '%s' in [%s] (known: %s)", keys[i], c->group, list);
    }
  }
  if (!get_string (c, "host", &cfg->host, error) ||
      !get_uint (c, "port", 1, 65535, &port, error) ||
      !get_string (c, "tls-ca-file", &ca, error) ||
      !get_string (c, "username", &cfg->username, error) ||
      !get_string (c, "password-file", &password_file, error) ||
      !get_string (c, "client-id", &cfg->client_id, error) ||
      !get_string (c, "topic-prefix", &cfg->prefix, error) ||
      !get_uint (c, "qos", 0, 2, &qos, error) ||
      !get_string (c, "retain", &retain, error) ||
      !get_uint (c, "keepalive", 5, 3600, &keepalive, error) ||
      !get_uint (c, "queue-size", 1, 1000000, &qsize, error) ||
      !get_uint (c, "queue-bytes", 65536, G_GUINT64_CONSTANT (1) << 30,
          &qbytes, error) ||
      !get_seconds_ms (c, "backoff-initial", 0.01, 3600,
          &cfg->backoff_initial_ms, error) ||
      !get_seconds_ms (c, "backoff-max", 0.01, 86400, &cfg->backoff_max_ms,
          error) ||
      !get_seconds_ms (c, "connect-timeout", 0.1, 600,
          &cfg->connect_timeout_ms, error) ||
      !get_seconds_ms (c, "stats-interval", 1, 86400,
          &cfg->stats_interval_ms, error) ||
      !get_seconds_ms (c, "presence-timeout", 1, 86400,
          &cfg->presence_timeout_ms, error) ||
      !get_bool (c, "discovery", &cfg->discovery, error) ||
      !get_string (c, "discovery-prefix", &cfg->discovery_prefix, error))
    return FALSE;
  cfg->qos = qos;
  cfg->keepalive_s = keepalive;
  cfg->queue_size = qsize;
  cfg->queue_bytes = qbytes;

  if (!cfg->host || !*cfg->host)
    return fail (c, error, WF_CONFIG_ERROR_MISSING, cfg->host ? "host" : NULL,
        "[%s] needs a host (the broker's name or address)", c->group);
  if (!is_token (cfg->host, 253))
    return fail (c, error, WF_CONFIG_ERROR_VALUE, "host",
        "host must be a host name or address without spaces, not '%s'",
        cfg->host);
  if (ca) {
    cfg->ca_file = resolve (base_dir, ca);
    if (!g_file_test (cfg->ca_file, G_FILE_TEST_IS_REGULAR))
      return fail (c, error, WF_CONFIG_ERROR_VALUE, "tls-ca-file",
          "tls-ca-file %s does not exist or is not a file", cfg->ca_file);
  }
  cfg->port = port ? port : cfg->ca_file ? DEFAULT_TLS_PORT : DEFAULT_PORT;
  if (cfg->username && !is_token (cfg->username, 256))
    return fail (c, error, WF_CONFIG_ERROR_VALUE, "username",
        "username must be 1-256 printable characters without spaces");
  if (password_file) {
    if (!cfg->username)
      return fail (c, error, WF_CONFIG_ERROR_MISSING, "password-file",
          "password-file needs a username (MQTT sends no password alone)");
    if (!read_password (c, cfg, base_dir, password_file, error))
      return FALSE;
  }
  if (!prefix_is_valid (cfg->prefix))
    return fail (c, error, WF_CONFIG_ERROR_VALUE, "topic-prefix",
        "topic-prefix must be 1-128 printable characters without spaces, "
        "'+' or '#', not start with '$' and have no empty level, not '%s'",
        cfg->prefix);
  if (!cfg->client_id) {
    cfg->client_id = g_strconcat ("workforce-monitor-", cfg->prefix, NULL);
    g_strdelimit (cfg->client_id, "/", '-');
  }
  if (!is_token (cfg->client_id, 128))
    return fail (c, error, WF_CONFIG_ERROR_VALUE, "client-id",
        "client-id must be 1-128 printable characters without spaces");
  if (retain) {
    if (g_str_equal (retain, "states"))
      cfg->retain = WF_MQTT_RETAIN_STATES;
    else if (g_str_equal (retain, "none"))
      cfg->retain = WF_MQTT_RETAIN_NONE;
    else if (g_str_equal (retain, "all"))
      cfg->retain = WF_MQTT_RETAIN_ALL;
    else
      return fail (c, error, WF_CONFIG_ERROR_VALUE, "retain",
          "retain must be states, none or all, not '%s'", retain);
  }
  if (cfg->backoff_max_ms < cfg->backoff_initial_ms)
    return fail (c, error, WF_CONFIG_ERROR_VALUE, "backoff-max",
        "backoff-max must not be smaller than backoff-initial");
  if (!prefix_is_valid (cfg->discovery_prefix))
    return fail (c, error, WF_CONFIG_ERROR_VALUE, "discovery-prefix",
        "discovery-prefix must be a topic without wildcards or empty "
        "levels, not '%s'", cfg->discovery_prefix);
  return TRUE;
}
#endif

WfMqttConfig *
wf_mqtt_config_load (GKeyFile * kf, const gchar * group, const gchar * name,
    GHashTable * lines, const gchar * base_dir, GError ** error)
{
  g_autoptr (WfMqttConfig) cfg = g_new0 (WfMqttConfig, 1);
  Ctx c = { kf, group, name, lines };

  cfg->prefix = g_strdup (DEFAULT_PREFIX);
  cfg->qos = DEFAULT_QOS;
  cfg->retain = WF_MQTT_RETAIN_STATES;
  cfg->keepalive_s = DEFAULT_KEEPALIVE_S;
  cfg->queue_size = DEFAULT_QUEUE_SIZE;
  cfg->queue_bytes = DEFAULT_QUEUE_BYTES;
  cfg->backoff_initial_ms = DEFAULT_BACKOFF_INITIAL_MS;
  cfg->backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
  cfg->connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
  cfg->stats_interval_ms = DEFAULT_STATS_INTERVAL_MS;
  cfg->presence_timeout_ms = DEFAULT_PRESENCE_TIMEOUT_MS;
  cfg->discovery_prefix = g_strdup (DEFAULT_DISCOVERY_PREFIX);
#if WF_HAVE_MQTT
  if (!load (&c, cfg, base_dir, error))
    return NULL;
  return g_steal_pointer (&cfg);
#else
  (void) read_password;
  (void) get_bool;
  (void) get_seconds_ms;
  (void) get_uint;
  (void) prefix_is_valid;
  fail (&c, error, WF_CONFIG_ERROR_VALUE, NULL,
      "[%s]: this workforce-monitor was built without MQTT (libmosquitto "
      "was not found at build time; meson option -Dmqtt)", group);
  return NULL;
#endif
}
