/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-memstats.h"

#include <malloc.h>
#include <string.h>
#include <stdlib.h>

static gboolean
parse_kb (const gchar * line, const gchar * name, guint64 * out)
{
  gsize len = strlen (name);

  if (strncmp (line, name, len) != 0 || line[len] != ':')
    return FALSE;
  *out = g_ascii_strtoull (line + len + 1, NULL, 10) * 1024;
  return TRUE;
}

gboolean
wf_memstats_read (WfMemStats * stats, GError ** error)
{
  g_autofree gchar *contents = NULL;
  g_auto (GStrv) lines = NULL;
  struct mallinfo2 mi;

  g_return_val_if_fail (stats != NULL, FALSE);
  memset (stats, 0, sizeof (*stats));

  if (!g_file_get_contents ("/proc/self/status", &contents, NULL, error))
    return FALSE;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    const gchar *l = lines[i];
    if (parse_kb (l, "VmRSS", &stats->vm_rss) ||
        parse_kb (l, "VmHWM", &stats->vm_hwm) ||
        parse_kb (l, "RssAnon", &stats->rss_anon) ||
        parse_kb (l, "RssFile", &stats->rss_file) ||
        parse_kb (l, "VmSize", &stats->vm_size))
      continue;
  }

  mi = mallinfo2 ();
  stats->arena = mi.arena;
  stats->mmapped = mi.hblkhd;
  stats->in_use = mi.uordblks + mi.hblkhd;
  stats->free_bytes = mi.fordblks;
  stats->releasable = mi.keepcost;
  return TRUE;
}

guint64
wf_memstats_log (const gchar * stage)
{
  WfMemStats s;

  if (!wf_memstats_read (&s, NULL))
    return 0;
  g_info ("memory at %s: rss=%.1f MB hwm=%.1f MB anon=%.1f MB file=%.1f MB "
      "heap=%.1f MB", stage, s.vm_rss / 1e6, s.vm_hwm / 1e6, s.rss_anon / 1e6,
      s.rss_file / 1e6, s.in_use / 1e6);
  return s.vm_rss;
}
