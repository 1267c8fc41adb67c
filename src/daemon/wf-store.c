/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The store's logic, the same on every engine: the batch and its writer
 * thread, event ids, erasure, retention rules and the queries.  The engine
 * is a WfStoreBackend (wf-store-backend.h) chosen once in wf_store_new ()
 * from the database setting: a path is SQLite, a postgresql:// URI is
 * PostgreSQL.
 */
#include "config.h"
#include "wf-store.h"
#include "wf-store-backend.h"
#include "wf-store-uri.h"

#include <string.h>
#include <gio/gio.h>

#define RETENTION_INTERVAL_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

typedef enum
{
  REC_EVENT,
  REC_SIGHTING,
  REC_OCCUPANCY,
  REC_CROSSING,
  REC_AUDIT,
  REC_ANNOUNCE,
  REC_FORGET,
} RecordType;

typedef struct
{
  RecordType type;
  gint64 ts;
  guint64 id;                   /* event id, track id */
  guint count;
  gchar *s[4];
} Record;

struct _WfStore
{
  GObject parent;

  gchar *display;               /* path or redacted URI */
  WfRetention retention;
  WfStoreBackend *db;           /* WRITE: writer thread; READ: main */
  GThread *writer;
  GMutex lock;
  GCond cond;
  /* protected by lock */
  GPtrArray *pending;           /* Record */
  gboolean stopping;
  guint64 flush_requested;
  guint64 flush_done;
  guint64 next_event_id;
  guint64 reserved_event_id;    /* committed in meta */
  WfStoreStats stats;
  WfRetentionStats retention_stats;
  GError *write_error;          /* last failed batch, for the log */
  guint64 failed_batches;
  gint64 retention_interval_us; /* RETENTION_INTERVAL_US but in tests */
};

G_DEFINE_TYPE (WfStore, wf_store, G_TYPE_OBJECT);

/* Event ids come from the database and are never given twice, not after
 * a kill -9, not after the newest events are deleted and not by two
 * stores (nodes) on one database: a store claims blocks of RESERVE_IDS
 * ids from the meta row event_id_reserved (at start, and in a batch when
 * half of its block is used), in a transaction that holds the row's lock;
 * a clean stop gives back the unused rest of its block when no one
 * claimed after it.  A crash thus skips at most RESERVE_IDS ids; a block
 * another store claimed in between makes this store's ids jump over it. */
#define RESERVE_IDS 100000

/* Tries of the last batch at a stop while the database is gone. */
#define STOP_ATTEMPTS 3

static void
record_free (Record * r)
{
  for (guint i = 0; i < G_N_ELEMENTS (r->s); i++)
    g_free (r->s[i]);
  g_free (r);
}

static GDateTime *
local_from_ms (gint64 ms)
{
  g_autoptr (GDateTime) s = g_date_time_new_from_unix_local (ms / 1000);

  return s ? g_date_time_add (s, (ms % 1000) * 1000) : NULL;
}

/* @dt as "YYYY" + @rest: GLib's %Y has no padding (year 1 is "1"), and
 * ISO 8601 wants at least four digits. */
static gchar *
format_4digit_year (GDateTime * dt, const gchar * rest)
{
  g_autofree gchar *tail = NULL;

  if (!dt)
    return NULL;
  tail = g_date_time_format (dt, rest);
  return tail ? g_strdup_printf ("%04d%s", g_date_time_get_year (dt),
      tail) : NULL;
}

gchar *
wf_iso8601_from_ms (gint64 ms)
{
  g_autoptr (GDateTime) dt = local_from_ms (ms);

  return format_4digit_year (dt, "-%m-%dT%H:%M:%S%:z");
}

void
wf_json_set_iso8601 (JsonObject * o, const gchar * name, gint64 ms)
{
  g_autofree gchar *s = wf_iso8601_from_ms (ms);

  json_object_set_string_member (o, name, s);
}

static gchar *
day_of (gint64 ms)
{
  g_autoptr (GDateTime) dt = local_from_ms (ms);

  return format_4digit_year (dt, "-%m-%d");
}

/* The rows that name an employee, erased when the employee is deleted:
 * by the writer (wf_store_forget_employee ()) and by tools
 * (wf_store_erase_employee ()).  The announcement goes last, in the same
 * transaction.  Crossings and occupancy hold no one's id. */
static const gchar *const forget_sql[] = {
  "DELETE FROM attendance WHERE employee_id = ?1",
  "DELETE FROM events WHERE employee_id = ?1",
  "DELETE FROM audit WHERE subject = ?1",
  "DELETE FROM erasures WHERE employee_id = ?1",
};
#define N_FORGET G_N_ELEMENTS (forget_sql)

/* The retention: one rule per table and kind, run at start and hourly. */
static const struct
{
  WfRetainKind kind;
  const gchar *sql;
} retention_rules[] = {
  {WF_RETAIN_IDENTITY_EVENTS,
      "DELETE FROM events WHERE employee_id IS NOT NULL AND ts < ?1"},
  {WF_RETAIN_JOURNAL, "DELETE FROM events WHERE employee_id IS NULL "
        "AND ts < ?1"},
  {WF_RETAIN_ATTENDANCE, "DELETE FROM attendance WHERE last_seen < ?1"},
  {WF_RETAIN_OCCUPANCY, "DELETE FROM occupancy WHERE minute < ?1"},
  {WF_RETAIN_OCCUPANCY, "DELETE FROM crossings WHERE ts < ?1"},
  {WF_RETAIN_AUDIT, "DELETE FROM audit WHERE ts < ?1"},
  /* WF_RETAIN_UNKNOWN_CROPS: crops are files, kept by wf-unknowns.c */
};

