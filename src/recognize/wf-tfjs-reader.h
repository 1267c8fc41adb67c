/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * TensorFlow.js weights manifests (face-api's model/ folder) as float
 * tensors: what the build's model converters read.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gchar *name;
  gfloat *data;           /* row-major, dequantised */
  guint n_dims;
  guint shape[4];
} WfTfjsWeight;

/* Every tensor of the manifest at @manifest_path, in the manifest's order
 * (the array frees them); its .bin shards are read from the same folder.
 * NULL and @error (G_FILE_ERROR when a file cannot be read,
 * G_IO_ERROR_INVALID_DATA when it is malformed). */
GArray *              wf_tfjs_read_manifest (const gchar * manifest_path,
                                             GError ** error);
/* The tensor named @name in @tensors, or NULL. */
const WfTfjsWeight *  wf_tfjs_find          (GArray * tensors,
                                             const gchar * name);

G_END_DECLS
