/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The one pixel path of the core: every WfPixelFormat to grey (GRAY8) or
 * packed RGB/BGR, for the face detector, the embedder and the people
 * detector alike.
 *
 * Colour from YUV (I420, NV12) is BT.601 and honours the range flag of the
 * frame (WfImage.yuv_full_range: 0-255 JPEG range, else 16-235 video
 * range).  Grey from YUV is the luma plane as it is, in either range: the
 * detectors normalise contrast, and the plane needs no copy.  Grey from
 * packed RGB is BT.601 luma, the weights OpenCV and GStreamer use.
 */
#pragma once

#include <glib.h>
#include "wf-image.h"

G_BEGIN_DECLS

/* Bytes per pixel of a packed format (1 for GRAY8 and the luma plane of
 * YUV). */
gint      wf_pixel_format_bpp        (WfPixelFormat format);

/* Writes the pixels of @src inside the rectangle @x, @y, @w, @h (which
 * must lie inside @src) to @out as @format: WF_PIXEL_GRAY8, WF_PIXEL_RGB or
 * WF_PIXEL_BGR, @out_stride bytes per row.  FALSE for another @format. */
gboolean  wf_image_convert_area      (const WfImage * src,
                                      WfPixelFormat format,
                                      gint x,
                                      gint y,
                                      gint w,
                                      gint h,
                                      guint8 * out,
                                      gsize out_stride);

/* The whole of @src as @format in @dst.  Grey from GRAY8 or YUV is a view
 * of @src's luma plane (no copy); otherwise the pixels go to *@buf, which
 * is grown as needed (*@buf_size bytes; free it with g_free) so that a
 * caller converting frame after frame reuses it. */
gboolean  wf_image_convert           (const WfImage * src,
                                      WfPixelFormat format,
                                      WfImage * dst,
                                      guint8 ** buf,
                                      gsize * buf_size);

G_END_DECLS
