/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Query strings as the API reads them: the raw query through the NUL
 * rule, libsoup's decoding (the server's), then every value through the
 * day and time parsers the handlers use. */
#include "wf-fuzz.h"
#include "wf-api-query.h"

#include <libsoup/soup.h>
#include <string.h>

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  wf_fuzz_quiet ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  g_autofree gchar *query = wf_fuzz_string (data, size);
  g_autofree gchar *name = NULL;
  g_autoptr (GHashTable) form = NULL;
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  GHashTableIter it;
  gpointer k, v;

  if (wf_api_query_has_nul (query, &name)) {
    g_assert (strstr (query, "%00"));
    if (name)
      g_assert (!strchr (name, '%') && !strchr (name, '&'));
    return 0;
  }
  form = soup_form_decode (query);
  g_hash_table_iter_init (&it, form);
  while (g_hash_table_iter_next (&it, &k, &v)) {
    GDate day;
    g_autoptr (GDateTime) t = g_date_time_new_from_iso8601 (v, utc);

    if (t)
      g_assert (g_date_time_get_year (t) >= 1 &&
          g_date_time_get_year (t) <= 9999);
    g_date_clear (&day, 1);
    if (wf_api_parse_day (v, &day)) {
      gchar back[16];
      g_assert (g_date_valid (&day));
      g_snprintf (back, sizeof back, "%04u-%02u-%02u", g_date_get_year (&day),
          g_date_get_month (&day), g_date_get_day (&day));
      g_assert (strcmp (back, v) == 0);
    }
  }
  return 0;
}
