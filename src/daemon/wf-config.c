/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-config.h"
#include "wf-store-uri.h"
#include "wf-camera-config.h"

#include <string.h>
#include <unistd.h>
#include <gio/gio.h>
#include "wf-zones.h"
#include "wf-mqtt-config.h"
#include "wf-privacy-config.h"
#include "wf-tokens.h"

#define DEFAULT_ADDRESS "127.0.0.1"
#define DEFAULT_PORT 8080
#define DEFAULT_RETENTION_DAYS 90
#define DEFAULT_MAX_BODY_BYTES (8 * 1024 * 1024)
/* [server] max-cameras: one 2-core node analyses about three cameras at 15
 * fps (docs/benchmarks.md); the default leaves room for slower ones. */
#define DEFAULT_MAX_CAMERAS 8
#define DEFAULT_SILENCE_MS 5000
#define DEFAULT_BACKOFF_INITIAL_MS 1000
#define DEFAULT_BACKOFF_MAX_MS 30000
/* The decoders' own thread count: one thread per camera saves about 8 MB a
 * 720p camera but cost 30% more CPU with four of them in the daemon
 * (docs/benchmarks.md, "Decoding less"). */
#define DEFAULT_DECODE_THREADS 0

struct _WfConfig
{
  GObject parent;

  gchar *address;
  guint port;
  gchar *token;                 /* [server] token, named "token" */
  WfTokens *tokens;             /* [tokens], never NULL */
  gchar *database;
  gchar *gallery;
  gchar *pipeline_dir;
  guint retention_days;
  gsize max_body_bytes;
  gchar *node_id;
  guint max_cameras;
  gboolean public_health;       /* GET /health without a token */
  GPtrArray *cameras;           /* WfCameraConfig */
  WfMqttConfig *mqtt;           /* [mqtt], NULL when absent */
  WfPrivacyConfig *privacy;     /* [privacy] over the defaults, never NULL */
};

G_DEFINE_TYPE (WfConfig, wf_config, G_TYPE_OBJECT);
G_DEFINE_QUARK (wf-config-error-quark, wf_config_error);
G_DEFINE_BOXED_TYPE (WfCameraConfig, wf_camera_config,
    wf_camera_config_copy, wf_camera_config_free);

WfCameraConfig *
wf_camera_config_new (const gchar * id)
{
  WfCameraConfig *c = g_new0 (WfCameraConfig, 1);

  c->id = g_strdup (id);
  c->enabled = TRUE;
  c->silence_ms = DEFAULT_SILENCE_MS;
  c->backoff_initial_ms = DEFAULT_BACKOFF_INITIAL_MS;
  c->backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
  c->decode_threads = DEFAULT_DECODE_THREADS;
  return c;
}

WfCameraConfig *
wf_camera_config_copy (const WfCameraConfig * cfg)
{
  WfCameraConfig *c = g_memdup2 (cfg, sizeof (*cfg));

  c->id = g_strdup (cfg->id);
  c->uri = g_strdup (cfg->uri);
  c->substream = g_strdup (cfg->substream);
  c->pipeline = g_strdup (cfg->pipeline);
  c->zones = g_strdup (cfg->zones);
  c->lines = g_strdup (cfg->lines);
  return c;
}

void
wf_camera_config_free (WfCameraConfig * cfg)
{
  if (!cfg)
    return;
  g_free (cfg->id);
  g_free (cfg->uri);
  g_free (cfg->substream);
  g_free (cfg->pipeline);
  g_free (cfg->zones);
  g_free (cfg->lines);
  g_free (cfg);
}

static gboolean
name_is_valid (const gchar * s, const gchar * extra, gboolean upper)
{
  gsize n;

  if (!s)
    return FALSE;
  n = strlen (s);
  if (n == 0 || n > 64)
    return FALSE;
  for (const gchar * p = s; *p; p++) {
    if (g_ascii_islower (*p) || g_ascii_isdigit (*p) ||
        (upper && g_ascii_isupper (*p)) || strchr (extra, *p))
      continue;
    return FALSE;
  }
  return TRUE;
}

