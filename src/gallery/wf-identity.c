/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-identity.h"
#include "wf-gallery.h"

#include <math.h>
#include <string.h>

typedef struct {
  gchar *employee_id;           /* NULL: an "unknown" vote */
  gchar *name;
  gdouble distance;
  gdouble confidence;
  guint64 frame_no;
} Vote;

struct _WfIdentity {
  /* votes since the last break, a ring of the newest */
  Vote votes[WF_IDENTITY_MAX_VOTES];
  guint n_votes;
  guint next_vote;

  /* the identity reported (copies, so votes may be recycled) */
  gchar *employee_id;
  gchar *name;
  gdouble distance;
  guint support;

  guint descriptors_since_break;
  guint bad_disagree;           /* poor disagreeing descriptors in a row */
  gboolean confirm;             /* ask for a descriptor on the next frame */
  guint breaks;

  /* the frame last observed */
  guint64 frame_no;
  gint64 time_ms;
  gboolean seen;
  WfRect box;
  gboolean fresh_now;           /* a descriptor of this frame voted for the name */
  gchar *broken_now;            /* employee withdrawn on this frame */

  /* the last descriptor */
  gboolean computed;
  guint64 computed_frame;
  gint64 computed_ms;
};

void
wf_identity_config_init (WfIdentityConfig * config)
{
  g_return_if_fail (config != NULL);

  config->threshold = WF_GALLERY_DEFAULT_THRESHOLD;
  config->margin = WF_GALLERY_DEFAULT_MARGIN;
  config->reverify_frames = 5;
  config->reverify_ms = 500;
  config->unnamed_frames = 3;
  config->max_jump = 0.5;
  config->max_scale = 1.3;
  config->min_similarity = 0.5;
  config->min_quality = 0.20;
  config->break_quality = 0.35;
  config->max_bad_disagree = 3;
  config->half_life = 30.0;
}

WfIdentity *
wf_identity_new (void)
{
  WfIdentity *self = g_new0 (WfIdentity, 1);

  self->time_ms = -1;
  self->computed_ms = -1;
  return self;
}

static void
vote_clear (Vote * v)
{
  g_clear_pointer (&v->employee_id, g_free);
  g_clear_pointer (&v->name, g_free);
}

static void
clear_votes (WfIdentity * self)
{
  for (guint i = 0; i < WF_IDENTITY_MAX_VOTES; i++)
    vote_clear (&self->votes[i]);
  self->n_votes = 0;
  self->next_vote = 0;
}

void
wf_identity_free (WfIdentity * self)
{
  if (self == NULL)
    return;
  clear_votes (self);
  g_free (self->employee_id);
  g_free (self->name);
  g_free (self->broken_now);
  g_free (self);
}

const gchar *
wf_identity_get_employee (WfIdentity * self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->employee_id;
}

const gchar *
wf_identity_state_to_string (WfIdentityState state)
{
  switch (state) {
    case WF_IDENTITY_FRESH:
      return "fresh";
    case WF_IDENTITY_HELD:
      return "held";
    case WF_IDENTITY_BROKEN:
      return "broken";
    case WF_IDENTITY_NONE:
    default:
      return "none";
  }
}

static gboolean
association_uncertain (WfIdentity * self, const WfIdentityConfig * cfg,
    guint64 frame_no, const WfRect * box, gdouble similarity)
{
  const WfRect *o = &self->box;
  gdouble size, dx, dy, rw, rh;

  if (!self->seen || box == NULL)
    return FALSE;
  /* matched again after missed frames: the tracker bridged a gap in which
   * anyone could have stepped in */
  if (frame_no > self->frame_no + 1)
    return TRUE;
  if (similarity < cfg->min_similarity)
    return TRUE;
  size = MAX ((o->w + o->h) / 2.0, 1e-6);
  dx = (box->x + box->w / 2.0) - (o->x + o->w / 2.0);
  dy = (box->y + box->h / 2.0) - (o->y + o->h / 2.0);
  if (sqrt (dx * dx + dy * dy) > cfg->max_jump * size)
    return TRUE;
  rw = box->w > 0 && o->w > 0 ? MAX (box->w / o->w, o->w / box->w) : G_MAXDOUBLE;
  rh = box->h > 0 && o->h > 0 ? MAX (box->h / o->h, o->h / box->h) : G_MAXDOUBLE;
  return MAX (rw, rh) > cfg->max_scale;
}

