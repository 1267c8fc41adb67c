/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-descriptor.h"

#include <math.h>

gdouble
wf_descriptor_distance (const gfloat * a, const gfloat * b)
{
  gdouble sum = 0;

  g_return_val_if_fail (a != NULL && b != NULL, INFINITY);

  for (guint i = 0; i < WF_DESCRIPTOR_DIM; i++) {
    gdouble d = (gdouble) a[i] - (gdouble) b[i];
    sum += d * d;
  }
  return sqrt (sum);
}
