/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* facedetect's motion gate: feeds each frame's luma to WfMotion, asks the
 * gate (wf-motion.h) whether to run the detector, and runs it on the moving
 * regions and the boxes of the live faces, each crop searched at the scale
 * the whole frame would be.  Plumbing only: the measure and the policy are
 * in src/motion/. */
#pragma once

#include <gst/gst.h>

#include "wf-detector.h"
#include "wf-motion.h"

G_BEGIN_DECLS

typedef struct {
  WfMotion *motion;
  WfMotionGate gate;
  WfMotionResult result;        /* of the last frame fed */
  WfGateDecision decision;      /* of the last frame */
  GArray *regions;              /* WfMotionRect: what was searched */
  GArray *crop_faces;           /* WfFace, scratch */
  guint8 *grey;                 /* luma of packed RGB input */
  gsize grey_size;
  guint64 frames, analysed;     /* for the message, gate on or off */
  gboolean pending;             /* motion on a frame the interval skipped */
} GstWfMotionGate;

void            gst_wf_motion_gate_init      (GstWfMotionGate * g);
void            gst_wf_motion_gate_clear     (GstWfMotionGate * g);
/* Back to the first frame, with these settings; FALSE and @error when the
 * mask does not parse. */
gboolean        gst_wf_motion_gate_reset     (GstWfMotionGate * g,
                                              gint threshold,
                                              guint max_skip,
                                              const gchar * mask,
                                              GError ** error);

/* Feeds @img and decides.  @live_faces are the normalised WfFace of the
 * last detection, searched again with the moving regions, and emptied when
 * they are no longer live; @may_analyse FALSE (an interval frame) forces a
 * skip. */
WfGateDecision  gst_wf_motion_gate_decide    (GstWfMotionGate * g,
                                              const WfImage * img,
                                              GArray * live_faces,
                                              gboolean may_analyse);

/* Runs @detector on the regions of the last decision (or the whole frame)
 * and puts the WfFace found in @found (cleared first), the most confident
 * first, at most params->max_faces, normalised to the frame's size;
 * @scratch is a WfFace array for the boxes in pixels. */
gboolean        gst_wf_motion_gate_detect    (GstWfMotionGate * g,
                                              WfDetector * detector,
                                              const WfImage * img,
                                              const WfDetectParams * params,
                                              GArray * scratch,
                                              GArray * found,
                                              GError ** error);

/* Counts a frame (@analysed: the detector ran on it) and, when @s is not
 * NULL, sets the gate's fields of the facedetect message: "motion"
 * (gboolean), "analysed" (gboolean), "gate" (gchararray: off, start, idle,
 * motion, track) and "analysed-fraction" (gdouble, of the frames since the
 * start). */
void            gst_wf_motion_gate_count     (GstWfMotionGate * g,
                                              gboolean enabled,
                                              gboolean analysed,
                                              GstStructure * s);

/* The element's gate properties (motion-gate, motion-threshold, max-skip,
 * motion-mask), installed from @first_id on (facedetect's, and occupancy's
 * for detector=people); their values live here and are read and written
 * under the element's object lock. */
typedef struct {
  gboolean enabled;
  gint threshold;
  guint max_skip;
  gchar *mask;
  gboolean changed;             /* threshold, max-skip or mask since read */
  guint first_id;               /* the element's id of motion-gate */
} GstWfMotionGateSettings;

void            gst_wf_motion_gate_install_properties (GObjectClass * klass,
                                                       guint first_id);
/* @first_id as given to gst_wf_motion_gate_install_properties () */
void            gst_wf_motion_gate_settings_init  (GstWfMotionGateSettings * s,
                                                   guint first_id);
void            gst_wf_motion_gate_settings_clear (GstWfMotionGateSettings * s);
/* Under the element's lock, once per frame: applies changed settings to
 * @g (keeping the background) and returns whether the gate is on; when it
 * is off the next search is of the whole frame. */
gboolean        gst_wf_motion_gate_sync           (GstWfMotionGate * g,
                                                   GstWfMotionGateSettings * s);
/* FALSE when @id is not one of ours.  A mask that does not parse is kept
 * out, with @error set. */
gboolean        gst_wf_motion_gate_set_property   (GstWfMotionGateSettings * s,
                                                   guint id,
                                                   const GValue * value,
                                                   GError ** error);
gboolean        gst_wf_motion_gate_get_property   (GstWfMotionGateSettings * s,
                                                   guint id,
                                                   GValue * value);

G_END_DECLS
