/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-gallery-db.h"

#define BUSY_TIMEOUT_MS 5000

gboolean
wf_gallery_db_fail (GError ** error, sqlite3 * db, gint rc,
    const gchar * path, const gchar * what)
{
  gint code = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ?
      WF_GALLERY_ERROR_BUSY : WF_GALLERY_ERROR_FAILED;

  g_set_error (error, WF_GALLERY_ERROR, code, "%s: %s: %s", path, what,
      db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

sqlite3 *
wf_gallery_db_open (WfGallery * gallery, gboolean write, GError ** error)
{
  const gchar *path = wf_gallery_get_path (gallery);
  sqlite3 *db = NULL;
  gint rc = sqlite3_open_v2 (path, &db, write ? SQLITE_OPEN_READWRITE :
      SQLITE_OPEN_READONLY, NULL);

  if (rc != SQLITE_OK) {
    wf_gallery_db_fail (error, db, rc, path, "opening");
    sqlite3_close (db);
    return NULL;
  }
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  return db;
}

gboolean
wf_gallery_db_step_done (sqlite3 * db, sqlite3_stmt * st, const gchar * path,
    const gchar * what, GError ** error)
{
  gint rc = sqlite3_step (st);

  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    return wf_gallery_db_fail (error, db, rc, path, what);
  return TRUE;
}

gboolean
wf_gallery_db_prepare_inserts (sqlite3 * db, const gchar * path,
    WfGalleryDbInserts * ins, GError ** error)
{
  gint rc = sqlite3_prepare_v2 (db, "INSERT INTO descriptors (employee_id, "
      "enrolment_id, descriptor, source, detector, created, box_x, box_y, "
      "box_w, box_h) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1,
      &ins->descriptor, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT INTO photos (descriptor_id, type, "
        "data) VALUES (?, ?, ?)", -1, &ins->photo, NULL);
  if (rc != SQLITE_OK)
    return wf_gallery_db_fail (error, db, rc, path, "preparing");
  return TRUE;
}

void
wf_gallery_db_finalize_inserts (WfGalleryDbInserts * ins)
{
  g_clear_pointer (&ins->descriptor, sqlite3_finalize);
  g_clear_pointer (&ins->photo, sqlite3_finalize);
}

gboolean
wf_gallery_db_insert_sample (sqlite3 * db, const gchar * path,
    WfGalleryDbInserts * ins, const gchar * id, gint64 enrolment,
    const WfEnrolSample * s, gint64 created, GError ** error)
{
  sqlite3_stmt *st = ins->descriptor;

  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  if (enrolment >= 0)
    sqlite3_bind_int64 (st, 2, enrolment);
  else
    sqlite3_bind_null (st, 2);
  sqlite3_bind_blob (st, 3, s->descriptor,
      WF_DESCRIPTOR_DIM * sizeof (gfloat), SQLITE_STATIC);
  sqlite3_bind_text (st, 4, s->source, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 5, s->detector, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 6, created);
  sqlite3_bind_double (st, 7, s->box.x);
  sqlite3_bind_double (st, 8, s->box.y);
  sqlite3_bind_double (st, 9, s->box.w);
  sqlite3_bind_double (st, 10, s->box.h);
  if (!wf_gallery_db_step_done (db, st, path, "adding descriptor", error))
    return FALSE;
  if (!s->photo)
    return TRUE;
  sqlite3_bind_int64 (ins->photo, 1, sqlite3_last_insert_rowid (db));
  sqlite3_bind_text (ins->photo, 2, s->photo_type ? s->photo_type :
      "application/octet-stream", -1, SQLITE_STATIC);
  sqlite3_bind_blob64 (ins->photo, 3, s->photo, s->photo_size,
      SQLITE_STATIC);
  return wf_gallery_db_step_done (db, ins->photo, path, "adding photo",
      error);
}
