/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Private to src/detect: what each detector backend adapter provides to the
 * C front (wf-detector.c).  The adapters are C++ (dlib, OpenCV) behind this
 * C interface: opaque pointers, GError for failures, and no exception ever
 * crosses it.
 *
 * A backend has a shared model (loaded once per process through the model
 * cache, immutable or guarded by its own lock) and per-detector instance
 * state (scratch images, the input size a network was set to...).
 */
#pragma once

#include <glib.h>
#include "wf-detector.h"
#include "wf-model-cache.h"

G_BEGIN_DECLS

typedef struct {
  /* model cache kind, e.g. "dlib-hog" */
  const gchar *kind;
  /* default model file name, found with wf_model_path_find; NULL when the
   * backend needs no file */
  const gchar *default_file;
  /* what detect() wants: WF_PIXEL_GRAY8, WF_PIXEL_RGB or WF_PIXEL_BGR */
  WfPixelFormat input_format;
  /* confidence threshold used when the caller passes a negative one */
  gdouble default_threshold;

  WfModelLoadFunc model_load;
  GDestroyNotify model_free;
  gpointer (*instance_new) (gpointer model, GError ** error);
  void (*instance_free) (gpointer instance);
  /* @image is in input_format; @params are resolved (threshold in [0,1],
   * min_size in pixels of @image).  Appends WfFace in pixels of @image. */
  gboolean (*detect) (gpointer instance, const WfImage * image,
      const WfDetectParams * params, GArray * faces, GError ** error);
  /* > 0: the backend appends raw candidates and the front keeps, from the
   * most confident down, those overlapping no kept box by more than this
   * IoU (greedy non-maximum suppression, over the
   * WF_DETECTOR_NMS_CANDIDATES most confident); 0: the backend's boxes are
   * final */
  gfloat nms_iou;
} WfDetectorOps;

/* the most candidates the front's suppression looks at, so that its cost
 * stays bounded however many boxes a frame gives */
#define WF_DETECTOR_NMS_CANDIDATES 256

G_END_DECLS
