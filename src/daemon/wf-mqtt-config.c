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

/* Seconds, with decimals, into milliseconds. */
static gboolean
get_seconds_ms (WfConfigGroup * c, const gchar * key, gdouble min, gdouble max,
    guint * out_ms, GError ** error)
{
  g_autofree gchar *v = NULL;
  gchar *end = NULL;
  gdouble d;

  if (!wf_config_group_get_string (c, key, &v, error))
    return FALSE;
  if (!v)
    return TRUE;
  d = g_ascii_strtod (v, &end);
  if (end == v || *end != '\0' || !(d >= min && d <= max))
    return wf_config_group_fail (c, error, WF_CONFIG_ERROR_VALUE, key,
        "%s must be a number of seconds from %g to %g, not '%s'", key, min,
        max, v);
  *out_ms = (guint) (d * 1000.0 + 0.5);
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
read_password (WfConfigGroup * c, WfMqttConfig * cfg, const gchar * file,
    GError ** error)
{
  g_autofree gchar *path = wf_config_group_resolve (c, file);
  g_autoptr (GError) err = NULL;
  gchar *contents = NULL;
  gsize len = 0;
  gboolean ok = TRUE;

  if (!g_file_get_contents (path, &contents, &len, &err))
    return wf_config_group_fail (c, error, WF_CONFIG_ERROR_VALUE,
        "password-file",
        "cannot read password-file: %s", err->message);
  /* one line; its end of line is not part of the password */
  while (len > 0 && (contents[len - 1] == '\n' || contents[len - 1] == '\r'))
    contents[--len] = '\0';
  if (len == 0)
    ok = wf_config_group_fail (c, error, WF_CONFIG_ERROR_VALUE, "password-file",
        "password-file %s is empty", path);
  else if (len > MAX_PASSWORD_BYTES || strlen (contents) != len ||
      strchr (contents, '\n') || !g_utf8_validate (contents, len, NULL))
    ok = wf_config_group_fail (c, error, WF_CONFIG_ERROR_VALUE, "password-file",
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
load (WfConfigGroup * c, WfMqttConfig * cfg, GError ** error)
{
  static const gchar *const known[] = { "host", "port", "tls-ca-file",
    "username", "password-file", "client-id", "topic-prefix", "qos",
    "retain", "keepalive", "queue-size", "queue-bytes", "backoff-initial",
    "backoff-max", "connect-timeout", "stats-interval", "presence-timeout",
    "discovery", "discovery-prefix", NULL
  };
  g_autofree gchar *ca = NULL;
  g_autofree gchar *password_file = NULL;
  g_autofree gchar *retain = NULL;
  guint64 port = 0, qos = cfg->qos, keepalive = cfg->keepalive_s;
  guint64 qsize = cfg->queue_size, qbytes = cfg->queue_bytes;

  if (!wf_config_group_check_keys (c, known, error) ||
      !wf_config_group_get_string (c, "host", &cfg->host, error) ||
      !wf_config_group_get_uint (c, "port", 1, 65535, &port, error) ||
      !wf_config_group_get_string (c, "tls-ca-file", &ca, error) ||
      !wf_config_group_get_string (c, "username", &cfg->username, error) ||
      !wf_config_group_get_string (c, "password-file", &password_file, error) ||
      !wf_config_group_get_string (c, "client-id", &cfg->client_id, error) ||
      !wf_config_group_get_string (c, "topic-prefix", &cfg->prefix, error) ||
      !wf_config_group_get_uint (c, "qos", 0, 2, &qos, error) ||
      !wf_config_group_get_string (c, "retain", &retain, error) ||
      !wf_config_group_get_uint (c, "keepalive", 5, 3600, &keepalive, error) ||
      !wf_config_group_get_uint (c, "queue-size", 1, 1000000, &qsize, error) ||
      !wf_config_group_get_uint (c, "queue-bytes",
          65536, G_GUINT64_CONSTANT (1) << 30,
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
      !wf_config_group_get_bool (c, "discovery", &cfg->discovery, error) ||
      !wf_config_group_get_string (c, "discovery-prefix",
          &cfg->discovery_prefix, error))
    return FALSE;
  cfg->qos = qos;
  cfg->keepalive_s = keepalive;
  cfg->queue_size = qsize;
  cfg->queue_bytes = qbytes;

  if (!cfg->host || !*cfg->host)
    return wf_config_group_fail (c, error, WF_CONFIG_ERROR_MISSING,
        cfg->host ? "host" : NULL,
        "[%s] needs a host (the broker's name or address)",
        wf_config_group_get_name (c));
  if (!is_token (cfg->host, 253))
    return wf_config_group_fail (c, error, WF_CONFIG_ERROR_VALUE, "host",
        "host must be a host name or address without spaces, not '%s'",
        cfg->host);
  if (ca) {
    cfg->ca_file = wf_config_group_resolve (c, ca);
    if (!g_file_test (cfg->ca_file, G_FILE_TEST_IS_REGULAR))
      return wf_config_group_fail (c, error, WF_CONFIG_ERROR_VALUE,
          "tls-ca-file",
          "tls-ca-file %s does not exist or is not a file", cfg->ca_file);
  }
  cfg->port = port ? port : cfg->ca_file ? DEFAULT_TLS_PORT : DEFAULT_PORT;
  if (cfg->username && !is_token (cfg->username, 256))
    return wf_config_group_fail (c, error, WF_CONFIG_ERROR_VALUE, "username",
        "username must be 1-256 printable characters without spaces");
  if (password_file) {
    if (!cfg->username)
      return wf_config_group_fail (c, error, WF_CONFIG_ERROR_MISSING,
          "password-file",
          "password-file needs a username (MQTT sends no password alone)");
    if (!read_password (c, cfg, password_file, error))
      return FALSE;
  }
  if (!prefix_is_valid (cfg->prefix))
    return wf_config_group_fail (c, error, WF_CONFIG_ERROR_VALUE,
        "topic-prefix",
        "topic-prefix must be 1-128 printable characters without spaces, "
        "'+' or '#', not start with '$' and have no empty level, not '%s'",
        cfg->prefix);
  if (!cfg->client_id) {
    cfg->client_id = g_strconcat ("workforce-monitor-", cfg->prefix, NULL);
    g_strdelimit (cfg->client_id, "/", '-');
  }
  if (!is_token (cfg->client_id, 128))
    return wf_config_group_fail (c, error, WF_CONFIG_ERROR_VALUE, "client-id",
        "client-id must be 1-128 printable characters without spaces");
  if (retain) {
    if (g_str_equal (retain, "states"))
      cfg->retain = WF_MQTT_RETAIN_STATES;
    else if (g_str_equal (retain, "none"))
      cfg->retain = WF_MQTT_RETAIN_NONE;
    else if (g_str_equal (retain, "all"))
      cfg->retain = WF_MQTT_RETAIN_ALL;
    else
      return wf_config_group_fail (c, error, WF_CONFIG_ERROR_VALUE, "retain",
          "retain must be states, none or all, not '%s'", retain);
  }
  if (cfg->backoff_max_ms < cfg->backoff_initial_ms)
    return wf_config_group_fail (c, error, WF_CONFIG_ERROR_VALUE, "backoff-max",
        "backoff-max must not be smaller than backoff-initial");
  if (!prefix_is_valid (cfg->discovery_prefix))
    return wf_config_group_fail (c, error, WF_CONFIG_ERROR_VALUE,
        "discovery-prefix",
        "discovery-prefix must be a topic without wildcards or empty "
        "levels, not '%s'", cfg->discovery_prefix);
  return TRUE;
}
#endif

WfMqttConfig *
wf_mqtt_config_load (WfConfigGroup * c, GError ** error)
{
  g_autoptr (WfMqttConfig) cfg = g_new0 (WfMqttConfig, 1);

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
  if (!load (c, cfg, error))
    return NULL;
  return g_steal_pointer (&cfg);
#else
  (void) read_password;
  (void) get_seconds_ms;
  (void) prefix_is_valid;
  wf_config_group_fail (c, error, WF_CONFIG_ERROR_VALUE, NULL,
      "[%s]: this workforce-monitor was built without MQTT (libmosquitto "
      "was not found at build time; meson option -Dmqtt)",
      wf_config_group_get_name (c));
  return NULL;
#endif
}
