/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/video/gstvideofilter.h>

G_BEGIN_DECLS

#define GST_TYPE_WF_FACE_MATCH (gst_wf_face_match_get_type ())
G_DECLARE_FINAL_TYPE (GstWfFaceMatch, gst_wf_face_match, GST, WF_FACE_MATCH,
    GstVideoFilter)

GST_ELEMENT_REGISTER_DECLARE (facematch);

G_END_DECLS
