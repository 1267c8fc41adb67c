/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Zones (named polygons) and lines (named directed segments) in normalised
 * image coordinates (x to the right, y down, both in [0,1]), their property
 * syntax and key-file form.  Pure C, no GStreamer types.
 *
 * Syntax (kept exactly, other tools rely on it):
 *   zones    "room=0,0 1,0 1,1 0,1;desk=0.1,0.1 0.4,0.1 0.4,0.5"
 *   lines    "door=0.5,0 0.5,1"
 *   capacity "room=10;desk=2"
 * Entries are separated by ';', points by white space, coordinates by ','.
 * Names are 1-64 characters of [A-Za-z0-9_.-].  An empty string is an empty
 * set.  Polygons have 3 to WF_ZONE_MAX_POINTS points and a non-zero area,
 * lines two distinct points; at most WF_ZONES_MAX entries per set; names are
 * unique within a set.
 *
 * A line from A to B counts a crossing that ends at Q as "in" when
 * (B - A) x (Q - A) > 0 in image coordinates, "out" when < 0: for
 * "door=0.5,0 0.5,1" walking right to left is "in".
 *
 * Key file: groups [zones], [lines] and [capacity], one entry per key in the
 * same syntax, for example
 *   [zones]
 *   room=0,0 1,0 1,1 0,1
 *   [lines]
 *   door=0.5,0 0.5,1
 *   [capacity]
 *   room=10
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WF_ZONES_MAX 64
#define WF_ZONE_MAX_POINTS 256
#define WF_ZONE_NAME_MAX 64

#define WF_ZONES_ERROR (wf_zones_error_quark ())
typedef enum {
  WF_ZONES_ERROR_SYNTAX,        /* not NAME=POINTS, not a number, ... */
  WF_ZONES_ERROR_RANGE,         /* coordinate outside [0,1], too many */
  WF_ZONES_ERROR_GEOMETRY,      /* too few points, no area, zero length */
  WF_ZONES_ERROR_DUPLICATE,     /* a name given twice */
  WF_ZONES_ERROR_FILE,          /* the key file cannot be read */
} WfZonesError;

typedef struct {
  gchar *name;
  guint n_points;
  gdouble *xy;                  /* n_points (x, y) pairs */
  /* bounding box, for a cheap first test */
  gdouble x0, y0, x1, y1;
} WfZone;

typedef struct {
  gchar *name;
  gdouble ax, ay, bx, by;
} WfLine;

GQuark       wf_zones_error_quark       (void);

/* Parse a whole property value: returns a new array of WfZone* / WfLine*
 * (with free functions set), or NULL and an error that names the entry and
 * the problem.  NULL or "" gives an empty array. */
GPtrArray *  wf_zones_parse             (const gchar * str,
                                         GError ** error);
GPtrArray *  wf_lines_parse             (const gchar * str,
                                         GError ** error);
/* "name=N;..." with N >= 1: a new table name -> GUINT_TO_POINTER (N). */
GHashTable * wf_capacity_parse          (const gchar * str,
                                         GError ** error);

/* Loads the three groups of a key file; each out argument gets a new
 * container (empty when the group is absent).  Fails when the file cannot
 * be read or any entry is malformed. */
gboolean     wf_zones_load_key_file     (const gchar * path,
                                         GPtrArray ** zones,
                                         GPtrArray ** lines,
                                         GHashTable ** capacity,
                                         GError ** error);

void         wf_zone_free               (WfZone * zone);
void         wf_line_free               (WfLine * line);

/* TRUE when both have the same name and geometry. */
gboolean     wf_zone_equal              (const WfZone * a,
                                         const WfZone * b);
gboolean     wf_line_equal              (const WfLine * a,
                                         const WfLine * b);

/* Point in polygon (even-odd rule); points on the boundary may fall either
 * way. */
gboolean     wf_zone_contains           (const WfZone * zone,
                                         gdouble x,
                                         gdouble y);

/* Sign of (B - A) x (Q - A): +1 on the "in" side, -1 "out", 0 on the line. */
gint         wf_line_side               (const WfLine * line,
                                         gdouble qx,
                                         gdouble qy);

/* Whether a move from P to Q crosses the segment; returns +1 (in), -1 (out)
 * or 0 (no crossing).  A move that starts or ends exactly on the line does
 * not cross: callers keep the last point off the line as P. */
gint         wf_line_crossing           (const WfLine * line,
                                         gdouble px,
                                         gdouble py,
                                         gdouble qx,
                                         gdouble qy);

/* Canonical text form of a set, in the property syntax. */
gchar *      wf_zones_to_string         (GPtrArray * zones);
gchar *      wf_lines_to_string         (GPtrArray * lines);
/* The capacities of the zones in @zones first, in their order, then the
 * others, in the table's order. */
gchar *      wf_capacity_to_string      (GHashTable * capacity,
                                         GPtrArray * zones);

G_END_DECLS
