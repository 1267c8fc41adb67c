/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * One camera: a pipeline built from a template in pipelines/, watched for
 * errors, end of stream and silence, torn down and rebuilt with capped
 * exponential backoff, forever.  Every method runs in the main context; only
 * the frame counters are touched from streaming threads (atomically).
 */
#pragma once

#include <gst/gst.h>
#include "wf-config.h"
#include "wf-pipeline.h"

G_BEGIN_DECLS

/* FAILED_CONFIG stays last: the health and metrics count states up to it. */
typedef enum {
  WF_CAMERA_STOPPED,
  WF_CAMERA_DISABLED,           /* enabled = false: no pipeline */
  WF_CAMERA_CONNECTING,
  WF_CAMERA_RUNNING,
  WF_CAMERA_RETRYING,
  WF_CAMERA_FAILED_CONFIG,
} WfCameraState;

const gchar * wf_camera_state_to_string (WfCameraState state);

/* One queue of a pipeline (a queue, queue2 or multiqueue pad), now. */
typedef struct {
  gchar *name;                  /* element (or element:pad) name */
  guint buffers;
  guint bytes;
  guint max_buffers;            /* 0: unlimited */
} WfQueueStat;

/* One buffer pool whose buffers flowed through the pipeline: its
 * configuration (gst_buffer_pool_config_get_params). */
typedef struct {
  gchar *owner;                 /* element:pad where its buffers were seen */
  guint buffer_bytes;           /* size of each buffer */
  guint min_buffers;
  guint max_buffers;            /* 0: unlimited */
  gboolean active;
} WfPoolStat;

/* A tracker of an analysis element (occupancy, facematch). */
typedef struct {
  gchar *element;
  const gchar *factory;         /* static */
  guint tracks;                 /* its "tracks" property */
  guint max_tracks;             /* its "max-tracks", 0 when it has none */
} WfTrackerStat;

/* A snapshot for the API; strings are owned by the snapshot. */
typedef struct {
  WfCameraState state;
  guint64 frames;
  gdouble analysed_fraction;    /* facedetect's motion gate; -1: none yet */
  guint reconnects;
  gint64 last_frame_age_ms;     /* -1 before the first frame */
  gchar *last_error;            /* NULL when none */
  gchar *pipeline;              /* template name in use */
  guint next_retry_ms;          /* in retrying: delay of the pending retry */
  guint64 queued_buffers;       /* in queues of the pipeline, now */
  guint64 queued_bytes;
  guint elements;               /* elements in the pipeline */
  guint stopping;               /* earlier pipelines still going to NULL */
  gint64 first_frame_us;        /* monotonic time of the first frame, 0 */
  GArray *queues;               /* WfQueueStat */
  GArray *pools;                /* WfPoolStat, one per pool */
  GArray *trackers;             /* WfTrackerStat */
} WfCameraStatus;

void wf_camera_status_clear (WfCameraStatus * status);

#define WF_TYPE_CAMERA (wf_camera_get_type ())
G_DECLARE_FINAL_TYPE (WfCamera, wf_camera, WF, CAMERA, GObject)

/* @pipeline_dir: folder tried first for templates (may be NULL);
 * @gallery: path filled into {gallery}. */
WfCamera *               wf_camera_new           (const WfCameraConfig * cfg,
                                                  const gchar * pipeline_dir,
                                                  const gchar * gallery);
const WfCameraConfig *   wf_camera_get_config    (WfCamera * self);
const gchar *            wf_camera_get_id        (WfCamera * self);
WfCameraState            wf_camera_get_state     (WfCamera * self);
void                     wf_camera_get_status    (WfCamera * self,
                                                  WfCameraStatus * status);

/* Starts (or restarts) the camera; returns at once, the pipeline goes to
 * PLAYING in a helper thread. */
void                     wf_camera_start         (WfCamera * self);
/* Stops the pipeline and waits for it to reach NULL. */
void                     wf_camera_stop          (WfCamera * self);
/* Sets the configuration's enabled flag: FALSE stops the pipeline (waiting
 * for NULL, like wf_camera_stop) and leaves the camera disabled, TRUE starts
 * it.  Later pipelines and restarts keep the flag (it is the camera's
 * configuration, like its zones). */
void                     wf_camera_set_enabled   (WfCamera * self,
                                                  gboolean enabled);
/* Stops @n cameras at once, waiting for all of them together; FALSE when a
 * pipeline did not reach NULL in time (its thread is left running). */
gboolean                 wf_camera_stop_many     (WfCamera * const *cameras,
                                                  guint n);

/* The last analysed frame, with its metadata, while the camera runs; NULL
 * otherwise.  Unref with gst_sample_unref. */
GstSample *              wf_camera_dup_last_sample (WfCamera * self);

/* Replaces the camera's zones and/or lines (NULL: unchanged), already
 * checked (wf_camera_check_geometry); a running pipeline takes them without
 * a restart. */
void                     wf_camera_set_geometry  (WfCamera * self,
                                                  const gchar * zones,
                                                  const gchar * lines);

G_END_DECLS
