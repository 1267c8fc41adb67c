/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-gallery-sync.h"
#include "wf-gallery-record.h"
#include "wf-pg.h"

#include <glib-unix.h>

#define MIGRATION_LOCK 7768
#define CHANNEL "wf_gallery"
/* A notification names the employee it is about: "e:" and the id.  Up to
 * NOTICES_MAX of them are applied one by one; more, or one without an id
 * (from a node of an earlier version), make a full comparison. */
#define NOTICE_PREFIX "e:"
#define NOTICES_MAX 64

static const gchar *const migrations[] = {
  /* 1: one record per employee, versions from one sequence, erasures */
  "CREATE SEQUENCE gallery_version;"
  "CREATE TABLE gallery_employees ("
  " id TEXT PRIMARY KEY, version BIGINT NOT NULL, changed BIGINT NOT NULL,"
  " node TEXT NOT NULL, record BYTEA NOT NULL);"
  "CREATE TABLE gallery_erased ("
  " id_hash TEXT PRIMARY KEY, erased BIGINT NOT NULL, node TEXT NOT NULL)",
  /* 2: an erasure's place among the versions (erased_after_seen) */
  "ALTER TABLE gallery_erased ADD COLUMN version BIGINT NOT NULL DEFAULT 0",
};

struct _WfGallerySync
{
  WfPgLink link;
  WfGallery *gallery;
  gchar *node;
  GMainContext *context;
  GThread *owner;               /* the thread of the main context */
  gulong handler;
  GThread *applying;            /* the thread applying the site's change */

  GMutex lock;
  GHashTable *pending;          /* ids to write; protected by lock */
  GSource *idle;                /* protected by lock */

  GHashTable *applied;          /* id -> version applied, as text */
  guint watch, tick;
  gint64 checked_us;
  guint64 imported, written, removed, checks;
};

static void lost (WfGallerySync * self, const GError * err);

static gchar *
id_hash (const gchar * id)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, id, -1);
}

/* A failed statement: a lost session is closed, anything else rolled
 * back; FALSE either way. */
static gboolean
failed (WfGallerySync * self, GError * err, const gchar * what)
{
  if (g_error_matches (err, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED)) {
    lost (self, err);
  } else {
    g_warning ("site gallery: %s: %s", what, err->message);
    wf_pg_exec (&self->link, "ROLLBACK", NULL);
  }
  g_error_free (err);
  return FALSE;
}

static gboolean
run_ok (WfGallerySync * self, const gchar * sql, guint n,
    const gchar * const *values, const gchar * what)
{
  GError *err = NULL;
  PGresult *res = wf_pg_run (&self->link, sql, n, values, &err);

  if (!res)
    return failed (self, err, what);
  PQclear (res);
  return TRUE;
}

typedef enum
{
  ERASED_NO,
  ERASED_YES,
  ERASED_FAILED,
} Erased;

/* In push's transaction, before employee @id's record is written: whether
 * the site erased @id after the version this node last had of it (a
 * change made here while the database was unreachable, to an employee
 * another node erased meanwhile).  The erasure wins: the transaction is
 * rolled back and the employee removed here.  An employee this node has
 * no site version of (enrolled here, or again after its erasure here) is
 * a new enrolment under the same id, which clears the erasure. */
static Erased
erased_after_seen (WfGallerySync * self, const gchar * id,
    const gchar * hash)
{
  const gchar *h[] = { hash };
  const gchar *seen = g_hash_table_lookup (self->applied, id);
  g_autoptr (GError) gerr = NULL;
  GError *err = NULL;
  PGresult *res;
  gint64 erased;

  if (!seen)
    return ERASED_NO;
  res = wf_pg_run (&self->link, "SELECT version FROM gallery_erased"
      " WHERE id_hash = $1", 1, h, &err);
  if (!res) {
    failed (self, err, "reading an erasure");
    return ERASED_FAILED;
  }
  erased = PQntuples (res) ? g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL,
      10) : 0;
  PQclear (res);
  if (erased <= g_ascii_strtoll (seen, NULL, 10))
    return ERASED_NO;
  wf_pg_exec (&self->link, "ROLLBACK", NULL);
  g_message ("site gallery: employee %s was erased on the site after this "
      "node's copy: the erasure stands, the change made here is dropped", id);
  g_hash_table_remove (self->applied, id);
  g_atomic_pointer_set (&self->applying, g_thread_self ());
  if (wf_gallery_remove (self->gallery, id, &gerr))
    self->removed++;
  else
    g_warning ("site gallery: erased employee %s not removed here: %s", id,
        gerr->message);
  g_atomic_pointer_set (&self->applying, NULL);
  return ERASED_YES;
}

