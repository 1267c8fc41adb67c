/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Converts a dlib shape predictor (Debian's
 * shape_predictor_68_face_landmarks.dat) into the compact file
 * wf_landmarks_load () reads in a few calls: streaming the .dat value by
 * value takes seconds of CPU at every start of facematch.
 *
 *   wf-make-landmarks-model INPUT.dat OUTPUT.wfl
 */
#include "config.h"
#include "wf-landmarks.h"

#include <stdio.h>

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WfLandmarks) model = NULL;

  if (argc != 3) {
    g_printerr ("usage: %s INPUT.dat OUTPUT.wfl\n", argv[0]);
    return 64;                  /* EX_USAGE */
  }
  model = wf_landmarks_load (argv[1], &error);
  if (model == NULL || !wf_landmarks_save (model, argv[2], &error)) {
    g_printerr ("%s: %s\n", argv[0], error->message);
    return 65;                  /* EX_DATAERR */
  }
  return 0;
}
