/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* What every element of the plugin needs to hand a mapped frame to the core
 * library: the one place that maps GStreamer's formats to WfImage. */
#pragma once

#include <gst/video/video.h>

#include "wf-image.h"

G_BEGIN_DECLS

/* Fills @img with a borrowed view of @frame's planes.  FALSE for a format
 * the core library does not read (caps negotiation refuses those first). */
gboolean gst_wf_image_from_frame (const GstVideoFrame * frame, WfImage * img);

G_END_DECLS
