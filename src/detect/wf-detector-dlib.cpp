/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * dlib's CNN (MMOD) face detector.  (The HOG detector is in
 * wf-detector-hog.cpp, compiled once per instruction set.)
 *
 * A dlib network keeps its activations inside itself, so the shared network
 * is guarded by a mutex.
 *
 * No exception leaves this file: every entry point catches and turns it into
 * a GError.
 */
#include "config.h"
#include "wf-detector-dlib.h"
#include "wf-detector-dlib-util.h"

#include <exception>
#include <mutex>
#include <new>
#include <vector>

#include <dlib/dnn.h>
#include <dlib/image_transforms.h>
#include <dlib/serialize.h>

namespace
{
  void set_exception_error (GError ** error, const char *what,
      const char *context)
  {
    g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_FAILED,
        "%s: %s", context, what);
  }

  /* The network layout mmod_human_face_detector.dat was trained with (a
   * file format fact: deserialisation checks it layer by layer). */
  template <long N, typename S>
  using con5d = dlib::con <N, 5, 5, 2, 2, S>;
  template <long N, typename S>
  using con5 = dlib::con <N, 5, 5, 1, 1, S>;
  template <typename S>
  using downsampler = dlib::relu <dlib::affine <con5d <32,
      dlib::relu <dlib::affine <con5d <32,
      dlib::relu <dlib::affine <con5d <16, S>>>>>>>>>;
  template <typename S>
  using rcon5 = dlib::relu <dlib::affine <con5 <45, S>>>;
  using MmodNet = dlib::loss_mmod <dlib::con <1, 9, 9, 1, 1,
      rcon5 <rcon5 <rcon5 <downsampler <
      dlib::input_rgb_image_pyramid <dlib::pyramid_down <6>>>>>>>>;

  struct MmodModel
  {
    std::mutex lock;
    MmodNet net;                /* protected by lock */
  };

  struct MmodInstance
  {
    MmodModel *model;
    dlib::matrix <dlib::rgb_pixel> img;
  };

  gpointer mmod_load (const gchar * path, gpointer, gsize *, GError ** error)
  {
    MmodModel *m = NULL;
    try {
      m = new MmodModel;
      dlib::deserialize (path) >> m->net;
      return m;
    } catch (const std::exception & e) {
      g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_MODEL,
          "%s is not a usable dlib MMOD face model: %s", path, e.what ());
    } catch (...) {
      g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_MODEL,
          "%s is not a usable dlib MMOD face model", path);
    }
    delete m;
    return NULL;
  }

  void mmod_free (gpointer model)
  {
    delete static_cast <MmodModel *>(model);
  }

  gpointer mmod_instance_new (gpointer model, GError **)
  {
    MmodInstance *inst = new (std::nothrow) MmodInstance;
    if (inst)
      inst->model = static_cast <MmodModel *>(model);
    return inst;
  }

  void mmod_instance_free (gpointer instance)
  {
    delete static_cast <MmodInstance *>(instance);
  }

  /* dlib's image pyramid input throws on images this small (an empty
   * error); the network's smallest window is 40 px anyway. */
  const long MMOD_MIN_SIDE = 16;

  gboolean mmod_detect (gpointer instance, const WfImage * image,
      const WfDetectParams * params, GArray * faces, GError ** error)
  {
    MmodInstance *inst = static_cast <MmodInstance *>(instance);

    if ((MIN (image->width, image->height) << params->upsample) <
        MMOD_MIN_SIDE)
      return TRUE;

    try {
      double scale = 1.0;

      inst->img.set_size (image->height, image->width);
      for (long y = 0; y < image->height; y++) {
        const guint8 *s = image->data[0] + (gsize) y * image->stride[0];
        for (long x = 0; x < image->width; x++, s += 3)
          inst->img (y, x) = dlib::rgb_pixel (s[0], s[1], s[2]);
      }
      for (int i = 0; i < params->upsample; i++) {
        dlib::pyramid_up (inst->img);
        scale *= 2.0;
      }

      std::vector <dlib::mmod_rect> dets;
      {
        std::lock_guard <std::mutex> guard (inst->model->lock);
        dets = inst->model->net.process (inst->img,
            logit (params->threshold));
      }
      for (const auto & d:dets) {
        if (d.ignore)
          continue;
        WfFace f = face_from_rect (d.rect, d.detection_confidence, scale);
        g_array_append_val (faces, f);
      }
      return TRUE;
    } catch (const std::bad_alloc &) {
      set_exception_error (error, "out of memory", "MMOD face detection");
    } catch (const std::exception & e) {
      set_exception_error (error, e.what (), "MMOD face detection");
    } catch (...) {
      set_exception_error (error, "unknown exception", "MMOD face detection");
    }
    return FALSE;
  }
}

extern "C" const WfDetectorOps wf_detector_dlib_mmod_ops = {
  "dlib-mmod", "mmod_human_face_detector.dat", WF_PIXEL_RGB, 0.5,
  mmod_load, mmod_free, mmod_instance_new, mmod_instance_free, mmod_detect,
};
