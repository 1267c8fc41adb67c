/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Private to the dlib adapters (C++): score and box conversions both dlib
 * detectors use.  Internal linkage on purpose: wf-detector-hog.cpp is also
 * compiled with other instruction-set flags into its own library, and
 * nothing it uses may be shared with the baseline code by name.
 */
#pragma once

#include <algorithm>
#include <cmath>

#include <dlib/geometry/rectangle.h>

#include "wf-detector.h"

namespace
{
  /* dlib scores are log-odds: thresholds in [0,1] map to score offsets */
  inline double logit (double p)
  {
    p = std::min (std::max (p, 1e-6), 1.0 - 1e-6);
    return std::log (p / (1.0 - p));
  }

  inline float sigmoid (double s)
  {
    return (float) (1.0 / (1.0 + std::exp (-s)));
  }

  /* @r in pixels of an image @scale times the caller's */
  inline WfFace face_from_rect (const dlib::rectangle & r, double score,
      double scale)
  {
    WfFace f = { };
    f.box.x = (gfloat) (r.left () / scale);
    f.box.y = (gfloat) (r.top () / scale);
    f.box.w = (gfloat) (r.width () / scale);
    f.box.h = (gfloat) (r.height () / scale);
    f.confidence = sigmoid (score);
    return f;
  }
}
