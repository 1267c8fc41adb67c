/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * One session to the site's PostgreSQL database, as the site's modules use
 * it (wf-placement.c, wf-gallery-sync.c): connected with client and server
 * keepalives so that a dead peer is noticed within seconds, and queries
 * whose failures become GErrors that never show the URI's password.  The
 * results store has its own connections (wf-store-pg.c).  Main context
 * only.
 */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* How long a lost peer can go unnoticed (docs/scale-out.md): connecting
 * gives up after WF_PG_CONNECT_TIMEOUT_S; unacknowledged data fails the
 * session after WF_PG_TCP_USER_TIMEOUT_MS; the server ends a session it no
 * longer hears after 6 + 3 x 2 s of keepalives. */
#define WF_PG_CONNECT_TIMEOUT_S 3
#define WF_PG_TCP_USER_TIMEOUT_MS 3000

typedef struct
{
  gchar *uri;
  gchar *display;               /* the URI without its password */
  PGconn *conn;                 /* NULL while not connected */
} WfPgLink;

void        wf_pg_link_init     (WfPgLink * link, const gchar * uri);
/* Closes the session and frees the strings. */
void        wf_pg_link_clear    (WfPgLink * link);
/* A new session (an old one is closed first). */
gboolean    wf_pg_link_connect  (WfPgLink * link, GError ** error);
void        wf_pg_link_close    (WfPgLink * link);

/* Sets @error from the session's last message (scrubbed), with @code; FALSE. */
gboolean    wf_pg_fail          (WfPgLink * link, GIOErrorEnum code,
                                 GError ** error);
/* Runs @sql with $1..$n text parameters; NULL with @error on failure
 * (G_IO_ERROR_NOT_CONNECTED when the session is gone). */
PGresult *  wf_pg_run           (WfPgLink * link, const gchar * sql, guint n,
                                 const gchar * const *values,
                                 GError ** error);
/* The same with binary parameters where @lengths[i] > 0 or @binary[i], and
 * results in binary form when @binary_result. */
PGresult *  wf_pg_run_full      (WfPgLink * link, const gchar * sql, guint n,
                                 const gchar * const *values,
                                 const gint * lengths, const gint * formats,
                                 gboolean binary_result, GError ** error);
/* @sql without parameters, several statements allowed. */
gboolean    wf_pg_exec          (WfPgLink * link, const gchar * sql,
                                 GError ** error);
/* The first cell of a one-row result (freed by the caller), or NULL. */
gchar *     wf_pg_scalar        (WfPgLink * link, const gchar * sql, guint n,
                                 const gchar * const *values,
                                 GError ** error);

/* Brings component @component of the site's schema (a row of wf_schema,
 * the table the results store created) to version @n_steps, running
 * @steps[v] to go from version v to v + 1, all in one transaction under
 * advisory lock @lock (nodes starting together migrate once).  A newer
 * version than @n_steps is refused and nothing changes. */
gboolean    wf_pg_migrate       (WfPgLink * link, const gchar * component,
                                 gint64 lock, const gchar * const *steps,
                                 guint n_steps, GError ** error);

G_END_DECLS
