/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-gallery.h"
#include "wf-gallery-testing.h"
#include "wf-gallery-db.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#define BUSY_TIMEOUT_MS 5000

/*
 * Schema history.  Version N is reached from version N-1 by migrations[N-1];
 * a new database runs them all.  Never edit a released step: add one.
 */
static const gchar *const migrations[] = {
  /* 1: employees and their descriptors */
  "CREATE TABLE employees ("
  "  id TEXT PRIMARY KEY NOT NULL CHECK (length (id) > 0),"
  "  name TEXT NOT NULL,"
  "  created INTEGER NOT NULL);"
  "CREATE TABLE descriptors ("
  "  id INTEGER PRIMARY KEY,"
  "  employee_id TEXT NOT NULL REFERENCES employees (id) ON DELETE CASCADE,"
  "  descriptor BLOB NOT NULL CHECK (length (descriptor) = 512),"
  "  source TEXT,"
  "  detector TEXT,"
  "  created INTEGER NOT NULL);"
  "CREATE INDEX descriptors_employee ON descriptors (employee_id);",
  /* 2: enrolment history, face boxes and optional photos */
  "CREATE TABLE enrolments ("
  "  id INTEGER PRIMARY KEY,"
  "  employee_id TEXT NOT NULL REFERENCES employees (id) ON DELETE CASCADE,"
  "  created INTEGER NOT NULL,"
  "  program TEXT NOT NULL,"
  "  host TEXT,"
  "  n_samples INTEGER NOT NULL);"
  "CREATE INDEX enrolments_employee ON enrolments (employee_id);"
  "ALTER TABLE descriptors ADD COLUMN enrolment_id INTEGER"
  "  REFERENCES enrolments (id) ON DELETE CASCADE;"
  "ALTER TABLE descriptors ADD COLUMN box_x REAL;"
  "ALTER TABLE descriptors ADD COLUMN box_y REAL;"
  "ALTER TABLE descriptors ADD COLUMN box_w REAL;"
  "ALTER TABLE descriptors ADD COLUMN box_h REAL;"
  "CREATE TABLE photos ("
  "  descriptor_id INTEGER PRIMARY KEY"
  "    REFERENCES descriptors (id) ON DELETE CASCADE,"
  "  type TEXT NOT NULL,"
  "  data BLOB NOT NULL);"
  /* version 1 kept no history: one enrolment per employee stands for it */
  "INSERT INTO enrolments (employee_id, created, program, n_samples)"
  "  SELECT employee_id, min (created), 'schema 1', count (*)"
  "  FROM descriptors GROUP BY employee_id;"
  "UPDATE descriptors SET enrolment_id = (SELECT e.id FROM enrolments e"
  "  WHERE e.employee_id = descriptors.employee_id);",
  /* 3: consent per employee.  Rows enrolled before it was recorded keep
   * being identified (consent 1, dated at their enrolment, with a note that
   * says so): turning every existing employee into a stranger on upgrade
   * would be a surprise; docs/privacy.md asks the administrator to review
   * them. */
  "ALTER TABLE employees ADD COLUMN consent INTEGER NOT NULL DEFAULT 1"
  "  CHECK (consent IN (0, 1));"
  "ALTER TABLE employees ADD COLUMN consent_date INTEGER;"
  "ALTER TABLE employees ADD COLUMN consent_note TEXT;"
  "UPDATE employees SET consent_date = created,"
  "  consent_note = '" WF_GALLERY_CONSENT_NOTE_MIGRATED "';",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == WF_GALLERY_SCHEMA_VERSION);

/* The columns each version must have; checked before anything is written. */
typedef struct {
  guint since;                  /* schema version that added it */
  const gchar *table;
  const gchar *column;
} ExpectedColumn;

static const ExpectedColumn expected_columns[] = {
  {1, "employees", "id"}, {1, "employees", "name"},
  {1, "employees", "created"},
  {1, "descriptors", "id"}, {1, "descriptors", "employee_id"},
  {1, "descriptors", "descriptor"}, {1, "descriptors", "source"},
  {1, "descriptors", "detector"}, {1, "descriptors", "created"},
  {2, "descriptors", "enrolment_id"}, {2, "descriptors", "box_x"},
  {2, "descriptors", "box_y"}, {2, "descriptors", "box_w"},
  {2, "descriptors", "box_h"},
  {2, "enrolments", "id"}, {2, "enrolments", "employee_id"},
  {2, "enrolments", "created"}, {2, "enrolments", "program"},
  {2, "enrolments", "host"}, {2, "enrolments", "n_samples"},
  {2, "photos", "descriptor_id"}, {2, "photos", "type"},
  {2, "photos", "data"},
  {3, "employees", "consent"}, {3, "employees", "consent_date"},
  {3, "employees", "consent_note"},
};

struct _WfGallery
{
  GObject parent;

  gchar *path;
  gboolean read_only;

  GMutex lock;
  sqlite3 *db;                  /* protected by lock */

  /* Search cache, protected by lock: descriptors of all employees, reloaded
   * when this connection wrote (dirty) or another one did (data_version). */
  gboolean dirty;
  gint64 data_version;
  GPtrArray *emp_ids;           /* gchar*, index = employee slot */
  GPtrArray *emp_names;
  GArray *desc_owner;           /* guint slot per descriptor */
  GArray *desc_values;          /* gfloat, WF_DESCRIPTOR_DIM per descriptor */
};

G_DEFINE_TYPE (WfGallery, wf_gallery, G_TYPE_OBJECT);

