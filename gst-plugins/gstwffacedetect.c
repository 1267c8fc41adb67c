/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:element-facedetect
 * @title: facedetect
 * @see_also: facematch, occupancy
 *
 * Finds faces in raw video and attaches one #GstVideoRegionOfInterestMeta
 * per face (roi_type "face") carrying a "detection" parameter structure:
 *
 * - "confidence" (gdouble): score in [0,1]
 * - "x", "y", "w", "h" (gdouble): the box, normalised to the frame size
 * - "backend" (gchararray): hog, haar, yunet, mmod or tiny
 * - "carried" (gboolean): TRUE when the box was found on an earlier frame
 *   (#GstWfFaceDetect:interval > 1) and repeated on this one
 * - "landmarks" (GstValueArray of gdouble, yunet only): 5 points as
 *   normalised x,y pairs: eyes, nose tip, mouth corners
 *
 * Unless #GstWfFaceDetect:message is FALSE it posts an element message
 * named "facedetect" for every frame, with the fields:
 *
 * - "timestamp" (GstClockTime): buffer timestamp
 * - "stream-time" (GstClockTime)
 * - "running-time" (GstClockTime)
 * - "duration" (GstClockTime)
 * - "faces" (GstValueList of GstStructure "face"): the fields of the
 *   "detection" structure above, one per face, most confident first
 * - "motion", "analysed" (gboolean): motion seen, the detector run
 * - "gate" (gchararray): off, start (first frame, whole scene changed),
 *   idle, motion, track (live faces, no motion)
 * - "analysed-fraction" (gdouble): of the frames since the start
 *
 * The motion gate (#GstWfFaceDetect:motion-gate, on by default) runs the
 * detector only where and when something moves or faces are live; frames
 * it skips carry the live boxes flagged "carried", or none (docs/motion.md).
 *
 * Backends: "hog" (dlib's frontal HOG detector, no file, the default when
 * built with dlib), "haar" (an OpenCV cascade, default
 * haarcascade_frontalface_alt2.xml from opencv-data; the default without
 * dlib), "yunet" (OpenCV's FaceDetectorYN with
 * face_detection_yunet_2022mar.onnx) and "mmod" (dlib's CNN,
 * mmod_human_face_detector.dat).  Grey backends (hog, haar) read the luma
 * plane of YUV input as is.  Models are loaded when the element starts and
 * are shared by every facedetect with the same backend and file in the
 * process.
 *
 * The defaults search every frame at a working width of 640 pixels:
 * wider frames are scaled down to #GstWfFaceDetect:detect-width, and with
 * #GstWfFaceDetect:upsample -1 (auto) narrower ones are doubled (hog, mmod)
 * until they reach it, so that stills and small streams keep their small
 * faces.  #GstWfFaceDetect:threads 0 (auto) splits the hog search of each
 * frame over two threads when the process may use two CPUs.
 *
 * A missing, unreadable or corrupt model fails the start with a RESOURCE
 * error naming the file and the reason.
 *
 * See docs/facedetect.md, also for the name clash with gst-plugins-bad's
 * facedetect.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 -m filesrc location=faces.mp4 ! decodebin ! videoconvert ! facedetect draw=true ! videoconvert ! autovideosink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwffacedetect.h"
#include "gstwfdraw.h"
#include "gstwfmotiongate.h"
#include "gstwfvideo.h"

#include <gst/video/video.h>
#include <string.h>

#include "wf-detector.h"
#include "wf-meta.h"

GST_DEBUG_CATEGORY_STATIC (gst_wf_face_detect_debug);

#define GST_CAT_DEFAULT gst_wf_face_detect_debug

/* 640 keeps the faces of 640x360 video at full size and halves 1280x720
 * (where faces are large enough to lose nothing): see docs/facedetect.md
 * and docs/benchmarks.md for the figures behind it. */
#define DEFAULT_DETECT_WIDTH 640
#define DEFAULT_MIN_SIZE 0
#define DEFAULT_INTERVAL 1
#define DEFAULT_THRESHOLD 0.0
#define DEFAULT_MAX_FACES 0
/* auto: small images are doubled up to detect-width (see the blurb) */
#define DEFAULT_UPSAMPLE WF_DETECT_UPSAMPLE_AUTO
#define DEFAULT_THREADS 0
#define DEFAULT_DRAW FALSE
#define DEFAULT_MESSAGE TRUE

/* Narrower than this nothing can be found; a typo like detect-width=1 is
 * refused rather than silently finding nothing. */
#define MIN_DETECT_WIDTH 32

enum
{
  PROP_0,
  PROP_BACKEND,
  PROP_MODEL,
  PROP_MIN_SIZE,
  PROP_DETECT_WIDTH,
  PROP_INTERVAL,
  PROP_THRESHOLD,
  PROP_MAX_FACES,
  PROP_UPSAMPLE,
  PROP_THREADS,
  PROP_DRAW,
  PROP_MESSAGE,
  PROP_GATE_FIRST,              /* motion-gate and co., gstwfmotiongate.c */
};

struct _GstWfFaceDetect
{
  GstVideoFilter parent;

  /* properties, protected by the object lock */
  WfDetectorBackend backend;
  gchar *model;
  gint min_size;
  gint detect_width;
  guint interval;
  gdouble threshold;
  gint max_faces;
  gint upsample;
  gint threads;
  gboolean draw;
  gboolean message;
  GstWfMotionGateSettings gate_settings;

  /* streaming state, set up in start, used by the streaming thread */
  WfDetector *detector;
  WfDetectorBackend active_backend;
  guint64 frame_count;
  GArray *faces;                /* WfFace in the pixels of the frame */
  GArray *last_faces;           /* WfFace, normalised, from the last detection */
  GstWfMotionGate gate;
};

#define VIDEO_CAPS GST_VIDEO_CAPS_MAKE ("{ GRAY8, I420, NV12, RGB, BGR, " \
    "RGBx, BGRx, RGBA, BGRA }")

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS (VIDEO_CAPS));
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS (VIDEO_CAPS));