gboolean
wf_camera_id_is_valid (const gchar * id)
{
  /* ".", ".." (and "...") would be path segments that URL normalisation
   * removes: such a camera or employee could not be reached or deleted. */
  return name_is_valid (id, "_.-", TRUE) && id[strspn (id, ".")] != '\0';
}

gboolean
wf_pipeline_name_is_valid (const gchar * name)
{
  return name_is_valid (name, "_-", FALSE);
}

gboolean
wf_camera_check_geometry (const gchar * zones, const gchar * lines,
    const gchar ** field, GError ** error)
{
  GPtrArray *a;

  a = wf_zones_parse (zones, error);
  if (!a) {
    *field = "zones";
    return FALSE;
  }
  g_ptr_array_unref (a);
  a = wf_lines_parse (lines, error);
  if (!a) {
    *field = "lines";
    return FALSE;
  }
  g_ptr_array_unref (a);
  return TRUE;
}

gboolean
wf_address_is_loopback (const gchar * address)
{
  g_autoptr (GInetAddress) a = NULL;

  if (!address)
    return FALSE;
  if (g_str_equal (address, "localhost"))
    return TRUE;
  a = g_inet_address_new_from_string (address);
  return a != NULL && g_inet_address_get_is_loopback (a);
}

static void
wf_config_finalize (GObject * object)
{
  WfConfig *self = WF_CONFIG (object);

  g_free (self->address);
  g_free (self->token);
  wf_tokens_free (self->tokens);
  g_free (self->database);
  g_free (self->gallery);
  g_free (self->node_id);
  g_free (self->pipeline_dir);
  g_ptr_array_unref (self->cameras);
  wf_mqtt_config_free (self->mqtt);
  wf_privacy_config_free (self->privacy);
  G_OBJECT_CLASS (wf_config_parent_class)->finalize (object);
}

static void
wf_config_class_init (WfConfigClass * klass)
{
  G_OBJECT_CLASS (klass)->finalize = wf_config_finalize;
}

static gchar *
default_state_file (const gchar * name)
{
  const gchar *dir = g_getenv ("STATE_DIRECTORY");  /* systemd StateDirectory= */

  if (dir && *dir)
    return g_build_filename (dir, name, NULL);
  return g_build_filename (g_get_user_state_dir (), "workforce-monitor", name,
      NULL);
}

static void
wf_config_init (WfConfig * self)
{
  self->address = g_strdup (DEFAULT_ADDRESS);
  self->port = DEFAULT_PORT;
  self->database = default_state_file ("results.db");
  self->gallery = default_state_file ("gallery.db");
  self->retention_days = DEFAULT_RETENTION_DAYS;
  self->max_body_bytes = DEFAULT_MAX_BODY_BYTES;
  self->max_cameras = DEFAULT_MAX_CAMERAS;
  self->privacy = wf_privacy_config_new (DEFAULT_RETENTION_DAYS);
  self->tokens = wf_tokens_new ();
  self->cameras = g_ptr_array_new_with_free_func ((GDestroyNotify)
      wf_camera_config_free);
}

WfConfig *
wf_config_new (void)
{
  return g_object_new (WF_TYPE_CONFIG, NULL);
}

/* Where each group and key is, so that errors can name the line: GKeyFile
 * itself does not keep line numbers. */
typedef struct
{
  const gchar *name;
  GHashTable *lines;            /* "group\nkey" or "group" -> line */
  const gchar *group;           /* current group while parsing */
} Locator;

static guint
locate (Locator * loc, const gchar * group, const gchar * key)
{
  g_autofree gchar *k = key ? g_strconcat (group, "\n", key, NULL) :
      g_strdup (group);

  return GPOINTER_TO_UINT (g_hash_table_lookup (loc->lines, k));
}

static gboolean G_GNUC_PRINTF (6, 7)
fail (Locator * loc, GError ** error, WfConfigError code,
    const gchar * group, const gchar * key, const gchar * fmt, ...)
{
  g_autofree gchar *msg = NULL;
  va_list ap;
  guint line = group ? locate (loc, group, key) : 0;

  if (line == 0 && group && key)
    line = locate (loc, group, NULL);
  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  if (line)
    g_set_error (error, WF_CONFIG_ERROR, code, "%s:%u: %s", loc->name, line,
        msg);
  else
    g_set_error (error, WF_CONFIG_ERROR, code, "%s: %s", loc->name, msg);
  return FALSE;
}