enum
{
  SIGNAL_EMPLOYEE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (wf-gallery-error-quark, wf_gallery_error);

static void
wf_gallery_finalize (GObject * object)
{
  WfGallery *self = WF_GALLERY (object);

  if (self->db)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_ptr_array_unref (self->emp_ids);
  g_ptr_array_unref (self->emp_names);
  g_array_unref (self->desc_owner);
  g_array_unref (self->desc_values);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (wf_gallery_parent_class)->finalize (object);
}

static void
wf_gallery_class_init (WfGalleryClass * klass)
{
  G_OBJECT_CLASS (klass)->finalize = wf_gallery_finalize;

  /**
   * WfGallery::employee-changed:
   * @gallery: the gallery
   * @id: the employee enrolled, changed or removed
   *
   * Emitted after a write through this process's gallery calls committed,
   * in the thread that wrote (wf_gallery_emit_changed ()).
   */
  signals[SIGNAL_EMPLOYEE_CHANGED] = g_signal_new ("employee-changed",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 1, G_TYPE_STRING);
}

void
wf_gallery_emit_changed (WfGallery * gallery, const gchar * id)
{
  g_return_if_fail (WF_IS_GALLERY (gallery));
  g_signal_emit (gallery, signals[SIGNAL_EMPLOYEE_CHANGED], 0, id);
}

static void
wf_gallery_init (WfGallery * self)
{
  g_mutex_init (&self->lock);
  self->dirty = TRUE;
  self->data_version = -1;
  self->emp_ids = g_ptr_array_new_with_free_func (g_free);
  self->emp_names = g_ptr_array_new_with_free_func (g_free);
  self->desc_owner = g_array_new (FALSE, FALSE, sizeof (guint));
  self->desc_values = g_array_new (FALSE, FALSE, sizeof (gfloat));
}

static gint
sqlite_to_error_code (gint rc)
{
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
      return WF_GALLERY_ERROR_CORRUPT;
    case SQLITE_NOTADB:
      return WF_GALLERY_ERROR_FOREIGN;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return WF_GALLERY_ERROR_BUSY;
    case SQLITE_CONSTRAINT:
      return WF_GALLERY_ERROR_INVALID;
    default:
      return WF_GALLERY_ERROR_FAILED;
  }
}

static gboolean
set_sqlite_error (GError ** error, sqlite3 * db, gint rc, const gchar * path,
    const gchar * what)
{
  g_set_error (error, WF_GALLERY_ERROR, sqlite_to_error_code (rc),
      "%s: %s: %s", path, what, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

static gboolean
exec (sqlite3 * db, const gchar * path, const gchar * sql, GError ** error)
{
  gint rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (error, db, rc, path, sql);
  return TRUE;
}

/* Runs a query returning one integer. */
static gboolean
query_int64 (sqlite3 * db, const gchar * path, const gchar * sql,
    gint64 * value, GError ** error)
{
  sqlite3_stmt *st = NULL;
  gint rc = sqlite3_prepare_v2 (db, sql, -1, &st, NULL);

  if (rc == SQLITE_OK) {
    rc = sqlite3_step (st);
    if (rc == SQLITE_ROW) {
      *value = sqlite3_column_int64 (st, 0);
      rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
      *value = 0;
      rc = SQLITE_OK;
    }
  }
  if (rc != SQLITE_OK)
    set_sqlite_error (error, db, rc, path, sql);
  sqlite3_finalize (st);
  return rc == SQLITE_OK;
}

/* Reads the first bytes ourselves: SQLite would happily treat a file that
 * is not a database as corrupt only once it tried to write to it.  They
 * are read through SQLite's own file layer, never with open () and
 * close (): closing any descriptor of a file drops every POSIX lock this
 * process holds on it, those of its open connections too, and another
 * process could then take the database as unused and remove its -shm
 * under them (sqlite.org/howtocorrupt.html, 2.2). */
static gboolean
check_header (const gchar * path, gboolean * empty, GError ** error)
{
  static const gchar magic[16] = "SQLite format 3";
  sqlite3_vfs *vfs = sqlite3_vfs_find (NULL);
  g_autofree sqlite3_file *f = g_malloc0 (vfs->szOsFile);
  gchar head[16];
  sqlite3_int64 size = 0;
  gint out_flags = 0, rc;

  if (!g_file_test (path, G_FILE_TEST_EXISTS)) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND,
        "%s: %s", path, g_strerror (ENOENT));
    return FALSE;
  }
  rc = vfs->xOpen (vfs, path, f, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB,
      &out_flags);
  if (rc != SQLITE_OK) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_FAILED,
        "%s: cannot open: %s", path, sqlite3_errstr (rc));
    return FALSE;
  }
  rc = f->pMethods->xFileSize (f, &size);
  if (rc == SQLITE_OK && size >= (sqlite3_int64) sizeof (head))
    rc = f->pMethods->xRead (f, head, sizeof (head), 0);
  f->pMethods->xClose (f);
  if (rc != SQLITE_OK) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_FAILED,
        "%s: cannot read: %s", path, sqlite3_errstr (rc));
    return FALSE;
  }
  *empty = (size == 0);
  if (size == 0)
    return TRUE;
  if (size < (sqlite3_int64) sizeof (head) ||
      memcmp (head, magic, sizeof (magic)) != 0) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_FOREIGN,
        "%s: not a gallery database (not an SQLite file); refusing to "
        "touch it", path);
    return FALSE;
  }
  return TRUE;
}

static gboolean
table_has_column (sqlite3 * db, const gchar * table, const gchar * column)
{
  g_autofree gchar *sql = g_strdup_printf ("PRAGMA table_info (\"%s\")",
      table);
  sqlite3_stmt *st = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    return FALSE;
  while (!found && sqlite3_step (st) == SQLITE_ROW) {
    const gchar *name = (const gchar *) sqlite3_column_text (st, 1);
    found = g_strcmp0 (name, column) == 0;
  }
  sqlite3_finalize (st);
  return found;
}

