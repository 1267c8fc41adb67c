/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Reads a TensorFlow.js weights manifest (the format of the npm package
 * @vladmandic/face-api's model/ folder) into float tensors, for the build's
 * model converters.
 *
 * The manifest lists groups of weights; each group's shard files, joined,
 * hold its tensors one after another in the listed order.  A tensor is
 * float32, or quantised (uint8/uint16: value = min + scale * q; float16).
 */
#include "config.h"
#include "wf-tfjs-reader.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <math.h>
#include <stdlib.h>

static void
tensor_clear (gpointer p)
{
  WfTfjsWeight *t = p;
  g_free (t->name);
  g_free (t->data);
}

static gfloat
half_to_float (guint16 h)
{
  guint sign = h >> 15, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  gfloat v;

  if (exp == 0)
    v = ldexpf ((gfloat) mant, -24);
  else if (exp == 31)
    v = mant ? NAN : INFINITY;
  else
    v = ldexpf ((gfloat) (mant | 0x400), (gint) exp - 25);
  return sign ? -v : v;
}

/* Decodes one weight entry from @buf at *@offset. */
static gboolean
decode_weight (JsonObject * w, const guint8 * buf, gsize len, gsize * offset,
    WfTfjsWeight * t, GError ** error)
{
  const gchar *name, *dtype, *qdtype = NULL;
  JsonArray *shape;
  JsonObject *q = NULL;
  gsize n = 1, elem;
  gdouble scale = 1, min = 0;

  if (!json_object_has_member (w, "name")
      || !json_object_has_member (w, "shape")
      || !json_object_has_member (w, "dtype")) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "weight entry without name, shape or dtype");
    return FALSE;
  }
  name = json_object_get_string_member (w, "name");
  dtype = json_object_get_string_member (w, "dtype");
  shape = json_object_get_array_member (w, "shape");
  if (name == NULL || dtype == NULL || shape == NULL
      || json_array_get_length (shape) > 4) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "malformed weight entry %s", name ? name : "(no name)");
    return FALSE;
  }
  t->name = g_strdup (name);
  t->n_dims = json_array_get_length (shape);
  for (guint i = 0; i < t->n_dims; i++) {
    gint64 d = json_array_get_int_element (shape, i);
    if (d <= 0 || d > 65536) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
          "%s: bad dimension %" G_GINT64_FORMAT, name, d);
      return FALSE;
    }
    t->shape[i] = (guint) d;
    n *= (gsize) d;
  }
  if (strcmp (dtype, "float32") != 0) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
        "%s: dtype %s is not supported", name, dtype);
    return FALSE;
  }
  if (json_object_has_member (w, "quantization")) {
    q = json_object_get_object_member (w, "quantization");
    qdtype = q ? json_object_get_string_member_with_default (q, "dtype",
        NULL) : NULL;
    if (qdtype == NULL) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
          "%s: quantization without dtype", name);
      return FALSE;
    }
    if (strcmp (qdtype, "float16") != 0) {
      scale = json_object_get_double_member_with_default (q, "scale", NAN);
      min = json_object_get_double_member_with_default (q, "min", NAN);
      if (!isfinite (scale) || !isfinite (min)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
            "%s: quantization without scale and min", name);
        return FALSE;
      }
    }
  }

  if (qdtype == NULL)
    elem = 4;
  else if (strcmp (qdtype, "uint8") == 0)
    elem = 1;
  else if (strcmp (qdtype, "uint16") == 0 || strcmp (qdtype, "float16") == 0)
    elem = 2;
  else {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
        "%s: quantization %s is not supported", name, qdtype);
    return FALSE;
  }
  if (*offset + n * elem > len) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "%s: the weight files end before this tensor (truncated .bin?)",
        name);
    return FALSE;
  }

  t->data = g_new (gfloat, n);
  buf += *offset;
  for (gsize i = 0; i < n; i++) {
    if (qdtype == NULL) {
      memcpy (&t->data[i], buf + 4 * i, 4);     /* little endian */
    } else if (elem == 1) {
      t->data[i] = (gfloat) (min + scale * buf[i]);
    } else {
      guint16 v = (guint16) (buf[2 * i] | (buf[2 * i + 1] << 8));
      t->data[i] = strcmp (qdtype, "float16") == 0 ? half_to_float (v)
          : (gfloat) (min + scale * v);
    }
  }
  *offset += n * elem;
  return TRUE;
}

