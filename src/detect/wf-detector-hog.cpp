/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * dlib's frontal HOG face detector, compiled once per instruction set.
 *
 * dlib's HOG search is header-only template code: the separable filters
 * (simd8f/simd4f) and the FHOG features compile to AVX code when __AVX__ is
 * defined, to SSE2 otherwise.  This file is built twice from the same
 * source: into libwfcore for the x86-64 baseline, and with -mavx2 -mfma
 * -DWF_HOG_VARIANT=avx2 into libwfcore-hog-avx2 (src/detect/meson.build).
 * WF_HOG_VARIANT names the exported functions (wf-detector-hog.h);
 * wf-detector-hog.c picks one variant at run time.
 *
 * Why a separate library and not a second object in libwfcore: both
 * compiles instantiate the same dlib (and libstdc++) templates under the
 * same mangled names, as weak COMDAT definitions.  In one link the linker
 * keeps one copy of each for both callers: the AVX2 copy would run on a CPU
 * without AVX2 (SIGILL), or the baseline copy in the AVX2 path (no gain).
 * In its own shared library, built with hidden visibility and a version
 * script that exports only wf_hog_avx2_*, the AVX2 instantiations bind
 * inside that library and are invisible to every other object.  Nothing
 * here may therefore call into libwfcore (the caller resolves the model
 * file and turns error messages into GErrors), and our own types and
 * helpers have internal linkage.
 *
 * The model is dlib's frontal_face_detector, used read-only (its filter
 * banks and thresholds); each instance owns the scanners that hold the
 * feature pyramid of the frame being searched, so instances run at once
 * without a lock.  With two threads (WfDetectParams.threads) a frame is
 * searched in two parts at once: the calling thread takes the two largest
 * pyramid levels, the instance's persistent worker thread the rest (on the
 * image shrunk by the same pyramid twice, which is exactly what dlib's
 * pyramid holds at level 2).  The parts' detections are merged and go
 * through the detector's own non-maximum suppression, so the boxes are
 * dlib's single pass (rounding aside), in about half the wall time on two
 * cores.  Levels shrink by 5/6 per side, so the two largest cost 1 + 0.69
 * and all the others 0.48 + 0.33 + ... = 1.58; with the two pyramid-downs
 * and the small levels' fixed costs the far part measures about 1.08x the
 * near one (docs/facedetect.md), the closest split there is.
 *
 * No exception leaves this file: every entry point catches it and returns
 * its message.
 */
#include "config.h"
#include "wf-detector-hog.h"
#include "wf-detector-dlib-util.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <vector>

#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>
#include <dlib/serialize.h>

#ifndef WF_HOG_VARIANT
#define WF_HOG_VARIANT baseline
#endif
#define WF_HOG_PASTE(v, name) wf_hog_##v##_##name
#define WF_HOG_NAME(v, name) WF_HOG_PASTE (v, name)
/* wf_hog_<variant>_<name> */
#define WF_HOG_FN(name) WF_HOG_NAME (WF_HOG_VARIANT, name)

namespace
{
  /* A borrowed 8-bit grey image, readable by dlib's generic image code. */
  struct GrayView
  {
    const guint8 *data;
    long rows, cols, stride;
  };

  inline long num_rows (const GrayView & v) { return v.rows; }
  inline long num_columns (const GrayView & v) { return v.cols; }
  inline long width_step (const GrayView & v) { return v.stride; }
  inline void *image_data (GrayView & v) { return (void *) v.data; }
  inline const void *image_data (const GrayView & v) { return v.data; }
}

namespace dlib
{
  template <> struct image_traits <GrayView>
  {
    typedef unsigned char pixel_type;
  };
}

namespace
{
  typedef dlib::scan_fhog_pyramid <dlib::pyramid_down <6>> HogScanner;

  struct HogModel
  {
    dlib::frontal_face_detector detector;
  };

  /* A persistent helper thread running one job at a time: spawning a
   * thread per frame would cost a thread creation (and a fresh malloc
   * arena's first-touch) on every frame.  Started on first use, joined when
   * the instance is freed (the element's stop). */
  class Worker
  {
  public:
    Worker () = default;
    Worker (const Worker &) = delete;
    Worker & operator= (const Worker &) = delete;

    ~Worker ()
    {
      if (thread.joinable ()) {
        {
          std::lock_guard <std::mutex> guard (lock);
          quit = true;
        }
        wake.notify_all ();
        thread.join ();
      }
    }

