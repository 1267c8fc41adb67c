/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * A camera's latest analysed frame as a JPEG, with the boxes of its objects
 * drawn in, and the objects as structs (the API turns them into JSON).
 * Faces are redacted by a policy ([privacy] snapshot-policy) before the
 * boxes are drawn and the picture is encoded, with src/privacy's pixel
 * code: no face the policy selects leaves the process unredacted.  Made
 * from the sink's last sample only when someone asks: a camera nobody looks
 * at pays nothing.
 */
#pragma once

#include <gst/gst.h>
#include <gst/video/video.h>
#include "wf-redact-policy.h"

G_BEGIN_DECLS

/* A snapshot is at most this wide (larger frames are scaled down). */
#define WF_SNAPSHOT_MAX_WIDTH 1280
/* Objects described per snapshot, at most. */
#define WF_SNAPSHOT_MAX_OBJECTS 64

typedef struct {
  gchar *type;                  /* roi_type: "face", "person" */
  gdouble x, y, w, h;           /* normalised box */
  gboolean has_track;
  guint64 track_id;
  gchar *employee_id;           /* NULL: unknown or not matched */
  gchar *name;
  gboolean matched;             /* facematch looked at it */
} WfSnapshotObject;

/* Which faces of a snapshot are redacted, and how. */
typedef struct {
  WfRedactPolicy policy;
  WfRedactMethod method;
} WfSnapshotRedaction;

typedef struct {
  GBytes *jpeg;
  guint width, height;          /* of the JPEG */
  guint64 pts;                  /* of the frame, GST_CLOCK_TIME_NONE */
  GArray *objects;              /* WfSnapshotObject */
} WfSnapshot;

/* Converts @sample (any raw video format) to RGB, scales it to at most
 * @max_width, redacts the faces @redaction selects, draws each object's box
 * and encodes it at @quality (1-100). */
WfSnapshot *  wf_snapshot_new_from_sample (GstSample * sample,
                                           guint max_width,
                                           gint quality,
                                           const WfSnapshotRedaction *
                                           redaction,
                                           GError ** error);
void          wf_snapshot_free            (WfSnapshot * snap);

/* Crops @sx, @sy, @sw x @sh of @buf (described by @in) and scales it to
 * @ow x @oh packed RGB, in @out_frame, mapped for writing: the caller
 * unmaps it, which frees the picture.  FALSE and @error when a frame cannot
 * be mapped. */
gboolean      wf_snapshot_convert_rgb     (GstBuffer * buf,
                                           const GstVideoInfo * in,
                                           gint sx,
                                           gint sy,
                                           gint sw,
                                           gint sh,
                                           gint ow,
                                           gint oh,
                                           GstVideoFrame * out_frame,
                                           GError ** error);

/* The objects of @buf (WfSnapshotObject, the array frees their strings),
 * normalised to the frame @in, from their ROI metas; at most
 * WF_SNAPSHOT_MAX_OBJECTS. */
GArray *      wf_snapshot_read_objects    (GstBuffer * buf,
                                           const GstVideoInfo * in);
/* Redacts, in the @w x @h RGB picture, each face of @objects (normalised
 * to the picture) that @redaction selects. */
void          wf_snapshot_redact          (guint8 * rgb,
                                           gint stride,
                                           gint w,
                                           gint h,
                                           GArray * objects,
                                           const WfSnapshotRedaction *
                                           redaction);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfSnapshot, wf_snapshot_free)

G_END_DECLS
