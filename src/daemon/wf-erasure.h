/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * An employee's erasure, everywhere at once: the one routine behind
 * DELETE /api/v1/employees/{id} and `workforce-admin remove`.
 *
 * The gallery and the results are two SQLite files in WAL mode, which no
 * transaction spans, so the erasure is made all-or-nothing by announcing
 * it first: (1) the results database records that the employee is to be
 * erased (committed), (2) the gallery deletes the employee (one
 * transaction), (3) the results database deletes every row naming them and
 * the announcement (one transaction).  A process killed after (1) leaves an
 * announcement that the next start of the daemon (or the next `remove`)
 * finishes: no partial erasure survives a restart, and before (1) nothing
 * was touched.
 */
#pragma once

#include "wf-gallery.h"
#include "wf-store.h"

G_BEGIN_DECLS

/* Erases @id from @gallery and from the results, either @store (the
 * daemon's, through its writer) or the file @results_path (tools; NULL:
 * no results database).  @resuming: finishing an announced erasure, an
 * employee already gone from the gallery is no error.  Otherwise a
 * missing employee is WF_GALLERY_ERROR_NOT_FOUND and nothing changes. */
gboolean  wf_erasure_run      (WfGallery * gallery,
                               WfStore * store,
                               const gchar * results_path,
                               const gchar * id,
                               gboolean resuming,
                               GError ** error);

/* Finishes every erasure @store holds announced (at start); returns how
 * many, with a warning for each that failed. */
guint     wf_erasure_resume   (WfGallery * gallery,
                               WfStore * store);

G_END_DECLS
