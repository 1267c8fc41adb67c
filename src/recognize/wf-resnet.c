/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The face recognition ResNet, forward only (see wf-resnet.h).
 *
 * From the input: a 7x7/2 convolution, 3x3/2 max pooling, then 14
 * residual blocks of two 3x3 convolutions (32, 32, 32, 64 down, 64, 64,
 * 64, 128 down, 128, 128, 256 down, 256, 256, 256 down filters), a global
 * average and the 256x128 matrix.  As in dlib's layer definitions:
 * - a convolution with stride 1 pads by half its size, one with stride 2
 *   does not pad; every pooling is unpadded;
 * - a block is conv, affine, relu, conv, affine; its shortcut is the input,
 *   or in a "down" block (first convolution with stride 2) the input's 2x2
 *   average; the sum is taken where either tensor has a value (the smaller
 *   one counts as zero beyond its edges: channels, rows and columns, from
 *   the top left) and goes through relu.
 * Convolutions are an image-to-columns copy and one BLAS product; the
 * affine layer after each (gamma, beta per channel) is folded into the
 * convolution's weights and bias at load.
 */
#include "config.h"
#include "wf-resnet.h"
#include "wf-embedder.h"

#include <cblas.h>
#include "wf-blas.h"
#include <string.h>

/* The layer sizes of the network: filters and stride of every
 * convolution, from the input. */
static const struct {
  guint out, size, stride;
} layout[WF_RESNET_N_CONVS] = {
  {32, 7, 2},
  {32, 3, 1}, {32, 3, 1}, {32, 3, 1}, {32, 3, 1}, {32, 3, 1}, {32, 3, 1},
  {64, 3, 2}, {64, 3, 1}, {64, 3, 1}, {64, 3, 1}, {64, 3, 1}, {64, 3, 1},
  {64, 3, 1}, {64, 3, 1},
  {128, 3, 2}, {128, 3, 1}, {128, 3, 1}, {128, 3, 1}, {128, 3, 1},
  {128, 3, 1},
  {256, 3, 2}, {256, 3, 1}, {256, 3, 1}, {256, 3, 1}, {256, 3, 1},
  {256, 3, 1},
  {256, 3, 2}, {256, 3, 1},
};

#define FC_INPUTS 256

/* A convolution with its affine layer folded in. */
typedef struct {
  guint out, in, size, stride;
  gfloat *weights;              /* [out][in * size * size] */
  gfloat *bias;                 /* [out] */
} Conv;

/* An activation: channels of rows of columns. */
typedef struct {
  guint c, h, w;
  gfloat *data;
} Tensor;

/* The largest activation is the first convolution's: 32 x 72 x 72. */
#define MAX_ACTIVATION (32 * 72 * 72)
#define N_BUFFERS 4
/* The input of a stride-2 convolution split by column parity: at most the
 * chip's 3 planes of 150 x 150 (the others are 32 x 35 x 35 and smaller). */
#define MAX_PHASES (3 * 150 * 151)

struct _WfResnet
{
  Conv convs[WF_RESNET_N_CONVS];
  gfloat fc[FC_INPUTS * WF_RESNET_OUTPUT_DIM];
  gfloat mean[3];
  /* workspace of one forward pass */
  gfloat *buffers[N_BUFFERS];
  gfloat *columns;
  gsize n_columns;
  gfloat *phases;
  gsize bytes;
};

static guint
conv_out_side (const Conv * c, guint side)
{
  guint pad = c->stride != 1 ? 0 : c->size / 2;

  return 1 + (side + 2 * pad - c->size) / c->stride;
}