#define gst_wf_face_detect_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstWfFaceDetect, gst_wf_face_detect,
    GST_TYPE_VIDEO_FILTER,
    /* our own name: gst-plugins-bad's element logs as "facedetect" */
    GST_DEBUG_CATEGORY_INIT (gst_wf_face_detect_debug, "wffacedetect", 0,
        "workforce-monitor face detection"));
GST_ELEMENT_REGISTER_DEFINE (facedetect, "facedetect", GST_RANK_NONE,
    GST_TYPE_WF_FACE_DETECT);

GType
gst_wf_face_detect_backend_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {WF_DETECTOR_HOG, "dlib frontal HOG detector (no file)", "hog"},
    {WF_DETECTOR_HAAR, "OpenCV Haar cascade", "haar"},
    {WF_DETECTOR_YUNET, "OpenCV YuNet (FaceDetectorYN, ONNX)", "yunet"},
    {WF_DETECTOR_MMOD, "dlib CNN (MMOD)", "mmod"},
    {WF_DETECTOR_TINY, "face-api's tiny face detector (our C path)", "tiny"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstWfFaceDetectBackend", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

static void
gst_wf_face_detect_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstWfFaceDetect *self = GST_WF_FACE_DETECT (object);
  GError *err = NULL;

  GST_OBJECT_LOCK (self);
  if (gst_wf_motion_gate_set_property (&self->gate_settings, prop_id, value,
          &err)) {
    GST_OBJECT_UNLOCK (self);
    if (err)
      gst_wf_reject_property (GST_ELEMENT (self), pspec,
          g_value_get_string (value), "%s; keeping the previous mask",
          err->message);
    g_clear_error (&err);
    return;
  }
  switch (prop_id) {
    case PROP_BACKEND:{
      WfDetectorBackend b = g_value_get_enum (value);
      if (!wf_detector_backend_available (b)) {
        WfDetectorBackend old = self->backend;
        GST_OBJECT_UNLOCK (self);
        gst_wf_reject_property (GST_ELEMENT (self), pspec,
            wf_detector_backend_name (b), "backend '%s' is not built in; "
            "keeping '%s'", wf_detector_backend_name (b),
            wf_detector_backend_name (old));
        return;
      }
      self->backend = b;
      break;
    }
    case PROP_MODEL:
      g_free (self->model);
      self->model = g_value_dup_string (value);
      if (self->model && *self->model == '\0')
        g_clear_pointer (&self->model, g_free);
      break;
    case PROP_MIN_SIZE:
      self->min_size = g_value_get_int (value);
      break;
    case PROP_DETECT_WIDTH:{
      gint w = g_value_get_int (value);
      if (w != 0 && w < MIN_DETECT_WIDTH) {
        gint old = self->detect_width;
        g_autofree gchar *v = g_strdup_printf ("%d", w);
        GST_OBJECT_UNLOCK (self);
        gst_wf_reject_property (GST_ELEMENT (self), pspec, v,
            "detect-width %d is too small (0 or at least %d); keeping %d", w,
            MIN_DETECT_WIDTH, old);
        return;
      }
      self->detect_width = w;
      break;
    }
    case PROP_INTERVAL:
      self->interval = g_value_get_uint (value);
      break;
    case PROP_THRESHOLD:
      self->threshold = g_value_get_double (value);
      break;
    case PROP_MAX_FACES:
      self->max_faces = g_value_get_int (value);
      break;
    case PROP_UPSAMPLE:
      self->upsample = g_value_get_int (value);
      break;
    case PROP_THREADS:
      self->threads = g_value_get_int (value);
      break;
    case PROP_DRAW:
      self->draw = g_value_get_boolean (value);
      break;
    case PROP_MESSAGE:
      self->message = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_wf_face_detect_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstWfFaceDetect *self = GST_WF_FACE_DETECT (object);

  GST_OBJECT_LOCK (self);
  if (gst_wf_motion_gate_get_property (&self->gate_settings, prop_id, value)) {
    GST_OBJECT_UNLOCK (self);
    return;
  }
  switch (prop_id) {
    case PROP_BACKEND:
      g_value_set_enum (value, self->backend);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_MIN_SIZE:
      g_value_set_int (value, self->min_size);
      break;
    case PROP_DETECT_WIDTH:
      g_value_set_int (value, self->detect_width);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;
    case PROP_THRESHOLD:
      g_value_set_double (value, self->threshold);
      break;
    case PROP_MAX_FACES:
      g_value_set_int (value, self->max_faces);
      break;
    case PROP_UPSAMPLE:
      g_value_set_int (value, self->upsample);
      break;
    case PROP_THREADS:
      g_value_set_int (value, self->threads);
      break;
    case PROP_DRAW:
      g_value_set_boolean (value, self->draw);
      break;
    case PROP_MESSAGE:
      g_value_set_boolean (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static gboolean
gst_wf_face_detect_start (GstBaseTransform * trans)
{
  GstWfFaceDetect *self = GST_WF_FACE_DETECT (trans);
  WfDetectorBackend backend;
  g_autofree gchar *model = NULL, *mask = NULL;
  gint motion_threshold;
  guint max_skip;
  GError *err = NULL;

  GST_OBJECT_LOCK (self);
  backend = self->backend;
  model = g_strdup (self->model);
  mask = g_strdup (self->gate_settings.mask);
  motion_threshold = self->gate_settings.threshold;
  max_skip = self->gate_settings.max_skip;
  self->gate_settings.changed = FALSE;
  GST_OBJECT_UNLOCK (self);

  /* the property parsed it already */
  if (!gst_wf_motion_gate_reset (&self->gate, motion_threshold, max_skip,
          mask, &err)) {
    GST_ELEMENT_ERROR (self, LIBRARY, SETTINGS, ("Bad motion mask."),
        ("%s", err->message));
    g_clear_error (&err);
    return FALSE;
  }

  self->detector = wf_detector_new (backend, model, &err);
  if (self->detector == NULL)
    goto load_failed;

  self->active_backend = backend;
  self->frame_count = 0;
  g_array_set_size (self->last_faces, 0);
  GST_INFO_OBJECT (self, "backend %s, model %s",
      wf_detector_backend_name (backend),
      GST_STR_NULL (wf_detector_get_model_path (self->detector)));
  return TRUE;

  /* ERRORS */
load_failed:
  {
    const gchar *what = model ? model :
        wf_detector_backend_default_file (backend);
    if (g_error_matches (err, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
      GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
          ("Could not load the %s face model %s.",
              wf_detector_backend_name (backend), GST_STR_NULL (what)),
          ("%s", err->message));
    } else if (err->domain == G_FILE_ERROR) {
      GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ,
          ("Could not read the %s face model %s.",
              wf_detector_backend_name (backend), GST_STR_NULL (what)),
          ("%s", err->message));
    } else if (g_error_matches (err, WF_DETECTOR_ERROR,
            WF_DETECTOR_ERROR_MODEL)) {
      GST_ELEMENT_ERROR (self, RESOURCE, READ,
          ("The %s face model %s is corrupt or of the wrong kind.",
              wf_detector_backend_name (backend), GST_STR_NULL (what)),
          ("%s", err->message));
    } else {
      GST_ELEMENT_ERROR (self, RESOURCE, FAILED,
          ("Could not start the %s face detector.",
              wf_detector_backend_name (backend)), ("%s", err->message));
    }
    g_clear_error (&err);
    return FALSE;
  }
}

static gboolean
gst_wf_face_detect_stop (GstBaseTransform * trans)
{
  GstWfFaceDetect *self = GST_WF_FACE_DETECT (trans);

  g_clear_pointer (&self->detector, wf_detector_free);
  g_array_set_size (self->last_faces, 0);
  return TRUE;
}

/* The "detection" structure, or with @name "face" the message's entry. */
static GstStructure *
face_structure (const gchar * name, const WfFace * f, const gchar * backend,
    gboolean carried)
{
  GstStructure *s = gst_structure_new (name,
      WF_FIELD_CONFIDENCE, G_TYPE_DOUBLE, (gdouble) f->confidence,
      WF_FIELD_X, G_TYPE_DOUBLE, (gdouble) f->box.x,
      WF_FIELD_Y, G_TYPE_DOUBLE, (gdouble) f->box.y,
      WF_FIELD_W, G_TYPE_DOUBLE, (gdouble) f->box.w,
      WF_FIELD_H, G_TYPE_DOUBLE, (gdouble) f->box.h,
      WF_FIELD_BACKEND, G_TYPE_STRING, backend,
      WF_FIELD_CARRIED, G_TYPE_BOOLEAN, carried, NULL);

  if (f->has_landmarks) {
    GValue arr = G_VALUE_INIT, v = G_VALUE_INIT;
    gst_value_array_init (&arr, G_N_ELEMENTS (f->landmarks));
    g_value_init (&v, G_TYPE_DOUBLE);
    for (guint i = 0; i < G_N_ELEMENTS (f->landmarks); i++) {
      g_value_set_double (&v, f->landmarks[i]);
      gst_value_array_append_value (&arr, &v);
    }
    g_value_unset (&v);
    gst_structure_take_value (s, WF_FIELD_LANDMARKS, &arr);
  }
  return s;
}

/* green for fresh boxes, yellow for carried ones; on luma white / grey */
static const GstWfColor box_fresh = { 0, 255, 0, 255 };
static const GstWfColor box_carried = { 255, 255, 0, 160 };

static GstFlowReturn
gst_wf_face_detect_transform_ip (GstBaseTransform * trans, GstBuffer * buf)
{
  GstWfFaceDetect *self = GST_WF_FACE_DETECT (trans);
  GstVideoFilter *filter = GST_VIDEO_FILTER (trans);
  const gchar *backend_name = wf_detector_backend_name (self->active_backend);
  WfDetectParams params;
  GstVideoFrame frame;
  WfImage img;
  guint interval;
  gboolean draw, post, carried, gate_on;
  gint width, height;
  GError *err = NULL;
  GValue faces_list = G_VALUE_INIT;

  if (G_UNLIKELY (self->detector == NULL))
    return GST_FLOW_NOT_NEGOTIATED;

  wf_detector_params_init (&params);
  GST_OBJECT_LOCK (self);
  params.min_size = self->min_size;
  params.detect_width = self->detect_width;
  params.threshold = self->threshold;
  params.max_faces = self->max_faces;
  params.upsample = self->upsample;
  params.threads = self->threads;
  interval = MAX (self->interval, 1);
  draw = self->draw;
  post = self->message;
  gate_on = gst_wf_motion_gate_sync (&self->gate, &self->gate_settings);
  GST_OBJECT_UNLOCK (self);

  /* Map for reading only unless we draw: a write map of a decoder's shared
   * memory would copy every frame.  NO_REF: a mapped frame's extra ref would
   * make the buffer read-only for the metadata. */
  if (!gst_video_frame_map (&frame, &filter->in_info, buf,
          (draw ? GST_MAP_READWRITE : GST_MAP_READ) |
          GST_VIDEO_FRAME_MAP_FLAG_NO_REF))
    goto map_failed;

  width = GST_VIDEO_FRAME_WIDTH (&frame);
  height = GST_VIDEO_FRAME_HEIGHT (&frame);

  carried = (self->frame_count % interval) != 0;
  self->frame_count++;

  if (!gst_wf_image_from_frame (&frame, &img))
    goto wrong_format;
  if (gate_on)
    carried = gst_wf_motion_gate_decide (&self->gate, &img, self->last_faces,
        !carried) == WF_GATE_SKIP;

  /* the boxes are kept normalised: frames in between may differ in size
   * after a renegotiation */
  if (!carried && !gst_wf_motion_gate_detect (&self->gate, self->detector,
          &img, &params, self->faces, self->last_faces, &err))
    goto detect_failed;

  if (post)
    gst_value_list_init (&faces_list, self->last_faces->len);

  for (guint i = 0; i < self->last_faces->len; i++) {
    const WfFace *f = &g_array_index (self->last_faces, WfFace, i);
    GstVideoRegionOfInterestMeta *meta;
    gint px = (gint) (f->box.x * width + 0.5f);
    gint py = (gint) (f->box.y * height + 0.5f);
    gint pw = (gint) (f->box.w * width + 0.5f);
    gint ph = (gint) (f->box.h * height + 0.5f);

    meta = gst_buffer_add_video_region_of_interest_meta (buf,
        WF_ROI_TYPE_FACE, px, py, pw, ph);
    gst_video_region_of_interest_meta_add_param (meta,
        face_structure (WF_PARAM_DETECTION, f, backend_name, carried));
    if (post) {
      GValue v = G_VALUE_INIT;
      g_value_init (&v, GST_TYPE_STRUCTURE);
      g_value_take_boxed (&v, face_structure (WF_STRUCT_FACE, f, backend_name,
              carried));
      gst_value_list_append_and_take_value (&faces_list, &v);
    }
    if (draw)
      gst_wf_draw_box (&frame, px, py, px + pw - 1, py + ph - 1, 2,
          carried ? &box_carried : &box_fresh);
  }
  gst_video_frame_unmap (&frame);

  if (!post) {
    gst_wf_motion_gate_count (&self->gate, gate_on, !carried, NULL);
  } else {
    GstStructure *s =
        gst_wf_message_structure_new (trans, WF_MESSAGE_FACEDETECT, buf);

    gst_structure_take_value (s, WF_FIELD_FACES, &faces_list);
    gst_wf_motion_gate_count (&self->gate, gate_on, !carried, s);
    gst_element_post_message (GST_ELEMENT (self),
        gst_message_new_element (GST_OBJECT (self), s));
  }
  return GST_FLOW_OK;

  /* ERRORS */
map_failed:
  {
    GST_ELEMENT_ERROR (self, STREAM, FAILED, ("Could not map the frame."),
        (NULL));
    return GST_FLOW_ERROR;
  }
wrong_format:
  {
    gst_video_frame_unmap (&frame);
    GST_ELEMENT_ERROR (self, STREAM, FORMAT, ("Unsupported video format."),
        (NULL));
    return GST_FLOW_NOT_NEGOTIATED;
  }
detect_failed:
  {
    gst_video_frame_unmap (&frame);
    GST_ELEMENT_ERROR (self, STREAM, FAILED, ("Face detection failed."),
        ("%s", err->message));
    g_clear_error (&err);
    return GST_FLOW_ERROR;
  }
}

static void
gst_wf_face_detect_finalize (GObject * object)
{
  GstWfFaceDetect *self = GST_WF_FACE_DETECT (object);

  g_clear_pointer (&self->detector, wf_detector_free);
  g_free (self->model);
  g_array_unref (self->faces);
  g_array_unref (self->last_faces);
  gst_wf_motion_gate_clear (&self->gate);
  gst_wf_motion_gate_settings_clear (&self->gate_settings);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_wf_face_detect_class_init (GstWfFaceDetectClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);

  gobject_class->set_property = gst_wf_face_detect_set_property;
  gobject_class->get_property = gst_wf_face_detect_get_property;
  gobject_class->finalize = gst_wf_face_detect_finalize;

  /**
   * GstWfFaceDetect:backend:
   *
   * The face detector: hog (dlib's frontal HOG detector, no file; the
   * default when built with dlib), haar (an OpenCV cascade; the default
   * without dlib), yunet (OpenCV's FaceDetectorYN), mmod (dlib's CNN) or
   * tiny (face-api's tiny face detector on our own C path, since 0.2; its
   * boxes in hog's convention).
   * A backend this build does not have is refused with a warning message
   * on the bus, and the previous one is kept.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_BACKEND,
      g_param_spec_enum ("backend", "Backend",
          "Face detector: hog (dlib HOG, default), haar (OpenCV cascade), "
          "yunet (OpenCV FaceDetectorYN), mmod (dlib CNN), tiny (face-api's "
          "tiny face detector); the default is "
          "haar in builds without dlib",
          GST_TYPE_WF_FACE_DETECT_BACKEND, wf_detector_default_backend (),
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstWfFaceDetect:model:
   *
   * The model file of the backend; NULL picks the backend's default file,
   * searched in $WF_MODEL_DIR, the build tree, the installed data
   * directory and Debian's opencv-data and libdlib-data directories (hog
   * needs none).  A missing or unusable file fails the start with a
   * RESOURCE error naming it.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_MODEL,
      g_param_spec_string ("model", "Model",
          "Model file (NULL: the backend's default file, found in "
          "$WF_MODEL_DIR, the build tree, the installed data dir and "
          "Debian's opencv-data/libdlib-data dirs; hog needs none)", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstWfFaceDetect:min-size:
   *
   * The smallest face side to report, in pixels of the frame.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_MIN_SIZE,
      g_param_spec_int ("min-size", "Minimum size",
          "Smallest face side to report, in pixels of the frame", 0,
          G_MAXINT, DEFAULT_MIN_SIZE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceDetect:detect-width:
   *
   * Frames wider than this are scaled down to it (area average) before
   * the search; 0 searches them at their own size.  Values 1 to 31 are
   * refused with a warning message on the bus, and the previous value is
   * kept.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_DETECT_WIDTH,
      g_param_spec_int ("detect-width", "Detection width",
          "Detect on a copy scaled down to this width when the frame is "
          "wider (0 = native size; else at least 32)", 0, G_MAXINT,
          DEFAULT_DETECT_WIDTH,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceDetect:interval:
   *
   * Detect on every Nth frame; the frames in between carry the boxes of
   * the last detection, flagged "carried".
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_INTERVAL,
      g_param_spec_uint ("interval", "Interval",
          "Detect on every Nth frame; frames in between carry the last "
          "boxes, flagged carried", 1, G_MAXINT, DEFAULT_INTERVAL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceDetect:threshold:
   *
   * The smallest confidence to report, in [0,1]; 0 takes the backend's
   * default (0.5 for hog, haar and mmod, 0.9 for yunet).
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_THRESHOLD,
      g_param_spec_double ("threshold", "Threshold",
          "Smallest confidence to report, 0..1; 0 = the backend's default "
          "(hog, haar, mmod 0.5; yunet 0.9)", 0.0, 1.0, DEFAULT_THRESHOLD,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceDetect:max-faces:
   *
   * Report at most this many faces, the most confident; 0 reports all.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_MAX_FACES,
      g_param_spec_int ("max-faces", "Maximum faces",
          "Report at most this many faces, the most confident (0 = all)", 0,
          G_MAXINT, DEFAULT_MAX_FACES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceDetect:upsample:
   *
   * Double the image this many times before the search (hog, mmod), for
   * small faces; each step costs about 4x.  -1 (auto) doubles frames
   * narrower than #GstWfFaceDetect:detect-width until they reach it, at
   * most twice, and never with detect-width 0.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_UPSAMPLE,
      g_param_spec_int ("upsample", "Upsample",
          "Double the image this many times before detecting, for small "
          "faces (hog, mmod; each step costs about 4x); -1 = auto: double "
          "frames narrower than detect-width until they reach it (at most "
          "twice; none with detect-width 0)", -1, 2, DEFAULT_UPSAMPLE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceDetect:threads:
   *
   * Threads searching each frame (hog); 0 (auto) uses the CPUs this
   * process may use, at most 2.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_THREADS,
      g_param_spec_int ("threads", "Threads",
          "Threads searching each frame (hog; 0 = auto: the CPUs this "
          "process may use, at most 2)", 0, WF_DETECT_MAX_THREADS,
          DEFAULT_THREADS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceDetect:draw:
   *
   * Draw the boxes into the video: green, yellow when carried (white and
   * grey on the luma of YUV and GRAY8).  Only then are frames mapped for
   * writing.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_DRAW,
      g_param_spec_boolean ("draw", "Draw",
          "Draw the boxes into the video (green; yellow when carried)",
          DEFAULT_DRAW,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceDetect:message:
   *
   * Post a "facedetect" element message for every frame (see the
   * element's description for its fields).
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_MESSAGE,
      g_param_spec_boolean ("message", "Message",
          "Post a facedetect element message for every frame",
          DEFAULT_MESSAGE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  gst_wf_motion_gate_install_properties (gobject_class, PROP_GATE_FIRST);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Face detection (workforce-monitor)", "Filter/Analyzer/Video",
      "Finds faces with dlib HOG/CNN or OpenCV Haar/YuNet and attaches "
      "region-of-interest metadata", "workforce-monitor authors");

  trans_class->start = GST_DEBUG_FUNCPTR (gst_wf_face_detect_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_wf_face_detect_stop);
  /* Our own transform_ip rather than GstVideoFilter's transform_frame_ip:
   * that one maps frames for writing, which copies shared memory. */
  trans_class->transform_ip =
      GST_DEBUG_FUNCPTR (gst_wf_face_detect_transform_ip);
  trans_class->transform_ip_on_passthrough = FALSE;

  gst_type_mark_as_plugin_api (GST_TYPE_WF_FACE_DETECT_BACKEND, 0);
}

static void
gst_wf_face_detect_init (GstWfFaceDetect * self)
{
  self->backend = wf_detector_default_backend ();
  self->min_size = DEFAULT_MIN_SIZE;
  self->detect_width = DEFAULT_DETECT_WIDTH;
  self->interval = DEFAULT_INTERVAL;
  self->threshold = DEFAULT_THRESHOLD;
  self->max_faces = DEFAULT_MAX_FACES;
  self->upsample = DEFAULT_UPSAMPLE;
  self->threads = DEFAULT_THREADS;
  self->draw = DEFAULT_DRAW;
  self->message = DEFAULT_MESSAGE;
  self->faces = g_array_new (FALSE, TRUE, sizeof (WfFace));
  self->last_faces = g_array_new (FALSE, TRUE, sizeof (WfFace));
  gst_wf_motion_gate_settings_init (&self->gate_settings, PROP_GATE_FIRST);
  gst_wf_motion_gate_init (&self->gate);
  gst_base_transform_set_in_place (GST_BASE_TRANSFORM (self), TRUE);
}
