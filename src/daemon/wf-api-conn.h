/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Connections of the API before and around libsoup: the daemon accepts
 * them itself, so that limits hold before anything is allocated for a
 * request.  A cap in total and per peer address; a deadline for the
 * request line and headers and one for the body; a socket inactivity
 * timeout; a request line longer than WF_API_REQUEST_LINE_MAX answered
 * 414; refusals written at once, without reading the body.
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define WF_API_MAX_CONNECTIONS 256
#define WF_API_MAX_CONNECTIONS_PER_PEER 64
/* No byte read or written for this long closes a connection. */
#define WF_API_IDLE_TIMEOUT_S 20
/* From accepting a connection to the end of its headers. */
#define WF_API_HEADER_TIMEOUT_S 20
/* From the end of the headers to the end of the body. */
#define WF_API_BODY_TIMEOUT_S 120
#define WF_API_REQUEST_LINE_MAX 8192

typedef struct _WfApiConns WfApiConns;

typedef struct
{
  guint open;                   /* accepted and not yet closed */
  guint max_total;
  guint max_per_peer;
  guint64 accepted;             /* since start */
  guint64 refused_total;        /* the cap in total was reached */
  guint64 refused_peer;         /* the cap of the peer address was reached */
  guint64 timed_out;            /* a header or body deadline passed */
  guint64 refused_early;        /* answered before the body (401, 413...) */
  guint64 uri_too_long;         /* request line over the limit (414) */
} WfApiConnStats;

/* Hands accepted connections to @server (not owned; it must outlive the
 * returned object). */
WfApiConns * wf_api_conns_new          (SoupServer * server);
void         wf_api_conns_free         (WfApiConns * self);
/* Listens on @address; *@port_out is the port bound. */
gboolean     wf_api_conns_listen       (WfApiConns * self,
                                        GSocketAddress * address,
                                        guint * port_out,
                                        GError ** error);
/* Stops accepting and closes connections not yet handed to libsoup. */
void         wf_api_conns_stop         (WfApiConns * self);

/* From an early handler: the headers of @msg are read.  Its deadline
 * becomes the body's when @has_body, or none. */
void         wf_api_conns_got_headers  (WfApiConns * self,
                                        SoupServerMessage * msg,
                                        gboolean has_body);
/* Answers @msg now with @status and the JSON text @body, on its own, and
 * closes the connection without reading the request body.  libsoup
 * forgets @msg (it may be freed on return). */
void         wf_api_conns_refuse       (WfApiConns * self,
                                        SoupServerMessage * msg,
                                        guint status,
                                        const gchar * extra_headers,
                                        const gchar * body);
void         wf_api_conns_get_stats    (WfApiConns * self,
                                        WfApiConnStats * out);

G_END_DECLS
