/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* What the real-face tests of faceredact share: the photos (face-api's
 * demo photos, installed by setup.sh, plus the shared test data's scenes
 * where present), running an element chain over one frame, and reading
 * the face ROIs back. */
#pragma once

#include <gst/gst.h>
#include <gst/video/video.h>

#include "wf-image.h"

G_BEGIN_DECLS

typedef struct {
  gchar *label;                 /* file name */
  GstBuffer *frame;             /* RGB, no metas */
  GstVideoInfo info;
} RedactPhoto;

typedef struct {
  WfRect box;                   /* pixels */
  gboolean known;
  gchar *employee;              /* NULL when unknown or no facematch */
} RedactFace;

/* The photos with people: face-api's demo photos scaled to 960 wide, then
 * testdata/scenes/@scenes (NULL-terminated, may be NULL) when the shared
 * data is there.  Exits 77 (skip) when there is none of them. */
GPtrArray *   redact_photos_load      (const gchar * const *scenes);
void          redact_photo_free       (RedactPhoto * p);

/* Pushes @in (taken) through the chain @desc (gst_parse_launch syntax,
 * one sink and one src pad left free) and returns what comes out. */
GstBuffer *   redact_run_chain        (const gchar * desc,
                                       const GstVideoInfo * info,
                                       GstBuffer * in);

/* A copy of @buf's pixels without any meta. */
GstBuffer *   redact_strip_metas      (GstBuffer * buf);

/* The face ROIs of @buf (RedactFace, with their clear function). */
GArray *      redact_faces            (GstBuffer * buf);

/* How many samples of @a and @b differ over @box (pixels, clipped). */
guint         redact_count_changed    (const GstVideoInfo * info,
                                       GstBuffer * a,
                                       GstBuffer * b,
                                       const WfRect * box);

/* The fraction of @a inside @b grown by @margin times its size on each
 * side (faceredact's region). */
gdouble       redact_overlap          (const WfRect * a,
                                       const WfRect * b,
                                       gdouble margin);

/* Intersection over union of two boxes. */
gdouble       redact_iou              (const WfRect * a,
                                       const WfRect * b);

G_END_DECLS
