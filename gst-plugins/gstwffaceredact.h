/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/video/gstvideofilter.h>

G_BEGIN_DECLS

#define GST_TYPE_WF_FACE_REDACT (gst_wf_face_redact_get_type ())
G_DECLARE_FINAL_TYPE (GstWfFaceRedact, gst_wf_face_redact, GST,
    WF_FACE_REDACT, GstVideoFilter)

#define GST_TYPE_WF_FACE_REDACT_POLICY (gst_wf_face_redact_policy_get_type ())
GType gst_wf_face_redact_policy_get_type (void);
#define GST_TYPE_WF_FACE_REDACT_METHOD (gst_wf_face_redact_method_get_type ())
GType gst_wf_face_redact_method_get_type (void);

GST_ELEMENT_REGISTER_DECLARE (faceredact);

G_END_DECLS
