/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* How the occupancy element's counting model (wf-occupancy.h) meets
 * GStreamer: ROIs read into model objects, the "tracking", "occupancy" and
 * "detection" params written onto ROIs, and model events and counts turned
 * into element message structures (fields in gstwfoccupancy.c's doc). */
#pragma once

#include <gst/base/gstbasetransform.h>
#include <gst/video/video.h>

#include "wf-occupancy.h"

G_BEGIN_DECLS

/* Once, before any of the others (class_init). */
void gst_wf_occupancy_meta_init (void);

/* Fills @objs (WfOccupancyObject) with the ROIs of @roi_type on @buf: box,
 * centre normalised by @width x @height, upstream "tracking" id, the
 * employee of a known "facematch" param; data is the ROI meta.  @objs must
 * clear the elements it grows by (g_array_new (FALSE, TRUE, ...)). */
void gst_wf_occupancy_read_rois (GstBuffer * buf, GQuark roi_type,
    gint width, gint height, GArray * objs);

/* Writes the "tracking" param (when the model's tracker gave the id) and
 * the "occupancy" param (names of the zones of the track) on @o's ROI.
 * @gen identifies the configuration the model has: the zone lists are kept
 * per track in its track_data slot while track and configuration stay. */
void gst_wf_occupancy_write_params (WfOccupancy * model,
    WfOccupancyObject * o, guint gen);

/* The GDestroyNotify of the track_data that write_params keeps. */
void gst_wf_occupancy_track_data_free (gpointer data);

/* A "person" ROI for box @b (pixels, clamped to the frame), with its
 * "detection" param and, when @id is not 0, a "tracking" param. */
void gst_wf_occupancy_add_person (GstBuffer * buf, const WfRect * b,
    gfloat confidence, gboolean carried, guint64 id, gint width,
    gint height);

/* The message structure of @ev, stamped with @buf's times. */
GstStructure * gst_wf_occupancy_event_structure (GstBaseTransform * trans,
    GstBuffer * buf, const WfOccupancyEvent * ev);

/* The "occupancy" message structure: every zone's and line's counts, and
 * with @analysed_fraction >= 0 (detector=people) "analysed-fraction", the
 * share of the frames the people detector ran on. */
GstStructure * gst_wf_occupancy_counts_structure (GstBaseTransform * trans,
    GstBuffer * buf, WfOccupancy * model, gdouble analysed_fraction);

G_END_DECLS
