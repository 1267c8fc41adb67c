/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * JPEG encoding of an RGB picture (libjpeg), for the snapshots of the live
 * view and the stored crops of unknown faces.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Encodes @w x @h packed RGB rows of @stride bytes at @quality (1-100). */
GBytes *  wf_jpeg_encode_rgb  (const guint8 * rgb,
                               gint stride,
                               gint w,
                               gint h,
                               gint quality,
                               GError ** error);

G_END_DECLS
