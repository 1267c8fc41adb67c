/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-store.h"

#include <sqlite3.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

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

  gchar *path;
  WfRetention retention;
  sqlite3 *wdb;                 /* writer thread only */
  sqlite3 *rdb;                 /* main context only */
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
};

G_DEFINE_TYPE (WfStore, wf_store, G_TYPE_OBJECT);

static const gchar schema[] =
    "CREATE TABLE IF NOT EXISTS events ("
    "  id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, camera TEXT,"
    "  type TEXT NOT NULL, employee_id TEXT, data TEXT);"
    "CREATE INDEX IF NOT EXISTS events_ts ON events (ts);"
    "CREATE INDEX IF NOT EXISTS events_employee ON events (employee_id);"
    "CREATE TABLE IF NOT EXISTS attendance ("
    "  employee_id TEXT NOT NULL, day TEXT NOT NULL, name TEXT,"
    "  first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
    "  cameras TEXT NOT NULL, sightings INTEGER NOT NULL,"
    "  PRIMARY KEY (employee_id, day));"
    "CREATE INDEX IF NOT EXISTS attendance_day ON attendance (day);"
    "CREATE TABLE IF NOT EXISTS occupancy ("
    "  camera TEXT NOT NULL, zone TEXT NOT NULL, minute INTEGER NOT NULL,"
    "  peak INTEGER NOT NULL, last INTEGER NOT NULL,"
    "  total INTEGER NOT NULL, samples INTEGER NOT NULL,"
    "  PRIMARY KEY (camera, zone, minute));"
    "CREATE TABLE IF NOT EXISTS crossings ("
    "  id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, camera TEXT NOT NULL,"
    "  line TEXT NOT NULL, direction TEXT NOT NULL, track_id INTEGER);"
    "CREATE INDEX IF NOT EXISTS crossings_ts ON crossings (ts);"
    /* event_id_reserved: ids up to it may have been handed out */
    "CREATE TABLE IF NOT EXISTS meta ("
    "  key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
    /* who read identities or exports, or changed consent: append-only */
    "CREATE TABLE IF NOT EXISTS audit ("
    "  id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, actor TEXT NOT NULL,"
    "  action TEXT NOT NULL, subject TEXT);"
    "CREATE INDEX IF NOT EXISTS audit_ts ON audit (ts);"
    "CREATE INDEX IF NOT EXISTS audit_subject ON audit (subject);"
    "CREATE TRIGGER IF NOT EXISTS audit_append_only BEFORE UPDATE ON audit"
    "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
    /* erasures announced and not finished */
    "CREATE TABLE IF NOT EXISTS erasures ("
    "  employee_id TEXT PRIMARY KEY NOT NULL, requested INTEGER NOT NULL);";

/* Event ids come from the database and are never given twice, not after
 * a kill -9 and not after the newest events are deleted: every committed
 * batch reserves the ids up to RESERVE_IDS beyond the last one handed out
 * (a clean stop reserves exactly the last), and a start continues after
 * the reservation.  A crash thus skips at most RESERVE_IDS ids. */
#define RESERVE_IDS 100000

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

static gchar *
day_of (gint64 ms)
{
  g_autoptr (GDateTime) dt = local_from_ms (ms);

  return format_4digit_year (dt, "-%m-%d");
}

static gboolean
sql_fail (sqlite3 * db, const gchar * what, GError ** error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what,
      sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
exec (sqlite3 * db, const gchar * sql, GError ** error)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", msg);
    sqlite3_free (msg);
    return FALSE;
  }
  return TRUE;
}

static gboolean
step_done (sqlite3 * db, sqlite3_stmt * st, GError ** error)
{
  int rc = sqlite3_step (st);

  sqlite3_reset (st);
  sqlite3_clear_bindings (st);
  if (rc != SQLITE_DONE)
    return sql_fail (db, "write", error);
  return TRUE;
}

