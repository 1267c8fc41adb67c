/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The tiny backend: face-api's tiny face detector (a tiny YOLOv2 with
 * separable convolutions, 0.2 MB of weights from the npm package set-up
 * installs, converted by wf-convert-tinyface) run by our own C code: the
 * products on BLAS, the rest in plain loops.  Weights and layout:
 * wf-tinyface-model.h.
 *
 * The network is fully convolutional: it runs on the frame's own aspect
 * (padded to a multiple of 32, where face-api pads to a square), scaled so
 * that its longer side is WF_TINY_INPUT_SIDE.  The input is RGB, minus the
 * network's mean colour, over 256, planar.  Each cell of the 32-pixel grid
 * predicts 5 boxes around anchors; a box's score is its sigmoid.
 */
#include "config.h"
#include "wf-detector-tiny.h"
#include "wf-tinyface-model.h"
#include "wf-blas.h"

#include <cblas.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

/* The network's input width, as a fraction of the working width: at 640
 * that is 544, between face-api's 416 (85% of the face-frames of the shared
 * 640x360 video at 0.5) and 640 (90%, at 2.2 times hog's CPU); with the
 * threshold of 0.4, 96% and no excess box there, 42 of the 43 VOC faces
 * with one false box, at hog's CPU per frame (docs/facedetect.md; each
 * fraction measured by rebuilding with it and running
 * tests/bench/facedetect-bench.py build --quick --only "gate off"). */
#define WF_TINY_INPUT_FRACTION 0.85
/* the longest side the network is given, however large the frame and
 * detect-width (0: the frame's own width) or upsample: its buffers then hold
 * at most about 100 MB */
#define WF_TINY_MAX_SIDE 1280
/* the front's suppression of overlapping boxes, face-api's IoU */
#define WF_TINY_NMS_IOU 0.4f
/* The network's boxes run from forehead to chin; dlib's HOG boxes, which
 * the 68-point predictor was trained on, from the eyebrows to the lower lip.
 * Medians over the 65 faces both found on the VOC photos and the shared
 * faces/ (3 photos of each of 19 people): the HOG box's centre is 5.2% of
 * the tiny box's height higher, its width 0.83 and its height 0.74 of the
 * tiny box's (centre x: +2.6% of the width, left as is); measured by
 * tests/bench/tiny-box-fit.py. */
#define WF_TINY_HOG_DY 0.052f
#define WF_TINY_HOG_W 0.83f
#define WF_TINY_HOG_H 0.74f
#define WF_TINY_N_SEP (WF_TINYFACE_N_LAYERS - 1)

static const gfloat mean_rgb[3] = { 117.001f, 114.697f, 97.404f };
/* anchors in cells (x, y) */
static const gfloat anchors[WF_TINYFACE_N_ANCHORS][2] = {
  {1.603231f, 2.094468f}, {6.041143f, 7.080126f}, {2.882459f, 3.518061f},
  {4.266906f, 5.178857f}, {9.041765f, 10.66308f},
};

typedef struct {
  const gfloat *dw, *pw, *bias;       /* dw NULL for conv0 */
} Layer;

typedef struct {
  gfloat *weights;                    /* WF_TINYFACE_N_FLOATS */
  const gfloat *w0, *b0;
  Layer layers[WF_TINY_N_SEP];
  const gfloat *w8, *b8;
} TinyModel;

typedef struct {
  TinyModel *model;
  gfloat *a, *b, *col;                /* scratch, grown as needed */
  gsize a_len, b_len, col_len;
  guint *xs;                          /* prepare_input's column map */
  gfloat *ax;
  gsize xs_len;
} TinyInstance;

static gboolean
refuse (GError ** error, const gchar * path)
{
  g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_MODEL,
      "%s is not a tiny face detector file (wf-convert-tinyface writes "
      "them)", path);
  return FALSE;
}

/* Reads the weights of @path into @weights (WF_TINYFACE_N_FLOATS): the
 * header and the file's size are checked before the weights are read, so
 * that a wrong or huge file costs neither memory nor time. */
