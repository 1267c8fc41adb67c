/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* GstStructure to JSON, for element messages in the journal and over SSE. */
#pragma once

#include <gst/gst.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Fields of basic types, lists, arrays and nested structures become JSON;
 * others are written as their serialised string. */
JsonObject *  wf_json_from_structure   (const GstStructure * s);
JsonNode *    wf_json_from_value       (const GValue * v);
gchar *       wf_json_object_to_string (JsonObject * o);

G_END_DECLS
