/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * People (pedestrian) detection with OpenCV's built-in HOG + linear SVM
 * (cv::HOGDescriptor::getDefaultPeopleDetector, no model file).  The
 * descriptor is shared through the process-wide model cache (kind
 * "opencv-hog-people", path NULL); detection on it is const, so several
 * elements may run it at once.  Only built with OpenCV (HAVE_OPENCV).
 */
#pragma once

#include <glib.h>
#include "wf-image.h"

G_BEGIN_DECLS

#define WF_PEOPLE_MODEL_KIND "opencv-hog-people"

typedef struct {
  WfRect box;             /* pixels of the image given to detect */
  gfloat confidence;      /* in [0,1]: logistic of the SVM score */
} WfPerson;

typedef struct {
  /* detect on a copy scaled to this width; 0 = native.  People must stay
   * taller than the 128-pixel window at that scale. */
  gint detect_width;
  /* SVM score a window needs (OpenCV's hitThreshold), usually 0..1 */
  gdouble hit_threshold;
  /* pyramid step, > 1.0; larger is faster and misses more */
  gdouble scale;
  gint max_people;        /* 0 = no limit; keeps the most confident */
} WfPeopleParams;

typedef struct _WfPeopleDetector WfPeopleDetector;

void                wf_people_params_init       (WfPeopleParams * params);

WfPeopleDetector *  wf_people_detector_new      (GError ** error);
void                wf_people_detector_free     (WfPeopleDetector * det);

/* Appends WfPerson entries to @people, most confident first.  Accepts every
 * WfPixelFormat (YUV formats use their luma plane). */
gboolean            wf_people_detector_detect   (WfPeopleDetector * det,
                                                 const WfImage * image,
                                                 const WfPeopleParams * params,
                                                 GArray * people,
                                                 GError ** error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfPeopleDetector, wf_people_detector_free)

G_END_DECLS
