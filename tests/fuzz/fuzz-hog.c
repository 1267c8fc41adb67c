/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The HOG face detector's model file (src/detect/wf-detector-hog.cpp,
 * dlib_frontal_face_hog.dat): dlib's deserialisation of an
 * object_detector.  A file that does not load falls back to dlib's
 * built-in model with a warning; either way the model must give an
 * instance that finds faces in a small grey picture without fault. */
#include "wf-fuzz.h"
#include "wf-detector.h"
#include "wf-detector-hog.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  wf_fuzz_quiet ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  const gchar *path = wf_fuzz_file (data, size);
  g_autofree gchar *msg = NULL;
  gpointer model = wf_hog_baseline_model_new (path, &msg);
  gpointer inst;

  if (!model) {
    g_assert (msg != NULL);
    return 0;
  }
  inst = wf_hog_baseline_instance_new (model, &msg);
  if (inst) {
    static guint8 grey[96 * 96];
    WfImage img = { WF_PIXEL_GRAY8, 96, 96, {grey}, {96}, FALSE };
    WfDetectParams p = { 40, 0, 0, 0, 0, 1 };
    g_autoptr (GArray) faces = g_array_new (FALSE, FALSE, sizeof (WfFace));
    g_autofree gchar *why = NULL;

    (void) wf_hog_baseline_detect (inst, &img, &p, faces, &why);
    wf_hog_baseline_instance_free (inst);
  }
  wf_hog_baseline_model_free (model);
  return 0;
}
