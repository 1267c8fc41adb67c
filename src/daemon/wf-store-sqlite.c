/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The SQLite backend of the results store: one file in WAL mode, a write
 * connection for the writer thread and a read-only one for queries.
 * Prepared statements are kept per connection, keyed by their text.
 */
#include "config.h"
#include "wf-store-backend.h"

#include <errno.h>
#include <sqlite3.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

/* The schema as of version 1; files written before versions existed
 * (user_version 0) hold exactly this and are marked 1. */
#define SCHEMA_VERSION 1

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

typedef struct
{
  WfStoreBackend parent;
  gchar *path;
  sqlite3 *db[2];               /* by WfStoreConn */
  GHashTable *stmts[2];         /* sql text -> sqlite3_stmt */
} SqliteBackend;

static gboolean
sql_fail (sqlite3 * db, const gchar * path, GError ** error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path,
      sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
exec_plain (sqlite3 * db, const gchar * path, const gchar * sql,
    GError ** error)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path, msg);
    sqlite3_free (msg);
    return FALSE;
  }
  return TRUE;
}

static sqlite3_stmt *
prepared (SqliteBackend * self, WfStoreConn conn, const gchar * sql,
    const WfStoreParam * params, guint n, GError ** error)
{
  sqlite3 *db = self->db[conn];
  sqlite3_stmt *st = g_hash_table_lookup (self->stmts[conn], sql);

  if (!db) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
        "%s: no such connection", self->path);
    return NULL;
  }
  if (!st) {
    if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK) {
      sql_fail (db, self->path, error);
      return NULL;
    }
    g_hash_table_insert (self->stmts[conn], g_strdup (sql), st);
  }
  for (guint i = 0; i < n; i++) {
    if (!params[i].is_text)
      sqlite3_bind_int64 (st, i + 1, params[i].i);
    else if (params[i].s)
      sqlite3_bind_text (st, i + 1, params[i].s, -1, SQLITE_TRANSIENT);
    else
      sqlite3_bind_null (st, i + 1);
  }
  return st;
}

static void
done_with (sqlite3_stmt * st)
{
  sqlite3_reset (st);
  sqlite3_clear_bindings (st);
}

static gboolean
sqlite_exec (WfStoreBackend * b, WfStoreConn conn, const gchar * sql,
    const WfStoreParam * params, guint n, guint64 * changes,
    GError ** error)
{
  SqliteBackend *self = (SqliteBackend *) b;
  sqlite3_stmt *st = prepared (self, conn, sql, params, n, error);
  int rc;

  if (!st)
    return FALSE;
  rc = sqlite3_step (st);
  done_with (st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return sql_fail (self->db[conn], self->path, error);
  if (changes)
    *changes = sqlite3_changes (self->db[conn]);
  return TRUE;
}

static WfStoreRows *
sqlite_query (WfStoreBackend * b, WfStoreConn conn, const gchar * sql,
    const WfStoreParam * params, guint n, GError ** error)
{
  SqliteBackend *self = (SqliteBackend *) b;
  sqlite3_stmt *st = prepared (self, conn, sql, params, n, error);
  g_autoptr (GPtrArray) cells = NULL;
  g_autoptr (GArray) types = NULL;
  WfStoreRows *rows;
  guint n_cols, n_rows = 0;
  int rc;

  if (!st)
    return NULL;
  n_cols = sqlite3_column_count (st);
  cells = g_ptr_array_new_with_free_func (g_free);
  types = g_array_new (FALSE, FALSE, sizeof (WfStoreValueType));
  while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
    for (guint c = 0; c < n_cols; c++) {
      WfStoreValueType t;
      switch (sqlite3_column_type (st, c)) {
        case SQLITE_INTEGER:
          t = WF_STORE_VALUE_INT;
          break;
        case SQLITE_FLOAT:
          t = WF_STORE_VALUE_FLOAT;
          break;
        case SQLITE_NULL:
          t = WF_STORE_VALUE_NULL;
          break;
        default:
          t = WF_STORE_VALUE_TEXT;
      }
      g_array_append_val (types, t);
      g_ptr_array_add (cells, t == WF_STORE_VALUE_NULL ? NULL :
          g_strdup ((const gchar *) sqlite3_column_text (st, c)));
    }
    n_rows++;
  }
  if (rc != SQLITE_DONE) {
    sql_fail (self->db[conn], self->path, error);
    done_with (st);
    return NULL;
  }
  rows = wf_store_rows_new (n_rows, n_cols);
  for (guint c = 0; c < n_cols; c++)
    rows->names[c] = g_strdup (sqlite3_column_name (st, c));
  for (guint i = 0; i < n_rows * n_cols; i++)
    wf_store_rows_set (rows, i / n_cols, i % n_cols,
        g_array_index (types, WfStoreValueType, i), cells->pdata[i]);
  done_with (st);
  return rows;
}