static void
bind_text (sqlite3_stmt * st, int i, const gchar * s)
{
  if (s)
    sqlite3_bind_text (st, i, s, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (st, i);
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

static const gchar announce_sql[] =
    "INSERT OR IGNORE INTO erasures (employee_id, requested) VALUES (?1, ?2)";

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
  /* WF_RETAIN_UNKNOWN_CROPS: no crop of an unknown face is stored yet */
};

typedef struct
{
  sqlite3_stmt *event, *sighting, *occupancy, *crossing, *audit, *announce;
  sqlite3_stmt *forget[N_FORGET];
} Statements;

static void
statements_clear (Statements * s)
{
  sqlite3_finalize (s->event);
  sqlite3_finalize (s->sighting);
  sqlite3_finalize (s->occupancy);
  sqlite3_finalize (s->crossing);
  sqlite3_finalize (s->audit);
  sqlite3_finalize (s->announce);
  for (guint i = 0; i < N_FORGET; i++)
    sqlite3_finalize (s->forget[i]);
  memset (s, 0, sizeof (*s));
}

static gboolean
statements_prepare (sqlite3 * db, Statements * s, GError ** error)
{
#define PREP(field, sql) \
  if (sqlite3_prepare_v2 (db, sql, -1, &s->field, NULL) != SQLITE_OK) \
    return sql_fail (db, "prepare " #field, error)
  PREP (event, "INSERT INTO events (id, ts, camera, type, employee_id, data)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  PREP (sighting, "INSERT INTO attendance (employee_id, day, name,"
      " first_seen, last_seen, cameras, sightings)"
      " VALUES (?1, ?2, ?3, ?4, ?4, ?5, 1)"
      " ON CONFLICT (employee_id, day) DO UPDATE SET"
      " name = coalesce (excluded.name, name),"
      " first_seen = min (first_seen, excluded.first_seen),"
      " last_seen = max (last_seen, excluded.last_seen),"
      " sightings = sightings + ?6,"
      " cameras = CASE WHEN instr (',' || cameras || ',',"
      "   ',' || excluded.cameras || ',') > 0 THEN cameras"
      "   ELSE cameras || ',' || excluded.cameras END");
  PREP (occupancy, "INSERT INTO occupancy (camera, zone, minute, peak, last,"
      " total, samples) VALUES (?1, ?2, ?3, ?4, ?4, ?4, 1)"
      " ON CONFLICT (camera, zone, minute) DO UPDATE SET"
      " peak = max (peak, excluded.peak), last = excluded.last,"
      " total = total + excluded.total, samples = samples + 1");
  PREP (crossing, "INSERT INTO crossings (ts, camera, line, direction,"
      " track_id) VALUES (?1, ?2, ?3, ?4, ?5)");
  PREP (audit, "INSERT INTO audit (ts, actor, action, subject)"
      " VALUES (?1, ?2, ?3, ?4)");
  PREP (announce, announce_sql);
  for (guint i = 0; i < N_FORGET; i++)
    PREP (forget[i], forget_sql[i]);
#undef PREP
  return TRUE;
}

/* The forget statements on @st for @employee_id, in the caller's
 * transaction. */
static gboolean
forget_rows (sqlite3 * db, sqlite3_stmt * const *st, const gchar * id,
    GError ** error)
{
  for (guint i = 0; i < N_FORGET; i++) {
    bind_text (st[i], 1, id);
    if (!step_done (db, st[i], error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
write_record (sqlite3 * db, Statements * s, Record * r, GError ** error)
{
  switch (r->type) {
    case REC_EVENT:
      sqlite3_bind_int64 (s->event, 1, r->id);
      sqlite3_bind_int64 (s->event, 2, r->ts);
      bind_text (s->event, 3, r->s[0]);
      bind_text (s->event, 4, r->s[1]);
      bind_text (s->event, 5, r->s[2]);
      bind_text (s->event, 6, r->s[3]);
      return step_done (db, s->event, error);
    case REC_SIGHTING:{
      g_autofree gchar *day = day_of (r->ts);
      bind_text (s->sighting, 1, r->s[0]);
      bind_text (s->sighting, 2, day);
      bind_text (s->sighting, 3, r->s[1]);
      sqlite3_bind_int64 (s->sighting, 4, r->ts);
      bind_text (s->sighting, 5, r->s[2]);
      sqlite3_bind_int (s->sighting, 6, r->count);
      return step_done (db, s->sighting, error);
    }
    case REC_OCCUPANCY:
      bind_text (s->occupancy, 1, r->s[0]);
      bind_text (s->occupancy, 2, r->s[1]);
      sqlite3_bind_int64 (s->occupancy, 3, r->ts / 60000 * 60000);
      sqlite3_bind_int64 (s->occupancy, 4, r->count);
      return step_done (db, s->occupancy, error);
    case REC_CROSSING:
      sqlite3_bind_int64 (s->crossing, 1, r->ts);
      bind_text (s->crossing, 2, r->s[0]);
      bind_text (s->crossing, 3, r->s[1]);
      bind_text (s->crossing, 4, r->s[2]);
      sqlite3_bind_int64 (s->crossing, 5, (sqlite3_int64) r->id);
      return step_done (db, s->crossing, error);
    case REC_AUDIT:
      sqlite3_bind_int64 (s->audit, 1, r->ts);
      bind_text (s->audit, 2, r->s[0]);
      bind_text (s->audit, 3, r->s[1]);
      bind_text (s->audit, 4, r->s[2]);
      return step_done (db, s->audit, error);
    case REC_ANNOUNCE:
      bind_text (s->announce, 1, r->s[0]);
      sqlite3_bind_int64 (s->announce, 2, r->ts);
      return step_done (db, s->announce, error);
    case REC_FORGET:
      return forget_rows (db, s->forget, r->s[0], error);
  }
  return TRUE;
}

/* Runs every retention rule at @now_ms in one transaction; fills
 * @removed per kind.  Returns the rows removed, 0 with @error on failure
 * (then nothing was removed). */
static guint64
retention_run (sqlite3 * db, const WfRetention * retention, gint64 now_ms,
    guint64 removed[WF_RETAIN_N_KINDS], GError ** error)
{
  guint64 total = 0;

  memset (removed, 0, sizeof (guint64) * WF_RETAIN_N_KINDS);
  if (!exec (db, "BEGIN IMMEDIATE", error))
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (retention_rules); i++) {
    WfRetainKind kind = retention_rules[i].kind;
    gint64 cutoff = now_ms - retention->seconds[kind] * 1000;
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2 (db, retention_rules[i].sql, -1, &st, NULL) !=
        SQLITE_OK) {
      sql_fail (db, "retention", error);
      goto fail;
    }
    sqlite3_bind_int64 (st, 1, cutoff);
    if (sqlite3_step (st) != SQLITE_DONE) {
      sqlite3_finalize (st);
      sql_fail (db, "retention", error);
      goto fail;
    }
    removed[kind] += sqlite3_changes (db);
    total += sqlite3_changes (db);
    sqlite3_finalize (st);
  }
  if (exec (db, "COMMIT", error))
    return total;

fail:
  exec (db, "ROLLBACK", NULL);
  memset (removed, 0, sizeof (guint64) * WF_RETAIN_N_KINDS);
  return 0;
}

/* Runs the retention and keeps what it did for the health report. */
static guint64
retention_enforce (WfStore * self, sqlite3 * db, gint64 now_ms,
    GError ** error)
{
  guint64 removed[WF_RETAIN_N_KINDS];
  g_autoptr (GError) err = NULL;
  guint64 n = retention_run (db, &self->retention, now_ms, removed, &err);

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

static guint64
file_size (const gchar * path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
}

static gboolean
reserve_ids (sqlite3 * db, guint64 upto, GError ** error)
{
  g_autofree gchar *sql = g_strdup_printf ("INSERT OR REPLACE INTO meta "
      "(key, value) VALUES ('event_id_reserved', %" G_GUINT64_FORMAT ")",
      upto);

  return exec (db, sql, error);
}

static gpointer
writer_thread (gpointer data)
{
  WfStore *self = data;
  Statements s = { 0 };
  g_autoptr (GError) err = NULL;
  gint64 last_retention = g_get_monotonic_time ();
  g_autofree gchar *wal = g_strconcat (self->path, "-wal", NULL);

  if (!statements_prepare (self->wdb, &s, &err))
    g_error ("store: %s", err->message);

  g_mutex_lock (&self->lock);
  for (;;) {
    GPtrArray *batch;
    guint64 flush_id;
    guint64 max_event = 0, reserve;
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
    reserve = self->stopping ? self->next_event_id - 1 :
        self->next_event_id - 1 + RESERVE_IDS;
    if (reserve == self->reserved_event_id ||
        (!self->stopping && self->next_event_id - 1 + RESERVE_IDS / 2 <
            self->reserved_event_id))
      reserve = 0;              /* enough reserved */
    g_mutex_unlock (&self->lock);

    t0 = g_get_monotonic_time ();
    if (batch->len > 0 || reserve) {
      ok = exec (self->wdb, "BEGIN IMMEDIATE", &err);
      for (guint i = 0; ok && i < batch->len; i++) {
        Record *r = g_ptr_array_index (batch, i);
        ok = write_record (self->wdb, &s, r, &err);
        if (r->type == REC_EVENT)
          max_event = MAX (max_event, r->id);
        erased |= r->type == REC_FORGET;
      }
      if (ok && reserve)
        ok = reserve_ids (self->wdb, reserve, &err);
      if (ok)
        ok = exec (self->wdb, "COMMIT", &err);
      else
        exec (self->wdb, "ROLLBACK", NULL);
      /* an erasure leaves no copy of the rows in the WAL (a reader may
       * hold it; then the next checkpoint does) */
      if (ok && erased)
        sqlite3_wal_checkpoint_v2 (self->wdb, NULL,
            SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
      if (!ok) {
        g_warning ("store: batch of %u records lost: %s", batch->len,
            err->message);
        g_mutex_lock (&self->lock);
        g_clear_error (&self->write_error);
        self->write_error = g_steal_pointer (&err);
        self->failed_batches++;
        g_mutex_unlock (&self->lock);
      }
    }
    if (t0 - last_retention > RETENTION_INTERVAL_US) {
      last_retention = t0;
      retention_enforce (self, self->wdb, g_get_real_time () / 1000, NULL);
    }

    g_mutex_lock (&self->lock);
    if (ok && reserve)
      self->reserved_event_id = reserve;
    if (batch->len > 0 && ok) {
      self->stats.batches++;
      self->stats.last_commit_ms = g_get_real_time () / 1000;
      self->stats.last_commit_seconds =
          (g_get_monotonic_time () - t0) / 1e6;
      if (max_event > self->stats.committed_event_id)
        self->stats.committed_event_id = max_event;
    }
    self->stats.file_bytes = file_size (self->path) + file_size (wal);
    self->flush_done = flush_id;
    g_cond_broadcast (&self->cond);
    g_ptr_array_unref (batch);
    if (self->stopping && self->pending->len == 0)
      break;
  }
  g_mutex_unlock (&self->lock);
  statements_clear (&s);
  return NULL;
}

static sqlite3 *
open_db (const gchar * path, int flags, GError ** error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
        "cannot open database %s: %s", path,
        db ? sqlite3_errmsg (db) : "out of memory");
    sqlite3_close (db);
    return NULL;
  }
  sqlite3_busy_timeout (db, 5000);
  return db;
}

WfStore *
wf_store_new (const gchar * path, const WfRetention * retention,
    GError ** error)
{
  g_autoptr (WfStore) self = g_object_new (WF_TYPE_STORE, NULL);
  g_autofree gchar *dir = g_path_get_dirname (path);
  sqlite3_stmt *st = NULL;

  if (g_mkdir_with_parents (dir, 0750) != 0) {
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
        "cannot create %s: %s", dir, g_strerror (errno));
    return NULL;
  }
  self->path = g_strdup (path);
  self->retention = *retention;
  self->wdb = open_db (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
      error);
  if (!self->wdb)
    return NULL;
  /* WAL with synchronous=NORMAL: a committed transaction survives the
   * process being killed; only a power loss can take the last ones. */
  /* secure_delete: erased and expired rows do not linger in free pages */
  if (!exec (self->wdb, "PRAGMA journal_mode=WAL", error) ||
      !exec (self->wdb, "PRAGMA secure_delete=ON", error) ||
      !exec (self->wdb, "PRAGMA synchronous=NORMAL", error) ||
      !exec (self->wdb, schema, error)) {
    g_prefix_error (error, "%s: ", path);
    return NULL;
  }
  retention_enforce (self, self->wdb, g_get_real_time () / 1000, NULL);

  if (sqlite3_prepare_v2 (self->wdb, "SELECT coalesce (max (id), 0), "
          "(SELECT coalesce (max (value), 0) FROM meta WHERE key = "
          "'event_id_reserved') FROM events", -1, &st, NULL) != SQLITE_OK ||
      sqlite3_step (st) != SQLITE_ROW) {
    sql_fail (self->wdb, path, error);
    sqlite3_finalize (st);
    return NULL;
  }
  self->stats.committed_event_id = sqlite3_column_int64 (st, 0);
  self->stats.last_event_id = MAX (self->stats.committed_event_id,
      (guint64) sqlite3_column_int64 (st, 1));
  self->next_event_id = self->stats.last_event_id + 1;
  sqlite3_finalize (st);
  /* Reserved before the first id is handed out. */
  self->reserved_event_id = self->stats.last_event_id + RESERVE_IDS;
  if (!reserve_ids (self->wdb, self->reserved_event_id, error)) {
    g_prefix_error (error, "%s: ", path);
    return NULL;
  }

  self->rdb = open_db (path, SQLITE_OPEN_READONLY, error);
  if (!self->rdb)
    return NULL;
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
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", self->path,
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

/* A private connection to the file at @path, for tools. */
static sqlite3 *
open_file (const gchar * path, GError ** error)
{
  sqlite3 *db;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
        "no results database %s", path);
    return NULL;
  }
  db = open_db (path, SQLITE_OPEN_READWRITE, error);
  if (db && !exec (db, "PRAGMA secure_delete=ON", error)) {
    sqlite3_close (db);
    return NULL;
  }
  return db;
}

gboolean
wf_store_announce_erasure_file (const gchar * path,
    const gchar * employee_id, GError ** error)
{
  sqlite3 *db = open_file (path, error);
  sqlite3_stmt *st = NULL;
  gboolean ok;

  if (!db)
    return FALSE;
  /* the table exists once the daemon ran; a tool may come first */
  ok = exec (db, schema, error);
  if (ok && sqlite3_prepare_v2 (db, announce_sql, -1, &st, NULL) !=
      SQLITE_OK)
    ok = sql_fail (db, path, error);
  if (ok) {
    bind_text (st, 1, employee_id);
    sqlite3_bind_int64 (st, 2, g_get_real_time () / 1000);
    ok = step_done (db, st, error);
  }
  sqlite3_finalize (st);
  sqlite3_close (db);
  return ok;
}

gboolean
wf_store_erase_employee (const gchar * path, const gchar * employee_id,
    GError ** error)
{
  sqlite3_stmt *st[N_FORGET] = { NULL };
  sqlite3 *db = open_file (path, error);
  gboolean ok;

  if (!db)
    return FALSE;
  ok = exec (db, schema, error) && exec (db, "BEGIN IMMEDIATE", error);
  for (guint i = 0; ok && i < N_FORGET; i++)
    if (sqlite3_prepare_v2 (db, forget_sql[i], -1, &st[i], NULL) !=
        SQLITE_OK)
      ok = sql_fail (db, path, error);
  ok = ok && forget_rows (db, st, employee_id, error);
  ok = ok && exec (db, "COMMIT", error);
  for (guint i = 0; i < N_FORGET; i++)
    sqlite3_finalize (st[i]);
  if (ok)                       /* no copy of the rows left in the WAL */
    sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL,
        NULL);
  sqlite3_close (db);           /* rolls back what was not committed */
  return ok;
}

gboolean
wf_store_erasure_announced_file (const gchar * path,
    const gchar * employee_id, gboolean * announced, GError ** error)
{
  sqlite3 *db = open_file (path, error);
  sqlite3_stmt *st = NULL;
  gboolean ok;
  int rc;

  if (!db)
    return FALSE;
  ok = exec (db, schema, error);
  if (ok && sqlite3_prepare_v2 (db, "SELECT 1 FROM erasures WHERE "
          "employee_id = ?1", -1, &st, NULL) != SQLITE_OK)
    ok = sql_fail (db, path, error);
  if (ok) {
    bind_text (st, 1, employee_id);
    rc = sqlite3_step (st);
    *announced = rc == SQLITE_ROW;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      ok = sql_fail (db, path, error);
  }
  sqlite3_finalize (st);
  sqlite3_close (db);
  return ok;
}

GStrv
wf_store_pending_erasures (WfStore * self, GError ** error)
{
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  sqlite3_stmt *st = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->rdb, "SELECT employee_id FROM erasures"
          " ORDER BY requested", -1, &st, NULL) != SQLITE_OK) {
    sql_fail (self->rdb, "erasures", error);
    return NULL;
  }
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_strv_builder_add (b, (const gchar *) sqlite3_column_text (st, 0));
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE) {
    sql_fail (self->rdb, "erasures", error);
    return NULL;
  }
  return g_strv_builder_end (b);
}

