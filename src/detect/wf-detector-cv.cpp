/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * OpenCV backends: Haar cascades (cv::CascadeClassifier) and YuNet
 * (cv::FaceDetectorYN, OpenCV 4.6).
 *
 * Neither OpenCV object may be used by two threads at once (the cascade keeps
 * the image being searched in its feature evaluator, the network its
 * blobs), so the shared model carries a mutex.  What belongs to one detector
 * instance (YuNet's input size and score threshold) is kept in the instance
 * and applied to the shared object under the lock before each search.
 *
 * No exception leaves this file.
 */
#include "config.h"
#include "wf-detector-cv.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <new>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

namespace
{
  void set_exception_error (GError ** error, const char *what,
      const char *context)
  {
    g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_FAILED,
        "%s: %s", context, what);
  }

  /* One thread budget per process (issue 17): OpenCV's pool has a thread
   * per core by default, which cameras in parallel already keep busy, and
   * its idle workers spin; searches run on the caller's thread.
   * OPENCV_FOR_THREADS_NUM set by the user wins. */
  void cv_threads_init ()
  {
    static std::once_flag once;
    std::call_once (once, [] {
      if (!g_getenv ("OPENCV_FOR_THREADS_NUM"))
        cv::setNumThreads (1);
    });
  }

/* ---- Haar ---- */

  /* Between OpenCV's default step (1.1) and gst-plugins-bad's (1.25): on
   * the VOC test images (test-detect-voc) 1.1 finds 40/43 faces with 3
   * false boxes, 1.2 finds 37/43 with none (gst-plugins-bad 34/43), and
   * 1.2 cost 0.56x the CPU of 1.1 on the demo video (measured with this
   * constant changed; tests/bench/facedetect-bench.py gives the CPU per
   * frame of the step built in).  Haar is the lite build's default, for
   * small machines, so the cheaper step wins. */
  const double HAAR_SCALE_FACTOR = 1.2;
  /* A box's confidence is n / (n + HAAR_NEIGHBOURS_HALF) for n grouped raw
   * hits, so the default threshold 0.5 is OpenCV's usual minNeighbors=3. */
  const double HAAR_NEIGHBOURS_HALF = 3.0;

  struct HaarModel
  {
    std::mutex lock;
    cv::CascadeClassifier cascade;      /* protected by lock */
  };

  gpointer haar_load (const gchar * path, gpointer, gsize *, GError ** error)
  {
    HaarModel *m = NULL;
    try {
      cv_threads_init ();
      m = new HaarModel;
      if (m->cascade.load (path) && !m->cascade.empty ())
        return m;
      g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_MODEL,
          "%s is not a usable OpenCV cascade (cv::CascadeClassifier could "
          "not read it)", path);
    } catch (const std::exception & e) {
      g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_MODEL,
          "%s is not a usable OpenCV cascade: %s", path, e.what ());
    } catch (...) {
      g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_MODEL,
          "%s is not a usable OpenCV cascade", path);
    }
    delete m;
    return NULL;
  }

  void haar_free (gpointer model)
  {
    delete static_cast <HaarModel *>(model);
  }

  /* The instance is only a pointer to the shared model: the cascade keeps
   * no per-caller setting between calls. */
  gpointer haar_instance_new (gpointer model, GError **)
  {
    return model;
  }

  void haar_instance_free (gpointer)
  {
  }

  gboolean haar_detect (gpointer instance, const WfImage * image,
      const WfDetectParams * params, GArray * faces, GError ** error)
  {
    HaarModel *m = static_cast <HaarModel *>(instance);

    try {
      cv::Mat gray (image->height, image->width, CV_8UC1,
          (void *) image->data[0], image->stride[0]);
      std::vector <cv::Rect> rects;
      std::vector <int> hits;
      double t = std::min (params->threshold, 0.99);
      int neighbours = std::max (1,
          (int) std::ceil (HAAR_NEIGHBOURS_HALF * t / (1.0 - t) - 1e-9));
      cv::Size min_size (params->min_size, params->min_size);

      {
        std::lock_guard <std::mutex> guard (m->lock);
        cv::Size win = m->cascade.getOriginalWindowSize ();
        if (image->width < win.width || image->height < win.height)
          return TRUE;
        m->cascade.detectMultiScale (gray, rects, hits, HAAR_SCALE_FACTOR,
            neighbours, 0, min_size);
      }
      for (size_t i = 0; i < rects.size (); i++) {
        WfFace f = { };
        double n = i < hits.size ()? hits[i] : neighbours;
        f.box.x = rects[i].x;
        f.box.y = rects[i].y;
        f.box.w = rects[i].width;
        f.box.h = rects[i].height;
        f.confidence = (gfloat) (n / (n + HAAR_NEIGHBOURS_HALF));
        g_array_append_val (faces, f);
      }
      return TRUE;
    } catch (const std::exception & e) {
      set_exception_error (error, e.what (), "Haar face detection");
    } catch (...) {
      set_exception_error (error, "unknown exception", "Haar face detection");
    }
    return FALSE;
  }