static gboolean
sqlite_begin (WfStoreBackend * b, WfStoreConn conn, GError ** error)
{
  SqliteBackend *self = (SqliteBackend *) b;

  return exec_plain (self->db[conn], self->path, "BEGIN IMMEDIATE", error);
}

static gboolean
sqlite_commit (WfStoreBackend * b, WfStoreConn conn, GError ** error)
{
  SqliteBackend *self = (SqliteBackend *) b;

  return exec_plain (self->db[conn], self->path, "COMMIT", error);
}

static void
sqlite_rollback (WfStoreBackend * b, WfStoreConn conn)
{
  SqliteBackend *self = (SqliteBackend *) b;

  exec_plain (self->db[conn], self->path, "ROLLBACK", NULL);
}

static void
sqlite_after_erasure (WfStoreBackend * b, WfStoreConn conn)
{
  SqliteBackend *self = (SqliteBackend *) b;

  /* a reader may hold the WAL; then the next checkpoint does */
  sqlite3_wal_checkpoint_v2 (self->db[conn], NULL,
      SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}

static guint64
file_size (const gchar * path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
}

static guint64
sqlite_size_bytes (WfStoreBackend * b)
{
  SqliteBackend *self = (SqliteBackend *) b;
  g_autofree gchar *wal = g_strconcat (self->path, "-wal", NULL);

  return file_size (self->path) + file_size (wal);
}

static WfStoreBackend *
sqlite_open_private (WfStoreBackend * b, GError ** error)
{
  SqliteBackend *self = (SqliteBackend *) b;

  return wf_store_sqlite_open (self->path, FALSE, FALSE, error);
}

static void
sqlite_close (WfStoreBackend * b)
{
  SqliteBackend *self = (SqliteBackend *) b;

  for (guint i = 0; i < 2; i++) {
    /* statements first: a clean close checkpoints the WAL */
    g_clear_pointer (&self->stmts[i], g_hash_table_unref);
    g_clear_pointer (&self->db[i], sqlite3_close);
  }
  g_free (self->path);
}

static const WfStoreBackendClass sqlite_class = {
  .name = "sqlite",
  .sql = {
        [WF_STORE_SQL_SIGHTING] = "INSERT INTO attendance (employee_id, day,"
        " name, first_seen, last_seen, cameras, sightings)"
        " VALUES (?1, ?2, ?3, ?4, ?4, ?5, 1)"
        " ON CONFLICT (employee_id, day) DO UPDATE SET"
        " name = coalesce (excluded.name, name),"
        " first_seen = min (first_seen, excluded.first_seen),"
        " last_seen = max (last_seen, excluded.last_seen),"
        " sightings = sightings + ?6,"
        " cameras = CASE WHEN instr (',' || cameras || ',',"
        "   ',' || excluded.cameras || ',') > 0 THEN cameras"
        "   ELSE cameras || ',' || excluded.cameras END",
        [WF_STORE_SQL_OCCUPANCY] = "INSERT INTO occupancy (camera, zone,"
        " minute, peak, last, total, samples)"
        " VALUES (?1, ?2, ?3, ?4, ?4, ?4, 1)"
        " ON CONFLICT (camera, zone, minute) DO UPDATE SET"
        " peak = max (peak, excluded.peak), last = excluded.last,"
        " total = total + excluded.total, samples = samples + 1",
        [WF_STORE_SQL_ANNOUNCE] = "INSERT OR IGNORE INTO erasures"
        " (employee_id, requested) VALUES (?1, ?2)",
        [WF_STORE_SQL_CLAIM] = "INSERT INTO meta (key, value)"
        " VALUES ('event_id_reserved', ?1 + ?2) ON CONFLICT (key) DO UPDATE"
        " SET value = max (value, ?1) + ?2",
      },
  .exec = sqlite_exec,
  .query = sqlite_query,
  .begin = sqlite_begin,
  .commit = sqlite_commit,
  .rollback = sqlite_rollback,
  .after_erasure = sqlite_after_erasure,
  .size_bytes = sqlite_size_bytes,
  .open_private = sqlite_open_private,
  .close = sqlite_close,
};

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

/* Creates the tables a daemon or a tool may find missing and checks the
 * version: a newer file is refused untouched. */
static gboolean
migrate (sqlite3 * db, const gchar * path, GError ** error)
{
  sqlite3_stmt *st = NULL;
  gint64 version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &st, NULL) ==
      SQLITE_OK && sqlite3_step (st) == SQLITE_ROW)
    version = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  if (version < 0)
    return sql_fail (db, path, error);
  if (version > SCHEMA_VERSION) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
        "%s: results schema %" G_GINT64_FORMAT " is newer than this "
        "program's (%d); refused, nothing changed", path, version,
        SCHEMA_VERSION);
    return FALSE;
  }
  if (!exec_plain (db, path, schema, error))
    return FALSE;
  if (version < SCHEMA_VERSION) {
    g_autofree gchar *sql = g_strdup_printf ("PRAGMA user_version = %d",
        SCHEMA_VERSION);
    return exec_plain (db, path, sql, error);
  }
  return TRUE;
}

