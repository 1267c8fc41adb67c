/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The C front of the face detectors: picks the backend adapter, resolves and
 * checks the model file, gets the model from the process-wide cache, and
 * turns any frame into what the backend wants (through the core's pixel
 * path, wf-pixels.h, then scaled down to detect-width), then maps the boxes
 * back to the caller's pixels.
 */
#include "config.h"
#include "wf-detector.h"
#include "wf-detector-backend.h"
#include "wf-model-cache.h"
#include "wf-model-path.h"
#include "wf-pixels.h"

#if HAVE_DLIB
#include "wf-detector-dlib.h"
#include "wf-detector-hog.h"
#endif
#if HAVE_OPENCV
#include "wf-detector-cv.h"
#endif
#if HAVE_TINYFACE
#include "wf-detector-tiny.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

struct _WfDetector
{
  WfDetectorBackend backend;
  const WfDetectorOps *ops;
  gchar *model_path;            /* NULL for built-in models */
  gpointer model;               /* from the model cache */
  gpointer instance;            /* adapter per-detector state */

  /* scratch buffers, reused from frame to frame */
  guint8 *conv;
  gsize conv_size;
  guint8 *scaled;
  gsize scaled_size;
  gint *xmap;
  gsize xmap_size;
  GArray *found;                /* the backend's boxes for one frame */
};

static const gchar *backend_names[] = { "hog", "haar", "yunet", "mmod", "tiny" };

G_DEFINE_QUARK (wf-detector-error-quark, wf_detector_error);

static const WfDetectorOps *
backend_ops (WfDetectorBackend backend)
{
  switch (backend) {
#if HAVE_DLIB
    case WF_DETECTOR_HOG:
      return wf_detector_hog_ops ();
    case WF_DETECTOR_MMOD:
      return &wf_detector_dlib_mmod_ops;
#endif
#if HAVE_OPENCV
    case WF_DETECTOR_HAAR:
      return &wf_detector_cv_haar_ops;
    case WF_DETECTOR_YUNET:
      return &wf_detector_cv_yunet_ops;
#endif
#if HAVE_TINYFACE
    case WF_DETECTOR_TINY:
      return &wf_detector_tiny_ops;
#endif
    default:
      return NULL;
  }
}

const gchar *
wf_detector_backend_name (WfDetectorBackend backend)
{
  if ((guint) backend >= G_N_ELEMENTS (backend_names))
    return NULL;
  return backend_names[backend];
}

gboolean
wf_detector_backend_from_name (const gchar * name, WfDetectorBackend * backend)
{
  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (backend_names); i++) {
    if (g_ascii_strcasecmp (name, backend_names[i]) == 0) {
      if (backend)
        *backend = (WfDetectorBackend) i;
      return TRUE;
    }
  }
  return FALSE;
}

gboolean
wf_detector_backend_available (WfDetectorBackend backend)
{
  return backend_ops (backend) != NULL;
}

WfDetectorBackend
wf_detector_default_backend (void)
{
#if HAVE_DLIB
  return WF_DETECTOR_HOG;
#else
  return WF_DETECTOR_HAAR;
#endif
}

/* Known even when the backend is not built in, so that callers can name it. */
const gchar *
wf_detector_backend_model_kind (WfDetectorBackend backend)
{
  switch (backend) {
    case WF_DETECTOR_HOG:
      return "dlib-hog";
    case WF_DETECTOR_HAAR:
      return "opencv-haar";
    case WF_DETECTOR_YUNET:
      return "opencv-yunet";
    case WF_DETECTOR_MMOD:
      return "dlib-mmod";
    case WF_DETECTOR_TINY:
      return "wf-tinyface";
    default:
      return NULL;
  }
}

const gchar *
wf_detector_backend_default_file (WfDetectorBackend backend)
{
  const WfDetectorOps *ops = backend_ops (backend);
  return ops ? ops->default_file : NULL;
}

gdouble
wf_detector_default_threshold (WfDetectorBackend backend)
{
  const WfDetectorOps *ops = backend_ops (backend);
  return ops ? ops->default_threshold : 0.5;
}

