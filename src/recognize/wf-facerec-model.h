/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Writing dlib's face recognition network from the weights of its
 * TensorFlow.js port (@vladmandic/face-api face_recognition_model).  Used by
 * wf-convert-facerec; lives in the library so that the dlib network code is
 * compiled in one translation unit only (wf-embedder.cpp).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One dequantised tfjs tensor, in its own (row-major, tfjs) layout. */
typedef struct {
  const gchar *name;            /* e.g. "conv32_1/conv1/conv/filters" */
  const gfloat *data;
  guint n_dims;
  guint shape[4];
} WfTfjsTensor;

/*
 * Builds dlib's anet_type from @tensors (every tensor of the tfjs model, any
 * order), writes it with dlib's serialize to @out_path (through a temporary
 * file, renamed when complete), reads it back with deserialize and checks
 * that it computes what the network in memory computes.  Fails with a GError
 * naming the missing or misshapen tensor.
 */
gboolean wf_facerec_model_from_tfjs (const WfTfjsTensor * tensors,
                                     guint n_tensors,
                                     const gchar * out_path,
                                     GError ** error);

/*
 * dlib's own forward pass of the network in @path (what wf-resnet.c
 * computes, by dlib's generic layer code): descriptors of @n_chips
 * 150x150 RGB chips into @out.  The reference of the tests; it loads the
 * file on every call.
 */
gboolean wf_facerec_model_describe_with_dlib (const gchar * path,
                                              const guint8 * chips,
                                              guint n_chips,
                                              gfloat * out,
                                              GError ** error);

G_END_DECLS
