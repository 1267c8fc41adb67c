/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * wf-convert-facerec: writes dlib's dlib_face_recognition_resnet_model_v1.dat
 * from the TensorFlow.js port of the same network shipped by the npm package
 * @vladmandic/face-api (model/face_recognition_model-weights_manifest.json
 * and its .bin shards, read by wf-tfjs-reader.c).
 */
#include "config.h"
#include "wf-facerec-model.h"
#include "wf-tfjs-reader.h"

#include <string.h>
#include <stdlib.h>

/* sysexits.h */
#define EXIT_USAGE 64
#define EXIT_DATAERR 65
#define EXIT_NOINPUT 66
#define EXIT_CANTCREAT 73

int
main (int argc, char **argv)
{
  g_autofree gchar *manifest = NULL;
  g_autofree gchar *output = NULL;
  g_autoptr (GOptionContext) ctx = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) tensors = NULL;
  g_autofree WfTfjsTensor *views = NULL;
  const GOptionEntry entries[] = {
    {"manifest", 'm', 0, G_OPTION_ARG_FILENAME, &manifest,
        "face-api's face_recognition_model-weights_manifest.json", "FILE"},
    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
        "The dlib model file to write", "FILE"},
    {NULL}
  };

  ctx = g_option_context_new ("- convert face-api's face recognition model "
      "to dlib's format");
  g_option_context_set_description (ctx, "Writes "
      "dlib_face_recognition_resnet_model_v1.dat, which dlib's deserialize "
      "loads into the network of its dnn_face_recognition_ex example.\n"
      "The manifest comes from the npm package @vladmandic/face-api "
      "(model/); its .bin shards are read from the same folder.\n");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("wf-convert-facerec: %s\n", error->message);
    return EXIT_USAGE;
  }
  if (manifest == NULL || output == NULL || argc > 1) {
    g_printerr ("wf-convert-facerec: --manifest and --output are required "
        "(see --help)\n");
    return EXIT_USAGE;
  }

  if (!(tensors = wf_tfjs_read_manifest (manifest, &error))) {
    g_printerr ("wf-convert-facerec: %s\n", error->message);
    return error->domain == G_FILE_ERROR ? EXIT_NOINPUT : EXIT_DATAERR;
  }

  views = g_new0 (WfTfjsTensor, MAX (tensors->len, 1));
  for (guint i = 0; i < tensors->len; i++) {
    WfTfjsWeight *t = &g_array_index (tensors, WfTfjsWeight, i);
    views[i].name = t->name;
    views[i].data = t->data;
    views[i].n_dims = t->n_dims;
    memcpy (views[i].shape, t->shape, sizeof t->shape);
  }
  if (!wf_facerec_model_from_tfjs (views, tensors->len, output, &error)) {
    g_printerr ("wf-convert-facerec: %s\n", error->message);
    return error->domain == G_FILE_ERROR ? EXIT_CANTCREAT : EXIT_DATAERR;
  }
  return EXIT_SUCCESS;
}
