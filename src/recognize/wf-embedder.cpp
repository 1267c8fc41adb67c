/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The only translation unit with dlib's face recognition network in it: the
 * network type takes about a gigabyte of compiler memory to instantiate, so
 * the embedder and the tfjs converter share this file (issue 6).
 */
#include "config.h"
#include "wf-embedder.h"
#include "wf-facerec-model.h"
#include "wf-landmarks.h"
#include "wf-model-cache.h"
#include "wf-model-path.h"
#include "wf-pixels.h"
#include "wf-resnet.h"

/* Only the headers needed: dlib/image_processing.h would add every
 * detector's templates to an already heavy translation unit. */
#include <dlib/dnn.h>
#include <dlib/image_processing/full_object_detection.h>
#include <dlib/image_transforms/interpolation.h>

#include <glib/gstdio.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <mutex>
#include <new>
#include <string>
#include <vector>

/* The network of dlib_face_recognition_resnet_model_v1.dat, layer for layer
 * as dlib's dnn_face_recognition_ex.cpp declares it (the file format is the
 * type: any other spelling would not deserialize).  Reading from the input:
 * a 7x7/2 convolution, 3x3/2 max pooling, residual stages of 32, 64, 128 and
 * 256 filters (the first block of each later stage halves the size), global
 * average pooling and a 128-wide fully connected layer without bias. */
namespace wf_resnet
{
  using namespace dlib;

  template <int N, template <typename> class BN, int STRIDE, typename SUB>
  using block = BN<con<N, 3, 3, 1, 1, relu<BN<con<N, 3, 3, STRIDE, STRIDE,
      SUB>>>>>;

  template <template <int, template <typename> class, int, typename> class B,
      int N, template <typename> class BN, typename SUB>
  using residual = add_prev1<B<N, BN, 1, tag1<SUB>>>;

  template <template <int, template <typename> class, int, typename> class B,
      int N, template <typename> class BN, typename SUB>
  using residual_down = add_prev2<avg_pool<2, 2, 2, 2, skip1<tag2<B<N, BN, 2,
      tag1<SUB>>>>>>;

  template <int N, typename SUB>
  using ares = relu<residual<block, N, affine, SUB>>;
  template <int N, typename SUB>
  using ares_down = relu<residual_down<block, N, affine, SUB>>;

  template <typename SUB> using level0 = ares_down<256, SUB>;
  template <typename SUB> using level1 =
      ares<256, ares<256, ares_down<256, SUB>>>;
  template <typename SUB> using level2 =
      ares<128, ares<128, ares_down<128, SUB>>>;
  template <typename SUB> using level3 =
      ares<64, ares<64, ares<64, ares_down<64, SUB>>>>;
  template <typename SUB> using level4 = ares<32, ares<32, ares<32, SUB>>>;

  using anet_type = loss_metric<fc_no_bias<128, avg_pool_everything<
      level0<level1<level2<level3<level4<
      max_pool<3, 3, 2, 2, relu<affine<con<32, 7, 7, 2, 2,
      input_rgb_image_sized<150>>>>>>>>>>>>>;
}

using wf_resnet::anet_type;

G_DEFINE_QUARK (wf-embedder-error-quark, wf_embedder_error)

namespace
{
  /* Collects the parameter tensors of the network, from the loss end to the
   * input (the order dlib visits layers in). */
  struct ConvParams
  {
    dlib::tensor *params;
    long filters, rows, cols, stride;
  };

  struct Collector
  {
    std::vector<ConvParams> *convs;
    std::vector<dlib::affine_ *> *affines;
    dlib::tensor **fc;

    template <long NF, long NR, long NC, int SY, int SX, int PY, int PX>
    void operator() (dlib::con_<NF, NR, NC, SY, SX, PY, PX> & l) const
    {
      convs->push_back ({ &l.get_layer_params (), NF, NR, NC, SY });
    }
    void operator() (dlib::affine_ & l) const
    {
      affines->push_back (&l);
    }
    template <unsigned long N, dlib::fc_bias_mode M>
    void operator() (dlib::fc_<N, M> & l) const
    {
      *fc = &l.get_layer_params ();
    }
  };

}

/* The shared network: the weights of dlib's file, run by wf-resnet.c.  Its
 * workspace is one, so one forward pass at a time. */
struct ResnetModel
{
  WfResnet *net;
  std::mutex lock;

  ~ResnetModel ()
  {
    wf_resnet_free (net);
  }
};

