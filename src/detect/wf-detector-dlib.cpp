/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * dlib backends: the frontal HOG detector and the CNN (MMOD) detector.
 *
 * HOG: the shared model is dlib's frontal_face_detector, used read-only (its
 * filter banks and thresholds); each detector instance owns the scanners that
 * hold the feature pyramid of the frame being searched, so instances run at
 * once without a lock.  With two threads (WfDetectParams.threads) a frame is
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
 * MMOD: a dlib network keeps its activations inside itself, so the shared
 * network is guarded by a mutex.
 *
 * No exception leaves this file: every entry point catches and turns it into
 * a GError.
 */
#include "config.h"
#include "wf-detector-dlib.h"
#include "wf-model-path.h"

#include <cmath>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <vector>

#include <dlib/dnn.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>
#include <dlib/serialize.h>

namespace wf
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
  template <> struct image_traits <wf::GrayView>
  {
    typedef unsigned char pixel_type;
  };
}

namespace
{
  typedef dlib::scan_fhog_pyramid <dlib::pyramid_down <6>> HogScanner;

  double logit (double p)
  {
    p = std::min (std::max (p, 1e-6), 1.0 - 1e-6);
    return std::log (p / (1.0 - p));
  }

  float sigmoid (double s)
  {
    return (float) (1.0 / (1.0 + std::exp (-s)));
  }

  WfFace face_from_rect (const dlib::rectangle & r, double score,
      double scale)
  {
    WfFace f = { };
    f.box.x = (gfloat) (r.left () / scale);
    f.box.y = (gfloat) (r.top () / scale);
    f.box.w = (gfloat) (r.width () / scale);
    f.box.h = (gfloat) (r.height () / scale);
    f.confidence = sigmoid (score);
    return f;
  }

  void set_exception_error (GError ** error, const char *what,
      const char *context)
  {
    g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_FAILED,
        "%s: %s", context, what);
  }

/* ---- HOG ---- */

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

  /* Written at build time by models/wf-make-hog-model from the built-in
   * detector: the same filters, without the second of decoding. */
  const char HOG_MODEL_FILE[] = "dlib_frontal_face_hog.dat";

  gpointer hog_load (const gchar *, gpointer, gsize *, GError ** error)
  {
    HogModel *m = NULL;
    try {
      gchar *path = wf_model_path_find (HOG_MODEL_FILE, NULL);
      m = new HogModel;
      if (path) {
        try {
          dlib::deserialize (path) >> m->detector;
        } catch (const std::exception & e) {
          g_warning ("%s: %s; using dlib's built-in copy", path, e.what ());
          m->detector = dlib::frontal_face_detector ();
        }
        g_free (path);
      }
      if (m->detector.num_detectors () == 0)
        m->detector = dlib::get_frontal_face_detector ();
      return m;
    } catch (const std::exception & e) {
      set_exception_error (error, e.what (), "Could not build dlib's HOG "
          "face detector");
    } catch (...) {
      set_exception_error (error, "unknown exception", "Could not build "
          "dlib's HOG face detector");
    }
    delete m;
    return NULL;
  }

  void hog_free (gpointer model)
  {
    delete static_cast <HogModel *>(model);
  }

  gpointer hog_instance_new (gpointer model, GError ** error)
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
      set_exception_error (error, e.what (), "Could not set up the HOG "
          "detector");
    }
    return NULL;
  }

  void hog_instance_free (gpointer instance)
  {
    delete static_cast <HogInstance *>(instance);
  }

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
    /* unqualified: wf::GrayView brings its own overloads */
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

  gboolean hog_detect (gpointer instance, const WfImage * image,
      const WfDetectParams * params, GArray * faces, GError ** error)
  {
    HogInstance *inst = static_cast <HogInstance *>(instance);

    try {
      wf::GrayView view = { image->data[0], image->height, image->width,
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
      set_exception_error (error, "out of memory", "HOG face detection");
    } catch (const std::exception & e) {
      set_exception_error (error, e.what (), "HOG face detection");
    } catch (...) {
      set_exception_error (error, "unknown exception", "HOG face detection");
    }
    return FALSE;
  }

/* ---- MMOD ---- */

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

extern "C" const WfDetectorOps wf_detector_dlib_hog_ops = {
  "dlib-hog", NULL, WF_PIXEL_GRAY8, 0.5,
  hog_load, hog_free, hog_instance_new, hog_instance_free, hog_detect,
};

extern "C" const WfDetectorOps wf_detector_dlib_mmod_ops = {
  "dlib-mmod", "mmod_human_face_detector.dat", WF_PIXEL_RGB, 0.5,
  mmod_load, mmod_free, mmod_instance_new, mmod_instance_free, mmod_detect,
};
