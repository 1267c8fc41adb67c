/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-appearance.h"

#include <math.h>
#include <string.h>

#include "wf-pixels.h"

/* Saturation (chroma over brightness, in 1/256) under which a colour is
 * grey, and brightness under which a hue is noise. */
#define GREY_SATURATION 51
#define DARK_VALUE 40

static guint
bin_of (const guint8 * rgb)
{
  gint r = rgb[0], g = rgb[1], b = rgb[2];
  gint mx = MAX (r, MAX (g, b)), mn = MIN (r, MIN (g, b));
  gint chroma = mx - mn, hue6;

  if (mx < DARK_VALUE || chroma * 256 < GREY_SATURATION * mx)
    return 16 + MIN (mx / 64, 3);       /* grey: 4 brightness levels */
  /* hue in [0, 6 * chroma): the sector formula of HSV */
  if (mx == r)
    hue6 = g >= b ? g - b : 6 * chroma - (b - g);
  else if (mx == g)
    hue6 = 2 * chroma + b - r;
  else
    hue6 = 4 * chroma + r - g;
  /* 8 sectors, light or dark */
  return MIN (hue6 * 8 / (6 * chroma), 7) * 2 + (mx >= 128);
}

static void
normalise_band (gfloat * band)
{
  gdouble n = 0.0;

  for (guint k = 0; k < WF_APPEARANCE_BINS; k++)
    n += (gdouble) band[k] * band[k];
  if (n <= 0.0)
    return;
  n = 1.0 / sqrt (n);
  for (guint k = 0; k < WF_APPEARANCE_BINS; k++)
    band[k] = (gfloat) (band[k] * n);
}

gboolean
wf_appearance_compute (const WfImage * image, const WfRect * box,
    WfAppearance * out)
{
  gdouble x0, y0, x1, y1;
  gint ix0, iy0, iw, ih;

  g_return_val_if_fail (image != NULL && box != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof (*out));
  if (!(isfinite (box->x) && isfinite (box->y) && isfinite (box->w)
          && isfinite (box->h)) || box->w <= 0.0f || box->h <= 0.0f)
    return FALSE;
  x0 = MAX (box->x + 0.1 * box->w, 0.0);
  y0 = MAX (box->y + 0.1 * box->h, 0.0);
  x1 = MIN (box->x + 0.9 * box->w, (gdouble) image->width);
  y1 = MIN (box->y + 0.9 * box->h, (gdouble) image->height);
  if (x1 - x0 < 4.0 || y1 - y0 < 4.0)
    return FALSE;
  ix0 = (gint) x0;
  iy0 = (gint) y0;
  iw = MIN ((gint) (x1 - x0), image->width - ix0);
  ih = MIN ((gint) (y1 - y0), image->height - iy0);

  for (guint band = 0; band < WF_APPEARANCE_BANDS; band++) {
    gfloat *hist = out->v + band * WF_APPEARANCE_BINS;
    gint by0 = iy0 + ih * (gint) band / WF_APPEARANCE_BANDS;
    gint bh = iy0 + ih * ((gint) band + 1) / WF_APPEARANCE_BANDS - by0;
    gint nx = MIN (iw, WF_APPEARANCE_GRID), ny = MIN (bh, WF_APPEARANCE_GRID);

    for (gint j = 0; j < ny; j++) {
      gint y = by0 + (2 * j + 1) * bh / (2 * ny);
      for (gint i = 0; i < nx; i++) {
        gint x = ix0 + (2 * i + 1) * iw / (2 * nx);
        /* across the box, 1 in the middle and 0 at the sides, where the
         * background shows (the kernel of mean-shift tracking) */
        gfloat u = (2.0f * i + 1.0f) / nx - 1.0f;
        guint8 rgb[3];

        wf_image_convert_area (image, WF_PIXEL_RGB, x, y, 1, 1, rgb, 3);
        hist[bin_of (rgb)] += 1.0f - u * u;
      }
    }
    /* sqrt of the normalised histogram: unit length */
    for (guint k = 0; k < WF_APPEARANCE_BINS; k++)
      hist[k] = sqrtf (hist[k]);
    normalise_band (hist);
  }
  out->valid = TRUE;
  return TRUE;
}

gdouble
wf_appearance_similarity (const WfAppearance * a, const WfAppearance * b)
{
  gdouble dot = 0.0;

  g_return_val_if_fail (a != NULL && b != NULL, 0.0);
  if (!a->valid || !b->valid)
    return 0.0;
  for (guint k = 0; k < WF_APPEARANCE_DIM; k++)
    dot += (gdouble) a->v[k] * b->v[k];
  return CLAMP (dot / WF_APPEARANCE_BANDS, 0.0, 1.0);
}

void
wf_appearance_blend (WfAppearance * model, const WfAppearance * obs,
    gdouble gain)
{
  g_return_if_fail (model != NULL && obs != NULL);

  if (!obs->valid)
    return;
  if (!model->valid || !(gain > 0.0 && gain < 1.0)) {
    *model = *obs;
    return;
  }
  for (guint k = 0; k < WF_APPEARANCE_DIM; k++)
    model->v[k] = (gfloat) ((1.0 - gain) * model->v[k] + gain * obs->v[k]);
  for (guint band = 0; band < WF_APPEARANCE_BANDS; band++)
    normalise_band (model->v + band * WF_APPEARANCE_BINS);
}