struct _WfEmbedder
{
  ResnetModel *resnet;                  /* from the model cache */
  WfLandmarks *landmarks;               /* from the model cache */
  gchar *resnet_path;
  gchar *landmarks_path;
};

/* Reads the first bytes of @path: G_FILE_ERROR when it cannot be read. */
static gboolean
read_head (const gchar * path, guint8 * head, gsize len, gsize * got,
    GError ** error)
{
  FILE *f = g_fopen (path, "rb");

  if (f == NULL) {
    int saved = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
        "Could not open model file %s: %s", path, g_strerror (saved));
    return FALSE;
  }
  *got = fread (head, 1, len, f);
  fclose (f);
  return TRUE;
}

/* dlib's int encoding: one control byte (number of bytes, 0x80 = negative),
 * then the bytes, least significant first. */
static gboolean
decode_dlib_int (const guint8 * p, gsize len, gsize * pos, gint64 * value)
{
  guint8 ctl;
  guint n;
  guint64 v = 0;

  if (*pos >= len)
    return FALSE;
  ctl = p[(*pos)++];
  n = ctl & 0x0f;
  if (n > 8 || *pos + n > len)
    return FALSE;
  for (guint i = 0; i < n; i++)
    v |= ((guint64) p[*pos + i]) << (8 * i);
  *pos += n;
  *value = (ctl & 0x80) ? -(gint64) v : (gint64) v;
  return TRUE;
}

/* Cheap checks of the file's first bytes, before dlib reads it: dlib trusts
 * the sizes in a file, and a foreign file can ask it for gigabytes. */
static gboolean
check_resnet_head (const gchar * path, GError ** error)
{
  guint8 head[32];
  gsize got = 0, pos = 0;
  gint64 version, len;

  if (!read_head (path, head, sizeof head, &got, error))
    return FALSE;
  /* add_loss_layer: int version 1, then the loss's version string. */
  if (!decode_dlib_int (head, got, &pos, &version) || version != 1
      || !decode_dlib_int (head, got, &pos, &len) || len != 13
      || pos + 13 > got || memcmp (head + pos, "loss_metric_", 12) != 0) {
    g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL,
        "%s is not a dlib face recognition network (expected a dlib "
        "loss_metric network such as %s)", path, WF_EMBEDDER_RESNET_MODEL);
    return FALSE;
  }
  return TRUE;
}

static gboolean
check_landmarks_head (const gchar * path, GError ** error)
{
  guint8 head[16];
  gsize got = 0, pos = 0;
  gint64 version, nr, nc;

  /* Our compact file: wf_landmarks_load () checks all of it. */
  if (wf_landmarks_is_compact (path))
    return TRUE;
  if (!read_head (path, head, sizeof head, &got, error))
    return FALSE;
  /* shape_predictor: int version 1, then the initial shape, a column of
   * 2 * points floats (dlib writes matrix sizes negated). */
  if (!decode_dlib_int (head, got, &pos, &version) || version != 1
      || !decode_dlib_int (head, got, &pos, &nr)
      || !decode_dlib_int (head, got, &pos, &nc)
      || nc != -1 || (nr != -136 && nr != -10)) {
    g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL,
        "%s is not a dlib 68- or 5-point shape predictor (such as %s)",
        path, WF_EMBEDDER_LANDMARKS_MODEL);
    return FALSE;
  }
  return TRUE;
}

static dlib::matrix<dlib::rgb_pixel>
blank_chip (void)
{
  dlib::matrix<dlib::rgb_pixel> chip (WF_EMBEDDER_CHIP_SIZE,
      WF_EMBEDDER_CHIP_SIZE);
  dlib::assign_all_pixels (chip, dlib::rgb_pixel (0, 0, 0));
  return chip;
}

/* Hands the weights of @net, read from dlib's file by dlib, to
 * wf-resnet.c (which copies them). */
