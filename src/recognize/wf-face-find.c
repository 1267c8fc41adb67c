/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-face-find.h"
#include "wf-face-box.h"

#include <string.h>

#define PAD_RETRY_MAX_SIDE 400

G_DEFINE_QUARK (wf-face-find-error-quark, wf_face_find_error);

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

gboolean
wf_face_find_describe (WfDetector * detector, WfRecognizer * recognizer,
    const WfDetectParams * params, const WfImageFile * img,
    const gchar * name, gboolean largest, gfloat * descriptor, WfRect * box, GError ** error)
{
  g_autoptr (GArray) faces = g_array_new (FALSE, FALSE, sizeof (WfFace));
  const WfFace *face;
  WfRect align;
  WfImage view;

  if (!wf_face_find (detector, params, img, faces, error))
    return FALSE;
  if (faces->len == 0) {
    g_set_error (error, WF_FACE_FIND_ERROR, WF_FACE_FIND_ERROR_NO_FACE,
        "%s: no face found", name);
    return FALSE;
  }
  if (faces->len > 1 && !largest) {
    g_set_error (error, WF_FACE_FIND_ERROR, WF_FACE_FIND_ERROR_SEVERAL,
        "%s: %u faces found; use a photo of the employee alone", name,
        faces->len);
    return FALSE;
  }
  face = &g_array_index (faces, WfFace, wf_face_find_largest (faces));
  *box = face->box;
  /* aligned from the box the predictor expects (yunet: from its points) */
  wf_face_box_for_alignment (&face->box, face->has_landmarks ?
      face->landmarks : NULL, &align);
  wf_image_file_view (img, &view);
  if (!wf_recognizer_describe (recognizer, &view, &align, 1, descriptor,
          error)) {
    g_prefix_error (error, "%s: ", name);
    return FALSE;
  }
  return TRUE;
}