/*
 * Validates an existing file on a read-only connection, so that nothing is
 * written to a file we do not recognise.  Sets *version to its schema
 * version (0: an empty SQLite database, which we may initialise).
 */
static gboolean
validate_readonly (const gchar * path, gint64 * version, GError ** error)
{
  g_autofree gchar *wal = NULL, *escaped = NULL, *uri = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  gint64 app_id = 0, n_tables = 0;
  gboolean ok = FALSE;
  gint rc;

  /* Without a WAL the file holds everything: read it as immutable, so that
   * not even a -wal or -shm file appears beside a file we may refuse.  With
   * one, a writer may be live (or crashed) and normal locking is needed. */
  wal = g_strconcat (path, "-wal", NULL);
  escaped = g_uri_escape_string (path, "/", FALSE);
  uri = g_strdup_printf ("file:%s%s", escaped,
      g_file_test (wal, G_FILE_TEST_EXISTS) ? "" : "?immutable=1");
  rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
      NULL);
  if (rc != SQLITE_OK) {
    set_sqlite_error (error, db, rc, path, "cannot open");
    goto done;
  }
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  if (!query_int64 (db, path, "PRAGMA application_id", &app_id, error) ||
      !query_int64 (db, path, "PRAGMA user_version", version, error) ||
      !query_int64 (db, path, "SELECT count (*) FROM sqlite_master",
          &n_tables, error))
    goto done;

  if (app_id != WF_GALLERY_APPLICATION_ID) {
    if (app_id == 0 && *version == 0 && n_tables == 0) {
      ok = TRUE;                /* an empty database: ours to initialise */
      goto done;
    }
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_FOREIGN,
        "%s: an SQLite database of another application (application_id "
        "0x%08" G_GINT64_MODIFIER "x, %" G_GINT64_FORMAT " tables); refusing "
        "to touch it", path, app_id, n_tables);
    goto done;
  }
  if (*version > WF_GALLERY_SCHEMA_VERSION) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_TOO_NEW,
        "%s: gallery schema version %" G_GINT64_FORMAT " is newer than this "
        "program knows (%d); upgrade workforce-monitor", path, *version,
        WF_GALLERY_SCHEMA_VERSION);
    goto done;
  }
  if (*version < 1) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_CORRUPT,
        "%s: gallery without a schema version; refusing to touch it", path);
    goto done;
  }
  for (guint i = 0; i < G_N_ELEMENTS (expected_columns); i++) {
    const ExpectedColumn *c = &expected_columns[i];
    if (c->since <= *version && !table_has_column (db, c->table, c->column)) {
      g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_CORRUPT,
          "%s: gallery schema %" G_GINT64_FORMAT " lacks column %s.%s; "
          "refusing to touch it", path, *version, c->table, c->column);
      goto done;
    }
  }

  /* quick_check reads every page: catches damage the header hides */
  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &st, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (st);
  if (rc != SQLITE_ROW) {
    set_sqlite_error (error, db, rc, path, "integrity check failed");
    goto done;
  }
  if (g_strcmp0 ((const gchar *) sqlite3_column_text (st, 0), "ok") != 0) {
    g_autofree gchar *report = g_strndup ((const gchar *)
        sqlite3_column_text (st, 0), 160);
    g_strdelimit (report, "\n", ' ');
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_CORRUPT,
        "%s: damaged gallery database (%s); refusing to touch it", path,
        report);
    goto done;
  }
  ok = TRUE;

done:
  sqlite3_finalize (st);
  sqlite3_close_v2 (db);
  return ok;
}

static gboolean
migrate (WfGallery * self, GError ** error)
{
  gint64 version = 0;

  /* IMMEDIATE: two processes opening a new file must not both migrate */
  if (!exec (self->db, self->path, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!query_int64 (self->db, self->path, "PRAGMA user_version", &version,
          error))
    goto rollback;
  if (version > WF_GALLERY_SCHEMA_VERSION) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_TOO_NEW,
        "%s: gallery schema version %" G_GINT64_FORMAT " is newer than this "
        "program knows (%d)", self->path, version, WF_GALLERY_SCHEMA_VERSION);
    goto rollback;
  }
  if (version == WF_GALLERY_SCHEMA_VERSION)
    return exec (self->db, self->path, "COMMIT", error);

  for (gint64 v = version; v < WF_GALLERY_SCHEMA_VERSION; v++) {
    if (!exec (self->db, self->path, migrations[v], error))
      goto rollback;
  }
  {
    g_autofree gchar *sql = g_strdup_printf ("PRAGMA application_id = %d; "
        "PRAGMA user_version = %d", WF_GALLERY_APPLICATION_ID,
        WF_GALLERY_SCHEMA_VERSION);
    if (!exec (self->db, self->path, sql, error))
      goto rollback;
  }
  if (!exec (self->db, self->path, "COMMIT", error))
    goto rollback;
  if (version > 0)
    g_info ("%s: gallery migrated from schema %" G_GINT64_FORMAT " to %d",
        self->path, version, WF_GALLERY_SCHEMA_VERSION);
  return TRUE;

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* The tests' seam (wf-gallery-testing.h); NULL in every shipped program. */
static WfGalleryInsertHook insert_hook;
static gpointer insert_hook_data;

void
wf_gallery_testing_set_insert_hook (WfGalleryInsertHook hook,
    gpointer user_data)
{
  insert_hook = hook;
  insert_hook_data = user_data;
}

