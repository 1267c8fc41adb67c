/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * WfFaceTracks: the faces that facematch follows from frame to frame, and
 * who each one is.
 *
 * One frame at a time: wf_face_tracks_assign() gives every face box a track
 * (the ids upstream gave, or the table's own WfTracker), and forgets tracks
 * that left; wf_face_tracks_select() says which faces need a fresh
 * descriptor now (a new track, re-verification, an uncertain association,
 * a changed appearance: wf_identity_observe()); wf_face_tracks_verify()
 * aligns, grades (wf_face_quality()) and describes those faces and lets
 * each descriptor judge its track's identity (wf_identity_judge());
 * wf_face_tracks_report() gives the identity to report for a face of this
 * frame.
 *
 * The table holds no pixels: per track, its identity (WfIdentity), the
 * quality of its last descriptor and the appearance signature of its box on
 * the frame before (wf_face_signature()).  Not thread-safe; its owner
 * serialises calls.
 */
#pragma once

#include <glib.h>
#include "wf-gallery.h"
#include "wf-identity.h"
#include "wf-image.h"
#include "wf-recognizer.h"

G_BEGIN_DECLS

typedef struct _WfFaceTracks WfFaceTracks;

/* What one fresh descriptor said (wf_face_tracks_verify()). */
typedef struct {
  guint64 track_id;
  WfIdentityEvidence evidence;
  gboolean broke;               /* it withdrew the track's name */
} WfFaceVerdict;

/* The identity of a face on this frame (wf_face_tracks_report()). */
typedef struct {
  WfIdentityResult identity;    /* strings owned by the table */
  gdouble quality;              /* of the track's last descriptor, 0 before */
  guint age;                    /* frames the track has been seen */
} WfFaceReport;

WfFaceTracks *  wf_face_tracks_new      (void);
void            wf_face_tracks_free     (WfFaceTracks * tracks);

/* A new stream: its faces are not the old one's people. */
void            wf_face_tracks_reset    (WfFaceTracks * tracks);

/* Tracks the table holds now. */
guint           wf_face_tracks_size     (WfFaceTracks * tracks);

/* Starts a frame.  On entry @ids[i] is the tracking id upstream gave face
 * @i, or 0; when every face has one they are kept, else the table's tracker
 * assigns them all (0: more faces than tracker slots; such a face is left
 * alone by the calls below).  Returns whether the ids are upstream's. */
gboolean        wf_face_tracks_assign   (WfFaceTracks * tracks,
                                         const WfRect * boxes,
                                         guint n_boxes,
                                         guint64 * ids);

/* Fills @todo with the indices of the faces that need a descriptor now and
 * returns how many; records each box's appearance in @image for the next
 * frame.  @time_ms: stream time of the frame, -1 when unknown. */
guint           wf_face_tracks_select   (WfFaceTracks * tracks,
                                         const WfIdentityConfig * config,
                                         const WfImage * image,
                                         const WfRect * boxes,
                                         const guint64 * ids,
                                         guint n_boxes,
                                         gint64 time_ms,
                                         guint * todo);

/* Descriptors of the @n_todo faces whose alignment boxes (the box as the
 * landmark predictor expects it) are @align_boxes, each judged against the
 * identity of track @ids[@todo[k]]; @verdicts, when not NULL, receives
 * @n_todo entries.  Fails with the recognizer's or the gallery's error. */
gboolean        wf_face_tracks_verify   (WfFaceTracks * tracks,
                                         const WfIdentityConfig * config,
                                         WfRecognizer * recognizer,
                                         WfGallery * gallery,
                                         const WfImage * image,
                                         const WfRect * align_boxes,
                                         const guint64 * ids,
                                         const guint * todo,
                                         guint n_todo,
                                         WfFaceVerdict * verdicts,
                                         GError ** error);

/* Adds to track @id the verdict of a descriptor judged elsewhere (by
 * another recognizer, or a test's script) as wf_identity_add_evidence()
 * does, @ev->quality becoming the track's last quality.  Returns whether it
 * broke the track's name (FALSE when there is no such track). */
gboolean        wf_face_tracks_add_evidence (WfFaceTracks * tracks,
                                         const WfIdentityConfig * config,
                                         guint64 id,
                                         const WfIdentityEvidence * ev);

/* The identity to report for the face on track @id in this frame, which
 * counts as seen (call it once per face and frame).  The age is the
 * tracker's when the table's tracker assigned the ids.  FALSE when the
 * table has no such track. */
gboolean        wf_face_tracks_report   (WfFaceTracks * tracks,
                                         guint64 id,
                                         WfFaceReport * report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfFaceTracks, wf_face_tracks_free)

G_END_DECLS
