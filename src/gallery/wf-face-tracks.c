/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wf-face-tracks.h"

#include <string.h>

#include "wf-descriptor.h"
#include "wf-face-quality.h"
#include "wf-tracker.h"

/* Upstream ids are never evicted by our tracker: every FORGET_EVERY frames
 * the tracks not seen for FORGET_AFTER frames are dropped. */
#define FORGET_EVERY 64
#define FORGET_AFTER 256

typedef struct
{
  guint64 id;
  guint64 last_seen;            /* frame number */
  guint age;
  WfIdentity *identity;
  gdouble quality;              /* of the last descriptor, -1 before */
  /* appearance of the box on the frame before */
  gfloat signature[WF_FACE_SIGNATURE_DIM];
  gboolean has_signature;
} Track;

struct _WfFaceTracks
{
  WfTracker *tracker;
  GHashTable *tracks;           /* guint64 id -> Track */
  guint64 frame_no;
  gboolean upstream_ids;        /* of the current frame */
};

static void
track_free (Track * t)
{
  wf_identity_free (t->identity);
  g_free (t);
}

static Track *
track_new (guint64 id)
{
  Track *t = g_new0 (Track, 1);
  t->id = id;
  t->identity = wf_identity_new ();
  t->quality = -1;
  return t;
}

WfFaceTracks *
wf_face_tracks_new (void)
{
  WfFaceTracks *self = g_new0 (WfFaceTracks, 1);
  WfTrackerConfig cfg;

  wf_tracker_config_init (&cfg);
  self->tracker = wf_tracker_new (&cfg);
  self->tracks = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
      (GDestroyNotify) track_free);
  return self;
}

void
wf_face_tracks_free (WfFaceTracks * self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->tracks);
  wf_tracker_free (self->tracker);
  g_free (self);
}

void
wf_face_tracks_reset (WfFaceTracks * self)
{
  g_return_if_fail (self != NULL);
  wf_tracker_reset (self->tracker);
  g_hash_table_remove_all (self->tracks);
}

guint
wf_face_tracks_size (WfFaceTracks * self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->tracks);
}

gboolean
wf_face_tracks_assign (WfFaceTracks * self, const WfRect * boxes,
    guint n_boxes, guint64 * ids)
{
  gboolean upstream = TRUE;
  guint64 evicted[64];
  guint n_evicted;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (n_boxes == 0 || (boxes && ids), FALSE);

  self->frame_no++;
  for (guint i = 0; i < n_boxes; i++) {
    if (ids[i] == 0)
      upstream = FALSE;
  }
  if (n_boxes == 0 || !upstream)
    wf_tracker_update (self->tracker, boxes, n_boxes, ids);
  while ((n_evicted = wf_tracker_pop_evicted (self->tracker, evicted,
              G_N_ELEMENTS (evicted))) > 0) {
    for (guint i = 0; i < n_evicted; i++)
      g_hash_table_remove (self->tracks, &evicted[i]);
  }
  if (upstream && n_boxes > 0 && self->frame_no % FORGET_EVERY == 0) {
    GHashTableIter it;
    Track *t;
    g_hash_table_iter_init (&it, self->tracks);
    while (g_hash_table_iter_next (&it, NULL, (gpointer *) & t)) {
      if (self->frame_no - t->last_seen > FORGET_AFTER)
        g_hash_table_iter_remove (&it);
    }
  }
  for (guint i = 0; i < n_boxes; i++) {
    if (ids[i] != 0 && !g_hash_table_contains (self->tracks, &ids[i])) {
      Track *t = track_new (ids[i]);
      g_hash_table_insert (self->tracks, &t->id, t);
    }
  }
  self->upstream_ids = upstream && n_boxes > 0;
  return self->upstream_ids;
}

