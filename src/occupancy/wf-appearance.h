/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * A cheap colour signature of a box, for the tracker's appearance cue: two
 * people whose paths cross, or one who takes the place another just left,
 * look different even where their boxes move alike.
 *
 * The box (less a margin of a tenth on each side, where the background
 * shows) is cut into WF_APPEARANCE_BANDS horizontal bands (for a person:
 * head, body, legs; for a face: hair, eyes, mouth and chin), and each band
 * is sampled on a grid of at most WF_APPEARANCE_GRID x WF_APPEARANCE_GRID
 * points, whatever the box's size, so the cost is bounded (a few
 * microseconds).  Each sample goes to one of WF_APPEARANCE_BINS bins: the
 * coloured ones by hue (8 sectors) and light or dark; the grey ones
 * (saturation under 0.2, or too dark for a hue) by brightness (4 levels).
 * The signature keeps the square roots of each band's normalised
 * histogram, so that the similarity of two signatures is the mean over the
 * bands of the Bhattacharyya coefficient, a dot product in [0,1]: 1 for the
 * same distribution of colours, 0 for nothing in common.
 *
 * Pixels are read through wf-pixels (every WfPixelFormat, YUV in either
 * range).  No GStreamer types; no allocation.
 */
#pragma once

#include <glib.h>
#include "wf-image.h"

G_BEGIN_DECLS

#define WF_APPEARANCE_BANDS 3
#define WF_APPEARANCE_BINS 20
#define WF_APPEARANCE_GRID 16
#define WF_APPEARANCE_DIM (WF_APPEARANCE_BANDS * WF_APPEARANCE_BINS)

typedef struct {
  gboolean valid;               /* FALSE: no signature (box too small) */
  gfloat v[WF_APPEARANCE_DIM];  /* per band: sqrt of the histogram */
} WfAppearance;

/* The signature of @box (pixels of @image; clipped to it) in @out.  FALSE,
 * and @out->valid FALSE, when less than 4 x 4 pixels of it are inside the
 * image. */
gboolean  wf_appearance_compute      (const WfImage * image,
                                      const WfRect * box,
                                      WfAppearance * out);

/* Mean Bhattacharyya coefficient of the bands, in [0,1]; 0 when either is
 * not valid. */
gdouble   wf_appearance_similarity   (const WfAppearance * a,
                                      const WfAppearance * b);

/* Moves @model towards @obs by @gain in (0,1] (a running average of a
 * track's look), kept normalised.  A @model that is not valid becomes
 * @obs; an @obs that is not valid changes nothing. */
void      wf_appearance_blend        (WfAppearance * model,
                                      const WfAppearance * obs,
                                      gdouble gain);

G_END_DECLS