/* Writes employee @id as this file has it (or its erasure) to the site.
 * FALSE when the session failed (the caller keeps @id pending). */
static gboolean
push (WfGallerySync * self, const gchar * id)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (GBytes) rec = wf_gallery_export_employee (self->gallery, id,
      &err);
  g_autofree gchar *hash = id_hash (id);
  g_autofree gchar *now = g_strdup_printf ("%" G_GINT64_FORMAT,
      g_get_real_time () / G_USEC_PER_SEC);
  g_autofree gchar *notice = g_strconcat (NOTICE_PREFIX, id, NULL);
  const gchar *notify[] = { notice };
  GError *perr = NULL;

  if (!rec && !g_error_matches (err, WF_GALLERY_ERROR,
          WF_GALLERY_ERROR_NOT_FOUND)) {
    g_warning ("site gallery: employee %s not written: %s", id,
        err->message);
    return TRUE;
  }
  /* removed here: an enrolment under the same id is a new employee */
  if (!rec)
    g_hash_table_remove (self->applied, id);
  if (!self->link.conn)
    return FALSE;
  if (!wf_pg_exec (&self->link, "BEGIN", &perr))
    return failed (self, perr, "writing");
  if (rec) {
    switch (erased_after_seen (self, id, hash)) {
      case ERASED_NO:
        break;
      case ERASED_YES:
        return TRUE;
      case ERASED_FAILED:
        return FALSE;
    }
  }
  if (rec) {
    gsize size;
    const gchar *data = g_bytes_get_data (rec, &size);
    const gchar *values[] = { id, now, self->node, data };
    const gint lengths[] = { 0, 0, 0, (gint) size };
    const gint formats[] = { 0, 0, 0, 1 };
    const gchar *h[] = { hash };
    PGresult *res = wf_pg_run_full (&self->link,
        "INSERT INTO gallery_employees (id, version, changed, node, record)"
        " VALUES ($1, nextval ('gallery_version'), CAST ($2 AS BIGINT), $3,"
        " $4) ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version,"
        " changed = EXCLUDED.changed, node = EXCLUDED.node,"
        " record = EXCLUDED.record RETURNING version", 4, values, lengths,
        formats, FALSE, &perr);

    if (!res)
      return failed (self, perr, "writing an employee");
    g_hash_table_replace (self->applied, g_strdup (id),
        g_strdup (PQgetvalue (res, 0, 0)));
    PQclear (res);
    if (!run_ok (self, "DELETE FROM gallery_erased WHERE id_hash = $1", 1, h,
            "writing an employee"))
      return FALSE;
  } else {
    const gchar *e[] = { id };
    const gchar *t[] = { hash, now, self->node };

    if (!run_ok (self, "DELETE FROM gallery_employees WHERE id = $1", 1, e,
            "erasing an employee") ||
        !run_ok (self, "INSERT INTO gallery_erased (id_hash, erased, node,"
            " version) VALUES ($1, CAST ($2 AS BIGINT), $3,"
            " nextval ('gallery_version')) ON CONFLICT (id_hash) DO UPDATE"
            " SET erased = EXCLUDED.erased, node = EXCLUDED.node,"
            " version = EXCLUDED.version", 3, t, "erasing an employee"))
      return FALSE;
  }
  if (!run_ok (self, "SELECT pg_notify ('" CHANNEL "', $1)", 1, notify,
          "notifying"))
    return FALSE;
  if (!wf_pg_exec (&self->link, "COMMIT", &perr))
    return failed (self, perr, "committing");
  self->written++;
  g_debug ("site gallery: employee %s %s", id, rec ? "written" : "erased");
  return TRUE;
}

/* Writes every pending change; what fails stays pending. */
static void
push_pending (WfGallerySync * self)
{
  g_autoptr (GHashTable) todo = NULL;
  GHashTableIter it;
  gpointer id;

  g_mutex_lock (&self->lock);
  todo = g_steal_pointer (&self->pending);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      NULL);
  g_mutex_unlock (&self->lock);
  g_hash_table_iter_init (&it, todo);
  while (g_hash_table_iter_next (&it, &id, NULL)) {
    if (push (self, id))
      continue;
    g_mutex_lock (&self->lock);
    g_hash_table_add (self->pending, g_strdup (id));
    g_mutex_unlock (&self->lock);
  }
}