static gboolean
read_weights (const gchar * path, gfloat * weights, GError ** error)
{
  const gsize want = 12 + (gsize) WF_TINYFACE_N_FLOATS * 4;
  guint8 head[12];
  GStatBuf st;
  gssize got;
  guint32 n;
  int fd;

  fd = g_open (path, O_RDONLY, 0);
  if (fd < 0 || fstat (fd, &st) != 0) {
    int errsv = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
        "Could not read %s: %s", path, g_strerror (errsv));
    if (fd >= 0)
      close (fd);
    return FALSE;
  }
  got = read (fd, head, sizeof head);
  if (got != (gssize) sizeof head || memcmp (head, WF_TINYFACE_MAGIC, 8) != 0) {
    close (fd);
    return refuse (error, path);
  }
  memcpy (&n, head + 8, 4);
  n = GUINT32_FROM_LE (n);
  if (n != WF_TINYFACE_N_FLOATS || !S_ISREG (st.st_mode) ||
      (guint64) st.st_size != want) {
    close (fd);
    g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_MODEL,
        "%s: %" G_GUINT64_FORMAT " bytes, not the %u weights of the tiny "
        "face detector", path, (guint64) st.st_size,
        (guint) WF_TINYFACE_N_FLOATS);
    return FALSE;
  }
  got = read (fd, weights, want - 12);
  close (fd);
  if (got != (gssize) (want - 12)) {
    g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_MODEL,
        "%s: could not read its %u weights", path,
        (guint) WF_TINYFACE_N_FLOATS);
    return FALSE;
  }
  for (guint32 i = 0; i < n; i++) {
    union { guint32 u; gfloat f; } v;
    memcpy (&v.u, &weights[i], 4);
    v.u = GUINT32_FROM_LE (v.u);
    if (!isfinite (v.f)) {
      g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_MODEL,
          "%s: weight %u is not a finite number", path, i);
      return FALSE;
    }
    weights[i] = v.f;
  }
  return TRUE;
}

static gpointer
tiny_load (const gchar * path, gpointer user_data, gsize * bytes,
    GError ** error)
{
  const gsize n = WF_TINYFACE_N_FLOATS;
  TinyModel *m;
  const gfloat *p;

  m = g_new0 (TinyModel, 1);
  m->weights = g_new (gfloat, n);
  if (!read_weights (path, m->weights, error)) {
    g_free (m->weights);
    g_free (m);
    return NULL;
  }
  p = m->weights;
  m->w0 = p;
  p += 16 * 27;
  m->b0 = p;
  p += 16;
  for (guint l = 0; l < WF_TINY_N_SEP; l++) {
    guint c = wf_tinyface_channels[l + 1], o = wf_tinyface_channels[l + 2];
    m->layers[l].dw = p;
    p += c * 9;
    m->layers[l].pw = p;
    p += (gsize) o * c;
    m->layers[l].bias = p;
    p += o;
  }
  m->w8 = p;
  p += WF_TINYFACE_OUTPUTS * 512;
  m->b8 = p;
  p += WF_TINYFACE_OUTPUTS;
  g_assert (p == m->weights + n);
  *bytes = (gsize) n * sizeof (gfloat) + sizeof *m;
  wf_blas_init_threads ();
  return m;
}

static void
tiny_free (gpointer model)
{
  TinyModel *m = model;

  if (m) {
    g_free (m->weights);
    g_free (m);
  }
}

static gpointer
tiny_instance_new (gpointer model, GError ** error)
{
  TinyInstance *inst = g_new0 (TinyInstance, 1);
  inst->model = model;
  return inst;
}

static void
tiny_instance_free (gpointer instance)
{
  TinyInstance *inst = instance;

  if (inst) {
    g_free (inst->a);
    g_free (inst->b);
    g_free (inst->col);
    g_free (inst->xs);
    g_free (inst->ax);
    g_free (inst);
  }
}

static gfloat *
grow (gfloat ** buf, gsize * len, gsize want)
{
  if (*len < want) {
    g_free (*buf);
    *buf = g_new (gfloat, want);
    *len = want;
  }
  return *buf;
}

/* The loops below are compiled twice, for AVX2 + FMA and for the baseline,
 * and the CPU picks at load (GCC's function multiversioning, an ifunc). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define WF_TINY_CLONES __attribute__ ((target_clones ("avx2", "default")))
#else
#define WF_TINY_CLONES
#endif

/* leaky ReLU, slope 0.1: max (v, 0.1 v), a form the vectoriser takes */
static inline gfloat
leaky (gfloat v)
{
  gfloat s = 0.1f * v;
  return v > s ? v : s;
}

/* bias per channel, then leaky ReLU, in place */
WF_TINY_CLONES static void
bias_leaky (gfloat * t, const gfloat * bias, guint c, gsize hw)
{
  for (guint i = 0; i < c; i++) {
    gfloat *row = t + i * hw, b = bias[i];
    for (gsize k = 0; k < hw; k++)
      row[k] = leaky (row[k] + b);
  }
}

