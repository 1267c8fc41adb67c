/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-placement.h"
#include "wf-camera-config.h"
#include "wf-pg.h"
#include "wf-uri.h"

#include <string.h>
#include <gio/gio.h>
#include <libpq-fe.h>

/* The two-key advisory lock spaces: (NODE_LOCKS, site_nodes.lock_key) and
 * (CAMERA_LOCKS, site_cameras.lock_key).  Keys come from the tables'
 * sequences, so two names never share a lock. */
#define NODE_LOCKS "7765"
#define CAMERA_LOCKS "7766"
#define MIGRATION_LOCK 7767

/* The timing that keeps a camera from running on two nodes at once
 * (docs/scale-out.md):
 * - a node sees its session fail within a tick plus TCP_USER_TIMEOUT_MS
 *   (4 s), keeps its cameras for GRACE_US while reconnecting, so it has
 *   stopped them 8 s after the failure;
 * - the server ends a session it no longer hears after its keepalives
 *   (6 + 3 x 2 = 12 s), and only then gives the session's locks to others;
 * - a node takes no camera in the first QUARANTINE_US of a session (after
 *   a database restart every node's session is new, while another node
 *   may still be within its grace, unlocked). */
#define GRACE_US (4 * G_USEC_PER_SEC)
#define QUARANTINE_US (9 * G_USEC_PER_SEC)

struct _WfPlacement
{
  WfPgLink link;                /* conn NULL while the session is lost */
  gchar *node;
  guint max_cameras;
  gchar *node_key;
  GHashTable *held;             /* camera id -> lock key (text) */
  WfPlacementHooks hooks;
  gpointer data;
  guint source;
  gint64 lost_us;               /* monotonic, when the session failed */
  gint64 session_us;            /* monotonic, when it began */
};

/* The ids of the cameras held, copied (the table changes while they are
 * given back). */
static GPtrArray *
held_ids (WfPlacement * self)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter it;
  gpointer k;

  g_hash_table_iter_init (&it, self->held);
  while (g_hash_table_iter_next (&it, &k, NULL))
    g_ptr_array_add (ids, g_strdup (k));
  return ids;
}

static const gchar migration_1[] =
    "CREATE TABLE site_nodes ("
    " id TEXT PRIMARY KEY, lock_key SERIAL UNIQUE,"
    " first_seen BIGINT NOT NULL, max_cameras INTEGER NOT NULL);"
    "CREATE TABLE site_cameras ("
    " id TEXT PRIMARY KEY, lock_key SERIAL UNIQUE, config TEXT NOT NULL,"
    " added BIGINT NOT NULL, added_by TEXT NOT NULL)";

/* The site's tables, component 'site' of wf_schema (the results store
 * created wf_schema and refused a foreign database before this runs). */
static gboolean
migrate (WfPlacement * self, GError ** error)
{
  const gchar *const steps[] = { migration_1 };

  return wf_pg_migrate (&self->link, "site", MIGRATION_LOCK, steps,
      G_N_ELEMENTS (steps), error);
}

/* A session: connected, server-side keepalives set, the site's tables
 * there, this node's name locked. */
static gboolean
connect_session (WfPlacement * self, GError ** error)
{
  g_autofree gchar *now = g_strdup_printf ("%" G_GINT64_FORMAT,
      g_get_real_time () / 1000);
  g_autofree gchar *max = g_strdup_printf ("%u", self->max_cameras);
  const gchar *node_params[] = { self->node, now, max };
  g_autofree gchar *got = NULL;

  if (!wf_pg_link_connect (&self->link, error))
    return FALSE;
  if (!migrate (self, error))
    goto fail;
  if (!wf_pg_exec (&self->link, "BEGIN", error))
    goto fail;
  {
    PGresult *res = wf_pg_run (&self->link, "INSERT INTO site_nodes (id, first_seen,"
        " max_cameras) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING", 3,
        node_params, error);
    if (!res)
      goto fail;
    PQclear (res);
  }
  g_free (self->node_key);
  self->node_key = wf_pg_scalar (&self->link, "SELECT lock_key FROM site_nodes"
      " WHERE id = $1", 1, node_params, error);
  if (!self->node_key || !wf_pg_exec (&self->link, "COMMIT", error))
    goto fail;
  got = wf_pg_scalar (&self->link, "SELECT pg_try_advisory_lock (" NODE_LOCKS
      ", CAST ($1 AS INTEGER))", 1, (const gchar * const *) &self->node_key,
      error);
  if (!got)
    goto fail;
  if (!g_str_equal (got, "t")) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
        "node id '%s' is running already on %s (another workforce-monitor "
        "holds it); give this node another [server] node-id", self->node,
        self->link.display);
    goto fail;
  }
  self->session_us = g_get_monotonic_time ();
  /* the name is ours: its capacity is this node's */
  {
    const gchar *cap[] = { self->node, max };
    PGresult *res = wf_pg_run (&self->link, "UPDATE site_nodes SET max_cameras ="
        " CAST ($2 AS INTEGER) WHERE id = $1", 2, cap, error);
    if (!res)
      goto fail;
    PQclear (res);
  }
  return TRUE;