/* Imports employee @id at @version from the site. */
static gboolean
pull (WfGallerySync * self, const gchar * id)
{
  const gchar *values[] = { id };
  GError *err = NULL;
  g_autoptr (GError) gerr = NULL;
  g_autoptr (GBytes) rec = NULL;
  PGresult *res = wf_pg_run_full (&self->link, "SELECT CAST (version AS "
      "TEXT), record FROM gallery_employees WHERE id = $1", 1, values, NULL,
      NULL, TRUE, &err);
  gboolean ok;

  if (!res)
    return failed (self, err, "reading an employee");
  if (PQntuples (res) == 0) {
    /* erased since it was listed: the next check sees the erasure */
    PQclear (res);
    return TRUE;
  }
  rec = g_bytes_new (PQgetvalue (res, 0, 1), PQgetlength (res, 0, 1));
  g_atomic_pointer_set (&self->applying, g_thread_self ());
  ok = wf_gallery_import_employee (self->gallery, rec, NULL, &gerr);
  g_atomic_pointer_set (&self->applying, NULL);
  if (ok) {
    self->imported++;
    g_debug ("site gallery: employee %s imported", id);
  } else {
    g_warning ("site gallery: employee %s (written by another node) not "
        "applied here: %s", id, gerr->message);
  }
  /* applied or refused, the version is not tried again */
  g_hash_table_replace (self->applied, g_strdup (id),
      g_strdup (PQgetvalue (res, 0, 0)));
  PQclear (res);
  return TRUE;
}

/* The site has employee @id at @version, its record @size bytes: imported
 * unless this node applied that version already. */
static void
consider (WfGallerySync * self, const gchar * id, const gchar * version,
    const gchar * size)
{
  const gchar *had = g_hash_table_lookup (self->applied, id);

  if (had && g_str_equal (had, version))
    return;
  /* a limit before the work: a record over it is never fetched */
  if (g_ascii_strtoull (size, NULL, 10) > WF_GALLERY_RECORD_MAX_BYTES) {
    g_warning ("site gallery: employee %s is over %d MiB: not applied",
        id, WF_GALLERY_RECORD_MAX_BYTES >> 20);
    g_hash_table_replace (self->applied, g_strdup (id), g_strdup (version));
    return;
  }
  pull (self, id);
}

/* The site erased employee @id: removed here too. */
static void
remove_erased (WfGallerySync * self, const gchar * id)
{
  g_autoptr (GError) rerr = NULL;

  g_hash_table_remove (self->applied, id);
  g_atomic_pointer_set (&self->applying, g_thread_self ());
  if (wf_gallery_remove (self->gallery, id, &rerr))
    self->removed++;
  else
    g_warning ("site gallery: erased employee %s not removed here: %s",
        id, rerr->message);
  g_atomic_pointer_set (&self->applying, NULL);
}

/* What a notification names: employee @id as the site has it now, in two
 * indexed reads, whatever the size of the gallery. */
static void
refresh (WfGallerySync * self, const gchar * id)
{
  g_autofree gchar *hash = id_hash (id);
  const gchar *e[] = { id }, *h[] = { hash };
  GError *err = NULL;
  PGresult *res;
  gboolean here = FALSE, erased;

  res = wf_pg_run (&self->link, "SELECT CAST (version AS TEXT),"
      " octet_length (record) FROM gallery_employees WHERE id = $1", 1, e,
      &err);
  if (!res) {
    failed (self, err, "reading an employee");
    return;
  }
  if (PQntuples (res) == 1) {
    consider (self, id, PQgetvalue (res, 0, 0), PQgetvalue (res, 0, 1));
    PQclear (res);
    return;
  }
  PQclear (res);
  res = wf_pg_run (&self->link, "SELECT 1 FROM gallery_erased"
      " WHERE id_hash = $1", 1, h, &err);
  if (!res) {
    failed (self, err, "reading an erasure");
    return;
  }
  erased = PQntuples (res) == 1;
  PQclear (res);
  if (erased && wf_gallery_has_employee (self->gallery, id, &here, NULL) &&
      here)
    remove_erased (self, id);
}

static GHashTable *
text_set (PGresult * res, guint col)
{
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);

  for (gint i = 0; i < PQntuples (res); i++)
    g_hash_table_add (set, PQgetvalue (res, i, col));
  return set;
}

