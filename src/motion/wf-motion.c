/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-motion.h"

#include <string.h>

#include "wf-zones.h"

/* background updates, as shifts of the 8.8 fixed-point difference: 1/8
 * per frame where the frame did not change since the last one (light
 * drifts are followed within a second at 15 fps; a person who stops, or
 * the ghost of one who left, is taken in as fast), 1/32 where it changed
 * inside an active cell (someone walking is not absorbed) */
#define RATE_STILL 3
#define RATE_MOVING 5
/* gain corrections beyond these are a change of scene, not of light */
#define GAIN_MIN 0.5
#define GAIN_MAX 2.0

struct _WfMotion
{
  gint threshold;
  GPtrArray *mask;              /* WfZone*, normalised */

  /* for the current size; factor 0 = no background yet */
  gint width, height;           /* of the frames fed */
  gint factor;                  /* frame pixels per small pixel, per side */
  gint sw, sh;                  /* the small copy */
  gint gw, gh;                  /* the grid, in cells */
  gboolean have_background;
  gboolean mask_dirty;
  guint8 *cur;                  /* sw x sh */
  guint8 *prev;                 /* sw x sh: the last frame's copy */
  guint16 *bg;                  /* sw x sh, 8.8 fixed point */
  guint8 *masked;               /* sw x sh: 1 inside the mask */
  guint16 *cell_total;          /* gw x gh: unmasked pixels */
  guint16 *cell_changed;        /* gw x gh */
  guint8 *cell_active;          /* gw x gh */
  gint *stack;                  /* gw x gh, for the flood fill */
  guint unmasked_cells;
};

WfMotion *
wf_motion_new (void)
{
  WfMotion *m = g_new0 (WfMotion, 1);

  m->threshold = WF_MOTION_DEFAULT_THRESHOLD;
  m->mask = g_ptr_array_new_with_free_func ((GDestroyNotify) wf_zone_free);
  return m;
}

static void
free_buffers (WfMotion * m)
{
  g_clear_pointer (&m->cur, g_free);
  g_clear_pointer (&m->prev, g_free);
  g_clear_pointer (&m->bg, g_free);
  g_clear_pointer (&m->masked, g_free);
  g_clear_pointer (&m->cell_total, g_free);
  g_clear_pointer (&m->cell_changed, g_free);
  g_clear_pointer (&m->cell_active, g_free);
  g_clear_pointer (&m->stack, g_free);
  m->factor = 0;
  m->have_background = FALSE;
}

void
wf_motion_free (WfMotion * motion)
{
  if (motion == NULL)
    return;
  free_buffers (motion);
  g_ptr_array_unref (motion->mask);
  g_free (motion);
}

void
wf_motion_set_threshold (WfMotion * motion, gint threshold)
{
  motion->threshold = CLAMP (threshold, 1, 255);
}

gboolean
wf_motion_set_mask (WfMotion * motion, const gchar * mask, GError ** error)
{
  GPtrArray *zones = wf_zones_parse (mask, error);

  if (zones == NULL)
    return FALSE;
  g_ptr_array_unref (motion->mask);
  motion->mask = zones;
  motion->mask_dirty = TRUE;
  return TRUE;
}

void
wf_motion_reset (WfMotion * motion)
{
  motion->have_background = FALSE;
}

static void
setup_size (WfMotion * m, gint width, gint height)
{
  gint f = MAX (1, (width + WF_MOTION_WORK_WIDTH - 1) / WF_MOTION_WORK_WIDTH);
  gsize n, cells;

  if (height / f == 0)
    f = height;
  free_buffers (m);
  m->width = width;
  m->height = height;
  m->factor = f;
  m->sw = width / f;
  m->sh = height / f;
  m->gw = (m->sw + WF_MOTION_CELL - 1) / WF_MOTION_CELL;
  m->gh = (m->sh + WF_MOTION_CELL - 1) / WF_MOTION_CELL;
  n = (gsize) m->sw * m->sh;
  cells = (gsize) m->gw * m->gh;
  m->cur = g_new (guint8, n);
  m->prev = g_new (guint8, n);
  m->bg = g_new (guint16, n);
  m->masked = g_new0 (guint8, n);
  m->cell_total = g_new0 (guint16, cells);
  m->cell_changed = g_new0 (guint16, cells);
  m->cell_active = g_new0 (guint8, cells);
  m->stack = g_new (gint, cells);
  m->mask_dirty = TRUE;
}

/* The mask at the small copy's resolution, and the unmasked pixels of each
 * cell; a pixel is masked when its centre is inside a polygon. */
