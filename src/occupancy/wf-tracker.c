/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-tracker.h"

#include <math.h>
#include <stdlib.h>

#define DEFAULT_MAX_TRACKS 64
#define DEFAULT_MAX_MISSES 15
#define DEFAULT_MIN_IOU 0.2
#define DEFAULT_MAX_DISTANCE 1.0
#define DEFAULT_VELOCITY_GAIN 0.5
#define DEFAULT_APPEARANCE_WEIGHT 0.5
#define DEFAULT_MIN_APPEARANCE 0.4
#define DEFAULT_MIN_APPEARANCE_HITS 3

/* Weight of a matched box's look in its track's running average. */
#define LOOK_GAIN 0.2

/* A box and its predecessor may differ this much in size (ratio of the mean
 * sides) and still be one object under the centroid fallback. */
#define MAX_SIZE_RATIO 2.0

/* Assignment cost of a pair that cannot match; pairs that can cost
 * NO_MATCH - score, scores being in (0,3] (motion up to 2, look up to 1). */
#define NO_MATCH 4.0

typedef struct {
  gboolean used;
  gboolean matched;             /* in the current update */
  WfTrackInfo info;
  WfAppearance look;            /* running average; .valid FALSE: none */
} WfTrackSlot;

typedef struct {
  gdouble score;
  guint track;
  guint box;
} WfCandidate;

struct _WfTracker
{
  WfTrackerConfig config;
  WfTrackSlot *slots;           /* config.max_tracks of them */
  guint n_tracks;
  guint64 next_id;
  /* the boxes' signatures during an update, or NULL */
  const WfAppearance *apps;

  /* ring buffer of evicted ids */
  guint64 *evicted;
  guint evicted_cap;
  guint evicted_head;
  guint evicted_len;

  /* assignment scratch, allocated once: an assign_cap x assign_cap cost
   * matrix (row: track with a candidate, column: box), the Hungarian
   * method's potentials and links (assign_cap + 1 each), the slot of each
   * row and the validity of each box */
  guint assign_cap;
  gdouble *cost;
  gdouble *u, *v, *minv;
  guint *p, *way;
  guint8 *col_used;
  guint *row_slot;
  guint8 *box_ok;
  guint *row_n, *col_n;         /* candidates per row, per column */
  guint *col_box;               /* box of each column once compacted */
  gdouble *bcx, *bcy, *bhw, *bhh;       /* box centres and half sides */
};

void
wf_tracker_config_init (WfTrackerConfig * config)
{
  g_return_if_fail (config != NULL);

  config->max_tracks = DEFAULT_MAX_TRACKS;
  config->max_misses = DEFAULT_MAX_MISSES;
  config->min_iou = DEFAULT_MIN_IOU;
  config->max_distance = DEFAULT_MAX_DISTANCE;
  config->velocity_gain = DEFAULT_VELOCITY_GAIN;
  config->greedy = FALSE;
  config->appearance_weight = DEFAULT_APPEARANCE_WEIGHT;
  config->min_appearance = DEFAULT_MIN_APPEARANCE;
  config->min_appearance_hits = DEFAULT_MIN_APPEARANCE_HITS;
}

