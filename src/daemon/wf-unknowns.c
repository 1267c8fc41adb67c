/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-unknowns.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#define RETENTION_INTERVAL_S 3600
/* A sidecar is a few kilobytes; anything larger is not ours. */
#define MAX_SIDECAR_BYTES (64 * 1024)

struct _WfUnknowns
{
  GObject parent;

  gchar *dir;
  gint64 keep_ms;
  GHashTable *crops;            /* id -> WfUnknownCrop */
  guint removed_last_run;
  guint timer;
};

G_DEFINE_TYPE (WfUnknowns, wf_unknowns, G_TYPE_OBJECT);

static void
crop_free (WfUnknownCrop * c)
{
  g_free (c->id);
  g_free (c->camera);
  g_free (c);
}

gboolean
wf_unknowns_id_is_valid (const gchar * id)
{
  if (!id || strlen (id) != WF_UNKNOWNS_ID_LEN)
    return FALSE;
  for (const gchar * p = id; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static gchar *
path_of (WfUnknowns * self, const gchar * id, const gchar * ext)
{
  g_autofree gchar *name = g_strconcat (id, ext, NULL);
  return g_build_filename (self->dir, name, NULL);
}

void
wf_unknowns_remove (WfUnknowns * self, const gchar * id)
{
  g_autofree gchar *jpg = NULL;
  g_autofree gchar *json = NULL;

  if (!wf_unknowns_id_is_valid (id))
    return;
  jpg = path_of (self, id, ".jpg");
  json = path_of (self, id, ".json");
  /* the sidecar first: a crop without it is removed at the next start */
  if (g_unlink (json) != 0 && errno != ENOENT)
    g_warning ("unknown faces: cannot remove %s: %s", json,
        g_strerror (errno));
  if (g_unlink (jpg) != 0 && errno != ENOENT)
    g_warning ("unknown faces: cannot remove %s: %s", jpg,
        g_strerror (errno));
  g_hash_table_remove (self->crops, id);
}

static gboolean
write_sidecar (WfUnknowns * self, const WfUnknownCrop * c, GError ** error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree gchar *text = NULL;
  g_autofree gchar *path = path_of (self, c->id, ".json");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "camera");
  json_builder_add_string_value (b, c->camera);
  json_builder_set_member_name (b, "first_seen_ms");
  json_builder_add_int_value (b, c->first_seen_ms);
  json_builder_set_member_name (b, "last_seen_ms");
  json_builder_add_int_value (b, c->last_seen_ms);
  json_builder_set_member_name (b, "face_pixels");
  json_builder_add_double_value (b, c->face_pixels);
  json_builder_set_member_name (b, "descriptor");
  json_builder_begin_array (b);
  for (guint i = 0; i < WF_DESCRIPTOR_DIM; i++)
    json_builder_add_double_value (b, c->descriptor[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  return g_file_set_contents_full (path, text, -1,
      G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* One crop from its sidecar; NULL when it does not read. */
static WfUnknownCrop *
read_sidecar (WfUnknowns * self, const gchar * id)
{
  g_autofree gchar *path = path_of (self, id, ".json");
  g_autofree gchar *jpg = path_of (self, id, ".jpg");
  g_autofree gchar *text = NULL;
  g_autoptr (JsonParser) p = json_parser_new ();
  gsize len = 0;
  JsonObject *o;
  JsonArray *d;
  WfUnknownCrop *c;

  if (!g_file_test (jpg, G_FILE_TEST_IS_REGULAR) ||
      !g_file_get_contents (path, &text, &len, NULL) ||
      len > MAX_SIDECAR_BYTES || !json_parser_load_from_data (p, text, len,
          NULL) || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (p)))
    return NULL;
  o = json_node_get_object (json_parser_get_root (p));
  if (!json_object_has_member (o, "camera") ||
      !json_object_has_member (o, "descriptor") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "descriptor")))
    return NULL;
  d = json_object_get_array_member (o, "descriptor");
  if (json_array_get_length (d) != WF_DESCRIPTOR_DIM)
    return NULL;
  c = g_new0 (WfUnknownCrop, 1);
  c->id = g_strdup (id);
  c->camera = g_strdup (json_object_get_string_member_with_default (o,
          "camera", ""));
  c->first_seen_ms = json_object_get_int_member_with_default (o,
      "first_seen_ms", 0);
  c->last_seen_ms = json_object_get_int_member_with_default (o,
      "last_seen_ms", 0);
  c->face_pixels = json_object_get_double_member_with_default (o,
      "face_pixels", 0);
  for (guint i = 0; i < WF_DESCRIPTOR_DIM; i++)
    c->descriptor[i] = json_array_get_double_element (d, i);
  return c;
}

static void
load (WfUnknowns * self)
{
  g_autoptr (GDir) dir = g_dir_open (self->dir, 0, NULL);
  g_autoptr (GPtrArray) bad = g_ptr_array_new_with_free_func (g_free);
  const gchar *name;

  while (dir && (name = g_dir_read_name (dir))) {
    g_autofree gchar *id = g_strndup (name, WF_UNKNOWNS_ID_LEN);
    const gchar *ext = name + MIN (strlen (name), WF_UNKNOWNS_ID_LEN);
    WfUnknownCrop *c;

    if (!wf_unknowns_id_is_valid (id) || (strcmp (ext, ".json") != 0 &&
            strcmp (ext, ".jpg") != 0)) {
      g_ptr_array_add (bad, g_build_filename (self->dir, name, NULL));
      continue;
    }
    if (g_hash_table_contains (self->crops, id))
      continue;
    if ((c = read_sidecar (self, id)))
      g_hash_table_insert (self->crops, c->id, c);
    else
      g_ptr_array_add (bad, g_build_filename (self->dir, name, NULL));
  }
  /* half-written crops and strays: nothing here may outlive its limit */
  for (guint i = 0; i < bad->len; i++)
    g_unlink (g_ptr_array_index (bad, i));
}

guint
wf_unknowns_enforce_retention (WfUnknowns * self, gint64 now_ms)
{
  g_autoptr (GPtrArray) old = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter it;
  WfUnknownCrop *c;

  g_hash_table_iter_init (&it, self->crops);
  while (g_hash_table_iter_next (&it, NULL, (gpointer *) & c))
    if (c->last_seen_ms < now_ms - self->keep_ms)
      g_ptr_array_add (old, g_strdup (c->id));
  for (guint i = 0; i < old->len; i++)
    wf_unknowns_remove (self, g_ptr_array_index (old, i));
  self->removed_last_run = old->len;
  if (old->len)
    g_info ("unknown faces: retention removed %u crops", old->len);
  return old->len;
}

static gboolean
on_retention (gpointer data)
{
  wf_unknowns_enforce_retention (data, g_get_real_time () / 1000);
  return G_SOURCE_CONTINUE;
}

/* Drops the crops seen longest ago while @camera (NULL: all) holds more
 * than @max. */
static void
bound (WfUnknowns * self, const gchar * camera, guint max)
{
  for (;;) {
    GHashTableIter it;
    WfUnknownCrop *c, *oldest = NULL;
    guint n = 0;

    g_hash_table_iter_init (&it, self->crops);
    while (g_hash_table_iter_next (&it, NULL, (gpointer *) & c)) {
      if (camera && g_strcmp0 (c->camera, camera) != 0)
        continue;
      n++;
      if (!oldest || c->last_seen_ms < oldest->last_seen_ms)
        oldest = c;
    }
    if (n <= max || !oldest)
      return;
    {
      g_autofree gchar *id = g_strdup (oldest->id);
      wf_unknowns_remove (self, id);
    }
  }
}

gchar *
wf_unknowns_add (WfUnknowns * self, const gchar * replace,
    const gchar * camera, GBytes * jpeg, const gfloat * descriptor,
    gdouble face_pixels, gint64 now_ms, GError ** error)
{
  WfUnknownCrop *c = replace ? g_hash_table_lookup (self->crops, replace) :
      NULL;
  g_autofree gchar *jpg = NULL;
  gboolean created = !c;
  gsize len;
  const gchar *data = g_bytes_get_data (jpeg, &len);

  if (!c) {
    guint8 raw[WF_UNKNOWNS_ID_LEN / 2];
    GString *id = g_string_new (NULL);

    for (guint i = 0; i < sizeof raw; i++) {
      raw[i] = g_random_int_range (0, 256);
      g_string_append_printf (id, "%02x", raw[i]);
    }
    c = g_new0 (WfUnknownCrop, 1);
    c->id = g_string_free (id, FALSE);
    c->camera = g_strdup (camera);
    c->first_seen_ms = now_ms;
  }
  c->last_seen_ms = now_ms;
  c->face_pixels = face_pixels;
  memcpy (c->descriptor, descriptor, sizeof c->descriptor);
  jpg = path_of (self, c->id, ".jpg");
  if (!g_file_set_contents_full (jpg, data, len,
          G_FILE_SET_CONTENTS_CONSISTENT, 0600, error) ||
      !write_sidecar (self, c, error)) {
    if (created) {
      g_autofree gchar *id = g_strdup (c->id);
      crop_free (c);
      wf_unknowns_remove (self, id);
    }
    return NULL;
  }
  if (created)
    g_hash_table_insert (self->crops, c->id, c);
  {
    g_autofree gchar *id = g_strdup (c->id);
    bound (self, camera, WF_UNKNOWNS_MAX_PER_CAMERA);
    bound (self, NULL, WF_UNKNOWNS_MAX_TOTAL);
    /* the new crop is the newest: it is never the one dropped */
    return g_steal_pointer (&id);
  }
}

void
wf_unknowns_touch (WfUnknowns * self, const gchar * id, gint64 now_ms)
{
  WfUnknownCrop *c = id ? g_hash_table_lookup (self->crops, id) : NULL;

  if (c)
    c->last_seen_ms = MAX (c->last_seen_ms, now_ms);
}

const WfUnknownCrop *
wf_unknowns_lookup (WfUnknowns * self, const gchar * id)
{
  return wf_unknowns_id_is_valid (id) ? g_hash_table_lookup (self->crops,
      id) : NULL;
}

GBytes *
wf_unknowns_read_jpeg (WfUnknowns * self, const gchar * id, GError ** error)
{
  g_autofree gchar *path = NULL;
  gchar *data = NULL;
  gsize len = 0;

  if (!wf_unknowns_lookup (self, id)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no face crop "
        "'%s'", id);
    return NULL;
  }
  path = path_of (self, id, ".jpg");
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  return g_bytes_new_take (data, len);
}

guint
wf_unknowns_count (WfUnknowns * self)
{
  return g_hash_table_size (self->crops);
}

guint
wf_unknowns_removed_last_run (WfUnknowns * self)
{
  return self->removed_last_run;
}

void
wf_unknown_group_clear (WfUnknownGroup * g)
{
  g_clear_pointer (&g->id, g_free);
  g_clear_pointer (&g->best, g_free);
  g_clear_pointer (&g->crops, g_ptr_array_unref);
  g_clear_pointer (&g->cameras, g_ptr_array_unref);
}

static gint
by_first_seen (gconstpointer a, gconstpointer b)
{
  const WfUnknownCrop *x = *(WfUnknownCrop * const *) a;
  const WfUnknownCrop *y = *(WfUnknownCrop * const *) b;

  if (x->first_seen_ms != y->first_seen_ms)
    return x->first_seen_ms < y->first_seen_ms ? -1 : 1;
  return strcmp (x->id, y->id);
}

static gint
by_last_seen_desc (gconstpointer a, gconstpointer b)
{
  const WfUnknownGroup *x = a, *y = b;

  if (x->last_seen_ms != y->last_seen_ms)
    return x->last_seen_ms > y->last_seen_ms ? -1 : 1;
  return strcmp (x->id, y->id);
}

static guint
find_root (guint * parent, guint i)
{
  while (parent[i] != i)
    i = parent[i] = parent[parent[i]];
  return i;
}

GArray *
wf_unknowns_groups (WfUnknowns * self, gdouble threshold)
{
  g_autoptr (GPtrArray) crops = g_ptr_array_new ();
  GArray *out = g_array_new (FALSE, TRUE, sizeof (WfUnknownGroup));
  g_autofree guint *parent = NULL;
  g_autofree gint *slot = NULL;
  GHashTableIter it;
  gpointer value;
  guint n;

  g_hash_table_iter_init (&it, self->crops);
  while (g_hash_table_iter_next (&it, NULL, &value))
    g_ptr_array_add (crops, value);
  n = crops->len;
  g_array_set_clear_func (out, (GDestroyNotify) wf_unknown_group_clear);
  g_ptr_array_sort (crops, by_first_seen);
  parent = g_new (guint, MAX (n, 1));
  slot = g_new (gint, MAX (n, 1));
  for (guint i = 0; i < n; i++) {
    parent[i] = i;
    slot[i] = -1;
  }
  /* at most WF_UNKNOWNS_MAX_TOTAL crops: the n^2/2 distances are cheap */
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++) {
      const WfUnknownCrop *a = g_ptr_array_index (crops, i);
      const WfUnknownCrop *b = g_ptr_array_index (crops, j);
      if (wf_descriptor_distance (a->descriptor, b->descriptor) <= threshold) {
        guint ra = find_root (parent, i), rb = find_root (parent, j);
        /* the earlier crop stays the root: it names the group */
        if (ra != rb)
          parent[MAX (ra, rb)] = MIN (ra, rb);
      }
    }
  for (guint i = 0; i < n; i++) {
    const WfUnknownCrop *c = g_ptr_array_index (crops, i);
    guint r = find_root (parent, i);
    WfUnknownGroup *g;

    if (slot[r] < 0) {
      WfUnknownGroup ng = { 0 };
      ng.id = g_strdup (c->id);
      ng.best = g_strdup (c->id);
      ng.crops = g_ptr_array_new_with_free_func (g_free);
      ng.cameras = g_ptr_array_new_with_free_func (g_free);
      ng.first_seen_ms = c->first_seen_ms;
      ng.last_seen_ms = c->last_seen_ms;
      g_array_append_val (out, ng);
      slot[r] = out->len - 1;
    }
    g = &g_array_index (out, WfUnknownGroup, slot[r]);
    g_ptr_array_add (g->crops, g_strdup (c->id));
    if (!g_ptr_array_find_with_equal_func (g->cameras, c->camera,
            g_str_equal, NULL))
      g_ptr_array_add (g->cameras, g_strdup (c->camera));
    g->first_seen_ms = MIN (g->first_seen_ms, c->first_seen_ms);
    g->last_seen_ms = MAX (g->last_seen_ms, c->last_seen_ms);
    if (c->face_pixels > ((WfUnknownCrop *) g_hash_table_lookup (self->crops,
                g->best))->face_pixels) {
      g_free (g->best);
      g->best = g_strdup (c->id);
    }
  }
  g_array_sort (out, by_last_seen_desc);
  return out;
}

