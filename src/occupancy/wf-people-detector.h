/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The OpenCV adapter behind wf-people.h: OpenCV's built-in HOG + linear SVM
 * people detector (cv::HOGDescriptor::getDefaultPeopleDetector, no model
 * file).  The descriptor is shared through the process-wide model cache
 * (kind "opencv-hog-people", path NULL); detection on it is const, so
 * several detectors may run it at once.  Only built with OpenCV; code
 * outside src/occupancy/ uses the front, wf-people.h.
 */
#pragma once

#include <glib.h>
#include "wf-people.h"

G_BEGIN_DECLS

#define WF_PEOPLE_MODEL_KIND "opencv-hog-people"

typedef struct _WfPeopleDetector WfPeopleDetector;

WfPeopleDetector * wf_people_detector_new    (GError ** error);
void                 wf_people_detector_free   (WfPeopleDetector * det);

/* Any WfPixelFormat, turned into grey through the core's pixel path. */
gboolean             wf_people_detector_detect (WfPeopleDetector * det,
                                                   const WfImage * image,
                                                   const WfPeopleParams * params,
                                                   GArray * people,
                                                   GError ** error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfPeopleDetector, wf_people_detector_free)

G_END_DECLS