#define W WF_STORE_CONN_WRITE
#define R WF_STORE_CONN_READ

static gboolean
db_exec (WfStoreBackend * b, WfStoreConn conn, const gchar * sql,
    const WfStoreParam * p, guint n, GError ** error)
{
  return b->klass->exec (b, conn, sql, p, n, NULL, error);
}

/* The forget statements for @employee_id, in the caller's transaction. */
static gboolean
forget_rows (WfStoreBackend * b, const gchar * id, GError ** error)
{
  WfStoreParam p = WF_P_TEXT (id);

  for (guint i = 0; i < N_FORGET; i++)
    if (!db_exec (b, W, forget_sql[i], &p, 1, error))
      return FALSE;
  return TRUE;
}

static gboolean
write_record (WfStoreBackend * b, Record * r, GError ** error)
{
  const WfStoreBackendClass *k = b->klass;

  switch (r->type) {
    case REC_EVENT:{
      WfStoreParam p[] = { WF_P_INT (r->id), WF_P_INT (r->ts),
        WF_P_TEXT (r->s[0]), WF_P_TEXT (r->s[1]), WF_P_TEXT (r->s[2]),
        WF_P_TEXT (r->s[3])
      };
      return db_exec (b, W, "INSERT INTO events (id, ts, camera, type,"
          " employee_id, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", p,
          G_N_ELEMENTS (p), error);
    }
    case REC_SIGHTING:{
      g_autofree gchar *day = day_of (r->ts);
      WfStoreParam p[] = { WF_P_TEXT (r->s[0]), WF_P_TEXT (day),
        WF_P_TEXT (r->s[1]), WF_P_INT (r->ts), WF_P_TEXT (r->s[2]),
        WF_P_INT (r->count)
      };
      return db_exec (b, W, k->sql[WF_STORE_SQL_SIGHTING], p,
          G_N_ELEMENTS (p), error);
    }
    case REC_OCCUPANCY:{
      WfStoreParam p[] = { WF_P_TEXT (r->s[0]), WF_P_TEXT (r->s[1]),
        WF_P_INT (r->ts / 60000 * 60000), WF_P_INT (r->count)
      };
      return db_exec (b, W, k->sql[WF_STORE_SQL_OCCUPANCY], p,
          G_N_ELEMENTS (p), error);
    }
    case REC_CROSSING:{
      WfStoreParam p[] = { WF_P_INT (r->ts), WF_P_TEXT (r->s[0]),
        WF_P_TEXT (r->s[1]), WF_P_TEXT (r->s[2]), WF_P_INT (r->id)
      };
      return db_exec (b, W, "INSERT INTO crossings (ts, camera, line,"
          " direction, track_id) VALUES (?1, ?2, ?3, ?4, ?5)", p,
          G_N_ELEMENTS (p), error);
    }
    case REC_AUDIT:{
      WfStoreParam p[] = { WF_P_INT (r->ts), WF_P_TEXT (r->s[0]),
        WF_P_TEXT (r->s[1]), WF_P_TEXT (r->s[2])
      };
      return db_exec (b, W, "INSERT INTO audit (ts, actor, action, subject)"
          " VALUES (?1, ?2, ?3, ?4)", p, G_N_ELEMENTS (p), error);
    }
    case REC_ANNOUNCE:{
      WfStoreParam p[] = { WF_P_TEXT (r->s[0]), WF_P_INT (r->ts) };
      return db_exec (b, W, k->sql[WF_STORE_SQL_ANNOUNCE], p, 2, error);
    }
    case REC_FORGET:
      return forget_rows (b, r->s[0], error);
  }
  return TRUE;
}

/* Runs every retention rule at @now_ms in one transaction; fills
 * @removed per kind.  Returns the rows removed, 0 with @error on failure
 * (then nothing was removed). */
static guint64
retention_run (WfStoreBackend * b, const WfRetention * retention,
    gint64 now_ms, guint64 removed[WF_RETAIN_N_KINDS], GError ** error)
{
  guint64 total = 0;

  memset (removed, 0, sizeof (guint64) * WF_RETAIN_N_KINDS);
  if (!b->klass->begin (b, W, error))
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (retention_rules); i++) {
    WfRetainKind kind = retention_rules[i].kind;
    WfStoreParam p = WF_P_INT (now_ms - retention->seconds[kind] * 1000);
    guint64 n = 0;

    if (!b->klass->exec (b, W, retention_rules[i].sql, &p, 1, &n, error))
      goto fail;
    removed[kind] += n;
    total += n;
  }
  if (b->klass->commit (b, W, error))
    return total;

fail:
  b->klass->rollback (b, W);
  memset (removed, 0, sizeof (guint64) * WF_RETAIN_N_KINDS);
  return 0;
}