static WfResnet *
resnet_from_dlib (anet_type & net, GError ** error)
{
  std::vector<ConvParams> convs;
  std::vector<dlib::affine_ *> affines;
  std::vector<WfResnetConv> layers;
  dlib::tensor *fc = NULL;
  const auto & input = net.input_layer ();
  const gfloat mean[3] = { input.get_avg_red (), input.get_avg_green (),
    input.get_avg_blue ()
  };

  dlib::visit_computational_layers (net, Collector { &convs, &affines, &fc });
  if (convs.size () != affines.size () || fc == NULL
      || fc->size () != (size_t) 256 * WF_RESNET_OUTPUT_DIM) {
    g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL,
        "unexpected layers: %zu convolutions, %zu affine layers, a %s "
        "output matrix", convs.size (), affines.size (),
        fc ? "misshapen" : "missing");
    return NULL;
  }
  /* Visiting went from the output: the last collected is the first. */
  for (size_t i = convs.size (); i-- > 0;) {
    const ConvParams & cv = convs[i];
    dlib::affine_ & af = *affines[i];
    WfResnetConv l = { };
    const long taps = cv.filters * cv.rows * cv.cols;

    if (cv.rows != cv.cols || af.get_gamma ().size () != (size_t) cv.filters
        || af.get_beta ().size () != (size_t) cv.filters
        || cv.params->size () % taps != (size_t) cv.filters) {
      g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL,
          "convolution %zu (%ldx%ld, %ld filters) or its affine layer (%zu "
          "gammas) is not that network's", convs.size () - i, cv.rows,
          cv.cols, cv.filters, af.get_gamma ().size ());
      return NULL;
    }
    l.out_channels = (guint) cv.filters;
    l.in_channels = (guint) (cv.params->size () / taps);
    l.size = (guint) cv.rows;
    l.stride = (guint) cv.stride;
    l.filters = cv.params->host ();
    l.bias = l.filters + (size_t) taps * l.in_channels;
    l.gamma = af.get_gamma ().host ();
    l.beta = af.get_beta ().host ();
    layers.push_back (l);
  }
  return wf_resnet_new (layers.data (), (guint) layers.size (), fc->host (),
      mean, error);
}

static gpointer
load_resnet (const gchar * path, gpointer user_data, gsize * bytes,
    GError ** error)
{
  ResnetModel *r = NULL;
  GError *err = NULL;

  (void) user_data;
  if (!check_resnet_head (path, error))
    return NULL;

  try {
    /* dlib reads its own file; the network lives only until its weights
     * are copied out */
    auto net = std::make_unique<anet_type> ();
    dlib::deserialize (path) >> *net;
    r = new ResnetModel;
    r->net = resnet_from_dlib (*net, &err);
  }
  catch (const std::exception & e) {
    delete r;
    g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL,
        "%s is not a usable dlib face recognition network (truncated or "
        "of another architecture?): %s", path, e.what ());
    return NULL;
  }
  if (r->net == NULL) {
    delete r;
    g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL,
        "%s is not dlib's face recognition network: %s", path, err->message);
    g_error_free (err);
    return NULL;
  }
  /* what stays is exactly ours; the model cache gives dlib's copy back */
  *bytes = wf_resnet_get_bytes (r->net);
  return r;
}

static void
free_resnet (gpointer data)
{
  delete static_cast < ResnetModel * >(data);
}

/* The compact predictor (wf-landmarks.h), not dlib::shape_predictor: the
 * same landmarks in half the memory, and the file is streamed, so loading
 * never holds the full-precision model either. */
static gpointer
load_landmarks (const gchar * path, gpointer user_data, gsize * bytes,
    GError ** error)
{
  WfLandmarks *lm;
  GError *err = NULL;

  (void) user_data;
  if (!check_landmarks_head (path, error))
    return NULL;

  lm = wf_landmarks_load (path, &err);
  if (lm == NULL) {
    if (err->domain == WF_LANDMARKS_ERROR) {
      g_set_error_literal (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL,
          err->message);
      g_error_free (err);
    } else {
      g_propagate_error (error, err);
    }
    return NULL;
  }
  if (wf_landmarks_n_points (lm) != 68 && wf_landmarks_n_points (lm) != 5) {
    g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL,
        "%s predicts %u landmarks; face alignment needs 68 or 5", path,
        wf_landmarks_n_points (lm));
    wf_landmarks_free (lm);
    return NULL;
  }
  /* What it holds, counted exactly (its arrays), not a heap estimate. */
  *bytes = wf_landmarks_bytes (lm);
  return lm;
}

static void
free_landmarks (gpointer data)
{
  wf_landmarks_free (static_cast < WfLandmarks * >(data));
}

/* An explicit path, made absolute so that one file has one cache entry, or
 * the default file found on the model path. */
static gchar *
resolve_model (const gchar * path, const gchar * basename, GError ** error)
{
  if (path == NULL || *path == '\0')
    return wf_model_path_find (basename, error);
  if (!g_file_test (path, G_FILE_TEST_EXISTS)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
        "Model file %s does not exist", path);
    return NULL;
  }
  return g_canonicalize_filename (path, NULL);
}