gboolean
wf_unknowns_group_of (WfUnknowns * self, const gchar * id,
    gdouble threshold, WfUnknownGroup * out)
{
  g_autoptr (GArray) groups = NULL;

  memset (out, 0, sizeof *out);
  if (!wf_unknowns_lookup (self, id))
    return FALSE;
  groups = wf_unknowns_groups (self, threshold);
  for (guint i = 0; i < groups->len; i++) {
    WfUnknownGroup *g = &g_array_index (groups, WfUnknownGroup, i);
    if (g_ptr_array_find_with_equal_func (g->crops, id, g_str_equal, NULL)) {
      *out = *g;
      /* taken: the array's clear function must not free it */
      memset (g, 0, sizeof *g);
      return TRUE;
    }
  }
  return FALSE;
}

static void
wf_unknowns_finalize (GObject * object)
{
  WfUnknowns *self = WF_UNKNOWNS (object);

  if (self->timer)
    g_source_remove (self->timer);
  g_hash_table_unref (self->crops);
  g_free (self->dir);
  G_OBJECT_CLASS (wf_unknowns_parent_class)->finalize (object);
}

static void
wf_unknowns_class_init (WfUnknownsClass * klass)
{
  G_OBJECT_CLASS (klass)->finalize = wf_unknowns_finalize;
}

static void
wf_unknowns_init (WfUnknowns * self)
{
  self->crops = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
      (GDestroyNotify) crop_free);
}

WfUnknowns *
wf_unknowns_new (const gchar * dir, gint64 keep_seconds, GError ** error)
{
  WfUnknowns *self;

  if (g_mkdir_with_parents (dir, 0700) != 0) {
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
        "cannot create %s: %s", dir, g_strerror (errno));
    return NULL;
  }
  /* an existing folder keeps no wider mode than ours */
  g_chmod (dir, 0700);
  self = g_object_new (WF_TYPE_UNKNOWNS, NULL);
  self->dir = g_strdup (dir);
  self->keep_ms = keep_seconds * 1000;
  load (self);
  wf_unknowns_enforce_retention (self, g_get_real_time () / 1000);
  self->timer = g_timeout_add_seconds (RETENTION_INTERVAL_S, on_retention,
      self);
  return self;
}
