/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-api-query.h"

#include <stdlib.h>
#include <string.h>

gboolean
wf_api_parse_day (const gchar * v, GDate * out)
{
  static const gchar shape[] = "dddd-dd-dd";
  guint y, m, d;

  if (strlen (v) != sizeof shape - 1)
    return FALSE;
  for (guint i = 0; shape[i]; i++)
    if (shape[i] == 'd' ? !g_ascii_isdigit (v[i]) : v[i] != shape[i])
      return FALSE;
  y = atoi (v);
  m = atoi (v + 5);
  d = atoi (v + 8);
  if (!g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

gboolean
wf_api_query_has_nul (const gchar * query, gchar ** name)
{
  g_auto (GStrv) pairs = NULL;

  if (name)
    *name = NULL;
  if (!query || !strstr (query, "%00"))
    return FALSE;
  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i]; i++) {
    const gchar *eq;
    gsize n;

    if (!strstr (pairs[i], "%00"))
      continue;
    eq = strchr (pairs[i], '=');
    n = eq ? (gsize) (eq - pairs[i]) : strlen (pairs[i]);
    if (name && !memchr (pairs[i], '%', n) && !memchr (pairs[i], '+', n))
      *name = g_strndup (pairs[i], n);
    return TRUE;
  }
  return TRUE;                  /* not reached: '&' is not part of "%00" */
}
