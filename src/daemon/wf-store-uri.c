/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-store-uri.h"
#include "wf-uri.h"

#include <string.h>
#include <gio/gio.h>

gboolean
wf_store_uri_is_postgresql (const gchar * database)
{
  return database && (g_str_has_prefix (database, "postgresql://") ||
      g_str_has_prefix (database, "postgres://"));
}

gboolean
wf_store_uri_check (const gchar * uri, GError ** error)
{
  g_autoptr (GUri) u = NULL;
  g_autoptr (GError) err = NULL;
  g_autofree gchar *safe = wf_uri_redact (uri);
  const gchar *host, *path, *query;

  if (!wf_store_uri_is_postgresql (uri)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "'%s' is not a postgresql:// URI", safe);
    return FALSE;
  }
  u = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED,
      &err);
  if (!u) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "'%s' is not a valid URI (postgresql://user:password@host:port/"
        "database)", safe);
    return FALSE;
  }
  host = g_uri_get_host (u);
  path = g_uri_get_path (u);
  query = g_uri_get_query (u);
  if ((!host || !*host) && !(query && strstr (query, "host="))) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "'%s' names no host (postgresql://user:password@host:port/"
        "database, or ?host=/socket/dir)", safe);
    return FALSE;
  }
  if (!path || strlen (path) < 2 || strchr (path + 1, '/')) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "'%s' names no database (postgresql://host/database)", safe);
    return FALSE;
  }
  return TRUE;
}