WfTracker *
wf_tracker_new (const WfTrackerConfig * config)
{
  WfTracker *t;
  WfTrackerConfig c;

  if (config)
    c = *config;
  else
    wf_tracker_config_init (&c);

  if (c.max_tracks == 0 || c.max_tracks > 65536) {
    g_warning ("tracker: max_tracks %u out of range [1,65536], using %u",
        c.max_tracks, CLAMP (c.max_tracks, 1, 65536));
    c.max_tracks = CLAMP (c.max_tracks, 1, 65536);
  }
  if (!(c.min_iou >= 0.0 && c.min_iou <= 1.0)) {
    g_warning ("tracker: min_iou %g out of range [0,1], using %g", c.min_iou,
        DEFAULT_MIN_IOU);
    c.min_iou = DEFAULT_MIN_IOU;
  }
  if (!(c.max_distance >= 0.0 && c.max_distance <= 100.0)) {
    g_warning ("tracker: max_distance %g out of range [0,100], using %g",
        c.max_distance, DEFAULT_MAX_DISTANCE);
    c.max_distance = DEFAULT_MAX_DISTANCE;
  }
  if (!(c.velocity_gain > 0.0 && c.velocity_gain <= 1.0)) {
    g_warning ("tracker: velocity_gain %g out of range (0,1], using %g",
        c.velocity_gain, DEFAULT_VELOCITY_GAIN);
    c.velocity_gain = DEFAULT_VELOCITY_GAIN;
  }
  if (!(c.appearance_weight >= 0.0 && c.appearance_weight <= 1.0)) {
    g_warning ("tracker: appearance_weight %g out of range [0,1], using %g",
        c.appearance_weight, DEFAULT_APPEARANCE_WEIGHT);
    c.appearance_weight = DEFAULT_APPEARANCE_WEIGHT;
  }
  if (!(c.min_appearance >= 0.0 && c.min_appearance <= 1.0)) {
    g_warning ("tracker: min_appearance %g out of range [0,1], using %g",
        c.min_appearance, DEFAULT_MIN_APPEARANCE);
    c.min_appearance = DEFAULT_MIN_APPEARANCE;
  }

  t = g_new0 (WfTracker, 1);
  t->config = c;
  t->slots = g_new0 (WfTrackSlot, c.max_tracks);
  t->next_id = 1;
  t->evicted_cap = 2 * c.max_tracks;
  t->evicted = g_new0 (guint64, t->evicted_cap);
  if (!c.greedy) {
    guint k = CLAMP (2 * c.max_tracks, 16, WF_TRACKER_ASSIGN_MAX);

    t->assign_cap = k;
    t->cost = g_new (gdouble, (gsize) k * k);
    t->u = g_new (gdouble, k + 1);
    t->v = g_new (gdouble, k + 1);
    t->minv = g_new (gdouble, k + 1);
    t->p = g_new (guint, k + 1);
    t->way = g_new (guint, k + 1);
    t->col_used = g_new (guint8, k + 1);
    t->row_slot = g_new (guint, k);
    t->box_ok = g_new (guint8, k);
    t->row_n = g_new (guint, k);
    t->col_n = g_new (guint, k);
    t->col_box = g_new (guint, k);
    t->bcx = g_new (gdouble, 4 * k);
    t->bcy = t->bcx + k;
    t->bhw = t->bcy + k;
    t->bhh = t->bhw + k;
  }
  return t;
}

void
wf_tracker_free (WfTracker * tracker)
{
  if (tracker == NULL)
    return;
  g_free (tracker->slots);
  g_free (tracker->evicted);
  g_free (tracker->cost);
  g_free (tracker->u);
  g_free (tracker->v);
  g_free (tracker->minv);
  g_free (tracker->p);
  g_free (tracker->way);
  g_free (tracker->col_used);
  g_free (tracker->row_slot);
  g_free (tracker->box_ok);
  g_free (tracker->row_n);
  g_free (tracker->col_n);
  g_free (tracker->col_box);
  g_free (tracker->bcx);
  g_free (tracker);
}

static void
push_evicted (WfTracker * t, guint64 id)
{
  if (t->evicted_len == t->evicted_cap) {
    /* The owner stopped popping; drop the oldest rather than grow. */
    t->evicted_head = (t->evicted_head + 1) % t->evicted_cap;
    t->evicted_len--;
  }
  t->evicted[(t->evicted_head + t->evicted_len) % t->evicted_cap] = id;
  t->evicted_len++;
}

static void
evict_slot (WfTracker * t, WfTrackSlot * s)
{
  push_evicted (t, s->info.id);
  s->used = FALSE;
  t->n_tracks--;
}

void
wf_tracker_reset (WfTracker * tracker)
{
  guint i;

  g_return_if_fail (tracker != NULL);

  for (i = 0; i < tracker->config.max_tracks; i++)
    if (tracker->slots[i].used)
      evict_slot (tracker, &tracker->slots[i]);
}

static gint
compare_candidates (const void *a, const void *b)
{
  const WfCandidate *ca = a, *cb = b;

  if (ca->score > cb->score)
    return -1;
  if (ca->score < cb->score)
    return 1;
  /* stable order for equal scores: older slot, then earlier box */
  if (ca->track != cb->track)
    return ca->track < cb->track ? -1 : 1;
  if (ca->box != cb->box)
    return ca->box < cb->box ? -1 : 1;
  return 0;
}

