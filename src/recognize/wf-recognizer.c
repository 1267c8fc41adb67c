/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The C front of face recognition: the only caller of the dlib adapter
 * (wf-embedder.cpp), and the answer of a build without it.
 */
#include "config.h"
#include "wf-recognizer.h"

#if HAVE_DLIB
#include "wf-embedder.h"
#endif

G_DEFINE_QUARK (wf-recognizer-error-quark, wf_recognizer_error);

struct _WfRecognizer
{
#if HAVE_DLIB
  WfEmbedder *embedder;
#else
  gint unused;
#endif
};

gboolean
wf_recognizer_available (void)
{
  return HAVE_DLIB;
}

WfRecognizer *
wf_recognizer_new (const gchar * resnet_path, const gchar * landmarks_path,
    GError ** error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
#if HAVE_DLIB
  {
    WfEmbedder *embedder = wf_embedder_new (resnet_path, landmarks_path,
        error);
    WfRecognizer *self;

    if (embedder == NULL)
      return NULL;
    self = g_new0 (WfRecognizer, 1);
    self->embedder = embedder;
    return self;
  }
#else
  (void) resnet_path;
  (void) landmarks_path;
  g_set_error_literal (error, WF_RECOGNIZER_ERROR,
      WF_RECOGNIZER_ERROR_UNAVAILABLE, "Face recognition needs dlib, which "
      "this build does not have (built with -Ddlib=disabled)");
  return NULL;
#endif
}

void
wf_recognizer_free (WfRecognizer * self)
{
  if (self == NULL)
    return;
#if HAVE_DLIB
  wf_embedder_free (self->embedder);
#endif
  g_free (self);
}

const gchar *
wf_recognizer_get_model_path (WfRecognizer * self)
{
  g_return_val_if_fail (self != NULL, NULL);
#if HAVE_DLIB
  return wf_embedder_get_resnet_path (self->embedder);
#else
  return NULL;
#endif
}

const gchar *
wf_recognizer_get_landmarks_path (WfRecognizer * self)
{
  g_return_val_if_fail (self != NULL, NULL);
#if HAVE_DLIB
  return wf_embedder_get_landmarks_path (self->embedder);
#else
  return NULL;
#endif
}

gboolean
wf_recognizer_describe (WfRecognizer * self, const WfImage * image,
    const WfRect * faces, guint n_faces, gfloat * out, GError ** error)
{
  g_return_val_if_fail (self != NULL, FALSE);
#if HAVE_DLIB
  return wf_embedder_compute (self->embedder, image, faces, n_faces, out,
      error);
#else
  (void) image;
  (void) faces;
  (void) n_faces;
  (void) out;
  g_set_error_literal (error, WF_RECOGNIZER_ERROR,
      WF_RECOGNIZER_ERROR_UNAVAILABLE, "Face recognition is not built in");
  return FALSE;
#endif
}

gboolean
wf_recognizer_align (WfRecognizer * self, const WfImage * image,
    const WfRect * face, guint8 * chip, gfloat * landmarks, GError ** error)
{
  g_return_val_if_fail (self != NULL, FALSE);
#if HAVE_DLIB
  return wf_embedder_align (self->embedder, image, face, chip, landmarks,
      error);
#else
  (void) image;
  (void) face;
  (void) chip;
  (void) landmarks;
  g_set_error_literal (error, WF_RECOGNIZER_ERROR,
      WF_RECOGNIZER_ERROR_UNAVAILABLE, "Face recognition is not built in");
  return FALSE;
#endif
}

gboolean
wf_recognizer_describe_chips (WfRecognizer * self, const guint8 * chips,
    guint n_chips, gfloat * out, GError ** error)
{
  g_return_val_if_fail (self != NULL, FALSE);
#if HAVE_DLIB
  return wf_embedder_compute_chips (self->embedder, chips, n_chips, out,
      error);
#else
  (void) chips;
  (void) n_chips;
  (void) out;
  g_set_error_literal (error, WF_RECOGNIZER_ERROR,
      WF_RECOGNIZER_ERROR_UNAVAILABLE, "Face recognition is not built in");
  return FALSE;
#endif
}
