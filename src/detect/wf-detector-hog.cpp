/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * dlib's frontal HOG face detector, compiled once per instruction set.
 *
 * dlib's HOG search is header-only template code: its pyramid and FHOG
 * features, and our filter loops written with its simd8f, compile to AVX
 * code when __AVX__ is defined, to SSE2 otherwise.  This file is built twice from the same
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
 * banks and thresholds); each instance owns its feature pyramid buffers,
 * so instances run at once without a lock.  dlib builds the pyramid and
 * the FHOG features; the filters run in our loops (see "the filters"
 * below).  With two threads (WfDetectParams.threads) a frame is searched
 * in three parts by the calling thread and the instance's persistent
 * worker thread (SplitSearch below); the detections are merged in a fixed
 * order and go through the detector's own non-maximum suppression, so the
 * boxes are dlib's single pass (rounding aside).
 *
 * No exception leaves this file: every entry point catches it and returns
 * its message.
 */
#include "config.h"
#include "wf-detector-hog.h"
#include "wf-detector-dlib-util.h"

#include <algorithm>
#include <atomic>
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

  struct Detection
  {
    double score;
    dlib::rectangle rect;
  };

/* ---- the filters, in our own loops ----
 *
 * dlib applies a detector to a level of FHOG features (31 planes) as a sum
 * of separable filters (about 60 row/column pairs per detector for the
 * frontal one), each over the whole plane.  Its loops take 8 columns at a
 * time and finish every row one column at a time: at our levels' widths
 * (10 to 80 cells) those scalar tails and the per-pass set-up cost more
 * than the vector work.  Here the planes are copied once per level into
 * rows padded with zeros to whole vectors, so every pass is vector code
 * with the taps in registers.  The arithmetic is dlib's (the same row then
 * column passes, summed in the same order of planes and pairs); only the
 * order of additions inside one pass differs, which moves a score by a few
 * units in the last place.  Filters of other shapes, or dlib's dense path
 * (models whose filters do not separate well), go through dlib's scanner.
 */

  /* Rows and columns of the frontal detector's filters (80 px / 8 px). */
  const int HOG_TAPS = 10;
  const long VEC = 8;

  /* The FHOG features of one pyramid level. */
  struct FhogLevel
  {
    unsigned long level;        /* in dlib's pyramid of the whole image */
    long nr = 0, nc = 0;
    long stride = 0;            /* floats per row, zeros beyond nc */
    std::vector <float> data;   /* the planes one after another */

    const float *plane (long i) const
    {
      return data.data () + i * nr * stride;
    }
  };

  /* Consecutive pyramid levels built from one image. */
  typedef std::vector <FhogLevel> FhogLevels;

  /* A level's filter outputs: columns x < xvecs * VEC of rows padded to
   * @stride, for rows and columns TAPS - 1 fewer than the planes (the
   * positions where the whole window is on the features). */
  long output_vectors (long nc)
  {
    return (nc - HOG_TAPS + 1 + VEC - 1) / VEC;
  }

  /* Rows filtered at once: independent sums keep the multiply-adds
   * flowing (one sum of 10 taps is a chain of 10 dependent additions). */
  const long ROWS = 4;

  /* One separable pass: @out (@nr rows) = or += filter @k over @in, whose
   * taps are @step floats apart: 1 along a row, @stride down a column. */
  void filter_pass (const float *in, long nr, long stride, long xvecs,
      const float *k, long step, float *out, bool add)
  {
    dlib::simd8f kv[HOG_TAPS];
    long r = 0;

    for (int n = 0; n < HOG_TAPS; n++)
      kv[n] = k[n];
    for (; r + ROWS <= nr; r += ROWS) {
      const float *src = in + r * stride;
      float *dst = out + r * stride;
      for (long x = 0; x < xvecs * VEC; x += VEC) {
        dlib::simd8f a0 = 0, a1 = 0, a2 = 0, a3 = 0, p;
        for (int n = 0; n < HOG_TAPS; n++) {
          const float *tap = src + n * step + x;
          p.load (tap);
          a0 += kv[n] * p;
          p.load (tap + stride);
          a1 += kv[n] * p;
          p.load (tap + 2 * stride);
          a2 += kv[n] * p;
          p.load (tap + 3 * stride);
          a3 += kv[n] * p;
        }
        if (add) {
          p.load (dst + x);
          a0 += p;
          p.load (dst + stride + x);
          a1 += p;
          p.load (dst + 2 * stride + x);
          a2 += p;
          p.load (dst + 3 * stride + x);
          a3 += p;
        }
        a0.store (dst + x);
        a1.store (dst + stride + x);
        a2.store (dst + 2 * stride + x);
        a3.store (dst + 3 * stride + x);
      }
    }
    for (; r < nr; r++) {
      const float *src = in + r * stride;
      float *dst = out + r * stride;
      for (long x = 0; x < xvecs * VEC; x += VEC) {
        dlib::simd8f acc = 0, p;
        for (int n = 0; n < HOG_TAPS; n++) {
          p.load (src + n * step + x);
          acc += kv[n] * p;
        }
        if (add) {
          p.load (dst + x);
          acc += p;
        }
        acc.store (dst + x);
      }
    }
  }

  /* Whether our loops can run this detector's filters the way dlib would. */
  bool hog_filters_supported (const dlib::frontal_face_detector & det)
  {
    const HogScanner & s = det.get_scanner ();

    if (s.get_fhog_window_width () != HOG_TAPS ||
        s.get_fhog_window_height () != HOG_TAPS || s.get_padding () != 0)
      return false;
    for (unsigned long d = 0; d < det.num_detectors (); d++) {
      const HogScanner::fhog_filterbank & fb =
          det.get_processed_w (d).get_detect_argument ();
      /* dlib's own test for its dense path (apply_filters_to_fhog) */
      if (fb.filters.empty () || fb.num_separable_filters () >
          fb.filters.size () * std::min (fb.filters[0].nr (),
              fb.filters[0].nc ()) / 3.0)
        return false;
      for (unsigned long i = 0; i < fb.row_filters.size (); i++)
        for (unsigned long j = 0; j < fb.row_filters[i].size (); j++)
          if (fb.row_filters[i][j].size () != HOG_TAPS ||
              fb.col_filters[i][j].size () != HOG_TAPS)
            return false;
    }
    return true;
  }

  /* Filter @d of the detector over @levels, as dlib's scanner detect ()
   * does: the windows scoring at least the filter's threshold + @adjust,
   * with boxes in pixels of the whole image. */
  void hog_scan_levels (const dlib::frontal_face_detector & det,
      unsigned long d, double adjust, const FhogLevels & levels,
      std::vector <Detection> &out)
  {
    const HogScanner & s = det.get_scanner ();
    const HogScanner::fhog_filterbank & fb =
        det.get_processed_w (d).get_detect_argument ();
    const double bias = det.get_w (d) (s.get_num_dimensions ());
    const double thresh = bias + adjust;
    const int cell = s.get_cell_size ();
    const long first = HOG_TAPS / 2;  /* dlib's first_row and first_col */
    dlib::pyramid_down <6> pyr;
    std::vector <float> rows, sums;

    for (const FhogLevel & lv:levels) {
      const long hv = lv.nr - HOG_TAPS + 1, wv = lv.nc - HOG_TAPS + 1;
      const long xvecs = output_vectors (lv.nc);
      bool any = false;

      if (hv <= 0 || wv <= 0)
        continue;
      rows.resize (lv.nr * lv.stride);
      sums.resize (hv * lv.stride);
      for (unsigned long i = 0; i < fb.row_filters.size (); i++) {
        for (unsigned long j = 0; j < fb.row_filters[i].size (); j++) {
          filter_pass (lv.plane (i), lv.nr, lv.stride, xvecs,
              &fb.row_filters[i][j] (0), 1, rows.data (), false);
          filter_pass (rows.data (), hv, lv.stride, xvecs,
              &fb.col_filters[i][j] (0), lv.stride, sums.data (), any);
          any = true;
        }
      }
      /* no separable filter at all: dlib's saliency is zero, its search
       * area empty */
      if (!any)
        continue;
      for (long y = 0; y < hv; y++) {
        const float *row = sums.data () + y * lv.stride;
        for (long x = 0; x < wv; x++) {
          if (row[x] >= thresh) {
            dlib::rectangle r = s.get_feature_extractor ().feats_to_image (
                dlib::centered_rect (dlib::point (x + first, y + first),
                    HOG_TAPS, HOG_TAPS), cell, HOG_TAPS, HOG_TAPS);
            Detection det_;
            det_.score = row[x] - bias;
            det_.rect = pyr.rect_up (r, lv.level);
            out.push_back (det_);
          }
        }
      }
    }
  }

  /* The features of @img (level @first of the whole image's pyramid) and
   * of @count - 1 levels below it, built as dlib's scanner load () builds
   * them, in our padded layout. */
  template <typename Image>
  void hog_build_levels (const HogScanner & s, const Image & img,
      unsigned long first, unsigned long count, FhogLevels & levels)
  {
    dlib::pyramid_down <6> pyr;
    dlib::array <dlib::array2d <float>> planes;
    dlib::array2d <unsigned char> t1, t2;

    levels.resize (count);
    for (unsigned long l = 0; l < count; l++) {
      FhogLevel & lv = levels[l];
      if (l == 0) {
        s.get_feature_extractor () (img, planes, s.get_cell_size (),
            HOG_TAPS, HOG_TAPS);
      } else {
        if (l == 1)
          pyr (img, t1);
        else
          pyr (t2, t1);
        s.get_feature_extractor () (t1, planes, s.get_cell_size (),
            HOG_TAPS, HOG_TAPS);
        swap (t1, t2);
      }
      lv.level = first + l;
      lv.nr = planes[0].nr ();
      lv.nc = planes[0].nc ();
      /* room for the last vector's taps past the last column */
      lv.stride = output_vectors (lv.nc) * VEC + HOG_TAPS - 1;
      /* the same size from frame to frame: no new allocation */
      lv.data.resize (planes.size () * lv.nr * lv.stride);
      for (unsigned long i = 0; i < planes.size (); i++) {
        for (long r = 0; r < lv.nr; r++) {
          float *row = lv.data.data () + (i * lv.nr + r) * lv.stride;
          std::copy (&planes[i][r][0], &planes[i][r][0] + lv.nc, row);
          std::fill (row + lv.nc, row + lv.stride, 0.0f);
        }
      }
    }
  }

  struct HogInstance
  {
    const HogModel *model;
    /* our filter loops apply (else dlib's scanner, one thread) */
    bool own_filters;
    /* features of level 0 (two threads) or of every level (one) */
    FhogLevels near;
    /* two threads: level 1 (down1), and levels 2 and on (down2) */
    FhogLevels level1;
    FhogLevels far;
    dlib::array2d <unsigned char> up, down1, down2;
    HogScanner scanner;         /* dlib's path */
    /* last member: destroyed (joined) first, before what its job uses */
    Worker worker;
  };

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

  /*
   * One frame searched by two threads.  Three parts: level 0 (the image),
   * level 1 (down1) and levels 2 and on (down2).  The calling thread builds
   * the features of levels 0 and 1, the worker shrinks the image twice
   * (handing down1 over as soon as it has it, so it is computed once) and
   * builds the features of the far levels.  The filtering that follows is
   * in tasks of one detector filter over one part (5 filters x 3 parts),
   * which each thread claims from its own parts first and then from the
   * other's: the feature building is split ahead of time, the filtering
   * balances itself, whatever else runs on the cores (the decoder).  Each
   * task writes its own list; they are merged in a fixed order, so the
   * result does not depend on who ran what.
   */
  class SplitSearch
  {
  public:
    enum { LEVEL0, LEVEL1, FAR, N_PARTS };

    SplitSearch (HogInstance * inst, double adjust, unsigned long levels) :
        inst (inst), det (inst->model->detector), adjust (adjust),
        n_levels (levels)
    {
      parts[LEVEL0] = &inst->near;
      parts[LEVEL1] = &inst->level1;
      parts[FAR] = &inst->far;
      for (int k = 0; k < N_PARTS; k++) {
        loaded[k] = false;
        next[k] = 0;
        dets[k].resize (det.num_detectors ());
      }
    }

    /* the worker's side; must not throw */
    template <typename Image>
    void run_far (const Image & img)
    {
      dlib::pyramid_down <6> pyr;
      bool ok = false;

      try {
        pyr (img, inst->down1);
        ok = true;
      } catch (...) {
        far_error = std::current_exception ();
      }
      {
        std::lock_guard <std::mutex> guard (lock);
        down1_state = ok ? READY : FAILED;
      }
      down1_done.notify_all ();
      if (!ok)
        return;

      try {
        pyr (inst->down1, inst->down2);
        hog_build_levels (det.get_scanner (), inst->down2, 2, n_levels - 2,
            inst->far);
        loaded[FAR].store (true, std::memory_order_release);
        run_part (FAR);
        steal (LEVEL0);
        steal (LEVEL1);
      } catch (...) {
        far_error = std::current_exception ();
      }
    }

    /* the calling thread's side; must not throw */
    template <typename Image>
    void run_near (const Image & img)
    {
      try {
        hog_build_levels (det.get_scanner (), img, 0, 1, inst->near);
        loaded[LEVEL0].store (true, std::memory_order_release);
        {
          std::unique_lock <std::mutex> guard (lock);
          down1_done.wait (guard, [this] () {
                return down1_state != PENDING;
              });
          if (down1_state == FAILED)
            return;
        }
        hog_build_levels (det.get_scanner (), inst->down1, 1, 1,
            inst->level1);
        loaded[LEVEL1].store (true, std::memory_order_release);
        run_part (LEVEL0);
        run_part (LEVEL1);
        steal (FAR);
      } catch (...) {
        near_error = std::current_exception ();
      }
    }

    /* After both sides: rethrows their error, or appends the detections. */
    void finish (std::vector <Detection> &all)
    {
      if (near_error)
        std::rethrow_exception (near_error);
      if (far_error)
        std::rethrow_exception (far_error);
      for (int k = 0; k < N_PARTS; k++)
        for (const auto & d:dets[k])
          all.insert (all.end (), d.begin (), d.end ());
    }

  private:
    /* Runs the filters over part @k not yet claimed by either thread. */
    void run_part (int k)
    {
      for (;;) {
        unsigned long i = next[k].fetch_add (1);
        if (i >= dets[k].size ())
          return;
        hog_scan_levels (det, i, adjust, *parts[k], dets[k][i]);
      }
    }

    /* Helps with part @k when its features are built. */
    void steal (int k)
    {
      if (loaded[k].load (std::memory_order_acquire))
        run_part (k);
    }

    HogInstance *inst;
    const dlib::frontal_face_detector & det;
    const double adjust;
    const unsigned long n_levels;
    FhogLevels *parts[N_PARTS];
    std::atomic <bool> loaded[N_PARTS];
    std::atomic <unsigned long> next[N_PARTS];
    /* [part][filter]: each written by the one thread that claimed it */
    std::vector <std::vector <Detection>> dets[N_PARTS];
    std::exception_ptr near_error, far_error;

    std::mutex lock;
    std::condition_variable down1_done;
    /* protected by lock */
    enum { PENDING, READY, FAILED } down1_state = PENDING;
  };

  /* dlib's own scan, for detectors our filter loops do not handle. */
  template <typename Image>
  void hog_run_dlib (HogInstance * inst, const Image & img, double adjust,
      std::vector <Detection> &all)
  {
    const dlib::frontal_face_detector & det = inst->model->detector;
    std::vector <std::pair <double, dlib::rectangle>> dets;

    inst->scanner.load (img);
    for (unsigned long i = 0; i < det.num_detectors (); i++) {
      const double bias = det.get_w (i) (inst->scanner.get_num_dimensions ());
      inst->scanner.detect (det.get_processed_w (i).get_detect_argument (),
          dets, bias + adjust);
      for (const auto & d:dets) {
        Detection x;
        x.score = d.first - bias;
        x.rect = d.second;
        all.push_back (x);
      }
    }
  }

  template <typename Image>
  void hog_run (HogInstance * inst, const Image & img, double adjust,
      int threads, std::vector <Detection> &all)
  {
    const dlib::frontal_face_detector & det = inst->model->detector;
    /* unqualified: GrayView brings its own overloads */
    const long cols = num_columns (img), rows = num_rows (img);
    const unsigned long levels = hog_levels (det.get_scanner (), cols, rows);

    if (!inst->own_filters) {
      hog_run_dlib (inst, img, adjust, all);
      return;
    }

    /* Small images are not worth a hand-over (a few ms in all). */
    if (threads > 1 && levels > 2 && cols * rows >= 160 * 120) {
      SplitSearch split (inst, adjust, levels);

      if (inst->worker.start ([&]() {
                split.run_far (img);
              })) {
        split.run_near (img);
        inst->worker.wait ();
        split.finish (all);
        return;
      }
    }

    /* one thread, every level */
    hog_build_levels (det.get_scanner (), img, 0, levels, inst->near);
    for (unsigned long i = 0; i < det.num_detectors (); i++)
      hog_scan_levels (det, i, adjust, inst->near, all);
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
    inst->own_filters = hog_filters_supported (inst->model->detector);
    if (!inst->own_filters)
      inst->scanner.copy_configuration (inst->model->detector.get_scanner ());
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