static gboolean
box_valid (const WfRect * b)
{
  return isfinite (b->x) && isfinite (b->y) && isfinite (b->w)
      && isfinite (b->h) && b->w > 0.0f && b->h > 0.0f;
}

static gboolean motion_score (const WfTrackerConfig * c,
    const WfTrackInfo * tr, const WfRect * b, gdouble * score);

/* Scores the pair of slot @s and box @j: the motion's score, plus the
 * weighted similarity of their looks where both have one.  Returns FALSE
 * when they cannot be the same object: too far apart, or an established
 * track and a box that looks nothing like it. */
static gboolean
pair_score (const WfTracker * t, const WfTrackSlot * s, const WfRect * boxes,
    guint j, gdouble * score)
{
  const WfTrackerConfig *c = &t->config;
  gdouble sim;

  if (!motion_score (c, &s->info, &boxes[j], score))
    return FALSE;
  if (t->apps == NULL || !t->apps[j].valid || !s->look.valid)
    return TRUE;
  sim = wf_appearance_similarity (&s->look, &t->apps[j]);
  if (c->min_appearance > 0.0 && s->info.hits >= c->min_appearance_hits
      && sim < c->min_appearance)
    return FALSE;
  *score += c->appearance_weight * sim;
  return TRUE;
}

/* Scores the motion; IoU matches (score in [1,2]) rank above centroid ones
 * (score in (0,1]).  Returns FALSE when they cannot be the same object. */
static gboolean
motion_score (const WfTrackerConfig * c, const WfTrackInfo * tr,
    const WfRect * b, gdouble * score)
{
  gdouble steps = tr->misses + 1.0;
  gdouble pcx = tr->box.x + tr->box.w / 2.0 + tr->vx * steps;
  gdouble pcy = tr->box.y + tr->box.h / 2.0 + tr->vy * steps;
  gdouble dx = b->x + b->w / 2.0 - pcx;
  gdouble dy = b->y + b->h / 2.0 - pcy;
  gdouble iou, size, bsize, d, gate;

  /* the boxes overlap only when the centres are closer than the half
   * sides: most pairs do not, and skip the IoU */
  if (fabs (dx) < (tr->box.w + b->w) / 2.0
      && fabs (dy) < (tr->box.h + b->h) / 2.0) {
    WfRect pred = { (gfloat) (pcx - tr->box.w / 2.0),
      (gfloat) (pcy - tr->box.h / 2.0), tr->box.w, tr->box.h
    };
    iou = wf_rect_iou (&pred, b);
    if (iou > 0.0 && iou >= c->min_iou) {
      *score = 1.0 + iou;
      return TRUE;
    }
  }
  if (c->max_distance <= 0.0)
    return FALSE;

  size = (tr->box.w + tr->box.h) / 2.0;
  gate = c->max_distance * size * (1.0 + 0.5 * tr->misses);
  /* most of the rest are far apart: reject them without a square root */
  if (dx * dx + dy * dy > gate * gate)
    return FALSE;
  bsize = (b->w + b->h) / 2.0;
  if (size > MAX_SIZE_RATIO * bsize || bsize > MAX_SIZE_RATIO * size)
    return FALSE;
  d = sqrt (dx * dx + dy * dy);
  /* strictly positive so that a pair on the gate still ranks */
  *score = MAX (1.0 - d / gate, 1e-6);
  return TRUE;
}

static void
track_moved (const WfTrackerConfig * c, WfTrackInfo * tr, const WfRect * b);

/* Slot @s took box @j: its motion and its look follow. */
static void
track_matched (WfTracker * t, WfTrackSlot * s, const WfRect * boxes, guint j)
{
  s->matched = TRUE;
  track_moved (&t->config, &s->info, &boxes[j]);
  if (t->apps != NULL)
    wf_appearance_blend (&s->look, &t->apps[j], LOOK_GAIN);
}

static void
track_moved (const WfTrackerConfig * c, WfTrackInfo * tr, const WfRect * b)
{
  gdouble steps = tr->misses + 1.0;
  gdouble dx = ((b->x + b->w / 2.0) - (tr->box.x + tr->box.w / 2.0)) / steps;
  gdouble dy = ((b->y + b->h / 2.0) - (tr->box.y + tr->box.h / 2.0)) / steps;

  if (tr->hits <= 1) {
    /* second sighting: the first displacement is all we know */
    tr->vx = dx;
    tr->vy = dy;
  } else {
    tr->vx = (1.0 - c->velocity_gain) * tr->vx + c->velocity_gain * dx;
    tr->vy = (1.0 - c->velocity_gain) * tr->vy + c->velocity_gain * dy;
  }
  tr->box = *b;
  tr->misses = 0;
  if (tr->hits < G_MAXUINT)
    tr->hits++;
}

