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