guint64
wf_store_enforce_retention (WfStore * self, gint64 now_ms, GError ** error)
{
  sqlite3 *db;
  guint64 n;

  /* A private connection: the writer's belongs to its thread. */
  db = open_db (self->path, SQLITE_OPEN_READWRITE, error);
  if (!db)
    return 0;
  n = retention_enforce (self, db, now_ms, error);
  sqlite3_close (db);
  return n;
}

void
wf_store_get_retention_stats (WfStore * self, WfRetentionStats * stats)
{
  g_mutex_lock (&self->lock);
  *stats = self->retention_stats;
  g_mutex_unlock (&self->lock);
}

void
wf_store_get_stats (WfStore * self, WfStoreStats * stats)
{
  g_mutex_lock (&self->lock);
  *stats = self->stats;
  stats->pending = self->pending->len;
  g_mutex_unlock (&self->lock);
}

static void
add_iso (JsonObject * o, const gchar * name, gint64 ms)
{
  g_autofree gchar *s = wf_iso8601_from_ms (ms);

  json_object_set_string_member (o, name, s);
}

JsonArray *
wf_store_query_attendance (WfStore * self, const gchar * date,
    GError ** error)
{
  sqlite3_stmt *st = NULL;
  JsonArray *rows;
  int rc;

  if (sqlite3_prepare_v2 (self->rdb, "SELECT employee_id, name, first_seen,"
          " last_seen, cameras, sightings FROM attendance WHERE day = ?1"
          " ORDER BY first_seen", -1, &st, NULL) != SQLITE_OK) {
    sql_fail (self->rdb, "attendance", error);
    return NULL;
  }
  bind_text (st, 1, date);
  rows = json_array_new ();
  while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
    JsonObject *o = json_object_new ();
    JsonArray *cams = json_array_new ();
    g_auto (GStrv) list = g_strsplit ((const gchar *)
        sqlite3_column_text (st, 4), ",", -1);

    json_object_set_string_member (o, "employee_id",
        (const gchar *) sqlite3_column_text (st, 0));
    json_object_set_string_member (o, "name",
        (const gchar *) sqlite3_column_text (st, 1));
    add_iso (o, "first_seen", sqlite3_column_int64 (st, 2));
    add_iso (o, "last_seen", sqlite3_column_int64 (st, 3));
    for (guint i = 0; list[i]; i++)
      if (*list[i])
        json_array_add_string_element (cams, list[i]);
    json_object_set_array_member (o, "cameras", cams);
    json_object_set_int_member (o, "sightings", sqlite3_column_int64 (st, 5));
    json_array_add_object_element (rows, o);
  }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE) {
    json_array_unref (rows);
    sql_fail (self->rdb, "attendance", error);
    return NULL;
  }
  return rows;
}

