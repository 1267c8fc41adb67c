/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/video/gstvideofilter.h>

G_BEGIN_DECLS

#define GST_TYPE_WF_FACE_DETECT (gst_wf_face_detect_get_type ())
G_DECLARE_FINAL_TYPE (GstWfFaceDetect, gst_wf_face_detect, GST, WF_FACE_DETECT,
    GstVideoFilter)

#define GST_TYPE_WF_FACE_DETECT_BACKEND (gst_wf_face_detect_backend_get_type ())
GType gst_wf_face_detect_backend_get_type (void);

GST_ELEMENT_REGISTER_DECLARE (facedetect);

G_END_DECLS
