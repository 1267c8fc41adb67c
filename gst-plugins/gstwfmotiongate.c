/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwfmotiongate.h"

#include <string.h>

#include "wf-meta.h"
#include "wf-zones.h"

/* Crops are grown by an eighth of the frame height around the moving cells
 * (a head above a moving body) and are at least a quarter of the frame's
 * longer side, so that the detector's window fits at any working scale;
 * live faces are grown by their own size. */
#define REGION_MARGIN_DIV 8
#define REGION_MIN_DIV 4

void
gst_wf_motion_gate_init (GstWfMotionGate * g)
{
  memset (g, 0, sizeof (*g));
  g->motion = wf_motion_new ();
  g->regions = g_array_new (FALSE, FALSE, sizeof (WfMotionRect));
  g->crop_faces = g_array_new (FALSE, TRUE, sizeof (WfFace));
  wf_motion_gate_init (&g->gate, 0);
}

void
gst_wf_motion_gate_clear (GstWfMotionGate * g)
{
  g_clear_pointer (&g->motion, wf_motion_free);
  g_clear_pointer (&g->regions, g_array_unref);
  g_clear_pointer (&g->crop_faces, g_array_unref);
  g_clear_pointer (&g->grey, g_free);
}

gboolean
gst_wf_motion_gate_reset (GstWfMotionGate * g, gint threshold,
    guint max_skip, const gchar * mask, GError ** error)
{
  if (!wf_motion_set_mask (g->motion, mask, error))
    return FALSE;
  wf_motion_set_threshold (g->motion, threshold);
  wf_motion_reset (g->motion);
  wf_motion_gate_init (&g->gate, max_skip);
  g->frames = g->analysed = 0;
  g->pending = FALSE;
  g->decision = WF_GATE_FULL;
  memset (&g->result, 0, sizeof (g->result));
  return TRUE;
}

static gint
bytes_per_pixel (WfPixelFormat f)
{
  switch (f) {
    case WF_PIXEL_RGB:
    case WF_PIXEL_BGR:
      return 3;
    case WF_PIXEL_RGBX:
    case WF_PIXEL_BGRX:
    case WF_PIXEL_RGBA:
    case WF_PIXEL_BGRA:
      return 4;
    default:
      return 1;
  }
}

/* The luma plane of @img: the frame's own for grey and YUV, else a copy
 * (BT.601 weights; the measure needs no more). */
static const guint8 *
luma_of (GstWfMotionGate * g, const WfImage * img, gint * stride)
{
  const gint bpp = bytes_per_pixel (img->format);
  const gboolean bgr = img->format == WF_PIXEL_BGR ||
      img->format == WF_PIXEL_BGRX || img->format == WF_PIXEL_BGRA;
  gsize need = (gsize) img->width * img->height;

  if (img->format == WF_PIXEL_GRAY8 || wf_pixel_format_is_yuv (img->format)) {
    *stride = img->stride[0];
    return img->data[0];
  }
  if (g->grey_size < need) {
    g_free (g->grey);
    g->grey = g_malloc (need);
    g->grey_size = need;
  }
  for (gint y = 0; y < img->height; y++) {
    const guint8 *p = img->data[0] + (gsize) y * img->stride[0];
    guint8 *o = g->grey + (gsize) y * img->width;
    for (gint x = 0; x < img->width; x++, p += bpp) {
      guint r = bgr ? p[2] : p[0], b = bgr ? p[0] : p[2];
      o[x] = (guint8) ((77 * r + 150 * p[1] + 29 * b) >> 8);
    }
  }
  *stride = img->width;
  return g->grey;
}