JsonArray *
wf_store_query_occupancy (WfStore * self, const gchar * camera,
    const gchar * zone, gint64 from_ms, gint64 to_ms, GError ** error)
{
  sqlite3_stmt *st = NULL;
  JsonArray *rows;
  int rc;

  if (sqlite3_prepare_v2 (self->rdb, "SELECT minute, peak, total, samples,"
          " last FROM occupancy WHERE camera = ?1 AND zone = ?2"
          " AND minute >= ?3 AND minute <= ?4 ORDER BY minute", -1, &st,
          NULL) != SQLITE_OK) {
    sql_fail (self->rdb, "occupancy", error);
    return NULL;
  }
  bind_text (st, 1, camera);
  bind_text (st, 2, zone);
  sqlite3_bind_int64 (st, 3, from_ms / 60000 * 60000);
  sqlite3_bind_int64 (st, 4, to_ms);
  rows = json_array_new ();
  while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
    JsonObject *o = json_object_new ();
    gint64 samples = sqlite3_column_int64 (st, 3);

    add_iso (o, "minute", sqlite3_column_int64 (st, 0));
    json_object_set_int_member (o, "peak", sqlite3_column_int64 (st, 1));
    json_object_set_double_member (o, "average", samples ?
        (gdouble) sqlite3_column_int64 (st, 2) / samples : 0.0);
    json_object_set_int_member (o, "last", sqlite3_column_int64 (st, 4));
    json_array_add_object_element (rows, o);
  }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE) {
    json_array_unref (rows);
    sql_fail (self->rdb, "occupancy", error);
    return NULL;
  }
  return rows;
}