/* A line scan of our own, first: it gives the line number of syntax
 * errors and records where every group and key is. */
static gboolean
scan_lines (Locator * loc, const gchar * data, GError ** error)
{
  g_auto (GStrv) lines = g_strsplit (data, "\n", -1);
  g_autofree gchar *group = NULL;

  for (guint i = 0; lines[i]; i++) {
    g_autofree gchar *l = g_strstrip (g_strdup (lines[i]));
    const gchar *eq;
    guint lineno = i + 1;

    if (*l == '\0' || *l == '#')
      continue;
    if (*l == '[') {
      gsize n = strlen (l);
      if (n < 3 || l[n - 1] != ']') {
        g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_SYNTAX,
            "%s:%u: a group header must look like [name]", loc->name,
            lineno);
        return FALSE;
      }
      g_free (group);
      group = g_strndup (l + 1, n - 2);
      if (g_hash_table_contains (loc->lines, group)) {
        g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_SYNTAX,
            "%s:%u: group [%s] appears twice", loc->name, lineno, group);
        return FALSE;
      }
      g_hash_table_insert (loc->lines, g_strdup (group),
          GUINT_TO_POINTER (lineno));
      continue;
    }
    eq = strchr (l, '=');
    if (!eq || eq == l) {
      g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_SYNTAX,
          "%s:%u: expected [group], key=value or # comment", loc->name,
          lineno);
      return FALSE;
    }
    if (!group) {
      g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_SYNTAX,
          "%s:%u: key outside of any group", loc->name, lineno);
      return FALSE;
    } else {
      g_autofree gchar *key = g_strstrip (g_strndup (l, eq - l));
      g_autofree gchar *k = g_strconcat (group, "\n", key, NULL);
      if (g_hash_table_contains (loc->lines, k)) {
        g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_SYNTAX,
            "%s:%u: key '%s' appears twice in [%s]", loc->name, lineno, key,
            group);
        return FALSE;
      }
      g_hash_table_insert (loc->lines, g_steal_pointer (&k),
          GUINT_TO_POINTER (lineno));
    }
  }
  return TRUE;
}

static gboolean
check_keys (Locator * loc, GKeyFile * kf, const gchar * group,
    const gchar * const *known, GError ** error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (kf, group, NULL, NULL);

  for (guint i = 0; keys && keys[i]; i++) {
    if (!g_strv_contains (known, keys[i])) {
      g_autofree gchar *list = g_strjoinv (", ", (gchar **) known);
      return fail (loc, error, WF_CONFIG_ERROR_UNKNOWN_KEY, group, keys[i],
          "unknown key '%s' in [%s] (known: %s)", keys[i], group, list);
    }
  }
  return TRUE;
}

