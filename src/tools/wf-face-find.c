/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-face-find.h"

#include <string.h>

#define PAD_RETRY_MAX_SIDE 400

void
wf_face_find_params_init (WfDetectParams * params, gint upsample)
{
  wf_detector_params_init (params);
  params->upsample = upsample;
  params->detect_width = 1024;
}

gboolean
wf_face_find (WfDetector * detector, const WfDetectParams * params,
    const WfImageFile * img, GArray * faces, GError ** error)
{
  g_autofree guint8 *padded = NULL;
  WfImage view;
  guint before = faces->len;
  gint pad, pw, ph;

  wf_image_file_view (img, &view);
  if (!wf_detector_detect (detector, &view, params, faces, error))
    return FALSE;
  if (faces->len > before || MAX (img->width, img->height) >
      PAD_RETRY_MAX_SIDE)
    return TRUE;

  pad = MAX (img->width, img->height) / 2;
  pw = img->width + 2 * pad;
  ph = img->height + 2 * pad;
  padded = g_malloc ((gsize) pw * ph * 3);
  memset (padded, 128, (gsize) pw * ph * 3);
  for (gint y = 0; y < img->height; y++)
    memcpy (padded + ((gsize) (y + pad) * pw + pad) * 3,
        img->rgb + (gsize) y * img->width * 3, (gsize) img->width * 3);
  view.width = pw;
  view.height = ph;
  view.data[0] = padded;
  view.stride[0] = pw * 3;
  if (!wf_detector_detect (detector, &view, params, faces, error))
    return FALSE;
  for (guint i = before; i < faces->len; i++) {
    WfFace *f = &g_array_index (faces, WfFace, i);
    f->box.x -= pad;
    f->box.y -= pad;
    for (guint k = 0; k < 5; k++) {
      f->landmarks[2 * k] -= pad;
      f->landmarks[2 * k + 1] -= pad;
    }
  }
  return TRUE;
}

guint
wf_face_find_largest (GArray * faces)
{
  guint best = 0;

  for (guint i = 1; i < faces->len; i++) {
    WfRect *b = &g_array_index (faces, WfFace, i).box;
    WfRect *c = &g_array_index (faces, WfFace, best).box;
    if (b->w * b->h > c->w * c->h)
      best = i;
  }
  return best;
}
