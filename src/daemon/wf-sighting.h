/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * When a name facematch gives a face becomes attendance (issue 11, item 4):
 * the daemon's rule, plain GLib, so it is tested without a pipeline
 * (tests/daemon/test-sighting.c).
 *
 * - A name is a candidate on its track until it is confirmed: a second
 *   descriptor agreed with it (support >= WF_SIGHTING_CONFIRM_SUPPORT), or
 *   the track carried it for WF_SIGHTING_CONFIRM_FRAMES frames without a
 *   break (longer than facematch's re-verification interval, 10 frames or
 *   1 s, so at least one fresh descriptor was compared with it).  Nothing is
 *   written for a candidate: a name given and withdrawn within that window
 *   leaves no attendance row, no sighting and no identity event.
 * - Once confirmed, the employee's sighting on that camera starts (a new
 *   one when they were not seen there for WF_SIGHTING_GAP_MS, or their last
 *   sighting was ended) and its last_seen moves at most every
 *   WF_SIGHTING_UPDATE_MS.
 * - An identity break on a track (identity "broken", broken-employee-id)
 *   ends that employee's sighting on that camera when the track had it
 *   confirmed: they are seen again only as a new sighting.
 * - Matches without a track id or identity state (other producers) are
 *   taken as confirmed, as before the rule.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WF_SIGHTING_CONFIRM_SUPPORT 2
#define WF_SIGHTING_CONFIRM_FRAMES 15
/* A person seen again after this gap is a new sighting. */
#define WF_SIGHTING_GAP_MS (60 * 1000)
/* last_seen moves at most this often per person and camera. */
#define WF_SIGHTING_UPDATE_MS (5 * 1000)

typedef enum {
  WF_SIGHTING_NONE,             /* nothing to write */
  WF_SIGHTING_NEW,              /* write a new sighting, post "identity" */
  WF_SIGHTING_UPDATE,           /* move last_seen */
} WfSightingAction;

/* One entry of a facematch message's matches. */
typedef struct {
  guint64 track_id;             /* 0: none given */
  const gchar *employee_id;     /* NULL: unknown */
  const gchar *identity;        /* "fresh", "held", "broken", "none"; NULL:
                                 * not given */
  guint support;
  const gchar *broken_id;       /* with "broken": the name withdrawn */
} WfSightingMatch;

typedef struct _WfSightings WfSightings;

WfSightings *    wf_sightings_new             (void);
void             wf_sightings_free            (WfSightings * self);

/* The match @m seen on @camera at @now_ms.  When it ended a sighting,
 * *@ended (may be NULL) receives the employee (newly allocated), else
 * NULL. */
WfSightingAction wf_sightings_match           (WfSightings * self,
                                               const gchar * camera,
                                               const WfSightingMatch * m,
                                               gint64 now_ms,
                                               gchar ** ended);

/* Forget what is known of one camera / one employee. */
void             wf_sightings_forget_camera   (WfSightings * self,
                                               const gchar * camera);
void             wf_sightings_forget_employee (WfSightings * self,
                                               const gchar * employee_id);

/* Candidates and sightings held (for tests and memory figures). */
guint            wf_sightings_size            (WfSightings * self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfSightings, wf_sightings_free)

G_END_DECLS
