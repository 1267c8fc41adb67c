/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-unknown-collector.h"
#include "wf-enrol.h"
#include "wf-face-crop.h"
#include "wf-gallery-faces.h"
#include "wf-meta.h"

GST_DEBUG_CATEGORY_STATIC (wf_unknowns_debug);
#define GST_CAT_DEFAULT wf_unknowns_debug

/* Tracks not seen for this long are forgotten. */
#define TRACK_FORGET_MS (60 * 1000)
#define MAX_TRACKS 1024

typedef struct
{
  gdouble best;                 /* score of the stored crop */
  gint64 last_try_ms;
  gint64 last_seen_ms;
  gchar *crop_id;               /* the stored crop, NULL before one */
  gboolean refused;             /* withheld or known: never stored */
} Track;

struct _WfUnknownCollector
{
  GObject parent;

  WfUnknowns *store;
  WfGallery *gallery;           /* may be NULL */
  WfSnapshotRedaction redaction;
  gdouble threshold;
  GHashTable *tracks;           /* "camera\ntrack" -> Track */
  gboolean busy;                /* a crop is being described */
  guint stored;
};

G_DEFINE_TYPE_WITH_CODE (WfUnknownCollector, wf_unknown_collector,
    G_TYPE_OBJECT, GST_DEBUG_CATEGORY_INIT (wf_unknowns_debug,
        "wf-unknowns", 0, "workforce-monitor unknown faces"));

typedef struct
{
  WfUnknownCollector *self;
  gchar *key;
  gchar *camera;
  GBytes *jpeg;
  gdouble score;
} Job;

static void
job_free (Job * job)
{
  g_object_unref (job->self);
  g_free (job->key);
  g_free (job->camera);
  g_bytes_unref (job->jpeg);
  g_free (job);
}

static void
track_free (Track * t)
{
  g_free (t->crop_id);
  g_free (t);
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* Whether the face of @descriptor may be kept: not an employee without
 * consent, not a known one. */
static gboolean
may_keep (WfUnknownCollector * self, const gfloat * descriptor)
{
  g_autoptr (GError) err = NULL;
  gdouble withheld = G_MAXDOUBLE;
  WfMatch m = { 0 };
  gboolean known;

  if (!self->gallery)
    return TRUE;
  if (!wf_gallery_withheld_distance (self->gallery, descriptor, &withheld,
          &err) || !wf_gallery_search (self->gallery, descriptor,
          self->threshold, WF_GALLERY_DEFAULT_MARGIN, &m, &err)) {
    /* in doubt, nothing is kept */
    GST_WARNING ("gallery: %s", err->message);
    return FALSE;
  }
  known = m.known;
  wf_match_clear (&m);
  return withheld > self->threshold && !known;
}

static void
described (GObject * source, GAsyncResult * res, gpointer data)
{
  Job *job = data;
  WfUnknownCollector *self = job->self;
  g_autoptr (GError) err = NULL;
  g_autoptr (GArray) faces = wf_enrol_describe_finish (res, NULL, &err);
  Track *t = g_hash_table_lookup (self->tracks, job->key);
  const gfloat *d;
  const WfUnknownCrop *old;
  gchar *id;

  (void) source;
  self->busy = FALSE;
  if (!faces || faces->len == 0) {
    GST_DEBUG ("%s: crop not kept: %s", job->key, err ? err->message : "");
    goto out;
  }
  d = g_array_index (faces, WfEnrolFace, 0).descriptor;
  if (!may_keep (self, d)) {
    GST_INFO ("%s: face of a known or non-consenting employee: not kept",
        job->key);
    if (t) {
      t->refused = TRUE;
      if (t->crop_id)
        wf_unknowns_remove (self->store, t->crop_id);
      g_clear_pointer (&t->crop_id, g_free);
    }
    goto out;
  }
  /* a track id may come back after the pipeline restarted: another person
   * does not replace the crop */
  old = t && t->crop_id ? wf_unknowns_lookup (self->store, t->crop_id) : NULL;
  if (old && wf_descriptor_distance (old->descriptor, d) > self->threshold)
    old = NULL;
  id = wf_unknowns_add (self->store, old ? old->id : NULL, job->camera,
      job->jpeg, d, job->score, now_ms (), &err);
  if (!id) {
    g_warning ("unknown faces: %s", err->message);
    goto out;
  }
  self->stored++;
  if (t) {
    t->best = job->score;
    g_free (t->crop_id);
    t->crop_id = id;
  } else {
    g_free (id);
  }
out:
  job_free (job);
}

static void
prune (WfUnknownCollector * self, gint64 now)
{
  GHashTableIter it;
  Track *t;

  g_hash_table_iter_init (&it, self->tracks);
  while (g_hash_table_iter_next (&it, NULL, (gpointer *) & t))
    if (now - t->last_seen_ms > TRACK_FORGET_MS ||
        g_hash_table_size (self->tracks) > MAX_TRACKS)
      g_hash_table_iter_remove (&it);
}

void
wf_unknown_collector_match (WfUnknownCollector * self, WfCamera * cam,
    const GstStructure * m)
{
  const gchar *camera = wf_camera_get_id (cam);
  g_autoptr (GstSample) sample = NULL;
  g_autoptr (WfFaceCrop) crop = NULL;
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) photos = NULL;
  g_autofree gchar *key = NULL;
  gboolean known = FALSE;
  guint64 track_id = 0;
  gdouble w = 0, h = 0, quality = 0, score;
  gint64 now = now_ms ();
  Track *t;
  Job *job;

  gst_structure_get_boolean (m, WF_FIELD_KNOWN, &known);
  gst_structure_get_uint64 (m, WF_FIELD_TRACK_ID, &track_id);
  key = g_strdup_printf ("%s\n%" G_GUINT64_FORMAT, camera, track_id);
  if (known || gst_structure_get_string (m, WF_FIELD_EMPLOYEE_ID)) {
    /* named after all: not an unknown face, its crop goes */
    t = g_hash_table_lookup (self->tracks, key);
    if (t && t->crop_id) {
      wf_unknowns_remove (self->store, t->crop_id);
      g_clear_pointer (&t->crop_id, g_free);
    }
    return;
  }
  if (!track_id ||
      !gst_structure_get_double (m, WF_FIELD_W, &w) ||
      !gst_structure_get_double (m, WF_FIELD_H, &h))
    return;
  gst_structure_get_double (m, WF_FIELD_QUALITY, &quality);
  score = w * h * (0.5 + CLAMP (quality, 0, 1));
  if (!(t = g_hash_table_lookup (self->tracks, key))) {
    prune (self, now);
    t = g_new0 (Track, 1);
    g_hash_table_insert (self->tracks, g_strdup (key), t);
  }
  t->last_seen_ms = now;
  if (t->crop_id)
    wf_unknowns_touch (self->store, t->crop_id, now);
  if (t->refused || self->busy || now - t->last_try_ms <
      WF_UNKNOWN_COLLECTOR_RETRY_MS || (t->crop_id && score <
          t->best * WF_UNKNOWN_COLLECTOR_GAIN))
    return;
  t->last_try_ms = now;
  sample = wf_camera_dup_last_sample (cam);
  if (!sample)
    return;
  crop = wf_face_crop_unknown (sample, track_id, &self->redaction, &err);
  if (!crop) {
    if (err)
      GST_WARNING ("%s: %s", camera, err->message);
    return;
  }
  job = g_new0 (Job, 1);
  job->self = g_object_ref (self);
  job->key = g_steal_pointer (&key);
  job->camera = g_strdup (camera);
  job->jpeg = g_bytes_ref (crop->jpeg);
  job->score = score;
  photos = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_add (photos, g_bytes_ref (crop->jpeg));
  self->busy = TRUE;
  wf_enrol_describe_async (photos, WF_ENROL_LARGEST, NULL, described, job);
}

