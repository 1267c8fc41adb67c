/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "motion-scene.h"

#include <math.h>

static guint32
next (MotionScene * sc)
{
  /* xorshift32 */
  guint32 x = sc->rng;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return sc->rng = x;
}

void
motion_scene_init (MotionScene * sc, gint width, gint height, guint32 seed)
{
  sc->width = width;
  sc->height = height;
  sc->rng = seed ? seed : 1;
  sc->background = g_malloc ((gsize) width * height);
  /* a wall with a soft gradient, a few pieces of furniture, fine texture */
  for (gint y = 0; y < height; y++)
    for (gint x = 0; x < width; x++) {
      gdouble v = 90 + 50.0 * x / width + 20.0 * y / height;
      v += 6 * sin (x * 0.21) * cos (y * 0.17);
      if (x > width / 10 && x < width / 3 && y > height * 2 / 3)
        v = 60 + (x % 17);      /* a desk */
      if (x > width * 2 / 3 && x < width * 3 / 4 && y > height / 5 &&
          y < height / 2)
        v = 170;                /* a cupboard */
      sc->background[(gsize) y * width + x] = (guint8) CLAMP (v, 0, 255);
    }
}

void
motion_scene_clear (MotionScene * sc)
{
  g_clear_pointer (&sc->background, g_free);
}

void
motion_scene_render (MotionScene * sc, gdouble gain, gdouble noise,
    guint8 * out)
{
  const gsize n = (gsize) sc->width * sc->height;

  for (gsize i = 0; i < n; i++) {
    /* the sum of four uniforms in [-0.5,0.5) has std 0.577 */
    gdouble u = 0;
    for (gint k = 0; k < 4; k++)
      u += (next (sc) & 0xffff) / 65536.0 - 0.5;
    gdouble v = sc->background[i] * gain + u * noise / 0.577;
    out[i] = (guint8) CLAMP (v + 0.5, 0, 255);
  }
}

void
motion_scene_fill (const MotionScene * sc, guint8 * out, gint x, gint y,
    gint w, gint h, guint8 value)
{
  for (gint j = MAX (y, 0); j < MIN (y + h, sc->height); j++)
    for (gint i = MAX (x, 0); i < MIN (x + w, sc->width); i++)
      out[(gsize) j * sc->width + i] = value;
}

void
motion_scene_paste (const MotionScene * sc, guint8 * out,
    const guint8 * sprite, gint sw, gint sh, gint x, gint y)
{
  for (gint j = 0; j < sh; j++) {
    gint fy = y + j;
    if (fy < 0 || fy >= sc->height)
      continue;
    for (gint i = 0; i < sw; i++) {
      gint fx = x + i;
      if (fx >= 0 && fx < sc->width)
        out[(gsize) fy * sc->width + fx] = sprite[(gsize) j * sw + i];
    }
  }
}
