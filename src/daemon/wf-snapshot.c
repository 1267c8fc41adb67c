/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-snapshot.h"
#include "wf-meta.h"
#include "wf-redact-pixels.h"
#include "wf-jpeg.h"

#include <gio/gio.h>
#include <gst/video/video.h>

static void
object_clear (gpointer data)
{
  WfSnapshotObject *o = data;

  g_free (o->type);
  g_free (o->employee_id);
  g_free (o->name);
}

void
wf_snapshot_free (WfSnapshot * snap)
{
  if (!snap)
    return;
  g_clear_pointer (&snap->jpeg, g_bytes_unref);
  g_clear_pointer (&snap->objects, g_array_unref);
  g_free (snap);
}

GArray *
wf_snapshot_read_objects (GstBuffer * buf, const GstVideoInfo * in)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (WfSnapshotObject));
  gpointer state = NULL;
  GstMeta *meta;

  g_array_set_clear_func (out, object_clear);
  while ((meta = gst_buffer_iterate_meta_filtered (buf, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *) meta;
    GstStructure *s;
    WfSnapshotObject o = { 0 };

    if (out->len >= WF_SNAPSHOT_MAX_OBJECTS)
      break;
    o.type = g_strdup (g_quark_to_string (roi->roi_type));
    o.x = (gdouble) roi->x / GST_VIDEO_INFO_WIDTH (in);
    o.y = (gdouble) roi->y / GST_VIDEO_INFO_HEIGHT (in);
    o.w = (gdouble) roi->w / GST_VIDEO_INFO_WIDTH (in);
    o.h = (gdouble) roi->h / GST_VIDEO_INFO_HEIGHT (in);
    s = gst_video_region_of_interest_meta_get_param (roi, WF_PARAM_TRACKING);
    if (s && gst_structure_get_uint64 (s, WF_FIELD_TRACK_ID, &o.track_id))
      o.has_track = TRUE;
    s = gst_video_region_of_interest_meta_get_param (roi, WF_PARAM_FACEMATCH);
    if (s) {
      o.matched = TRUE;
      o.employee_id = g_strdup (gst_structure_get_string (s,
              WF_FIELD_EMPLOYEE_ID));
      o.name = g_strdup (gst_structure_get_string (s, WF_FIELD_NAME));
    }
    g_array_append_val (out, o);
  }
  return out;
}

static void
fill_rect (guint8 * rgb, gint stride, gint w, gint h, gint x0, gint y0,
    gint x1, gint y1, const guint8 colour[3])
{
  x0 = CLAMP (x0, 0, w);
  x1 = CLAMP (x1, 0, w);
  y0 = CLAMP (y0, 0, h);
  y1 = CLAMP (y1, 0, h);
  for (gint y = y0; y < y1; y++) {
    guint8 *p = rgb + (gsize) y * stride + (gsize) x0 * 3;
    for (gint x = x0; x < x1; x++, p += 3) {
      p[0] = colour[0];
      p[1] = colour[1];
      p[2] = colour[2];
    }
  }
}

/* A box outline, @t pixels thick, inside the frame. */
static void
draw_box (guint8 * rgb, gint stride, gint w, gint h,
    const WfSnapshotObject * o, const guint8 colour[3])
{
  gint x0 = (gint) (o->x * w), y0 = (gint) (o->y * h);
  gint x1 = (gint) ((o->x + o->w) * w), y1 = (gint) ((o->y + o->h) * h);
  gint t = MAX (2, w / 320);

  fill_rect (rgb, stride, w, h, x0, y0, x1, y0 + t, colour);
  fill_rect (rgb, stride, w, h, x0, y1 - t, x1, y1, colour);
  fill_rect (rgb, stride, w, h, x0, y0, x0 + t, y1, colour);
  fill_rect (rgb, stride, w, h, x1 - t, y0, x1, y1, colour);
}

/* A face facematch named was named because the employee consented
 * (wf-gallery.h); one it did not name is unknown. */
void
wf_snapshot_redact (guint8 * rgb, gint stride, gint w, gint h,
    GArray * objects, const WfSnapshotRedaction * redaction)
{
  WfRedactFrame f = { WF_PIXEL_RGB, w, h, {rgb}, {stride}, FALSE };
  const WfRedactColor black = { 0, 0, 0 };

  for (guint i = 0; i < objects->len; i++) {
    const WfSnapshotObject *o = &g_array_index (objects, WfSnapshotObject, i);
    WfRedactSubject subject = { o->employee_id, o->employee_id ?
      WF_CONSENT_GIVEN : WF_CONSENT_UNSTATED
    };
    gdouble bw = o->w * w, bh = o->h * h;
    WfRedactRect r;

    if (g_strcmp0 (o->type, WF_ROI_TYPE_FACE) != 0 ||
        !wf_redact_decide (redaction->policy, &subject, NULL) ||
        !wf_redact_region (&f, o->x * w, o->y * h, bw, bh,
            WF_REDACT_DEFAULT_MARGIN, &r))
      continue;
    wf_redact_apply (&f, &r, redaction->method, wf_redact_cell_size
        (f.format, bw, bh, WF_REDACT_DEFAULT_STRENGTH), black);
  }
}