const gchar *
wf_detector_hog_simd (void)
{
#if HAVE_DLIB
  return wf_detector_hog_variant ();
#else
  return NULL;
#endif
}

gint
wf_detector_auto_threads (void)
{
  /* g_get_num_processors () honours the CPU affinity mask (taskset, cgroup
   * cpusets) */
  return CLAMP ((gint) g_get_num_processors (), 1, WF_DETECT_MAX_THREADS);
}

void
wf_detector_params_init (WfDetectParams * params)
{
  g_return_if_fail (params != NULL);
  memset (params, 0, sizeof (*params));
}

/* Opens and reads the first bytes of @path so that a missing, unreadable or
 * empty file is reported with the system's reason before any backend tries
 * (and fails with a less helpful message). */
static gboolean
check_model_file (const gchar * path, GError ** error)
{
  guint8 byte;
  gssize n;
  int fd, errsv;

  fd = g_open (path, O_RDONLY, 0);
  if (fd < 0) {
    errsv = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
        "Could not open model file %s: %s", path, g_strerror (errsv));
    return FALSE;
  }
  n = read (fd, &byte, 1);
  errsv = errno;
  close (fd);
  if (n < 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
        "Could not read model file %s: %s", path, g_strerror (errsv));
    return FALSE;
  }
  if (n == 0) {
    g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_MODEL,
        "Model file %s is empty", path);
    return FALSE;
  }
  return TRUE;
}

WfDetector *
wf_detector_new (WfDetectorBackend backend, const gchar * model_path,
    GError ** error)
{
  const WfDetectorOps *ops;
  WfDetector *self;
  g_autofree gchar *path = NULL;
  gpointer model, instance;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ops = backend_ops (backend);
  if (ops == NULL) {
    g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_UNAVAILABLE,
        "Face detector backend '%s' is not built in (this build has:%s%s%s)",
        wf_detector_backend_name (backend) ? wf_detector_backend_name (backend)
        : "?", HAVE_DLIB ? " hog mmod" : "", HAVE_OPENCV ? " haar yunet" : "",
        HAVE_TINYFACE ? " tiny" : "");
    return NULL;
  }

  if (model_path && *model_path) {
    path = g_strdup (model_path);
  } else if (ops->default_file) {
    path = wf_model_path_find (ops->default_file, error);
    if (path == NULL)
      return NULL;
  }

  if (path) {
    /* The cache keys on the path: make equal files share one entry. */
    if (!g_path_is_absolute (path)) {
      g_autofree gchar *cwd = g_get_current_dir ();
      gchar *abs = g_build_filename (cwd, path, NULL);
      g_free (path);
      path = abs;
    }
    if (!check_model_file (path, error))
      return NULL;
  }

  model = wf_model_cache_acquire (ops->kind, path, ops->model_load, NULL,
      ops->model_free, error);
  if (model == NULL)
    return NULL;

  instance = ops->instance_new (model, error);
  if (instance == NULL) {
    if (error && *error == NULL)
      g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_FAILED,
          "Could not set up the %s face detector", backend_names[backend]);
    wf_model_cache_release (model);
    return NULL;
  }

  self = g_new0 (WfDetector, 1);
  self->backend = backend;
  self->ops = ops;
  self->model_path = g_steal_pointer (&path);
  self->model = model;
  self->instance = instance;
  return self;
}

void
wf_detector_free (WfDetector * self)
{
  if (self == NULL)
    return;
  self->ops->instance_free (self->instance);
  wf_model_cache_release (self->model);
  g_free (self->model_path);
  g_free (self->conv);
  g_free (self->scaled);
  g_free (self->xmap);
  if (self->found)
    g_array_unref (self->found);
  g_free (self);
}

const gchar *
wf_detector_get_model_path (WfDetector * self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->model_path;
}

WfDetectorBackend
wf_detector_get_backend (WfDetector * self)
{
  g_return_val_if_fail (self != NULL, WF_DETECTOR_HOG);
  return self->backend;
}

