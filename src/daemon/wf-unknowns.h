/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The stored crops of unknown faces, for the review loop that turns them
 * into employees ([privacy] store-unknown-crops, off by default;
 * docs/privacy.md).  One folder, mode 0700, beside the gallery; per crop
 * two files named by a random id (32 hex digits, never a name): ID.jpg (at
 * most WF_FACE_CROP_MAX_SIDE pixels a side) and ID.json (camera, first and
 * last seen, the face's size and its 128-value descriptor).
 *
 * Bounds: at most WF_UNKNOWNS_MAX_PER_CAMERA crops per camera and
 * WF_UNKNOWNS_MAX_TOTAL in all; past either the crop seen longest ago is
 * dropped first.  Retention: crops last seen more than keep_seconds ago are
 * deleted when the store opens and every hour after.
 *
 * Grouping: two crops whose descriptors are at most @threshold apart (the
 * gallery's match threshold) are the same person; a group is a connected
 * set of crops under that rule (single linkage).  Its id is the id of its
 * earliest crop; any of its crops' ids names it.
 *
 * Main context only.
 */
#pragma once

#include <glib-object.h>
#include "wf-descriptor.h"

G_BEGIN_DECLS

#define WF_UNKNOWNS_MAX_PER_CAMERA 50
#define WF_UNKNOWNS_MAX_TOTAL 500
/* Length of a crop id (hex digits). */
#define WF_UNKNOWNS_ID_LEN 32

typedef struct {
  gchar *id;
  gchar *camera;
  gint64 first_seen_ms;
  gint64 last_seen_ms;
  gdouble face_pixels;          /* area of the face box in its frame */
  gfloat descriptor[WF_DESCRIPTOR_DIM];
} WfUnknownCrop;

typedef struct {
  gchar *id;                    /* its earliest crop's */
  gchar *best;                  /* the crop with the largest face */
  GPtrArray *crops;             /* gchar* ids, earliest first */
  GPtrArray *cameras;           /* gchar*, each once */
  gint64 first_seen_ms;
  gint64 last_seen_ms;
} WfUnknownGroup;

#define WF_TYPE_UNKNOWNS (wf_unknowns_get_type ())
G_DECLARE_FINAL_TYPE (WfUnknowns, wf_unknowns, WF, UNKNOWNS, GObject)

/* Opens (creating it, mode 0700) the folder @dir and reads its crops;
 * files that do not read are removed.  Enforces the retention at once and
 * then hourly. */
WfUnknowns *          wf_unknowns_new          (const gchar * dir,
                                                gint64 keep_seconds,
                                                GError ** error);
/* Whether @id has the form of a crop id (checked before any path is made
 * of it). */
gboolean              wf_unknowns_id_is_valid  (const gchar * id);
guint                 wf_unknowns_count        (WfUnknowns * self);
/* Crops removed by the last retention run. */
guint                 wf_unknowns_removed_last_run (WfUnknowns * self);
/* Deletes crops last seen before @now_ms - keep_seconds; returns how many. */
guint                 wf_unknowns_enforce_retention (WfUnknowns * self,
                                                gint64 now_ms);

/* Stores a crop; when @replace names a stored crop, it replaces that one
 * (same id, first seen kept).  Returns the crop's id. */
gchar *               wf_unknowns_add          (WfUnknowns * self,
                                                const gchar * replace,
                                                const gchar * camera,
                                                GBytes * jpeg,
                                                const gfloat * descriptor,
                                                gdouble face_pixels,
                                                gint64 now_ms,
                                                GError ** error);
/* Marks crop @id seen at @now_ms (kept in memory; written with the next
 * change of the crop). */
void                  wf_unknowns_touch        (WfUnknowns * self,
                                                const gchar * id,
                                                gint64 now_ms);
const WfUnknownCrop * wf_unknowns_lookup       (WfUnknowns * self,
                                                const gchar * id);
/* The JPEG of crop @id; NULL (G_IO_ERROR_NOT_FOUND) when absent. */
GBytes *              wf_unknowns_read_jpeg    (WfUnknowns * self,
                                                const gchar * id,
                                                GError ** error);
/* Deletes crop @id's files. */
void                  wf_unknowns_remove       (WfUnknowns * self,
                                                const gchar * id);

/* Every group (WfUnknownGroup), the most recently seen first. */
GArray *              wf_unknowns_groups       (WfUnknowns * self,
                                                gdouble threshold);
/* The group that crop @id belongs to, into @out (clear it with
 * wf_unknown_group_clear); FALSE when there is no such crop. */
gboolean              wf_unknowns_group_of     (WfUnknowns * self,
                                                const gchar * id,
                                                gdouble threshold,
                                                WfUnknownGroup * out);
void                  wf_unknown_group_clear   (WfUnknownGroup * group);

G_END_DECLS