/* 2x2 max pool, TensorFlow's "same" padding: out ceil(h / s) x ceil(w / s),
 * windows cut at the bottom and right edges; @row is scratch of @w + 1 */
WF_TINY_CLONES static void
max_pool (const gfloat * in, guint c, guint h, guint w, guint stride,
    gfloat * out, gfloat * row, guint * oh_out, guint * ow_out)
{
  guint oh = (h + stride - 1) / stride, ow = (w + stride - 1) / stride;

  for (guint i = 0; i < c; i++) {
    const gfloat *src = in + (gsize) i * h * w;
    gfloat *dst = out + (gsize) i * oh * ow;
    for (guint y = 0; y < oh; y++) {
      const gfloat *r0 = src + (gsize) y * stride * w;
      const gfloat *r1 = y * stride + 1 < h ? r0 + w : r0;
      gfloat *d = dst + (gsize) y * ow;
      for (guint x = 0; x < w; x++)
        row[x] = MAX (r0[x], r1[x]);
      row[w] = row[w - 1];
      if (stride == 2)
        for (guint x = 0; x < ow; x++)
          d[x] = MAX (row[2 * x], row[2 * x + 1]);
      else
        for (guint x = 0; x < ow; x++)
          d[x] = MAX (row[x], row[x + 1]);
    }
  }
  *oh_out = oh;
  *ow_out = ow;
}

/* 3x3 depthwise convolution, zero padding of 1 (same size) */
WF_TINY_CLONES static void
depthwise (const gfloat * in, const gfloat * k, guint c, guint h, guint w,
    gfloat * out)
{
  for (guint i = 0; i < c; i++) {
    const gfloat *src = in + (gsize) i * h * w, *kk = k + i * 9;
    gfloat *dst = out + (gsize) i * h * w;
    for (guint y = 0; y < h; y++) {
      gfloat *restrict d = dst + (gsize) y * w;
      memset (d, 0, w * sizeof (gfloat));
      for (gint dy = -1; dy <= 1; dy++) {
        gint sy = (gint) y + dy;
        const gfloat *restrict s;
        gfloat k0, k1, k2;
        if (sy < 0 || sy >= (gint) h)
          continue;
        s = src + (gsize) sy * w;
        k0 = kk[(dy + 1) * 3];
        k1 = kk[(dy + 1) * 3 + 1];
        k2 = kk[(dy + 1) * 3 + 2];
        d[0] += k1 * s[0] + (w > 1 ? k2 * s[1] : 0);
        for (gsize x = 1; x + 1 < w; x++)
          d[x] += k0 * s[x - 1] + k1 * s[x] + k2 * s[x + 1];
        if (w > 1)
          d[w - 1] += k0 * s[w - 2] + k1 * s[w - 1];
      }
    }
  }
}

/* conv0, direct, and its 2x2 pool: 3x3, no padding, 3 -> 16 channels.
 * @in is 3 planes of @pw x (@oh + 2); @out gets 16 planes of ceil (@oh / 2)
 * x ceil (@ow / 2), before bias and activation (pooling first is the same,
 * see tiny_detect).  Two rows at a time, so that neither the full-size
 * output nor an im2col copy of the input is ever held (they were a tenth of
 * the time and most of the memory). */
WF_TINY_CLONES static void
conv0_pool (const gfloat * in, const gfloat * wt, guint pw, guint oh,
    guint ow, gfloat * out, gfloat * rows, guint * ph_out, guint * pw_out)
{
  const gsize plane_in = (gsize) pw * (oh + 2);
  const guint qh = (oh + 1) / 2, qw = (ow + 1) / 2;
  const gsize plane_out = (gsize) qh * qw;

  for (guint y = 0; y < qh; y++) {
    const guint n_rows = 2 * y + 1 < oh ? 2 : 1;
    for (guint r = 0; r < n_rows; r++)
      for (guint o = 0; o < 16; o++) {
        gfloat *restrict d = rows + ((gsize) o * 2 + r) * (ow + 1);
        memset (d, 0, ow * sizeof (gfloat));
        for (guint c = 0; c < 3; c++)
          for (guint ky = 0; ky < 3; ky++) {
            const gfloat *restrict s = in + c * plane_in +
                (gsize) (2 * y + r + ky) * pw;
            const gfloat *k = wt + o * 27 + c * 9 + ky * 3;
            const gfloat k0 = k[0], k1 = k[1], k2 = k[2];
            /* gsize: an unsigned int index that could wrap stops the
             * vectoriser */
            for (gsize x = 0; x < ow; x++)
              d[x] += k0 * s[x] + k1 * s[x + 1] + k2 * s[x + 2];
          }
      }
    for (guint o = 0; o < 16; o++) {
      gfloat *restrict r0 = rows + (gsize) o * 2 * (ow + 1);
      const gfloat *restrict r1 = n_rows == 2 ? r0 + ow + 1 : r0;
      gfloat *restrict d = out + o * plane_out + (gsize) y * qw;
      for (gsize x = 0; x < ow; x++)
        r0[x] = MAX (r0[x], r1[x]);
      r0[ow] = r0[ow - 1];
      for (gsize x = 0; x < qw; x++)
        d[x] = MAX (r0[2 * x], r0[2 * x + 1]);
    }
  }
  *ph_out = qh;
  *pw_out = qw;
}