WfGallery *
wf_gallery_open (const gchar * path, WfGalleryOpenFlags flags, GError ** error)
{
  g_autoptr (WfGallery) self = NULL;
  gboolean exists, empty = FALSE;
  gint64 version = 0;
  gint rc, oflags;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  exists = g_file_test (path, G_FILE_TEST_EXISTS);
  if (!exists && (!(flags & WF_GALLERY_OPEN_CREATE) ||
          (flags & WF_GALLERY_OPEN_READ_ONLY))) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND,
        "%s: no such gallery database", path);
    return NULL;
  }
  if (exists) {
    if (!g_file_test (path, G_FILE_TEST_IS_REGULAR)) {
      g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_FOREIGN,
          "%s: not a regular file", path);
      return NULL;
    }
    if (!check_header (path, &empty, error))
      return NULL;
    if (!empty && !validate_readonly (path, &version, error))
      return NULL;
  }
  if ((flags & WF_GALLERY_OPEN_READ_ONLY) &&
      version != WF_GALLERY_SCHEMA_VERSION) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_FAILED,
        "%s: gallery schema %" G_GINT64_FORMAT " needs migrating to %d; open "
        "it once read-write", path, version, WF_GALLERY_SCHEMA_VERSION);
    return NULL;
  }

  self = g_object_new (WF_TYPE_GALLERY, NULL);
  self->path = g_strdup (path);
  self->read_only = (flags & WF_GALLERY_OPEN_READ_ONLY) != 0;

  /* Our own mutex serialises use of the connection. */
  oflags = SQLITE_OPEN_NOMUTEX | (self->read_only ? SQLITE_OPEN_READONLY :
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  rc = sqlite3_open_v2 (path, &self->db, oflags, NULL);
  if (rc != SQLITE_OK) {
    set_sqlite_error (error, self->db, rc, path, "cannot open");
    return NULL;
  }
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);

  if (!exec (self->db, path, "PRAGMA foreign_keys = ON", error))
    return NULL;
  if (!self->read_only) {
    /* secure_delete: removed employees do not linger in free pages */
    if (!exec (self->db, path, "PRAGMA journal_mode = WAL; "
            "PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON", error))
      return NULL;
    if (!migrate (self, error))
      return NULL;
  }
  return g_steal_pointer (&self);
}

const gchar *
wf_gallery_get_path (WfGallery * gallery)
{
  g_return_val_if_fail (WF_IS_GALLERY (gallery), NULL);
  return gallery->path;
}

static gboolean
check_writable (WfGallery * self, GError ** error)
{
  if (self->read_only) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_FAILED,
        "%s: gallery opened read-only", self->path);
    return FALSE;
  }
  return TRUE;
}

static gboolean
employee_exists_unlocked (WfGallery * self, const gchar * id,
    gboolean * exists, GError ** error)
{
  sqlite3_stmt *st = NULL;
  gint rc = sqlite3_prepare_v2 (self->db,
      "SELECT 1 FROM employees WHERE id = ?", -1, &st, NULL);

  if (rc == SQLITE_OK) {
    sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
    rc = sqlite3_step (st);
    *exists = (rc == SQLITE_ROW);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
      rc = SQLITE_OK;
  }
  if (rc != SQLITE_OK)
    set_sqlite_error (error, self->db, rc, self->path, "looking up employee");
  sqlite3_finalize (st);
  return rc == SQLITE_OK;
}

static gboolean
step_done (WfGallery * self, sqlite3_stmt * st, const gchar * what,
    GError ** error)
{
  gint rc = sqlite3_step (st);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, rc, self->path, what);
  return TRUE;
}

static gboolean
enroll_unlocked (WfGallery * self, const gchar * id, const gchar * name,
    const WfGalleryConsent * consent, const WfEnrolSample * samples,
    guint n_samples, GError ** error)
{
  sqlite3_stmt *st_emp = NULL, *st_enr = NULL;
  WfGalleryDbInserts ins = { NULL, NULL };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC, enrolment_id;
  gboolean exists = FALSE, ok = FALSE;
  const gchar *prgname = g_get_prgname ();
  gint rc;

  if (!exec (self->db, self->path, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* checked inside the transaction: no other writer can slip in between */
  if (!employee_exists_unlocked (self, id, &exists, error))
    goto out;
  if (exists) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_DUPLICATE,
        "employee id '%s' is already enrolled in %s", id, self->path);
    goto out;
  }

  rc = sqlite3_prepare_v2 (self->db, "INSERT INTO employees (id, name, "
      "created, consent, consent_date, consent_note) VALUES (?, ?, ?, ?, ?, "
      "?)", -1, &st_emp, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (self->db, "INSERT INTO enrolments (employee_id, "
        "created, program, host, n_samples) VALUES (?, ?, ?, ?, ?)", -1,
        &st_enr, NULL);
  if (rc != SQLITE_OK) {
    set_sqlite_error (error, self->db, rc, self->path, "preparing enrolment");
    goto out;
  }
  if (!wf_gallery_db_prepare_inserts (self->db, self->path, &ins, error))
    goto out;

  sqlite3_bind_text (st_emp, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st_emp, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st_emp, 3, now);
  sqlite3_bind_int (st_emp, 4, consent->given ? 1 : 0);
  sqlite3_bind_int64 (st_emp, 5, consent->date ? consent->date : now);
  sqlite3_bind_text (st_emp, 6, consent->note, -1, SQLITE_STATIC);
  if (!step_done (self, st_emp, "adding employee", error))
    goto out;

  sqlite3_bind_text (st_enr, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st_enr, 2, now);
  sqlite3_bind_text (st_enr, 3, prgname ? prgname : "libwfcore", -1,
      SQLITE_STATIC);
  sqlite3_bind_text (st_enr, 4, g_get_host_name (), -1, SQLITE_STATIC);
  sqlite3_bind_int (st_enr, 5, n_samples);
  if (!step_done (self, st_enr, "adding enrolment", error))
    goto out;
  enrolment_id = sqlite3_last_insert_rowid (self->db);

  for (guint i = 0; i < n_samples; i++) {
    const WfEnrolSample *s = &samples[i];

    if (insert_hook != NULL && !insert_hook (i, insert_hook_data, error))
      goto out;

    if (!wf_gallery_db_insert_sample (self->db, self->path, &ins, id,
            enrolment_id, s, now, error))
      goto out;
  }

  ok = exec (self->db, self->path, "COMMIT", error);

out:
  sqlite3_finalize (st_emp);
  sqlite3_finalize (st_enr);
  wf_gallery_db_finalize_inserts (&ins);
  if (!ok)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->dirty = TRUE;
  return ok;
}

/* The one check of a consent statement, for enrolment and changes. */
static gboolean
check_consent (const gchar * id, const WfGalleryConsent * consent,
    GError ** error)
{
  const gchar *note = consent->note;

  if (consent->date < 0) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID,
        "employee '%s': consent date before 1970", id);
    return FALSE;
  }
  if (note == NULL)
    return TRUE;
  if (strlen (note) > WF_GALLERY_CONSENT_NOTE_MAX ||
      !g_utf8_validate (note, -1, NULL)) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID,
        "employee '%s': a consent note must be UTF-8 text of at most %d "
        "bytes", id, WF_GALLERY_CONSENT_NOTE_MAX);
    return FALSE;
  }
  for (const gchar * p = note; *p; p++) {
    if (g_ascii_iscntrl (*p) && *p != '\n' && *p != '\t') {
      g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID,
          "employee '%s': the consent note holds a control character", id);
      return FALSE;
    }
  }
  return TRUE;
}

