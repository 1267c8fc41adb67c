/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-face-quality.h"

#include <math.h>
#include <string.h>

static inline guint
luma_at (const WfImage * img, gint x, gint y)
{
  const guint8 *row = img->data[0] + (gsize) y * img->stride[0];

  switch (img->format) {
    case WF_PIXEL_GRAY8:
    case WF_PIXEL_I420:
    case WF_PIXEL_NV12:
      return row[x];
    case WF_PIXEL_RGB:
    case WF_PIXEL_BGR:{
      const guint8 *p = row + x * 3;
      return (p[0] + 2 * p[1] + p[2]) >> 2;
    }
    case WF_PIXEL_RGBX:
    case WF_PIXEL_BGRX:
    case WF_PIXEL_RGBA:
    case WF_PIXEL_BGRA:
    default:{
      const guint8 *p = row + x * 4;
      return (p[0] + 2 * p[1] + p[2]) >> 2;
    }
  }
}

gboolean
wf_face_signature (const WfImage * img, const WfRect * box, gfloat * sig)
{
  const gint n = WF_FACE_SIGNATURE_SIDE;
  /* the central 80%: the background at the box edges is not the face */
  gdouble x0 = box->x + box->w * 0.1, y0 = box->y + box->h * 0.1;
  gdouble cw = box->w * 0.8 / n, ch = box->h * 0.8 / n;
  gdouble mean = 0, norm = 0;

  memset (sig, 0, sizeof (gfloat) * WF_FACE_SIGNATURE_DIM);
  if (img->width <= 0 || img->height <= 0 || !(box->w > 0 && box->h > 0))
    return FALSE;
  if (box->x >= img->width || box->y >= img->height ||
      box->x + box->w <= 0 || box->y + box->h <= 0)
    return FALSE;
  for (gint j = 0; j < n; j++) {
    for (gint i = 0; i < n; i++) {
      guint sum = 0;
      /* 4x4 samples per cell: a cell's mean, so a box off by a few pixels
       * (detector jitter) changes the signature little */
      for (gint k = 0; k < 16; k++) {
        gint x = (gint) (x0 + cw * (i + 0.125 + 0.25 * (k & 3)));
        gint y = (gint) (y0 + ch * (j + 0.125 + 0.25 * (k >> 2)));
        x = CLAMP (x, 0, img->width - 1);
        y = CLAMP (y, 0, img->height - 1);
        sum += luma_at (img, x, y);
      }
      sig[j * n + i] = sum / 16.0f;
      mean += sum / 16.0;
    }
  }
  mean /= WF_FACE_SIGNATURE_DIM;
  for (gint i = 0; i < WF_FACE_SIGNATURE_DIM; i++) {
    sig[i] -= (gfloat) mean;
    norm += (gdouble) sig[i] * sig[i];
  }
  if (norm < 1e-6) {
    memset (sig, 0, sizeof (gfloat) * WF_FACE_SIGNATURE_DIM);
    return FALSE;
  }
  norm = sqrt (norm);
  for (gint i = 0; i < WF_FACE_SIGNATURE_DIM; i++)
    sig[i] = (gfloat) (sig[i] / norm);
  return TRUE;
}

gdouble
wf_face_signature_similarity (const gfloat * a, const gfloat * b)
{
  gdouble dot = 0;

  for (gint i = 0; i < WF_FACE_SIGNATURE_DIM; i++)
    dot += (gdouble) a[i] * b[i];
  return CLAMP (dot, -1.0, 1.0);
}

gdouble
wf_face_chip_sharpness (const guint8 * chip, guint side)
{
  /* the centre half of the chip: eyes, nose, mouth */
  guint lo = side / 4, hi = side - side / 4;
  gdouble sum = 0, sum2 = 0, lap = 0;
  guint n = 0;

  if (side < 8)
    return 0;
#define GREY(x, y) ((gdouble) chip[((gsize) (y) * side + (x)) * 3] + \
    chip[((gsize) (y) * side + (x)) * 3 + 1] + \
    chip[((gsize) (y) * side + (x)) * 3 + 2])
  for (guint y = lo; y < hi; y++) {
    for (guint x = lo; x < hi; x++) {
      gdouble c = GREY (x, y);
      sum += c;
      sum2 += c * c;
      lap += fabs (4 * c - GREY (x - 1, y) - GREY (x + 1, y) -
          GREY (x, y - 1) - GREY (x, y + 1));
      n++;
    }
  }
#undef GREY
  {
    gdouble mean = sum / n;
    gdouble sd = sqrt (MAX (sum2 / n - mean * mean, 0));
    return sd < 1.0 ? 0 : (lap / n) / sd;
  }
}

gdouble
wf_face_frontality (const gfloat * lm)
{
  /* 68-point numbering: 36 and 45 the outer eye corners, 30 the nose tip */
  gdouble ex0 = lm[36 * 2], ey0 = lm[36 * 2 + 1];
  gdouble ex1 = lm[45 * 2], ey1 = lm[45 * 2 + 1];
  gdouble nx = lm[30 * 2], ny = lm[30 * 2 + 1];
  gdouble dx = ex1 - ex0, dy = ey1 - ey0;
  gdouble len2 = dx * dx + dy * dy, t;

  if (len2 < 1e-6)
    return 0;
  /* where the nose tip projects on the eye line, 0.5 = centred */
  t = ((nx - ex0) * dx + (ny - ey0) * dy) / len2;
  return CLAMP (1.0 - fabs (t - 0.5) * 2.0, 0.0, 1.0);
}

gdouble
wf_face_quality (const guint8 * chip, guint side, const gfloat * landmarks)
{
  gdouble q = wf_face_chip_sharpness (chip, side) / WF_FACE_SHARPNESS_FULL;

  if (landmarks)
    q = MIN (q, wf_face_frontality (landmarks));
  return CLAMP (q, 0.0, 1.0);
}