static gboolean
get_string (Locator * loc, GKeyFile * kf, const gchar * group,
    const gchar * key, gchar ** out, GError ** error)
{
  g_autoptr (GError) err = NULL;
  gchar *v;

  if (!g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  v = g_key_file_get_string (kf, group, key, &err);
  if (!v)
    return fail (loc, error, WF_CONFIG_ERROR_VALUE, group, key,
        "%s: %s", key, err->message);
  g_strstrip (v);
  g_free (*out);
  *out = v;
  return TRUE;
}

static gboolean
get_uint (Locator * loc, GKeyFile * kf, const gchar * group,
    const gchar * key, guint64 min, guint64 max, guint64 * out,
    GError ** error)
{
  g_autofree gchar *v = NULL;
  guint64 n;

  if (!get_string (loc, kf, group, key, &v, error))
    return FALSE;
  if (!v)
    return TRUE;
  if (!g_ascii_string_to_unsigned (v, 10, min, max, &n, NULL))
    return fail (loc, error, WF_CONFIG_ERROR_VALUE, group, key,
        "%s must be an integer from %" G_GUINT64_FORMAT " to %"
        G_GUINT64_FORMAT ", not '%s'", key, min, max, v);
  *out = n;
  return TRUE;
}

static gboolean
get_bool (Locator * loc, GKeyFile * kf, const gchar * group,
    const gchar * key, gboolean * out, GError ** error)
{
  g_autofree gchar *v = NULL;

  if (!get_string (loc, kf, group, key, &v, error))
    return FALSE;
  if (!v)
    return TRUE;
  if (g_str_equal (v, "true"))
    *out = TRUE;
  else if (g_str_equal (v, "false"))
    *out = FALSE;
  else
    return fail (loc, error, WF_CONFIG_ERROR_VALUE, group, key,
        "%s must be true or false, not '%s'", key, v);
  return TRUE;
}

static gchar *
resolve (const gchar * base_dir, const gchar * path)
{
  if (g_path_is_absolute (path) || !base_dir)
    return g_strdup (path);
  return g_build_filename (base_dir, path, NULL);
}

struct _WfConfigGroup
{
  Locator *loc;
  GKeyFile *kf;
  const gchar *group;
  const gchar *base_dir;
};

const gchar *
wf_config_group_get_name (WfConfigGroup * g)
{
  return g->group;
}

gchar *
wf_config_group_resolve (WfConfigGroup * g, const gchar * path)
{
  return resolve (g->base_dir, path);
}

gchar **
wf_config_group_get_keys (WfConfigGroup * g)
{
  return g_key_file_get_keys (g->kf, g->group, NULL, NULL);
}

gboolean
wf_config_group_check_keys (WfConfigGroup * g, const gchar * const *known,
    GError ** error)
{
  return check_keys (g->loc, g->kf, g->group, known, error);
}

gboolean
wf_config_group_get_string (WfConfigGroup * g, const gchar * key,
    gchar ** out, GError ** error)
{
  return get_string (g->loc, g->kf, g->group, key, out, error);
}

gboolean
wf_config_group_get_uint (WfConfigGroup * g, const gchar * key, guint64 min,
    guint64 max, guint64 * out, GError ** error)
{
  return get_uint (g->loc, g->kf, g->group, key, min, max, out, error);
}

gboolean
wf_config_group_get_bool (WfConfigGroup * g, const gchar * key,
    gboolean * out, GError ** error)
{
  return get_bool (g->loc, g->kf, g->group, key, out, error);
}

gboolean
wf_config_group_fail (WfConfigGroup * g, GError ** error, WfConfigError code,
    const gchar * key, const gchar * fmt, ...)
{
  g_autofree gchar *msg = NULL;
  va_list ap;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  return fail (g->loc, error, code, g->group, key, "%s", msg);
}

gboolean
wf_config_load_token_file (WfConfig * self, const gchar * path,
    GError ** error)
{
  g_autofree gchar *contents = NULL;
  g_autoptr (GError) err = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &err)) {
    /* In a container the daemon's uid is not the host user's. */
    if (g_error_matches (err, G_FILE_ERROR, G_FILE_ERROR_ACCES))
      g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE,
          "cannot read token-file: %s (the daemon runs as uid %u: make the "
          "file readable by it)", err->message, (guint) getuid ());
    else
      g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE,
          "cannot read token-file: %s", err->message);
    return FALSE;
  }
  g_strstrip (contents);
  if (!wf_token_is_valid (contents, error))
    return FALSE;
  if (wf_tokens_find_secret (self->tokens, contents)) {
    g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE,
        "the token of token-file is the same as token %s of [tokens]: give "
        "each its own", wf_tokens_find_secret (self->tokens, contents));
    return FALSE;
  }
  g_free (self->token);
  self->token = g_steal_pointer (&contents);
  return TRUE;
}

