/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-test-dlib-landmarks.h"

#include <dlib/image_processing/shape_predictor.h>
#include <dlib/image_transforms/interpolation.h>

#include <exception>
#include <vector>

struct _WfTestDlibLandmarks
{
  dlib::shape_predictor sp;
};

WfTestDlibLandmarks *
wf_test_dlib_landmarks_new (const gchar * path)
{
  WfTestDlibLandmarks *d = new WfTestDlibLandmarks;
  try {
    dlib::deserialize (path) >> d->sp;
  }
  catch (const std::exception & e) {
    g_error ("dlib could not read %s: %s", path, e.what ());
  }
  return d;
}

void
wf_test_dlib_landmarks_free (WfTestDlibLandmarks * d)
{
  delete d;
}

guint
wf_test_dlib_landmarks_n_points (WfTestDlibLandmarks * d)
{
  return d->sp.num_parts ();
}

void
wf_test_dlib_landmarks_predict (WfTestDlibLandmarks * d, const guint8 * grey,
    gint width, gint height, gint stride, glong left, glong top, glong right,
    glong bottom, gfloat * points)
{
  dlib::matrix<unsigned char> img (height, width);
  dlib::full_object_detection det;

  for (gint y = 0; y < height; y++)
    for (gint x = 0; x < width; x++)
      img (y, x) = grey[(gsize) y * stride + x];
  det = d->sp (img, dlib::rectangle (left, top, right, bottom));
  for (unsigned long i = 0; i < det.num_parts (); i++) {
    points[2 * i] = det.part (i).x ();
    points[2 * i + 1] = det.part (i).y ();
  }
}

void
wf_test_dlib_chip (const WfImage * rgb, const gfloat * points, guint n_points,
    guint8 * chip)
{
  dlib::matrix<dlib::rgb_pixel> img (rgb->height, rgb->width);
  dlib::matrix<dlib::rgb_pixel> out;
  std::vector<dlib::point> parts (n_points);
  long l = rgb->width, t = rgb->height, r = 0, b = 0;

  g_assert (rgb->format == WF_PIXEL_RGB);
  for (gint y = 0; y < rgb->height; y++) {
    const guint8 *row = rgb->data[0] + (gsize) y * rgb->stride[0];
    for (gint x = 0; x < rgb->width; x++)
      img (y, x) = dlib::rgb_pixel (row[3 * x], row[3 * x + 1],
          row[3 * x + 2]);
  }
  for (guint i = 0; i < n_points; i++) {
    parts[i] = dlib::point ((long) points[2 * i], (long) points[2 * i + 1]);
    l = MIN (l, parts[i].x ());
    t = MIN (t, parts[i].y ());
    r = MAX (r, parts[i].x ());
    b = MAX (b, parts[i].y ());
  }
  dlib::full_object_detection det (dlib::rectangle (l, t, r, b), parts);
  dlib::extract_image_chip (img, dlib::get_face_chip_details (det, 150, 0.25),
      out);
  for (long y = 0; y < out.nr (); y++)
    for (long x = 0; x < out.nc (); x++) {
      guint8 *p = chip + (y * out.nc () + x) * 3;
      p[0] = out (y, x).red;
      p[1] = out (y, x).green;
      p[2] = out (y, x).blue;
    }
}
