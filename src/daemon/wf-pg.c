/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-pg.h"
#include "wf-uri.h"

#define SERVER_KEEPALIVES "SET tcp_keepalives_idle = 6; " \
  "SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3"

void
wf_pg_link_init (WfPgLink * link, const gchar * uri)
{
  link->uri = g_strdup (uri);
  link->display = wf_uri_redact (uri);
  link->conn = NULL;
}

void
wf_pg_link_close (WfPgLink * link)
{
  g_clear_pointer (&link->conn, PQfinish);
}

void
wf_pg_link_clear (WfPgLink * link)
{
  wf_pg_link_close (link);
  g_clear_pointer (&link->uri, g_free);
  g_clear_pointer (&link->display, g_free);
}

gboolean
wf_pg_fail (WfPgLink * link, GIOErrorEnum code, GError ** error)
{
  g_autofree gchar *msg = g_strchomp (g_strdup (link->conn ?
          PQerrorMessage (link->conn) : "no connection"));
  g_autofree gchar *safe = wf_uri_scrub (msg, link->uri);

  g_set_error (error, G_IO_ERROR, code, "%s: %s", link->display, safe);
  return FALSE;
}

gboolean
wf_pg_link_connect (WfPgLink * link, GError ** error)
{
  g_autofree gchar *connect_timeout =
      g_strdup_printf ("%d", WF_PG_CONNECT_TIMEOUT_S);
  g_autofree gchar *user_timeout =
      g_strdup_printf ("%d", WF_PG_TCP_USER_TIMEOUT_MS);
  const gchar *const keys[] = { "dbname", "connect_timeout",
    "keepalives", "keepalives_idle", "keepalives_interval",
    "keepalives_count", "tcp_user_timeout", NULL
  };
  const gchar *const values[] = { link->uri, connect_timeout, "1", "1",
    "1", "2", user_timeout, NULL
  };

  wf_pg_link_close (link);
  link->conn = PQconnectdbParams (keys, values, 1);
  if (!link->conn || PQstatus (link->conn) != CONNECTION_OK) {
    wf_pg_fail (link, G_IO_ERROR_CONNECTION_REFUSED, error);
    wf_pg_link_close (link);
    return FALSE;
  }
  if (!wf_pg_exec (link, SERVER_KEEPALIVES, error)) {
    wf_pg_link_close (link);
    return FALSE;
  }
  return TRUE;
}

static GIOErrorEnum
failure_code (WfPgLink * link)
{
  return PQstatus (link->conn) == CONNECTION_BAD ?
      G_IO_ERROR_NOT_CONNECTED : G_IO_ERROR_FAILED;
}

PGresult *
wf_pg_run_full (WfPgLink * link, const gchar * sql, guint n,
    const gchar * const *values, const gint * lengths, const gint * formats,
    gboolean binary_result, GError ** error)
{
  PGresult *res;
  ExecStatusType st;

  if (!link->conn) {
    wf_pg_fail (link, G_IO_ERROR_NOT_CONNECTED, error);
    return NULL;
  }
  res = PQexecParams (link->conn, sql, n, NULL, values, lengths, formats,
      binary_result ? 1 : 0);
  st = PQresultStatus (res);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    PQclear (res);
    wf_pg_fail (link, failure_code (link), error);
    return NULL;
  }
  return res;
}

PGresult *
wf_pg_run (WfPgLink * link, const gchar * sql, guint n,
    const gchar * const *values, GError ** error)
{
  return wf_pg_run_full (link, sql, n, values, NULL, NULL, FALSE, error);
}

gboolean
wf_pg_exec (WfPgLink * link, const gchar * sql, GError ** error)
{
  PGresult *res;
  ExecStatusType st;

  if (!link->conn)
    return wf_pg_fail (link, G_IO_ERROR_NOT_CONNECTED, error);
  res = PQexec (link->conn, sql);
  st = PQresultStatus (res);
  PQclear (res);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
    return wf_pg_fail (link, failure_code (link), error);
  return TRUE;
}

gchar *
wf_pg_scalar (WfPgLink * link, const gchar * sql, guint n,
    const gchar * const *values, GError ** error)
{
  PGresult *res = wf_pg_run (link, sql, n, values, error);
  gchar *v = NULL;

  if (!res)
    return NULL;
  if (PQntuples (res) > 0 && !PQgetisnull (res, 0, 0))
    v = g_strdup (PQgetvalue (res, 0, 0));
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: no value",
        link->display);
  PQclear (res);
  return v;
}

gboolean
wf_pg_migrate (WfPgLink * link, const gchar * component, gint64 lock,
    const gchar * const *steps, guint n_steps, GError ** error)
{
  g_autofree gchar *lock_sql = g_strdup_printf ("SELECT "
      "pg_advisory_xact_lock (%" G_GINT64_FORMAT ")", lock);
  g_autofree gchar *v = NULL;
  const gchar *params[] = { component, NULL };
  gint64 version;

  if (!wf_pg_exec (link, "BEGIN", error))
    return FALSE;
  if (!wf_pg_exec (link, lock_sql, error))
    goto fail;
  v = wf_pg_scalar (link, "SELECT coalesce (max (version), 0) FROM wf_schema"
      " WHERE component = $1", 1, params, error);
  if (!v)
    goto fail;
  version = g_ascii_strtoll (v, NULL, 10);
  if (version > n_steps) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
        "%s: %s schema %" G_GINT64_FORMAT " is newer than this program's "
        "(%u); refused, nothing changed", link->display, component, version,
        n_steps);
    goto fail;
  }
  for (; version < n_steps; version++) {
    g_autofree gchar *next = g_strdup_printf ("%" G_GINT64_FORMAT,
        version + 1);
    const gchar *row[] = { component, next };
    PGresult *res;

    if (!wf_pg_exec (link, steps[version], error))
      goto fail;
    res = wf_pg_run (link, "INSERT INTO wf_schema (component, version)"
        " VALUES ($1, CAST ($2 AS INTEGER)) ON CONFLICT (component)"
        " DO UPDATE SET version = EXCLUDED.version", 2, row, error);
    if (!res)
      goto fail;
    PQclear (res);
  }
  return wf_pg_exec (link, "COMMIT", error);

fail:
  wf_pg_exec (link, "ROLLBACK", NULL);
  return FALSE;
}
