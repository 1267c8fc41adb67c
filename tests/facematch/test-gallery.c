/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The gallery's storage rules: schema migration, refusal of foreign and
 * damaged files without touching them, duplicate ids, atomic enrolment
 * (failed and killed), erasure on removal, and the search rules. */
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <math.h>
#include <string.h>

#include "wf-gallery.h"
#include "wf-gallery-faces.h"
#include "wf-gallery-record.h"
#include "gallery-failpoint.h"

typedef struct {
  gchar *dir;
  gchar *path;
} Fixture;

static void
fixture_setup (Fixture * f, gconstpointer data)
{
  GError *err = NULL;
  f->dir = g_dir_make_tmp ("wf-gallery-XXXXXX", &err);
  g_assert_no_error (err);
  f->path = g_build_filename (f->dir, "gallery.db", NULL);
}

static void
remove_tree (const gchar * dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const gchar *name;

  while (d && (name = g_dir_read_name (d))) {
    g_autofree gchar *p = g_build_filename (dir, name, NULL);
    g_unlink (p);
  }
  if (d)
    g_dir_close (d);
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture * f, gconstpointer data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* A reproducible unit-length descriptor for (person, variant). */
static void
make_descriptor (gfloat * d, guint person, guint variant)
{
  GRand *r = g_rand_new_with_seed (1000 + person);
  gdouble norm = 0;

  for (guint i = 0; i < WF_DESCRIPTOR_DIM; i++)
    d[i] = g_rand_double_range (r, -1, 1);
  g_rand_set_seed (r, 5000 + person * 100 + variant);
  for (guint i = 0; i < WF_DESCRIPTOR_DIM; i++)
    d[i] += variant ? g_rand_double_range (r, -0.05, 0.05) : 0;
  for (guint i = 0; i < WF_DESCRIPTOR_DIM; i++)
    norm += d[i] * d[i];
  for (guint i = 0; i < WF_DESCRIPTOR_DIM; i++)
    d[i] /= sqrt (norm);
  g_rand_free (r);
}

static gboolean
enroll_person (WfGallery * g, const gchar * id, const gchar * name,
    guint person, guint n, GError ** error)
{
  gfloat d[8][WF_DESCRIPTOR_DIM];
  WfEnrolSample s[8];
  gchar *src[8];
  gboolean ok;

  g_assert_cmpuint (n, <=, 8);
  for (guint i = 0; i < n; i++) {
    make_descriptor (d[i], person, i);
    src[i] = g_strdup_printf ("%s-%u.jpg", id, i);
    s[i] = (WfEnrolSample) {
    .descriptor = d[i],.source = src[i],.detector = "hog",.box = {10, 20, 30,
            40}};
  }
  ok = wf_gallery_enroll (g, id, name, s, n, error);
  for (guint i = 0; i < n; i++)
    g_free (src[i]);
  return ok;
}

static gint64
sql_int (const gchar * path, const gchar * sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL),
      ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  if (sqlite3_step (st) == SQLITE_ROW)
    v = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  sqlite3_close (db);
  return v;
}

static GBytes *
read_bytes (const gchar * path)
{
  gchar *data = NULL;
  gsize len = 0;
  GError *err = NULL;

  g_file_get_contents (path, &data, &len, &err);
  g_assert_no_error (err);
  return g_bytes_new_take (data, len);
}