fail:
  wf_pg_link_close (&self->link);
  return FALSE;
}

WfPlacement *
wf_placement_open (const gchar * uri, const gchar * node_id,
    guint max_cameras, GError ** error)
{
  g_autoptr (WfPlacement) self = g_new0 (WfPlacement, 1);

  wf_pg_link_init (&self->link, uri);
  self->node = g_strdup (node_id);
  self->max_cameras = MAX (max_cameras, 1);
  self->held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      g_free);
  if (!connect_session (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const gchar *
wf_placement_get_node (WfPlacement * self)
{
  return self->node;
}

/* Stops camera @id here, then gives its lock back. */
static void
give_back (WfPlacement * self, const gchar * id)
{
  g_autofree gchar *cid = g_strdup (id);
  const gchar *key = g_hash_table_lookup (self->held, id);
  g_autofree gchar *ok = NULL;

  if (!key)
    return;
  self->hooks.stop (cid, self->data);
  ok = wf_pg_scalar (&self->link, "SELECT pg_advisory_unlock (" CAMERA_LOCKS
      ", CAST ($1 AS INTEGER))", 1, &key, NULL);
  g_hash_table_remove (self->held, cid);
}

/* The session failed: the cameras keep running for GRACE_US while the
 * node reconnects (a database restart, a short outage); see stop_all (). */
static void
session_lost (WfPlacement * self, const GError * err)
{
  g_warning ("placement: database session lost (%s): %u cameras keep "
      "running for %d s while reconnecting", err->message,
      g_hash_table_size (self->held), (int) (GRACE_US / G_USEC_PER_SEC));
  wf_pg_link_close (&self->link);
  self->lost_us = g_get_monotonic_time ();
}

/* The grace is over and the session is not back: every camera stops here
 * before the server can have given its lock to another node. */
static void
stop_all (WfPlacement * self)
{
  g_autoptr (GPtrArray) ids = held_ids (self);

  if (ids->len)
    g_warning ("placement: database still unreachable after %d s: "
        "stopping %u cameras until it is back",
        (int) (GRACE_US / G_USEC_PER_SEC), ids->len);
  for (guint i = 0; i < ids->len; i++)
    self->hooks.stop (g_ptr_array_index (ids, i), self->data);
  g_hash_table_remove_all (self->held);
}

/* A new session after a loss: the locks of the cameras still running here
 * are taken again; one another node holds now stops here. */
static void
relock_held (WfPlacement * self)
{
  g_autoptr (GPtrArray) ids = held_ids (self);

  for (guint i = 0; i < ids->len; i++) {
    const gchar *id = g_ptr_array_index (ids, i);
    const gchar *key = g_hash_table_lookup (self->held, id);
    g_autofree gchar *got = wf_pg_scalar (&self->link, "SELECT pg_try_advisory_lock ("
        CAMERA_LOCKS ", CAST ($1 AS INTEGER))", 1, &key, NULL);

    if (!got || !g_str_equal (got, "t")) {
      g_warning ("placement: camera %s is not this node's any more: "
          "stopped", id);
      self->hooks.stop (id, self->data);
      g_hash_table_remove (self->held, id);
    }
  }
}

static WfCameraConfig *
parse_camera (const gchar * id, const gchar * ini, GError ** error)
{
  g_autofree gchar *name = g_strdup_printf ("site camera %s", id);
  g_autoptr (WfConfig) c = wf_config_new_from_data (ini, name, error);
  GPtrArray *cams;

  if (!c)
    return NULL;
  cams = wf_config_get_cameras (c);
  if (cams->len != 1 || !g_str_equal (((WfCameraConfig *)
              g_ptr_array_index (cams, 0))->id, id)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "%s: not one camera of that id", name);
    return NULL;
  }
  return wf_camera_config_copy (g_ptr_array_index (cams, 0));
}

/* id, lock_key, config, the node running it (or NULL), by id. */
static const gchar list_sql[] =
    "SELECT c.id, c.lock_key, c.config, n.id FROM site_cameras c"
    " LEFT JOIN pg_locks lc ON lc.locktype = 'advisory'"
    "  AND lc.database = (SELECT oid FROM pg_database"
    "   WHERE datname = current_database ())"
    "  AND lc.classid = " CAMERA_LOCKS " AND lc.objid = c.lock_key"
    "  AND lc.objsubid = 2 AND lc.granted"
    " LEFT JOIN pg_locks ln ON ln.locktype = 'advisory'"
    "  AND ln.pid = lc.pid AND ln.classid = " NODE_LOCKS
    "  AND ln.objsubid = 2 AND ln.granted"
    " LEFT JOIN site_nodes n ON n.lock_key = ln.objid"
    " ORDER BY c.id";

/* The nodes alive (holding their name's lock), smallest capacity first. */
static const gchar alive_sql[] =
    "SELECT n.id, n.max_cameras FROM pg_locks l"
    " JOIN site_nodes n ON n.lock_key = l.objid"
    " WHERE l.locktype = 'advisory' AND l.database = (SELECT oid"
    "  FROM pg_database WHERE datname = current_database ())"
    " AND l.classid = " NODE_LOCKS " AND l.objsubid = 2 AND l.granted"
    " ORDER BY n.max_cameras, n.id";

/* How many of the site's @n cameras this node runs: the cameras shared as
 * evenly as the nodes' capacities allow (a node of small capacity takes
 * what it can, the others share the rest), the same figure on every node
 * for the same view. */
static guint
target_share (WfPlacement * self, PGresult * alive, guint n)
{
  guint nodes = PQntuples (alive), left = n;

  for (guint k = 0; k < nodes; k++) {
    guint cap = g_ascii_strtoull (PQgetvalue (alive, k, 1), NULL, 10);
    guint fair = (left + (nodes - k) - 1) / (nodes - k);
    guint mine = MIN (cap, fair);

    if (g_str_equal (PQgetvalue (alive, k, 0), self->node))
      return mine;
    left -= mine;
  }
  /* not in the view yet (the lock was just taken): an even share */
  return MIN (self->max_cameras, (n + nodes) / (nodes + 1));
}

void
wf_placement_tick (WfPlacement * self)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (GHashTable) listed = NULL;
  PGresult *res, *alive = NULL;
  guint n, share;

  if (!self->hooks.run)
    return;
  if (!self->link.conn) {
    if (g_get_monotonic_time () - self->lost_us > GRACE_US)
      stop_all (self);
    if (!connect_session (self, &err)) {
      g_debug ("placement: %s", err->message);
      return;
    }
    relock_held (self);
    g_message ("placement: database session back, %u cameras here",
        g_hash_table_size (self->held));
  }
  res = wf_pg_run (&self->link, list_sql, 0, NULL, &err);
  alive = res ? wf_pg_run (&self->link, alive_sql, 0, NULL, &err) : NULL;
  if (!res || !alive) {
    PQclear (res);
    session_lost (self, err);
    return;
  }
  n = PQntuples (res);
  share = target_share (self, alive, n);
  PQclear (alive);

  /* cameras removed from the site */
  listed = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    g_hash_table_add (listed, PQgetvalue (res, i, 0));
  {
    g_autoptr (GPtrArray) ids = held_ids (self);
    for (guint i = 0; i < ids->len; i++) {
      const gchar *id = g_ptr_array_index (ids, i);
      if (!g_hash_table_contains (listed, id))
        give_back (self, id);
    }
  }
  /* a node joined: one camera a tick goes back, the last of ours by id */
  if (g_hash_table_size (self->held) > share) {
    for (gint i = n - 1; i >= 0; i--) {
      const gchar *id = PQgetvalue (res, i, 0);
      if (g_hash_table_contains (self->held, id)) {
        g_message ("placement: %u cameras here, the site's share is %u: "
            "giving back %s", g_hash_table_size (self->held), share, id);
        give_back (self, id);
        break;
      }
    }
  }
  /* take unrun cameras up to the share, once the session is older than
   * any other node's grace */
  for (guint i = 0; i < n && g_hash_table_size (self->held) < share &&
      g_get_monotonic_time () - self->session_us >= QUARANTINE_US; i++) {
    const gchar *id = PQgetvalue (res, i, 0);
    const gchar *key = PQgetvalue (res, i, 1);
    g_autofree gchar *got = NULL;
    g_autoptr (WfCameraConfig) cfg = NULL;
    g_autoptr (GError) perr = NULL;

    if (!PQgetisnull (res, i, 3) || g_hash_table_contains (self->held, id))
      continue;
    got = wf_pg_scalar (&self->link, "SELECT pg_try_advisory_lock (" CAMERA_LOCKS
        ", CAST ($1 AS INTEGER))", 1, &key, &err);
    if (!got) {
      PQclear (res);
      session_lost (self, err);
      return;
    }
    if (!g_str_equal (got, "t"))
      continue;                 /* another node took it just now */
    cfg = parse_camera (id, PQgetvalue (res, i, 2), &perr);
    g_hash_table_insert (self->held, g_strdup (id), g_strdup (key));
    if (!cfg) {
      /* held, so that no node loops on it; said once */
      g_warning ("placement: camera %s of the site cannot run: %s", id,
          perr->message);
      continue;
    }
    g_message ("placement: camera %s runs on this node (%s)", id,
        self->node);
    self->hooks.run (cfg, self->data);
  }
  PQclear (res);
}