WfEmbedder *
wf_embedder_new (const gchar * resnet_path, const gchar * landmarks_path,
    GError ** error)
{
  WfEmbedder *self;
  GError *err = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (WfEmbedder, 1);
  self->resnet_path = resolve_model (resnet_path, WF_EMBEDDER_RESNET_MODEL,
      error);
  if (self->resnet_path == NULL)
    goto failed;
  /* By default the compact file built from the .dat (models/meson.build)
   * when there is one: the same model, loaded in a fraction of the time. */
  if (landmarks_path == NULL || *landmarks_path == '\0')
    self->landmarks_path = wf_model_path_find (WF_LANDMARKS_COMPACT_MODEL,
        NULL);
  if (self->landmarks_path == NULL)
    self->landmarks_path = resolve_model (landmarks_path,
        WF_EMBEDDER_LANDMARKS_MODEL, error);
  if (self->landmarks_path == NULL)
    goto failed;

  self->resnet = static_cast < ResnetModel * >(wf_model_cache_acquire
      (WF_MODEL_KIND_DLIB_RESNET, self->resnet_path, load_resnet, NULL,
          free_resnet, error));
  if (self->resnet == NULL)
    goto failed;
  self->landmarks = static_cast < WfLandmarks * >
      (wf_model_cache_acquire (WF_MODEL_KIND_DLIB_SHAPE_PREDICTOR,
          self->landmarks_path, load_landmarks, NULL, free_landmarks, &err));
  /* A broken compact file found by default: say so, and use the .dat it
   * was made from, as when there is none. */
  if (self->landmarks == NULL && (landmarks_path == NULL
          || *landmarks_path == '\0')
      && g_str_has_suffix (self->landmarks_path, WF_LANDMARKS_COMPACT_MODEL)) {
    g_warning ("%s; using %s instead", err->message,
        WF_EMBEDDER_LANDMARKS_MODEL);
    g_clear_error (&err);
    g_free (self->landmarks_path);
    self->landmarks_path = resolve_model (NULL, WF_EMBEDDER_LANDMARKS_MODEL,
        &err);
    if (self->landmarks_path != NULL)
      self->landmarks = static_cast < WfLandmarks * >
          (wf_model_cache_acquire (WF_MODEL_KIND_DLIB_SHAPE_PREDICTOR,
              self->landmarks_path, load_landmarks, NULL, free_landmarks,
              &err));
  }
  if (self->landmarks == NULL) {
    g_propagate_error (error, err);
    goto failed;
  }

  return self;

  /* ERRORS */
failed:
  wf_embedder_free (self);
  return NULL;
}

void
wf_embedder_free (WfEmbedder * self)
{
  if (self == NULL)
    return;
  if (self->resnet)
    wf_model_cache_release (self->resnet);
  if (self->landmarks)
    wf_model_cache_release (self->landmarks);
  g_free (self->resnet_path);
  g_free (self->landmarks_path);
  g_free (self);
}

const gchar *
wf_embedder_get_resnet_path (WfEmbedder * self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->resnet_path;
}

const gchar *
wf_embedder_get_landmarks_path (WfEmbedder * self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->landmarks_path;
}

/* ---- frames to dlib images ---- */

static gboolean
check_image (const WfImage * im, GError ** error)
{
  gint min_stride;
  guint planes = 1;

  if (im == NULL || im->width <= 0 || im->height <= 0
      || im->data[0] == NULL) {
    g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_INPUT,
        "Empty image");
    return FALSE;
  }
  switch (im->format) {
    case WF_PIXEL_GRAY8:
    case WF_PIXEL_I420:
    case WF_PIXEL_NV12:
      min_stride = im->width;
      break;
    case WF_PIXEL_RGB:
    case WF_PIXEL_BGR:
      min_stride = im->width * 3;
      break;
    case WF_PIXEL_RGBX:
    case WF_PIXEL_BGRX:
    case WF_PIXEL_RGBA:
    case WF_PIXEL_BGRA:
      min_stride = im->width * 4;
      break;
    default:
      g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_INPUT,
          "Unknown pixel format %d", (int) im->format);
      return FALSE;
  }
  if (im->format == WF_PIXEL_I420)
    planes = 3;
  else if (im->format == WF_PIXEL_NV12)
    planes = 2;
  if (im->stride[0] < min_stride) {
    g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_INPUT,
        "Row stride %d too small for %d pixels", im->stride[0], im->width);
    return FALSE;
  }
  for (guint i = 1; i < planes; i++) {
    if (im->data[i] == NULL || im->stride[i] < (im->width + 1) / 2
        * (im->format == WF_PIXEL_NV12 ? 2 : 1)) {
      g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_INPUT,
          "Chroma plane %u missing or too narrow", i);
      return FALSE;
    }
  }
  return TRUE;
}

