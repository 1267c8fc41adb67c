/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-gallery-faces.h"
#include "wf-gallery-db.h"
#include "wf-descriptor.h"


gboolean
wf_gallery_add_samples (WfGallery * gallery, const gchar * id,
    const WfEnrolSample * samples, guint n_samples, GError ** error)
{
  const gchar *path;
  const gchar *prgname = g_get_prgname ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC, enrolment;
  sqlite3 *db;
  sqlite3_stmt *st_emp = NULL, *st_enr = NULL;
  WfGalleryDbInserts ins = { NULL, NULL };
  gboolean ok = FALSE;
  gint rc;

  g_return_val_if_fail (WF_IS_GALLERY (gallery), FALSE);
  path = wf_gallery_get_path (gallery);
  if (!id || n_samples == 0) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID,
        "no face to add");
    return FALSE;
  }
  if (!(db = wf_gallery_db_open (gallery, TRUE, error)))
    return FALSE;
  rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK) {
    wf_gallery_db_fail (error, db, rc, path, "starting a transaction");
    goto out;
  }
  rc = sqlite3_prepare_v2 (db, "SELECT 1 FROM employees WHERE id = ?", -1,
      &st_emp, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO enrolments (employee_id, "
        "created, program, host, n_samples) VALUES (?, ?, ?, ?, ?)", -1,
        &st_enr, NULL);
  if (rc != SQLITE_OK) {
    wf_gallery_db_fail (error, db, rc, path, "preparing");
    goto out;
  }
  if (!wf_gallery_db_prepare_inserts (db, path, &ins, error))
    goto out;
  /* inside the transaction: no erasure can slip in between */
  sqlite3_bind_text (st_emp, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (st_emp);
  if (rc == SQLITE_DONE) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND,
        "no employee '%s'", id);
    goto out;
  } else if (rc != SQLITE_ROW) {
    wf_gallery_db_fail (error, db, rc, path, "looking up employee");
    goto out;
  }
  sqlite3_bind_text (st_enr, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st_enr, 2, now);
  sqlite3_bind_text (st_enr, 3, prgname ? prgname : "libwfcore", -1,
      SQLITE_STATIC);
  sqlite3_bind_text (st_enr, 4, g_get_host_name (), -1, SQLITE_STATIC);
  sqlite3_bind_int (st_enr, 5, n_samples);
  if (!wf_gallery_db_step_done (db, st_enr, path, "adding enrolment", error))
    goto out;
  enrolment = sqlite3_last_insert_rowid (db);
  for (guint i = 0; i < n_samples; i++) {
    if (!wf_gallery_db_insert_sample (db, path, &ins, id, enrolment,
            &samples[i], now, error))
      goto out;
  }
  rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  ok = rc == SQLITE_OK || wf_gallery_db_fail (error, db, rc, path, "committing");

out:
  sqlite3_finalize (st_emp);
  sqlite3_finalize (st_enr);
  wf_gallery_db_finalize_inserts (&ins);
  if (!ok)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
  if (ok)
    wf_gallery_emit_changed (gallery, id);
  return ok;
}

gboolean
wf_gallery_withheld_distance (WfGallery * gallery, const gfloat * descriptor,
    gdouble * distance, GError ** error)
{
  const gchar *path;
  sqlite3 *db;
  sqlite3_stmt *st = NULL;
  gint rc;

  g_return_val_if_fail (WF_IS_GALLERY (gallery), FALSE);
  path = wf_gallery_get_path (gallery);
  *distance = G_MAXDOUBLE;
  if (!(db = wf_gallery_db_open (gallery, FALSE, error)))
    return FALSE;
  rc = sqlite3_prepare_v2 (db, "SELECT d.descriptor FROM descriptors d JOIN "
      "employees e ON e.id = d.employee_id WHERE e.consent = 0", -1, &st,
      NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (st)) == SQLITE_ROW) {
    if (sqlite3_column_bytes (st, 0) == WF_DESCRIPTOR_DIM * sizeof (gfloat))
      *distance = MIN (*distance, wf_descriptor_distance (descriptor,
              sqlite3_column_blob (st, 0)));
    rc = SQLITE_OK;
  }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE && rc != SQLITE_OK) {
    wf_gallery_db_fail (error, db, rc, path, "reading descriptors");
    sqlite3_close (db);
    return FALSE;
  }
  sqlite3_close (db);
  return TRUE;
}

GBytes *
wf_gallery_get_photo (WfGallery * gallery, const gchar * id,
    gint64 descriptor, gchar ** type, GError ** error)
{
  const gchar *path;
  sqlite3 *db;
  sqlite3_stmt *st = NULL;
  GBytes *out = NULL;
  gint rc;

  g_return_val_if_fail (WF_IS_GALLERY (gallery), NULL);
  path = wf_gallery_get_path (gallery);
  if (!(db = wf_gallery_db_open (gallery, FALSE, error)))
    return NULL;
  rc = sqlite3_prepare_v2 (db, "SELECT p.type, p.data FROM photos p JOIN "
      "descriptors d ON d.id = p.descriptor_id WHERE d.employee_id = ? AND "
      "d.id = ?", -1, &st, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (st, 2, descriptor);
    rc = sqlite3_step (st);
  }
  if (rc == SQLITE_ROW) {
    *type = g_strdup ((const gchar *) sqlite3_column_text (st, 0));
    out = g_bytes_new (sqlite3_column_blob (st, 1),
        sqlite3_column_bytes (st, 1));
  } else if (rc == SQLITE_DONE) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND,
        "employee '%s' has no photo %" G_GINT64_FORMAT, id, descriptor);
  } else {
    wf_gallery_db_fail (error, db, rc, path, "reading a photo");
  }
  sqlite3_finalize (st);
  sqlite3_close (db);
  return out;
}
