/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* REST request bodies as wf_api_parse_json_body () takes them: the limits
 * of wf-json.c first, then json-glib on what passed.  What the prescan
 * lets through must never be deeper than it allows. */
#include "wf-fuzz.h"
#include "wf-json.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  wf_fuzz_quiet ();
  return 0;
}

static guint
depth (JsonNode * n)
{
  guint d = 0;

  if (JSON_NODE_HOLDS_ARRAY (n)) {
    JsonArray *a = json_node_get_array (n);
    /* not MAX (d, depth (...)): the macro would recurse twice a level */
    for (guint i = 0; i < json_array_get_length (a); i++) {
      guint e = depth (json_array_get_element (a, i));
      d = MAX (d, e);
    }
    return d + 1;
  }
  if (JSON_NODE_HOLDS_OBJECT (n)) {
    JsonObjectIter it;
    JsonNode *m;
    json_object_iter_init (&it, json_node_get_object (n));
    while (json_object_iter_next (&it, NULL, &m)) {
      guint e = depth (m);
      d = MAX (d, e);
    }
    return d + 1;
  }
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  g_autoptr (JsonParser) p = NULL;
  g_autoptr (GError) err = NULL;

  if (!wf_json_check_limits ((const gchar *) data, size, 1024 * 1024,
          WF_JSON_MAX_DEPTH, &err))
    return 0;
  if (!g_utf8_validate ((const gchar *) data, size, NULL))
    return 0;
  p = json_parser_new_immutable ();
  if (json_parser_load_from_data (p, (const gchar *) data, size, NULL) &&
      json_parser_get_root (p))
    g_assert (depth (json_parser_get_root (p)) <= WF_JSON_MAX_DEPTH);
  return 0;
}