/* Greedy association, best pair first: for trackers configured so, and
 * for frames too big for the assignment matrix. */
static void
match_greedy (WfTracker * tracker, const WfRect * boxes, guint n,
    guint64 * ids_out)
{
  const WfTrackerConfig *c = &tracker->config;
  WfCandidate *cands;
  gsize n_cands = 0;
  guint i, j;

  cands = g_new (WfCandidate, (gsize) tracker->n_tracks * n);
  for (i = 0; i < c->max_tracks; i++) {
    const WfTrackSlot *s = &tracker->slots[i];
    if (!s->used)
      continue;
    for (j = 0; j < n; j++) {
      gdouble score;
      if (!box_valid (&boxes[j]))
        continue;
      if (pair_score (tracker, s, boxes, j, &score)) {
        cands[n_cands].score = score;
        cands[n_cands].track = i;
        cands[n_cands].box = j;
        n_cands++;
      }
    }
  }
  qsort (cands, n_cands, sizeof (WfCandidate), compare_candidates);
  for (gsize k = 0; k < n_cands; k++) {
    WfTrackSlot *s = &tracker->slots[cands[k].track];
    if (s->matched || ids_out[cands[k].box] != 0)
      continue;
    track_matched (tracker, s, boxes, cands[k].box);
    ids_out[cands[k].box] = s->info.id;
  }
  g_free (cands);
}

/* Minimum-cost perfect assignment on the k x k matrix t->cost (row stride
 * t->assign_cap) by the Hungarian method with potentials, O(k^3).  On
 * return t->p[j] is the row (from 1) assigned to column j - 1. */
