/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-face-crop.h"
#include "wf-jpeg.h"
#include "wf-meta.h"

#include <gio/gio.h>
#include <gst/video/video.h>

void
wf_face_crop_free (WfFaceCrop * crop)
{
  if (!crop)
    return;
  g_clear_pointer (&crop->jpeg, g_bytes_unref);
  g_free (crop);
}

/* The subject: the unnamed face of @track_id among @objects. */
static gint
find_subject (GArray * objects, guint64 track_id)
{
  for (guint i = 0; i < objects->len; i++) {
    const WfSnapshotObject *o = &g_array_index (objects, WfSnapshotObject, i);
    if (g_strcmp0 (o->type, WF_ROI_TYPE_FACE) == 0 && o->has_track &&
        o->track_id == track_id && o->matched && !o->employee_id)
      return (gint) i;
  }
  return -1;
}

WfFaceCrop *
wf_face_crop_unknown (GstSample * sample, guint64 track_id,
    const WfSnapshotRedaction * redaction, GError ** error)
{
  GstBuffer *buf = sample ? gst_sample_get_buffer (sample) : NULL;
  GstCaps *caps = sample ? gst_sample_get_caps (sample) : NULL;
  g_autoptr (GArray) objects = NULL;
  g_autoptr (GArray) inside = NULL;
  const WfSnapshotObject *s;
  GstVideoInfo in;
  GstVideoFrame out_frame;
  WfFaceCrop *crop;
  gdouble fw, fh, x0, y0, x1, y1, scale;
  gint sx, sy, sw, sh, ow, oh, subject;

  if (!buf || !caps || !gst_video_info_from_caps (&in, caps) ||
      GST_VIDEO_INFO_WIDTH (&in) <= 0 || GST_VIDEO_INFO_HEIGHT (&in) <= 0)
    return NULL;
  objects = wf_snapshot_read_objects (buf, &in);
  if ((subject = find_subject (objects, track_id)) < 0)
    return NULL;
  s = &g_array_index (objects, WfSnapshotObject, subject);
  fw = GST_VIDEO_INFO_WIDTH (&in);
  fh = GST_VIDEO_INFO_HEIGHT (&in);
  x0 = CLAMP (s->x - s->w * WF_FACE_CROP_MARGIN, 0, 1) * fw;
  y0 = CLAMP (s->y - s->h * WF_FACE_CROP_MARGIN, 0, 1) * fh;
  x1 = CLAMP (s->x + s->w * (1 + WF_FACE_CROP_MARGIN), 0, 1) * fw;
  y1 = CLAMP (s->y + s->h * (1 + WF_FACE_CROP_MARGIN), 0, 1) * fh;
  sx = (gint) x0;
  sy = (gint) y0;
  sw = (gint) (x1 - x0);
  sh = (gint) (y1 - y0);
  if (sw < 8 || sh < 8)
    return NULL;
  scale = MIN (1.0, (gdouble) WF_FACE_CROP_MAX_SIDE / MAX (sw, sh));
  ow = MAX (2, (gint) (sw * scale)) & ~1;
  oh = MAX (2, (gint) (sh * scale)) & ~1;
  if (!wf_snapshot_convert_rgb (buf, &in, sx, sy, sw, sh, ow, oh, &out_frame,
          error))
    return NULL;

  /* every other face, in the crop's coordinates, for the policy */
  inside = g_array_new (FALSE, TRUE, sizeof (WfSnapshotObject));
  for (guint i = 0; i < objects->len; i++) {
    const WfSnapshotObject *o = &g_array_index (objects, WfSnapshotObject, i);
    WfSnapshotObject t = *o;

    if ((gint) i == subject)
      continue;
    t.x = (o->x * fw - sx) / sw;
    t.y = (o->y * fh - sy) / sh;
    t.w = o->w * fw / sw;
    t.h = o->h * fh / sh;
    if (t.x >= 1 || t.y >= 1 || t.x + t.w <= 0 || t.y + t.h <= 0)
      continue;
    /* borrowed strings: @inside has no clear function */
    g_array_append_val (inside, t);
  }
  wf_snapshot_redact (GST_VIDEO_FRAME_PLANE_DATA (&out_frame, 0),
      GST_VIDEO_FRAME_PLANE_STRIDE (&out_frame, 0), ow, oh, inside, redaction);

  crop = g_new0 (WfFaceCrop, 1);
  crop->width = ow;
  crop->height = oh;
  crop->face_pixels = s->w * fw * s->h * fh;
  crop->jpeg = wf_jpeg_encode_rgb (GST_VIDEO_FRAME_PLANE_DATA (&out_frame, 0),
      GST_VIDEO_FRAME_PLANE_STRIDE (&out_frame, 0), ow, oh, 90, error);
  gst_video_frame_unmap (&out_frame);
  if (!crop->jpeg) {
    wf_face_crop_free (crop);
    return NULL;
  }
  return crop;
}
