/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Skeleton only: the element is being written (issue 2). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwffacedetect.h"

struct _GstWfFaceDetect
{
  GstVideoFilter parent;
};

G_DEFINE_TYPE (GstWfFaceDetect, gst_wf_face_detect, GST_TYPE_VIDEO_FILTER);
GST_ELEMENT_REGISTER_DEFINE (facedetect, "facedetect", GST_RANK_NONE,
    GST_TYPE_WF_FACE_DETECT);

static void
gst_wf_face_detect_class_init (GstWfFaceDetectClass * klass)
{
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstCaps *caps = gst_caps_from_string ("video/x-raw,format=GRAY8");

  gst_element_class_add_pad_template (element_class,
      gst_pad_template_new ("sink", GST_PAD_SINK, GST_PAD_ALWAYS, caps));
  gst_element_class_add_pad_template (element_class,
      gst_pad_template_new ("src", GST_PAD_SRC, GST_PAD_ALWAYS, caps));
  gst_caps_unref (caps);
  gst_element_class_set_static_metadata (element_class, "Face detection",
      "Filter/Analyzer/Video", "Finds faces", "workforce-monitor authors");
}

static void
gst_wf_face_detect_init (GstWfFaceDetect * self)
{
}