static void
test_create (Fixture * f, gconstpointer data)
{
  GError *err = NULL;
  WfGallery *g;
  g_autoptr (GArray) list = NULL;

  /* absent file without CREATE */
  g = wf_gallery_open (f->path, WF_GALLERY_OPEN_DEFAULT, &err);
  g_assert_null (g);
  g_assert_error (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND);
  g_clear_error (&err);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));

  g = wf_gallery_open (f->path, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_no_error (err);
  g_assert_true (enroll_person (g, "e1", "Ada", 1, 3, &err));
  g_assert_no_error (err);
  list = wf_gallery_list (g, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (g_array_index (list, WfEmployee, 0).id, ==, "e1");
  g_assert_cmpstr (g_array_index (list, WfEmployee, 0).name, ==, "Ada");
  g_assert_cmpuint (g_array_index (list, WfEmployee, 0).n_descriptors, ==, 3);
  /* photos only when asked */
  g_assert_cmpuint (g_array_index (list, WfEmployee, 0).n_photos, ==, 0);
  g_object_unref (g);

  g_assert_cmpint (sql_int (f->path, "PRAGMA user_version"), ==,
      WF_GALLERY_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (f->path, "PRAGMA application_id"), ==,
      WF_GALLERY_APPLICATION_ID);
  /* WAL is persistent: header bytes 18 and 19 are 2 */
  {
    g_autoptr (GBytes) b = read_bytes (f->path);
    const guint8 *p = g_bytes_get_data (b, NULL);
    g_assert_cmpint (p[18], ==, 2);
    g_assert_cmpint (p[19], ==, 2);
  }
  g_assert_cmpint (sql_int (f->path, "SELECT count (*) FROM photos"), ==, 0);
  g_assert_cmpint (sql_int (f->path, "SELECT count (*) FROM enrolments"), ==,
      1);
}

/* The exact schema of version 1, as released. */
static const gchar *schema_v1 =
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
    "CREATE INDEX descriptors_employee ON descriptors (employee_id);"
    "PRAGMA application_id = 1464223564; PRAGMA user_version = 1;";

static void
test_migrate_v1 (Fixture * f, gconstpointer data)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  GError *err = NULL;
  WfGallery *g;
  WfMatch m;
  gfloat d[WF_DESCRIPTOR_DIM];

  g_assert_cmpint (WF_GALLERY_APPLICATION_ID, ==, 1464223564);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, schema_v1, NULL, NULL, NULL), ==,
      SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO employees VALUES "
          "('e7', 'Grace', 1700000000)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO descriptors "
          "(employee_id, descriptor, source, detector, created) VALUES "
          "('e7', ?, ?, 'hog', 1700000000)", -1, &st, NULL), ==, SQLITE_OK);
  for (guint v = 0; v < 2; v++) {
    g_autofree gchar *src = g_strdup_printf ("grace%u.jpg", v);
    make_descriptor (d, 7, v);
    sqlite3_reset (st);
    sqlite3_bind_blob (st, 1, d, sizeof (d), SQLITE_TRANSIENT);
    sqlite3_bind_text (st, 2, src, -1, SQLITE_TRANSIENT);
    g_assert_cmpint (sqlite3_step (st), ==, SQLITE_DONE);
  }
  sqlite3_finalize (st);
  sqlite3_close (db);

  g = wf_gallery_open (f->path, WF_GALLERY_OPEN_DEFAULT, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (wf_gallery_count_descriptors (g), ==, 2);
  make_descriptor (d, 7, 5);
  g_assert_true (wf_gallery_search (g, d, 0.6, 0.05, &m, &err));
  g_assert_true (m.known);
  g_assert_cmpstr (m.employee_id, ==, "e7");
  g_assert_cmpstr (m.name, ==, "Grace");
  wf_match_clear (&m);
  /* the new schema works: enrol with a photo */
  g_assert_true (enroll_person (g, "e8", "Linus", 8, 1, &err));
  g_assert_no_error (err);
  g_object_unref (g);

  g_assert_cmpint (sql_int (f->path, "PRAGMA user_version"), ==,
      WF_GALLERY_SCHEMA_VERSION);
  /* schema 3: employees from before consent keep being identified */
  g_assert_cmpint (sql_int (f->path, "SELECT consent FROM employees "
          "WHERE id = 'e7'"), ==, 1);
  /* history made up for the migrated employee, linked to its descriptors */
  g_assert_cmpint (sql_int (f->path, "SELECT count (*) FROM enrolments "
          "WHERE employee_id = 'e7' AND n_samples = 2 AND "
          "created = 1700000000"), ==, 1);
  g_assert_cmpint (sql_int (f->path, "SELECT count (*) FROM descriptors "
          "WHERE enrolment_id IS NULL"), ==, 0);
}

static gboolean
side_file_exists (const gchar * path, const gchar * suffix)
{
  g_autofree gchar *p = g_strconcat (path, suffix, NULL);
  return g_file_test (p, G_FILE_TEST_EXISTS);
}

