/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The identity of one tracked face, free of GStreamer types: when it needs a
 * fresh descriptor, how descriptors vote, and when the name on the track is
 * withdrawn because the face on it is no longer that person.
 *
 * A track's name follows the face, not the place (issue 11):
 * - Re-verification: a named track asks for a descriptor every
 *   reverify_frames frames (or reverify_ms of stream time, whichever comes
 *   first), and at once when the association was uncertain: the box jumped
 *   or changed size, the track was matched again after missed frames, or
 *   the cheap appearance signature of the box changed (wf-face-signature.h).
 * - Break: a fresh descriptor of good quality that no longer agrees with the
 *   name (further than threshold from that employee, or another employee
 *   nearer by at least margin) withdraws the name at once; every vote is
 *   forgotten and the face is named again from the descriptors that follow
 *   only.  A poor descriptor (blur, profile: quality under min_quality)
 *   neither votes nor breaks by itself; a fair one (under break_quality:
 *   small, soft or half-covered faces, as when two people cross) votes when
 *   it agrees but breaks nothing by itself either.  Either asks for another
 *   descriptor on the next frame when it disagrees, and max_bad_disagree
 *   such disagreeing descriptors in a row break the name anyway, so a new
 *   face seen badly cannot hold an absent person's name for longer than
 *   that.  docs/facematch.md has the measurements behind both.
 * - Votes: this track's evidence only, since its last break, at most
 *   WF_IDENTITY_MAX_VOTES of them.  A vote weighs its confidence
 *   (1 - distance / (2 threshold) for a name; WF_IDENTITY_UNKNOWN_WEIGHT
 *   for "unknown") times its recency (halved every half_life frames); the
 *   name with the largest summed weight wins, and only if it outweighs the
 *   "unknown" votes.
 *
 * A WfIdentity is not thread-safe; its owner serialises calls.
 */
#pragma once

#include <glib.h>
#include "wf-gallery.h"
#include "wf-image.h"

G_BEGIN_DECLS

/* Votes a track keeps (the newest); older ones weigh little anyway. */
#define WF_IDENTITY_MAX_VOTES 16
/* Confidence of an "unknown" vote, against 1 - d / (2 threshold) for a
 * name (0.5 to 1): a name at the threshold weighs as much as one unknown
 * vote, and a tie is unknown. */
#define WF_IDENTITY_UNKNOWN_WEIGHT 0.5

typedef enum {
  WF_IDENTITY_NONE,             /* unknown, and no name was withdrawn now */
  WF_IDENTITY_FRESH,            /* named by a descriptor of this frame */
  WF_IDENTITY_HELD,             /* named from earlier frames' descriptors */
  WF_IDENTITY_BROKEN,           /* the name held until now was withdrawn */
} WfIdentityState;

/* Why a descriptor is wanted now (WF_IDENTITY_NEED_NONE: it is not). */
typedef enum {
  WF_IDENTITY_NEED_NONE,
  WF_IDENTITY_NEED_FIRST,       /* no descriptor yet since the last break */
  WF_IDENTITY_NEED_INTERVAL,    /* reverify_frames / reverify_ms elapsed */
  WF_IDENTITY_NEED_UNCERTAIN,   /* jump, size change, gap, new appearance */
  WF_IDENTITY_NEED_CONFIRM,     /* the last descriptor was poor and disagreed */
} WfIdentityNeed;

typedef struct {
  gdouble threshold;            /* a name needs distance <= threshold */
  gdouble margin;               /* ... and the second employee margin further */
  guint reverify_frames;        /* named tracks: frames between descriptors */
  guint reverify_ms;            /* ... or stream time between them (0: off) */
  guint unnamed_frames;         /* unnamed tracks: frames between descriptors */
  gdouble max_jump;             /* centre moved > max_jump x box size: uncertain */
  gdouble max_scale;            /* box side ratio > max_scale: uncertain */
  gdouble min_similarity;       /* appearance signature below it: uncertain */
  gdouble min_quality;          /* poorer descriptors neither vote nor break */
  /* a disagreeing descriptor poorer than this (but not under min_quality:
   * it votes when it agrees) breaks no name by itself either */
  gdouble break_quality;
  guint max_bad_disagree;       /* poor disagreeing descriptors that break */
  gdouble half_life;            /* frames after which a vote weighs half */
} WfIdentityConfig;

