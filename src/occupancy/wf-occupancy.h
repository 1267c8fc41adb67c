/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The counting model of the occupancy element, free of GStreamer types:
 * people per zone with hysteresis and peaks, line crossings per line and
 * direction, capacity transitions, and the attribution of every event to a
 * track (and to an employee when facematch named it).
 *
 * Each call to wf_occupancy_update() is one counted frame: the objects of the
 * frame (centres in normalised coordinates, an upstream track id or a box
 * for the model's own tracker) go in; the track ids, the zones of each track
 * and the events of the frame, in the order they happened, come out.
 *
 *  - A zone's smoothed count takes the raw count of the frame once that has
 *    held the same new value for `smoothing` consecutive updates; its peak
 *    is the largest smoothed count.
 *  - A track enters and exits zones on the frame its centre does; the count
 *    in those events is the zone's smoothed count before the frame.  A track
 *    that is dropped (the tracker gave up on it, or unseen for more than
 *    max_misses updates, or the oldest when more than 4 max_tracks + 64
 *    tracks are held) exits its zones then.
 *  - A crossing of a line is counted when a track's centre moves from one
 *    side to the other across the segment (wf_line_crossing()); the last
 *    point off the line is remembered per track and line.
 *  - A zone with a capacity goes over when its smoothed count rises above it
 *    and back to normal when it is at or below it, or when the capacity is
 *    raised or removed.
 *  - A new configuration keeps the counts of the zones and lines whose name
 *    and geometry did not change, and each track's state for them.
 *
 * A WfOccupancy is not thread-safe; its owner serialises calls.
 */
#pragma once

#include <glib.h>

#include "wf-appearance.h"
#include "wf-image.h"
#include "wf-zones.h"

G_BEGIN_DECLS

typedef struct _WfOccupancy WfOccupancy;

typedef enum {
  WF_OCCUPANCY_ZONE_ENTER,
  WF_OCCUPANCY_ZONE_EXIT,
  WF_OCCUPANCY_LINE_CROSS,
  WF_OCCUPANCY_OVER_CAPACITY,
  WF_OCCUPANCY_CAPACITY_NORMAL,
} WfOccupancyEventType;

/* One event; the arrays given to wf_occupancy_update() free the employee
 * strings (they are set up by wf_occupancy_events_new()). */
typedef struct {
  WfOccupancyEventType type;
  /* the zone's name (interned, valid for the life of the process) or the
   * line's (valid until the next wf_occupancy_configure()) */
  const gchar *name;
  guint64 track_id;             /* enter, exit, cross */
  gchar *employee_id;           /* enter, exit, cross: NULL when unknown */
  gchar *employee_name;
  gint direction;               /* cross: +1 "in", -1 "out" */
  guint count;                  /* zone and capacity events: smoothed count */
  guint capacity;               /* capacity events */
  guint in, out;                /* cross: the line's totals after it */
} WfOccupancyEvent;

/* One object (ROI) of a counted frame. */
typedef struct {
  /* in */
  WfRect box;                   /* for the own tracker, in any unit, always
                                 * the same one (see wf-tracker.h) */
  gdouble cx, cy;               /* centre, normalised */
  guint64 upstream_id;          /* a track id given upstream, or 0: the
                                 * model's own tracker assigns one */
  /* the box's colour signature for the own tracker's appearance cue, or
   * NULL (no frame at hand); read during the update only */
  const WfAppearance *look;
  /* a facematch match that names the person, or NULL */
  const gchar *employee_id;
  const gchar *employee_name;
  gpointer data;                /* the caller's, left alone */
  /* out */
  guint64 id;                   /* track id; 0: untracked (own tracker
                                 * full), counted in zones without events */
  guint age;                    /* own tracker: frames since it started */
  guint64 zones;                /* bit i: the track is in zone i (0 when
                                 * untracked) */
  /* the track's slot for the caller's own per-track data (freed with the
   * track by the GDestroyNotify given to wf_occupancy_new()), NULL when
   * untracked; valid until the next update, configure or free */
  gpointer *track_data;
} WfOccupancyObject;

/* A zone's counts, valid until the next wf_occupancy_configure(). */
typedef struct {
  const WfZone *zone;
  const gchar *name;            /* zone->name, interned */
  guint capacity;               /* 0: none */
  guint count;                  /* smoothed */
  guint peak;
  gboolean over;
} WfOccupancyZone;

typedef struct {
  const WfLine *line;
  guint in, out;
} WfOccupancyLine;

/* max_tracks and max_misses configure the own tracker and how long the
 * state of an unseen track is kept; @track_data_free (or NULL) frees the
 * caller's per-track data. */
WfOccupancy * wf_occupancy_new          (guint max_tracks,
                                         guint max_misses,
                                         GDestroyNotify track_data_free);
void         wf_occupancy_free          (WfOccupancy * occ);

/* Takes a reference on each of the three; zones is an array of WfZone*,
 * lines of WfLine*, capacity a table name -> GUINT_TO_POINTER (N) as
 * wf-zones.h parses them.  They must not change afterwards. */
void         wf_occupancy_configure     (WfOccupancy * occ,
                                         GPtrArray * zones,
                                         GPtrArray * lines,
                                         GHashTable * capacity);

/* A new array of WfOccupancyEvent that frees the events' strings. */
GArray *     wf_occupancy_events_new    (void);

/* One counted frame: fills the out fields of @objs and appends the frame's
 * events to @events. */
void         wf_occupancy_update        (WfOccupancy * occ,
                                         WfOccupancyObject * objs,
                                         guint n_objs,
                                         guint smoothing,
                                         GArray * events);

/* Gives the objects without an upstream id a look (their colour in
 * @image, where their boxes are in pixels) for the own tracker's
 * appearance cue in the next wf_occupancy_update(); the looks are the
 * model's, valid until then. */
void         wf_occupancy_see           (WfOccupancy * occ,
                                         WfOccupancyObject * objs,
                                         guint n_objs,
                                         const WfImage * image);

/* Whether the counts are to be reported now, at stream time @ts
 * (WF_OCCUPANCY_TIME_NONE when unknown): after every change of a count, a
 * total or the configuration, and at least every @interval (0: on changes
 * only); a time that jumps backwards restarts the interval.  TRUE means the
 * caller reports them now. */
#define WF_OCCUPANCY_TIME_NONE G_MAXUINT64
gboolean     wf_occupancy_report_due    (WfOccupancy * occ,
                                         guint64 ts,
                                         guint64 interval);

guint        wf_occupancy_n_zones       (WfOccupancy * occ);
const WfOccupancyZone * wf_occupancy_get_zone (WfOccupancy * occ,
                                         guint i);
guint        wf_occupancy_n_lines       (WfOccupancy * occ);
const WfOccupancyLine * wf_occupancy_get_line (WfOccupancy * occ,
                                         guint i);
/* Tracks whose state the model holds. */
guint        wf_occupancy_n_tracks      (WfOccupancy * occ);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfOccupancy, wf_occupancy_free)

G_END_DECLS
