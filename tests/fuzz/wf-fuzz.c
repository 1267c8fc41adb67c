/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-fuzz.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

static GLogWriterOutput
drop (GLogLevelFlags level, const GLogField * fields, gsize n_fields,
    gpointer data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    return g_log_writer_standard_streams (level, fields, n_fields, data);
  return G_LOG_WRITER_HANDLED;
}

void
wf_fuzz_quiet (void)
{
  g_log_set_writer_func (drop, NULL, NULL);
  /* a critical is a misuse of an API: a finding, not noise */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
}

gchar *
wf_fuzz_string (const uint8_t * data, size_t size)
{
  return g_strndup ((const gchar *) data, size);
}

static gchar *tmp_path;

static void
remove_tmp (void)
{
  g_unlink (tmp_path);
}

const gchar *
wf_fuzz_file (const uint8_t * data, size_t size)
{
  static gint fd = -1;

  if (fd < 0) {
    fd = g_file_open_tmp ("wf-fuzz-XXXXXX", &tmp_path, NULL);
    g_assert (fd >= 0);
    atexit (remove_tmp);
  }
  g_assert (ftruncate (fd, 0) == 0);
  g_assert (pwrite (fd, data, size, 0) == (ssize_t) size);
  return tmp_path;
}
