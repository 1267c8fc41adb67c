/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * wf-convert-tinyface: writes wf_tiny_face_detector.wft (wf-tinyface-model.h)
 * from face-api's tiny face detector
 * (model/tiny_face_detector_model-weights_manifest.json and its .bin), with
 * each tensor turned from TensorFlow's HWIO order into the order the
 * backend's loops read.
 */
#include "config.h"
#include "wf-tfjs-reader.h"
#include "wf-tinyface-model.h"

#include <gio/gio.h>
#include <string.h>

static const WfTfjsWeight *
want (GArray * tensors, const gchar * name, guint n_dims, const guint * shape,
    GError ** error)
{
  const WfTfjsWeight *t = wf_tfjs_find (tensors, name);

  if (t == NULL) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "no tensor %s: not face-api's tiny face detector", name);
    return NULL;
  }
  if (t->n_dims != n_dims || memcmp (t->shape, shape, n_dims * sizeof (guint))) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "tensor %s has an unexpected shape", name);
    return NULL;
  }
  return t;
}

/* Appends the weights in the file's order to @out. */
static gboolean
convert (GArray * tensors, GArray * out, GError ** error)
{
  const WfTfjsWeight *t;
  guint c_in = wf_tinyface_channels[0], c_out = wf_tinyface_channels[1];
  gchar name[64];

  /* conv0: [3][3][in][out] -> [out][in][ky][kx] */
  if (!(t = want (tensors, "conv0/filters", 4,
              (guint[]) { 3, 3, c_in, c_out }, error)))
    return FALSE;
  for (guint o = 0; o < c_out; o++)
    for (guint c = 0; c < c_in; c++)
      for (guint k = 0; k < 9; k++)
        g_array_append_val (out, t->data[(k * c_in + c) * c_out + o]);
  if (!(t = want (tensors, "conv0/bias", 1, (guint[]) { c_out }, error)))
    return FALSE;
  g_array_append_vals (out, t->data, c_out);

  for (guint l = 1; l < WF_TINYFACE_N_LAYERS; l++) {
    c_in = wf_tinyface_channels[l];
    c_out = wf_tinyface_channels[l + 1];
    /* depthwise: [3][3][C][1] -> [C][ky][kx] */
    g_snprintf (name, sizeof name, "conv%u/depthwise_filter", l);
    if (!(t = want (tensors, name, 4, (guint[]) { 3, 3, c_in, 1 }, error)))
      return FALSE;
    for (guint c = 0; c < c_in; c++)
      for (guint k = 0; k < 9; k++)
        g_array_append_val (out, t->data[k * c_in + c]);
    /* pointwise: [1][1][C][C'] -> [C'][C] */
    g_snprintf (name, sizeof name, "conv%u/pointwise_filter", l);
    if (!(t = want (tensors, name, 4, (guint[]) { 1, 1, c_in, c_out },
                error)))
      return FALSE;
    for (guint o = 0; o < c_out; o++)
      for (guint c = 0; c < c_in; c++)
        g_array_append_val (out, t->data[c * c_out + o]);
    g_snprintf (name, sizeof name, "conv%u/bias", l);
    if (!(t = want (tensors, name, 1, (guint[]) { c_out }, error)))
      return FALSE;
    g_array_append_vals (out, t->data, c_out);
  }

  c_in = wf_tinyface_channels[WF_TINYFACE_N_LAYERS];
  if (!(t = want (tensors, "conv8/filters", 4,
              (guint[]) { 1, 1, c_in, WF_TINYFACE_OUTPUTS }, error)))
    return FALSE;
  for (guint o = 0; o < WF_TINYFACE_OUTPUTS; o++)
    for (guint c = 0; c < c_in; c++)
      g_array_append_val (out, t->data[c * WF_TINYFACE_OUTPUTS + o]);
  if (!(t = want (tensors, "conv8/bias", 1,
              (guint[]) { WF_TINYFACE_OUTPUTS }, error)))
    return FALSE;
  g_array_append_vals (out, t->data, WF_TINYFACE_OUTPUTS);

  if (out->len != WF_TINYFACE_N_FLOATS) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "%u weights converted, %u expected", out->len,
        (guint) WF_TINYFACE_N_FLOATS);
    return FALSE;
  }
  return TRUE;
}

static gboolean
write_model (GArray * weights, const gchar * path, GError ** error)
{
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  guint32 n = GUINT32_TO_LE (weights->len);

  g_byte_array_append (bytes, (const guint8 *) WF_TINYFACE_MAGIC, 8);
  g_byte_array_append (bytes, (const guint8 *) &n, 4);
  for (guint i = 0; i < weights->len; i++) {
    union { gfloat f; guint32 u; } v = { g_array_index (weights, gfloat, i) };
    v.u = GUINT32_TO_LE (v.u);
    g_byte_array_append (bytes, (const guint8 *) &v.u, 4);
  }
  /* g_file_set_contents writes a temporary file and renames it */
  return g_file_set_contents (path, (const gchar *) bytes->data, bytes->len,
      error);
}

static gboolean
convert_and_write (GArray * tensors, const gchar * output, GError ** error)
{
  g_autoptr (GArray) weights = g_array_new (FALSE, FALSE, sizeof (gfloat));

  return convert (tensors, weights, error) &&
      write_model (weights, output, error);
}

int
main (int argc, char **argv)
{
  static const WfTfjsTool tool = {
    "wf-convert-tinyface",
    "- convert face-api's tiny face detector for facedetect backend=tiny",
    NULL,
    "face-api's tiny_face_detector_model-weights_manifest.json",
    "The " WF_TINYFACE_FILE " to write",
    convert_and_write,
  };

  return wf_tfjs_tool_main (argc, argv, &tool);
}