WfGateDecision
gst_wf_motion_gate_decide (GstWfMotionGate * g, const WfImage * img,
    GArray * live_faces, gboolean may_analyse)
{
  const gint longer = MAX (img->width, img->height);
  gint stride = 0;
  const guint8 *luma = luma_of (g, img, &stride);
  gdouble fraction = 1.0;
  WfMotionResult res;

  if (!wf_motion_feed (g->motion, luma, img->width, img->height, stride,
          g->regions, &res)) {
    /* sizes the measure refuses: analyse everything */
    memset (&res, 0, sizeof (res));
    res.first = TRUE;
  }
  g->result = res;
  if (res.motion && !res.global && !res.first) {
    /* the live faces are searched again with the moving regions */
    for (guint i = 0; wf_motion_gate_live (&g->gate) && i < live_faces->len;
        i++) {
      const WfFace *f = &g_array_index (live_faces, WfFace, i);
      gint w = (gint) (f->box.w * img->width), h = (gint) (f->box.h *
          img->height);
      WfMotionRect r = {
        (gint) (f->box.x * img->width) - w / 2,
        (gint) (f->box.y * img->height) - h / 2, 2 * w, 2 * h
      };
      g_array_append_val (g->regions, r);
    }
    fraction = wf_motion_rects_merge (g->regions,
        img->height / REGION_MARGIN_DIV, longer / REGION_MIN_DIV,
        longer / REGION_MIN_DIV, img->width, img->height);
  }
  if (!may_analyse) {
    /* an interval frame: counted, never analysed; what moved on it is
     * searched on the next frame the interval allows, whole */
    g->pending |= res.motion;
    g->gate.frames++;
    g->gate.since_analysis++;
    if (g->gate.live_left > 0)
      g->gate.live_left--;
    g->decision = WF_GATE_SKIP;
  } else {
    if (g->pending)
      res.global = res.motion = TRUE;
    g->pending = FALSE;
    g->decision = wf_motion_gate_decide (&g->gate, &res, fraction);
  }
  /* nothing live any more: nothing to carry */
  if (g->decision == WF_GATE_SKIP && !wf_motion_gate_live (&g->gate))
    g_array_set_size (live_faces, 0);
  return g->decision;
}

/* A view of @r (even-aligned for the chroma planes) inside @img. */
static void
crop_view (const WfImage * img, WfMotionRect * r, WfImage * out)
{
  const gint bpp = bytes_per_pixel (img->format);

  *out = *img;
  if (wf_pixel_format_is_yuv (img->format)) {
    gint x1 = r->x + r->w, y1 = r->y + r->h;
    r->x &= ~1;
    r->y &= ~1;
    r->w = MIN (x1 - r->x, img->width - r->x);
    r->h = MIN (y1 - r->y, img->height - r->y);
  }
  out->width = r->w;
  out->height = r->h;
  out->data[0] = img->data[0] + (gsize) r->y * img->stride[0] + r->x * bpp;
  if (img->format == WF_PIXEL_I420) {
    out->data[1] = img->data[1] + (gsize) (r->y / 2) * img->stride[1] +
        r->x / 2;
    out->data[2] = img->data[2] + (gsize) (r->y / 2) * img->stride[2] +
        r->x / 2;
  } else if (img->format == WF_PIXEL_NV12) {
    out->data[1] = img->data[1] + (gsize) (r->y / 2) * img->stride[1] + r->x;
  }
}

static gint
by_confidence (gconstpointer a, gconstpointer b)
{
  gfloat ca = ((const WfFace *) a)->confidence;
  gfloat cb = ((const WfFace *) b)->confidence;
  return ca < cb ? 1 : ca > cb ? -1 : 0;
}

static gboolean
detect_regions (GstWfMotionGate * g, WfDetector * detector,
    const WfImage * img, const WfDetectParams * params, GArray * faces,
    GError ** error)
{
  WfDetectParams p = *params;
  gint upsample = params->upsample, align = 8;

  /* each crop at the scale of the whole frame: the same downscale ratio,
   * or the whole frame's number of doublings */
  if (upsample == WF_DETECT_UPSAMPLE_AUTO) {
    upsample = 0;
    while (params->detect_width > 0 && upsample < 2 &&
        ((gint64) img->width << upsample) < params->detect_width)
      upsample++;
  }
  p.upsample = upsample;
  if (params->detect_width > 0 && img->width > params->detect_width)
    align = (gint) (8.0 * img->width / params->detect_width + 0.5);
  align = MAX (2, align & ~1);
  for (guint i = 0; i < g->regions->len; i++) {
    WfMotionRect r = g_array_index (g->regions, WfMotionRect, i);
    WfImage crop;

    /* on the whole frame's grid of HOG cells (8 pixels of the working
     * scale): off it, borderline faces found in the frame are missed */
    gint x1 = r.x + r.w, y1 = r.y + r.h;
    r.x -= r.x % align;
    r.y -= r.y % align;
    r.w = x1 - r.x;
    r.h = y1 - r.y;
    crop_view (img, &r, &crop);
    if (crop.width < 1 || crop.height < 1)
      continue;
    p.detect_width = 0;
    if (params->detect_width > 0 && img->width > params->detect_width)
      p.detect_width = MAX (1, (gint) ((gint64) crop.width *
              params->detect_width / img->width));
    g_array_set_size (g->crop_faces, 0);
    if (!wf_detector_detect (detector, &crop, &p, g->crop_faces, error))
      return FALSE;
    for (guint k = 0; k < g->crop_faces->len; k++) {
      WfFace f = g_array_index (g->crop_faces, WfFace, k);
      f.box.x += r.x;
      f.box.y += r.y;
      for (guint j = 0; f.has_landmarks && j < 10; j += 2) {
        f.landmarks[j] += r.x;
        f.landmarks[j + 1] += r.y;
      }
      g_array_append_val (faces, f);
    }
  }
  g_array_sort (faces, by_confidence);
  if (params->max_faces > 0 && faces->len > (guint) params->max_faces)
    g_array_set_size (faces, params->max_faces);
  return TRUE;
}