static gboolean
load_server (WfConfig * self, Locator * loc, GKeyFile * kf,
    const gchar * base_dir, GError ** error)
{
  static const gchar *const known[] = { "address", "port", "token",
    "token-file", "database", "gallery", "retention-days", "max-body-bytes",
    "pipeline-dir", "public-health", "node-id", "max-cameras", NULL
  };
  const gchar *g = "server";
  g_autofree gchar *token_file = NULL;
  g_autofree gchar *database = NULL;
  g_autofree gchar *gallery = NULL;
  g_autofree gchar *pdir = NULL;
  g_autofree gchar *node_id = NULL;
  guint64 port = self->port, days = self->retention_days;
  guint64 body = self->max_body_bytes, max_cameras = self->max_cameras;

  if (!g_key_file_has_group (kf, g))
    return TRUE;
  if (!check_keys (loc, kf, g, known, error))
    return FALSE;
  if (!get_string (loc, kf, g, "address", &self->address, error) ||
      !get_uint (loc, kf, g, "port", 0, 65535, &port, error) ||
      !get_string (loc, kf, g, "token", &self->token, error) ||
      !get_string (loc, kf, g, "token-file", &token_file, error) ||
      !get_string (loc, kf, g, "database", &database, error) ||
      !get_string (loc, kf, g, "gallery", &gallery, error) ||
      !get_string (loc, kf, g, "pipeline-dir", &pdir, error) ||
      !get_uint (loc, kf, g, "retention-days", 1, 36500, &days, error) ||
      !get_uint (loc, kf, g, "max-body-bytes", 1024, 1024 * 1024 * 1024,
          &body, error) ||
      !get_bool (loc, kf, g, "public-health", &self->public_health, error) ||
      !get_string (loc, kf, g, "node-id", &node_id, error) ||
      !get_uint (loc, kf, g, "max-cameras", 1, WF_MAX_CAMERAS_LIMIT,
          &max_cameras, error))
    return FALSE;
  if (node_id) {
    if (!wf_camera_id_is_valid (node_id))
      return fail (loc, error, WF_CONFIG_ERROR_VALUE, g, "node-id",
          "node-id must be 1-64 letters, digits, '_', '.' or '-', not only "
          "dots");
    g_free (self->node_id);
    self->node_id = g_steal_pointer (&node_id);
  }
  self->max_cameras = max_cameras;
  self->port = port;
  self->retention_days = days;
  self->max_body_bytes = body;

  if (!*self->address) {
    return fail (loc, error, WF_CONFIG_ERROR_VALUE, g, "address",
        "address must not be empty");
  } else {
    g_autoptr (GInetAddress) a = g_inet_address_new_from_string
        (self->address);
    if (!a && !g_str_equal (self->address, "localhost"))
      return fail (loc, error, WF_CONFIG_ERROR_VALUE, g, "address",
          "address must be a numeric IPv4 or IPv6 address or localhost, "
          "not '%s'", self->address);
  }

  if (self->token && token_file)
    return fail (loc, error, WF_CONFIG_ERROR_VALUE, g, "token-file",
        "set token or token-file, not both");
  if (token_file) {
    g_autofree gchar *path = resolve (base_dir, token_file);
    g_autoptr (GError) err = NULL;
    if (!wf_config_load_token_file (self, path, &err))
      return fail (loc, error, WF_CONFIG_ERROR_VALUE, g, "token-file",
          "%s", err->message);
  } else if (self->token) {
    g_autoptr (GError) err = NULL;
    if (!wf_token_is_valid (self->token, &err))
      return fail (loc, error, WF_CONFIG_ERROR_VALUE, g, "token", "%s",
          err->message);
  }
  if (database) {
    if (wf_store_uri_is_postgresql (database)) {
      g_autoptr (GError) err = NULL;
      if (!wf_store_uri_check (database, &err))
        return fail (loc, error, WF_CONFIG_ERROR_VALUE, g, "database",
            "%s", err->message);
      g_free (self->database);
      self->database = g_steal_pointer (&database);
    } else {
      g_free (self->database);
      self->database = *database ? resolve (base_dir, database) : NULL;
    }
    if (!self->database)
      return fail (loc, error, WF_CONFIG_ERROR_VALUE, g, "database",
          "database must not be empty");
  }
  if (gallery) {
    g_free (self->gallery);
    self->gallery = *gallery ? resolve (base_dir, gallery) : NULL;
    if (!self->gallery)
      return fail (loc, error, WF_CONFIG_ERROR_VALUE, g, "gallery",
          "gallery must not be empty");
  }
  if (pdir) {
    g_free (self->pipeline_dir);
    self->pipeline_dir = resolve (base_dir, pdir);
  }
  return TRUE;
}