/* Runs the retention and keeps what it did for the health report. */
static guint64
retention_enforce (WfStore * self, WfStoreBackend * b, gint64 now_ms,
    GError ** error)
{
  guint64 removed[WF_RETAIN_N_KINDS];
  g_autoptr (GError) err = NULL;
  guint64 n = retention_run (b, &self->retention, now_ms, removed, &err);

  g_mutex_lock (&self->lock);
  if (!err) {
    self->retention_stats.last_run_ms = g_get_real_time () / 1000;
    memcpy (self->retention_stats.removed, removed, sizeof (removed));
    self->retention_stats.removed_total += n;
  }
  g_mutex_unlock (&self->lock);
  if (err) {
    g_warning ("store: retention: %s", err->message);
    g_propagate_error (error, g_steal_pointer (&err));
  } else if (n > 0) {
    g_info ("store: retention removed %" G_GUINT64_FORMAT " rows", n);
  }
  return n;
}

/* Claims the next block of ids above @floor (the highest id in use) in
 * the caller's transaction; *end gets the block's last id. */
static gboolean
claim_ids (WfStoreBackend * b, guint64 floor, guint64 * end, GError ** error)
{
  WfStoreParam p[] = { WF_P_INT (floor), WF_P_INT (RESERVE_IDS) };
  g_autoptr (WfStoreRows) rows = NULL;

  if (!db_exec (b, W, b->klass->sql[WF_STORE_SQL_CLAIM], p, 2, error))
    return FALSE;
  rows = b->klass->query (b, W, "SELECT value FROM meta WHERE key ="
      " 'event_id_reserved'", NULL, 0, error);
  if (!rows)
    return FALSE;
  *end = wf_store_rows_int (rows, 0, 0);
  return TRUE;
}

/* Gives back the ids after @last of the block ending at @end, unless
 * another store claimed a block since. */
static gboolean
release_ids (WfStoreBackend * b, guint64 last, guint64 end, GError ** error)
{
  WfStoreParam p[] = { WF_P_INT (last), WF_P_INT (end) };

  return db_exec (b, W, "UPDATE meta SET value = ?1 WHERE key ="
      " 'event_id_reserved' AND value = ?2", p, 2, error);
}

/* A batch the database did not take because it was gone: put back in
 * front of what came since, in order, keeping at most
 * WF_STORE_MAX_BUFFERED records.  Beyond that the oldest results go first
 * (counted in stats.dropped); an erasure, its announcement or an audit
 * record is never dropped.  Called with the lock held. */
static void
requeue (WfStore * self, GPtrArray * batch)
{
  gsize n_old = 0, n_new = 0;
  gpointer *old = g_ptr_array_steal (batch, &n_old);
  gpointer *newer = g_ptr_array_steal (self->pending, &n_new);
  gsize drop = n_old + n_new > WF_STORE_MAX_BUFFERED ?
      n_old + n_new - WF_STORE_MAX_BUFFERED : 0;

  for (gsize i = 0; i < n_old + n_new; i++) {
    Record *r = i < n_old ? old[i] : newer[i - n_old];

    if (drop > 0 && r->type != REC_FORGET && r->type != REC_ANNOUNCE &&
        r->type != REC_AUDIT) {
      record_free (r);
      drop--;
      self->stats.dropped++;
      continue;
    }
    g_ptr_array_add (self->pending, r);
  }
  g_free (old);
  g_free (newer);
}