/* ---- YuNet ---- */

  /* Below this the network's strided layers have nothing left to work on
   * (and OpenCV 4.6 asserts); no face fits in it anyway. */
  const int YUNET_MIN_SIDE = 32;
  const float YUNET_NMS = 0.3f;
  const int YUNET_TOP_K = 5000;

  struct YunetModel
  {
    std::mutex lock;
    cv::Ptr <cv::FaceDetectorYN> net;   /* protected by lock */
  };

  struct YunetInstance
  {
    YunetModel *model;
    cv::Size input_size;        /* this instance's frames */
  };

  gpointer yunet_load (const gchar * path, gpointer, gsize *, GError ** error)
  {
    YunetModel *m = NULL;
    try {
      cv_threads_init ();
      m = new YunetModel;
      m->net = cv::FaceDetectorYN::create (path, "", cv::Size (64, 64),
          0.9f, YUNET_NMS, YUNET_TOP_K);
      if (!m->net.empty ()) {
        /* Some ONNX files load but fail on the first frame (the 2023mar
         * YuNet needs OpenCV 4.8): run one blank frame now so that such a
         * model fails at start, not in the middle of the stream. */
        cv::Mat blank (64, 64, CV_8UC3, cv::Scalar::all (0)), out;
        m->net->detect (blank, out);
        return m;
      }
      g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_MODEL,
          "%s is not a usable YuNet model", path);
    } catch (const std::exception & e) {
      g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_MODEL,
          "%s is not a usable YuNet model (OpenCV 4.6 reads the 2022mar "
          "version only): %s", path, e.what ());
    } catch (...) {
      g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_MODEL,
          "%s is not a usable YuNet model", path);
    }
    delete m;
    return NULL;
  }

  void yunet_free (gpointer model)
  {
    delete static_cast <YunetModel *>(model);
  }

  gpointer yunet_instance_new (gpointer model, GError **)
  {
    YunetInstance *inst = new (std::nothrow) YunetInstance;
    if (inst)
      inst->model = static_cast <YunetModel *>(model);
    return inst;
  }

  void yunet_instance_free (gpointer instance)
  {
    delete static_cast <YunetInstance *>(instance);
  }

  gboolean yunet_detect (gpointer instance, const WfImage * image,
      const WfDetectParams * params, GArray * faces, GError ** error)
  {
    YunetInstance *inst = static_cast <YunetInstance *>(instance);

    if (image->width < YUNET_MIN_SIDE || image->height < YUNET_MIN_SIDE)
      return TRUE;

    try {
      cv::Mat bgr (image->height, image->width, CV_8UC3,
          (void *) image->data[0], image->stride[0]);
      cv::Mat out;

      inst->input_size = cv::Size (image->width, image->height);
      {
        std::lock_guard <std::mutex> guard (inst->model->lock);
        cv::FaceDetectorYN & net = *inst->model->net;
        /* Another instance may have left its own size: re-setting it
         * rebuilds the priors, so only when it differs. */
        if (net.getInputSize () != inst->input_size)
          net.setInputSize (inst->input_size);
        net.setScoreThreshold ((float) params->threshold);
        net.detect (bgr, out);
      }
      for (int i = 0; i < out.rows; i++) {
        const float *r = out.ptr <float>(i);
        WfFace f = { };
        f.box.x = r[0];
        f.box.y = r[1];
        f.box.w = r[2];
        f.box.h = r[3];
        f.has_landmarks = TRUE;
        for (int k = 0; k < 10; k++)
          f.landmarks[k] = r[4 + k];
        f.confidence = r[14];
        g_array_append_val (faces, f);
      }
      return TRUE;
    } catch (const std::exception & e) {
      set_exception_error (error, e.what (), "YuNet face detection");
    } catch (...) {
      set_exception_error (error, "unknown exception", "YuNet face detection");
    }
    return FALSE;
  }
}

/* Of Debian's two usual frontal cascades, alt2 gives clearly fewer false
 * boxes on our test scenes for about the same recall (see docs/facedetect.md);
 * gst-plugins-bad uses frontalface_default. */
extern "C" const WfDetectorOps wf_detector_cv_haar_ops = {
  "opencv-haar", "haarcascade_frontalface_alt2.xml", WF_PIXEL_GRAY8, 0.5,
  haar_load, haar_free, haar_instance_new, haar_instance_free, haar_detect,
};

extern "C" const WfDetectorOps wf_detector_cv_yunet_ops = {
  "opencv-yunet", "face_detection_yunet_2022mar.onnx", WF_PIXEL_BGR, 0.9,
  yunet_load, yunet_free, yunet_instance_new, yunet_instance_free,
  yunet_detect,
};
