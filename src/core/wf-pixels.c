/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-pixels.h"

#include <string.h>

/* BT.601 in 16-bit fixed point: luma and chroma scale for the video range
 * (255/219, 255/224 * the full-range factors) and for the full range. */
#define FIX(v) ((gint) ((v) * 65536.0 + 0.5))

static inline guint8
clamp_u8 (gint v)
{
  return (guint8) (v < 0 ? 0 : (v > 255 ? 255 : v));
}

/* Byte offsets of R, G, B in a packed pixel, and the pixel size. */
static gboolean
packed_layout (WfPixelFormat f, gint * r, gint * g, gint * b, gint * bpp)
{
  switch (f) {
    case WF_PIXEL_RGB:
      *r = 0, *g = 1, *b = 2, *bpp = 3;
      return TRUE;
    case WF_PIXEL_BGR:
      *r = 2, *g = 1, *b = 0, *bpp = 3;
      return TRUE;
    case WF_PIXEL_RGBX:
    case WF_PIXEL_RGBA:
      *r = 0, *g = 1, *b = 2, *bpp = 4;
      return TRUE;
    case WF_PIXEL_BGRX:
    case WF_PIXEL_BGRA:
      *r = 2, *g = 1, *b = 0, *bpp = 4;
      return TRUE;
    default:
      return FALSE;
  }
}

gint
wf_pixel_format_bpp (WfPixelFormat format)
{
  gint r, g, b, bpp;

  if (packed_layout (format, &r, &g, &b, &bpp))
    return bpp;
  return 1;
}

static void
yuv_row (const WfImage * src, gint y, gint x0, gint w, guint8 * d, gint dr,
    gint db)
{
  const gboolean nv12 = src->format == WF_PIXEL_NV12;
  const guint8 *ys = src->data[0] + (gsize) y * src->stride[0];
  const guint8 *us = src->data[1] + (gsize) (y / 2) * src->stride[1];
  const guint8 *vs = nv12 ? us + 1 : src->data[2] + (gsize) (y / 2) *
      src->stride[2];
  /* coefficients of Y, V->R, U->G, V->G, U->B */
  gint ky, kvr, kug, kvg, kub, yoff;

  if (src->yuv_full_range) {
    ky = FIX (1.0), yoff = 0;
    kvr = FIX (1.402), kug = FIX (0.344136), kvg = FIX (0.714136);
    kub = FIX (1.772);
  } else {
    ky = FIX (255.0 / 219.0), yoff = 16;
    kvr = FIX (1.402 * 255.0 / 224.0);
    kug = FIX (0.344136 * 255.0 / 224.0);
    kvg = FIX (0.714136 * 255.0 / 224.0);
    kub = FIX (1.772 * 255.0 / 224.0);
  }
  for (gint x = x0; x < x0 + w; x++, d += 3) {
    gint cx = nv12 ? (x / 2) * 2 : x / 2;
    gint u = us[cx] - 128, v = vs[cx] - 128;
    gint c = (ys[x] - yoff) * ky + 32768;
    d[dr] = clamp_u8 ((c + kvr * v) >> 16);
    d[1] = clamp_u8 ((c - kug * u - kvg * v) >> 16);
    d[db] = clamp_u8 ((c + kub * u) >> 16);
  }
}

gboolean
wf_image_convert_area (const WfImage * src, WfPixelFormat format, gint x,
    gint y, gint w, gint h, guint8 * out, gsize out_stride)
{
  gint r = 0, g = 0, b = 0, bpp = 1;
  gboolean packed;

  g_return_val_if_fail (src != NULL && out != NULL, FALSE);
  g_return_val_if_fail (x >= 0 && y >= 0 && w >= 0 && h >= 0, FALSE);
  g_return_val_if_fail (x + w <= src->width && y + h <= src->height, FALSE);

  packed = packed_layout (src->format, &r, &g, &b, &bpp);

  if (format == WF_PIXEL_GRAY8) {
    for (gint j = 0; j < h; j++) {
      const guint8 *s = src->data[0] + (gsize) (y + j) * src->stride[0];
      guint8 *d = out + (gsize) j * out_stride;
      if (!packed) {
        memcpy (d, s + x, w);
        continue;
      }
      s += (gsize) x * bpp;
      for (gint i = 0; i < w; i++, s += bpp)
        d[i] = (77 * s[r] + 150 * s[g] + 29 * s[b] + 128) >> 8;
    }
    return TRUE;
  }
  if (format != WF_PIXEL_RGB && format != WF_PIXEL_BGR)
    return FALSE;

  {
    const gint dr = format == WF_PIXEL_RGB ? 0 : 2, db = 2 - dr;
    for (gint j = 0; j < h; j++) {
      const guint8 *s = src->data[0] + (gsize) (y + j) * src->stride[0];
      guint8 *d = out + (gsize) j * out_stride;
      if (packed) {
        s += (gsize) x * bpp;
        for (gint i = 0; i < w; i++, s += bpp, d += 3) {
          d[dr] = s[r];
          d[1] = s[g];
          d[db] = s[b];
        }
      } else if (wf_pixel_format_is_yuv (src->format)) {
        yuv_row (src, y + j, x, w, d, dr, db);
      } else {
        s += x;
        for (gint i = 0; i < w; i++, d += 3)
          d[0] = d[1] = d[2] = s[i];
      }
    }
  }
  return TRUE;
}

gboolean
wf_image_convert (const WfImage * src, WfPixelFormat format, WfImage * dst,
    guint8 ** buf, gsize * buf_size)
{
  const gint ch = format == WF_PIXEL_GRAY8 ? 1 : 3;
  const gsize need = (gsize) src->width * src->height * ch;

  g_return_val_if_fail (src != NULL && dst != NULL, FALSE);
  g_return_val_if_fail (buf != NULL && buf_size != NULL, FALSE);

  memset (dst, 0, sizeof (*dst));
  dst->format = format;
  dst->width = src->width;
  dst->height = src->height;

  if (format == WF_PIXEL_GRAY8 && wf_pixel_format_bpp (src->format) == 1) {
    dst->data[0] = src->data[0];
    dst->stride[0] = src->stride[0];
    return TRUE;
  }
  if (format != WF_PIXEL_GRAY8 && format != WF_PIXEL_RGB
      && format != WF_PIXEL_BGR)
    return FALSE;
  if (*buf_size < need) {
    g_free (*buf);
    *buf = g_malloc (need);
    *buf_size = need;
  }
  dst->data[0] = *buf;
  dst->stride[0] = src->width * ch;
  return wf_image_convert_area (src, format, 0, 0, src->width, src->height,
      *buf, dst->stride[0]);
}