WfStoreBackend *
wf_store_sqlite_open (const gchar * path, gboolean create,
    gboolean read_connection, GError ** error)
{
  g_autoptr (WfStoreBackend) b = NULL;
  SqliteBackend *self;

  if (create) {
    g_autofree gchar *dir = g_path_get_dirname (path);
    if (g_mkdir_with_parents (dir, 0750) != 0) {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
          "cannot create %s: %s", dir, g_strerror (errno));
      return NULL;
    }
  } else if (!g_file_test (path, G_FILE_TEST_IS_REGULAR)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
        "no results database %s", path);
    return NULL;
  }
  self = g_new0 (SqliteBackend, 1);
  b = (WfStoreBackend *) self;
  b->klass = &sqlite_class;
  b->display = g_strdup (path);
  self->path = g_strdup (path);
  for (guint i = 0; i < 2; i++)
    self->stmts[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
        (GDestroyNotify) sqlite3_finalize);
  self->db[WF_STORE_CONN_WRITE] = open_db (path, SQLITE_OPEN_READWRITE |
      (create ? SQLITE_OPEN_CREATE : 0), error);
  if (!self->db[WF_STORE_CONN_WRITE])
    return NULL;
  /* WAL with synchronous=NORMAL: a committed transaction survives the
   * process being killed; only a power loss can take the last ones. */
  /* secure_delete: erased and expired rows do not linger in free pages */
  if ((create && !exec_plain (self->db[WF_STORE_CONN_WRITE], path,
              "PRAGMA journal_mode=WAL", error)) ||
      !exec_plain (self->db[WF_STORE_CONN_WRITE], path,
          "PRAGMA secure_delete=ON", error) ||
      (create && !exec_plain (self->db[WF_STORE_CONN_WRITE], path,
              "PRAGMA synchronous=NORMAL", error)) ||
      !migrate (self->db[WF_STORE_CONN_WRITE], path, error))
    return NULL;
  if (read_connection) {
    self->db[WF_STORE_CONN_READ] = open_db (path, SQLITE_OPEN_READONLY,
        error);
    if (!self->db[WF_STORE_CONN_READ])
      return NULL;
  }
  return g_steal_pointer (&b);
}
