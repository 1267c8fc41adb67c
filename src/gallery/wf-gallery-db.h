/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Private to the gallery's files: a connection of their own to the
 * gallery's file, for calls that work in one transaction beside the
 * WfGallery's (wf-gallery-faces.c, wf-gallery-record.c).  Every WfGallery
 * of the file sees their changes at its next search (data_version).
 */
#pragma once

#include "wf-gallery.h"
#include <sqlite3.h>

G_BEGIN_DECLS

/* Sets @error (BUSY when locked, FAILED otherwise) and returns FALSE. */
gboolean  wf_gallery_db_fail      (GError ** error, sqlite3 * db, gint rc,
                                   const gchar * path, const gchar * what);
/* The gallery's file with foreign keys on; NULL with @error. */
sqlite3 * wf_gallery_db_open      (WfGallery * gallery, gboolean write,
                                   GError ** error);
/* Steps @st to its end and resets it; FALSE with @error otherwise. */
gboolean  wf_gallery_db_step_done (sqlite3 * db, sqlite3_stmt * st,
                                   const gchar * path, const gchar * what,
                                   GError ** error);

/* The two statements that add a descriptor and its photo. */
typedef struct
{
  sqlite3_stmt *descriptor;
  sqlite3_stmt *photo;
} WfGalleryDbInserts;

gboolean  wf_gallery_db_prepare_inserts (sqlite3 * db, const gchar * path,
                                         WfGalleryDbInserts * ins,
                                         GError ** error);
void      wf_gallery_db_finalize_inserts (WfGalleryDbInserts * ins);
/* Adds @sample (and its photo, when it has one) to employee @id,
 * enrolment @enrolment (< 0: none), dated @created. */
gboolean  wf_gallery_db_insert_sample   (sqlite3 * db, const gchar * path,
                                         WfGalleryDbInserts * ins,
                                         const gchar * id,
                                         gint64 enrolment,
                                         const WfEnrolSample * sample,
                                         gint64 created,
                                         GError ** error);

G_END_DECLS
