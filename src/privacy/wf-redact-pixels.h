/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Redaction of pixels, in place, on every format the elements read
 * (WfPixelFormat): pixelate, blur, fill a rectangle, fill a polygon.  Pure
 * C, no GStreamer types.
 *
 * Pixelate and blur both reduce the region to the means of square cells
 * and write back a function of those means only (the cell colour, or a
 * bilinear blend of the nearest cell means), so no more of the face than
 * one number per cell and channel survives, whatever the output is run
 * through afterwards.  The cell side comes from the face box
 * (wf_redact_cell_size), never from the pixels.
 *
 * I420 and NV12: regions are widened to even coordinates and cells to even
 * sides, so the chroma planes (half size) are redacted over the same area.
 */
#pragma once

#include <glib.h>

#include "wf-image.h"
#include "wf-redact-policy.h"
#include "wf-zones.h"

G_BEGIN_DECLS

/* A writable view of one frame (as WfImage, but the planes are written). */
typedef struct {
  WfPixelFormat format;
  gint width;
  gint height;
  guint8 *data[3];
  gint stride[3];
  /* YUV and GRAY8 fills: 0-255 rather than 16-235 */
  gboolean full_range;
} WfRedactFrame;

/* A rectangle in pixels, inside the frame: 0 <= x < x + w <= width. */
typedef struct {
  gint x, y, w, h;
} WfRedactRect;

typedef struct {
  guint8 r, g, b;
} WfRedactColor;

/* The weakest strength (cell side / larger box side) accepted: our
 * detectors and recogniser find and name no face at this strength
 * (tests/privacy/test-faceredact-detect.c, test-faceredact-match.c); at
 * 0.15 OpenCV's Haar cascade still fired on a pixelated face of
 * testdata/scenes/bbt4.jpg, at 0.1 on several. */
#define WF_REDACT_MIN_STRENGTH 0.2
#define WF_REDACT_MAX_STRENGTH 1.0
/* faceredact's defaults, also the daemon's snapshots' (docs/privacy.md). */
#define WF_REDACT_DEFAULT_STRENGTH 0.25
#define WF_REDACT_DEFAULT_MARGIN 0.25
/* Largest frame side handled; larger frames are refused by caps. */
#define WF_REDACT_MAX_SIDE 16384

/* The region to redact for a face box (pixels, any values) grown by
 * @margin times its width and height on each side, clipped to the frame
 * and aligned for the format.  FALSE when nothing of it is in the frame or
 * the box is not finite. */
gboolean wf_redact_region (const WfRedactFrame * frame, gdouble x,
    gdouble y, gdouble w, gdouble h, gdouble margin, WfRedactRect * out);

/* The cell side in pixels for a box of @box_w x @box_h at @strength
 * (clamped to [WF_REDACT_MIN_STRENGTH, WF_REDACT_MAX_STRENGTH]): at least 2,
 * even for YUV formats. */
gint wf_redact_cell_size (WfPixelFormat format, gdouble box_w,
    gdouble box_h, gdouble strength);

/* Each cell of @cell x @cell pixels (from the rectangle's top-left corner;
 * cells at its right and bottom edges are cut) takes its mean colour. */
void wf_redact_pixelate (WfRedactFrame * frame, const WfRedactRect * rect,
    gint cell);

/* Every pixel takes the bilinear blend of the means of the four cells
 * nearest to it: a smooth picture of the cell means only.  The cells have
 * twice the side @cell (the same @cell as pixelate's gives about the same
 * loss of detail). */
void wf_redact_blur (WfRedactFrame * frame, const WfRedactRect * rect,
    gint cell);

/* Every pixel takes @color (alpha, where there is one, 255). */
void wf_redact_fill (WfRedactFrame * frame, const WfRedactRect * rect,
    WfRedactColor color);

/* Redacts @rect with @method: pixelate or blur with @cell, fill with
 * @color. */
void wf_redact_apply (WfRedactFrame * frame, const WfRedactRect * rect,
    WfRedactMethod method, gint cell, WfRedactColor color);

/* Every pixel whose centre ((x + 0.5) / width, (y + 0.5) / height) is
 * inside @zone by wf_zone_contains () takes @color; for I420 and NV12 the
 * chroma samples whose centre is inside take its chroma. */
void wf_redact_fill_zone (WfRedactFrame * frame, const WfZone * zone,
    WfRedactColor color);

G_END_DECLS