static gboolean
on_tick (gpointer data)
{
  wf_placement_tick (data);
  return G_SOURCE_CONTINUE;
}

void
wf_placement_start (WfPlacement * self, const WfPlacementHooks * hooks,
    gpointer data)
{
  g_return_if_fail (self->source == 0);
  self->hooks = *hooks;
  self->data = data;
  wf_placement_tick (self);
  self->source = g_timeout_add (WF_PLACEMENT_TICK_MS, on_tick, self);
}

void
wf_placement_stop (WfPlacement * self)
{
  g_autoptr (GPtrArray) ids = held_ids (self);

  g_clear_handle_id (&self->source, g_source_remove);
  for (guint i = 0; i < ids->len; i++)
    give_back (self, g_ptr_array_index (ids, i));
}

gboolean
wf_placement_publish (WfPlacement * self, const WfCameraConfig * cfg,
    GError ** error)
{
  g_autofree gchar *ini = wf_camera_config_to_ini (cfg);
  g_autofree gchar *now = g_strdup_printf ("%" G_GINT64_FORMAT,
      g_get_real_time () / 1000);
  const gchar *values[] = { cfg->id, ini, now, self->node };
  PGresult *res = wf_pg_run (&self->link, "INSERT INTO site_cameras (id, config, added,"
      " added_by) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING", 4,
      values, error);
  gboolean added;

  if (!res)
    return FALSE;
  added = g_ascii_strtoull (PQcmdTuples (res), NULL, 10) > 0;
  PQclear (res);
  if (!added)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
        "camera '%s' exists on the site", cfg->id);
  return added;
}