/* Copies the pixels of @im inside @area (clipped to the image) into @out,
 * as RGB, through the core's pixel path; returns the clipped area (image
 * coordinates). */
static dlib::rectangle
crop_rgb (const WfImage * im, const dlib::rectangle & area,
    dlib::matrix<dlib::rgb_pixel> & out)
{
  dlib::rectangle r = area.intersect (dlib::rectangle (0, 0, im->width - 1,
          im->height - 1));

  out.set_size (r.height (), r.width ());
  if (r.is_empty ())
    return r;
  static_assert (sizeof (dlib::rgb_pixel) == 3, "packed RGB pixels");
  wf_image_convert_area (im, WF_PIXEL_RGB, r.left (), r.top (), r.width (),
      r.height (), reinterpret_cast<guint8 *>(&out (0, 0)),
      (gsize) r.width () * 3);
  return r;
}

/* Landmarks and chip of one face.  Works on two small crops of the frame,
 * never on a full-frame copy: one around the box for the landmarks (the
 * predictor reads pixels near the box only), then the bounding box of the
 * rotated chip rectangle for the chip. */
static gboolean
align_face (WfEmbedder * self, const WfImage * im, const WfRect * face,
    dlib::matrix<dlib::rgb_pixel> & chip, gfloat * landmarks, GError ** error)
{
  dlib::matrix<dlib::rgb_pixel> crop;
  dlib::rectangle box, area, got;
  dlib::full_object_detection shape;
  dlib::chip_details details;
  long margin;

  if (!std::isfinite (face->x) || !std::isfinite (face->y)
      || !std::isfinite (face->w) || !std::isfinite (face->h)
      || face->w < 1 || face->h < 1
      || face->x + face->w <= 0 || face->y + face->h <= 0
      || face->x >= im->width || face->y >= im->height
      || face->w > 65536 || face->h > 65536
      || std::fabs (face->x) > 65536 || std::fabs (face->y) > 65536) {
    g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_INPUT,
        "Face box %gx%g at (%g, %g) does not lie in the %dx%d image",
        face->w, face->h, face->x, face->y, im->width, im->height);
    return FALSE;
  }

  box = dlib::rectangle (std::lround (face->x), std::lround (face->y),
      std::lround (face->x + face->w) - 1, std::lround (face->y + face->h) - 1);
  margin = MAX (box.width (), box.height ()) / 2 + 2;
  got = crop_rgb (im, dlib::grow_rect (box, margin), crop);
  {
    /* The predictor reads grey as dlib's does from RGB: (r + g + b) / 3. */
    const guint n = wf_landmarks_n_points (self->landmarks);
    std::vector<guint8> grey ((gsize) crop.size ());
    std::vector<gfloat> pts (2 * n);
    std::vector<dlib::point> parts (n);
    const dlib::rectangle b = dlib::translate_rect (box, -got.tl_corner ());

    for (long y = 0; y < crop.nr (); y++)
      for (long x = 0; x < crop.nc (); x++) {
        const dlib::rgb_pixel & p = crop (y, x);
        grey[y * crop.nc () + x] =
            (guint8) (((guint) p.red + p.green + p.blue) / 3);
      }
    wf_landmarks_predict (self->landmarks, grey.data (), crop.nc (),
        crop.nr (), crop.nc (), b.left (), b.top (), b.right (), b.bottom (),
        pts.data ());
    /* Whole pixels, rounded as dlib rounds its landmarks, then back to
     * image coordinates. */
    for (guint i = 0; i < n; i++) {
      parts[i] = dlib::point ((long) std::floor (pts[2 * i] + 0.5),
          (long) std::floor (pts[2 * i + 1] + 0.5)) + got.tl_corner ();
      if (landmarks) {
        landmarks[2 * i] = parts[i].x ();
        landmarks[2 * i + 1] = parts[i].y ();
      }
    }
    shape = dlib::full_object_detection (box, parts);
  }
  details = dlib::get_face_chip_details (shape, WF_EMBEDDER_CHIP_SIZE, 0.25);

  /* The chip samples a rotated rectangle: crop its bounding box, with a
   * pixel to spare for the bilinear interpolation. */
  {
    dlib::drectangle d (details.rect);
    dlib::dpoint c = dlib::center (d);
    double ca = std::cos (details.angle), sa = std::sin (details.angle);
    double hw = d.width () / 2, hh = d.height () / 2;
    double ex = std::fabs (hw * ca) + std::fabs (hh * sa);
    double ey = std::fabs (hw * sa) + std::fabs (hh * ca);
    area = dlib::rectangle ((long) std::floor (c.x () - ex) - 2,
        (long) std::floor (c.y () - ey) - 2,
        (long) std::ceil (c.x () + ex) + 2, (long) std::ceil (c.y () + ey) + 2);
  }
  got = crop_rgb (im, area, crop);
  if (got.is_empty ()) {
    /* The chip lies outside the frame: extract_image_chip would give a
     * black chip too. */
    chip = blank_chip ();
    return TRUE;
  }
  details.rect = dlib::translate_rect (details.rect,
      -dlib::dpoint (got.tl_corner ()));
  dlib::extract_image_chip (crop, details, chip);
  return TRUE;
}