WfIdentityNeed
wf_identity_observe (WfIdentity * self, const WfIdentityConfig * cfg,
    guint64 frame_no, gint64 time_ms, const WfRect * box, gdouble similarity)
{
  WfIdentityNeed need = WF_IDENTITY_NEED_NONE;

  g_return_val_if_fail (self != NULL && cfg != NULL, WF_IDENTITY_NEED_NONE);

  if (self->descriptors_since_break == 0 && !self->computed)
    need = WF_IDENTITY_NEED_FIRST;
  else if (self->confirm)
    need = WF_IDENTITY_NEED_CONFIRM;
  else if (association_uncertain (self, cfg, frame_no, box, similarity))
    need = WF_IDENTITY_NEED_UNCERTAIN;
  else if (self->employee_id != NULL) {
    if ((cfg->reverify_frames > 0 &&
            frame_no >= self->computed_frame + cfg->reverify_frames) ||
        (cfg->reverify_ms > 0 && time_ms >= 0 && self->computed_ms >= 0 &&
            time_ms >= self->computed_ms + cfg->reverify_ms))
      need = WF_IDENTITY_NEED_INTERVAL;
  } else if (cfg->unnamed_frames > 0 &&
      frame_no >= self->computed_frame + cfg->unnamed_frames) {
    need = WF_IDENTITY_NEED_INTERVAL;
  }

  self->frame_no = frame_no;
  self->time_ms = time_ms;
  if (box)
    self->box = *box;
  self->seen = TRUE;
  self->fresh_now = FALSE;
  g_clear_pointer (&self->broken_now, g_free);
  return need;
}

/* Picks the name with the largest weight (confidence x recency) among the
 * votes since the last break; unknown unless it outweighs "unknown". */
static void
elect (WfIdentity * self, const WfIdentityConfig * cfg)
{
  gdouble weight[WF_IDENTITY_MAX_VOTES] = { 0 };
  gdouble unknown = 0, best_w = 0;
  gint best = -1;
  guint support = 0;
  gdouble sum_d = 0;

  for (guint i = 0; i < self->n_votes; i++) {
    Vote *v = &self->votes[i];
    gdouble age = (gdouble) (self->frame_no - MIN (v->frame_no,
            self->frame_no));
    gdouble w = v->confidence * (cfg->half_life > 0 ?
        exp2 (-age / cfg->half_life) : 1.0);
    if (v->employee_id == NULL) {
      unknown += w;
      continue;
    }
    /* the weight of a name goes to the first of its votes */
    for (guint j = 0; j <= i; j++) {
      if (g_strcmp0 (self->votes[j].employee_id, v->employee_id) == 0) {
        weight[j] += w;
        break;
      }
    }
  }
  for (guint i = 0; i < self->n_votes; i++) {
    if (weight[i] > best_w) {
      best_w = weight[i];
      best = i;
    }
  }

  g_clear_pointer (&self->employee_id, g_free);
  g_clear_pointer (&self->name, g_free);
  self->distance = G_MAXDOUBLE;
  if (best < 0 || best_w <= unknown) {
    self->support = self->descriptors_since_break;
    /* for an unknown face, the newest nearest distance */
    if (self->n_votes > 0) {
      guint last = (self->next_vote + WF_IDENTITY_MAX_VOTES - 1) %
          WF_IDENTITY_MAX_VOTES;
      self->distance = self->votes[last].distance;
    }
    return;
  }
  for (guint i = 0; i < self->n_votes; i++) {
    if (g_strcmp0 (self->votes[i].employee_id,
            self->votes[best].employee_id) == 0) {
      support++;
      sum_d += self->votes[i].distance;
    }
  }
  self->employee_id = g_strdup (self->votes[best].employee_id);
  self->name = g_strdup (self->votes[best].name);
  self->support = support;
  self->distance = sum_d / support;
}

static void
add_vote (WfIdentity * self, const WfIdentityConfig * cfg,
    const WfIdentityEvidence * ev)
{
  Vote *v = &self->votes[self->next_vote];
  gboolean known = ev->nearest_id != NULL && ev->distance <= cfg->threshold &&
      (ev->second_distance == G_MAXDOUBLE ||
      ev->second_distance - ev->distance >= cfg->margin);

  vote_clear (v);
  v->frame_no = self->frame_no;
  v->distance = ev->nearest_id ? ev->distance : G_MAXDOUBLE;
  if (known) {
    v->employee_id = g_strdup (ev->nearest_id);
    v->name = g_strdup (ev->nearest_name);
    /* in [0.5, 1]: a name at the threshold weighs one "unknown" vote */
    v->confidence = 1.0 - 0.5 * ev->distance / MAX (cfg->threshold, 1e-6);
  } else {
    v->confidence = WF_IDENTITY_UNKNOWN_WEIGHT;
  }
  self->next_vote = (self->next_vote + 1) % WF_IDENTITY_MAX_VOTES;
  self->n_votes = MIN (self->n_votes + 1, WF_IDENTITY_MAX_VOTES);
}