static gpointer
writer_thread (gpointer data)
{
  WfStore *self = data;
  WfStoreBackend *b = self->db;
  g_autoptr (GError) err = NULL;
  gint64 last_retention = g_get_monotonic_time ();
  guint stop_attempts = 0;

  g_mutex_lock (&self->lock);
  for (;;) {
    gint64 retention_interval = self->retention_interval_us;
    GPtrArray *batch;
    guint64 flush_id;
    guint64 max_event = 0, size, last_id, end = 0;
    gboolean claim, release;
    gint64 t0;
    gboolean ok = TRUE, erased = FALSE;

    if (!self->stopping && self->flush_requested == self->flush_done) {
      gint64 end = g_get_monotonic_time () + WF_STORE_FLUSH_MS * 1000;
      while (!self->stopping && self->flush_requested == self->flush_done)
        if (!g_cond_wait_until (&self->cond, &self->lock, end))
          break;
    }
    batch = self->pending;
    self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify)
        record_free);
    flush_id = self->flush_requested;
    /* the last batch of a clean stop holds every id handed out */
    last_id = self->next_event_id - 1;
    release = self->stopping && last_id < self->reserved_event_id;
    claim = !self->stopping &&
        last_id + RESERVE_IDS / 2 >= self->reserved_event_id;
    g_mutex_unlock (&self->lock);
    t0 = g_get_monotonic_time ();
    if (batch->len > 0 || claim || release) {
      ok = b->klass->begin (b, W, &err);
      for (guint i = 0; ok && i < batch->len; i++) {
        Record *r = g_ptr_array_index (batch, i);
        ok = write_record (b, r, &err);
        if (r->type == REC_EVENT)
          max_event = MAX (max_event, r->id);
        erased |= r->type == REC_FORGET;
      }
      if (ok && claim)
        ok = claim_ids (b, last_id, &end, &err);
      if (ok && release)
        ok = release_ids (b, last_id, self->reserved_event_id, &err);
      if (ok)
        ok = b->klass->commit (b, W, &err);
      else
        b->klass->rollback (b, W);
      /* an erasure leaves no copy of the rows behind */
      if (ok && erased && b->klass->after_erasure)
        b->klass->after_erasure (b, W);
      if (!ok) {
        gboolean keep = g_error_matches (err, G_IO_ERROR,
            G_IO_ERROR_NOT_CONNECTED) && !(self->stopping &&
            ++stop_attempts > STOP_ATTEMPTS);

        g_mutex_lock (&self->lock);
        if (keep) {
          if (!self->write_error)
            g_warning ("store: database lost, keeping results until it "
                "returns: %s", err->message);
          requeue (self, batch);
        } else {
          g_warning ("store: batch of %u records lost: %s", batch->len,
              err->message);
        }
        g_clear_error (&self->write_error);
        self->write_error = g_steal_pointer (&err);
        self->failed_batches++;
        g_mutex_unlock (&self->lock);
      } else if (self->write_error) {
        g_mutex_lock (&self->lock);
        if (self->write_error)
          g_message ("store: database back, %u buffered records written",
              batch->len);
        g_clear_error (&self->write_error);
        g_mutex_unlock (&self->lock);
      }
    }
    if (t0 - last_retention > retention_interval) {
      last_retention = t0;
      retention_enforce (self, b, g_get_real_time () / 1000, NULL);
    }
    size = b->klass->size_bytes (b);

    g_mutex_lock (&self->lock);
    if (ok && claim) {
      /* not after the last block: jump over the others' blocks */
      if (end - RESERVE_IDS != self->reserved_event_id)
        self->next_event_id = MAX (self->next_event_id,
            end - RESERVE_IDS + 1);
      self->reserved_event_id = end;
    }
    if (ok && release)
      self->reserved_event_id = last_id;
    if (batch->len > 0 && ok) {
      self->stats.batches++;
      self->stats.last_commit_ms = g_get_real_time () / 1000;
      self->stats.last_commit_seconds =
          (g_get_monotonic_time () - t0) / 1e6;
      if (max_event > self->stats.committed_event_id)
        self->stats.committed_event_id = max_event;
    }
    self->stats.file_bytes = size;
    self->flush_done = flush_id;
    g_cond_broadcast (&self->cond);
    g_ptr_array_unref (batch);
    if (self->stopping && self->pending->len == 0)
      break;
  }
  g_mutex_unlock (&self->lock);
  return NULL;
}

/* The engine @database names: a postgresql:// URI, or a SQLite path. */
static WfStoreBackend *
open_backend (const gchar * database, gboolean create, GError ** error)
{
  if (wf_store_uri_is_postgresql (database)) {
#if WF_HAVE_POSTGRESQL
    if (!wf_store_uri_check (database, error))
      return NULL;
    return wf_store_pg_open (database, error);
#else
    g_autofree gchar *safe = wf_uri_redact (database);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
        "database %s: this build has no PostgreSQL support (meson "
        "-Dpostgresql=enabled with libpq-dev)", safe);
    return NULL;
#endif
  }
  return wf_store_sqlite_open (database, create, create, error);
}

WfStore *
wf_store_new (const gchar * path, const WfRetention * retention,
    GError ** error)
{
  g_autoptr (WfStore) self = g_object_new (WF_TYPE_STORE, NULL);
  g_autoptr (WfStoreRows) rows = NULL;
  WfStoreBackend *b;
  guint64 end = 0;

  self->retention = *retention;
  self->db = open_backend (path, TRUE, error);
  if (!self->db)
    return NULL;
  self->display = g_strdup (self->db->display);
  retention_enforce (self, self->db, g_get_real_time () / 1000, NULL);

  b = self->db;
  /* the first block, claimed before the first id is handed out */
  if (!b->klass->begin (b, W, error))
    return NULL;
  rows = b->klass->query (b, W, "SELECT coalesce (max (id), 0) FROM events",
      NULL, 0, error);
  if (!rows || !claim_ids (b, wf_store_rows_int (rows, 0, 0), &end, error) ||
      !b->klass->commit (b, W, error)) {
    b->klass->rollback (b, W);
    return NULL;
  }
  self->stats.committed_event_id = wf_store_rows_int (rows, 0, 0);
  self->stats.last_event_id = end - RESERVE_IDS;
  self->next_event_id = end - RESERVE_IDS + 1;
  self->reserved_event_id = end;
  self->writer = g_thread_new ("wf-store", writer_thread, self);
  return g_steal_pointer (&self);
}

/* Returns the event id given to @r (0 for other records): @r belongs to the
 * writer once pushed. */
static guint64
push (WfStore * self, Record * r)
{
  guint64 id = 0;

  g_mutex_lock (&self->lock);
  if (r->type == REC_EVENT) {
    /* over RESERVE_IDS events within one batch: not seen in practice */
    if (self->next_event_id > self->reserved_event_id)
      g_warning_once ("store: more than %d events within one batch: event "
          "ids may be given again after a crash", RESERVE_IDS);
    r->id = self->next_event_id++;
    self->stats.last_event_id = r->id;
    id = r->id;
  }
  g_ptr_array_add (self->pending, r);
  g_mutex_unlock (&self->lock);
  return id;
}

