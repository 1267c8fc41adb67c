/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Camera URIs: the one redaction applied wherever a URI leaves the process
 * (replies, events, the journal, log lines), and the allow-list of schemes
 * a camera may use.  No network access: host names are not resolved.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @uri with its password and the values of secret-looking query parameters
 * (password, pwd, token, key, secret, auth, signature...) replaced by
 * "***".  A string that does not parse as a URI keeps only its scheme. */
gchar *       wf_uri_redact             (const gchar * uri);

/* @text with every occurrence of @uri, and of its password, replaced by the
 * redacted form: for error messages and log lines that may quote it. */
gchar *       wf_uri_scrub              (const gchar * text,
                                         const gchar * uri);

/* TRUE when @uri may be a camera source.  Schemes rtsp, rtsps, http and
 * https from anywhere; file only when @allow_file (the configuration file);
 * http(s) never to the daemon itself: a host that is loopback, unspecified
 * (0.0.0.0, ::) or @self_address, at @self_port (0: not known).  Host names
 * other than localhost are not resolved. */
gboolean      wf_uri_check_source       (const gchar * uri,
                                         gboolean allow_file,
                                         const gchar * self_address,
                                         guint self_port,
                                         GError ** error);

G_END_DECLS