WfResnet *
wf_resnet_new (const WfResnetConv * convs, guint n_convs, const gfloat * fc,
    const gfloat mean[3], GError ** error)
{
  g_autoptr (WfResnet) self = NULL;
  guint in = 3, side = WF_RESNET_INPUT_SIZE;

  g_return_val_if_fail (convs != NULL && fc != NULL && mean != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_convs != WF_RESNET_N_CONVS) {
    g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL,
        "The face recognition network has %u convolutions instead of %u",
        n_convs, WF_RESNET_N_CONVS);
    return NULL;
  }

  wf_blas_init_threads ();
  self = g_new0 (WfResnet, 1);
  self->bytes = sizeof *self;
  for (guint i = 0; i < n_convs; i++) {
    const WfResnetConv *src = &convs[i];
    Conv *c = &self->convs[i];
    gsize k;

    /* The second convolution of a down block reads the first's output,
     * every other one what the previous block or the stem gave. */
    if (src->out_channels != layout[i].out || src->in_channels != in
        || src->size != layout[i].size || src->stride != layout[i].stride) {
      g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL,
          "Convolution %u of the face recognition network is %ux%u/%u from "
          "%u to %u channels, not %ux%u/%u from %u to %u", i + 1, src->size,
          src->size, src->stride, src->in_channels, src->out_channels,
          layout[i].size, layout[i].size, layout[i].stride, in,
          layout[i].out);
      return NULL;
    }
    c->out = src->out_channels;
    c->in = src->in_channels;
    c->size = src->size;
    c->stride = src->stride;
    k = (gsize) c->in * c->size * c->size;
    c->weights = g_new (gfloat, c->out * k);
    c->bias = g_new (gfloat, c->out);
    for (guint o = 0; o < c->out; o++) {
      for (gsize j = 0; j < k; j++)
        c->weights[o * k + j] = src->gamma[o] * src->filters[o * k + j];
      c->bias[o] = src->gamma[o] * src->bias[o] + src->beta[o];
    }
    self->bytes += (c->out * k + c->out) * sizeof (gfloat);

    side = conv_out_side (c, side);
    self->n_columns = MAX (self->n_columns, k * side * side);
    if (i == 0)
      side = 1 + (side - 3) / 2;        /* max pooling */
    in = c->out;
  }
  memcpy (self->fc, fc, sizeof self->fc);
  memcpy (self->mean, mean, sizeof self->mean);

  self->columns = g_new (gfloat, self->n_columns);
  for (guint i = 0; i < N_BUFFERS; i++)
    self->buffers[i] = g_new (gfloat, MAX_ACTIVATION);
  self->phases = g_new (gfloat, MAX_PHASES);
  self->bytes += (self->n_columns + N_BUFFERS * MAX_ACTIVATION + MAX_PHASES)
      * sizeof (gfloat);
  return g_steal_pointer (&self);
}

void
wf_resnet_free (WfResnet * self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < WF_RESNET_N_CONVS; i++) {
    g_free (self->convs[i].weights);
    g_free (self->convs[i].bias);
  }
  for (guint i = 0; i < N_BUFFERS; i++)
    g_free (self->buffers[i]);
  g_free (self->columns);
  g_free (self->phases);
  g_free (self);
}

gsize
wf_resnet_get_bytes (const WfResnet * self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->bytes;
}

/* Image to columns: row (c, ky, kx) holds, for every output position, the
 * input value that kernel tap multiplies (0 in the padding).  Every row
 * segment is one copy: with stride 2, from @phases, the input split into
 * its even and odd columns (stride-2 convolutions do not pad). */
