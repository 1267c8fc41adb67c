/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* dlib face detector backends (C++ behind a C interface). */
#pragma once

#include "wf-detector-backend.h"

G_BEGIN_DECLS

/* dlib's frontal HOG detector (built in, no file) */
extern const WfDetectorOps wf_detector_dlib_hog_ops;
/* dlib's CNN (MMOD) detector, mmod_human_face_detector.dat */
extern const WfDetectorOps wf_detector_dlib_mmod_ops;

G_END_DECLS
