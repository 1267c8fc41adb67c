/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Helpers for the facedetect tests: run one image through a facedetect in a
 * GstHarness and read back the faces from its metadata. */
#pragma once

#include <gst/gst.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

typedef struct {
  /* from the GstVideoRegionOfInterestMeta, pixels */
  guint x, y, w, h;
  /* from its "detection" param */
  gdouble confidence, nx, ny, nw, nh;
  gchar *backend;
  gboolean carried;
  guint n_landmarks;
} DetectedFace;

/* A facedetect with @props ("name=value name=value", may be NULL) in a
 * harness with caps for @info. */
GstHarness *  detect_harness_new      (const gchar * props,
                                       const GstVideoInfo * info);

/* Pushes @buf (a ref is taken) and returns the faces of the buffer that
 * comes out, an array of DetectedFace (clears its strings). */
GArray *      detect_harness_push     (GstHarness * h,
                                       GstBuffer * buf);

/* Loads @image (a testdata/ path) as @format and runs it through a new
 * facedetect with @props. */
GArray *      detect_image            (const gchar * image,
                                       GstVideoFormat format,
                                       const gchar * props);

gdouble       detect_iou              (gdouble ax, gdouble ay, gdouble aw,
                                       gdouble ah, gdouble bx, gdouble by,
                                       gdouble bw, gdouble bh);

/* Pairs every face (WfFace) of @one with a face of @two whose box edges lie
 * within @max_px and whose confidence within @max_score; fails the test,
 * naming @what, when the counts differ or a face has no twin.  @twins
 * (optional, one entry per face of @one) gets each twin's index in @two.
 * Returns the number of faces. */
guint         detect_faces_match      (const gchar * what,
                                       GArray * one,
                                       GArray * two,
                                       gfloat max_px,
                                       gdouble max_score,
                                       guint * twins);

/* Decodes ../shared/testdata/scenes/@name to GRAY8 and maps it into @frame;
 * @img (a WfImage) then views its plane.  Release with
 * detect_grey_scene_clear (). */
void          detect_grey_scene       (const gchar * name,
                                       GstVideoFrame * frame,
                                       gpointer img);
void          detect_grey_scene_clear (GstVideoFrame * frame);
/* detect_grey_scene for a file anywhere */
void          detect_grey_file        (const gchar * path,
                                       GstVideoFrame * frame,
                                       gpointer img);
/* The six demo photos of face-api (npm package, ./setup.sh), the data of
 * the detection tests where ../shared is absent; NULL after g_test_skip
 * when they are not there. */
GStrv         detect_face_api_photos  (void);
/* TRUE when every file of @names is under the shared scenes/; otherwise
 * the test is skipped, naming the first one missing. */
gboolean      detect_have_scenes      (const gchar * const * names,
                                       guint n);
/* Points @img (a WfImage) at the GRAY8 plane of the mapped @frame. */
void          detect_grey_view        (GstVideoFrame * frame,
                                       gpointer img);

G_END_DECLS