static guint8 *
scratch (guint8 ** buf, gsize * size, gsize need)
{
  if (*size < need) {
    g_free (*buf);
    *buf = g_malloc (need);
    *size = need;
  }
  return *buf;
}

/* Area (box filter) downscale of a GRAY8/RGB/BGR image: every output pixel
 * is the mean of the source pixels it covers, so small faces keep their
 * contrast instead of aliasing. */
static void
downscale (WfDetector * self, const WfImage * src, gint ow, gint oh,
    WfImage * dst)
{
  gint ch = src->format == WF_PIXEL_GRAY8 ? 1 : 3;
  gint *x0;
  guint8 *out;

  out = scratch (&self->scaled, &self->scaled_size, (gsize) ow * oh * ch);
  if (self->xmap_size < (gsize) ow + 1) {
    g_free (self->xmap);
    self->xmap = g_new (gint, ow + 1);
    self->xmap_size = ow + 1;
  }
  x0 = self->xmap;
  for (gint x = 0; x <= ow; x++)
    x0[x] = (gint) ((gint64) x * src->width / ow);

  for (gint y = 0; y < oh; y++) {
    gint sy0 = (gint) ((gint64) y * src->height / oh);
    gint sy1 = (gint) ((gint64) (y + 1) * src->height / oh);
    guint8 *d = out + (gsize) y * ow * ch;
    if (sy1 <= sy0)
      sy1 = sy0 + 1;
    for (gint x = 0; x < ow; x++) {
      gint sx0 = x0[x], sx1 = MAX (x0[x + 1], sx0 + 1);
      guint n = (guint) ((sx1 - sx0) * (sy1 - sy0));
      for (gint c = 0; c < ch; c++) {
        guint sum = 0;
        for (gint sy = sy0; sy < sy1; sy++) {
          const guint8 *s = src->data[0] + (gsize) sy * src->stride[0];
          for (gint sx = sx0; sx < sx1; sx++)
            sum += s[sx * ch + c];
        }
        d[x * ch + c] = (sum + n / 2) / n;
      }
    }
  }

  memset (dst, 0, sizeof (*dst));
  dst->format = src->format;
  dst->width = ow;
  dst->height = oh;
  dst->data[0] = out;
  dst->stride[0] = ow * ch;
}

static gint
compare_confidence (gconstpointer a, gconstpointer b)
{
  const WfFace *fa = a, *fb = b;
  return (fa->confidence < fb->confidence) - (fa->confidence > fb->confidence);
}

/* Greedy non-maximum suppression over @found, sorted most confident first
 * and holding only boxes over the threshold: keeps, in place, each box that
 * overlaps no box kept before it by more than @max_iou.  At most
 * WF_DETECTOR_NMS_CANDIDATES are looked at (the rest are less confident
 * than all of them), so the cost is bounded. */
static void
suppress (GArray * found, gfloat max_iou)
{
  guint n = MIN (found->len, WF_DETECTOR_NMS_CANDIDATES), kept = 0;

  for (guint i = 0; i < n; i++) {
    const WfFace *f = &g_array_index (found, WfFace, i);
    gboolean keep = TRUE;
    for (guint j = 0; keep && j < kept; j++)
      keep = wf_rect_iou (&g_array_index (found, WfFace, j).box, &f->box) <=
          max_iou;
    if (keep)
      g_array_index (found, WfFace, kept++) = *f;
  }
  g_array_set_size (found, kept);
}

