/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The C front of people detection: calls the OpenCV adapter (which turns
 * frames into grey through the core's pixel path), and answers for a build
 * without it.
 */
#include "config.h"
#include "wf-people.h"

#if HAVE_OPENCV
#include "wf-people-detector.h"
#endif

G_DEFINE_QUARK (wf-people-error-quark, wf_people_error);

struct _WfPeople
{
#if HAVE_OPENCV
  WfPeopleDetector *det;
#else
  gint unused;
#endif
};

gboolean
wf_people_available (void)
{
  return HAVE_OPENCV;
}

void
wf_people_params_init (WfPeopleParams * params)
{
  g_return_if_fail (params != NULL);
  params->detect_width = 0;
  params->hit_threshold = 0.0;
  params->scale = 1.05;
  params->max_people = 0;
}

WfPeople *
wf_people_new (GError ** error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
#if HAVE_OPENCV
  {
    WfPeopleDetector *det = wf_people_detector_new (error);
    WfPeople *self;

    if (det == NULL)
      return NULL;
    self = g_new0 (WfPeople, 1);
    self->det = det;
    return self;
  }
#else
  g_set_error_literal (error, WF_PEOPLE_ERROR, WF_PEOPLE_ERROR_UNAVAILABLE,
      "People detection needs OpenCV, which this build does not have");
  return NULL;
#endif
}

void
wf_people_free (WfPeople * self)
{
  if (self == NULL)
    return;
#if HAVE_OPENCV
  wf_people_detector_free (self->det);
#endif
  g_free (self);
}

gboolean
wf_people_detect (WfPeople * self, const WfImage * image,
    const WfPeopleParams * params, GArray * found, GError ** error)
{
  g_return_val_if_fail (self != NULL && image != NULL, FALSE);
  g_return_val_if_fail (params != NULL && found != NULL, FALSE);
  g_return_val_if_fail (g_array_get_element_size (found) ==
      sizeof (WfPerson), FALSE);

#if HAVE_OPENCV
  return wf_people_detector_detect (self->det, image, params, found, error);
#else
  g_set_error_literal (error, WF_PEOPLE_ERROR, WF_PEOPLE_ERROR_UNAVAILABLE,
      "People detection is not built in");
  return FALSE;
#endif
}