    /* Runs @job on the worker; FALSE (and nothing run) when the thread
     * could not be started. @job must not throw. */
    bool start (std::function <void ()> job)
    {
      if (!thread.joinable ()) {
        try {
          thread = std::thread (&Worker::loop, this);
        } catch (const std::system_error &) {
          return false;
        }
      }
      {
        std::lock_guard <std::mutex> guard (lock);
        pending = std::move (job);
        busy = true;
      }
      wake.notify_all ();
      return true;
    }

    /* Waits for the job given to start () to finish. */
    void wait ()
    {
      std::unique_lock <std::mutex> guard (lock);
      finished.wait (guard, [this] () {
            return !busy;
          });
    }

  private:
    void loop ()
    {
      std::unique_lock <std::mutex> guard (lock);
      for (;;) {
        wake.wait (guard, [this] () {
              return quit || pending;
            });
        if (quit)
          return;
        std::function <void ()> job = std::move (pending);
        pending = nullptr;
        guard.unlock ();
        job ();
        guard.lock ();
        busy = false;
        finished.notify_all ();
      }
    }

    std::thread thread;
    std::mutex lock;
    std::condition_variable wake, finished;
    /* protected by lock */
    std::function <void ()> pending;
    bool busy = false;
    bool quit = false;
  };

  struct HogInstance
  {
    const HogModel *model;
    HogScanner near_scanner;    /* the two largest pyramid levels */
    HogScanner far_scanner;     /* the remaining levels */
    dlib::array2d <unsigned char> up, down1, down2;
    /* last member: destroyed (joined) first, before what its job uses */
    Worker worker;
  };

  struct Detection
  {
    double score;
    dlib::rectangle rect;
  };


  /* Runs every filter of the detector over the pyramid @scanner holds. */
  void hog_scan (const dlib::frontal_face_detector & det,
      const HogScanner & scanner, double adjust, unsigned long up_levels,
      std::vector <Detection> &out)
  {
    dlib::pyramid_down <6> pyr;
    std::vector <std::pair <double, dlib::rectangle>> dets;

    for (unsigned long i = 0; i < det.num_detectors (); i++) {
      const double thresh = det.get_w (i) (scanner.get_num_dimensions ());
      scanner.detect (det.get_processed_w (i).get_detect_argument (), dets,
          thresh + adjust);
      for (const auto & d:dets) {
        Detection x;
        x.score = d.first - thresh;
        x.rect = d.second;
        if (up_levels) {
          dlib::drectangle r = pyr.rect_up (d.second, up_levels);
          x.rect = dlib::rectangle (std::lround (r.left ()),
              std::lround (r.top ()), std::lround (r.right ()),
              std::lround (r.bottom ()));
        }
        out.push_back (x);
      }
    }
  }

  /* How many levels dlib's scanner builds for an image of this size. */
  unsigned long hog_levels (const HogScanner & s, long w, long h)
  {
    dlib::pyramid_down <6> pyr;
    dlib::rectangle rect (0, 0, w - 1, h - 1);
    unsigned long levels = 0;
    do {
      rect = pyr.rect_down (rect);
      ++levels;
    } while (rect.width () >= s.get_min_pyramid_layer_width () &&
        rect.height () >= s.get_min_pyramid_layer_height () &&
        levels < s.get_max_pyramid_levels ());
    return levels;
  }

  template <typename Image>
  void hog_run (HogInstance * inst, const Image & img, double adjust,
      int threads, std::vector <Detection> &all)
  {
    const dlib::frontal_face_detector & det = inst->model->detector;
    /* unqualified: GrayView brings its own overloads */
    const long cols = num_columns (img), rows = num_rows (img);
    unsigned long levels = hog_levels (inst->far_scanner, cols, rows);
    std::vector <Detection> far_dets;
    std::exception_ptr far_error;
    bool split = false;

    /* Small images are not worth a hand-over (a few ms in all). */
    if (threads > 1 && levels > 2 && cols * rows >= 160 * 120) {
      split = inst->worker.start ([&]() {
            try {
              dlib::pyramid_down <6> pyr;
              pyr (img, inst->down1);
              pyr (inst->down1, inst->down2);
              inst->far_scanner.load (inst->down2);
              hog_scan (det, inst->far_scanner, adjust, 2, far_dets);
            } catch (...) {
              far_error = std::current_exception ();
            }
          });
    }
    /* split: the two largest levels; else one pass over every level */
    inst->near_scanner.set_max_pyramid_levels (split ? 2 :
        inst->far_scanner.get_max_pyramid_levels ());

    try {
      inst->near_scanner.load (img);
      hog_scan (det, inst->near_scanner, adjust, 0, all);
    } catch (...) {
      if (split)
        inst->worker.wait ();
      throw;
    }
    if (split) {
      inst->worker.wait ();
      if (far_error)
        std::rethrow_exception (far_error);
      all.insert (all.end (), far_dets.begin (), far_dets.end ());
    }
  }

}