/* Opening must fail with @code and leave the file byte for byte. */
static void
assert_refused_untouched (const gchar * path, gint code)
{
  g_autoptr (GBytes) before = read_bytes (path);
  g_autoptr (GBytes) after = NULL;
  gboolean had_wal = side_file_exists (path, "-wal");
  GError *err = NULL;
  WfGallery *g;

  g = wf_gallery_open (path, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_null (g);
  g_assert_error (err, WF_GALLERY_ERROR, code);
  /* the message names the file */
  g_assert_nonnull (strstr (err->message, path));
  g_test_message ("refused as expected: %s", err->message);
  g_clear_error (&err);
  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpint (side_file_exists (path, "-wal"), ==, had_wal);
}

static void
test_foreign (Fixture * f, gconstpointer data)
{
  sqlite3 *db = NULL;
  g_autofree gchar *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree gchar *newer = g_build_filename (f->dir, "newer.db", NULL);
  g_autofree gchar *shape = g_build_filename (f->dir, "shape.db", NULL);
  GError *err = NULL;
  WfGallery *g;

  /* a text file */
  g_assert_true (g_file_set_contents (f->path, "name,id\nAda,1\n", -1, NULL));
  assert_refused_untouched (f->path, WF_GALLERY_ERROR_FOREIGN);

  /* a JPEG-looking file shorter than a header */
  g_assert_true (g_file_set_contents (f->path, "\xff\xd8\xff", 3, NULL));
  assert_refused_untouched (f->path, WF_GALLERY_ERROR_FOREIGN);

  /* another application's SQLite database */
  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE notes (t TEXT);"
          "INSERT INTO notes VALUES ('keep me')", NULL, NULL, NULL), ==,
      SQLITE_OK);
  sqlite3_close (db);
  assert_refused_untouched (other, WF_GALLERY_ERROR_FOREIGN);

  /* our id but a newer schema */
  g = wf_gallery_open (newer, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_no_error (err);
  g_object_unref (g);
  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL,
          NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused_untouched (newer, WF_GALLERY_ERROR_TOO_NEW);

  /* our id and version but a table lost a column */
  g = wf_gallery_open (shape, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_no_error (err);
  g_object_unref (g);
  g_assert_cmpint (sqlite3_open (shape, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE photos; CREATE TABLE photos"
          " (descriptor_id INTEGER PRIMARY KEY, data BLOB)", NULL, NULL, NULL),
      ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused_untouched (shape, WF_GALLERY_ERROR_CORRUPT);
}

static void
test_corrupt (Fixture * f, gconstpointer data)
{
  GError *err = NULL;
  WfGallery *g;
  gchar *bytes = NULL;
  gsize len = 0;

  g = wf_gallery_open (f->path, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_no_error (err);
  for (guint p = 0; p < 12; p++) {
    g_autofree gchar *id = g_strdup_printf ("e%02u", p);
    g_assert_true (enroll_person (g, id, "Someone", p, 8, &err));
    g_assert_no_error (err);
  }
  g_object_unref (g);
  g_assert_false (side_file_exists (f->path, "-wal"));

  /* scribble over the middle of the file (data and b-tree pages) */
  g_assert_true (g_file_get_contents (f->path, &bytes, &len, NULL));
  g_assert_cmpuint (len, >, 8192);
  for (gsize i = 4096 + 8; i < len - 1024; i += 7)
    bytes[i] = (gchar) (i * 31);
  g_assert_true (g_file_set_contents (f->path, bytes, len, NULL));
  g_free (bytes);

  assert_refused_untouched (f->path, WF_GALLERY_ERROR_CORRUPT);
}

static void
test_duplicate (Fixture * f, gconstpointer data)
{
  GError *err = NULL;
  WfGallery *g;
  g_autoptr (GArray) list = NULL;

  g = wf_gallery_open (f->path, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_true (enroll_person (g, "e1", "Ada", 1, 2, &err));
  g_assert_no_error (err);
  g_assert_false (enroll_person (g, "e1", "Other Ada", 2, 3, &err));
  g_assert_error (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (err->message, "e1"));
  g_clear_error (&err);

  /* empty id and no samples are refused too */
  g_assert_false (enroll_person (g, "", "Nobody", 3, 1, &err));
  g_assert_error (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID);
  g_clear_error (&err);
  g_assert_false (wf_gallery_enroll (g, "e9", "Nobody", NULL, 0, &err));
  g_assert_error (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID);
  g_clear_error (&err);

  list = wf_gallery_list (g, &err);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (g_array_index (list, WfEmployee, 0).name, ==, "Ada");
  g_assert_cmpuint (g_array_index (list, WfEmployee, 0).n_descriptors, ==, 2);
  g_assert_cmpuint (wf_gallery_count_descriptors (g), ==, 2);
  g_object_unref (g);
}

static void
test_rollback (Fixture * f, gconstpointer data)
{
  GError *err = NULL;
  WfGallery *g;
  g_autoptr (GArray) list = NULL;

  g = wf_gallery_open (f->path, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_true (enroll_person (g, "e1", "Ada", 1, 2, &err));
  g_object_unref (g);

  /* fail after 3 of 5 descriptors are written */
  wf_test_gallery_failpoint ("error:3");
  g = wf_gallery_open (f->path, WF_GALLERY_OPEN_DEFAULT, &err);
  g_assert_no_error (err);
  g_assert_false (enroll_person (g, "e2", "Bob", 2, 5, &err));
  wf_test_gallery_failpoint (NULL);
  g_assert_error (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_FAILED);
  g_clear_error (&err);
  list = wf_gallery_list (g, &err);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpuint (wf_gallery_count_descriptors (g), ==, 2);
  g_object_unref (g);
  g_assert_cmpint (sql_int (f->path, "SELECT count (*) FROM enrolments"), ==,
      1);
  g_assert_cmpint (sql_int (f->path, "SELECT count (*) FROM descriptors"), ==,
      2);
}

static void
test_killed (Fixture * f, gconstpointer data)
{
  GError *err = NULL;
  WfGallery *g;
  g_autoptr (GArray) list = NULL;

  if (g_test_subprocess ()) {
    /* the child: enrol and get killed half-way through */
    const gchar *path = g_getenv ("WF_TEST_GALLERY");
    wf_test_gallery_failpoint ("abort:4");
    g = wf_gallery_open (path, WF_GALLERY_OPEN_DEFAULT, &err);
    g_assert_no_error (err);
    enroll_person (g, "e2", "Bob", 2, 8, NULL);
    g_assert_not_reached ();
  }

  g = wf_gallery_open (f->path, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_true (enroll_person (g, "e1", "Ada", 1, 2, &err));
  g_object_unref (g);

  g_setenv ("WF_TEST_GALLERY", f->path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*aborting after 4 descriptors*");
  /* the WAL holds the uncommitted frames of the dead writer */
  g_assert_true (side_file_exists (f->path, "-wal"));

  g = wf_gallery_open (f->path, WF_GALLERY_OPEN_DEFAULT, &err);
  g_assert_no_error (err);
  list = wf_gallery_list (g, &err);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (g_array_index (list, WfEmployee, 0).id, ==, "e1");
  g_assert_cmpuint (wf_gallery_count_descriptors (g), ==, 2);
  /* and the id is free to enrol properly */
  g_assert_true (enroll_person (g, "e2", "Bob", 2, 3, &err));
  g_assert_no_error (err);
  g_object_unref (g);
}

static gboolean
file_contains (const gchar * path, const gchar * needle)
{
  gchar *data = NULL;
  gsize len = 0;
  gboolean found;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return FALSE;
  found = memmem (data, len, needle, strlen (needle)) != NULL;
  g_free (data);
  return found;
}

static void
test_remove (Fixture * f, gconstpointer data)
{
  static const gchar secret[] = "Zebulon Quixote-Uniquename";
  static const gchar photo[] = "PHOTO-BYTES-OF-ZEBULON-0123456789";
  g_autofree gchar *wal = g_strconcat (f->path, "-wal", NULL);
  GError *err = NULL;
  WfGallery *g;
  gfloat d[WF_DESCRIPTOR_DIM];
  WfEnrolSample s = {.descriptor = d,.source = "zeb.jpg",.detector = "hog",
    .photo = (const guint8 *) photo,.photo_size = sizeof (photo),
    .photo_type = "image/jpeg"
  };
  WfMatch m;
  g_autoptr (GArray) list = NULL;

  g = wf_gallery_open (f->path, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_true (enroll_person (g, "e1", "Ada", 1, 2, &err));
  make_descriptor (d, 3, 0);
  g_assert_true (wf_gallery_enroll (g, "zeb", secret, &s, 1, &err));
  g_assert_no_error (err);
  list = wf_gallery_list (g, &err);
  g_assert_cmpuint (g_array_index (list, WfEmployee, 1).n_photos, ==, 1);
  g_assert_true (wf_gallery_search (g, d, 0.6, 0.05, &m, &err));
  g_assert_cmpstr (m.employee_id, ==, "zeb");
  wf_match_clear (&m);

  g_assert_true (wf_gallery_remove (g, "zeb", &err));
  g_assert_no_error (err);
  g_assert_false (wf_gallery_remove (g, "zeb", &err));
  g_assert_error (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND);
  g_clear_error (&err);

  /* gone from the search at once */
  g_assert_true (wf_gallery_search (g, d, 0.6, 0.05, &m, &err));
  g_assert_false (m.known);
  g_assert_cmpstr (m.nearest_id, ==, "e1");
  wf_match_clear (&m);
  /* and from the files, even before close: no name, no photo */
  g_assert_false (file_contains (f->path, secret));
  g_assert_false (file_contains (f->path, photo));
  g_assert_false (file_contains (wal, secret));
  g_assert_false (file_contains (wal, photo));
  g_object_unref (g);

  g_assert_cmpint (sql_int (f->path, "SELECT count (*) FROM descriptors "
          "WHERE employee_id = 'zeb'"), ==, 0);
  g_assert_cmpint (sql_int (f->path, "SELECT count (*) FROM enrolments "
          "WHERE employee_id = 'zeb'"), ==, 0);
  g_assert_cmpint (sql_int (f->path, "SELECT count (*) FROM photos"), ==, 0);
  g_assert_cmpint (sql_int (f->path, "SELECT count (*) FROM descriptors"), ==,
      2);
}

static void
test_search_rules (Fixture * f, gconstpointer data)
{
  GError *err = NULL;
  WfGallery *g;
  WfMatch m;
  gfloat a[WF_DESCRIPTOR_DIM], b[WF_DESCRIPTOR_DIM], q[WF_DESCRIPTOR_DIM];

  g = wf_gallery_open (f->path, WF_GALLERY_OPEN_CREATE, &err);
  /* empty gallery: unknown, nobody nearest */
  make_descriptor (q, 1, 3);
  g_assert_true (wf_gallery_search (g, q, 0.6, 0.05, &m, &err));
  g_assert_false (m.known);
  g_assert_null (m.nearest_id);
  wf_match_clear (&m);

  /* two employees whose descriptors lie 0.2 apart on one axis */
  memset (a, 0, sizeof (a));
  memset (b, 0, sizeof (b));
  a[0] = 0.1f;
  b[0] = 0.3f;
  {
    WfEnrolSample sa = {.descriptor = a,.source = "a.jpg" };
    WfEnrolSample sb = {.descriptor = b,.source = "b.jpg" };
    g_assert_true (wf_gallery_enroll (g, "a", "Alice", &sa, 1, &err));
    g_assert_true (wf_gallery_enroll (g, "b", "Bruno", &sb, 1, &err));
  }
  memset (q, 0, sizeof (q));

  /* q at 0.12: 0.02 from a, 0.18 from b: known */
  q[0] = 0.12f;
  g_assert_true (wf_gallery_search (g, q, 0.6, 0.05, &m, &err));
  g_assert_true (m.known);
  g_assert_cmpstr (m.employee_id, ==, "a");
  g_assert_cmpstr (m.name, ==, "Alice");
  g_assert_cmpfloat_with_epsilon (m.distance, 0.02, 1e-6);
  g_assert_cmpfloat_with_epsilon (m.second_distance, 0.18, 1e-6);
  wf_match_clear (&m);

  /* q at 0.19: 0.09 vs 0.11, within the margin: unknown */
  q[0] = 0.19f;
  g_assert_true (wf_gallery_search (g, q, 0.6, 0.05, &m, &err));
  g_assert_false (m.known);
  g_assert_null (m.employee_id);
  g_assert_cmpstr (m.nearest_id, ==, "a");
  wf_match_clear (&m);
  /* ... known again with no margin */
  g_assert_true (wf_gallery_search (g, q, 0.6, 0.0, &m, &err));
  g_assert_true (m.known);
  wf_match_clear (&m);

  /* q far from both: beyond the threshold */
  q[0] = -0.6f;
  g_assert_true (wf_gallery_search (g, q, 0.6, 0.05, &m, &err));
  g_assert_false (m.known);
  g_assert_cmpfloat_with_epsilon (m.distance, 0.7, 1e-6);
  wf_match_clear (&m);
  g_object_unref (g);
}

/* Changes made through another connection (the admin tool while the daemon
 * runs) reach a search without reopening. */
static void
test_other_connection (Fixture * f, gconstpointer data)
{
  GError *err = NULL;
  WfGallery *g1, *g2;
  WfMatch m;
  gfloat q[WF_DESCRIPTOR_DIM];

  g1 = wf_gallery_open (f->path, WF_GALLERY_OPEN_CREATE, &err);
  g2 = wf_gallery_open (f->path, WF_GALLERY_OPEN_DEFAULT, &err);
  g_assert_no_error (err);
  make_descriptor (q, 4, 2);
  g_assert_true (wf_gallery_search (g1, q, 0.6, 0.05, &m, &err));
  g_assert_false (m.known);
  wf_match_clear (&m);
  g_assert_true (enroll_person (g2, "e4", "Dora", 4, 2, &err));
  g_assert_true (wf_gallery_search (g1, q, 0.6, 0.05, &m, &err));
  g_assert_true (m.known);
  g_assert_cmpstr (m.employee_id, ==, "e4");
  wf_match_clear (&m);
  g_assert_true (wf_gallery_remove (g2, "e4", &err));
  g_assert_true (wf_gallery_search (g1, q, 0.6, 0.05, &m, &err));
  g_assert_false (m.known);
  wf_match_clear (&m);
  g_object_unref (g2);
  g_object_unref (g1);
}

static void
test_read_only (Fixture * f, gconstpointer data)
{
  GError *err = NULL;
  WfGallery *g;

  g = wf_gallery_open (f->path, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_true (enroll_person (g, "e1", "Ada", 1, 1, &err));
  g_object_unref (g);
  g = wf_gallery_open (f->path, WF_GALLERY_OPEN_READ_ONLY, &err);
  g_assert_no_error (err);
  g_assert_false (enroll_person (g, "e2", "Bob", 2, 1, &err));
  g_assert_error (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_FAILED);
  g_clear_error (&err);
  g_assert_cmpuint (wf_gallery_count_descriptors (g), ==, 1);
  g_object_unref (g);
}

static void
count_change (WfGallery * g, const gchar * id, gpointer data)
{
  g_ptr_array_add (data, g_strdup (id));
}

static guint
n_descriptors (WfGallery * g, const gchar * id)
{
  WfEmployee e = { 0 };
  GError *err = NULL;
  guint n;

  g_assert_true (wf_gallery_get_employee (g, id, &e, &err));
  g_assert_no_error (err);
  n = e.n_descriptors;
  wf_employee_clear (&e);
  return n;
}

/* An employee carried whole to another file: the same record comes out of
 * it again, an import replaces rather than adds, and every write through
 * the gallery's calls (not an import) says which employee it changed. */
static void
test_record (Fixture * f, gconstpointer data)
{
  static const gchar photo[] = "PHOTO-OF-E1";
  g_autofree gchar *path_b = g_build_filename (f->dir, "b.db", NULL);
  g_autoptr (GPtrArray) changes_a = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) changes_b = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GBytes) rec = NULL, again = NULL;
  g_autofree gchar *id = NULL;
  GError *err = NULL;
  WfGallery *a, *b;
  gfloat d[WF_DESCRIPTOR_DIM];
  WfEnrolSample s = {.descriptor = d,.source = "extra.jpg",.detector = "yunet",
    .box = {1, 2, 3, 4},.photo = (const guint8 *) photo,
    .photo_size = sizeof (photo),.photo_type = "image/jpeg"
  };
  WfGalleryConsent no = { FALSE, 1700000000, "withdrawn by letter" };
  WfEmployee e = { 0 };
  WfMatch m;

  a = wf_gallery_open (f->path, WF_GALLERY_OPEN_CREATE, &err);
  b = wf_gallery_open (path_b, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_no_error (err);
  g_signal_connect (a, "employee-changed", G_CALLBACK (count_change),
      changes_a);
  g_signal_connect (b, "employee-changed", G_CALLBACK (count_change),
      changes_b);
  g_assert_true (enroll_person (a, "e1", "Ada", 1, 2, &err));
  make_descriptor (d, 1, 5);
  g_assert_true (wf_gallery_add_samples (a, "e1", &s, 1, &err));
  g_assert_true (enroll_person (a, "e2", "Bob", 2, 1, &err));
  g_assert_true (wf_gallery_set_consent (a, "e1", &no, &err));
  g_assert_true (wf_gallery_remove (a, "e2", &err));
  g_assert_no_error (err);
  g_assert_cmpuint (changes_a->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (changes_a, 1), ==, "e1");
  g_assert_cmpstr (g_ptr_array_index (changes_a, 4), ==, "e2");

  g_assert_null (wf_gallery_export_employee (a, "e2", &err));
  g_assert_error (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND);
  g_clear_error (&err);
  rec = wf_gallery_export_employee (a, "e1", &err);
  g_assert_no_error (err);
  for (guint round = 0; round < 2; round++) {
    g_clear_pointer (&id, g_free);
    g_assert_true (wf_gallery_import_employee (b, rec, &id, &err));
    g_assert_no_error (err);
    g_assert_cmpstr (id, ==, "e1");
    /* replaced, not added to */
    g_assert_cmpuint (n_descriptors (b, "e1"), ==, 3);
  }
  g_assert_cmpuint (changes_b->len, ==, 0);
  g_assert_true (wf_gallery_get_employee (b, "e1", &e, &err));
  g_assert_cmpstr (e.name, ==, "Ada");
  g_assert_false (e.consent);
  g_assert_cmpint (e.consent_date, ==, 1700000000);
  g_assert_cmpstr (e.consent_note, ==, "withdrawn by letter");
  g_assert_cmpuint (e.n_photos, ==, 1);
  wf_employee_clear (&e);
  again = wf_gallery_export_employee (b, "e1", &err);
  g_assert_no_error (err);
  g_assert_true (g_bytes_equal (rec, again));

  /* without consent no search names e1 in either file; with it, both do */
  g_assert_true (wf_gallery_search (b, d, 0.6, 0.05, &m, &err));
  g_assert_false (m.known);
  wf_match_clear (&m);
  no.given = TRUE;
  g_assert_true (wf_gallery_set_consent (a, "e1", &no, &err));
  g_clear_pointer (&rec, g_bytes_unref);
  rec = wf_gallery_export_employee (a, "e1", &err);
  g_assert_true (wf_gallery_import_employee (b, rec, NULL, &err));
  g_assert_true (wf_gallery_search (b, d, 0.6, 0.05, &m, &err));
  g_assert_no_error (err);
  g_assert_cmpstr (m.employee_id, ==, "e1");
  wf_match_clear (&m);
  g_object_unref (a);
  g_object_unref (b);
}

static void
assert_refused (WfGallery * g, GBytes * bytes)
{
  GError *err = NULL;

  g_assert_false (wf_gallery_import_employee (g, bytes, NULL, &err));
  g_assert_error (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID);
  g_clear_error (&err);
}

static GBytes *
one_descriptor_record (const gchar * id, const guint8 * raw, gsize len,
    gint32 enrolment)
{
  g_autoptr (GVariant) v = g_variant_ref_sink (g_variant_new_parsed (
          "(uint32 1, %s, 'N', int64 0, true, int64 0, @ms nothing,"
          " @a(xsmsi) [], [(%i, %@ay, @ms nothing, @ms nothing, int64 0,"
          " 0.0, 0.0, 0.0, 0.0, @m(say) nothing)])", id, enrolment,
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, raw, len, 1)));
  return g_variant_get_data_as_bytes (v);
}

/* Records that are not what they claim are refused before the file is
 * touched, whatever is wrong with them: garbage, a bad descriptor, a
 * dangling enrolment, a size over the limit, 2000 random corruptions of a
 * good one (each imported or refused, never a crash). */
static void
test_record_hostile (Fixture * f, gconstpointer data)
{
  GError *err = NULL;
  WfGallery *g = wf_gallery_open (f->path, WF_GALLERY_OPEN_CREATE, &err);
  gfloat d[WF_DESCRIPTOR_DIM];
  g_autoptr (GBytes) good = NULL;
  g_autoptr (GBytes) huge = NULL;
  GRand *r = g_rand_new_with_seed (7);
  guint imported = 0;

  g_assert_true (enroll_person (g, "e1", "Ada", 1, 2, &err));
  good = wf_gallery_export_employee (g, "e1", &err);
  g_assert_no_error (err);

  {
    g_autoptr (GBytes) junk = g_bytes_new_static ("not a record", 12);
    g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
    assert_refused (g, junk);
    assert_refused (g, empty);
  }
  make_descriptor (d, 9, 0);
  {
    g_autoptr (GBytes) ok = one_descriptor_record ("x", (guint8 *) d,
        sizeof (d), -1);
    g_autoptr (GBytes) short_d = one_descriptor_record ("x", (guint8 *) d,
        sizeof (d) - 4, -1);
    g_autoptr (GBytes) dangling = one_descriptor_record ("x", (guint8 *) d,
        sizeof (d), 0);
    g_autoptr (GBytes) empty_id = one_descriptor_record ("", (guint8 *) d,
        sizeof (d), -1);
    g_autoptr (GBytes) nan = NULL;

    d[7] = NAN;
    nan = one_descriptor_record ("x", (guint8 *) d, sizeof (d), -1);
    assert_refused (g, short_d);
    assert_refused (g, dangling);
    assert_refused (g, empty_id);
    assert_refused (g, nan);
    g_assert_true (wf_gallery_import_employee (g, ok, NULL, &err));
    g_assert_no_error (err);
    g_assert_true (wf_gallery_remove (g, "x", &err));
  }
  huge = g_bytes_new_take (g_malloc0 (WF_GALLERY_RECORD_MAX_BYTES + 1),
      WF_GALLERY_RECORD_MAX_BYTES + 1);
  assert_refused (g, huge);

  for (guint i = 0; i < 2000; i++) {
    gsize len;
    const guint8 *src = g_bytes_get_data (good, &len);
    guint8 *bad = g_memdup2 (src, len);
    g_autoptr (GBytes) b = NULL;
    guint flips = g_rand_int_range (r, 1, 4);

    for (guint k = 0; k < flips; k++)
      bad[g_rand_int_range (r, 0, len)] = g_rand_int_range (r, 0, 256);
    b = g_bytes_new_take (bad, g_rand_boolean (r) ? len :
        (gsize) g_rand_int_range (r, 0, len));
    if (wf_gallery_import_employee (g, b, NULL, &err))
      imported++;
    else
      g_assert_true (err && err->domain == WF_GALLERY_ERROR);
    g_clear_error (&err);
  }
  g_test_message ("%u of 2000 corrupted records imported (the corruption "
      "fell on a value a record may hold: a name, a date, a descriptor)", imported);
  /* e1 is what it was, or a valid variant of itself: never half-written */
  g_assert_cmpint (sql_int (f->path, "PRAGMA integrity_check"), ==, 0);
  g_assert_cmpint (sql_int (f->path, "SELECT count (*) FROM descriptors d "
          "LEFT JOIN employees e ON e.id = d.employee_id WHERE e.id IS NULL"),
      ==, 0);
  g_rand_free (r);
  g_object_unref (g);
}

/* Opening the file a second time in this process (a pipeline's
 * facematch beside the daemon's gallery) must leave the first
 * connection's locks alone: another process that opens and closes the
 * file (a second daemon refused at start, workforce-admin) must still see
 * it in use, and leave its WAL and -shm in place under us
 * (sqlite.org/howtocorrupt.html, 2.2). */
static void
test_second_open (Fixture * f, gconstpointer data)
{
  g_autofree gchar *shm = g_strconcat (f->path, "-shm", NULL);
  GError *err = NULL;
  WfGallery *g = wf_gallery_open (f->path, WF_GALLERY_OPEN_CREATE, &err);
  WfGallery *again;
  WfMatch m;
  gfloat d[WF_DESCRIPTOR_DIM];
  gint status = 0;

  g_assert_true (enroll_person (g, "e1", "Ada", 1, 1, &err));
  make_descriptor (d, 1, 0);
  g_assert_true (wf_gallery_search (g, d, 0.6, 0.05, &m, &err));
  wf_match_clear (&m);
  again = wf_gallery_open (f->path, WF_GALLERY_OPEN_READ_ONLY, &err);
  g_assert_no_error (err);
  g_assert_true (g_file_test (shm, G_FILE_TEST_EXISTS));
  {
    /* another process (not a fork: it would inherit SQLite's view of
     * this one's files) opens, reads and closes */
    g_autofree gchar *code = g_strdup_printf ("import sqlite3; c = sqlite3."
        "connect ('%s'); c.execute ('SELECT count (*) FROM employees')."
        "fetchall (); c.close ()", f->path);
    const gchar *argv[] = { "python3", "-c", code, NULL };
    if (!g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH,
            NULL, NULL, NULL, NULL, &status, NULL)) {
      g_test_skip ("no python3 to play the other process");
      g_object_unref (again);
      g_object_unref (g);
      return;
    }
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  /* the other process saw the file in use: nothing removed under us */
  g_assert_true (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_true (wf_gallery_search (g, d, 0.6, 0.05, &m, &err));
  g_assert_no_error (err);
  g_assert_cmpstr (m.employee_id, ==, "e1");
  wf_match_clear (&m);
  g_object_unref (again);
  g_object_unref (g);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) \
  g_test_add ("/gallery/" name, Fixture, NULL, fixture_setup, fn, \
      fixture_teardown)
  ADD ("create", test_create);
  ADD ("migrate-v1", test_migrate_v1);
  ADD ("foreign-untouched", test_foreign);
  ADD ("corrupt-untouched", test_corrupt);
  ADD ("duplicate-id", test_duplicate);
  ADD ("rollback", test_rollback);
  ADD ("killed-enrolment", test_killed);
  ADD ("remove-erases", test_remove);
  ADD ("search-rules", test_search_rules);
  ADD ("other-connection", test_other_connection);
  ADD ("read-only", test_read_only);
  ADD ("record", test_record);
  ADD ("second-open-keeps-locks", test_second_open);
  ADD ("record-hostile", test_record_hostile);
#undef ADD

  return g_test_run ();
}
