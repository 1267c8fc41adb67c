/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-model-cache.h"
#include "wf-memstats.h"

#include <malloc.h>

typedef struct {
  gchar *key;
  gchar *kind;
  gchar *path;
  gpointer model;
  GDestroyNotify free_func;
  gsize bytes;
  guint users;
  gdouble load_seconds;
} WfModelEntry;

/* Loads run under the lock too: two pipelines starting at once must not load
 * the same model twice, and loads are rare. */
static GMutex cache_lock;
static GHashTable *entries_by_key;      /* protected by cache_lock */
static GHashTable *entries_by_model;    /* protected by cache_lock */

static gchar *
make_key (const gchar * kind, const gchar * path)
{
  return g_strconcat (kind, "\n", path ? path : "", NULL);
}

static void
entry_free (WfModelEntry * e)
{
  if (e->free_func && e->model)
    e->free_func (e->model);
  g_free (e->key);
  g_free (e->kind);
  g_free (e->path);
  g_free (e);
}

static void
ensure_tables_unlocked (void)
{
  if (entries_by_key)
    return;
  entries_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  entries_by_model = g_hash_table_new (g_direct_hash, g_direct_equal);
}

static gsize
heap_in_use (void)
{
  struct mallinfo2 mi = mallinfo2 ();
  WfMemStats stats;

  if (mi.arena + mi.hblkhd > 0)
    return mi.uordblks + mi.hblkhd;
  /* An allocator that is not glibc's (AddressSanitizer's, say) reports
   * nothing through mallinfo2: fall back to the process's anonymous RSS. */
  if (wf_memstats_read (&stats, NULL))
    return stats.rss_anon;
  return 0;
}

gpointer
wf_model_cache_acquire (const gchar * kind, const gchar * path,
    WfModelLoadFunc load, gpointer user_data, GDestroyNotify free_func,
    GError ** error)
{
  WfModelEntry *e;
  gchar *key;
  gpointer model = NULL;
  gsize bytes = 0, before;
  gint64 start;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (load != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  key = make_key (kind, path);

  g_mutex_lock (&cache_lock);
  ensure_tables_unlocked ();
  e = g_hash_table_lookup (entries_by_key, key);
  if (e) {
    e->users++;
    model = e->model;
    g_mutex_unlock (&cache_lock);
    g_free (key);
    return model;
  }

  before = heap_in_use ();
  start = g_get_monotonic_time ();
  model = load (path, user_data, &bytes, error);
  /* A loader's scratch (a file parsed into an intermediate form, as dlib's
   * network is before its weights are copied) is freed by now: give its
   * pages back, as unloading does. */
  malloc_trim (0);
  if (model == NULL) {
    g_mutex_unlock (&cache_lock);
    g_free (key);
    if (error && *error == NULL)
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
          "Could not load %s model %s", kind, path ? path : "(built-in)");
    return NULL;
  }
  if (bytes == 0) {
    gsize after = heap_in_use ();
    bytes = after > before ? after - before : 0;
  }

  e = g_new0 (WfModelEntry, 1);
  e->key = key;
  e->kind = g_strdup (kind);
  e->path = g_strdup (path);
  e->model = model;
  e->free_func = free_func;
  e->bytes = bytes;
  e->users = 1;
  e->load_seconds = (g_get_monotonic_time () - start) / 1e6;
  g_hash_table_insert (entries_by_key, e->key, e);
  g_hash_table_insert (entries_by_model, model, e);
  g_mutex_unlock (&cache_lock);

  g_info ("loaded %s model %s: %" G_GSIZE_FORMAT " bytes in %.3f s", kind,
      path ? path : "(built-in)", bytes, e->load_seconds);
  return model;
}

void
wf_model_cache_release (gpointer model)
{
  WfModelEntry *e;

  if (model == NULL)
    return;

  g_mutex_lock (&cache_lock);
  e = entries_by_model ? g_hash_table_lookup (entries_by_model, model) : NULL;
  if (e == NULL) {
    g_mutex_unlock (&cache_lock);
    g_critical ("releasing a model the cache does not hold: %p", model);
    return;
  }
  if (--e->users > 0) {
    g_mutex_unlock (&cache_lock);
    return;
  }
  g_hash_table_remove (entries_by_key, e->key);
  g_hash_table_remove (entries_by_model, model);
  g_mutex_unlock (&cache_lock);

  /* Free outside the lock: a large model takes a while to tear down. */
  g_info ("unloading %s model %s", e->kind, e->path ? e->path : "(built-in)");
  entry_free (e);
  /* Give the freed pages back to the system, so the RSS reported by the
   * memory endpoint drops when the last user of a model stops. */
  malloc_trim (0);
}

static void
model_info_clear (gpointer data)
{
  WfModelInfo *info = data;
  g_free (info->kind);
  g_free (info->path);
}

GArray *
wf_model_cache_list (void)
{
  GArray *list = g_array_new (FALSE, TRUE, sizeof (WfModelInfo));
  GHashTableIter iter;
  gpointer value;

  g_array_set_clear_func (list, model_info_clear);

  g_mutex_lock (&cache_lock);
  if (entries_by_key) {
    g_hash_table_iter_init (&iter, entries_by_key);
    while (g_hash_table_iter_next (&iter, NULL, &value)) {
      WfModelEntry *e = value;
      WfModelInfo info = {
        .kind = g_strdup (e->kind),
        .path = g_strdup (e->path),
        .bytes = e->bytes,
        .users = e->users,
        .load_seconds = e->load_seconds,
      };
      g_array_append_val (list, info);
    }
  }
  g_mutex_unlock (&cache_lock);
  return list;
}

gsize
wf_model_cache_total_bytes (void)
{
  GHashTableIter iter;
  gpointer value;
  gsize total = 0;

  g_mutex_lock (&cache_lock);
  if (entries_by_key) {
    g_hash_table_iter_init (&iter, entries_by_key);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      total += ((WfModelEntry *) value)->bytes;
  }
  g_mutex_unlock (&cache_lock);
  return total;
}

guint
wf_model_cache_users (const gchar * kind, const gchar * path)
{
  WfModelEntry *e;
  gchar *key = make_key (kind, path);
  guint users = 0;

  g_mutex_lock (&cache_lock);
  if (entries_by_key && (e = g_hash_table_lookup (entries_by_key, key)))
    users = e->users;
  g_mutex_unlock (&cache_lock);
  g_free (key);
  return users;
}
