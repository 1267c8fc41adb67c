/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* occupancy's detector=people: "person" ROIs found by the people detector
 * on the frames that are detected, and the last counted boxes (with their
 * track ids) carried onto the frames between; which frames are detected is
 * detect-interval's and the motion gate's (gstwfmotiongate.h) say.  The one
 * place the element meets the detector, which only builds with OpenCV. */
#pragma once

#include <gst/video/video.h>

#include "gstwfmotiongate.h"
#include "wf-occupancy.h"

G_BEGIN_DECLS

typedef struct _GstWfPeople GstWfPeople;

/* NULL, with an error message posted by @element, when the detector
 * cannot be loaded or the build has none. */
GstWfPeople * gst_wf_people_new (GstElement * element);
void gst_wf_people_free (GstWfPeople * people);

/* Back to the first frame with the gate's @settings; FALSE, with an error
 * message posted by @element, when the mask does not parse. */
gboolean gst_wf_people_reset (GstWfPeople * people, GstElement * element,
    GstWfMotionGateSettings * settings);
/* Under the element's lock, once per frame: takes changed gate settings;
 * whether the gate is on. */
gboolean gst_wf_people_sync (GstWfPeople * people,
    GstWfMotionGateSettings * settings);

/* Whether @frame is one to detect on: every @interval-th, the first
 * included, and with @gate_on only when something moves or the people
 * found are live (at least every max-skip frames then); the others carry
 * the last boxes and count nothing. */
gboolean gst_wf_people_decide (GstWfPeople * people, GstVideoFrame * frame,
    guint interval, gboolean gate_on);
/* The share of the frames since the start that were detected on. */
gdouble gst_wf_people_analysed_fraction (GstWfPeople * people);

/* Adds "person" ROIs to @buf: those found on @frame (scaled to
 * @detect_width, 0: as is, with @threshold as the SVM score), or with
 * @frame NULL the boxes remembered last, marked carried, with their track
 * ids.  FALSE, with an error message posted by @element, when detection
 * fails. */
gboolean gst_wf_people_attach (GstWfPeople * people, GstElement * element,
    GstBuffer * buf, GstVideoFrame * frame, const GstVideoInfo * info,
    gint detect_width, gdouble threshold);

/* Remembers the boxes and ids the model gave the counted objects. */
void gst_wf_people_remember (GstWfPeople * people,
    const WfOccupancyObject * objs, guint n_objs);

G_END_DECLS