guint
wf_unknown_collector_sweep (WfUnknownCollector * self)
{
  g_autoptr (GArray) groups = wf_unknowns_groups (self->store,
      self->threshold);
  guint removed = 0;

  for (guint i = 0; i < groups->len; i++) {
    WfUnknownGroup *g = &g_array_index (groups, WfUnknownGroup, i);

    for (guint j = 0; j < g->crops->len; j++) {
      const gchar *id = g_ptr_array_index (g->crops, j);
      const WfUnknownCrop *c = wf_unknowns_lookup (self->store, id);

      if (c && !may_keep (self, c->descriptor)) {
        wf_unknowns_remove (self->store, id);
        removed++;
      }
    }
  }
  if (removed)
    GST_INFO ("%u crops of employees removed", removed);
  return removed;
}

guint
wf_unknown_collector_stored (WfUnknownCollector * self)
{
  return self->stored;
}

static void
wf_unknown_collector_finalize (GObject * object)
{
  WfUnknownCollector *self = WF_UNKNOWN_COLLECTOR (object);

  g_hash_table_unref (self->tracks);
  g_clear_object (&self->store);
  g_clear_object (&self->gallery);
  G_OBJECT_CLASS (wf_unknown_collector_parent_class)->finalize (object);
}

static void
wf_unknown_collector_class_init (WfUnknownCollectorClass * klass)
{
  G_OBJECT_CLASS (klass)->finalize = wf_unknown_collector_finalize;
}

static void
wf_unknown_collector_init (WfUnknownCollector * self)
{
  self->tracks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      (GDestroyNotify) track_free);
}

WfUnknownCollector *
wf_unknown_collector_new (WfUnknowns * store, WfGallery * gallery,
    const WfSnapshotRedaction * redaction, gdouble threshold)
{
  WfUnknownCollector *self = g_object_new (WF_TYPE_UNKNOWN_COLLECTOR, NULL);

  self->store = g_object_ref (store);
  self->gallery = gallery ? g_object_ref (gallery) : NULL;
  self->redaction = *redaction;
  self->threshold = threshold;
  return self;
}
