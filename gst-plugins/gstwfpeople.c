/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwfpeople.h"
#include "gstwfoccupancy.h"
#include "gstwfoccupancymeta.h"
#include "gstwfvideo.h"

#include "wf-people.h"

typedef struct
{
  WfRect box;
  guint64 id;
} Carried;

struct _GstWfPeople
{
  WfPeople *detector;
  GArray *found;                /* WfPerson, scratch */
  GArray *carried;              /* Carried: the last counted boxes */
  guint64 frames;               /* seen */
  GstWfMotionGate gate;
  GArray *live;                 /* WfFace, always empty: people are
                                 * searched in the whole frame */
};

GstWfPeople *
gst_wf_people_new (GstElement * element)
{
  GstWfPeople *people;
  g_autoptr (GError) err = NULL;
  WfPeople *det;

  if (!wf_people_available ()) {
    GST_ELEMENT_ERROR (element, CORE, NOT_IMPLEMENTED,
        ("detector=people needs OpenCV, which this build does not have."),
        (NULL));
    return NULL;
  }
  det = wf_people_new (&err);
  if (det == NULL) {
    GST_ELEMENT_ERROR (element, RESOURCE, NOT_FOUND,
        ("Could not load the people detector."), ("%s", err->message));
    return NULL;
  }
  people = g_new0 (GstWfPeople, 1);
  people->detector = det;
  people->found = g_array_new (FALSE, TRUE, sizeof (WfPerson));
  people->carried = g_array_new (FALSE, TRUE, sizeof (Carried));
  people->live = g_array_new (FALSE, TRUE, sizeof (WfFace));
  gst_wf_motion_gate_init (&people->gate);
  return people;
}

void
gst_wf_people_free (GstWfPeople * people)
{
  if (people == NULL)
    return;
  wf_people_free (people->detector);
  g_array_unref (people->found);
  g_array_unref (people->carried);
  g_array_unref (people->live);
  gst_wf_motion_gate_clear (&people->gate);
  g_free (people);
}

gboolean
gst_wf_people_reset (GstWfPeople * people, GstElement * element,
    GstWfMotionGateSettings * settings)
{
  g_autoptr (GError) err = NULL;
  g_autofree gchar *mask = NULL;
  gint threshold;
  guint max_skip;

  GST_OBJECT_LOCK (element);
  mask = g_strdup (settings->mask);
  threshold = settings->threshold;
  max_skip = settings->max_skip;
  settings->changed = FALSE;
  GST_OBJECT_UNLOCK (element);
  people->frames = 0;
  if (!gst_wf_motion_gate_reset (&people->gate, threshold, max_skip, mask,
          &err)) {
    GST_ELEMENT_ERROR (element, LIBRARY, SETTINGS, ("Bad motion mask."),
        ("%s", err->message));
    return FALSE;
  }
  return TRUE;
}

gboolean
gst_wf_people_sync (GstWfPeople * people, GstWfMotionGateSettings * settings)
{
  return gst_wf_motion_gate_sync (&people->gate, settings);
}

gboolean
gst_wf_people_decide (GstWfPeople * people, GstVideoFrame * frame,
    guint interval, gboolean gate_on)
{
  gboolean detect = people->frames++ % MAX (interval, 1) == 0;
  WfImage img;

  if (gate_on && frame && gst_wf_image_from_frame (frame, &img))
    detect = gst_wf_motion_gate_decide (&people->gate, &img, people->live,
        detect) != WF_GATE_SKIP;
  gst_wf_motion_gate_count (&people->gate, gate_on, detect, NULL);
  return detect;
}

gdouble
gst_wf_people_analysed_fraction (GstWfPeople * people)
{
  return people->gate.frames ?
      (gdouble) people->gate.analysed / people->gate.frames : 0.0;
}

static gboolean
detect (GstWfPeople * people, GstBuffer * buf, GstVideoFrame * frame,
    gint detect_width, gdouble threshold, GError ** error)
{
  gint fw = GST_VIDEO_FRAME_WIDTH (frame), fh = GST_VIDEO_FRAME_HEIGHT (frame);
  WfPeopleParams params;
  WfImage img;
  guint i;

  wf_people_params_init (&params);
  params.detect_width = detect_width;
  params.hit_threshold = threshold;
  params.scale = 1.1;
  g_array_set_size (people->found, 0);
  if (!gst_wf_image_from_frame (frame, &img)) {
    g_set_error_literal (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT,
        "unsupported format");
    return FALSE;
  }
  if (!wf_people_detect (people->detector, &img, &params,
          people->found, error))
    return FALSE;
  /* the gate keeps them live, and looks again within max-skip frames */
  wf_motion_gate_found (&people->gate.gate, people->found->len);
  for (i = 0; i < people->found->len; i++) {
    WfPerson *p = &g_array_index (people->found, WfPerson, i);
    gst_wf_occupancy_add_person (buf, &p->box, p->confidence, FALSE, 0, fw,
        fh);
  }
  return TRUE;
}

gboolean
gst_wf_people_attach (GstWfPeople * people, GstElement * element,
    GstBuffer * buf, GstVideoFrame * frame, const GstVideoInfo * info,
    gint detect_width, gdouble threshold)
{
  g_autoptr (GError) err = NULL;
  guint i;

  if (frame && !detect (people, buf, frame, detect_width, threshold, &err)) {
    GST_ELEMENT_ERROR (element, STREAM, FAILED, ("People detection failed."),
        ("%s", err->message));
    return FALSE;
  }
  for (i = 0; !frame && i < people->carried->len; i++) {
    Carried *c = &g_array_index (people->carried, Carried, i);
    gst_wf_occupancy_add_person (buf, &c->box, 0.0f, TRUE, c->id,
        GST_VIDEO_INFO_WIDTH (info), GST_VIDEO_INFO_HEIGHT (info));
  }
  return TRUE;
}

void
gst_wf_people_remember (GstWfPeople * people, const WfOccupancyObject * objs,
    guint n_objs)
{
  guint i;

  g_array_set_size (people->carried, 0);
  for (i = 0; i < n_objs; i++) {
    Carried c = { objs[i].box, objs[i].id };
    g_array_append_val (people->carried, c);
  }
}

/* occupancy's detector property: the choices this file serves */
GType
gst_wf_occupancy_detector_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_WF_OCCUPANCY_DETECTOR_NONE, "Count the ROIs upstream attached",
        "none"},
    {GST_WF_OCCUPANCY_DETECTOR_PEOPLE,
        "Find people with OpenCV's HOG pedestrian detector", "people"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("GstWfOccupancyDetector",
            values));
  return type;
}
