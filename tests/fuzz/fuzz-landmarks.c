/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Landmark model files (src/recognize/wf-landmarks.h): the compact .wfl
 * reader and, for files without its magic, dlib's shape predictor
 * deserialisation (the .dat header and arrays).  A file either loads as a
 * model whose predictions stay inside the memory it holds, or fails with
 * WF_LANDMARKS_ERROR_MODEL. */
#include "wf-fuzz.h"
#include "wf-landmarks.h"

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
  g_autoptr (GError) err = NULL;
  WfLandmarks *m = wf_landmarks_load (path, &err);

  if (!m) {
    g_assert (g_error_matches (err, WF_LANDMARKS_ERROR,
            WF_LANDMARKS_ERROR_MODEL));
    return 0;
  }
  {
    static guint8 grey[32 * 32];
    guint n = wf_landmarks_n_points (m);
    g_autofree gfloat *xy = g_new (gfloat, 2 * (gsize) MAX (n, 1));

    if (n <= 4096)
      wf_landmarks_predict (m, grey, 32, 32, 32, 4, 4, 27, 27, xy);
  }
  wf_landmarks_free (m);
  return 0;
}
