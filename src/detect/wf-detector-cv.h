/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* OpenCV face detector backends (C++ behind a C interface). */
#pragma once

#include "wf-detector-backend.h"

G_BEGIN_DECLS

/* cv::CascadeClassifier, a Haar cascade XML file */
extern const WfDetectorOps wf_detector_cv_haar_ops;
/* cv::FaceDetectorYN, face_detection_yunet_2022mar.onnx */
extern const WfDetectorOps wf_detector_cv_yunet_ops;

G_END_DECLS
