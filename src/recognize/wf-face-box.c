/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-face-box.h"

#include <math.h>

/* Measured with tests/bench/face-box-fit.c (docs/facematch.md): with E the
 * midpoint of the eyes, v the vector from E to the midpoint of the mouth
 * corners and n = v turned a quarter clockwise, HOG's box is centred at
 * E + ALONG v + ACROSS n, and its side is SIDE times the mean of |v| and the
 * eye distance (the steadier measure of face size over pose). */
#define ALONG 0.51
#define ACROSS 0.0
#define SIDE 2.26

gboolean
wf_face_box_from_five_points (const gfloat * p, WfRect * box)
{
  gdouble ex = (p[0] + p[2]) / 2.0, ey = (p[1] + p[3]) / 2.0;
  gdouble vx = (p[6] + p[8]) / 2.0 - ex, vy = (p[7] + p[9]) / 2.0 - ey;
  gdouble emd = hypot (vx, vy), ipd = hypot (p[2] - p[0], p[3] - p[1]);
  gdouble side = SIDE * (emd + ipd) / 2.0;
  gdouble cx = ex + ALONG * vx - ACROSS * vy;
  gdouble cy = ey + ALONG * vy + ACROSS * vx;

  if (!isfinite (side) || !isfinite (cx) || !isfinite (cy) || emd < 1.0 ||
      ipd < 1.0)
    return FALSE;
  box->x = (gfloat) (cx - side / 2);
  box->y = (gfloat) (cy - side / 2);
  box->w = (gfloat) side;
  box->h = (gfloat) side;
  return TRUE;
}

void
wf_face_box_for_alignment (const WfRect * box, const gfloat * points,
    WfRect * out)
{
  if (!points || !wf_face_box_from_five_points (points, out))
    *out = *box;
}