/* The key as this group spells it: its name, or its older alias. */
static const gchar *
spelled (GKeyFile * kf, const gchar * group, const gchar * name)
{
  const WfCameraKey *k = name ? wf_camera_key_find (name, FALSE) : NULL;

  if (k && k->alias && !g_key_file_has_key (kf, group, k->name, NULL) &&
      g_key_file_has_key (kf, group, k->alias, NULL))
    return k->alias;
  return name;
}

/* @err from the camera validator, located at the key as spelled. */
static gboolean
fail_camera (Locator * loc, GKeyFile * kf, GError ** error,
    const gchar * group, const gchar * field, GError * err)
{
  const gchar *key = spelled (kf, group, field);

  if (g_error_matches (err, WF_CONFIG_ERROR, WF_CONFIG_ERROR_MISSING))
    return fail (loc, error, WF_CONFIG_ERROR_MISSING, group, NULL,
        "[%s] needs a %s", group, field);
  if (key && field && !g_str_equal (key, field))
    return fail (loc, error, WF_CONFIG_ERROR_VALUE, group, key, "%s: %s",
        key, err->message);
  return fail (loc, error, WF_CONFIG_ERROR_VALUE, group, key, "%s",
      err->message);
}

/* One key of a [camera:ID] group: the text turned into the key's type,
 * range and meaning left to the camera validator. */
static gboolean
load_camera_key (Locator * loc, GKeyFile * kf, const gchar * group,
    const gchar * name, WfCameraConfig * c, GError ** error)
{
  const WfCameraKey *k = wf_camera_key_find (name, TRUE);
  g_autofree gchar *v = NULL;
  g_autoptr (GError) err = NULL;
  gboolean ok = FALSE;

  if (!k) {
    g_autofree gchar *list = wf_camera_key_names ();
    return fail (loc, error, WF_CONFIG_ERROR_UNKNOWN_KEY, group, name,
        "unknown key '%s' in [%s] (known: %s)", name, group, list);
  }
  if (k->alias && g_key_file_has_key (kf, group, k->name, NULL) &&
      g_key_file_has_key (kf, group, k->alias, NULL))
    return fail (loc, error, WF_CONFIG_ERROR_VALUE, group, name,
        "set %s or its older spelling %s, not both", k->name, k->alias);
  if (!get_string (loc, kf, group, name, &v, error))
    return FALSE;
  switch (k->type) {
    case WF_CAMERA_KEY_STRING:
      ok = wf_camera_config_set_string (c, k, v, &err);
      break;
    case WF_CAMERA_KEY_BOOLEAN:
      if (!g_str_equal (v, "true") && !g_str_equal (v, "false"))
        return fail (loc, error, WF_CONFIG_ERROR_VALUE, group, name,
            "%s must be true or false, not '%s'", name, v);
      ok = wf_camera_config_set_boolean (c, k, g_str_equal (v, "true"),
          &err);
      break;
    case WF_CAMERA_KEY_COUNT:{
      guint64 n;
      if (!g_ascii_string_to_unsigned (v, 10, 0, G_MAXUINT, &n, NULL))
        return fail (loc, error, WF_CONFIG_ERROR_VALUE, group, name,
            "%s must be a whole number from %g to %g, not '%s'", name,
            k->min, k->max, v);
      ok = wf_camera_config_set_count (c, k, n, &err);
      break;
    }
    case WF_CAMERA_KEY_SECONDS:{
      gchar *end = NULL;
      gdouble d = g_ascii_strtod (v, &end);
      if (end == v || *end != '\0')
        return fail (loc, error, WF_CONFIG_ERROR_VALUE, group, name,
            "%s must be a number of seconds from %g to %g, not '%s'", name,
            k->min, k->max, v);
      ok = wf_camera_config_set_seconds (c, k, d, &err);
      break;
    }
  }
  if (!ok)
    return fail_camera (loc, kf, error, group, k->name, err);
  return TRUE;
}