gboolean
wf_gallery_enroll (WfGallery * gallery, const gchar * id, const gchar * name,
    const WfEnrolSample * samples, guint n_samples, GError ** error)
{
  return wf_gallery_enroll_with_consent (gallery, id, name, NULL, samples,
      n_samples, error);
}

gboolean
wf_gallery_enroll_with_consent (WfGallery * gallery, const gchar * id,
    const gchar * name, const WfGalleryConsent * consent,
    const WfEnrolSample * samples, guint n_samples, GError ** error)
{
  static const WfGalleryConsent implied = {
    TRUE, 0, WF_GALLERY_CONSENT_NOTE_IMPLIED
  };
  gboolean ok;

  g_return_val_if_fail (WF_IS_GALLERY (gallery), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_writable (gallery, error))
    return FALSE;
  if (id == NULL || *id == '\0' || !g_utf8_validate (id, -1, NULL)) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID,
        "an employee id must be a non-empty UTF-8 string");
    return FALSE;
  }
  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL)) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID,
        "employee '%s': a name must be a non-empty UTF-8 string", id);
    return FALSE;
  }
  if (n_samples == 0) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID,
        "employee '%s': no face descriptors to enroll", id);
    return FALSE;
  }
  if (consent == NULL)
    consent = &implied;
  if (!check_consent (id, consent, error))
    return FALSE;
  for (guint i = 0; i < n_samples; i++) {
    if (samples[i].descriptor == NULL) {
      g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID,
          "employee '%s': sample %u has no descriptor", id, i);
      return FALSE;
    }
    for (guint k = 0; k < WF_DESCRIPTOR_DIM; k++) {
      if (!isfinite (samples[i].descriptor[k])) {
        g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID,
            "employee '%s': descriptor of %s is not finite", id,
            samples[i].source ? samples[i].source : "a sample");
        return FALSE;
      }
    }
  }

  g_mutex_lock (&gallery->lock);
  ok = enroll_unlocked (gallery, id, name, consent, samples, n_samples,
      error);
  g_mutex_unlock (&gallery->lock);
  if (ok)
    wf_gallery_emit_changed (gallery, id);
  return ok;
}

gboolean
wf_gallery_has_employee (WfGallery * gallery, const gchar * id,
    gboolean * exists, GError ** error)
{
  gboolean ok;

  g_return_val_if_fail (WF_IS_GALLERY (gallery), FALSE);
  g_return_val_if_fail (id != NULL && exists != NULL, FALSE);

  g_mutex_lock (&gallery->lock);
  ok = employee_exists_unlocked (gallery, id, exists, error);
  g_mutex_unlock (&gallery->lock);
  return ok;
}

gboolean
wf_gallery_remove (WfGallery * gallery, const gchar * id, GError ** error)
{
  sqlite3_stmt *st = NULL;
  gboolean ok = FALSE;
  gint rc;

  g_return_val_if_fail (WF_IS_GALLERY (gallery), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!check_writable (gallery, error))
    return FALSE;

  g_mutex_lock (&gallery->lock);
  /* ON DELETE CASCADE takes descriptors, enrolments and photos along */
  rc = sqlite3_prepare_v2 (gallery->db, "DELETE FROM employees WHERE id = ?",
      -1, &st, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
    rc = sqlite3_step (st);
  }
  if (rc != SQLITE_DONE) {
    set_sqlite_error (error, gallery->db, rc, gallery->path,
        "removing employee");
  } else if (sqlite3_changes (gallery->db) == 0) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND,
        "no employee with id '%s' in %s", id, gallery->path);
  } else {
    ok = TRUE;
    /* Fold the WAL back so the deleted rows leave no copy in it; another
     * reader may hold it open, in which case the next checkpoint does. */
    sqlite3_wal_checkpoint_v2 (gallery->db, NULL,
        SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  }
  sqlite3_finalize (st);
  gallery->dirty = TRUE;
  g_mutex_unlock (&gallery->lock);
  if (ok)
    wf_gallery_emit_changed (gallery, id);
  return ok;
}