guint64
wf_store_add_event (WfStore * self, gint64 ts_ms, const gchar * camera,
    const gchar * type, const gchar * employee_id, const gchar * data)
{
  Record *r = g_new0 (Record, 1);

  r->type = REC_EVENT;
  r->ts = ts_ms;
  r->s[0] = g_strdup (camera);
  r->s[1] = g_strdup (type);
  r->s[2] = g_strdup (employee_id);
  r->s[3] = g_strdup (data);
  return push (self, r);
}

void
wf_store_add_sighting (WfStore * self, gint64 ts_ms,
    const gchar * employee_id, const gchar * name, const gchar * camera,
    gboolean new_sighting)
{
  Record *r = g_new0 (Record, 1);

  r->type = REC_SIGHTING;
  r->ts = ts_ms;
  r->count = new_sighting ? 1 : 0;
  r->s[0] = g_strdup (employee_id);
  r->s[1] = g_strdup (name);
  r->s[2] = g_strdup (camera);
  push (self, r);
}

void
wf_store_add_occupancy (WfStore * self, gint64 ts_ms, const gchar * camera,
    const gchar * zone, guint count)
{
  Record *r = g_new0 (Record, 1);

  r->type = REC_OCCUPANCY;
  r->ts = ts_ms;
  r->count = count;
  r->s[0] = g_strdup (camera);
  r->s[1] = g_strdup (zone);
  push (self, r);
}

void
wf_store_add_crossing (WfStore * self, gint64 ts_ms, const gchar * camera,
    const gchar * line, const gchar * direction, guint64 track_id)
{
  Record *r = g_new0 (Record, 1);

  r->type = REC_CROSSING;
  r->ts = ts_ms;
  r->id = track_id;
  r->s[0] = g_strdup (camera);
  r->s[1] = g_strdup (line);
  r->s[2] = g_strdup (direction);
  push (self, r);
}

void
wf_store_add_audit (WfStore * self, gint64 ts_ms, const gchar * actor,
    const gchar * action, const gchar * subject)
{
  Record *r = g_new0 (Record, 1);

  r->type = REC_AUDIT;
  r->ts = ts_ms;
  r->s[0] = g_strdup (actor);
  r->s[1] = g_strdup (action);
  r->s[2] = g_strdup (subject);
  push (self, r);
}

