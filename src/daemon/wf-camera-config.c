/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-camera-config.h"
#include "wf-uri.h"

#include <string.h>

/* Longer URIs and geometry strings are refused before anything parses
 * them. */
#define MAX_URI_BYTES 4096
#define MAX_GEOMETRY_BYTES (64 * 1024)

static const WfCameraKey keys[] = {
  {"uri", NULL, WF_CAMERA_KEY_STRING, 0, 0, MAX_URI_BYTES},
  {"substream", NULL, WF_CAMERA_KEY_STRING, 0, 0, MAX_URI_BYTES},
  {"pipeline", NULL, WF_CAMERA_KEY_STRING, 0, 0, 64},
  {"zones", NULL, WF_CAMERA_KEY_STRING, 0, 0, MAX_GEOMETRY_BYTES},
  {"lines", NULL, WF_CAMERA_KEY_STRING, 0, 0, MAX_GEOMETRY_BYTES},
  {"enabled", NULL, WF_CAMERA_KEY_BOOLEAN, 0, 0, 0},
  {"loop", NULL, WF_CAMERA_KEY_BOOLEAN, 0, 0, 0},
  /* Files written before the names were unified used hyphens. */
  {"silence_timeout", "silence-timeout", WF_CAMERA_KEY_SECONDS, 0.1, 3600, 0},
  {"backoff_initial", "backoff-initial", WF_CAMERA_KEY_SECONDS, 0.01, 3600,
      0},
  {"backoff_max", "backoff-max", WF_CAMERA_KEY_SECONDS, 0.01, 86400, 0},
  {"decode_threads", NULL, WF_CAMERA_KEY_COUNT, 0, 16, 0},
  {NULL}
};

const WfCameraKey *
wf_camera_keys (void)
{
  return keys;
}

const WfCameraKey *
wf_camera_key_find (const gchar * name, gboolean alias)
{
  for (const WfCameraKey * k = keys; k->name; k++)
    if (g_str_equal (k->name, name) || (alias && k->alias &&
            g_str_equal (k->alias, name)))
      return k;
  return NULL;
}

gchar *
wf_camera_key_names (void)
{
  g_autoptr (GString) s = g_string_new (NULL);

  for (const WfCameraKey * k = keys; k->name; k++)
    g_string_append_printf (s, "%s%s", s->len ? ", " : "", k->name);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gchar **
string_field (WfCameraConfig * cfg, const gchar * name)
{
  if (g_str_equal (name, "uri"))
    return &cfg->uri;
  if (g_str_equal (name, "substream"))
    return &cfg->substream;
  if (g_str_equal (name, "pipeline"))
    return &cfg->pipeline;
  if (g_str_equal (name, "zones"))
    return &cfg->zones;
  if (g_str_equal (name, "lines"))
    return &cfg->lines;
  g_return_val_if_reached (NULL);
}

gboolean
wf_camera_config_set_string (WfCameraConfig * cfg, const WfCameraKey * key,
    const gchar * value, GError ** error)
{
  gchar **field;

  g_return_val_if_fail (key->type == WF_CAMERA_KEY_STRING, FALSE);
  if (strlen (value) > key->max_length) {
    g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE,
        "%s must be at most %" G_GSIZE_FORMAT " bytes long", key->name,
        key->max_length);
    return FALSE;
  }
  for (const gchar * p = value; *p; p++) {
    if ((guchar) * p < 0x20 || *p == 0x7f) {
      g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE,
          "%s must not hold control characters", key->name);
      return FALSE;
    }
  }
  field = string_field (cfg, key->name);
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

gboolean
wf_camera_config_set_boolean (WfCameraConfig * cfg, const WfCameraKey * key,
    gboolean value, GError ** error)
{
  g_return_val_if_fail (key->type == WF_CAMERA_KEY_BOOLEAN, FALSE);
  if (g_str_equal (key->name, "enabled"))
    cfg->enabled = value;
  else if (g_str_equal (key->name, "loop"))
    cfg->loop = value;
  else
    g_return_val_if_reached (FALSE);
  return TRUE;
}

gboolean
wf_camera_config_set_seconds (WfCameraConfig * cfg, const WfCameraKey * key,
    gdouble seconds, GError ** error)
{
  guint ms;

  g_return_val_if_fail (key->type == WF_CAMERA_KEY_SECONDS, FALSE);
  if (!(seconds >= key->min && seconds <= key->max)) {
    g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE,
        "%s must be a number of seconds from %g to %g", key->name, key->min,
        key->max);
    return FALSE;
  }
  ms = (guint) (seconds * 1000.0 + 0.5);
  if (g_str_equal (key->name, "silence_timeout"))
    cfg->silence_ms = ms;
  else if (g_str_equal (key->name, "backoff_initial"))
    cfg->backoff_initial_ms = ms;
  else if (g_str_equal (key->name, "backoff_max"))
    cfg->backoff_max_ms = ms;
  else
    g_return_val_if_reached (FALSE);
  return TRUE;
}