static void
update_mask (WfMotion * m)
{
  memset (m->cell_total, 0, sizeof (guint16) * m->gw * m->gh);
  m->unmasked_cells = 0;
  for (gint y = 0; y < m->sh; y++) {
    gdouble ny = (y + 0.5) / m->sh;
    for (gint x = 0; x < m->sw; x++) {
      gdouble nx = (x + 0.5) / m->sw;
      guint8 in = 0;
      for (guint i = 0; !in && i < m->mask->len; i++)
        in = wf_zone_contains (g_ptr_array_index (m->mask, i), nx, ny);
      m->masked[y * m->sw + x] = in;
      if (!in)
        m->cell_total[(y / WF_MOTION_CELL) * m->gw + x / WF_MOTION_CELL]++;
    }
  }
  for (gint c = 0; c < m->gw * m->gh; c++)
    m->unmasked_cells += m->cell_total[c] > 0;
  m->mask_dirty = FALSE;
}

/* Block averages of factor x factor pixels. */
static void
shrink (WfMotion * m, const guint8 * luma, gint stride)
{
  const gint f = m->factor;
  const guint area = (guint) f * f;

  for (gint y = 0; y < m->sh; y++) {
    guint8 *out = m->cur + (gsize) y * m->sw;
    for (gint x = 0; x < m->sw; x++) {
      guint sum = 0;
      for (gint dy = 0; dy < f; dy++) {
        const guint8 *p = luma + (gsize) (y * f + dy) * stride + x * f;
        for (gint dx = 0; dx < f; dx++)
          sum += p[dx];
      }
      out[x] = (guint8) ((sum + area / 2) / area);
    }
  }
}

static void
rect_of_cells (const WfMotion * m, gint cx0, gint cy0, gint cx1, gint cy1,
    WfMotionRect * r)
{
  const gint side = WF_MOTION_CELL * m->factor;
  gint x1 = (cx1 + 1) * side, y1 = (cy1 + 1) * side;

  /* the last cells also take the pixels the small copy dropped */
  if (cx1 == m->gw - 1 || x1 > m->width)
    x1 = m->width;
  if (cy1 == m->gh - 1 || y1 > m->height)
    y1 = m->height;
  r->x = cx0 * side;
  r->y = cy0 * side;
  r->w = x1 - r->x;
  r->h = y1 - r->y;
}

/* 8-connected components of the active cells, as bounding boxes. */
static void
find_regions (WfMotion * m, GArray * regions)
{
  const gint n = m->gw * m->gh;
  guint8 *seen = m->cell_active;        /* 1 active, 2 visited */

  for (gint c = 0; c < n; c++) {
    gint top = 0, cx0, cy0, cx1, cy1;
    WfMotionRect r;

    if (seen[c] != 1)
      continue;
    cx0 = cx1 = c % m->gw;
    cy0 = cy1 = c / m->gw;
    seen[c] = 2;
    m->stack[top++] = c;
    while (top > 0) {
      gint k = m->stack[--top], kx = k % m->gw, ky = k / m->gw;
      cx0 = MIN (cx0, kx);
      cx1 = MAX (cx1, kx);
      cy0 = MIN (cy0, ky);
      cy1 = MAX (cy1, ky);
      for (gint dy = -1; dy <= 1; dy++)
        for (gint dx = -1; dx <= 1; dx++) {
          gint nx = kx + dx, ny = ky + dy;
          if (nx < 0 || ny < 0 || nx >= m->gw || ny >= m->gh)
            continue;
          if (seen[ny * m->gw + nx] == 1) {
            seen[ny * m->gw + nx] = 2;
            m->stack[top++] = ny * m->gw + nx;
          }
        }
    }
    rect_of_cells (m, cx0, cy0, cx1, cy1, &r);
    g_array_append_val (regions, r);
  }
  /* one cell of growth, then no two overlap */
  wf_motion_rects_merge (regions, WF_MOTION_CELL * m->factor, 0, 0,
      m->width, m->height);
}

