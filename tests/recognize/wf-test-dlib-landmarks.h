/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* dlib's own shape predictor and face chips, the reference the compact
 * predictor (src/recognize/wf-landmarks.h) is measured against. */
#pragma once

#include <glib.h>
#include "wf-image.h"

G_BEGIN_DECLS

typedef struct _WfTestDlibLandmarks WfTestDlibLandmarks;

/* g_error when dlib cannot read @path. */
WfTestDlibLandmarks * wf_test_dlib_landmarks_new     (const gchar * path);
void                  wf_test_dlib_landmarks_free    (WfTestDlibLandmarks * d);
guint                 wf_test_dlib_landmarks_n_points (WfTestDlibLandmarks * d);

/* dlib::shape_predictor on the grey image, box (inclusive) as dlib's
 * rectangle; points as (x, y) pairs (whole pixels, as dlib gives them). */
void                  wf_test_dlib_landmarks_predict (WfTestDlibLandmarks * d,
                                                      const guint8 * grey,
                                                      gint width,
                                                      gint height,
                                                      gint stride,
                                                      glong left,
                                                      glong top,
                                                      glong right,
                                                      glong bottom,
                                                      gfloat * points);

/* The aligned 150x150 chip dlib makes from @points (68 or 5 whole-pixel
 * landmarks) on the packed RGB image @rgb: get_face_chip_details (shape,
 * 150, 0.25) and extract_image_chip, packed RGB into @chip. */
void                  wf_test_dlib_chip              (const WfImage * rgb,
                                                      const gfloat * points,
                                                      guint n_points,
                                                      guint8 * chip);

G_END_DECLS
