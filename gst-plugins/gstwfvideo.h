/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* What every element of the plugin shares: the one place that maps
 * GStreamer's formats to WfImage, and the one place that stamps element
 * messages with the buffer's times. */
#pragma once

#include <gst/base/gstbasetransform.h>
#include <gst/video/video.h>

#include "wf-image.h"

G_BEGIN_DECLS

/* Fills @img with a borrowed view of @frame's planes.  FALSE for a format
 * the core library does not read (caps negotiation refuses those first). */
gboolean gst_wf_image_from_frame (const GstVideoFrame * frame, WfImage * img);

/* A new message structure named @name carrying timestamp, stream-time,
 * running-time and duration of @buf (GstClockTime, NONE when the buffer has
 * no time stamp or the segment is not in time). */
GstStructure * gst_wf_message_structure_new (GstBaseTransform * trans,
    const gchar * name, GstBuffer * buf);

/* The one way the elements refuse a property value: a LIBRARY/SETTINGS
 * warning on the bus, "Invalid PROPERTY, keeping the previous value:
 * REASON", with @value in the debug text.  The caller keeps the previous
 * value, and calls this without the object lock held. */
void gst_wf_reject_property (GstElement * element, GParamSpec * pspec,
    const gchar * value, const gchar * format, ...) G_GNUC_PRINTF (4, 5);

/* The box to align the face of @roi from (frame pixels, @width x @height):
 * the box the 68-point predictor expects, placed from the detector's five
 * landmarks when the ROI's detection param has them (yunet), else the ROI
 * itself (wf-face-box.h). */
void gst_wf_roi_alignment_box (GstVideoRegionOfInterestMeta * roi,
    gint width, gint height, WfRect * box);

G_END_DECLS
