/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/video/gstvideofilter.h>

G_BEGIN_DECLS

#define GST_TYPE_WF_OCCUPANCY (gst_wf_occupancy_get_type ())
G_DECLARE_FINAL_TYPE (GstWfOccupancy, gst_wf_occupancy, GST, WF_OCCUPANCY,
    GstVideoFilter)

typedef enum {
  GST_WF_OCCUPANCY_DETECTOR_NONE,
  GST_WF_OCCUPANCY_DETECTOR_PEOPLE,
} GstWfOccupancyDetector;

#define GST_TYPE_WF_OCCUPANCY_DETECTOR (gst_wf_occupancy_detector_get_type ())
GType gst_wf_occupancy_detector_get_type (void);

GST_ELEMENT_REGISTER_DECLARE (occupancy);

G_END_DECLS
