/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* What the recognition tests share: the face images of the shared test data,
 * decoded into WfImages, and where the face is in each. */
#pragma once

#include <gst/gst.h>
#include <gst/video/video.h>
#include "wf-image.h"

G_BEGIN_DECLS

typedef struct {
  GstBuffer *buffer;
  GstVideoFrame frame;
  WfImage image;
} WfTestImage;

/* Decodes @path into @format; g_error on failure (test data is known). */
void      wf_test_image_load        (WfTestImage * ti,
                                     const gchar * path,
                                     GstVideoFormat format);
void      wf_test_image_clear       (WfTestImage * ti);

typedef struct {
  gchar *identity;              /* folder name under faces/ */
  gchar *path;
} WfTestFaceFile;

/* Every image of testdata/faces/<identity>/, sorted by identity then name;
 * free with g_ptr_array_unref. */
GPtrArray * wf_test_face_files      (void);

/* The largest face in @image, found by wf-detector's HOG backend (what
 * facedetect uses); when it finds none the whole image is taken as the
 * face (the tight 150x150 crops of faces/ leave the detector too little
 * context).  Returns TRUE when the detector found it. */
gboolean  wf_test_find_face         (const WfImage * image,
                                     WfRect * face);

/* A packed copy of the RGB @image in grey as dlib's landmark predictor
 * reads RGB: (r + g + b) / 3; free with g_free. */
guint8 *  wf_test_image_grey        (const WfImage * image);

G_END_DECLS
