/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-gallery-record.h"
#include "wf-gallery-db.h"
#include "wf-descriptor.h"

#include <math.h>
#include <string.h>

#define DESCRIPTOR_BYTES (WF_DESCRIPTOR_DIM * sizeof (gfloat))

/* A text column as a GVariant maybe-string (file names written by older
 * tools need not be UTF-8: they are carried made valid). */
static GVariant *
maybe_text (sqlite3_stmt * st, gint col)
{
  const gchar *s = (const gchar *) sqlite3_column_text (st, col);
  g_autofree gchar *valid = NULL;

  if (!s)
    return g_variant_new_maybe (G_VARIANT_TYPE_STRING, NULL);
  valid = g_utf8_make_valid (s, -1);
  return g_variant_new_maybe (NULL, g_variant_new_string (valid));
}

static gchar *
column_text (sqlite3_stmt * st, gint col)
{
  const gchar *s = (const gchar *) sqlite3_column_text (st, col);
  return g_utf8_make_valid (s ? s : "", -1);
}

static gboolean
export_enrolments (sqlite3 * db, const gchar * path, const gchar * id,
    GVariantBuilder * b, GHashTable * index, GError ** error)
{
  sqlite3_stmt *st = NULL;
  gint rc = sqlite3_prepare_v2 (db, "SELECT id, created, program, host, "
      "n_samples FROM enrolments WHERE employee_id = ? ORDER BY id", -1, &st,
      NULL);
  gint n = 0;

  if (rc == SQLITE_OK)
    sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  while (rc == SQLITE_OK && (rc = sqlite3_step (st)) == SQLITE_ROW) {
    g_autofree gchar *program = column_text (st, 2);
    gint64 *key = g_new (gint64, 1);

    *key = sqlite3_column_int64 (st, 0);
    g_hash_table_insert (index, key, GINT_TO_POINTER (n++));
    g_variant_builder_add (b, "(xs@msi)", sqlite3_column_int64 (st, 1),
        program, maybe_text (st, 3), sqlite3_column_int (st, 4));
    rc = SQLITE_OK;
  }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    return wf_gallery_db_fail (error, db, rc, path, "reading enrolments");
  return TRUE;
}

static gboolean
export_descriptors (sqlite3 * db, const gchar * path, const gchar * id,
    GVariantBuilder * b, GHashTable * index, GError ** error)
{
  sqlite3_stmt *st = NULL;
  gint rc = sqlite3_prepare_v2 (db, "SELECT d.enrolment_id, d.descriptor, "
      "d.source, d.detector, d.created, d.box_x, d.box_y, d.box_w, d.box_h, "
      "p.type, p.data FROM descriptors d LEFT JOIN photos p ON "
      "p.descriptor_id = d.id WHERE d.employee_id = ? ORDER BY d.id", -1, &st,
      NULL);

  if (rc == SQLITE_OK)
    sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  while (rc == SQLITE_OK && (rc = sqlite3_step (st)) == SQLITE_ROW) {
    gint64 enrolment = sqlite3_column_int64 (st, 0);
    gpointer idx = NULL;
    gint eidx = -1;
    GVariant *photo = NULL;

    if (sqlite3_column_type (st, 0) != SQLITE_NULL &&
        g_hash_table_lookup_extended (index, &enrolment, NULL, &idx))
      eidx = GPOINTER_TO_INT (idx);
    if (sqlite3_column_type (st, 10) != SQLITE_NULL) {
      g_autofree gchar *type = column_text (st, 9);
      photo = g_variant_new ("(s@ay)", type,
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE,
              sqlite3_column_blob (st, 10), sqlite3_column_bytes (st, 10),
              1));
    }
    g_variant_builder_add (b, "(i@ay@ms@msxdddd@m(say))", eidx,
        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE,
            sqlite3_column_blob (st, 1), sqlite3_column_bytes (st, 1), 1),
        maybe_text (st, 2), maybe_text (st, 3), sqlite3_column_int64 (st, 4),
        sqlite3_column_double (st, 5), sqlite3_column_double (st, 6),
        sqlite3_column_double (st, 7), sqlite3_column_double (st, 8),
        g_variant_new_maybe (G_VARIANT_TYPE ("(say)"), photo));
    rc = SQLITE_OK;
  }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    return wf_gallery_db_fail (error, db, rc, path, "reading descriptors");
  return TRUE;
}

