/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The rule for [server] database: a path is a SQLite file, a
 * postgresql:// (or postgres://) URI a PostgreSQL database.  One check,
 * used by the config file parser and by the store.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean      wf_store_uri_is_postgresql (const gchar * database);
/* TRUE when @uri is a PostgreSQL URI we accept: scheme, a host (or a
 * host= parameter for a socket directory) and a database name.  The
 * message never holds the password. */
gboolean      wf_store_uri_check         (const gchar * uri,
                                          GError ** error);

G_END_DECLS
