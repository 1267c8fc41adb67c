/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The site's gallery on PostgreSQL, and this node's file as its copy.
 *
 * The pipelines search the node's gallery file (SQLite, in memory after
 * the first search), so a search never waits for the network; the site's
 * truth is one record per employee in the database (wf-gallery-record.h)
 * and the SHA-256 of each erased id (never the id), so an erased employee
 * does not come back from a node that was down during the erasure.
 *
 * - A change through this node (enrolment, faces added, consent, removal:
 *   WfGallery::employee-changed, from any thread) is written to the
 *   database on the main context (at once when the change was made there),
 *   and every node is told (NOTIFY).
 * - A notification names the employee: the node reads that one record's
 *   version (and its erasure), imports it or removes it, whatever the size
 *   of the gallery.  At start, after a reconnection, every
 *   WF_GALLERY_SYNC_CHECK_S and on a burst of notifications, the node
 *   compares all the site's versions with the ones it applied (a check),
 *   imports what changed and removes what was erased.  An employee only in
 *   the file (enrolled by workforce-admin, or a gallery that predates the
 *   site) is written to the site.
 * - While the database is unreachable the file keeps serving; changes made
 *   meanwhile are written when it is back, unless the site erased the
 *   employee after the version this node had: the erasure wins and the
 *   employee is removed here.  On the same employee changed on two nodes
 *   at once, the last write wins.
 *
 * docs/scale-out.md tells the rest.  Main context only, apart from the
 * signal handler.
 */
#pragma once

#include "wf-gallery.h"

G_BEGIN_DECLS

#define WF_GALLERY_SYNC_CHECK_S 30
#define WF_GALLERY_SYNC_RETRY_S 2

typedef struct _WfGallerySync WfGallerySync;

/* Connects, creates the site's gallery tables when absent and brings
 * @gallery up to the site's; NULL with @error when the database cannot
 * be reached or is of a newer schema. */
WfGallerySync * wf_gallery_sync_new  (const gchar * uri,
                                      WfGallery * gallery,
                                      const gchar * node,
                                      GError ** error);
/* Writes the changes waiting to be written now; FALSE with @error when
 * some could not be (they stay pending).  For short-lived users
 * (workforce-admin --site), which have no main loop to wait on. */
gboolean        wf_gallery_sync_flush (WfGallerySync * self,
                                       GError ** error);
void            wf_gallery_sync_free (WfGallerySync * self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfGallerySync, wf_gallery_sync_free)

/* Counts since the start, for the health report. */
typedef struct
{
  guint64 imported;             /* employees imported from the site */
  guint64 written;              /* changes written to the site */
  guint64 removed;              /* employees removed as erased elsewhere */
  guint64 checks;               /* full comparisons with the site */
} WfGallerySyncState;

/* Whether the site's database is reachable now, and @state. */
gboolean        wf_gallery_sync_get_state (WfGallerySync * self,
                                           WfGallerySyncState * state);

G_END_DECLS