gboolean
wf_detector_detect (WfDetector * self, const WfImage * image,
    const WfDetectParams * params, GArray * faces, GError ** error)
{
  WfDetectParams p;
  WfImage conv, scaled;
  const WfImage *in;
  GArray *found;
  gdouble scale = 1.0;
  gboolean ok;
  guint added = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (image != NULL, FALSE);
  g_return_val_if_fail (faces != NULL, FALSE);
  g_return_val_if_fail (g_array_get_element_size (faces) == sizeof (WfFace),
      FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (params)
    p = *params;
  else
    wf_detector_params_init (&p);
  if (p.threshold <= 0)
    p.threshold = self->ops->default_threshold;
  p.threshold = CLAMP (p.threshold, 0.0, 1.0);
  p.min_size = MAX (p.min_size, 0);
  if (p.threads <= 0)
    p.threads = wf_detector_auto_threads ();
  p.threads = MIN (p.threads, WF_DETECT_MAX_THREADS);

  /* Nothing can be found in an image smaller than the smallest face asked
   * for, nor in a degenerate one: say so without troubling the backend. */
  if (image->width < 2 || image->height < 2 ||
      image->width < p.min_size || image->height < p.min_size)
    return TRUE;

  if (!wf_image_convert (image, self->ops->input_format, &conv, &self->conv,
          &self->conv_size)) {
    g_set_error (error, WF_DETECTOR_ERROR, WF_DETECTOR_ERROR_FAILED,
        "The %s detector reads no pixel format this front converts to",
        backend_names[self->backend]);
    return FALSE;
  }
  in = &conv;
  if (p.detect_width > 0 && image->width > p.detect_width) {
    gint oh = (gint) ((gint64) image->height * p.detect_width / image->width);
    if (oh >= 2) {
      downscale (self, &conv, p.detect_width, oh, &scaled);
      scale = (gdouble) image->width / p.detect_width;
      in = &scaled;
    }
  }

  /* Auto: bring the working width up to detect-width by doubling, so that
   * small images (stills, low-resolution streams) get the same face sizes
   * as the frames scaled down to it; frames already at detect-width are
   * searched as they are. */
  if (p.upsample == WF_DETECT_UPSAMPLE_AUTO) {
    p.upsample = 0;
    while (p.detect_width > 0 && p.upsample < 2 &&
        ((gint64) in->width << p.upsample) < p.detect_width)
      p.upsample++;
  }
  p.upsample = CLAMP (p.upsample, 0, 2);

  if (self->found == NULL)
    self->found = g_array_new (FALSE, TRUE, sizeof (WfFace));
  found = self->found;
  g_array_set_size (found, 0);
  /* min_size in the pixels the backend sees */
  {
    WfDetectParams bp = p;
    bp.min_size = (gint) (p.min_size / scale);
    ok = self->ops->detect (self->instance, in, &bp, found, error);
  }
  if (!ok)
    return FALSE;

  /* the boxes over the threshold (not a NaN), most confident first */
  {
    guint n = 0;
    for (guint i = 0; i < found->len; i++)
      if (g_array_index (found, WfFace, i).confidence >= p.threshold)
        g_array_index (found, WfFace, n++) = g_array_index (found, WfFace, i);
    g_array_set_size (found, n);
  }
  g_array_sort (found, compare_confidence);
  if (self->ops->nms_iou > 0)
    suppress (found, self->ops->nms_iou);
  for (guint i = 0; i < found->len; i++) {
    WfFace f = g_array_index (found, WfFace, i);
    f.box.x *= scale;
    f.box.y *= scale;
    f.box.w *= scale;
    f.box.h *= scale;
    if (f.has_landmarks)
      for (guint k = 0; k < G_N_ELEMENTS (f.landmarks); k++)
        f.landmarks[k] *= scale;
    /* Clip to the image: backends may return boxes reaching past the edge
     * for faces cut by it. */
    {
      gfloat x1 = CLAMP (f.box.x + f.box.w, 0, image->width);
      gfloat y1 = CLAMP (f.box.y + f.box.h, 0, image->height);
      f.box.x = CLAMP (f.box.x, 0, image->width);
      f.box.y = CLAMP (f.box.y, 0, image->height);
      f.box.w = x1 - f.box.x;
      f.box.h = y1 - f.box.y;
    }
    if (f.box.w < 1 || f.box.h < 1)
      continue;
    if (MAX (f.box.w, f.box.h) < p.min_size)
      continue;
    g_array_append_val (faces, f);
    if (p.max_faces > 0 && ++added >= (guint) p.max_faces)
      break;
  }
  return TRUE;
}