JsonArray *
wf_store_query_events (WfStore * self, guint64 after_id, guint limit,
    GError ** error)
{
  sqlite3_stmt *st = NULL;
  JsonArray *rows;
  int rc;

  if (sqlite3_prepare_v2 (self->rdb, "SELECT id, ts, camera, type, data"
          " FROM events WHERE id > ?1 ORDER BY id LIMIT ?2", -1, &st,
          NULL) != SQLITE_OK) {
    sql_fail (self->rdb, "events", error);
    return NULL;
  }
  sqlite3_bind_int64 (st, 1, (sqlite3_int64) after_id);
  sqlite3_bind_int64 (st, 2, limit);
  rows = json_array_new ();
  while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
    JsonObject *o = json_object_new ();
    const gchar *data = (const gchar *) sqlite3_column_text (st, 4);

    json_object_set_int_member (o, "id", sqlite3_column_int64 (st, 0));
    add_iso (o, "time", sqlite3_column_int64 (st, 1));
    if (sqlite3_column_type (st, 2) != SQLITE_NULL)
      json_object_set_string_member (o, "camera",
          (const gchar *) sqlite3_column_text (st, 2));
    json_object_set_string_member (o, "type",
        (const gchar *) sqlite3_column_text (st, 3));
    if (data) {
      JsonNode *n = json_from_string (data, NULL);
      if (n)
        json_object_set_member (o, "data", n);
    }
    json_array_add_object_element (rows, o);
  }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE) {
    json_array_unref (rows);
    sql_fail (self->rdb, "events", error);
    return NULL;
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
  sqlite3_stmt *st = NULL;
  GArray *rows;
  int rc;

  if (sqlite3_prepare_v2 (self->rdb, "SELECT id, ts, actor, action, subject"
          " FROM audit WHERE id > ?1 ORDER BY id LIMIT ?2", -1, &st,
          NULL) != SQLITE_OK) {
    sql_fail (self->rdb, "audit", error);
    return NULL;
  }
  sqlite3_bind_int64 (st, 1, (sqlite3_int64) after_id);
  sqlite3_bind_int64 (st, 2, limit);
  rows = g_array_new (FALSE, TRUE, sizeof (WfAuditRecord));
  g_array_set_clear_func (rows, (GDestroyNotify) wf_audit_record_clear);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
    WfAuditRecord r;
    r.id = sqlite3_column_int64 (st, 0);
    r.ts_ms = sqlite3_column_int64 (st, 1);
    r.actor = g_strdup ((const gchar *) sqlite3_column_text (st, 2));
    r.action = g_strdup ((const gchar *) sqlite3_column_text (st, 3));
    r.subject = g_strdup ((const gchar *) sqlite3_column_text (st, 4));
    g_array_append_val (rows, r);
  }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE) {
    g_array_unref (rows);
    sql_fail (self->rdb, "audit", error);
    return NULL;
  }
  return rows;
}