static void
describe_chip (WfEmbedder * self, const dlib::matrix<dlib::rgb_pixel> & chip,
    gfloat * out)
{
  static_assert (sizeof (dlib::rgb_pixel) == 3, "packed RGB pixels");
  g_assert (chip.nr () == WF_RESNET_INPUT_SIZE
      && chip.nc () == WF_RESNET_INPUT_SIZE);

  std::lock_guard<std::mutex> guard (self->resnet->lock);
  wf_resnet_describe (self->resnet->net,
      reinterpret_cast<const guint8 *>(&chip (0, 0)), out);
}

gboolean
wf_embedder_align (WfEmbedder * self, const WfImage * image,
    const WfRect * face, guint8 * chip, gfloat * landmarks, GError ** error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (face != NULL && chip != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_image (image, error))
    return FALSE;
  try {
    dlib::matrix<dlib::rgb_pixel> m;
    if (!align_face (self, image, face, m, landmarks, error))
      return FALSE;
    for (long y = 0; y < WF_EMBEDDER_CHIP_SIZE; y++)
      for (long x = 0; x < WF_EMBEDDER_CHIP_SIZE; x++) {
        guint8 *p = chip + (y * WF_EMBEDDER_CHIP_SIZE + x) * 3;
        p[0] = m (y, x).red;
        p[1] = m (y, x).green;
        p[2] = m (y, x).blue;
      }
  }
  catch (const std::exception & e) {
    g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_FAILED,
        "Face alignment failed: %s", e.what ());
    return FALSE;
  }
  return TRUE;
}

gboolean
wf_embedder_compute_chips (WfEmbedder * self, const guint8 * chips,
    guint n_chips, gfloat * out, GError ** error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (chips != NULL || n_chips == 0, FALSE);
  g_return_val_if_fail (out != NULL || n_chips == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  try {
    dlib::matrix<dlib::rgb_pixel> m (WF_EMBEDDER_CHIP_SIZE,
        WF_EMBEDDER_CHIP_SIZE);
    for (guint i = 0; i < n_chips; i++) {
      const guint8 *c = chips + (gsize) i * WF_EMBEDDER_CHIP_BYTES;
      for (long y = 0; y < WF_EMBEDDER_CHIP_SIZE; y++)
        for (long x = 0; x < WF_EMBEDDER_CHIP_SIZE; x++, c += 3)
          m (y, x) = dlib::rgb_pixel (c[0], c[1], c[2]);
      describe_chip (self, m, out + (gsize) i * WF_DESCRIPTOR_DIM);
    }
  }
  catch (const std::exception & e) {
    g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_FAILED,
        "Face descriptor failed: %s", e.what ());
    return FALSE;
  }
  return TRUE;
}

gboolean
wf_embedder_compute (WfEmbedder * self, const WfImage * image,
    const WfRect * faces, guint n_faces, gfloat * out, GError ** error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (faces != NULL || n_faces == 0, FALSE);
  g_return_val_if_fail (out != NULL || n_faces == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_image (image, error))
    return FALSE;
  try {
    dlib::matrix<dlib::rgb_pixel> chip;
    for (guint i = 0; i < n_faces; i++) {
      if (!align_face (self, image, &faces[i], chip, NULL, error))
        return FALSE;
      describe_chip (self, chip, out + (gsize) i * WF_DESCRIPTOR_DIM);
    }
  }
  catch (const std::exception & e) {
    g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_FAILED,
        "Face descriptor failed: %s", e.what ());
    return FALSE;
  }
  return TRUE;
}

