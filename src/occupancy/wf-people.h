/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * People (pedestrian) detection, one C API over the backend (OpenCV's HOG +
 * linear SVM, wf-people-detector.h), the way wf-detector.h fronts the
 * face detectors: elements use this header only.  Always built; without
 * OpenCV wf_people_available () is FALSE and wf_people_new () fails with
 * WF_PEOPLE_ERROR_UNAVAILABLE.  Frames of any WfPixelFormat are accepted.
 */
#pragma once

#include <glib.h>
#include "wf-image.h"

G_BEGIN_DECLS

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

#define WF_PEOPLE_ERROR (wf_people_error_quark ())

typedef enum {
  WF_PEOPLE_ERROR_UNAVAILABLE,  /* built without OpenCV */
  WF_PEOPLE_ERROR_FAILED,       /* the backend failed */
} WfPeopleError;

GQuark        wf_people_error_quark  (void);

typedef struct _WfPeople WfPeople;

/* FALSE when this build has no people detector (no OpenCV). */
gboolean      wf_people_available    (void);
void          wf_people_params_init  (WfPeopleParams * params);

/* The model is shared through the process-wide model cache. */
WfPeople *    wf_people_new          (GError ** error);
void          wf_people_free         (WfPeople * people);

/* Appends WfPerson entries to @found, most confident first.  One WfPeople
 * is used by one thread at a time; several may run at once. */
gboolean      wf_people_detect       (WfPeople * people,
                                      const WfImage * image,
                                      const WfPeopleParams * params,
                                      GArray * found,
                                      GError ** error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfPeople, wf_people_free)

G_END_DECLS