GBytes *
wf_gallery_export_employee (WfGallery * gallery, const gchar * id,
    GError ** error)
{
  const gchar *path;
  sqlite3 *db;
  sqlite3_stmt *st = NULL;
  g_autoptr (GHashTable) index = g_hash_table_new_full (g_int64_hash,
      g_int64_equal, g_free, NULL);
  GVariantBuilder enrolments, descriptors;
  GVariant *record = NULL;
  GBytes *bytes = NULL;
  gint rc;

  g_return_val_if_fail (WF_IS_GALLERY (gallery), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  path = wf_gallery_get_path (gallery);
  if (!(db = wf_gallery_db_open (gallery, FALSE, error)))
    return NULL;
  g_variant_builder_init (&enrolments, G_VARIANT_TYPE ("a(xsmsi)"));
  g_variant_builder_init (&descriptors,
      G_VARIANT_TYPE ("a(iaymsmsxddddm(say))"));
  /* one read transaction: the employee as one moment saw it */
  rc = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "SELECT name, created, consent, "
        "consent_date, consent_note FROM employees WHERE id = ?", -1, &st,
        NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
    rc = sqlite3_step (st);
  }
  if (rc == SQLITE_DONE) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND,
        "no employee with id '%s' in %s", id, path);
  } else if (rc != SQLITE_ROW) {
    wf_gallery_db_fail (error, db, rc, path, "reading employee");
  } else if (export_enrolments (db, path, id, &enrolments, index, error) &&
      export_descriptors (db, path, id, &descriptors, index, error)) {
    g_autofree gchar *name = column_text (st, 0);
    record = g_variant_ref_sink (g_variant_new ("(uss" "xbx@msa(xsmsi)"
            "a(iaymsmsxddddm(say)))", WF_GALLERY_RECORD_FORMAT, id, name,
            sqlite3_column_int64 (st, 1), sqlite3_column_int (st, 2) != 0,
            sqlite3_column_int64 (st, 3), maybe_text (st, 4), &enrolments,
            &descriptors));
  }
  if (!record) {
    g_variant_builder_clear (&enrolments);
    g_variant_builder_clear (&descriptors);
  }
  sqlite3_finalize (st);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  if (record) {
    bytes = g_variant_get_data_as_bytes (record);
    g_variant_unref (record);
  }
  return bytes;
}

static gboolean
invalid (GError ** error, const gchar * what)
{
  g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID,
      "not a gallery record: %s", what);
  return FALSE;
}

/* Everything an import relies on, checked before the file is touched. */
static gboolean
check_record (GVariant * v, GError ** error)
{
  guint32 format;
  const gchar *id, *name, *note;
  gint64 created, consent_date;
  gboolean consent;
  g_autoptr (GVariant) enrolments = NULL;
  g_autoptr (GVariant) descriptors = NULL;
  gsize n_enr, n_desc;

  if (!g_variant_is_normal_form (v))
    return invalid (error, "malformed");
  g_variant_get (v, "(u&s&sxbxm&s@a(xsmsi)@a(iaymsmsxddddm(say)))", &format,
      &id, &name, &created, &consent, &consent_date, &note, &enrolments,
      &descriptors);
  if (format != WF_GALLERY_RECORD_FORMAT)
    return invalid (error, "unknown format");
  if (!*id || !*name)
    return invalid (error, "empty id or name");
  if (note && strlen (note) > WF_GALLERY_CONSENT_NOTE_MAX)
    return invalid (error, "consent note too long");
  n_enr = g_variant_n_children (enrolments);
  n_desc = g_variant_n_children (descriptors);
  if (n_desc == 0 || n_desc > WF_GALLERY_RECORD_MAX_DESCRIPTORS ||
      n_enr > WF_GALLERY_RECORD_MAX_DESCRIPTORS)
    return invalid (error, "number of descriptors out of range");
  for (gsize i = 0; i < n_desc; i++) {
    g_autoptr (GVariant) d = g_variant_get_child_value (descriptors, i);
    g_autoptr (GVariant) values = g_variant_get_child_value (d, 1);
    gint32 eidx;
    gsize len;
    const guint8 *raw = g_variant_get_fixed_array (values, &len, 1);

    g_variant_get_child (d, 0, "i", &eidx);
    if (eidx < -1 || eidx >= (gint64) n_enr)
      return invalid (error, "descriptor of no enrolment");
    if (len != DESCRIPTOR_BYTES)
      return invalid (error, "descriptor of the wrong size");
    for (guint k = 0; k < WF_DESCRIPTOR_DIM; k++) {
      gfloat f;
      memcpy (&f, raw + k * sizeof (gfloat), sizeof (gfloat));
      if (!isfinite (f))
        return invalid (error, "descriptor not finite");
    }
  }
  return TRUE;
}

static gboolean
insert_descriptors (sqlite3 * db, const gchar * path, const gchar * id,
    GVariant * descriptors, const gint64 * enrolment_ids, GError ** error)
{
  WfGalleryDbInserts ins = { NULL, NULL };
  gboolean ok = wf_gallery_db_prepare_inserts (db, path, &ins, error);

  for (gsize i = 0; ok && i < g_variant_n_children (descriptors); i++) {
    g_autoptr (GVariant) d = g_variant_get_child_value (descriptors, i);
    g_autoptr (GVariant) values = NULL;
    g_autoptr (GVariant) photo = NULL;
    g_autoptr (GVariant) p = NULL;
    g_autoptr (GVariant) data = NULL;
    WfEnrolSample s = { 0 };
    gint32 eidx;
    gint64 created;
    gdouble x, y, w, h;
    gsize len;

    g_variant_get (d, "(i@aym&sm&sxdddd@m(say))", &eidx, &values, &s.source,
        &s.detector, &created, &x, &y, &w, &h, &photo);
    s.box = (WfRect) { x, y, w, h };
    /* (check_record () saw WF_DESCRIPTOR_DIM floats; SQLite copies the
     * bytes, never reads them as floats) */
    s.descriptor = (const gfloat *) g_variant_get_fixed_array (values, &len,
        1);
    if (g_variant_n_children (photo) == 1) {
      p = g_variant_get_child_value (photo, 0);
      g_variant_get (p, "(&s@ay)", &s.photo_type, &data);
      s.photo = g_variant_get_fixed_array (data, &s.photo_size, 1);
      /* an empty photo is still a photo */
      if (!s.photo)
        s.photo = (const guint8 *) "";
    }
    ok = wf_gallery_db_insert_sample (db, path, &ins, id, eidx >= 0 ?
        enrolment_ids[eidx] : -1, &s, created, error);
  }
  wf_gallery_db_finalize_inserts (&ins);
  return ok;
}