/* The network input: @image (RGB) scaled bilinearly by @scale into the top
 * left of a @pw x @ph plane per channel, normalised; the rest is what
 * face-api's black padding becomes. */
static void
prepare_input (TinyInstance * inst, const WfImage * image, gdouble scale,
    guint pw, guint ph, gfloat * out)
{
  guint sw = MIN (pw, (guint) lround (image->width * scale));
  guint sh = MIN (ph, (guint) lround (image->height * scale));
  gsize plane = (gsize) pw * ph;
  guint *xs;
  gfloat *ax;
  const gfloat inv = 1.f / 256.f;

  if (inst->xs_len < sw) {
    g_free (inst->xs);
    g_free (inst->ax);
    inst->xs = g_new (guint, 2 * (gsize) sw);
    inst->ax = g_new (gfloat, sw);
    inst->xs_len = sw;
  }
  xs = inst->xs;
  ax = inst->ax;

  for (guint c = 0; c < 3; c++) {
    gfloat pad = -mean_rgb[c] * inv;
    for (gsize k = 0; k < plane; k++)
      out[c * plane + k] = pad;
  }
  for (guint x = 0; x < sw; x++) {
    gdouble fx = MAX (0.0, (x + 0.5) / scale - 0.5);
    guint x0 = MIN ((guint) fx, (guint) image->width - 1);
    xs[2 * x] = x0 * 3;
    xs[2 * x + 1] = MIN (x0 + 1, (guint) image->width - 1) * 3;
    ax[x] = (gfloat) (fx - x0);
  }
  for (guint y = 0; y < sh; y++) {
    gdouble fy = MAX (0.0, (y + 0.5) / scale - 0.5);
    guint y0 = MIN ((guint) fy, (guint) image->height - 1);
    guint y1 = MIN (y0 + 1, (guint) image->height - 1);
    gfloat ay = (gfloat) (fy - y0);
    const guint8 *r0 = image->data[0] + (gsize) y0 * image->stride[0];
    const guint8 *r1 = image->data[0] + (gsize) y1 * image->stride[0];
    for (guint c = 0; c < 3; c++) {
      gfloat *o = out + c * plane + (gsize) y * pw, m = mean_rgb[c];
      for (guint x = 0; x < sw; x++) {
        guint i0 = xs[2 * x] + c, i1 = xs[2 * x + 1] + c;
        gfloat top = r0[i0] + (r0[i1] - r0[i0]) * ax[x];
        gfloat bot = r1[i0] + (r1[i1] - r1[i0]) * ax[x];
        o[x] = (top + (bot - top) * ay - m) * inv;
      }
    }
  }
}

static inline gfloat
sigmoid (gfloat v)
{
  return 1.f / (1.f + expf (-v));
}