gboolean
wf_placement_update (WfPlacement * self, const WfCameraConfig * cfg,
    GError ** error)
{
  g_autofree gchar *ini = wf_camera_config_to_ini (cfg);
  const gchar *values[] = { cfg->id, ini };
  PGresult *res = wf_pg_run (&self->link, "UPDATE site_cameras SET config = $2"
      " WHERE id = $1", 2, values, error);

  PQclear (res);
  return res != NULL;
}

gboolean
wf_placement_unpublish (WfPlacement * self, const gchar * id,
    GError ** error)
{
  PGresult *res = wf_pg_run (&self->link, "DELETE FROM site_cameras WHERE id = $1", 1,
      &id, error);
  gboolean found;

  if (!res)
    return FALSE;
  found = g_ascii_strtoull (PQcmdTuples (res), NULL, 10) > 0;
  PQclear (res);
  if (!found) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
        "no camera '%s' on the site", id);
    return FALSE;
  }
  give_back (self, id);
  return TRUE;
}

JsonArray *
wf_placement_list (WfPlacement * self, GError ** error)
{
  PGresult *res = wf_pg_run (&self->link, list_sql, 0, NULL, error);
  JsonArray *a;

  if (!res)
    return NULL;
  a = json_array_new ();
  for (gint i = 0; i < PQntuples (res); i++) {
    JsonObject *o = json_object_new ();
    json_object_set_string_member (o, "id", PQgetvalue (res, i, 0));
    if (PQgetisnull (res, i, 3))
      json_object_set_null_member (o, "node");
    else
      json_object_set_string_member (o, "node", PQgetvalue (res, i, 3));
    json_array_add_object_element (a, o);
  }
  PQclear (res);
  return a;
}

gboolean
wf_placement_runs (WfPlacement * self, const gchar * id)
{
  return g_hash_table_contains (self->held, id);
}

void
wf_placement_free (WfPlacement * self)
{
  if (!self)
    return;
  g_clear_handle_id (&self->source, g_source_remove);
  /* the session's end gives back every lock */
  wf_pg_link_clear (&self->link);
  g_hash_table_unref (self->held);
  g_free (self->node_key);
  g_free (self->node);
  g_free (self);
}
