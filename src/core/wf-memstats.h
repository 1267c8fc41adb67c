/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * What the process itself says about its memory: /proc/self/status and the
 * malloc arena (mallinfo2).  Sizes in bytes.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint64 vm_rss;
  guint64 vm_hwm;
  guint64 rss_anon;
  guint64 rss_file;
  guint64 vm_size;
  /* mallinfo2 */
  guint64 arena;          /* non-mmapped heap obtained from the system */
  guint64 mmapped;        /* heap in mmapped blocks */
  guint64 in_use;         /* allocated: uordblks + hblkhd */
  guint64 free_bytes;     /* free in the arena: fordblks */
  guint64 releasable;     /* keepcost: top chunk malloc_trim could return */
} WfMemStats;

gboolean wf_memstats_read  (WfMemStats * stats, GError ** error);

/* Logs one line "memory at STAGE: rss=… hwm=… anon=…" at info level and
 * returns the RSS in bytes (0 when /proc cannot be read). */
guint64  wf_memstats_log   (const gchar * stage);

G_END_DECLS
