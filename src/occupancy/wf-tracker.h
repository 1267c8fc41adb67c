/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * A small multi-object tracker, free of GStreamer types, shared by occupancy
 * and facematch.  Each call to wf_tracker_update() is one frame: the boxes
 * are matched to the tracks' predicted boxes (constant-velocity motion) by
 * IoU, with a centroid-distance fallback for fast or briefly hidden objects,
 * by a global assignment (Hungarian method) that maximises the summed pair
 * scores, so one person's best pair cannot steal the box of another whose
 * only good pair it is (people crossing paths).  Unmatched boxes start
 * tracks; tracks unmatched
 * for more than max_misses frames are evicted and reported once by
 * wf_tracker_pop_evicted().
 *
 * The state is bounded by construction: at most max_tracks tracks live in an
 * array allocated by wf_tracker_new(), and the queue of evicted ids holds at
 * most twice max_tracks entries; callers pop it every frame.  The
 * assignment works in a score matrix allocated with the tracker, of at most
 * WF_TRACKER_ASSIGN_MAX rows and columns: a frame with more boxes than that
 * falls back to greedy matching, best pair first.  update() allocates
 * nothing then either, except on that fallback.  Track ids are unique for
 * the tracker's lifetime, start at 1 and never repeat; 0 means "no track"
 * (a box that found no free slot).
 *
 * An appearance cue (wf_tracker_update_appearance(), wf-appearance.h) joins
 * the motion where the caller can give each box a colour signature: a
 * track keeps a running average of its look, and a box that looks like it
 * scores higher, so two people who cross, stop or turn back keep their own
 * ids; a box that looks nothing like an established track (another person
 * standing where the track's person stood) is not given its id at all.
 *
 * Boxes may be in pixels or normalised coordinates, as long as one tracker
 * always gets the same kind: association only uses ratios.  A WfTracker is
 * not thread-safe; its owner serialises calls.
 */
#pragma once

#include <glib.h>
#include "wf-image.h"
#include "wf-appearance.h"

G_BEGIN_DECLS

/* Largest frame (boxes, and tracks with a candidate box) solved by the
 * global assignment; bigger ones are matched greedily. */
#define WF_TRACKER_ASSIGN_MAX 64

typedef struct {
  /* Most live tracks; a new box finding no free slot replaces the track
   * missed longest, or gets id 0 when every track was matched this frame. */
  guint max_tracks;
  /* Frames a track survives without a match (occlusion, missed detection)
   * before it is evicted: its "maximum age" since last seen. */
  guint max_misses;
  /* Smallest IoU between a predicted track box and a box to match them. */
  gdouble min_iou;
  /* Centroid fallback: a box whose centre is within max_distance times the
   * track's box size (mean of width and height) of the predicted centre
   * still matches.  The gate widens by half for every missed frame.  0
   * disables the fallback. */
  gdouble max_distance;
  /* Weight of the newest displacement in the velocity estimate, in (0,1]. */
  gdouble velocity_gain;
  /* Match greedily, best pair first, instead of by the global assignment:
   * cheaper, but swaps ids where paths cross (kept for comparison). */
  gboolean greedy;
  /* Appearance cue, used only with signatures: the similarity (in [0,1])
   * of a box's look to the track's, times this weight in [0,1], is added
   * to the pair's score; 0 ignores the look. */
  gdouble appearance_weight;
  /* A track matched at least min_appearance_hits times does not take a box
   * whose similarity to its look is under this, in [0,1]: a new track
   * starts instead.  0 disables the gate. */
  gdouble min_appearance;
  guint min_appearance_hits;
} WfTrackerConfig;

/* What the tracker knows about one live track. */
typedef struct {
  guint64 id;
  WfRect box;             /* last matched box */
  gfloat vx, vy;          /* centre velocity, per frame */
  guint age;              /* frames since the track started */
  guint hits;             /* frames it was matched in */
  guint misses;           /* consecutive frames without a match */
} WfTrackInfo;

typedef struct _WfTracker WfTracker;

/* Fills @config with the defaults: 64 tracks, 15 misses, IoU 0.2, distance
 * 1.0, velocity gain 0.5, global assignment; appearance weight 0.5,
 * gate 0.4 after 3 matches. */
void         wf_tracker_config_init     (WfTrackerConfig * config);

/* Invalid values (0 tracks, IoU outside [0,1], ...) are clamped to the
 * nearest valid one, with a warning. */
WfTracker *  wf_tracker_new             (const WfTrackerConfig * config);
void         wf_tracker_free            (WfTracker * tracker);

/* Forgets every track (for a new stream); ids keep increasing.  The ids of
 * the dropped tracks go to the evicted queue. */
void         wf_tracker_reset           (WfTracker * tracker);

/* One frame: associates @boxes (@n of them, may be 0) with tracks and writes
 * one track id per box to @ids_out (0 when no slot was free). */
void         wf_tracker_update          (WfTracker * tracker,
                                         const WfRect * boxes,
                                         guint n,
                                         guint64 * ids_out);

/* The same, with a colour signature per box (@apps: @n of them, or NULL
 * for none; a signature that is not valid counts as none).  Signatures of
 * matched boxes update their tracks' look. */
void         wf_tracker_update_appearance (WfTracker * tracker,
                                         const WfRect * boxes,
                                         const WfAppearance * apps,
                                         guint n,
                                         guint64 * ids_out);

/* Copies up to @max ids of tracks evicted since the last call to @ids_out,
 * oldest first, and returns how many.  Ids not fetched stay queued; when
 * more than twice max_tracks wait, the oldest are dropped. */
guint        wf_tracker_pop_evicted     (WfTracker * tracker,
                                         guint64 * ids_out,
                                         guint max);

/* TRUE and fills @info when @id is a live track. */
gboolean     wf_tracker_get_track       (WfTracker * tracker,
                                         guint64 id,
                                         WfTrackInfo * info);

guint        wf_tracker_n_tracks        (WfTracker * tracker);

/* Bytes held by the tracker (struct and preallocated arrays); constant over
 * its life. */
gsize        wf_tracker_size_bytes      (WfTracker * tracker);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfTracker, wf_tracker_free)

G_END_DECLS
