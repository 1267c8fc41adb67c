/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The forward pass of dlib's face recognition ResNet
 * (dlib_face_recognition_resnet_model_v1.dat: 29 convolutions, each
 * followed by a per-channel affine layer, and a 256x128 matrix), in plain C
 * on BLAS.  dlib runs the same arithmetic through its generic layer code,
 * whose image-to-column copies took about 40% of a descriptor's time; here
 * they are row copies, and each affine layer is folded into the convolution
 * before it.  The weights come from dlib's own file, read by dlib
 * (wf-embedder.cpp), which is also the reference the tests compare with.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Side of the input chip and length of a descriptor. */
#define WF_RESNET_INPUT_SIZE 150
#define WF_RESNET_OUTPUT_DIM 128
/* Convolutions (with their affine layers), from the input. */
#define WF_RESNET_N_CONVS 29

/* One convolution and the affine layer after it, in dlib's layouts. */
typedef struct {
  guint out_channels;
  guint in_channels;
  guint size;                   /* square kernels */
  guint stride;
  const gfloat *filters;        /* [out][in][size][size] */
  const gfloat *bias;           /* [out] */
  const gfloat *gamma;          /* [out] */
  const gfloat *beta;           /* [out] */
} WfResnetConv;

typedef struct _WfResnet WfResnet;

/*
 * Copies the weights: @convs from the input to the output, @fc the
 * 256x128 matrix (inputs by outputs, as dlib's fc_ holds it), @mean the
 * per-channel means (R, G, B) the input layer subtracts before dividing by
 * 256.  Fails, naming the layer, when the shapes are not that network's.
 */
WfResnet *      wf_resnet_new           (const WfResnetConv * convs,
                                         guint n_convs,
                                         const gfloat * fc,
                                         const gfloat mean[3],
                                         GError ** error);
void            wf_resnet_free          (WfResnet * net);

/* Bytes held: weights and the workspace of one forward pass. */
gsize           wf_resnet_get_bytes     (const WfResnet * net);

/*
 * One descriptor of a 150x150 RGB chip (rows packed, 3 bytes a pixel).
 * Uses the network's workspace: one call at a time per WfResnet.
 */
void            wf_resnet_describe      (WfResnet * net,
                                         const guint8 * chip,
                                         gfloat * out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfResnet, wf_resnet_free)

G_END_DECLS
