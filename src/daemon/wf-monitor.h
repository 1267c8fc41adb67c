/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The monitor: owns the cameras and the results store, turns the element
 * messages of facedetect, facematch and occupancy into stored results, live
 * figures and events.  Main context only.
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include "wf-config.h"
#include "wf-camera.h"
#include "wf-store.h"
#include "wf-placement.h"
#include "wf-unknown-collector.h"

G_BEGIN_DECLS

#define WF_TYPE_MONITOR (wf_monitor_get_type ())
G_DECLARE_FINAL_TYPE (WfMonitor, wf_monitor, WF, MONITOR, GObject)

/* Start-up timings, monotonic microseconds (0 = not yet). */
typedef struct {
  gint64 process_start_us;
  gint64 api_ready_us;
  gint64 first_frame_us;
} WfTimings;

WfMonitor *  wf_monitor_new             (WfConfig * config,
                                         WfStore * store,
                                         gint64 process_start_us);
WfConfig *   wf_monitor_get_config      (WfMonitor * self);
WfStore *    wf_monitor_get_store       (WfMonitor * self);

/* On a site of several nodes (PostgreSQL), the placement that decides
 * which cameras run here (not owned; NULL on a single node). */
void         wf_monitor_set_placement   (WfMonitor * self,
                                         WfPlacement * placement);
WfPlacement * wf_monitor_get_placement  (WfMonitor * self);

/* [privacy] store-unknown-crops: the stored crops and what feeds them from
 * facematch's matches (both NULL, the default, when off). */
void         wf_monitor_set_unknowns    (WfMonitor * self,
                                         WfUnknowns * unknowns,
                                         WfUnknownCollector * collector);
WfUnknowns * wf_monitor_get_unknowns    (WfMonitor * self);
WfUnknownCollector * wf_monitor_get_unknown_collector (WfMonitor * self);

/* Starts every enabled camera of the configuration. */
void         wf_monitor_start           (WfMonitor * self);
/* Stops every camera and flushes the store; FALSE when a pipeline did not
 * reach NULL in time (a source or model load that would not stop). */
gboolean     wf_monitor_stop            (WfMonitor * self);

/* Cameras in the order they were added; do not modify. */
GPtrArray *  wf_monitor_get_cameras     (WfMonitor * self);
WfCamera *   wf_monitor_find_camera     (WfMonitor * self,
                                         const gchar * id);
/* Adds and (when enabled) starts a camera; FALSE when the id exists. */
gboolean     wf_monitor_add_camera      (WfMonitor * self,
                                         const WfCameraConfig * cfg,
                                         GError ** error);
gboolean     wf_monitor_remove_camera   (WfMonitor * self,
                                         const gchar * id);

/* {"zones": [...], "lines": [...]} as issue 5 names them. */
JsonObject * wf_monitor_occupancy_now   (WfMonitor * self);

/* People in a zone now, and the most seen at once. */
typedef struct
{
  gchar *camera;
  gchar *zone;
  guint count;
  guint peak;
} WfZoneNow;

/* Crossings of a line since the camera started. */
typedef struct
{
  gchar *camera;
  gchar *line;
  guint in;
  guint out;
} WfLineNow;

/* Every zone (WfZoneNow) or line (WfLineNow) now, by camera then name;
 * the array frees its strings. */
GArray *     wf_monitor_get_zones       (WfMonitor * self);
GArray *     wf_monitor_get_lines       (WfMonitor * self);

void         wf_monitor_set_api_ready   (WfMonitor * self);
void         wf_monitor_get_timings     (WfMonitor * self,
                                         WfTimings * timings);
/* Events journalled and sent live so far, and live subscribers' queues. */
guint64      wf_monitor_get_event_count (WfMonitor * self);
/* Employee erasure or consent withdrawn: forget its live sightings, and
 * drop every later match naming it (a live track may hold the name until
 * facematch re-verifies it) until wf_monitor_allow_employee(). */
void         wf_monitor_forget_employee (WfMonitor * self,
                                         const gchar * employee_id);
/* Enrolment or consent given: matches naming @employee_id count again. */
void         wf_monitor_allow_employee  (WfMonitor * self,
                                         const gchar * employee_id);

/* Journals an event (type, camera may be NULL, data a JSON object or NULL,
 * taken) and emits ::event with its id. */
guint64      wf_monitor_post_event      (WfMonitor * self,
                                         const gchar * type,
                                         const gchar * camera,
                                         const gchar * employee_id,
                                         JsonObject * data);

/* Names of the analysis elements this build has ("facedetect", ...). */
GStrv        wf_monitor_features        (void);

G_END_DECLS
