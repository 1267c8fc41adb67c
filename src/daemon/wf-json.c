/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-json.h"

JsonNode *
wf_json_from_value (const GValue * v)
{
  GType t = G_VALUE_TYPE (v);
  JsonNode *n = json_node_alloc ();

  if (t == G_TYPE_STRING) {
    const gchar *s = g_value_get_string (v);
    if (s)
      json_node_init_string (n, s);
    else
      json_node_init_null (n);
  } else if (t == G_TYPE_BOOLEAN) {
    json_node_init_boolean (n, g_value_get_boolean (v));
  } else if (t == G_TYPE_INT) {
    json_node_init_int (n, g_value_get_int (v));
  } else if (t == G_TYPE_UINT) {
    json_node_init_int (n, g_value_get_uint (v));
  } else if (t == G_TYPE_INT64) {
    json_node_init_int (n, g_value_get_int64 (v));
  } else if (t == G_TYPE_UINT64) {
    guint64 u = g_value_get_uint64 (v);
    /* GST_CLOCK_TIME_NONE and friends: null rather than a huge number */
    if (u > G_MAXINT64)
      json_node_init_null (n);
    else
      json_node_init_int (n, (gint64) u);
  } else if (t == G_TYPE_LONG) {
    json_node_init_int (n, g_value_get_long (v));
  } else if (t == G_TYPE_ULONG) {
    json_node_init_int (n, (gint64) g_value_get_ulong (v));
  } else if (t == G_TYPE_DOUBLE) {
    json_node_init_double (n, g_value_get_double (v));
  } else if (t == G_TYPE_FLOAT) {
    json_node_init_double (n, g_value_get_float (v));
  } else if (t == GST_TYPE_LIST || t == GST_TYPE_ARRAY) {
    JsonArray *a = json_array_new ();
    guint len = t == GST_TYPE_LIST ? gst_value_list_get_size (v) :
        gst_value_array_get_size (v);
    for (guint i = 0; i < len; i++) {
      const GValue *e = t == GST_TYPE_LIST ? gst_value_list_get_value (v, i) :
          gst_value_array_get_value (v, i);
      json_array_add_element (a, wf_json_from_value (e));
    }
    json_node_init_array (n, a);
    json_array_unref (a);
  } else if (t == GST_TYPE_STRUCTURE) {
    const GstStructure *s = gst_value_get_structure (v);
    JsonObject *o = s ? wf_json_from_structure (s) : json_object_new ();
    json_node_init_object (n, o);
    json_object_unref (o);
  } else {
    g_autofree gchar *s = gst_value_serialize (v);
    if (s)
      json_node_init_string (n, s);
    else
      json_node_init_null (n);
  }
  return n;
}

static gboolean
add_field (GQuark field, const GValue * v, gpointer data)
{
  json_object_set_member (data, g_quark_to_string (field),
      wf_json_from_value (v));
  return TRUE;
}

JsonObject *
wf_json_from_structure (const GstStructure * s)
{
  JsonObject *o = json_object_new ();

  gst_structure_foreach (s, add_field, o);
  return o;
}

gchar *
wf_json_object_to_string (JsonObject * o)
{
  g_autoptr (JsonNode) n = json_node_init_object (json_node_alloc (), o);

  return json_to_string (n, FALSE);
}

gboolean
wf_json_check_limits (const gchar * data, gsize len, gsize max_bytes,
    guint max_depth, GError ** error)
{
  gboolean in_string = FALSE, escaped = FALSE;
  guint depth = 0;

  if (len > max_bytes) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
        "the JSON text is larger than %" G_GSIZE_FORMAT " bytes", max_bytes);
    return FALSE;
  }
  for (gsize i = 0; i < len; i++) {
    gchar c = data[i];

    if (in_string) {
      if (escaped)
        escaped = FALSE;
      else if (c == '\\')
        escaped = TRUE;
      else if (c == '"')
        in_string = FALSE;
      continue;
    }
    switch (c) {
      case '"':
        in_string = TRUE;
        break;
      case '[':
      case '{':
        if (++depth > max_depth) {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
              "JSON nested deeper than %u levels (at byte %" G_GSIZE_FORMAT
              ")", max_depth, i);
          return FALSE;
        }
        break;
      case ']':
      case '}':
        /* unbalanced closers are the parser's to report */
        if (depth > 0)
          depth--;
        break;
      default:
        break;
    }
  }
  return TRUE;
}