/* What one fresh descriptor says about the face on a track. */
typedef struct {
  const gchar *nearest_id;      /* NULL with an empty gallery */
  const gchar *nearest_name;
  gdouble distance;             /* to the nearest employee */
  gdouble second_distance;      /* to the second nearest (G_MAXDOUBLE: none) */
  /* to the employee the track is named after now; G_MAXDOUBLE when it is
   * unnamed or that employee left the gallery */
  gdouble claimed_distance;
  gdouble quality;              /* wf_face_quality(), in [0,1] */
} WfIdentityEvidence;

/* The identity to report for the current frame. */
typedef struct {
  const gchar *employee_id;     /* NULL when unknown (owned by the identity) */
  const gchar *name;            /* NULL when unknown */
  WfIdentityState state;
  /* descriptors since the last break that voted for this name (for an
   * unknown face: descriptors since the last break) */
  guint support;
  gdouble distance;             /* mean distance of those votes */
  const gchar *broken_id;       /* BROKEN: the employee withdrawn, else NULL */
  guint breaks;                 /* breaks over the track's life */
} WfIdentityResult;

typedef struct _WfIdentity WfIdentity;

/* Defaults: the gallery's threshold and margin, reverify every 5 frames or
 * 500 ms, unnamed every 3 frames, jump 0.5, scale 1.3, similarity 0.5,
 * quality 0.20 (0.35 to break alone), 3 poor disagreements, half-life 30 frames. */
void            wf_identity_config_init   (WfIdentityConfig * config);

WfIdentity *    wf_identity_new           (void);
void            wf_identity_free          (WfIdentity * identity);

/* The track was seen on frame @frame_no (stream time @time_ms, or -1 when
 * unknown) at @box; @similarity is the appearance signature's similarity to
 * the one taken with the last descriptor (1 when the caller has none).
 * Returns whether a descriptor should be computed now. */
WfIdentityNeed  wf_identity_observe       (WfIdentity * identity,
                                           const WfIdentityConfig * config,
                                           guint64 frame_no,
                                           gint64 time_ms,
                                           const WfRect * box,
                                           gdouble similarity);

/* Adds the evidence of a descriptor computed on the frame last observed.
 * Returns TRUE when it broke the name the track had. */
gboolean        wf_identity_add_evidence  (WfIdentity * identity,
                                           const WfIdentityConfig * config,
                                           const WfIdentityEvidence * ev);

/* The evidence of descriptor @desc (of chip quality @quality) looked up in
 * @gallery (the nearest employees, and the distance to the one the track is
 * named after), then added as wf_identity_add_evidence does; @broke (may be
 * NULL) is set to whether it broke the name, @distances (may be NULL) to
 * the evidence's distance, second_distance and claimed_distance (its names
 * NULL).  Fails only when the gallery cannot be read. */
gboolean        wf_identity_judge         (WfIdentity * identity,
                                           const WfIdentityConfig * config,
                                           WfGallery * gallery,
                                           const gfloat * desc,
                                           gdouble quality,
                                           gboolean * broke,
                                           WfIdentityEvidence * distances,
                                           GError ** error);

/* The identity for the frame last observed. */
void            wf_identity_get           (WfIdentity * identity,
                                           WfIdentityResult * result);

/* The employee the track is named after now (NULL: unknown). */
const gchar *   wf_identity_get_employee  (WfIdentity * identity);

const gchar *   wf_identity_state_to_string (WfIdentityState state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfIdentity, wf_identity_free)

G_END_DECLS