/* The file's employees against the site's: see the header. */
static void
reconcile (WfGallerySync * self)
{
  g_autoptr (GError) gerr = NULL;
  GError *err = NULL;
  PGresult *site = NULL, *erased = NULL;
  g_autoptr (GHashTable) site_ids = NULL;
  g_autoptr (GHashTable) erased_hashes = NULL;
  g_autoptr (GArray) local = NULL;
  GHashTableIter it;
  gpointer key;

  push_pending (self);
  if (!self->link.conn)
    return;
  self->checked_us = g_get_monotonic_time ();
  self->checks++;
  site = wf_pg_run (&self->link, "SELECT id, CAST (version AS TEXT),"
      " octet_length (record) FROM gallery_employees", 0, NULL, &err);
  if (!site) {
    failed (self, err, "reading the site's employees");
    return;
  }
  erased = wf_pg_run (&self->link, "SELECT id_hash FROM gallery_erased", 0,
      NULL, &err);
  if (!erased) {
    PQclear (site);
    failed (self, err, "reading the site's erasures");
    return;
  }
  site_ids = text_set (site, 0);
  erased_hashes = text_set (erased, 0);
  for (gint i = 0; i < PQntuples (site) && self->link.conn; i++)
    consider (self, PQgetvalue (site, i, 0), PQgetvalue (site, i, 1),
        PQgetvalue (site, i, 2));
  local = self->link.conn ? wf_gallery_list (self->gallery, &gerr) : NULL;
  for (guint i = 0; local && i < local->len && self->link.conn; i++) {
    const gchar *id = g_array_index (local, WfEmployee, i).id;
    g_autofree gchar *hash = NULL;

    if (g_hash_table_contains (site_ids, id))
      continue;
    hash = id_hash (id);
    if (g_hash_table_contains (erased_hashes, hash)) {
      remove_erased (self, id);
    } else {
      g_message ("site gallery: employee %s, only in this node's gallery, "
          "written to the site", id);
      push (self, id);
    }
  }
  if (gerr)
    g_warning ("site gallery: %s", gerr->message);
  /* forget what the site no longer has */
  g_hash_table_iter_init (&it, self->applied);
  while (g_hash_table_iter_next (&it, &key, NULL))
    if (!g_hash_table_contains (site_ids, key))
      g_hash_table_iter_remove (&it);
  PQclear (site);
  PQclear (erased);
}

/* Notifications from other nodes, read and applied: the employees they
 * name one by one, or a full comparison (see NOTICES_MAX); TRUE when there
 * was one. */
static gboolean
drain (WfGallerySync * self)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  gboolean other = FALSE, all = FALSE;
  PGnotify *n;
  gint me;

  if (!self->link.conn)
    return FALSE;
  me = PQbackendPID (self->link.conn);
  while ((n = PQnotifies (self->link.conn))) {
    if (n->be_pid != me) {
      other = TRUE;
      if (!g_str_has_prefix (n->extra, NOTICE_PREFIX) ||
          ids->len == NOTICES_MAX)
        all = TRUE;
      else if (!all)
        g_ptr_array_add (ids, g_strdup (n->extra + strlen (NOTICE_PREFIX)));
    }
    PQfreemem (n);
  }
  if (all) {
    reconcile (self);
    return other;
  }
  if (ids->len)
    push_pending (self);
  for (guint i = 0; i < ids->len && self->link.conn; i++)
    refresh (self, g_ptr_array_index (ids, i));
  return other;
}

