/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* GstStructure to JSON, for element messages in the journal and over SSE;
 * and the limits a JSON text from outside must meet before a parser sees
 * it. */
#pragma once

#include <gst/gst.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Fields of basic types, lists, arrays and nested structures become JSON;
 * others are written as their serialised string. */
JsonObject *  wf_json_from_structure   (const GstStructure * s);
JsonNode *    wf_json_from_value       (const GValue * v);
gchar *       wf_json_object_to_string (JsonObject * o);

/* json-glib's parser recurses once per nesting level: a body of 100000
 * '[' overflows the stack.  Deeper than this is refused unparsed. */
#define WF_JSON_MAX_DEPTH 64

/* Checks @data (@len bytes) without parsing it: at most @max_bytes, and
 * arrays and objects nested at most @max_depth deep (brackets inside
 * strings do not count).  Sets G_IO_ERROR_MESSAGE_TOO_LARGE or
 * G_IO_ERROR_INVALID_DATA and returns FALSE otherwise.  Linear time,
 * no allocation. */
gboolean      wf_json_check_limits     (const gchar * data,
                                        gsize len,
                                        gsize max_bytes,
                                        guint max_depth,
                                        GError ** error);

G_END_DECLS