guint
wf_face_tracks_select (WfFaceTracks * self, const WfIdentityConfig * config,
    const WfImage * image, const WfRect * boxes, const guint64 * ids,
    guint n_boxes, gint64 time_ms, guint * todo)
{
  guint n_todo = 0;

  g_return_val_if_fail (self != NULL && config != NULL && image != NULL, 0);

  for (guint i = 0; i < n_boxes; i++) {
    Track *t = ids[i] ? g_hash_table_lookup (self->tracks, &ids[i]) : NULL;
    gfloat sig[WF_FACE_SIGNATURE_DIM] = { 0 };
    gboolean has_sig;
    gdouble similarity = 1.0;

    if (t == NULL)
      continue;
    has_sig = wf_face_signature (image, &boxes[i], sig);
    if (has_sig && t->has_signature)
      similarity = wf_face_signature_similarity (sig, t->signature);
    if (wf_identity_observe (t->identity, config, self->frame_no, time_ms,
            &boxes[i], similarity) != WF_IDENTITY_NEED_NONE)
      todo[n_todo++] = i;
    /* compared frame to frame: a face replaced in place changes at once,
     * one moving or turning changes a little on each frame; a box whose
     * appearance could not be read leaves a blank one, so that the next
     * frame's face counts as a new appearance */
    memcpy (t->signature, sig, sizeof (t->signature));
    t->has_signature = TRUE;
  }
  return n_todo;
}

gboolean
wf_face_tracks_verify (WfFaceTracks * self, const WfIdentityConfig * config,
    WfRecognizer * recognizer, WfGallery * gallery, const WfImage * image,
    const WfRect * align_boxes, const guint64 * ids, const guint * todo,
    guint n_todo, WfFaceVerdict * verdicts, GError ** error)
{
  g_autofree guint8 *chips = NULL;
  g_autofree gfloat *desc = NULL;
  g_autofree gdouble *quality = NULL;
  gfloat landmarks[WF_RECOGNIZER_MAX_LANDMARKS * 2];

  g_return_val_if_fail (self != NULL && config != NULL, FALSE);
  g_return_val_if_fail (recognizer != NULL && gallery != NULL, FALSE);
  if (n_todo == 0)
    return TRUE;

  chips = g_malloc ((gsize) n_todo * WF_RECOGNIZER_CHIP_BYTES);
  desc = g_new (gfloat, (gsize) n_todo * WF_DESCRIPTOR_DIM);
  quality = g_new (gdouble, n_todo);
  for (guint k = 0; k < n_todo; k++) {
    guint8 *chip = chips + (gsize) k * WF_RECOGNIZER_CHIP_BYTES;
    if (!wf_recognizer_align (recognizer, image, &align_boxes[todo[k]], chip,
            landmarks, error))
      return FALSE;
    quality[k] = wf_face_quality (chip, WF_RECOGNIZER_CHIP_SIZE, landmarks);
  }
  if (!wf_recognizer_describe_chips (recognizer, chips, n_todo, desc, error))
    return FALSE;

  for (guint k = 0; k < n_todo; k++) {
    Track *t = g_hash_table_lookup (self->tracks, &ids[todo[k]]);
    WfIdentityEvidence ev;
    gboolean broke;

    g_return_val_if_fail (t != NULL, FALSE);
    if (!wf_identity_judge (t->identity, config, gallery,
            desc + (gsize) k * WF_DESCRIPTOR_DIM, quality[k], &broke, &ev,
            error))
      return FALSE;
    t->quality = quality[k];
    if (verdicts)
      verdicts[k] = (WfFaceVerdict) {
      .track_id = t->id,.evidence = ev,.broke = broke};
  }
  return TRUE;
}

gboolean
wf_face_tracks_add_evidence (WfFaceTracks * self,
    const WfIdentityConfig * config, guint64 id, const WfIdentityEvidence * ev)
{
  Track *t;

  g_return_val_if_fail (self != NULL && config != NULL && ev != NULL, FALSE);
  t = id ? g_hash_table_lookup (self->tracks, &id) : NULL;
  if (t == NULL)
    return FALSE;
  t->quality = ev->quality;
  return wf_identity_add_evidence (t->identity, config, ev);
}

gboolean
wf_face_tracks_report (WfFaceTracks * self, guint64 id, WfFaceReport * report)
{
  Track *t;
  WfTrackInfo info;

  g_return_val_if_fail (self != NULL && report != NULL, FALSE);
  t = id ? g_hash_table_lookup (self->tracks, &id) : NULL;
  if (t == NULL)
    return FALSE;
  t->age++;
  t->last_seen = self->frame_no;
  wf_identity_get (t->identity, &report->identity);
  report->quality = MAX (t->quality, 0.0);
  report->age = t->age;
  if (!self->upstream_ids && wf_tracker_get_track (self->tracker, id, &info))
    report->age = info.age;
  return TRUE;
}