static gboolean
insert_record (sqlite3 * db, const gchar * path, GVariant * v,
    GError ** error)
{
  sqlite3_stmt *st_del = NULL, *st_emp = NULL, *st_enr = NULL;
  const gchar *id, *name, *note;
  gint64 created, consent_date;
  gboolean consent, ok = FALSE;
  guint32 format;
  g_autoptr (GVariant) enrolments = NULL;
  g_autoptr (GVariant) descriptors = NULL;
  g_autofree gint64 *enrolment_ids = NULL;
  gint rc;

  g_variant_get (v, "(u&s&sxbxm&s@a(xsmsi)@a(iaymsmsxddddm(say)))", &format,
      &id, &name, &created, &consent, &consent_date, &note, &enrolments,
      &descriptors);
  enrolment_ids = g_new0 (gint64, g_variant_n_children (enrolments) + 1);
  rc = sqlite3_prepare_v2 (db, "DELETE FROM employees WHERE id = ?", -1,
      &st_del, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO employees (id, name, created, "
        "consent, consent_date, consent_note) VALUES (?, ?, ?, ?, ?, ?)", -1,
        &st_emp, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO enrolments (employee_id, "
        "created, program, host, n_samples) VALUES (?, ?, ?, ?, ?)", -1,
        &st_enr, NULL);
  if (rc != SQLITE_OK) {
    wf_gallery_db_fail (error, db, rc, path, "preparing");
    goto out;
  }
  /* ON DELETE CASCADE takes the old descriptors, enrolments and photos */
  sqlite3_bind_text (st_del, 1, id, -1, SQLITE_STATIC);
  if (!wf_gallery_db_step_done (db, st_del, path, "replacing employee",
          error))
    goto out;
  sqlite3_bind_text (st_emp, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st_emp, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st_emp, 3, created);
  sqlite3_bind_int (st_emp, 4, consent ? 1 : 0);
  sqlite3_bind_int64 (st_emp, 5, consent_date);
  sqlite3_bind_text (st_emp, 6, note, -1, SQLITE_STATIC);
  if (!wf_gallery_db_step_done (db, st_emp, path, "adding employee", error))
    goto out;
  for (gsize i = 0; i < g_variant_n_children (enrolments); i++) {
    const gchar *program, *host;
    gint64 when;
    gint32 n;

    g_variant_get_child (enrolments, i, "(x&sm&si)", &when, &program, &host,
        &n);
    sqlite3_bind_text (st_enr, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (st_enr, 2, when);
    sqlite3_bind_text (st_enr, 3, program, -1, SQLITE_STATIC);
    sqlite3_bind_text (st_enr, 4, host, -1, SQLITE_STATIC);
    sqlite3_bind_int (st_enr, 5, n);
    if (!wf_gallery_db_step_done (db, st_enr, path, "adding enrolment",
            error))
      goto out;
    enrolment_ids[i] = sqlite3_last_insert_rowid (db);
  }
  ok = insert_descriptors (db, path, id, descriptors, enrolment_ids, error);
out:
  sqlite3_finalize (st_del);
  sqlite3_finalize (st_emp);
  sqlite3_finalize (st_enr);
  return ok;
}

gboolean
wf_gallery_import_employee (WfGallery * gallery, GBytes * record,
    gchar ** id_out, GError ** error)
{
  const gchar *path;
  g_autoptr (GVariant) v = NULL;
  sqlite3 *db;
  gboolean ok = FALSE;
  gint rc;

  g_return_val_if_fail (WF_IS_GALLERY (gallery), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  path = wf_gallery_get_path (gallery);
  if (g_bytes_get_size (record) > WF_GALLERY_RECORD_MAX_BYTES)
    return invalid (error, "too large");
  v = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE
          (WF_GALLERY_RECORD_TYPE), record, FALSE));
  if (!check_record (v, error))
    return FALSE;
  if (!(db = wf_gallery_db_open (gallery, TRUE, error)))
    return FALSE;
  rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    wf_gallery_db_fail (error, db, rc, path, "starting a transaction");
  else if (insert_record (db, path, v, error)) {
    rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
    ok = rc == SQLITE_OK || wf_gallery_db_fail (error, db, rc, path,
        "committing");
  }
  if (!ok)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
  if (ok && id_out)
    g_variant_get_child (v, 1, "s", id_out);
  return ok;
}