extern "C" gpointer
WF_HOG_FN (model_new) (const gchar * file, gchar ** error_message)
{
  HogModel *m = NULL;
  try {
    m = new HogModel;
    if (file) {
      try {
        dlib::deserialize (file) >> m->detector;
      } catch (const std::exception & e) {
        g_warning ("%s: %s; using dlib's built-in copy", file, e.what ());
        m->detector = dlib::frontal_face_detector ();
      }
    }
    if (m->detector.num_detectors () == 0)
      m->detector = dlib::get_frontal_face_detector ();
    return m;
  } catch (const std::exception & e) {
    *error_message = g_strdup (e.what ());
  } catch (...) {
    *error_message = g_strdup ("unknown exception");
  }
  delete m;
  return NULL;
}

extern "C" void
WF_HOG_FN (model_free) (gpointer model)
{
  delete static_cast <HogModel *>(model);
}

extern "C" gpointer
WF_HOG_FN (instance_new) (gpointer model, gchar ** error_message)
{
  try {
    HogInstance *inst = new HogInstance;
    inst->model = static_cast <HogModel *>(model);
    inst->near_scanner.copy_configuration (inst->model->detector.
        get_scanner ());
    inst->far_scanner.copy_configuration (inst->model->detector.
        get_scanner ());
    inst->near_scanner.set_max_pyramid_levels (2);
    return inst;
  } catch (const std::exception & e) {
    *error_message = g_strdup (e.what ());
  } catch (...) {
    *error_message = g_strdup ("unknown exception");
  }
  return NULL;
}

extern "C" void
WF_HOG_FN (instance_free) (gpointer instance)
{
  delete static_cast <HogInstance *>(instance);
}

extern "C" gboolean
WF_HOG_FN (detect) (gpointer instance, const WfImage * image,
    const WfDetectParams * params, GArray * faces, gchar ** error_message)
{
  HogInstance *inst = static_cast <HogInstance *>(instance);

  try {
    GrayView view = { image->data[0], image->height, image->width,
      image->stride[0]
    };
    double adjust = logit (params->threshold);
    double scale = 1.0;
    std::vector <Detection> all;
    std::vector <Detection> kept;

    if (params->upsample > 0) {
      dlib::pyramid_down <2> pyr2;
      dlib::pyramid_up (view, inst->up, pyr2);
      for (int i = 1; i < params->upsample; i++)
        dlib::pyramid_up (inst->up, pyr2);
      scale = std::pow (2.0, params->upsample);
      hog_run (inst, inst->up, adjust, params->threads, all);
    } else {
      hog_run (inst, view, adjust, params->threads, all);
    }

    /* Non-maximum suppression with the detector's own overlap test, as
     * dlib's object_detector does. */
    std::sort (all.begin (), all.end (),[](const Detection & a,
            const Detection & b) {
          return a.score > b.score;
        });
    const dlib::test_box_overlap & overlaps = inst->model->detector.
        get_overlap_tester ();
    for (const auto & d:all) {
      bool hidden = false;
      for (const auto & k:kept)
        if (overlaps (k.rect, d.rect)) {
          hidden = true;
          break;
        }
      if (hidden)
        continue;
      kept.push_back (d);
      WfFace f = face_from_rect (d.rect, d.score, scale);
      g_array_append_val (faces, f);
    }
    return TRUE;
  } catch (const std::bad_alloc &) {
    *error_message = g_strdup ("out of memory");
  } catch (const std::exception & e) {
    *error_message = g_strdup (e.what ());
  } catch (...) {
    *error_message = g_strdup ("unknown exception");
  }
  return FALSE;
}