/* ---- the converter ---- */

namespace
{
  struct SetConvMode
  {
    void operator() (dlib::affine_ & l) const
    {
      l = dlib::affine_ (dlib::CONV_MODE);
    }
  };

  struct ConvertError : std::runtime_error
  {
    using std::runtime_error::runtime_error;
  };

  const WfTfjsTensor *
  find_tensor (const WfTfjsTensor * tensors, guint n, const std::string & name,
      std::initializer_list<guint> shape)
  {
    for (guint i = 0; i < n; i++) {
      if (name != tensors[i].name)
        continue;
      bool ok = tensors[i].n_dims == shape.size ();
      guint d = 0;
      for (guint s : shape) {
        if (ok && tensors[i].shape[d] != s)
          ok = false;
        d++;
      }
      if (!ok) {
        std::string want;
        for (guint s : shape)
          want += (want.empty ()? "" : ",") + std::to_string (s);
        throw ConvertError ("tensor " + name + " has the wrong shape (want ["
            + want + "])");
      }
      return &tensors[i];
    }
    throw ConvertError ("tensor " + name + " is missing");
  }

  /* tfjs names of the conv+scale pairs from the input to the output; in each
   * residual block conv1 is the input-side pair. */
  std::vector<std::string>
  tfjs_conv_names (void)
  {
    static const char *blocks[] = {
      "conv32_1", "conv32_2", "conv32_3",
      "conv64_down", "conv64_1", "conv64_2", "conv64_3",
      "conv128_down", "conv128_1", "conv128_2",
      "conv256_down", "conv256_1", "conv256_2", "conv256_down_out",
    };
    std::vector<std::string> names { "conv32_down" };
    for (const char *b : blocks) {
      names.push_back (std::string (b) + "/conv1");
      names.push_back (std::string (b) + "/conv2");
    }
    return names;
  }
}