static void
im2col (const Tensor * in, const Conv * c, guint oh, guint ow,
    gfloat * phases, gfloat * col)
{
  const gint pad = c->stride != 1 ? 0 : (gint) c->size / 2;
  const gsize n = (gsize) oh * ow;
  const guint half = (in->w + 1) / 2;

  g_assert (c->stride == 1 || c->stride == 2);
  if (c->stride == 2) {
    for (guint y = 0; y < in->c * in->h; y++) {
      const gfloat *src = in->data + (gsize) y * in->w;
      gfloat *even = phases + (gsize) y * 2 * half, *odd = even + half;
      for (guint x = 0; x < in->w; x++)
        (x & 1 ? odd : even)[x / 2] = src[x];
    }
  }

  for (guint ch = 0; ch < in->c; ch++) {
    for (guint ky = 0; ky < c->size; ky++)
      for (guint kx = 0; kx < c->size; kx++, col += n) {
        const gint dx = (gint) kx - pad;
        /* output columns whose input column lies inside the image */
        gint x0 = 0, x1 = (gint) ow;

        while (x0 < x1 && x0 * (gint) c->stride + dx < 0)
          x0++;
        while (x1 > x0 && (x1 - 1) * (gint) c->stride + dx >= (gint) in->w)
          x1--;

        if (c->stride == 1 && ow == in->w && oh == in->h) {
          /* Same size out as in: the rows inside the image are one block
           * of the plane, moved by (ky - pad, dx); then the columns the
           * shift wrapped round from the neighbouring row are zeroed. */
          const gint y0 = MAX (0, pad - (gint) ky);
          const gint y1 = MIN ((gint) oh, (gint) in->h + pad - (gint) ky);
          const gfloat *plane = in->data + (gsize) ch * in->h * in->w;

          memset (col, 0, (gsize) y0 * ow * sizeof (gfloat));
          if (y1 > y0) {
            gsize first = (gsize) y0 * ow + x0, last = (gsize) (y1 - 1) * ow
                + x1;
            memcpy (col + first, plane + (gssize) first + ((gssize) ky - pad)
                * (gssize) in->w + dx, (last - first) * sizeof (gfloat));
            for (gint oy = y0; oy < y1; oy++) {
              for (gint x = 0; x < x0; x++)
                col[(gsize) oy * ow + x] = 0.0f;
              for (gint x = x1; x < (gint) ow; x++)
                col[(gsize) oy * ow + x] = 0.0f;
            }
          }
          memset (col + (gsize) MAX (y1, y0) * ow, 0,
              (gsize) (oh - MAX (y1, y0)) * ow * sizeof (gfloat));
          continue;
        }

        for (guint oy = 0; oy < oh; oy++) {
          const gint iy = (gint) (oy * c->stride + ky) - pad;
          gfloat *dst = col + (gsize) oy * ow;
          const gfloat *src;

          if (iy < 0 || iy >= (gint) in->h) {
            memset (dst, 0, ow * sizeof (gfloat));
            continue;
          }
          if (c->stride == 1)
            src = in->data + ((gsize) ch * in->h + iy) * in->w + dx;
          else
            src = phases + ((gsize) ch * in->h + iy) * 2 * half
                + (dx & 1) * half + dx / 2;
          memset (dst, 0, x0 * sizeof (gfloat));
          memcpy (dst + x0, src + x0, (x1 - x0) * sizeof (gfloat));
          memset (dst + x1, 0, (ow - x1) * sizeof (gfloat));
        }
      }
  }
}

/* out = relu? (conv (in)) */
static void
convolve (WfResnet * self, const Conv * c, const Tensor * in, Tensor * out,
    gboolean relu)
{
  const guint oh = conv_out_side (c, in->h), ow = conv_out_side (c, in->w);
  const gsize n = (gsize) oh * ow, k = (gsize) c->in * c->size * c->size;

  g_assert (k * n <= self->n_columns);
  g_assert (c->out * n <= MAX_ACTIVATION);
  out->c = c->out;
  out->h = oh;
  out->w = ow;
  g_assert ((gsize) in->c * in->h * (in->w + 1) <= MAX_PHASES);
  im2col (in, c, oh, ow, self->phases, self->columns);
  for (guint o = 0; o < c->out; o++) {
    gfloat *row = out->data + o * n;
    for (gsize j = 0; j < n; j++)
      row[j] = c->bias[o];
  }
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) c->out,
      (int) n, (int) k, 1.0f, c->weights, (int) k, self->columns, (int) n,
      1.0f, out->data, (int) n);
  if (relu)
    for (gsize j = 0; j < c->out * n; j++)
      out->data[j] = MAX (out->data[j], 0.0f);
}

/* Unpadded pooling, @size x @size windows moved by @stride; the maximum,
 * or the mean. */