static gboolean
tiny_detect (gpointer instance, const WfImage * image,
    const WfDetectParams * params, GArray * faces, GError ** error)
{
  TinyInstance *inst = instance;
  TinyModel *m = inst->model;
  gdouble scale, work;
  guint pw, ph, h, w, c;
  gsize quarter;
  gfloat *a, *b, *col, *t;
  gfloat thr = (gfloat) params->threshold;

  if (image->width < 16 || image->height < 16)
    return TRUE;
  /* the working width: doubled as upsample says (the front resolved
   * auto), at most detect-width; the network sees a fixed fraction of it */
  work = (gdouble) image->width * (1 << CLAMP (params->upsample, 0, 2));
  if (params->detect_width > 0)
    work = MIN (work, MAX ((gdouble) params->detect_width, image->width));
  scale = work * WF_TINY_INPUT_FRACTION / image->width;
  scale = MIN (scale, (gdouble) WF_TINY_MAX_SIDE /
      MAX (image->width, image->height));
  pw = ((guint) ceil (image->width * scale) + 31) / 32 * 32;
  ph = ((guint) ceil (image->height * scale) + 31) / 32 * 32;
  pw = CLAMP (pw, 32, WF_TINY_MAX_SIDE);
  ph = CLAMP (ph, 32, WF_TINY_MAX_SIDE);
  /* a: the input (3 planes), then each layer's pooled output (conv0's 16
   * at a quarter size is the largest); b: each depthwise output, as large;
   * col: each pointwise output before pooling (conv1's 32 at a quarter) */
  quarter = (gsize) (pw / 2) * (ph / 2);
  a = grow (&inst->a, &inst->a_len, MAX ((gsize) 3 * pw * ph, 16 * quarter));
  b = grow (&inst->b, &inst->b_len, 16 * quarter);
  col = grow (&inst->col, &inst->col_len,
      MAX (32 * quarter, (gsize) 16 * 2 * (pw + 1)));

  prepare_input (inst, image, scale, pw, ph, a);

  /* conv0: 3x3, no padding, 3 -> 16, pooled; x -> leaky (x + bias) is
   * increasing, so pooling first is the same and leaves a quarter of the
   * work */
  conv0_pool (a, m->w0, pw, ph - 2, pw - 2, b, col, &h, &w);
  t = a;
  a = b;
  b = t;
  bias_leaky (a, m->b0, 16, (gsize) h * w);
  c = 16;

  /* conv1 .. conv5: depthwise 3x3 + pointwise + bias + leaky, each pooled
   * (the last with stride 1) */
  for (guint l = 0; l < WF_TINY_N_SEP; l++) {
    guint o = wf_tinyface_channels[l + 2];
    depthwise (a, m->layers[l].dw, c, h, w, b);
    cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) o,
        (int) (h * w), (int) c, 1.f, m->layers[l].pw, (int) c, b,
        (int) (h * w), 0.f, col, (int) (h * w));
    /* b, the depthwise output, is free again: the pool's row scratch */
    max_pool (col, o, h, w, l + 1 < WF_TINY_N_SEP ? 2 : 1, a, b, &h, &w);
    bias_leaky (a, m->layers[l].bias, o, (gsize) h * w);
    c = o;
  }

  /* conv8: 1x1, 512 -> 25, linear */
  t = b;
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans,
      WF_TINYFACE_OUTPUTS, (int) (h * w), (int) c, 1.f, m->w8, (int) c, a,
      (int) (h * w), 0.f, t, (int) (h * w));

  /* every box over the threshold; the front sorts them, suppresses the
   * overlapping ones (nms_iou), clips them to the image and applies
   * min-size and max-faces */
  for (guint gy = 0; gy < h; gy++)
    for (guint gx = 0; gx < w; gx++)
      for (guint an = 0; an < WF_TINYFACE_N_ANCHORS; an++) {
        const gsize hw = (gsize) h * w, at = (gsize) gy * w + gx;
        const gfloat *v = t + (gsize) an * 5 * hw + at;
        gfloat score = sigmoid (v[4 * hw]);
        gfloat cx, cy, bw, bh;
        WfFace f = { 0 };
        if (score < thr)
          continue;
        cx = (gx + sigmoid (v[0])) * 32.f;
        cy = (gy + sigmoid (v[hw])) * 32.f;
        bw = expf (MIN (v[2 * hw], 8.f)) * anchors[an][0] * 32.f;
        bh = expf (MIN (v[3 * hw], 8.f)) * anchors[an][1] * 32.f;
        /* in dlib HOG's box convention, which the landmark predictor and
         * the rest of the pipeline expect (see WF_TINY_HOG_*) */
        cy -= WF_TINY_HOG_DY * bh;
        bw *= WF_TINY_HOG_W;
        bh *= WF_TINY_HOG_H;
        f.box.x = (gfloat) ((cx - bw / 2) / scale);
        f.box.y = (gfloat) ((cy - bh / 2) / scale);
        f.box.w = (gfloat) (bw / scale);
        f.box.h = (gfloat) (bh / scale);
        f.confidence = score;
        g_array_append_val (faces, f);
      }
  return TRUE;
}


const WfDetectorOps wf_detector_tiny_ops = {
  "wf-tinyface", WF_TINYFACE_FILE, WF_PIXEL_RGB, 0.4,
  tiny_load, tiny_free, tiny_instance_new, tiny_instance_free, tiny_detect,
  WF_TINY_NMS_IOU,
};