gboolean
gst_wf_motion_gate_detect (GstWfMotionGate * g, WfDetector * detector,
    const WfImage * img, const WfDetectParams * params, GArray * scratch,
    GArray * found, GError ** error)
{
  const gfloat w = img->width, h = img->height;

  g_array_set_size (scratch, 0);
  if (g->decision == WF_GATE_REGIONS ?
      !detect_regions (g, detector, img, params, scratch, error) :
      !wf_detector_detect (detector, img, params, scratch, error))
    return FALSE;
  wf_motion_gate_found (&g->gate, scratch->len);
  g_array_set_size (found, 0);
  for (guint i = 0; i < scratch->len; i++) {
    WfFace f = g_array_index (scratch, WfFace, i);
    f.box.x /= w;
    f.box.w /= w;
    f.box.y /= h;
    f.box.h /= h;
    for (guint k = 0; f.has_landmarks && k < 10; k += 2) {
      f.landmarks[k] /= w;
      f.landmarks[k + 1] /= h;
    }
    g_array_append_val (found, f);
  }
  return TRUE;
}

void
gst_wf_motion_gate_count (GstWfMotionGate * g, gboolean enabled,
    gboolean analysed, GstStructure * s)
{
  const gchar *state;

  g->frames++;
  g->analysed += analysed;
  if (s == NULL)
    return;
  if (!enabled)
    state = "off";
  else if (g->result.first || g->result.global)
    state = "start";
  else if (g->result.motion)
    state = "motion";
  else if (wf_motion_gate_live (&g->gate))
    state = "track";
  else
    state = "idle";
  gst_structure_set (s,
      WF_FIELD_MOTION, G_TYPE_BOOLEAN, enabled && g->result.motion,
      WF_FIELD_ANALYSED, G_TYPE_BOOLEAN, analysed,
      WF_FIELD_GATE, G_TYPE_STRING, state,
      WF_FIELD_ANALYSED_FRACTION, G_TYPE_DOUBLE,
      (gdouble) g->analysed / (gdouble) g->frames, NULL);
}

/* ---- properties ---- */

#define DEFAULT_MOTION_GATE TRUE
#define DEFAULT_MOTION_THRESHOLD WF_MOTION_DEFAULT_THRESHOLD
/* at 15 fps a still face is looked at again 1.4 times a second */
#define DEFAULT_MAX_SKIP 10

enum
{
  GATE_PROP_ENABLED,
  GATE_PROP_THRESHOLD,
  GATE_PROP_MAX_SKIP,
  GATE_PROP_MASK,
};