static void
hungarian (WfTracker * t, guint k)
{
  const gdouble *a = t->cost;
  const guint stride = t->assign_cap;
  gdouble *u = t->u, *v = t->v, *minv = t->minv;
  guint *p = t->p, *way = t->way;
  guint8 *used = t->col_used;
  guint i, j;

  for (j = 0; j <= k; j++) {
    u[j] = v[j] = 0.0;
    p[j] = way[j] = 0;
  }
  for (i = 1; i <= k; i++) {
    guint j0 = 0;

    p[0] = i;
    for (j = 0; j <= k; j++) {
      minv[j] = G_MAXDOUBLE;
      used[j] = FALSE;
    }
    do {
      guint i0 = p[j0], j1 = 0;
      gdouble delta = G_MAXDOUBLE;

      used[j0] = TRUE;
      for (j = 1; j <= k; j++) {
        gdouble cur;
        if (used[j])
          continue;
        cur = a[(i0 - 1) * stride + (j - 1)] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (j = 0; j <= k; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] != 0);
    do {
      guint j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 != 0);
  }
}

/* Global association: the pairing of tracks and boxes with the largest
 * summed score.  Greedy matching takes the single best pair first, which
 * where two people cross can hand one person's box to the other and leave
 * a worse (or no) pair for the rest: the ids swap.  Returns FALSE when the
 * frame does not fit the preallocated matrix. */
static gboolean
match_global (WfTracker * t, const WfRect * boxes, guint n, guint64 * ids_out)
{
  const WfTrackerConfig *c = &t->config;
  const guint stride = t->assign_cap;
  guint i, j, rows = 0, k, nrows, ncols;
  gboolean any = FALSE;

  if (t->cost == NULL || n > t->assign_cap)
    return FALSE;
  for (j = 0; j < n; j++) {
    t->box_ok[j] = box_valid (&boxes[j]);
    t->bhw[j] = boxes[j].w / 2.0;
    t->bhh[j] = boxes[j].h / 2.0;
    t->bcx[j] = boxes[j].x + t->bhw[j];
    t->bcy[j] = boxes[j].y + t->bhh[j];
  }

  for (i = 0; i < c->max_tracks; i++) {
    const WfTrackSlot *s = &t->slots[i];
    const WfTrackInfo *tr = &s->info;
    gdouble *row, pcx, pcy, hw, hh, gate;
    gboolean cand = FALSE;

    if (!s->used)
      continue;
    if (rows == t->assign_cap)
      return FALSE;
    /* pair_score's first tests, once per track: a box that does not
     * overlap the predicted box and is outside the centroid gate is no
     * candidate (most of them, with people spread over the frame) */
    pcx = tr->box.x + tr->box.w / 2.0 + tr->vx * (tr->misses + 1.0);
    pcy = tr->box.y + tr->box.h / 2.0 + tr->vy * (tr->misses + 1.0);
    hw = tr->box.w / 2.0;
    hh = tr->box.h / 2.0;
    gate = MAX (c->max_distance, 0.0) * (tr->box.w + tr->box.h) / 2.0
        * (1.0 + 0.5 * tr->misses);
    row = &t->cost[rows * stride];
    for (j = 0; j < n; j++) {
      gdouble score, dx = t->bcx[j] - pcx, dy = t->bcy[j] - pcy;

      if (!t->box_ok[j] || (!(fabs (dx) < hw + t->bhw[j]
                  && fabs (dy) < hh + t->bhh[j])
              && dx * dx + dy * dy > gate * gate)) {
        row[j] = NO_MATCH;
        continue;
      }
      if (pair_score (t, s, boxes, j, &score)) {
        row[j] = NO_MATCH - score;
        cand = TRUE;
      } else {
        row[j] = NO_MATCH;
      }
    }
    if (!cand)
      continue;                 /* the row is reused */
    t->row_slot[rows++] = i;
    any = TRUE;
  }
  if (!any)
    return TRUE;

  /* A track and a box that are each other's only candidate are matched
   * as they are; the assignment only solves what is left, usually nothing
   * (people apart from each other). */
  for (j = 0; j < n; j++)
    t->col_n[j] = 0;
  for (i = 0; i < rows; i++) {
    t->row_n[i] = 0;
    for (j = 0; j < n; j++)
      if (t->cost[i * stride + j] < NO_MATCH) {
        t->row_n[i]++;
        t->col_n[j]++;
      }
  }
  for (i = 0; i < rows; i++) {
    if (t->row_n[i] != 1)
      continue;
    for (j = 0; j < n; j++)
      if (t->cost[i * stride + j] < NO_MATCH)
        break;
    if (t->col_n[j] == 1) {
      WfTrackSlot *s = &t->slots[t->row_slot[i]];
      track_matched (t, s, boxes, j);
      ids_out[j] = s->info.id;
      t->row_n[i] = 0;
      t->col_n[j] = 0;
    }
  }

  /* compact the rest in place (a cell only moves up or left) */
  ncols = 0;
  for (j = 0; j < n; j++)
    if (t->col_n[j] > 0)
      t->col_box[ncols++] = j;
  nrows = 0;
  for (i = 0; i < rows; i++) {
    if (t->row_n[i] == 0)
      continue;
    for (j = 0; j < ncols; j++)
      t->cost[nrows * stride + j] = t->cost[i * stride + t->col_box[j]];
    t->row_slot[nrows++] = t->row_slot[i];
  }
  if (nrows == 0 || ncols == 0)
    return TRUE;

  /* pad to a square: dummy rows and columns match nothing */
  k = MAX (nrows, ncols);
  for (i = 0; i < k; i++)
    for (j = (i < nrows ? ncols : 0); j < k; j++)
      t->cost[i * stride + j] = NO_MATCH;

  hungarian (t, k);
  for (j = 1; j <= ncols; j++) {
    guint r = t->p[j], box = t->col_box[j - 1];
    WfTrackSlot *s;

    if (r == 0 || r > nrows
        || t->cost[(r - 1) * stride + (j - 1)] >= NO_MATCH)
      continue;
    s = &t->slots[t->row_slot[r - 1]];
    track_matched (t, s, boxes, box);
    ids_out[box] = s->info.id;
  }
  return TRUE;
}

void
wf_tracker_update (WfTracker * tracker, const WfRect * boxes, guint n,
    guint64 * ids_out)
{
  wf_tracker_update_appearance (tracker, boxes, NULL, n, ids_out);
}

void
wf_tracker_update_appearance (WfTracker * tracker, const WfRect * boxes,
    const WfAppearance * apps, guint n, guint64 * ids_out)
{
  const WfTrackerConfig *c;
  guint i, j;

  g_return_if_fail (tracker != NULL);
  g_return_if_fail (n == 0 || (boxes != NULL && ids_out != NULL));

  c = &tracker->config;
  tracker->apps = n > 0 && c->appearance_weight + c->min_appearance > 0.0 ?
      apps : NULL;

  for (i = 0; i < c->max_tracks; i++)
    tracker->slots[i].matched = FALSE;
  for (j = 0; j < n; j++)
    ids_out[j] = 0;

  if (n > 0 && tracker->n_tracks > 0) {
    if (c->greedy || !match_global (tracker, boxes, n, ids_out))
      match_greedy (tracker, boxes, n, ids_out);
  }

  /* age every track; evict the ones gone too long */
  for (i = 0; i < c->max_tracks; i++) {
    WfTrackSlot *s = &tracker->slots[i];
    if (!s->used)
      continue;
    if (s->info.age < G_MAXUINT)
      s->info.age++;
    if (s->matched)
      continue;
    s->info.misses++;
    if (s->info.misses > c->max_misses)
      evict_slot (tracker, s);
  }

  /* new tracks for the boxes left over */
  for (j = 0; j < n; j++) {
    WfTrackSlot *slot = NULL;

    if (ids_out[j] != 0 || !box_valid (&boxes[j]))
      continue;
    for (i = 0; i < c->max_tracks && slot == NULL; i++)
      if (!tracker->slots[i].used)
        slot = &tracker->slots[i];
    if (slot == NULL) {
      /* full: replace the track missed longest, never one seen now */
      for (i = 0; i < c->max_tracks; i++) {
        WfTrackSlot *s = &tracker->slots[i];
        if (s->matched)
          continue;
        if (slot == NULL || s->info.misses > slot->info.misses)
          slot = s;
      }
      if (slot == NULL)
        continue;
      evict_slot (tracker, slot);
    }
    slot->used = TRUE;
    slot->matched = TRUE;
    slot->info.id = tracker->next_id++;
    slot->info.box = boxes[j];
    slot->info.vx = slot->info.vy = 0.0f;
    slot->info.age = 1;
    slot->info.hits = 1;
    slot->info.misses = 0;
    slot->look.valid = FALSE;
    if (tracker->apps != NULL)
      slot->look = tracker->apps[j];
    tracker->n_tracks++;
    ids_out[j] = slot->info.id;
  }
  tracker->apps = NULL;
}

guint
wf_tracker_pop_evicted (WfTracker * tracker, guint64 * ids_out, guint max)
{
  guint k = 0;

  g_return_val_if_fail (tracker != NULL, 0);
  g_return_val_if_fail (max == 0 || ids_out != NULL, 0);

  while (k < max && tracker->evicted_len > 0) {
    ids_out[k++] = tracker->evicted[tracker->evicted_head];
    tracker->evicted_head = (tracker->evicted_head + 1) % tracker->evicted_cap;
    tracker->evicted_len--;
  }
  return k;
}

gboolean
wf_tracker_get_track (WfTracker * tracker, guint64 id, WfTrackInfo * info)
{
  guint i;

  g_return_val_if_fail (tracker != NULL, FALSE);

  if (id == 0)
    return FALSE;
  for (i = 0; i < tracker->config.max_tracks; i++) {
    const WfTrackSlot *s = &tracker->slots[i];
    if (s->used && s->info.id == id) {
      if (info)
        *info = s->info;
      return TRUE;
    }
  }
  return FALSE;
}

guint
wf_tracker_n_tracks (WfTracker * tracker)
{
  g_return_val_if_fail (tracker != NULL, 0);
  return tracker->n_tracks;
}

gsize
wf_tracker_size_bytes (WfTracker * tracker)
{
  g_return_val_if_fail (tracker != NULL, 0);
  gsize k = tracker->assign_cap;

  return sizeof (WfTracker)
      + tracker->config.max_tracks * sizeof (WfTrackSlot)
      + tracker->evicted_cap * sizeof (guint64)
      + k * k * sizeof (gdouble) + (k + 1) * (3 * sizeof (gdouble)
      + 2 * sizeof (guint) + 1) + k * (4 * sizeof (guint) + 1)
      + 4 * k * sizeof (gdouble);
}
