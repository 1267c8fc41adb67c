/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The zone, line and capacity syntax (src/occupancy/wf-zones.h): the first
 * byte picks the parser (modulo 3: "0" zones, "1" lines, "2" capacity),
 * the rest is the property value.  What parses must
 * print back to a text that parses to the same set. */
#include "wf-fuzz.h"
#include "wf-zones.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  wf_fuzz_quiet ();
  return 0;
}

static void
zones (const gchar * text)
{
  g_autoptr (GPtrArray) a = wf_zones_parse (text, NULL);
  g_autoptr (GPtrArray) b = NULL;
  g_autofree gchar *printed = NULL;

  if (!a)
    return;
  printed = wf_zones_to_string (a);
  b = wf_zones_parse (printed, NULL);
  g_assert (b != NULL && b->len == a->len);
  for (guint i = 0; i < a->len; i++) {
    WfZone *z = g_ptr_array_index (a, i);
    g_assert (wf_zone_equal (z, g_ptr_array_index (b, i)));
    (void) wf_zone_contains (z, 0.5, 0.5);
  }
}

static void
lines (const gchar * text)
{
  g_autoptr (GPtrArray) a = wf_lines_parse (text, NULL);
  g_autoptr (GPtrArray) b = NULL;
  g_autofree gchar *printed = NULL;

  if (!a)
    return;
  printed = wf_lines_to_string (a);
  b = wf_lines_parse (printed, NULL);
  g_assert (b != NULL && b->len == a->len);
  for (guint i = 0; i < a->len; i++) {
    WfLine *l = g_ptr_array_index (a, i);
    g_assert (wf_line_equal (l, g_ptr_array_index (b, i)));
    (void) wf_line_crossing (l, 0, 0, 1, 1);
  }
}

static void
capacity (const gchar * text)
{
  g_autoptr (GHashTable) a = wf_capacity_parse (text, NULL);
  g_autoptr (GHashTable) b = NULL;
  g_autofree gchar *printed = NULL;

  if (!a)
    return;
  printed = wf_capacity_to_string (a, NULL);
  b = wf_capacity_parse (printed, NULL);
  g_assert (b != NULL && g_hash_table_size (b) == g_hash_table_size (a));
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  g_autofree gchar *text = NULL;

  if (size < 1)
    return 0;
  text = wf_fuzz_string (data + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      zones (text);
      break;
    case 1:
      lines (text);
      break;
    default:
      capacity (text);
  }
  return 0;
}