gboolean
wf_motion_feed (WfMotion * motion, const guint8 * luma, gint width,
    gint height, gint stride, GArray * regions, WfMotionResult * result)
{
  WfMotion *m = motion;
  gsize n_px;
  guint64 sum_cur = 0, sum_bg = 0;
  gdouble gain = 1.0;
  guint active = 0;
  gsize i;

  if (width < 1 || height < 1 || width > WF_MOTION_MAX_SIDE ||
      height > WF_MOTION_MAX_SIDE || stride < width || luma == NULL)
    return FALSE;

  g_array_set_size (regions, 0);
  memset (result, 0, sizeof (*result));
  if (m->factor == 0 || width != m->width || height != m->height)
    setup_size (m, width, height);
  if (m->mask_dirty)
    update_mask (m);
  shrink (m, luma, stride);
  n_px = (gsize) m->sw * m->sh;

  if (!m->have_background) {
    for (i = 0; i < n_px; i++)
      m->bg[i] = (guint16) (m->cur[i] << 8);
    memcpy (m->prev, m->cur, n_px);
    m->have_background = TRUE;
    result->first = TRUE;
    result->motion = TRUE;
    result->active_fraction = 1.0;
    g_array_set_size (regions, 1);
    g_array_index (regions, WfMotionRect, 0) = (WfMotionRect) {
    0, 0, width, height};
    return TRUE;
  }

  /* a light change scales the scene: compare with the background scaled
   * by the ratio of the mean levels of the unmasked pixels */
  for (i = 0; i < n_px; i++) {
    if (m->masked[i])
      continue;
    sum_cur += m->cur[i];
    sum_bg += m->bg[i];
  }
  if (sum_bg > 0 && sum_cur > 0)
    gain = CLAMP ((gdouble) sum_cur * 256.0 / (gdouble) sum_bg, GAIN_MIN,
        GAIN_MAX);

  memset (m->cell_changed, 0, sizeof (guint16) * m->gw * m->gh);
  {
    /* |cur - gain * bg / 256| > threshold, in fixed point */
    const gint32 g16 = (gint32) (gain * 65536.0 / 256.0 + 0.5);
    const gint32 thr = m->threshold;
    for (gint y = 0; y < m->sh; y++) {
      const gsize row = (gsize) y * m->sw;
      guint16 *cells = m->cell_changed + (y / WF_MOTION_CELL) * m->gw;
      for (gint x = 0; x < m->sw; x++) {
        gint32 b = (gint32) (((gint64) m->bg[row + x] * g16) >> 16);
        gint32 d = (gint32) m->cur[row + x] - b;
        if (!m->masked[row + x] && (d > thr || d < -thr))
          cells[x / WF_MOTION_CELL]++;
      }
    }
  }
  for (gint c = 0; c < m->gw * m->gh; c++) {
    guint t = m->cell_total[c], ch = m->cell_changed[c];
    m->cell_active[c] = t > 0 && ch >= 2 && ch * 8 >= t;
    active += m->cell_active[c];
  }
  result->active_fraction = m->unmasked_cells ?
      (gdouble) active / m->unmasked_cells : 0.0;

  if (m->unmasked_cells > 0 && active * 2 > m->unmasked_cells) {
    /* most of the scene at once: lights, the camera moved; start afresh */
    for (i = 0; i < n_px; i++)
      m->bg[i] = (guint16) (m->cur[i] << 8);
    memcpy (m->prev, m->cur, n_px);
    result->global = TRUE;
    result->motion = TRUE;
    g_array_set_size (regions, 1);
    g_array_index (regions, WfMotionRect, 0) = (WfMotionRect) {
    0, 0, width, height};
    return TRUE;
  }

  for (gint y = 0; y < m->sh; y++) {
    const gsize row = (gsize) y * m->sw;
    const guint8 *act = m->cell_active + (y / WF_MOTION_CELL) * m->gw;
    for (gint x = 0; x < m->sw; x++) {
      gint32 b = m->bg[row + x];
      gint32 d = ((gint32) m->cur[row + x] << 8) - b;
      gint32 step = (gint32) m->cur[row + x] - m->prev[row + x];
      gint shift = act[x / WF_MOTION_CELL] && (step > m->threshold / 2 ||
          step < -m->threshold / 2) ? RATE_MOVING : RATE_STILL;
      /* round towards the frame so that the background reaches it */
      b += d >= 0 ? (d + (1 << shift) - 1) >> shift : -((-d) >> shift);
      m->bg[row + x] = (guint16) CLAMP (b, 0, 255 << 8);
    }
  }

  memcpy (m->prev, m->cur, n_px);
  if (active > 0)
    find_regions (m, regions);
  result->motion = regions->len > 0;
  return TRUE;
}

static gboolean
rects_overlap (const WfMotionRect * a, const WfMotionRect * b)
{
  return a->x < b->x + b->w && b->x < a->x + a->w &&
      a->y < b->y + b->h && b->y < a->y + a->h;
}

