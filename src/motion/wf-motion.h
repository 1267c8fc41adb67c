/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * A cheap motion measure for gating analysis, and the gate's policy.
 * Pure C, no GStreamer types.
 *
 * WfMotion keeps a small luma copy of the frame (block averages, at most
 * WF_MOTION_WORK_WIDTH wide, which also averages away sensor noise and
 * compression flicker) and a background that adapts: fast where the frame
 * did not change since the last one (a person who stops, or the ghost of
 * one who left, is absorbed within a second or two), slowly where it
 * changed inside a moving cell (someone walking is not).  Each frame is
 * compared with the background after a global gain correction (a light
 * change scales the whole scene); a pixel is "changed" when it differs by
 * more than the threshold.  The small image is cut into a coarse grid of
 * WF_MOTION_CELL x WF_MOTION_CELL cells; a cell is active when at least an
 * eighth of its unmasked pixels changed.  Active cells are joined into
 * regions (8-connected), each grown by one cell and merged with those it
 * overlaps.  When more than half of the unmasked cells are active at once
 * (lights switched on, the camera moved) the background is taken afresh
 * and the whole frame is reported as one region, flagged global.
 *
 * A mask is a set of polygons in the zones syntax of wf-zones.h
 * ("clock=0.8,0 1,0 1,0.2 0.8,0.2;..."), in normalised coordinates: the
 * pixels inside any of them never count as motion.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the small copy is at most this wide (an integer divisor of the frame) */
#define WF_MOTION_WORK_WIDTH 160
/* side of a grid cell, in pixels of the small copy */
#define WF_MOTION_CELL 8
/* frames are refused above this size (hostile caps) */
#define WF_MOTION_MAX_SIDE 16384
#define WF_MOTION_DEFAULT_THRESHOLD 20

typedef struct {
  gint x, y, w, h;              /* pixels of the frame fed */
} WfMotionRect;

typedef struct {
  gboolean motion;              /* at least one region */
  gboolean global;              /* most of the scene changed at once */
  gboolean first;               /* the first frame (no background yet) */
  gdouble active_fraction;      /* active cells / unmasked cells */
} WfMotionResult;

typedef struct _WfMotion WfMotion;

WfMotion *  wf_motion_new            (void);
void        wf_motion_free           (WfMotion * motion);

/* Luma difference, 1-255, above which a pixel of the small copy changed. */
void        wf_motion_set_threshold  (WfMotion * motion,
                                      gint threshold);
/* Polygons where motion is ignored, in the zones syntax; NULL or "" for
 * none.  On a syntax error returns FALSE with the parser's error and keeps
 * the previous mask. */
gboolean    wf_motion_set_mask       (WfMotion * motion,
                                      const gchar * mask,
                                      GError ** error);
/* Forget the background: the next frame is a first frame. */
void        wf_motion_reset          (WfMotion * motion);

/* Feeds one 8-bit luma plane.  Fills @regions (cleared first) with
 * WfMotionRect in pixels of this frame, merged so that none overlap, and
 * @result.  A size change resets the background.  Returns FALSE (and
 * nothing changes) for sizes out of 1..WF_MOTION_MAX_SIDE or a stride
 * narrower than the width. */
gboolean    wf_motion_feed           (WfMotion * motion,
                                      const guint8 * luma,
                                      gint width,
                                      gint height,
                                      gint stride,
                                      GArray * regions,
                                      WfMotionResult * result);

/* Grows every WfMotionRect of @rects by @margin pixels on each side and to
 * at least @min_w x @min_h (about its centre), clips it to width x height,
 * then merges overlapping ones into their bounding boxes until none
 * overlap.  Returns the union's area as a fraction of the frame's (an
 * overestimate when merged boxes take in space between regions). */
gdouble     wf_motion_rects_merge    (GArray * rects,
                                      gint margin,
                                      gint min_w,
                                      gint min_h,
                                      gint width,
                                      gint height);

/* ---- the gate: when to run the detector ---- */

typedef enum {
  WF_GATE_SKIP,                 /* carry the last result */
  WF_GATE_REGIONS,              /* analyse the moving regions */
  WF_GATE_FULL,                 /* analyse the whole frame */
} WfGateDecision;

typedef struct {
  guint max_skip;               /* frames carried in a row while live */
  guint since_analysis;         /* frames since the detector last ran */
  guint live_left;              /* frames the last found objects stay live */
  gboolean started;
  guint64 frames;               /* fed since reset */
  guint64 analysed;             /* of which analysed (regions or full) */
} WfMotionGate;

void           wf_motion_gate_init     (WfMotionGate * gate,
                                        guint max_skip);
/* One frame's decision.  No motion and nothing live: skip.  Motion: the
 * regions, or the full frame when @region_fraction (what the regions
 * would cover) exceeds a half, or on a global change or the first frame.
 * Live objects and no motion: the full frame once @max_skip frames have
 * been carried.  Counts the frame. */
WfGateDecision wf_motion_gate_decide   (WfMotionGate * gate,
                                        const WfMotionResult * motion,
                                        gdouble region_fraction);
/* After an analysis: @n_found objects keep the gate live for the next
 * 2 (max_skip + 1) frames. */
void           wf_motion_gate_found    (WfMotionGate * gate,
                                        guint n_found);
gboolean       wf_motion_gate_live     (const WfMotionGate * gate);
/* analysed / frames since init (1 before any frame). */
gdouble        wf_motion_gate_fraction (const WfMotionGate * gate);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfMotion, wf_motion_free)

G_END_DECLS