void
gst_wf_motion_gate_install_properties (GObjectClass * klass, guint first_id)
{
  /**
   * GstWfFaceDetect:motion-gate:
   *
   * Run the detector only where and when something moves: a frame with no
   * motion and no live face is not searched (and carries no box); motion
   * is searched in the moving regions (grown, merged, with the live faces)
   * or the whole frame when they cover most of it; live faces that do not
   * move are searched again after #GstWfFaceDetect:max-skip frames.  The
   * first frame, and a change of most of the scene at once (lights), are
   * searched whole.  FALSE searches every frame (or every
   * #GstWfFaceDetect:interval frames).  See docs/motion.md.
   *
   * Since: 0.2
   */
  g_object_class_install_property (klass, first_id + GATE_PROP_ENABLED,
      g_param_spec_boolean ("motion-gate", "Motion gate",
          "Detect only where and when something moves or what was found "
          "is live (see docs/motion.md)", DEFAULT_MOTION_GATE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceDetect:motion-threshold:
   *
   * The luma difference (of 255) from the background above which a pixel
   * of the gate's small copy of the frame has changed; the background
   * follows light changes, and the copy's block averages smooth noise and
   * compression flicker.  Lower finds fainter motion and wakes on more
   * noise.
   *
   * Since: 0.2
   */
  g_object_class_install_property (klass, first_id + GATE_PROP_THRESHOLD,
      g_param_spec_int ("motion-threshold", "Motion threshold",
          "Luma difference (1-255) from the background that counts as "
          "motion", 1, 255, DEFAULT_MOTION_THRESHOLD,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceDetect:max-skip:
   *
   * While faces are live but nothing moves, the most frames in a row that
   * carry the last boxes (flagged "carried") before the whole frame is
   * searched again; 0 searches every such frame.  Motion is searched at
   * once whatever this says.
   *
   * Since: 0.2
   */
  g_object_class_install_property (klass, first_id + GATE_PROP_MAX_SKIP,
      g_param_spec_uint ("max-skip", "Maximum skip",
          "Frames carried in a row while what was found is live and "
          "nothing moves (0 = none)", 0, 1000, DEFAULT_MAX_SKIP,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceDetect:motion-mask:
   *
   * Polygons where motion is ignored (a clock, a screen, trees), in the
   * syntax of occupancy's zones, normalised:
   * "clock=0.8,0 1,0 1,0.2 0.8,0.2;screen=...".  A face inside a mask is
   * still found when the gate searches the whole frame.  A value that does
   * not parse is refused with a warning message on the bus naming the
   * problem, and the previous mask is kept.
   *
   * Since: 0.2
   */
  g_object_class_install_property (klass, first_id + GATE_PROP_MASK,
      g_param_spec_string ("motion-mask", "Motion mask",
          "Polygons where motion is ignored, in occupancy's zones syntax "
          "(\"name=x,y x,y x,y;...\", normalised)", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
}

void
gst_wf_motion_gate_settings_init (GstWfMotionGateSettings * s,
    guint first_id)
{
  s->first_id = first_id;
  s->enabled = DEFAULT_MOTION_GATE;
  s->threshold = DEFAULT_MOTION_THRESHOLD;
  s->max_skip = DEFAULT_MAX_SKIP;
  s->mask = NULL;
  s->changed = FALSE;
}

void
gst_wf_motion_gate_settings_clear (GstWfMotionGateSettings * s)
{
  g_clear_pointer (&s->mask, g_free);
}

gboolean
gst_wf_motion_gate_sync (GstWfMotionGate * g, GstWfMotionGateSettings * s)
{
  GError *err = NULL;

  if (s->changed) {
    /* the property parsed it already */
    if (!wf_motion_set_mask (g->motion, s->mask, &err)) {
      g_warning ("motion mask refused late: %s", err->message);
      g_clear_error (&err);
    }
    wf_motion_set_threshold (g->motion, s->threshold);
    g->gate.max_skip = s->max_skip;
    s->changed = FALSE;
  }
  if (!s->enabled)
    g->decision = WF_GATE_FULL;
  return s->enabled;
}

gboolean
gst_wf_motion_gate_set_property (GstWfMotionGateSettings * s, guint id,
    const GValue * value, GError ** error)
{
  if (id < s->first_id || id > s->first_id + GATE_PROP_MASK)
    return FALSE;
  switch (id - s->first_id) {
    case GATE_PROP_ENABLED:
      s->enabled = g_value_get_boolean (value);
      break;
    case GATE_PROP_THRESHOLD:
      s->threshold = g_value_get_int (value);
      break;
    case GATE_PROP_MAX_SKIP:
      s->max_skip = g_value_get_uint (value);
      break;
    case GATE_PROP_MASK:{
      const gchar *mask = g_value_get_string (value);
      GPtrArray *zones = wf_zones_parse (mask, error);
      if (zones == NULL)
        return TRUE;
      g_ptr_array_unref (zones);
      g_free (s->mask);
      s->mask = mask && *mask ? g_strdup (mask) : NULL;
      break;
    }
  }
  s->changed = TRUE;
  return TRUE;
}

gboolean
gst_wf_motion_gate_get_property (GstWfMotionGateSettings * s, guint id,
    GValue * value)
{
  if (id < s->first_id || id > s->first_id + GATE_PROP_MASK)
    return FALSE;
  switch (id - s->first_id) {
    case GATE_PROP_ENABLED:
      g_value_set_boolean (value, s->enabled);
      break;
    case GATE_PROP_THRESHOLD:
      g_value_set_int (value, s->threshold);
      break;
    case GATE_PROP_MAX_SKIP:
      g_value_set_uint (value, s->max_skip);
      break;
    case GATE_PROP_MASK:
      g_value_set_string (value, s->mask);
      break;
  }
  return TRUE;
}