gboolean
wf_facerec_model_from_tfjs (const WfTfjsTensor * tensors, guint n_tensors,
    const gchar * out_path, GError ** error)
{
  g_autofree gchar *tmp_path = NULL;

  g_return_val_if_fail (tensors != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  tmp_path = g_strconcat (out_path, ".tmp", NULL);
  /* Say early, and as a file error, when the output cannot be written. */
  {
    FILE *f = g_fopen (tmp_path, "wb");
    if (f == NULL) {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
          "Could not write %s: %s", tmp_path, g_strerror (saved));
      return FALSE;
    }
    fclose (f);
  }
  try {
    auto net = std::make_unique<anet_type> ();
    std::vector<ConvParams> convs;
    std::vector<dlib::affine_ *> affines;
    dlib::tensor *fc = NULL;
    std::vector<std::string> names = tfjs_conv_names ();
    dlib::matrix<float, 0, 1> expected;

    /* The tfjs scale layers hold one gamma and beta per channel. */
    dlib::visit_computational_layers (*net, SetConvMode ());
    /* A first pass sizes and allocates every parameter tensor. */
    (*net) (blank_chip ());
    dlib::visit_computational_layers (*net,
        Collector { &convs, &affines, &fc });
    if (convs.size () != names.size () || affines.size () != names.size ()
        || fc == NULL)
      throw ConvertError ("unexpected network layout");

    /* Visiting went from the output: pair it with the reversed names. */
    for (size_t i = 0; i < names.size (); i++) {
      const std::string & base = names[names.size () - 1 - i];
      ConvParams & cv = convs[i];
      dlib::affine_ & af = *affines[i];
      const long out_ch = cv.filters, kh = cv.rows, kw = cv.cols;
      const long in_ch = (long) (cv.params->size () - out_ch)
          / (out_ch * kh * kw);
      const WfTfjsTensor *f = find_tensor (tensors, n_tensors,
          base + "/conv/filters", { (guint) kh, (guint) kw, (guint) in_ch,
            (guint) out_ch });
      const WfTfjsTensor *b = find_tensor (tensors, n_tensors,
          base + "/conv/bias", { (guint) out_ch });
      const WfTfjsTensor *g = find_tensor (tensors, n_tensors,
          base + "/scale/weights", { (guint) out_ch });
      const WfTfjsTensor *be = find_tensor (tensors, n_tensors,
          base + "/scale/biases", { (guint) out_ch });
      /* dlib divides the mean-subtracted input by 256, face-api by 255:
       * the first convolution absorbs the difference. */
      const float in_scale = base == "conv32_down" ? 256.0f / 255.0f : 1.0f;
      float *p = cv.params->host ();

      /* tfjs [kh][kw][in][out] -> dlib [out][in][kh][kw], then biases. */
      for (long o = 0; o < out_ch; o++)
        for (long c = 0; c < in_ch; c++)
          for (long y = 0; y < kh; y++)
            for (long x = 0; x < kw; x++)
              p[((o * in_ch + c) * kh + y) * kw + x] =
                  f->data[((y * kw + x) * in_ch + c) * out_ch + o] * in_scale;
      memcpy (p + out_ch * in_ch * kh * kw, b->data, out_ch * sizeof (float));

      if (af.get_gamma ().size () != (size_t) out_ch)
        throw ConvertError ("affine layer of " + base + " has "
            + std::to_string (af.get_gamma ().size ()) + " gammas");
      memcpy (af.get_gamma ().host (), g->data, out_ch * sizeof (float));
      memcpy (af.get_beta ().host (), be->data, out_ch * sizeof (float));
    }
    {
      const WfTfjsTensor *w = find_tensor (tensors, n_tensors, "fc",
          { 256, 128 });
      if (fc->size () != 256 * 128)
        throw ConvertError ("unexpected fc size");
      /* dlib's fc_ multiplies by a (inputs x outputs) matrix, as tfjs'
       * matMul does: same layout. */
      memcpy (fc->host (), w->data, 256 * 128 * sizeof (float));
    }

    /* What the network says about a grey chip, to check the file by. */
    {
      dlib::matrix<dlib::rgb_pixel> grey (WF_EMBEDDER_CHIP_SIZE,
          WF_EMBEDDER_CHIP_SIZE);
      dlib::assign_all_pixels (grey, dlib::rgb_pixel (128, 128, 128));
      expected = (*net) (grey);
    }

    /* Drop the activations and gradients: only parameters go in the file. */
    net->clean ();
    dlib::serialize (tmp_path) << *net;
    net.reset ();

    /* Read it back the way every user will. */
    {
      auto check = std::make_unique<anet_type> ();
      dlib::matrix<dlib::rgb_pixel> grey (WF_EMBEDDER_CHIP_SIZE,
          WF_EMBEDDER_CHIP_SIZE);
      dlib::deserialize (tmp_path) >> *check;
      dlib::assign_all_pixels (grey, dlib::rgb_pixel (128, 128, 128));
      dlib::matrix<float, 0, 1> got = (*check) (grey);
      if (got.size () != WF_DESCRIPTOR_DIM
          || dlib::max (dlib::abs (got - expected)) > 1e-6)
        throw ConvertError ("the written file computes other descriptors");
    }
  }
  catch (const std::exception & e) {
    g_unlink (tmp_path);
    g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL,
        "Could not convert the face recognition model to %s: %s", out_path,
        e.what ());
    return FALSE;
  }

  if (g_rename (tmp_path, out_path) != 0) {
    int saved = errno;
    g_unlink (tmp_path);
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
        "Could not write %s: %s", out_path, g_strerror (saved));
    return FALSE;
  }
  return TRUE;
}

gboolean
wf_facerec_model_describe_with_dlib (const gchar * path, const guint8 * chips,
    guint n_chips, gfloat * out, GError ** error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (chips != NULL || n_chips == 0, FALSE);
  g_return_val_if_fail (out != NULL || n_chips == 0, FALSE);

  try {
    auto net = std::make_unique<anet_type> ();
    dlib::matrix<dlib::rgb_pixel> m (WF_EMBEDDER_CHIP_SIZE,
        WF_EMBEDDER_CHIP_SIZE);

    dlib::deserialize (path) >> *net;
    for (guint i = 0; i < n_chips; i++) {
      const guint8 *c = chips + (gsize) i * WF_EMBEDDER_CHIP_BYTES;
      dlib::matrix<float, 0, 1> d;

      for (long y = 0; y < WF_EMBEDDER_CHIP_SIZE; y++)
        for (long x = 0; x < WF_EMBEDDER_CHIP_SIZE; x++, c += 3)
          m (y, x) = dlib::rgb_pixel (c[0], c[1], c[2]);
      d = (*net) (m);
      for (long k = 0; k < WF_DESCRIPTOR_DIM; k++)
        out[(gsize) i * WF_DESCRIPTOR_DIM + k] = d (k);
    }
  }
  catch (const std::exception & e) {
    g_set_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL,
        "dlib could not run %s: %s", path, e.what ());
    return FALSE;
  }
  return TRUE;
}
