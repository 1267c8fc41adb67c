/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-people-detector.h"
#include "wf-model-cache.h"
#include "wf-pixels.h"

#include <gio/gio.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

struct _WfPeopleDetector
{
  cv::HOGDescriptor *hog;       /* owned by the model cache */
};

static gpointer
load_hog (const gchar * path, gpointer user_data, gsize * bytes,
    GError ** error)
{
  (void) path;
  (void) user_data;
  try {
    cv::HOGDescriptor *hog = new cv::HOGDescriptor ();
    hog->setSVMDetector (cv::HOGDescriptor::getDefaultPeopleDetector ());
    *bytes = sizeof (*hog) + hog->svmDetector.size () * sizeof (float);
    return hog;
  } catch (const std::exception & e) {
    g_set_error (error, WF_PEOPLE_ERROR, WF_PEOPLE_ERROR_FAILED,
        "OpenCV HOG people detector: %s", e.what ());
    return NULL;
  }
}

static void
free_hog (gpointer data)
{
  delete static_cast < cv::HOGDescriptor * >(data);
}

extern "C" WfPeopleDetector *
wf_people_detector_new (GError ** error)
{
  gpointer hog = wf_model_cache_acquire (WF_PEOPLE_MODEL_KIND, NULL, load_hog,
      NULL, free_hog, error);
  if (hog == NULL)
    return NULL;
  WfPeopleDetector *det = g_new0 (WfPeopleDetector, 1);
  det->hog = static_cast < cv::HOGDescriptor * >(hog);
  return det;
}

extern "C" void
wf_people_detector_free (WfPeopleDetector * det)
{
  if (det == NULL)
    return;
  wf_model_cache_release (det->hog);
  g_free (det);
}

/* A grey view or converted copy of @image, through the core's pixel path
 * (wf-pixels.h). */
static cv::Mat
to_gray (const WfImage * image)
{
  int w = image->width, h = image->height;

  if (wf_pixel_format_bpp (image->format) == 1)
    return cv::Mat (h, w, CV_8UC1, const_cast < guint8 * >(image->data[0]),
        image->stride[0]);

  cv::Mat gray (h, w, CV_8UC1);
  if (!wf_image_convert_area (image, WF_PIXEL_GRAY8, 0, 0, w, h, gray.data,
          gray.step))
    return cv::Mat ();
  return gray;
}

extern "C" gboolean
wf_people_detector_detect (WfPeopleDetector * det, const WfImage * image,
    const WfPeopleParams * params, GArray * people, GError ** error)
{
  g_return_val_if_fail (det != NULL && image != NULL && params != NULL, FALSE);
  g_return_val_if_fail (people != NULL, FALSE);

  try {
    cv::Mat gray = to_gray (image), small;
    double f = 1.0;

    if (gray.empty ()) {
      g_set_error (error, WF_PEOPLE_ERROR, WF_PEOPLE_ERROR_FAILED,
          "people detector: unsupported pixel format %d", image->format);
      return FALSE;
    }
    std::vector < cv::Rect > found;
    std::vector < double >weights;

    if (params->detect_width > 0 && params->detect_width != gray.cols) {
      f = (double) params->detect_width / gray.cols;
      cv::resize (gray, small, cv::Size (), f, f, f < 1.0 ?
          cv::INTER_AREA : cv::INTER_LINEAR);
    } else {
      small = gray;
    }
    if (small.cols < det->hog->winSize.width
        || small.rows < det->hog->winSize.height)
      return TRUE;

    det->hog->detectMultiScale (small, found, weights,
        params->hit_threshold, cv::Size (8, 8), cv::Size (0, 0),
        params->scale > 1.0 ? params->scale : 1.05, 2.0, false);

    std::vector < size_t > order (found.size ());
    for (size_t i = 0; i < order.size (); i++)
      order[i] = i;
    std::sort (order.begin (), order.end (),[&](size_t a, size_t b) {
          return weights.size () == found.size () && weights[a] > weights[b];
        });
    size_t n = order.size ();
    if (params->max_people > 0 && n > (size_t) params->max_people)
      n = params->max_people;
    for (size_t k = 0; k < n; k++) {
      const cv::Rect & r = found[order[k]];
      double w = weights.size () == found.size ()? weights[order[k]] : 0.0;
      WfPerson p;
      /* The default detector's boxes are the 64x128 window, taller and
       * wider than the person; keep them as they are (callers use the
       * centre). */
      p.box.x = (gfloat) (r.x / f);
      p.box.y = (gfloat) (r.y / f);
      p.box.w = (gfloat) (r.width / f);
      p.box.h = (gfloat) (r.height / f);
      p.confidence = (gfloat) (1.0 / (1.0 + std::exp (-w)));
      g_array_append_val (people, p);
    }
    return TRUE;
  } catch (const std::exception & e) {
    g_set_error (error, WF_PEOPLE_ERROR, WF_PEOPLE_ERROR_FAILED,
        "people detector: %s", e.what ());
    return FALSE;
  }
}