gboolean
wf_gallery_set_consent (WfGallery * gallery, const gchar * id,
    const WfGalleryConsent * consent, GError ** error)
{
  sqlite3_stmt *st = NULL;
  gboolean ok = FALSE;
  gint rc;

  g_return_val_if_fail (WF_IS_GALLERY (gallery), FALSE);
  g_return_val_if_fail (id != NULL && consent != NULL, FALSE);

  if (!check_writable (gallery, error) || !check_consent (id, consent,
          error))
    return FALSE;

  g_mutex_lock (&gallery->lock);
  rc = sqlite3_prepare_v2 (gallery->db, "UPDATE employees SET consent = ?, "
      "consent_date = ?, consent_note = ? WHERE id = ?", -1, &st, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_int (st, 1, consent->given ? 1 : 0);
    sqlite3_bind_int64 (st, 2, consent->date ? consent->date :
        g_get_real_time () / G_USEC_PER_SEC);
    sqlite3_bind_text (st, 3, consent->note, -1, SQLITE_STATIC);
    sqlite3_bind_text (st, 4, id, -1, SQLITE_STATIC);
    rc = sqlite3_step (st);
  }
  if (rc != SQLITE_DONE)
    set_sqlite_error (error, gallery->db, rc, gallery->path,
        "recording consent");
  else if (sqlite3_changes (gallery->db) == 0)
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND,
        "no employee with id '%s' in %s", id, gallery->path);
  else
    ok = TRUE;
  sqlite3_finalize (st);
  gallery->dirty = TRUE;
  g_mutex_unlock (&gallery->lock);
  if (ok)
    wf_gallery_emit_changed (gallery, id);
  return ok;
}

void
wf_employee_clear (WfEmployee * employee)
{
  g_clear_pointer (&employee->id, g_free);
  g_clear_pointer (&employee->name, g_free);
  g_clear_pointer (&employee->consent_note, g_free);
}

#define EMPLOYEE_COLUMNS "e.id, e.name, e.created, " \
  "(SELECT count (*) FROM descriptors d WHERE d.employee_id = e.id), " \
  "(SELECT count (*) FROM photos p JOIN descriptors d " \
  "   ON p.descriptor_id = d.id WHERE d.employee_id = e.id), " \
  "e.consent, e.consent_date, e.consent_note "

static void
employee_from_row (sqlite3_stmt * st, WfEmployee * e)
{
  e->id = g_strdup ((const gchar *) sqlite3_column_text (st, 0));
  e->name = g_strdup ((const gchar *) sqlite3_column_text (st, 1));
  e->created = sqlite3_column_int64 (st, 2);
  e->n_descriptors = sqlite3_column_int (st, 3);
  e->n_photos = sqlite3_column_int (st, 4);
  e->consent = sqlite3_column_int (st, 5) != 0;
  e->consent_date = sqlite3_column_int64 (st, 6);
  e->consent_note = g_strdup ((const gchar *) sqlite3_column_text (st, 7));
}

gboolean
wf_gallery_get_employee (WfGallery * gallery, const gchar * id,
    WfEmployee * out, GError ** error)
{
  sqlite3_stmt *st = NULL;
  gboolean ok = FALSE;
  gint rc;

  g_return_val_if_fail (WF_IS_GALLERY (gallery), FALSE);
  g_return_val_if_fail (id != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof (*out));
  g_mutex_lock (&gallery->lock);
  rc = sqlite3_prepare_v2 (gallery->db, "SELECT " EMPLOYEE_COLUMNS
      "FROM employees e WHERE e.id = ?", -1, &st, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
    rc = sqlite3_step (st);
  }
  if (rc == SQLITE_ROW) {
    employee_from_row (st, out);
    ok = TRUE;
  } else if (rc == SQLITE_DONE) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND,
        "no employee with id '%s' in %s", id, gallery->path);
  } else {
    set_sqlite_error (error, gallery->db, rc, gallery->path,
        "reading employee");
  }
  sqlite3_finalize (st);
  g_mutex_unlock (&gallery->lock);
  return ok;
}

GArray *
wf_gallery_list (WfGallery * gallery, GError ** error)
{
  GArray *out;
  sqlite3_stmt *st = NULL;
  gint rc;

  g_return_val_if_fail (WF_IS_GALLERY (gallery), NULL);

  out = g_array_new (FALSE, TRUE, sizeof (WfEmployee));
  g_array_set_clear_func (out, (GDestroyNotify) wf_employee_clear);

  g_mutex_lock (&gallery->lock);
  rc = sqlite3_prepare_v2 (gallery->db, "SELECT " EMPLOYEE_COLUMNS
      "FROM employees e ORDER BY e.id", -1, &st, NULL);
  if (rc == SQLITE_OK) {
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
      WfEmployee e;
      employee_from_row (st, &e);
      g_array_append_val (out, e);
    }
  }
  if (rc != SQLITE_DONE) {
    set_sqlite_error (error, gallery->db, rc, gallery->path,
        "listing employees");
    g_clear_pointer (&out, g_array_unref);
  }
  sqlite3_finalize (st);
  g_mutex_unlock (&gallery->lock);
  return out;
}

static void
descriptor_info_clear (WfDescriptorInfo * d)
{
  g_clear_pointer (&d->source, g_free);
  g_clear_pointer (&d->detector, g_free);
  g_clear_pointer (&d->photo_type, g_free);
}