static gboolean
read_manifest (const gchar * manifest_path, GArray * tensors, GError ** error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree gchar *dir = g_path_get_dirname (manifest_path);
  JsonNode *root;
  JsonArray *groups;

  if (!json_parser_load_from_file (parser, manifest_path, error)) {
    if (!g_error_matches (*error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
      g_prefix_error (error, "%s: ", manifest_path);
    return FALSE;
  }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "%s is not a tfjs weights manifest (no top-level array)",
        manifest_path);
    return FALSE;
  }
  groups = json_node_get_array (root);

  for (guint g = 0; g < json_array_get_length (groups); g++) {
    JsonObject *group = json_array_get_object_element (groups, g);
    JsonArray *paths, *weights;
    g_autoptr (GByteArray) buf = g_byte_array_new ();
    gsize offset = 0;

    if (group == NULL || !json_object_has_member (group, "paths")
        || !json_object_has_member (group, "weights")) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
          "%s: group %u lacks paths or weights", manifest_path, g);
      return FALSE;
    }
    paths = json_object_get_array_member (group, "paths");
    weights = json_object_get_array_member (group, "weights");
    if (paths == NULL || weights == NULL) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
          "%s: group %u has malformed paths or weights", manifest_path, g);
      return FALSE;
    }
    for (guint p = 0; p < json_array_get_length (paths); p++) {
      const gchar *rel = json_array_get_string_element (paths, p);
      g_autofree gchar *path = NULL;
      g_autofree gchar *contents = NULL;
      gsize len;

      if (rel == NULL || strstr (rel, "..") || g_path_is_absolute (rel)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
            "%s: bad shard path in group %u", manifest_path, g);
        return FALSE;
      }
      path = g_build_filename (dir, rel, NULL);
      if (!g_file_get_contents (path, &contents, &len, error))
        return FALSE;
      g_byte_array_append (buf, (const guint8 *) contents, len);
    }
    for (guint i = 0; i < json_array_get_length (weights); i++) {
      JsonObject *w = json_array_get_object_element (weights, i);
      WfTfjsWeight t = { 0 };

      if (w == NULL) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
            "%s: weight %u of group %u is not an object", manifest_path, i,
            g);
        return FALSE;
      }
      if (!decode_weight (w, buf->data, buf->len, &offset, &t, error)) {
        tensor_clear (&t);
        g_prefix_error (error, "%s: ", manifest_path);
        return FALSE;
      }
      g_array_append_val (tensors, t);
    }
    if (offset != buf->len) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
          "%s: group %u: the weight files hold %u bytes, the manifest "
          "describes %" G_GSIZE_FORMAT, manifest_path, g, buf->len, offset);
      return FALSE;
    }
  }
  return TRUE;
}

GArray *
wf_tfjs_read_manifest (const gchar * manifest_path, GError ** error)
{
  g_autoptr (GArray) tensors = g_array_new (FALSE, TRUE,
      sizeof (WfTfjsWeight));

  g_array_set_clear_func (tensors, tensor_clear);
  if (!read_manifest (manifest_path, tensors, error))
    return NULL;
  return g_steal_pointer (&tensors);
}

const WfTfjsWeight *
wf_tfjs_find (GArray * tensors, const gchar * name)
{
  for (guint i = 0; i < tensors->len; i++) {
    const WfTfjsWeight *t = &g_array_index (tensors, WfTfjsWeight, i);
    if (strcmp (t->name, name) == 0)
      return t;
  }
  return NULL;
}

/* sysexits.h */
#define EXIT_USAGE 64
#define EXIT_DATAERR 65
#define EXIT_NOINPUT 66
#define EXIT_CANTCREAT 73

int
wf_tfjs_tool_main (int argc, char **argv, const WfTfjsTool * tool)
{
  g_autofree gchar *manifest = NULL;
  g_autofree gchar *output = NULL;
  g_autoptr (GOptionContext) ctx = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) tensors = NULL;
  const GOptionEntry entries[] = {
    {"manifest", 'm', 0, G_OPTION_ARG_FILENAME, &manifest,
        tool->manifest_help, "FILE"},
    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, tool->output_help,
        "FILE"},
    {NULL}
  };

  ctx = g_option_context_new (tool->summary);
  if (tool->description)
    g_option_context_set_description (ctx, tool->description);
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("%s: %s\n", tool->name, error->message);
    return EXIT_USAGE;
  }
  if (manifest == NULL || output == NULL || argc > 1) {
    g_printerr ("%s: --manifest and --output are required (see --help)\n",
        tool->name);
    return EXIT_USAGE;
  }
  if (!(tensors = wf_tfjs_read_manifest (manifest, &error))) {
    g_printerr ("%s: %s\n", tool->name, error->message);
    return error->domain == G_FILE_ERROR ? EXIT_NOINPUT : EXIT_DATAERR;
  }
  if (!tool->convert (tensors, output, &error)) {
    g_printerr ("%s: %s\n", tool->name, error->message);
    return error->domain == G_FILE_ERROR ? EXIT_CANTCREAT : EXIT_DATAERR;
  }
  return EXIT_SUCCESS;
}