static void
pool (const Tensor * in, guint size, guint stride, gboolean mean,
    Tensor * out)
{
  out->c = in->c;
  out->h = 1 + (in->h - size) / stride;
  out->w = 1 + (in->w - size) / stride;
  for (guint ch = 0; ch < in->c; ch++) {
    const gfloat *plane = in->data + (gsize) ch * in->h * in->w;
    gfloat *dst = out->data + (gsize) ch * out->h * out->w;

    for (guint y = 0; y < out->h; y++)
      for (guint x = 0; x < out->w; x++) {
        const gfloat *win = plane + (gsize) y * stride * in->w + x * stride;
        gfloat v = mean ? 0.0f : win[0];

        for (guint wy = 0; wy < size; wy++)
          for (guint wx = 0; wx < size; wx++) {
            gfloat p = win[wy * in->w + wx];
            v = mean ? v + p : MAX (v, p);
          }
        *dst++ = mean ? v / (gfloat) (size * size) : v;
      }
  }
}

static inline gfloat
at (const Tensor * t, guint c, guint y, guint x)
{
  if (c >= t->c || y >= t->h || x >= t->w)
    return 0.0f;
  return t->data[((gsize) c * t->h + y) * t->w + x];
}

/* out = relu (a + b), each zero beyond its own extent. */
static void
add_relu (const Tensor * a, const Tensor * b, Tensor * out)
{
  out->c = MAX (a->c, b->c);
  out->h = MAX (a->h, b->h);
  out->w = MAX (a->w, b->w);
  g_assert ((gsize) out->c * out->h * out->w <= MAX_ACTIVATION);
  if (a->c == b->c && a->h == b->h && a->w == b->w) {
    for (gsize j = 0; j < (gsize) out->c * out->h * out->w; j++)
      out->data[j] = MAX (a->data[j] + b->data[j], 0.0f);
    return;
  }
  for (guint c = 0; c < out->c; c++)
    for (guint y = 0; y < out->h; y++)
      for (guint x = 0; x < out->w; x++)
        out->data[((gsize) c * out->h + y) * out->w + x] =
            MAX (at (a, c, y, x) + at (b, c, y, x), 0.0f);
}

void
wf_resnet_describe (WfResnet * self, const guint8 * chip, gfloat * out)
{
  const guint side = WF_RESNET_INPUT_SIZE;
  Tensor t[N_BUFFERS];
  Tensor *x, *a, *b, *sum;
  gfloat avg[FC_INPUTS];

  g_return_if_fail (self != NULL && chip != NULL && out != NULL);

  for (guint i = 0; i < N_BUFFERS; i++)
    t[i].data = self->buffers[i];

  /* The input layer: planes R, G, B of (value - mean) / 256. */
  t[0].c = 3;
  t[0].h = t[0].w = side;
  for (guint ch = 0; ch < 3; ch++) {
    gfloat *dst = t[0].data + (gsize) ch * side * side;
    for (gsize j = 0; j < (gsize) side * side; j++)
      dst[j] = ((gfloat) chip[3 * j + ch] - self->mean[ch]) / 256.0f;
  }

  convolve (self, &self->convs[0], &t[0], &t[1], TRUE);
  pool (&t[1], 3, 2, FALSE, &t[0]);

  x = &t[0];
  a = &t[1];
  b = &t[2];
  sum = &t[3];
  for (guint i = 1; i < WF_RESNET_N_CONVS; i += 2) {
    const Conv *first = &self->convs[i];
    const Tensor *shortcut = x;
    Tensor *swap;

    convolve (self, first, x, a, TRUE);
    convolve (self, &self->convs[i + 1], a, b, FALSE);
    if (first->stride != 1) {
      pool (x, 2, 2, TRUE, a);
      shortcut = a;
    }
    add_relu (b, shortcut, sum);
    swap = x;
    x = sum;
    sum = swap;
  }

  g_assert (x->c == FC_INPUTS);
  for (guint ch = 0; ch < FC_INPUTS; ch++) {
    const gfloat *plane = x->data + (gsize) ch * x->h * x->w;
    gfloat s = 0.0f;
    for (gsize j = 0; j < (gsize) x->h * x->w; j++)
      s += plane[j];
    avg[ch] = s / (gfloat) (x->h * x->w);
  }
  cblas_sgemv (CblasRowMajor, CblasTrans, FC_INPUTS, WF_RESNET_OUTPUT_DIM,
      1.0f, self->fc, WF_RESNET_OUTPUT_DIM, avg, 1, 0.0f, out, 1);
}