GArray *
wf_gallery_list_descriptors (WfGallery * gallery, const gchar * id,
    GError ** error)
{
  GArray *out;
  sqlite3_stmt *st = NULL;
  gint rc;

  g_return_val_if_fail (WF_IS_GALLERY (gallery), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  out = g_array_new (FALSE, TRUE, sizeof (WfDescriptorInfo));
  g_array_set_clear_func (out, (GDestroyNotify) descriptor_info_clear);
  g_mutex_lock (&gallery->lock);
  rc = sqlite3_prepare_v2 (gallery->db, "SELECT d.id, d.created, d.source, "
      "d.detector, d.box_x, d.box_y, d.box_w, d.box_h, p.type "
      "FROM descriptors d LEFT JOIN photos p ON p.descriptor_id = d.id "
      "WHERE d.employee_id = ? ORDER BY d.id", -1, &st, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
      WfDescriptorInfo d = { 0 };
      d.id = sqlite3_column_int64 (st, 0);
      d.created = sqlite3_column_int64 (st, 1);
      d.source = g_strdup ((const gchar *) sqlite3_column_text (st, 2));
      d.detector = g_strdup ((const gchar *) sqlite3_column_text (st, 3));
      d.box.x = sqlite3_column_double (st, 4);
      d.box.y = sqlite3_column_double (st, 5);
      d.box.w = sqlite3_column_double (st, 6);
      d.box.h = sqlite3_column_double (st, 7);
      d.has_photo = sqlite3_column_type (st, 8) != SQLITE_NULL;
      d.photo_type = g_strdup ((const gchar *) sqlite3_column_text (st, 8));
      g_array_append_val (out, d);
    }
  }
  if (rc != SQLITE_DONE) {
    set_sqlite_error (error, gallery->db, rc, gallery->path,
        "listing descriptors");
    g_clear_pointer (&out, g_array_unref);
  }
  sqlite3_finalize (st);
  g_mutex_unlock (&gallery->lock);
  return out;
}

/* Reloads the search cache when this or another connection changed it. */
static gboolean
refresh_cache_unlocked (WfGallery * self, GError ** error)
{
  g_autoptr (GHashTable) slots = NULL;
  sqlite3_stmt *st = NULL;
  gint64 version = 0;
  gint rc;

  if (!query_int64 (self->db, self->path, "PRAGMA data_version", &version,
          error))
    return FALSE;
  if (!self->dirty && version == self->data_version)
    return TRUE;

  g_ptr_array_set_size (self->emp_ids, 0);
  g_ptr_array_set_size (self->emp_names, 0);
  g_array_set_size (self->desc_owner, 0);
  g_array_set_size (self->desc_values, 0);
  slots = g_hash_table_new (g_str_hash, g_str_equal);

  /* Without consent an employee is not searched at all: not even as the
   * nearest of an unknown face, so nothing downstream can name them. */
  rc = sqlite3_prepare_v2 (self->db, "SELECT e.id, e.name, d.descriptor "
      "FROM descriptors d JOIN employees e ON d.employee_id = e.id "
      "WHERE e.consent = 1 ORDER BY e.id, d.id", -1, &st, NULL);
  if (rc == SQLITE_OK) {
    while ((rc = sqlite3_step (st)) == SQLITE_ROW) {
      const gchar *id = (const gchar *) sqlite3_column_text (st, 0);
      const void *blob = sqlite3_column_blob (st, 2);
      gpointer slot_p;
      guint slot;

      if (sqlite3_column_bytes (st, 2) != WF_DESCRIPTOR_DIM * sizeof (gfloat)
          || blob == NULL)
        continue;               /* the CHECK constraint makes this unreachable */
      if (g_hash_table_lookup_extended (slots, id, NULL, &slot_p)) {
        slot = GPOINTER_TO_UINT (slot_p);
      } else {
        slot = self->emp_ids->len;
        g_ptr_array_add (self->emp_ids, g_strdup (id));
        g_ptr_array_add (self->emp_names,
            g_strdup ((const gchar *) sqlite3_column_text (st, 1)));
        g_hash_table_insert (slots, g_ptr_array_index (self->emp_ids, slot),
            GUINT_TO_POINTER (slot));
      }
      g_array_append_val (self->desc_owner, slot);
      g_array_append_vals (self->desc_values, blob, WF_DESCRIPTOR_DIM);
    }
  }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, rc, self->path,
        "reading descriptors");

  self->dirty = FALSE;
  self->data_version = version;
  return TRUE;
}

guint
wf_gallery_count_descriptors (WfGallery * gallery)
{
  guint n = 0;

  g_return_val_if_fail (WF_IS_GALLERY (gallery), 0);

  g_mutex_lock (&gallery->lock);
  if (refresh_cache_unlocked (gallery, NULL))
    n = gallery->desc_owner->len;
  g_mutex_unlock (&gallery->lock);
  return n;
}

/* How an employee's photos combine (issue 11, measured in
 * tests/facematch/test-calibration.c): the mean of the distances to their
 * two nearest descriptors (the one distance with one photo).  The nearest
 * alone let a stranger in whenever any one photo happened to resemble
 * them, so more photos meant more false accepts (1 of 390 impostor probes
 * at 0.55 with three photos each); a stranger close to one photo is rarely
 * close to a second, the person's own face is. */
typedef struct {
  gdouble d1, d2;               /* nearest, second nearest */
} Nearest2;

static void
nearest2_add (Nearest2 * n, gdouble d)
{
  if (d < n->d1) {
    n->d2 = n->d1;
    n->d1 = d;
  } else if (d < n->d2) {
    n->d2 = d;
  }
}