/* Every column of every row @sql finds for ?1, as objects; times (columns
 * in @times) also as ISO 8601 beside the raw value. */
static JsonArray *
rows_json (sqlite3 * db, const gchar * sql, const gchar * id,
    const gchar * const *times, GError ** error)
{
  sqlite3_stmt *st = NULL;
  JsonArray *rows;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK) {
    sql_fail (db, "export", error);
    return NULL;
  }
  bind_text (st, 1, id);
  rows = json_array_new ();
  while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
    JsonObject *o = json_object_new ();
    for (int c = 0; c < sqlite3_column_count (st); c++) {
      const gchar *name = sqlite3_column_name (st, c);
      switch (sqlite3_column_type (st, c)) {
        case SQLITE_INTEGER:
          json_object_set_int_member (o, name, sqlite3_column_int64 (st, c));
          if (g_strv_contains (times, name)) {
            g_autofree gchar *key = g_strconcat (name, "_time", NULL);
            add_iso (o, key, sqlite3_column_int64 (st, c));
          }
          break;
        case SQLITE_FLOAT:
          json_object_set_double_member (o, name, sqlite3_column_double (st,
                  c));
          break;
        case SQLITE_NULL:
          json_object_set_null_member (o, name);
          break;
        default:{
          const gchar *text = (const gchar *) sqlite3_column_text (st, c);
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
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE) {
    json_array_unref (rows);
    sql_fail (db, "export", error);
    return NULL;
  }
  return rows;
}

static JsonObject *
query_employee (sqlite3 * db, const gchar * employee_id, GError ** error)
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
    JsonArray *a = rows_json (db, parts[i].sql, employee_id,
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
  return query_employee (self->rdb, employee_id, error);
}

JsonObject *
wf_store_query_employee_file (const gchar * path, const gchar * employee_id,
    GError ** error)
{
  sqlite3 *db = open_file (path, error);
  JsonObject *o;

  if (!db)
    return NULL;
  /* the tables exist once the daemon ran; a tool may come first */
  o = exec (db, schema, error) ? query_employee (db, employee_id, error) :
      NULL;
  sqlite3_close (db);
  return o;
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

  g_clear_pointer (&self->rdb, sqlite3_close);
  if (self->wdb) {
    /* A clean close checkpoints the WAL into the main file. */
    sqlite3_close (self->wdb);
  }
  g_ptr_array_unref (self->pending);
  g_clear_error (&self->write_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->path);
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
}
