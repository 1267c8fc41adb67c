/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Which crops of unknown faces are stored (wf-unknowns.h), from facematch's
 * matches: for each track facematch did not name, the crop of its largest
 * face seen so far (the box's area, weighted by facematch's quality of the
 * track's last descriptor: sharper and more frontal wins), taken from the
 * camera's last analysed frame (wf-face-crop.h) and described on the
 * enrolment worker (wf-enrol.h, the routine of POST /api/v1/employees: a
 * crop enrolled later gives the same descriptor).
 *
 * Never stored: a crop whose descriptor is within the match threshold of an
 * employee without consent (that person must not be kept, even as a
 * stranger), or of any consented employee (they are known; facematch names
 * them on a later frame); a track facematch names later loses its crop,
 * and wf_unknown_collector_sweep() drops crops that enrolments or consent
 * withdrawals made known or withheld since.  At most one crop is being described at a time,
 * and a track is looked at again at most once a second.
 *
 * Main context only.
 */
#pragma once

#include <gst/gst.h>
#include "wf-camera.h"
#include "wf-gallery.h"
#include "wf-snapshot.h"
#include "wf-unknowns.h"

G_BEGIN_DECLS

/* A better crop must have a face this much larger to replace the stored
 * one. */
#define WF_UNKNOWN_COLLECTOR_GAIN 1.15
#define WF_UNKNOWN_COLLECTOR_RETRY_MS 1000

#define WF_TYPE_UNKNOWN_COLLECTOR (wf_unknown_collector_get_type ())
G_DECLARE_FINAL_TYPE (WfUnknownCollector, wf_unknown_collector, WF,
    UNKNOWN_COLLECTOR, GObject)

WfUnknownCollector * wf_unknown_collector_new   (WfUnknowns * store,
                                                 WfGallery * gallery,
                                                 const WfSnapshotRedaction *
                                                 redaction,
                                                 gdouble threshold);
/* One entry @match of a facematch message of camera @cam. */
void                 wf_unknown_collector_match (WfUnknownCollector * self,
                                                 WfCamera * cam,
                                                 const GstStructure * match);
/* Removes every stored crop that is no longer unknown: within the
 * threshold of an employee enrolled since, or of one without consent (an
 * enrolment or a withdrawal after the crop was taken).  Returns how many. */
guint                wf_unknown_collector_sweep (WfUnknownCollector * self);
/* Crops being described or stored from now on (tests). */
guint                wf_unknown_collector_stored (WfUnknownCollector * self);

G_END_DECLS