static gboolean
on_readable (gint fd, GIOCondition cond, gpointer data)
{
  WfGallerySync *self = data;

  if (!PQconsumeInput (self->link.conn) ||
      PQstatus (self->link.conn) == CONNECTION_BAD) {
    GError *err = NULL;
    wf_pg_fail (&self->link, G_IO_ERROR_NOT_CONNECTED, &err);
    self->watch = 0;
    lost (self, err);
    g_error_free (err);
    return G_SOURCE_REMOVE;
  }
  /* notifications that arrive while applying are read by its queries:
   * a bounded number of rounds, the next tick and the periodic check
   * catch any rest */
  for (guint round = 0; round < 3 && drain (self); round++);
  return self->watch ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
lost (WfGallerySync * self, const GError * err)
{
  g_warning ("site gallery: database session lost (%s): this node's copy "
      "keeps serving; changes are written when it is back", err->message);
  if (self->watch)
    g_source_remove (self->watch);
  self->watch = 0;
  wf_pg_link_close (&self->link);
}

static gboolean
session (WfGallerySync * self, GError ** error)
{
  if (!wf_pg_link_connect (&self->link, error) ||
      !wf_pg_migrate (&self->link, "gallery", MIGRATION_LOCK, migrations,
          G_N_ELEMENTS (migrations), error) ||
      !wf_pg_exec (&self->link, "LISTEN " CHANNEL, error)) {
    wf_pg_link_close (&self->link);
    return FALSE;
  }
  self->watch = g_unix_fd_add (PQsocket (self->link.conn), G_IO_IN,
      on_readable, self);
  return TRUE;
}

static gboolean
on_tick (gpointer data)
{
  WfGallerySync *self = data;
  gint64 now = g_get_monotonic_time ();

  if (!self->link.conn) {
    g_autoptr (GError) err = NULL;
    if (!session (self, &err))
      return G_SOURCE_CONTINUE;
    g_message ("site gallery: reconnected");
    reconcile (self);
  } else {
    gboolean pending;

    g_mutex_lock (&self->lock);
    pending = g_hash_table_size (self->pending) > 0;
    g_mutex_unlock (&self->lock);
    /* drain (): notifications read by another query's reply */
    drain (self);
    if (pending)
      push_pending (self);
    if (self->link.conn && now - self->checked_us >=
        WF_GALLERY_SYNC_CHECK_S * G_USEC_PER_SEC)
      reconcile (self);
  }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_idle (gpointer data)
{
  WfGallerySync *self = data;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->idle, g_source_unref);
  g_mutex_unlock (&self->lock);
  push_pending (self);
  return G_SOURCE_REMOVE;
}

/* WfGallery::employee-changed, in whichever thread wrote. */
static void
on_changed (WfGallery * gallery, const gchar * id, gpointer data)
{
  WfGallerySync *self = data;

  if (g_atomic_pointer_get (&self->applying) == g_thread_self ())
    return;
  g_mutex_lock (&self->lock);
  g_hash_table_add (self->pending, g_strdup (id));
  if (g_thread_self () == self->owner) {
    /* on the main context (the API, an erasure): written before the
     * caller goes on, so that an erasure's last step (its announcement
     * cleared) never comes before the site heard of it */
    g_mutex_unlock (&self->lock);
    push_pending (self);
    return;
  }
  if (!self->idle) {
    self->idle = g_idle_source_new ();
    g_source_set_callback (self->idle, on_idle, self, NULL);
    g_source_attach (self->idle, self->context);
  }
  g_mutex_unlock (&self->lock);
}

WfGallerySync *
wf_gallery_sync_new (const gchar * uri, WfGallery * gallery,
    const gchar * node, GError ** error)
{
  g_autoptr (WfGallerySync) self = g_new0 (WfGallerySync, 1);

  wf_pg_link_init (&self->link, uri);
  self->gallery = g_object_ref (gallery);
  self->node = g_strdup (node);
  self->context = g_main_context_ref_thread_default ();
  self->owner = g_thread_self ();
  g_mutex_init (&self->lock);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      NULL);
  self->applied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      g_free);
  if (!session (self, error))
    return NULL;
  self->handler = g_signal_connect (gallery, "employee-changed",
      G_CALLBACK (on_changed), self);
  reconcile (self);
  self->tick = g_timeout_add_seconds (WF_GALLERY_SYNC_RETRY_S, on_tick, self);
  return g_steal_pointer (&self);
}

gboolean
wf_gallery_sync_get_state (WfGallerySync * self, WfGallerySyncState * state)
{
  state->imported = self->imported;
  state->written = self->written;
  state->removed = self->removed;
  state->checks = self->checks;
  return self->link.conn != NULL;
}

gboolean
wf_gallery_sync_flush (WfGallerySync * self, GError ** error)
{
  guint left;

  if (self->link.conn)
    push_pending (self);
  g_mutex_lock (&self->lock);
  left = g_hash_table_size (self->pending);
  g_mutex_unlock (&self->lock);
  if (left == 0)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "%u change%s "
      "not written to the site's database (its session was lost)", left,
      left == 1 ? "" : "s");
  return FALSE;
}

void
wf_gallery_sync_free (WfGallerySync * self)
{
  if (!self)
    return;
  if (self->handler)
    g_signal_handler_disconnect (self->gallery, self->handler);
  /* a change made just before the end still reaches the site */
  if (self->link.conn)
    push_pending (self);
  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_handle_id (&self->watch, g_source_remove);
  if (self->idle) {
    g_source_destroy (self->idle);
    g_source_unref (self->idle);
  }
  wf_pg_link_clear (&self->link);
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->applied);
  g_mutex_clear (&self->lock);
  g_main_context_unref (self->context);
  g_object_unref (self->gallery);
  g_free (self->node);
  g_free (self);
}