gboolean
wf_camera_config_set_count (WfCameraConfig * cfg, const WfCameraKey * key,
    guint64 n, GError ** error)
{
  g_return_val_if_fail (key->type == WF_CAMERA_KEY_COUNT, FALSE);
  if (!(n >= key->min && n <= key->max)) {
    g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE,
        "%s must be a whole number from %g to %g", key->name, key->min,
        key->max);
    return FALSE;
  }
  if (g_str_equal (key->name, "decode_threads"))
    cfg->decode_threads = (guint) n;
  else
    g_return_val_if_reached (FALSE);
  return TRUE;
}

/* @uri, the value of @name, is an absolute URI a camera may be read from
 * (wf_uri_check_source ()) */
static gboolean
check_source (const gchar * name, const gchar * uri, WfCameraOrigin origin,
    const gchar * self_address, guint self_port, GError ** error)
{
  g_autoptr (GError) err = NULL;

  if (!g_uri_is_valid (uri, G_URI_FLAGS_NONE, NULL)) {
    g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE,
        "%s must be an absolute URI such as rtsp://host/path or "
        "file:///path (not a valid absolute URI)", name);
    return FALSE;
  }
  if (!wf_uri_check_source (uri, origin == WF_CAMERA_FROM_FILE,
          self_address, self_port, &err)) {
    g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE, "%s%s%s",
        g_str_equal (name, "uri") ? "" : name,
        g_str_equal (name, "uri") ? "" : ": ", err->message);
    return FALSE;
  }
  return TRUE;
}

gboolean
wf_camera_config_validate (const WfCameraConfig * cfg, WfCameraOrigin origin,
    const gchar * self_address, guint self_port, const gchar ** field,
    GError ** error)
{
  g_autoptr (GError) err = NULL;

  *field = "uri";
  if (!cfg->uri) {
    g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_MISSING,
        "uri is required");
    return FALSE;
  }
  if (!check_source ("uri", cfg->uri, origin, self_address, self_port,
          error))
    return FALSE;
  *field = "substream";
  if (cfg->substream && !check_source ("substream", cfg->substream, origin,
          self_address, self_port, error))
    return FALSE;
  *field = "pipeline";
  if (cfg->pipeline && !wf_pipeline_name_is_valid (cfg->pipeline)) {
    g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE,
        "pipeline must be a template name from the pipelines folder "
        "(letters a-z, digits, '_', '-')");
    return FALSE;
  }
  *field = "backoff_max";
  if (cfg->backoff_max_ms < cfg->backoff_initial_ms) {
    g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE,
        "backoff_max must not be smaller than backoff_initial");
    return FALSE;
  }
  if (!wf_camera_check_geometry (cfg->zones, cfg->lines, field, &err)) {
    g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE, "%s: %s",
        *field, err->message);
    return FALSE;
  }
  *field = NULL;
  return TRUE;
}

gchar *
wf_camera_config_to_ini (const WfCameraConfig * cfg)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autofree gchar *g = g_strdup_printf ("camera:%s", cfg->id);

  g_key_file_set_string (kf, g, "uri", cfg->uri ? cfg->uri : "");
  if (cfg->substream)
    g_key_file_set_string (kf, g, "substream", cfg->substream);
  if (cfg->pipeline)
    g_key_file_set_string (kf, g, "pipeline", cfg->pipeline);
  if (cfg->zones)
    g_key_file_set_string (kf, g, "zones", cfg->zones);
  if (cfg->lines)
    g_key_file_set_string (kf, g, "lines", cfg->lines);
  g_key_file_set_boolean (kf, g, "enabled", cfg->enabled);
  g_key_file_set_boolean (kf, g, "loop", cfg->loop);
  g_key_file_set_double (kf, g, "silence_timeout", cfg->silence_ms / 1e3);
  g_key_file_set_double (kf, g, "backoff_initial",
      cfg->backoff_initial_ms / 1e3);
  g_key_file_set_double (kf, g, "backoff_max", cfg->backoff_max_ms / 1e3);
  /* only when set, so that nodes that do not know the key read the list */
  if (cfg->decode_threads)
    g_key_file_set_uint64 (kf, g, "decode_threads", cfg->decode_threads);
  return g_key_file_to_data (kf, NULL, NULL);
}

const gchar *
wf_camera_config_source_uri (const WfCameraConfig * cfg)
{
  return cfg->substream ? cfg->substream : cfg->uri;
}

gchar *
wf_camera_config_scrub (const WfCameraConfig * cfg, const gchar * text)
{
  g_autofree gchar *once = wf_uri_scrub (text, cfg->uri);

  return cfg->substream ? wf_uri_scrub (once, cfg->substream) :
      g_steal_pointer (&once);
}