gdouble
wf_motion_rects_merge (GArray * rects, gint margin, gint min_w, gint min_h,
    gint width, gint height)
{
  gboolean merged;
  gdouble area = 0;

  if (width <= 0 || height <= 0)
    return 0;
  for (guint i = 0; i < rects->len; i++) {
    WfMotionRect *r = &g_array_index (rects, WfMotionRect, i);
    gint64 x0 = (gint64) r->x - margin, y0 = (gint64) r->y - margin;
    gint64 x1 = (gint64) r->x + r->w + margin;
    gint64 y1 = (gint64) r->y + r->h + margin;
    if (x1 - x0 < min_w) {
      gint64 c = (x0 + x1) / 2;
      x0 = c - min_w / 2;
      x1 = x0 + min_w;
    }
    if (y1 - y0 < min_h) {
      gint64 c = (y0 + y1) / 2;
      y0 = c - min_h / 2;
      y1 = y0 + min_h;
    }
    /* clipped; a minimum size cut by an edge is made up on the other side */
    x0 = MAX (x0, 0);
    y0 = MAX (y0, 0);
    x1 = MIN (x1, width);
    y1 = MIN (y1, height);
    if (x1 - x0 < min_w && x1 > x0) {
      if (x0 == 0)
        x1 = MIN (width, min_w);
      else
        x0 = MAX (0, x1 - min_w);
    }
    if (y1 - y0 < min_h && y1 > y0) {
      if (y0 == 0)
        y1 = MIN (height, min_h);
      else
        y0 = MAX (0, y1 - min_h);
    }
    r->x = (gint) x0;
    r->y = (gint) y0;
    r->w = (gint) (x1 - x0);
    r->h = (gint) (y1 - y0);
  }
  for (guint i = rects->len; i > 0; i--) {
    const WfMotionRect *r = &g_array_index (rects, WfMotionRect, i - 1);
    if (r->w <= 0 || r->h <= 0)
      g_array_remove_index (rects, i - 1);
  }
  do {
    merged = FALSE;
    for (guint i = 0; i < rects->len && !merged; i++)
      for (guint j = i + 1; j < rects->len && !merged; j++) {
        WfMotionRect *a = &g_array_index (rects, WfMotionRect, i);
        const WfMotionRect *b = &g_array_index (rects, WfMotionRect, j);
        if (rects_overlap (a, b)) {
          gint x1 = MAX (a->x + a->w, b->x + b->w);
          gint y1 = MAX (a->y + a->h, b->y + b->h);
          a->x = MIN (a->x, b->x);
          a->y = MIN (a->y, b->y);
          a->w = x1 - a->x;
          a->h = y1 - a->y;
          g_array_remove_index (rects, j);
          merged = TRUE;
        }
      }
  } while (merged);
  for (guint i = 0; i < rects->len; i++) {
    const WfMotionRect *r = &g_array_index (rects, WfMotionRect, i);
    area += (gdouble) r->w * r->h;
  }
  return area / ((gdouble) width * height);
}

/* ---- the gate ---- */

void
wf_motion_gate_init (WfMotionGate * gate, guint max_skip)
{
  memset (gate, 0, sizeof (*gate));
  gate->max_skip = max_skip;
}

WfGateDecision
wf_motion_gate_decide (WfMotionGate * gate, const WfMotionResult * motion,
    gdouble region_fraction)
{
  WfGateDecision d;

  if (!gate->started || motion->first || motion->global)
    d = WF_GATE_FULL;
  else if (motion->motion)
    d = region_fraction > 0.5 ? WF_GATE_FULL : WF_GATE_REGIONS;
  else if (gate->live_left > 0 && gate->since_analysis >= gate->max_skip)
    d = WF_GATE_FULL;
  else
    d = WF_GATE_SKIP;

  gate->started = TRUE;
  gate->frames++;
  if (gate->live_left > 0)
    gate->live_left--;
  if (d == WF_GATE_SKIP) {
    gate->since_analysis++;
  } else {
    gate->analysed++;
    gate->since_analysis = 0;
  }
  return d;
}

void
wf_motion_gate_found (WfMotionGate * gate, guint n_found)
{
  if (n_found > 0)
    gate->live_left = 2 * (gate->max_skip + 1);
}

gboolean
wf_motion_gate_live (const WfMotionGate * gate)
{
  return gate->live_left > 0;
}

gdouble
wf_motion_gate_fraction (const WfMotionGate * gate)
{
  return gate->frames ? (gdouble) gate->analysed / gate->frames : 1.0;
}