static gdouble
nearest2_distance (const Nearest2 * n)
{
  return n->d2 == G_MAXDOUBLE ? n->d1 : (n->d1 + n->d2) / 2;
}

gboolean
wf_gallery_employee_distance (WfGallery * gallery, const gfloat * descriptor,
    const gchar * id, gdouble * distance, GError ** error)
{
  guint slot = G_MAXUINT;
  Nearest2 best = { G_MAXDOUBLE, G_MAXDOUBLE };

  g_return_val_if_fail (WF_IS_GALLERY (gallery), FALSE);
  g_return_val_if_fail (descriptor != NULL && id != NULL, FALSE);
  g_return_val_if_fail (distance != NULL, FALSE);

  g_mutex_lock (&gallery->lock);
  if (!refresh_cache_unlocked (gallery, error)) {
    g_mutex_unlock (&gallery->lock);
    return FALSE;
  }
  for (guint e = 0; e < gallery->emp_ids->len; e++) {
    if (g_strcmp0 (g_ptr_array_index (gallery->emp_ids, e), id) == 0) {
      slot = e;
      break;
    }
  }
  for (guint i = 0; slot != G_MAXUINT && i < gallery->desc_owner->len; i++) {
    const gfloat *v;
    gdouble d;

    if (g_array_index (gallery->desc_owner, guint, i) != slot)
      continue;
    v = &g_array_index (gallery->desc_values, gfloat,
        (gsize) i * WF_DESCRIPTOR_DIM);
    d = wf_descriptor_distance (descriptor, v);
    nearest2_add (&best, d);
  }
  g_mutex_unlock (&gallery->lock);
  *distance = nearest2_distance (&best);
  return TRUE;
}

void
wf_match_clear (WfMatch * match)
{
  g_clear_pointer (&match->employee_id, g_free);
  g_clear_pointer (&match->name, g_free);
  g_clear_pointer (&match->nearest_id, g_free);
}

/*
 * The margin (WF_GALLERY_DEFAULT_MARGIN = 0.05), measured on testdata/faces
 * (19 people, 111 photos; a face found in 110) with descriptors computed as
 * workforce-admin does; tests/facematch/test-recognition.c prints these:
 * - Noise: moving the face box by 4% of its size (what separates two video
 *   frames' detections of one face) moves the descriptor by 0.035 (median),
 *   0.067 (90th percentile), 0.096 (max).  When the two nearest employees
 *   are closer together than that, which one comes first is decided by the
 *   detector's jitter, not by the face: such a face is better unknown.
 * - Cost: in leave-one-out, the nearest employee was always the right one
 *   (110/110) and the gap to the second-nearest was at least 0.085 (then
 *   0.129, 0.136, ...), so 0.05 turns no correct identification into
 *   unknown on this set.
 * - What it does not do: strangers (each person against a gallery of the 18
 *   others) that fall inside the 0.6 threshold (6 of 110 photos, at
 *   0.577-0.600) have gaps of 0.069 to 0.161, like correct matches; the
 *   threshold, not the margin, is what keeps strangers out.
 * So 0.05: above the typical jitter, below the smallest gap of a correct
 * match.
 */
gboolean
wf_gallery_search (WfGallery * gallery, const gfloat * descriptor,
    gdouble threshold, gdouble margin, WfMatch * match, GError ** error)
{
  g_autofree Nearest2 *near = NULL;
  g_autofree gdouble *best = NULL;
  guint n_emp, best_slot = G_MAXUINT;
  gdouble d1 = G_MAXDOUBLE, d2 = G_MAXDOUBLE;

  g_return_val_if_fail (WF_IS_GALLERY (gallery), FALSE);
  g_return_val_if_fail (descriptor != NULL, FALSE);
  g_return_val_if_fail (match != NULL, FALSE);

  memset (match, 0, sizeof (*match));
  match->distance = match->second_distance = G_MAXDOUBLE;

  g_mutex_lock (&gallery->lock);
  if (!refresh_cache_unlocked (gallery, error)) {
    g_mutex_unlock (&gallery->lock);
    return FALSE;
  }

  /* per-employee distance (nearest2_distance) */
  n_emp = gallery->emp_ids->len;
  near = g_new (Nearest2, MAX (n_emp, 1));
  best = g_new (gdouble, MAX (n_emp, 1));
  for (guint e = 0; e < n_emp; e++)
    near[e].d1 = near[e].d2 = G_MAXDOUBLE;
  for (guint i = 0; i < gallery->desc_owner->len; i++) {
    guint slot = g_array_index (gallery->desc_owner, guint, i);
    const gfloat *v = &g_array_index (gallery->desc_values, gfloat,
        (gsize) i * WF_DESCRIPTOR_DIM);
    nearest2_add (&near[slot], wf_descriptor_distance (descriptor, v));
  }
  for (guint e = 0; e < n_emp; e++)
    best[e] = nearest2_distance (&near[e]);
  for (guint e = 0; e < n_emp; e++) {
    if (best[e] < d1) {
      d2 = d1;
      d1 = best[e];
      best_slot = e;
    } else if (best[e] < d2) {
      d2 = best[e];
    }
  }

  if (best_slot != G_MAXUINT) {
    match->nearest_id = g_strdup (g_ptr_array_index (gallery->emp_ids,
            best_slot));
    match->distance = d1;
    match->second_distance = d2;
    match->known = d1 <= threshold && (d2 == G_MAXDOUBLE || d2 - d1 >= margin);
    if (match->known) {
      match->employee_id = g_strdup (match->nearest_id);
      match->name = g_strdup (g_ptr_array_index (gallery->emp_names,
              best_slot));
    }
  }
  g_mutex_unlock (&gallery->lock);
  return TRUE;
}