static gboolean
load_camera (WfConfig * self, Locator * loc, GKeyFile * kf,
    const gchar * group, GError ** error)
{
  const gchar *id = group + strlen ("camera:");
  g_autoptr (WfCameraConfig) c = NULL;
  g_auto (GStrv) names = g_key_file_get_keys (kf, group, NULL, NULL);

  if (!wf_camera_id_is_valid (id))
    return fail (loc, error, WF_CONFIG_ERROR_VALUE, group, NULL,
        "camera id '%s' must be 1-64 letters, digits, '_', '.' or '-'", id);
  c = wf_camera_config_new (id);
  for (guint i = 0; names && names[i]; i++)
    if (!load_camera_key (loc, kf, group, names[i], c, error))
      return FALSE;
  g_ptr_array_add (self->cameras, g_steal_pointer (&c));
  return TRUE;
}

/* The checks across keys, once [server] is known wherever it stands. */
static gboolean
validate_cameras (WfConfig * self, Locator * loc, GKeyFile * kf,
    GError ** error)
{
  for (guint i = 0; i < self->cameras->len; i++) {
    WfCameraConfig *c = g_ptr_array_index (self->cameras, i);
    g_autofree gchar *group = g_strconcat ("camera:", c->id, NULL);
    g_autoptr (GError) err = NULL;
    const gchar *field = NULL;

    if (!wf_camera_config_validate (c, WF_CAMERA_FROM_FILE, self->address,
            self->port, &field, &err))
      return fail_camera (loc, kf, error, group, field, err);
  }
  return TRUE;
}

WfConfig *
wf_config_new_from_data (const gchar * data, const gchar * name,
    GError ** error)
{
  g_autoptr (WfConfig) self = wf_config_new ();
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) err = NULL;
  g_autoptr (GHashTable) lines = g_hash_table_new_full (g_str_hash,
      g_str_equal, g_free, NULL);
  g_autofree gchar *base_dir = NULL;
  g_auto (GStrv) groups = NULL;
  Locator loc = { name, lines, NULL };

  if (!g_utf8_validate (data, -1, NULL)) {
    g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_SYNTAX,
        "%s: not valid UTF-8 text", name);
    return NULL;
  }
  if (!scan_lines (&loc, data, error))
    return NULL;
  if (!g_key_file_load_from_data (kf, data, -1, G_KEY_FILE_NONE, &err)) {
    g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_SYNTAX, "%s: %s",
        name, err->message);
    return NULL;
  }
  base_dir = g_path_get_dirname (name);

  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i]; i++) {
    const gchar *g = groups[i];
    if (g_str_equal (g, "server")) {
      if (!load_server (self, &loc, kf, base_dir, error))
        return NULL;
    } else if (g_str_has_prefix (g, "camera:")) {
      if (!load_camera (self, &loc, kf, g, error))
        return NULL;
    } else if (g_str_equal (g, "privacy")) {
      continue;                 /* after [server]: its defaults use it */
    } else if (g_str_equal (g, "tokens")) {
      /* parsed and checked by its own module (wf-tokens.c) */
      WfConfigGroup tg = { &loc, kf, g, base_dir };
      if (!wf_tokens_load (self->tokens, &tg, error))
        return NULL;
    } else if (g_str_equal (g, "mqtt")) {
      /* parsed and checked by its own module (wf-mqtt-config.c) */
      WfConfigGroup mg = { &loc, kf, g, base_dir };
      self->mqtt = wf_mqtt_config_load (&mg, error);
      if (!self->mqtt)
        return NULL;
    } else {
      fail (&loc, error, WF_CONFIG_ERROR_UNKNOWN_KEY, g, NULL,
          "unknown group [%s] (expected [server], [tokens], [camera:ID], "
          "[mqtt] or [privacy])", g);
      return NULL;
    }
  }
  if (self->token && wf_tokens_find_secret (self->tokens, self->token)) {
    fail (&loc, error, WF_CONFIG_ERROR_VALUE, "tokens",
        wf_tokens_find_secret (self->tokens, self->token),
        "token %s is the same as [server] token: give each its own",
        wf_tokens_find_secret (self->tokens, self->token));
    return NULL;
  }
  wf_privacy_config_free (self->privacy);
  self->privacy = wf_privacy_config_new (self->retention_days);
  if (g_key_file_has_group (kf, "privacy")) {
    /* parsed and checked by its own module (wf-privacy-config.c) */
    WfConfigGroup pg = { &loc, kf, "privacy", base_dir };
    if (!wf_privacy_config_load (self->privacy, &pg, error))
      return NULL;
  }
  if (!validate_cameras (self, &loc, kf, error))
    return NULL;
  return g_steal_pointer (&self);
}

