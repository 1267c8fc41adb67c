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

static gboolean
convert (GArray * tensors, const gchar * output, GError ** error)
{
  g_autofree WfTfjsTensor *views = g_new0 (WfTfjsTensor,
      MAX (tensors->len, 1));

  for (guint i = 0; i < tensors->len; i++) {
    WfTfjsWeight *t = &g_array_index (tensors, WfTfjsWeight, i);
    views[i].name = t->name;
    views[i].data = t->data;
    views[i].n_dims = t->n_dims;
    memcpy (views[i].shape, t->shape, sizeof t->shape);
  }
  return wf_facerec_model_from_tfjs (views, tensors->len, output, error);
}

int
main (int argc, char **argv)
{
  static const WfTfjsTool tool = {
    "wf-convert-facerec",
    "- convert face-api's face recognition model to dlib's format",
    "Writes dlib_face_recognition_resnet_model_v1.dat, which dlib's "
        "deserialize loads into the network of its dnn_face_recognition_ex "
        "example.\nThe manifest comes from the npm package "
        "@vladmandic/face-api (model/); its .bin shards are read from the "
        "same folder.\n",
    "face-api's face_recognition_model-weights_manifest.json",
    "The dlib model file to write",
    convert,
  };

  return wf_tfjs_tool_main (argc, argv, &tool);
}