gboolean
wf_snapshot_convert_rgb (GstBuffer * buf, const GstVideoInfo * in, gint sx,
    gint sy, gint sw, gint sh, gint ow, gint oh, GstVideoFrame * out_frame,
    GError ** error)
{
  g_autoptr (GstBuffer) rgb_buf = NULL;
  GstVideoInfo out;
  GstVideoFrame in_frame;
  GstVideoConverter *conv;

  gst_video_info_set_format (&out, GST_VIDEO_FORMAT_RGB, ow, oh);
  /* the converter only crops, scales and converts: the rest must match */
  GST_VIDEO_INFO_FPS_N (&out) = GST_VIDEO_INFO_FPS_N (in);
  GST_VIDEO_INFO_FPS_D (&out) = GST_VIDEO_INFO_FPS_D (in);
  GST_VIDEO_INFO_INTERLACE_MODE (&out) = GST_VIDEO_INFO_INTERLACE_MODE (in);

  if (!gst_video_frame_map (&in_frame, in, buf, GST_MAP_READ)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
        "cannot map the last frame");
    return FALSE;
  }
  rgb_buf = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (&out), NULL);
  /* the map holds its own reference: unmapping frees the picture */
  if (!gst_video_frame_map (out_frame, &out, rgb_buf, GST_MAP_WRITE)) {
    gst_video_frame_unmap (&in_frame);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
        "cannot map the picture");
    return FALSE;
  }
  /* one thread: the daemon's own worker runs this, not the pipeline */
  conv = gst_video_converter_new (in, &out,
      gst_structure_new ("config", GST_VIDEO_CONVERTER_OPT_THREADS,
          G_TYPE_UINT, 1, GST_VIDEO_CONVERTER_OPT_SRC_X, G_TYPE_INT, sx,
          GST_VIDEO_CONVERTER_OPT_SRC_Y, G_TYPE_INT, sy,
          GST_VIDEO_CONVERTER_OPT_SRC_WIDTH, G_TYPE_INT, sw,
          GST_VIDEO_CONVERTER_OPT_SRC_HEIGHT, G_TYPE_INT, sh, NULL));
  gst_video_converter_frame (conv, &in_frame, out_frame);
  gst_video_converter_free (conv);
  gst_video_frame_unmap (&in_frame);
  return TRUE;
}

WfSnapshot *
wf_snapshot_new_from_sample (GstSample * sample, guint max_width,
    gint quality, const WfSnapshotRedaction * redaction, GError ** error)
{
  static const guint8 known[3] = { 0x2e, 0xcc, 0x71 };
  static const guint8 unknown[3] = { 0xff, 0xa0, 0x00 };
  static const guint8 person[3] = { 0x3a, 0x8e, 0xe6 };
  GstBuffer *buf = sample ? gst_sample_get_buffer (sample) : NULL;
  GstCaps *caps = sample ? gst_sample_get_caps (sample) : NULL;
  g_autoptr (WfSnapshot) snap = NULL;
  GstVideoInfo in;
  GstVideoFrame out_frame;
  guint ow, oh;
  guint8 *rgb;
  gint stride;

  if (!buf || !caps || !gst_video_info_from_caps (&in, caps) ||
      GST_VIDEO_INFO_WIDTH (&in) <= 0 || GST_VIDEO_INFO_HEIGHT (&in) <= 0) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "the last frame is not raw video");
    return NULL;
  }
  ow = MIN ((guint) GST_VIDEO_INFO_WIDTH (&in), max_width);
  ow &= ~1u;
  oh = (guint) (((guint64) GST_VIDEO_INFO_HEIGHT (&in) * ow +
          GST_VIDEO_INFO_WIDTH (&in) / 2) / GST_VIDEO_INFO_WIDTH (&in));
  oh = MAX (oh & ~1u, 2);
  if (!wf_snapshot_convert_rgb (buf, &in, 0, 0, GST_VIDEO_INFO_WIDTH (&in),
          GST_VIDEO_INFO_HEIGHT (&in), ow, oh, &out_frame, error))
    return NULL;

  snap = g_new0 (WfSnapshot, 1);
  snap->width = ow;
  snap->height = oh;
  snap->pts = GST_BUFFER_PTS (buf);
  snap->objects = wf_snapshot_read_objects (buf, &in);

  rgb = GST_VIDEO_FRAME_PLANE_DATA (&out_frame, 0);
  stride = GST_VIDEO_FRAME_PLANE_STRIDE (&out_frame, 0);
  wf_snapshot_redact (rgb, stride, ow, oh, snap->objects, redaction);
  for (guint i = 0; i < snap->objects->len; i++) {
    const WfSnapshotObject *o = &g_array_index (snap->objects,
        WfSnapshotObject, i);
    const guint8 *colour = !o->matched ? person :
        (o->employee_id ? known : unknown);

    draw_box (rgb, stride, ow, oh, o, colour);
  }
  snap->jpeg = wf_jpeg_encode_rgb (rgb, stride, ow, oh, quality, error);
  gst_video_frame_unmap (&out_frame);
  if (!snap->jpeg)
    return NULL;
  return g_steal_pointer (&snap);
}
