/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Camera placement on a site of several nodes sharing one PostgreSQL
 * database (issue 16, docs/scale-out.md).  The site's cameras are rows of
 * site_cameras; a node runs a camera only while its own database session
 * holds that camera's session-level advisory lock, and PostgreSQL releases
 * every lock of a session when the session ends (a node killed, its
 * connection dropped).  A node's name is one more such lock: a second node
 * of the same name is refused.
 *
 * Every WF_PLACEMENT_TICK_MS the node reads the list and the locks held:
 * it takes unrun cameras while it runs fewer than its share of the site's
 * cameras (shared as evenly as the alive nodes' [server] max-cameras
 * allow, computed alike on every node), gives back one camera a tick while
 * it runs more than its share (a node joined), and stops cameras whose
 * rows are gone.  A camera is stopped before its lock is given back.  When
 * the node's session fails, its cameras keep running for a few seconds
 * while it reconnects and takes their locks again, and stop when that
 * fails, sooner than the server can give the locks to another node; a new
 * session takes no other camera for a while (the timing is in
 * wf-placement.c and docs/scale-out.md).
 *
 * Main context only; the calls block on the database for at most the
 * connection's timeouts.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include "wf-config.h"

G_BEGIN_DECLS

#define WF_PLACEMENT_TICK_MS 1000

typedef struct _WfPlacement WfPlacement;

/* Run the camera here (@cfg is the site's copy), or stop running it. */
typedef struct
{
  void (*run) (const WfCameraConfig * cfg, gpointer data);
  void (*stop) (const gchar * camera_id, gpointer data);
} WfPlacementHooks;

/* Connects to @uri (the results store's database, already migrated by the
 * store), creates the site's tables when absent and takes the lock of
 * @node_id: refused with G_IO_ERROR_EXISTS while another node of that name
 * runs. */
WfPlacement * wf_placement_open       (const gchar * uri,
                                       const gchar * node_id,
                                       guint max_cameras,
                                       GError ** error);
void          wf_placement_free       (WfPlacement * self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfPlacement, wf_placement_free)

const gchar * wf_placement_get_node   (WfPlacement * self);

/* Joins @cfg to the site's cameras; a camera of that id already there
 * stays as it is (the same camera in several nodes' files is one) and
 * FALSE comes with G_IO_ERROR_EXISTS. */
gboolean      wf_placement_publish    (WfPlacement * self,
                                       const WfCameraConfig * cfg,
                                       GError ** error);
/* The site's copy of camera @cfg->id becomes @cfg (zones, lines, enabled
 * changed through the API on the node running it). */
gboolean      wf_placement_update     (WfPlacement * self,
                                       const WfCameraConfig * cfg,
                                       GError ** error);
/* Removes camera @id from the site (the node running it stops it at its
 * next tick); FALSE with G_IO_ERROR_NOT_FOUND when there is none. */
gboolean      wf_placement_unpublish  (WfPlacement * self,
                                       const gchar * id,
                                       GError ** error);

/* Starts the ticks; the first runs now. */
void          wf_placement_start      (WfPlacement * self,
                                       const WfPlacementHooks * hooks,
                                       gpointer data);
/* One tick now (after a publish, so that the caller may run it at once). */
void          wf_placement_tick       (WfPlacement * self);
/* Stops every camera this node runs and gives back their locks. */
void          wf_placement_stop       (WfPlacement * self);

/* The site's cameras: [{"id", "node"}] with node the name of the node
 * running it, or null; NULL with @error when the database is not there. */
JsonArray *   wf_placement_list       (WfPlacement * self,
                                       GError ** error);
/* Whether this node runs camera @id now. */
gboolean      wf_placement_runs       (WfPlacement * self,
                                       const gchar * id);

G_END_DECLS
