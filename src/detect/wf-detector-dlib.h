/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* dlib's CNN face detector backend (C++ behind a C interface); the HOG
 * backend is in wf-detector-hog.h. */
#pragma once

#include "wf-detector-backend.h"

G_BEGIN_DECLS

/* dlib's CNN (MMOD) detector, mmod_human_face_detector.dat */
extern const WfDetectorOps wf_detector_dlib_mmod_ops;

G_END_DECLS