void
wf_store_flush (WfStore * self)
{
  guint64 id;

  g_mutex_lock (&self->lock);
  id = ++self->flush_requested;
  g_cond_broadcast (&self->cond);
  while (self->flush_done < id && self->writer)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

/* Pushes @r, commits and says whether it was committed: FALSE with the
 * writer's error when a batch failed meanwhile. */
static gboolean
push_and_commit (WfStore * self, Record * r, GError ** error)
{
  guint64 failed;
  gboolean ok;

  g_mutex_lock (&self->lock);
  failed = self->failed_batches;
  g_mutex_unlock (&self->lock);
  push (self, r);
  wf_store_flush (self);
  g_mutex_lock (&self->lock);
  ok = self->failed_batches == failed;
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", self->display,
        self->write_error ? self->write_error->message : "write failed");
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
wf_store_forget_employee (WfStore * self, const gchar * employee_id,
    GError ** error)
{
  Record *r = g_new0 (Record, 1);

  /* Through the batch, so that it lands after every pending sighting. */
  r->type = REC_FORGET;
  r->s[0] = g_strdup (employee_id);
  return push_and_commit (self, r, error);
}

gboolean
wf_store_announce_erasure (WfStore * self, const gchar * employee_id,
    GError ** error)
{
  Record *r = g_new0 (Record, 1);

  r->type = REC_ANNOUNCE;
  r->ts = g_get_real_time () / 1000;
  r->s[0] = g_strdup (employee_id);
  return push_and_commit (self, r, error);
}

/* A private connection to the database at @path, for tools. */
static WfStoreBackend *
open_file (const gchar * path, GError ** error)
{
  return open_backend (path, FALSE, error);
}

gboolean
wf_store_announce_erasure_file (const gchar * path,
    const gchar * employee_id, GError ** error)
{
  g_autoptr (WfStoreBackend) b = open_file (path, error);
  WfStoreParam p[] = { WF_P_TEXT (employee_id),
    WF_P_INT (g_get_real_time () / 1000)
  };

  return b && db_exec (b, W, b->klass->sql[WF_STORE_SQL_ANNOUNCE], p, 2,
      error);
}

gboolean
wf_store_erase_employee (const gchar * path, const gchar * employee_id,
    GError ** error)
{
  g_autoptr (WfStoreBackend) b = open_file (path, error);

  if (!b || !b->klass->begin (b, W, error))
    return FALSE;
  if (!forget_rows (b, employee_id, error) ||
      !b->klass->commit (b, W, error)) {
    b->klass->rollback (b, W);
    return FALSE;
  }
  if (b->klass->after_erasure)  /* no copy of the rows left in the WAL */
    b->klass->after_erasure (b, W);
  return TRUE;
}

gboolean
wf_store_erasure_announced_file (const gchar * path,
    const gchar * employee_id, gboolean * announced, GError ** error)
{
  g_autoptr (WfStoreBackend) b = open_file (path, error);
  g_autoptr (WfStoreRows) rows = NULL;
  WfStoreParam p = WF_P_TEXT (employee_id);

  if (!b)
    return FALSE;
  rows = b->klass->query (b, W, "SELECT 1 FROM erasures WHERE"
      " employee_id = ?1", &p, 1, error);
  if (!rows)
    return FALSE;
  *announced = rows->n_rows > 0;
  return TRUE;
}

GStrv
wf_store_pending_erasures (WfStore * self, GError ** error)
{
  g_autoptr (GStrvBuilder) sb = g_strv_builder_new ();
  g_autoptr (WfStoreRows) rows = self->db->klass->query (self->db, R,
      "SELECT employee_id FROM erasures ORDER BY requested", NULL, 0, error);

  if (!rows)
    return NULL;
  for (guint i = 0; i < rows->n_rows; i++)
    g_strv_builder_add (sb, wf_store_rows_text (rows, i, 0));
  return g_strv_builder_end (sb);
}

void
wf_store_set_retention_interval (WfStore * self, gint64 interval_us)
{
  g_mutex_lock (&self->lock);
  self->retention_interval_us = MAX (interval_us, 1000);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

guint64
wf_store_enforce_retention (WfStore * self, gint64 now_ms, GError ** error)
{
  /* A private connection: the writer's belongs to its thread. */
  g_autoptr (WfStoreBackend) b = self->db->klass->open_private (self->db,
      error);

  return b ? retention_enforce (self, b, now_ms, error) : 0;
}

void
wf_store_get_retention_stats (WfStore * self, WfRetentionStats * stats)
{
  g_mutex_lock (&self->lock);
  *stats = self->retention_stats;
  g_mutex_unlock (&self->lock);
}

const gchar *
wf_store_get_engine (WfStore * self)
{
  return self->db->klass->name;
}

void
wf_store_get_stats (WfStore * self, WfStoreStats * stats)
{
  g_mutex_lock (&self->lock);
  *stats = self->stats;
  stats->pending = self->pending->len;
  stats->writing = self->write_error == NULL;
  g_mutex_unlock (&self->lock);
}

void
wf_attendance_record_clear (WfAttendanceRecord * r)
{
  g_clear_pointer (&r->employee_id, g_free);
  g_clear_pointer (&r->name, g_free);
  g_clear_pointer (&r->cameras, g_strfreev);
}

void
wf_event_record_clear (WfEventRecord * r)
{
  g_clear_pointer (&r->camera, g_free);
  g_clear_pointer (&r->type, g_free);
  g_clear_pointer (&r->data, g_free);
}

/* A records array of @size bytes each, cleared by @clear. */
static GArray *
records_new (guint size, GDestroyNotify clear, guint n)
{
  GArray *a = g_array_sized_new (FALSE, TRUE, size, n);

  if (clear)
    g_array_set_clear_func (a, clear);
  return a;
}

/* The comma-separated camera list of an attendance row, without empty
 * entries. */
static GStrv
split_cameras (const gchar * list)
{
  g_auto (GStrv) parts = g_strsplit (list ? list : "", ",", -1);
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();

  for (guint j = 0; parts[j]; j++)
    if (*parts[j])
      g_strv_builder_add (b, parts[j]);
  return g_strv_builder_end (b);
}

GArray *
wf_store_query_attendance (WfStore * self, const gchar * date,
    GError ** error)
{
  WfStoreParam p = WF_P_TEXT (date);
  g_autoptr (WfStoreRows) st = self->db->klass->query (self->db, R,
      "SELECT employee_id, name, first_seen, last_seen, cameras, sightings"
      " FROM attendance WHERE day = ?1 ORDER BY first_seen", &p, 1, error);
  GArray *rows;

  if (!st)
    return NULL;
  rows = records_new (sizeof (WfAttendanceRecord),
      (GDestroyNotify) wf_attendance_record_clear, st->n_rows);
  for (guint i = 0; i < st->n_rows; i++) {
    WfAttendanceRecord r = {
      .employee_id = g_strdup (wf_store_rows_text (st, i, 0)),
      .name = g_strdup (wf_store_rows_text (st, i, 1)),
      .first_seen_ms = wf_store_rows_int (st, i, 2),
      .last_seen_ms = wf_store_rows_int (st, i, 3),
      .cameras = split_cameras (wf_store_rows_text (st, i, 4)),
      .sightings = wf_store_rows_int (st, i, 5),
    };
    g_array_append_val (rows, r);
  }
  return rows;
}

GArray *
wf_store_query_occupancy (WfStore * self, const gchar * camera,
    const gchar * zone, gint64 from_ms, gint64 to_ms, GError ** error)
{
  WfStoreParam p[] = { WF_P_TEXT (camera), WF_P_TEXT (zone),
    WF_P_INT (from_ms / 60000 * 60000), WF_P_INT (to_ms)
  };
  g_autoptr (WfStoreRows) st = self->db->klass->query (self->db, R,
      "SELECT minute, peak, total, samples, last FROM occupancy"
      " WHERE camera = ?1 AND zone = ?2 AND minute >= ?3 AND minute <= ?4"
      " ORDER BY minute", p, G_N_ELEMENTS (p), error);
  GArray *rows;

  if (!st)
    return NULL;
  rows = records_new (sizeof (WfOccupancyMinute), NULL, st->n_rows);
  for (guint i = 0; i < st->n_rows; i++) {
    gint64 samples = wf_store_rows_int (st, i, 3);
    WfOccupancyMinute m = {
      .minute_ms = wf_store_rows_int (st, i, 0),
      .peak = wf_store_rows_int (st, i, 1),
      .average = samples ?
          (gdouble) wf_store_rows_int (st, i, 2) / samples : 0.0,
      .last = wf_store_rows_int (st, i, 4),
    };
    g_array_append_val (rows, m);
  }
  return rows;
}

GArray *
wf_store_query_events (WfStore * self, guint64 after_id, guint limit,
    GError ** error)
{
  WfStoreParam p[] = { WF_P_INT (after_id), WF_P_INT (limit) };
  g_autoptr (WfStoreRows) st = self->db->klass->query (self->db, R,
      "SELECT id, ts, camera, type, data FROM events WHERE id > ?1"
      " ORDER BY id LIMIT ?2", p, 2, error);
  GArray *rows;

  if (!st)
    return NULL;
  rows = records_new (sizeof (WfEventRecord),
      (GDestroyNotify) wf_event_record_clear, st->n_rows);
  for (guint i = 0; i < st->n_rows; i++) {
    WfEventRecord r = {
      .id = wf_store_rows_int (st, i, 0),
      .ts_ms = wf_store_rows_int (st, i, 1),
      .camera = wf_store_rows_type (st, i, 2) == WF_STORE_VALUE_NULL ? NULL :
          g_strdup (wf_store_rows_text (st, i, 2)),
      .type = g_strdup (wf_store_rows_text (st, i, 3)),
      .data = g_strdup (wf_store_rows_text (st, i, 4)),
    };
    g_array_append_val (rows, r);
  }
  return rows;
}

void
wf_audit_record_clear (WfAuditRecord * r)
{
  g_clear_pointer (&r->actor, g_free);
  g_clear_pointer (&r->action, g_free);
  g_clear_pointer (&r->subject, g_free);
}


GArray *
wf_store_query_audit (WfStore * self, guint64 after_id, guint limit,
    GError ** error)
{
  WfStoreParam p[] = { WF_P_INT (after_id), WF_P_INT (limit) };
  g_autoptr (WfStoreRows) st = self->db->klass->query (self->db, R,
      "SELECT id, ts, actor, action, subject FROM audit WHERE id > ?1"
      " ORDER BY id LIMIT ?2", p, 2, error);
  GArray *rows;

  if (!st)
    return NULL;
  rows = records_new (sizeof (WfAuditRecord),
      (GDestroyNotify) wf_audit_record_clear, st->n_rows);
  for (guint i = 0; i < st->n_rows; i++) {
    WfAuditRecord r;
    r.id = wf_store_rows_int (st, i, 0);
    r.ts_ms = wf_store_rows_int (st, i, 1);
    r.actor = g_strdup (wf_store_rows_text (st, i, 2));
    r.action = g_strdup (wf_store_rows_text (st, i, 3));
    r.subject = g_strdup (wf_store_rows_text (st, i, 4));
    g_array_append_val (rows, r);
  }
  return rows;
}

/* Every column of every row @sql finds for ?1, as objects; times (columns
 * in @times) also as ISO 8601 beside the raw value. */
static JsonArray *
rows_json (WfStoreBackend * b, WfStoreConn conn, const gchar * sql,
    const gchar * id, const gchar * const *times, GError ** error)
{
  WfStoreParam p = WF_P_TEXT (id);
  g_autoptr (WfStoreRows) st = b->klass->query (b, conn, sql, &p, 1, error);
  JsonArray *rows;

  if (!st)
    return NULL;
  rows = json_array_new ();
  for (guint i = 0; i < st->n_rows; i++) {
    JsonObject *o = json_object_new ();
    for (guint c = 0; c < st->n_cols; c++) {
      const gchar *name = st->names[c];
      const gchar *text = wf_store_rows_text (st, i, c);
      switch (wf_store_rows_type (st, i, c)) {
        case WF_STORE_VALUE_INT:
          json_object_set_int_member (o, name, wf_store_rows_int (st, i, c));
          if (g_strv_contains (times, name)) {
            g_autofree gchar *key = g_strconcat (name, "_time", NULL);
            wf_json_set_iso8601 (o, key, wf_store_rows_int (st, i, c));
          }
          break;
        case WF_STORE_VALUE_FLOAT:
          json_object_set_double_member (o, name, g_ascii_strtod (text,
                  NULL));
          break;
        case WF_STORE_VALUE_NULL:
          json_object_set_null_member (o, name);
          break;
        default:{
          JsonNode *n = g_str_equal (name, "data") && text ?
              json_from_string (text, NULL) : NULL;
          if (n)
            json_object_set_member (o, name, n);
          else
            json_object_set_string_member (o, name, text);
        }
      }
    }
    json_array_add_object_element (rows, o);
  }
  return rows;
}

static JsonObject *
query_employee (WfStoreBackend * b, WfStoreConn conn,
    const gchar * employee_id, GError ** error)
{
  /* The tables of forget_sql, read whole: what an erasure deletes is what
   * an export shows. */
  static const struct
  {
    const gchar *member;
    const gchar *sql;
    const gchar *const times[3];
  } parts[] = {
    {"attendance", "SELECT * FROM attendance WHERE employee_id = ?1"
          " ORDER BY first_seen", {"first_seen", "last_seen", NULL}},
    {"events", "SELECT * FROM events WHERE employee_id = ?1 ORDER BY id",
        {"ts", NULL}},
    {"audit", "SELECT * FROM audit WHERE subject = ?1 ORDER BY id",
        {"ts", NULL}},
  };
  g_autoptr (JsonObject) o = json_object_new ();

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++) {
    JsonArray *a = rows_json (b, conn, parts[i].sql, employee_id,
        parts[i].times, error);
    if (!a)
      return NULL;
    json_object_set_array_member (o, parts[i].member, a);
  }
  return g_steal_pointer (&o);
}

JsonObject *
wf_store_query_employee (WfStore * self, const gchar * employee_id,
    GError ** error)
{
  return query_employee (self->db, R, employee_id, error);
}

JsonObject *
wf_store_query_employee_file (const gchar * path, const gchar * employee_id,
    GError ** error)
{
  g_autoptr (WfStoreBackend) b = open_file (path, error);

  return b ? query_employee (b, W, employee_id, error) : NULL;
}

static void
wf_store_dispose (GObject * object)
{
  WfStore *self = WF_STORE (object);

  if (self->writer) {
    g_mutex_lock (&self->lock);
    self->stopping = TRUE;
    g_cond_broadcast (&self->cond);
    g_mutex_unlock (&self->lock);
    g_thread_join (self->writer);
    self->writer = NULL;
  }
  G_OBJECT_CLASS (wf_store_parent_class)->dispose (object);
}

static void
wf_store_finalize (GObject * object)
{
  WfStore *self = WF_STORE (object);

  g_clear_pointer (&self->db, wf_store_backend_close);
  g_ptr_array_unref (self->pending);
  g_clear_error (&self->write_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->display);
  G_OBJECT_CLASS (wf_store_parent_class)->finalize (object);
}

static void
wf_store_class_init (WfStoreClass * klass)
{
  GObjectClass *oclass = G_OBJECT_CLASS (klass);

  oclass->dispose = wf_store_dispose;
  oclass->finalize = wf_store_finalize;
}

static void
wf_store_init (WfStore * self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify)
      record_free);
  self->next_event_id = 1;
  self->retention_interval_us = RETENTION_INTERVAL_US;
}