WfConfig *
wf_config_new_from_file (const gchar * path, GError ** error)
{
  g_autofree gchar *data = NULL;
  g_autoptr (GError) err = NULL;

  if (!g_file_get_contents (path, &data, NULL, &err)) {
    g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_IO, "%s",
        err->message);
    return NULL;
  }
  return wf_config_new_from_data (data, path, error);
}

#define STRING_ACCESSORS(field) \
const gchar * \
wf_config_get_##field (WfConfig * self) \
{ \
  g_return_val_if_fail (WF_IS_CONFIG (self), NULL); \
  return self->field; \
} \
void \
wf_config_set_##field (WfConfig * self, const gchar * v) \
{ \
  g_return_if_fail (WF_IS_CONFIG (self)); \
  g_free (self->field); \
  self->field = g_strdup (v); \
}

STRING_ACCESSORS (address)
STRING_ACCESSORS (token)
STRING_ACCESSORS (database)
STRING_ACCESSORS (gallery)

const gchar *
wf_config_get_node_id (WfConfig * self)
{
  if (!self->node_id) {
    /* the host name, made an id: a pod's or a machine's name fits */
    g_autofree gchar *h = g_strdup (g_get_host_name ());
    gsize n = strlen (h);

    for (gchar * p = h; *p; p++)
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
        *p = '-';
    if (n > 64)
      h[64] = '\0';
    self->node_id = wf_camera_id_is_valid (h) ? g_steal_pointer (&h) :
        g_strdup ("node");
  }
  return self->node_id;
}

void
wf_config_set_node_id (WfConfig * self, const gchar * node_id)
{
  g_free (self->node_id);
  self->node_id = g_strdup (node_id);
}

guint
wf_config_get_max_cameras (WfConfig * self)
{
  return self->max_cameras;
}

guint
wf_config_get_port (WfConfig * self)
{
  return self->port;
}

void
wf_config_set_port (WfConfig * self, guint port)
{
  self->port = port;
}

const gchar *
wf_config_get_pipeline_dir (WfConfig * self)
{
  return self->pipeline_dir;
}

guint
wf_config_get_retention_days (WfConfig * self)
{
  return self->retention_days;
}

gsize
wf_config_get_max_body_bytes (WfConfig * self)
{
  return self->max_body_bytes;
}

gboolean
wf_config_has_token (WfConfig * self)
{
  return self->token || wf_tokens_count (self->tokens) > 0;
}

const gchar *
wf_config_match_token (WfConfig * self, const gchar * presented)
{
  /* both compared whatever the outcome: the time tells nothing */
  gboolean server = self->token && wf_token_equal (presented, self->token);
  const gchar *named = wf_tokens_match (self->tokens, presented);

  return server ? WF_TOKEN_SERVER_NAME : named;
}

gboolean
wf_config_get_public_health (WfConfig * self)
{
  return self->public_health;
}

void
wf_config_set_public_health (WfConfig * self, gboolean public_health)
{
  self->public_health = public_health;
}

WfMqttConfig *
wf_config_get_mqtt (WfConfig * self)
{
  return self->mqtt;
}

WfPrivacyConfig *
wf_config_get_privacy (WfConfig * self)
{
  return self->privacy;
}

GPtrArray *
wf_config_get_cameras (WfConfig * self)
{
  return self->cameras;
}

void
wf_config_add_camera (WfConfig * self, const WfCameraConfig * cam)
{
  g_ptr_array_add (self->cameras, wf_camera_config_copy (cam));
}