static void
identity_break (WfIdentity * self, gboolean look_again)
{
  g_free (self->broken_now);
  self->broken_now = g_strdup (self->employee_id);
  clear_votes (self);
  self->descriptors_since_break = 0;
  self->bad_disagree = 0;
  /* broken by poor descriptors: nothing votes yet, so look again now */
  self->confirm = look_again;
  self->breaks++;
}

gboolean
wf_identity_add_evidence (WfIdentity * self, const WfIdentityConfig * cfg,
    const WfIdentityEvidence * ev)
{
  gboolean good, strong, broke = FALSE;

  g_return_val_if_fail (self != NULL && cfg != NULL && ev != NULL, FALSE);

  self->computed = TRUE;
  self->computed_frame = self->frame_no;
  self->computed_ms = self->time_ms;
  good = ev->quality >= cfg->min_quality;
  strong = good && ev->quality >= cfg->break_quality;

  if (self->employee_id != NULL) {
    gboolean disagree = ev->claimed_distance > cfg->threshold ||
        (ev->nearest_id != NULL &&
        g_strcmp0 (ev->nearest_id, self->employee_id) != 0 &&
        ev->claimed_distance - ev->distance >= cfg->margin);

    if (disagree && (strong ||
            ++self->bad_disagree >= cfg->max_bad_disagree)) {
      identity_break (self, !strong);
      broke = TRUE;
    } else if (disagree) {
      /* a bad frame or a new face seen badly: look again at once */
      self->confirm = TRUE;
      return FALSE;
    } else {
      self->bad_disagree = 0;
      self->confirm = FALSE;
    }
  }

  if (good) {
    self->descriptors_since_break++;
    add_vote (self, cfg, ev);
  }
  elect (self, cfg);
  self->fresh_now = good && self->employee_id != NULL &&
      g_strcmp0 (ev->nearest_id, self->employee_id) == 0;
  return broke;
}

gboolean
wf_identity_judge (WfIdentity * self, const WfIdentityConfig * cfg,
    WfGallery * gallery, const gfloat * desc, gdouble quality,
    gboolean * broke, WfIdentityEvidence * distances, GError ** error)
{
  const gchar *claimed = wf_identity_get_employee (self);
  WfIdentityEvidence ev = { 0 };
  WfMatch m;
  gboolean b;

  g_return_val_if_fail (self != NULL && cfg != NULL && desc != NULL, FALSE);
  if (!wf_gallery_search (gallery, desc, cfg->threshold, cfg->margin, &m,
          error))
    return FALSE;
  ev.nearest_id = m.nearest_id;
  ev.nearest_name = m.known ? m.name : NULL;
  ev.distance = m.distance;
  ev.second_distance = m.second_distance;
  ev.quality = quality;
  ev.claimed_distance = G_MAXDOUBLE;
  if (claimed && g_strcmp0 (claimed, m.nearest_id) == 0)
    ev.claimed_distance = m.distance;
  else if (claimed && !wf_gallery_employee_distance (gallery, desc, claimed,
          &ev.claimed_distance, error)) {
    wf_match_clear (&m);
    return FALSE;
  }
  b = wf_identity_add_evidence (self, cfg, &ev);
  if (broke)
    *broke = b;
  if (distances) {
    *distances = ev;
    distances->nearest_id = distances->nearest_name = NULL;
  }
  wf_match_clear (&m);
  return TRUE;
}

void
wf_identity_get (WfIdentity * self, WfIdentityResult * r)
{
  g_return_if_fail (self != NULL && r != NULL);

  memset (r, 0, sizeof (*r));
  r->employee_id = self->employee_id;
  r->name = self->name;
  r->support = self->support;
  r->distance = self->distance;
  r->breaks = self->breaks;
  r->broken_id = self->broken_now;
  if (self->broken_now)
    r->state = WF_IDENTITY_BROKEN;
  else if (self->employee_id == NULL)
    r->state = WF_IDENTITY_NONE;
  else
    r->state = self->fresh_now ? WF_IDENTITY_FRESH : WF_IDENTITY_HELD;
}
