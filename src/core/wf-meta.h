/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The names of everything our elements attach to buffers and post on the
 * bus, defined once.  Elements, the daemon and the tests use these macros;
 * docs/facedetect.md, docs/facematch.md and docs/occupancy.md describe each
 * field and its type.
 *
 * Metadata: one GstVideoRegionOfInterestMeta per object, roi_type
 * WF_ROI_TYPE_FACE or WF_ROI_TYPE_PERSON, with named GstStructure params.
 */
#pragma once

/* roi_type of GstVideoRegionOfInterestMeta */
#define WF_ROI_TYPE_FACE "face"
#define WF_ROI_TYPE_PERSON "person"

/* "detection" param, added by facedetect (and occupancy detector=people) */
#define WF_PARAM_DETECTION "detection"
#define WF_FIELD_CONFIDENCE "confidence"    /* gdouble, backend score in [0,1] */
#define WF_FIELD_X "x"                      /* gdouble, normalised left */
#define WF_FIELD_Y "y"                      /* gdouble, normalised top */
#define WF_FIELD_W "w"                      /* gdouble, normalised width */
#define WF_FIELD_H "h"                      /* gdouble, normalised height */
#define WF_FIELD_BACKEND "backend"          /* gchararray: hog, haar, yunet, mmod, tiny, people */
#define WF_FIELD_CARRIED "carried"          /* gboolean: box repeated from an earlier frame */
#define WF_FIELD_LANDMARKS "landmarks"      /* GstValueArray of gdouble, normalised x,y pairs (yunet: 5 points) */

/* "tracking" param, added by occupancy and facematch */
#define WF_PARAM_TRACKING "tracking"
#define WF_FIELD_TRACK_ID "id"              /* guint64 */
#define WF_FIELD_AGE "age"                  /* guint, frames since the track started */

/* "facematch" param, added by facematch */
#define WF_PARAM_FACEMATCH "facematch"
#define WF_FIELD_EMPLOYEE_ID "employee-id"  /* gchararray, NULL when unknown */
#define WF_FIELD_NAME "name"                /* gchararray, NULL when unknown */
#define WF_FIELD_DISTANCE "distance"        /* gdouble, to the nearest employee */
#define WF_FIELD_KNOWN "known"              /* gboolean */
#define WF_FIELD_IDENTITY "identity"        /* gchararray: "fresh", "held", "broken" or "none" */
#define WF_FIELD_SUPPORT "support"          /* guint, descriptors behind the name since the last break */
#define WF_FIELD_BROKEN_ID "broken-employee-id" /* gchararray, "broken" only: the name withdrawn */
#define WF_FIELD_QUALITY "quality"          /* gdouble, quality of the track's last descriptor, [0,1] */
#define WF_FIELD_CONSENT "consent"          /* gboolean, optional: the employee consented (read by faceredact) */

/* "occupancy" param, added by occupancy */
#define WF_PARAM_OCCUPANCY "occupancy"
#define WF_FIELD_ZONES "zones"              /* GstValueList of gchararray: zones the object is in */

/* Element messages: the structure is named after the element */
#define WF_MESSAGE_FACEDETECT "facedetect"
#define WF_MESSAGE_FACEMATCH "facematch"
#define WF_MESSAGE_OCCUPANCY "occupancy"

/* Fields every element message carries (GstClockTime, guint64) */
#define WF_FIELD_TIMESTAMP "timestamp"
#define WF_FIELD_STREAM_TIME "stream-time"
#define WF_FIELD_RUNNING_TIME "running-time"
#define WF_FIELD_DURATION "duration"

/* facedetect message: "faces", GstValueList of GstStructure named "face"
 * with the WF_PARAM_DETECTION fields. */
#define WF_FIELD_FACES "faces"
#define WF_STRUCT_FACE "face"
/* ... and its motion gate's state (gstwfmotiongate.h) */
#define WF_FIELD_MOTION "motion"              /* gboolean: motion on this frame */
#define WF_FIELD_ANALYSED "analysed"          /* gboolean: the detector ran */
#define WF_FIELD_GATE "gate"                  /* gchararray: off, start, idle, motion, track */
#define WF_FIELD_ANALYSED_FRACTION "analysed-fraction"  /* gdouble: of the frames since start */

/* facematch message: "matches", GstValueList of GstStructure named "match"
 * with track id, employee-id, name, distance, known and the box. */
#define WF_FIELD_MATCHES "matches"
#define WF_STRUCT_MATCH "match"

/* occupancy message (names kept exactly, other tools rely on them):
 * "zones", GstValueList of "zone" {name: string, count: uint, peak: uint};
 * "lines", GstValueList of "line" {name: string, in: uint, out: uint}. */
#define WF_FIELD_OCC_ZONES "zones"
#define WF_STRUCT_ZONE "zone"
#define WF_FIELD_OCC_LINES "lines"
#define WF_STRUCT_LINE "line"
#define WF_FIELD_COUNT "count"
#define WF_FIELD_PEAK "peak"
#define WF_FIELD_IN "in"
#define WF_FIELD_OUT "out"

/* occupancy events: element messages with these names */
#define WF_EVENT_ZONE_ENTER "zone-enter"
#define WF_EVENT_ZONE_EXIT "zone-exit"
#define WF_EVENT_LINE_CROSS "line-cross"
#define WF_EVENT_OVER_CAPACITY "over-capacity"
#define WF_EVENT_CAPACITY_NORMAL "capacity-normal"

/* Fields of the occupancy events (besides the timestamps above):
 * zone-enter, zone-exit: zone, track-id, count (the zone's smoothed count);
 * line-cross: line, direction ("in"/"out"), track-id, in, out (totals);
 * over-capacity, capacity-normal: zone, count, capacity.
 * zone-enter, zone-exit and line-cross add employee-id and employee-name
 * when facematch has named the track. */
#define WF_FIELD_ZONE "zone"                /* gchararray */
#define WF_FIELD_LINE "line"                /* gchararray */
#define WF_FIELD_DIRECTION "direction"      /* gchararray: "in" or "out" */
#define WF_FIELD_EVENT_TRACK_ID "track-id"  /* guint64 */
#define WF_FIELD_CAPACITY "capacity"        /* guint */
#define WF_FIELD_EMPLOYEE_NAME "employee-name" /* gchararray */
