/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The results store's write rate (issue 16), a benchmark, not a test:
 *
 *   store-bench DATABASE [RECORDS]
 *
 * DATABASE is a SQLite path or a postgresql:// URI (an empty database).
 * Appends RECORDS (default 100000) results the way a node does (one event,
 * one sighting and one occupancy minute in three), flushing every 2000 as
 * the writer thread's batches would, and prints records per second and the
 * time of the final flush.  Run through tests/daemon/pg-fixture.py for a
 * private PostgreSQL (docs/benchmarks.md has the command).
 */
#include "wf-store.h"

#include <stdio.h>
#include <stdlib.h>

int
main (int argc, char **argv)
{
  WfRetention r = { 0 };
  g_autoptr (GError) err = NULL;
  g_autoptr (WfStore) s = NULL;
  guint n = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 100000;
  gint64 t0, t1, base = g_get_real_time () / 1000 - 3600 * 1000;
  WfStoreStats st;

  if (argc < 2 || n == 0 || n > 10000000) {
    fprintf (stderr, "usage: store-bench DATABASE [RECORDS <= 10000000]\n");
    return 64;
  }
  s = wf_store_new (argv[1], &r, &err);
  if (!s) {
    fprintf (stderr, "store-bench: %s\n", err->message);
    return 1;
  }
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++) {
    gint64 ts = base + i * 10;
    g_autofree gchar *emp = g_strdup_printf ("e%u", i % 200);
    g_autofree gchar *cam = g_strdup_printf ("cam%u", i % 6);

    switch (i % 3) {
      case 0:
        wf_store_add_event (s, ts, cam, "identity", emp, "{\"track\": 1}");
        break;
      case 1:
        wf_store_add_sighting (s, ts, emp, "Name", cam, i % 30 == 1);
        break;
      default:
        wf_store_add_occupancy (s, ts, cam, "zone", i % 7);
        break;
    }
    if (i % 2000 == 1999)
      wf_store_flush (s);
  }
  t1 = g_get_monotonic_time ();
  wf_store_flush (s);
  wf_store_get_stats (s, &st);
  printf ("%s: %u records in %.2f s: %.0f records/s, %" G_GUINT64_FORMAT
      " batches, last flush %.3f s, pending %" G_GUINT64_FORMAT "\n",
      wf_store_get_engine (s), n, (g_get_monotonic_time () - t0) / 1e6,
      n / ((g_get_monotonic_time () - t0) / 1e6), st.batches,
      (g_get_monotonic_time () - t1) / 1e6, st.pending);
  return st.pending == 0 ? 0 : 1;
}
