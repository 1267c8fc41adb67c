/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib.h>
#include <string.h>

#include "wf-memstats.h"

static void
test_read_tracks_allocation (void)
{
  WfMemStats before, after;
  const gsize size = 64 * 1024 * 1024;
  guint8 *block;
  GError *err = NULL;

  g_assert_true (wf_memstats_read (&before, &err));
  g_assert_no_error (err);
  g_assert_cmpuint (before.vm_rss, >, 0);
  g_assert_cmpuint (before.vm_hwm, >=, before.vm_rss);
  g_assert_cmpuint (before.vm_size, >=, before.vm_rss);
  g_assert_cmpuint (before.rss_anon + before.rss_file, <=, before.vm_rss + 4096);

  /* Touch 64 MiB: RSS, anonymous RSS and the heap must all grow by about that. */
  block = g_malloc (size);
  memset (block, 1, size);
  g_assert_true (wf_memstats_read (&after, &err));
  g_assert_cmpuint (after.vm_rss, >=, before.vm_rss + size * 9 / 10);
  g_assert_cmpuint (after.rss_anon, >=, before.rss_anon + size * 9 / 10);
  /* mallinfo2 describes glibc's allocator only; under AddressSanitizer
   * it reports zeros, which the model cache knows to fall back from. */
  if (before.arena + before.mmapped > 0)
    g_assert_cmpuint (after.in_use, >=, before.in_use + size);
  else
    g_test_message ("malloc is not glibc's: arena figures not checked");
  g_assert_cmpuint (after.vm_hwm, >=, after.vm_rss);
  g_free (block);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/memstats/read", test_read_tracks_allocation);
  return g_test_run ();
}
