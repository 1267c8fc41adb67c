/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* dlib's HOG face detector for the recognition tests, until they can use
 * src/detect's WfDetector. */
#include "wf-test-faces.h"

#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>


gboolean
wf_test_find_face (const WfImage * im, WfRect * face)
{
  /* Built once, on first use; thread-safe and destroyed at exit. */
  static dlib::frontal_face_detector detector =
      dlib::get_frontal_face_detector ();
  dlib::array2d<unsigned char> grey;
  dlib::array2d<unsigned char> scaled;
  std::vector<dlib::rectangle> dets;
  double scale = 1.0;

  grey.set_size (im->height, im->width);
  for (long y = 0; y < im->height; y++) {
    const guint8 *row = im->data[0] + (gsize) y * im->stride[0];
    for (long x = 0; x < im->width; x++) {
      switch (im->format) {
        case WF_PIXEL_RGB:
          grey[y][x] = (row[3 * x] * 77 + row[3 * x + 1] * 150
              + row[3 * x + 2] * 29) >> 8;
          break;
        case WF_PIXEL_GRAY8:
        case WF_PIXEL_I420:
        case WF_PIXEL_NV12:
          grey[y][x] = row[x];
          break;
        default:
          g_error ("wf_test_find_face: RGB, grey or YUV images only");
      }
    }
  }
  /* Photos up to 1280 px: detect at about 640 px; the tight crops are
   * small, look at them twice as large. */
  if (im->width > 800)
    scale = 640.0 / im->width;
  else if (im->width < 400)
    scale = 2.0;
  scaled.set_size (std::lround (im->height * scale),
      std::lround (im->width * scale));
  dlib::resize_image (grey, scaled);
  dets = detector (scaled);

  if (dets.empty ()) {
    face->x = 0;
    face->y = 0;
    face->w = im->width;
    face->h = im->height;
    return FALSE;
  }
  const dlib::rectangle *best = &dets[0];
  for (const auto & r : dets)
    if (r.area () > best->area ())
      best = &r;
  face->x = best->left () / scale;
  face->y = best->top () / scale;
  face->w = best->width () / scale;
  face->h = best->height () / scale;
  return TRUE;
}
