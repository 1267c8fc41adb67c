/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Synthetic scenes for the motion tests, made at test time: a textured
 * still background with sensor noise, a light level, a flickering patch and
 * sprites pasted at chosen places.  Luma only; deterministic. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gint width, height;
  guint8 *background;           /* width x height */
  guint32 rng;
} MotionScene;

void   motion_scene_init        (MotionScene * sc,
                                 gint width,
                                 gint height,
                                 guint32 seed);
void   motion_scene_clear       (MotionScene * sc);
/* The background times @gain, with noise of about @noise levels (std),
 * into @out (stride = width). */
void   motion_scene_render      (MotionScene * sc,
                                 gdouble gain,
                                 gdouble noise,
                                 guint8 * out);
/* Fills a rectangle of @out with @value (a lamp, a screen). */
void   motion_scene_fill        (const MotionScene * sc,
                                 guint8 * out,
                                 gint x,
                                 gint y,
                                 gint w,
                                 gint h,
                                 guint8 value);
/* Pastes @sprite (sw x sh, stride sw), clipped to the frame. */
void   motion_scene_paste       (const MotionScene * sc,
                                 guint8 * out,
                                 const guint8 * sprite,
                                 gint sw,
                                 gint sh,
                                 gint x,
                                 gint y);

G_END_DECLS