/* The results of a backend's query (wf-store-backend.h). */
WfStoreRows *
wf_store_rows_new (guint n_rows, guint n_cols)
{
  WfStoreRows *rows = g_new0 (WfStoreRows, 1);

  rows->n_rows = n_rows;
  rows->n_cols = n_cols;
  rows->names = g_new0 (gchar *, n_cols + 1);
  rows->types = g_new0 (WfStoreValueType, (gsize) n_rows * n_cols + 1);
  rows->values = g_new0 (gchar *, (gsize) n_rows * n_cols + 1);
  return rows;
}

void
wf_store_rows_set (WfStoreRows * rows, guint row, guint col,
    WfStoreValueType type, const gchar * text)
{
  gsize i = (gsize) row * rows->n_cols + col;

  rows->types[i] = type;
  g_free (rows->values[i]);
  rows->values[i] = g_strdup (text);
}

void
wf_store_rows_free (WfStoreRows * rows)
{
  if (!rows)
    return;
  for (gsize i = 0; i < (gsize) rows->n_rows * rows->n_cols; i++)
    g_free (rows->values[i]);
  g_strfreev (rows->names);
  g_free (rows->types);
  g_free (rows->values);
  g_free (rows);
}

const gchar *
wf_store_rows_text (const WfStoreRows * rows, guint row, guint col)
{
  g_return_val_if_fail (row < rows->n_rows && col < rows->n_cols, NULL);
  return rows->values[(gsize) row * rows->n_cols + col];
}

gint64
wf_store_rows_int (const WfStoreRows * rows, guint row, guint col)
{
  const gchar *s = wf_store_rows_text (rows, row, col);

  return s ? g_ascii_strtoll (s, NULL, 10) : 0;
}

WfStoreValueType
wf_store_rows_type (const WfStoreRows * rows, guint row, guint col)
{
  g_return_val_if_fail (row < rows->n_rows && col < rows->n_cols,
      WF_STORE_VALUE_NULL);
  return rows->types[(gsize) row * rows->n_cols + col];
}

void
wf_store_backend_close (WfStoreBackend * b)
{
  if (!b)
    return;
  b->klass->close (b);
  g_free (b->display);
  g_free (b);
}
