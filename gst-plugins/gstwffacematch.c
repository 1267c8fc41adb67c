/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:element-facematch
 * @title: facematch
 * @see_also: facedetect, occupancy
 *
 * Names the faces found upstream (by `facedetect`) after the employees
 * enrolled in a gallery database (see `workforce-admin enroll`).
 *
 * For every #GstVideoRegionOfInterestMeta of type `face` the element follows
 * the face across frames with a tracker and computes its 128-d descriptor
 * (68 landmarks, aligned 150x150 chip, dlib's ResNet) only when the track is
 * new and then every #GstWfFaceMatch:recompute-interval frames.  Each
 * descriptor votes for the nearest employee (or for "unknown"); the track
 * carries the identity with the most votes.
 *
 * A descriptor votes "unknown" when the nearest employee is further than
 * #GstWfFaceMatch:threshold, or when the second-nearest employee is less
 * than #GstWfFaceMatch:margin further than the nearest: a face that could
 * be either of two people is named neither.
 *
 * Each face ROI gets a `facematch` param: `employee-id` (string, NULL when
 * unknown), `name` (string, NULL when unknown), `distance` (double, to the
 * nearest employee, mean over the descriptors that voted for the reported
 * identity), `known` (boolean); and a `tracking` param (`id`: guint64,
 * `age`: guint frames) when it has none.  When every face ROI of a frame
 * already carries a `tracking` param, those ids are used instead of the
 * element's own tracker.
 *
 * For every frame with faces the element posts an element message named
 * `facematch`:
 *
 * * `timestamp` (guint64, #GstClockTime): buffer timestamp
 * * `stream-time` (guint64, #GstClockTime)
 * * `running-time` (guint64, #GstClockTime)
 * * `duration` (guint64, #GstClockTime)
 * * `matches` (#GstValueList of #GstStructure named `match`): one per face,
 *   with `id` (guint64 track id), `employee-id` (string or NULL), `name`
 *   (string or NULL), `distance` (double), `known` (boolean) and the box
 *   `x`, `y`, `w`, `h` (double, normalised to the frame)
 *
 * The gallery is read through its own connection; people enrolled or removed
 * while the pipeline runs are taken into account at the next descriptor.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 -m filesrc location=clip.mp4 ! decodebin ! videoconvert ! \
 *     facedetect ! facematch gallery=staff.db ! fakesink
 * ]| Prints a `facematch` message per frame with faces.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwffacematch.h"
#include "gstwfvideo.h"

#include <gst/video/video.h>


#include "wf-face-tracks.h"
#include "wf-gallery.h"
#include "wf-identity.h"
#include "wf-meta.h"
#include "wf-recognizer.h"

GST_DEBUG_CATEGORY_STATIC (gst_wf_face_match_debug);
#define GST_CAT_DEFAULT gst_wf_face_match_debug

#define DEFAULT_GALLERY NULL
#define DEFAULT_THRESHOLD WF_GALLERY_DEFAULT_THRESHOLD
#define DEFAULT_MARGIN WF_GALLERY_DEFAULT_MARGIN
#define DEFAULT_LANDMARKS NULL
#define DEFAULT_MODEL NULL
/* Every 10 frames (2/3 s at 15 fps) and at once when the association is
 * uncertain or the box's appearance changes (wf-identity.h): the appearance
 * check catches a face replaced in place, the interval what it misses;
 * 4 named faces at 15 fps cost 6 descriptors/s. */
#define DEFAULT_RECOMPUTE_INTERVAL 10
/* Also at least once a second of stream time (low frame rates). */
#define DEFAULT_REVERIFY_MS 1000
/* Unnamed faces: every 3 frames at most, to be named soon after they
 * appear. */
#define UNNAMED_INTERVAL 3
/* docs/facematch.md: "Bad frames and new faces". */
#define DEFAULT_MIN_QUALITY 0.20
#define DEFAULT_POST_MESSAGES TRUE

enum
{
  PROP_0,
  PROP_GALLERY,
  PROP_THRESHOLD,
  PROP_MARGIN,
  PROP_LANDMARKS,
  PROP_MODEL,
  PROP_RECOMPUTE_INTERVAL,
  PROP_REVERIFY_MS,
  PROP_MIN_QUALITY,
  PROP_POST_MESSAGES,
  PROP_DESCRIPTORS_COMPUTED,
  PROP_IDENTITY_BREAKS,
  PROP_TRACKS,
};

struct _GstWfFaceMatch
{
  GstVideoFilter parent;

  /* properties, protected by the object lock */
  gchar *gallery_path;
  gdouble threshold;
  gdouble margin;
  gchar *landmarks_path;
  gchar *model_path;
  guint recompute_interval;
  guint reverify_ms;
  gdouble min_quality;
  gboolean post_messages;
  guint64 n_computed;
  guint64 n_breaks;

  /* streaming state, between start and stop */
  WfGallery *gallery;
  WfRecognizer *recognizer;
  WfFaceTracks *tracks;
  gint n_tracks;                /* atomic: size of tracks, for "tracks" */
};

#define VIDEO_FORMATS "{ GRAY8, I420, NV12, RGB, BGR, RGBx, BGRx, RGBA, BGRA }"

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE (VIDEO_FORMATS)));
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE (VIDEO_FORMATS)));

G_DEFINE_TYPE_WITH_CODE (GstWfFaceMatch, gst_wf_face_match,
    GST_TYPE_VIDEO_FILTER, GST_DEBUG_CATEGORY_INIT (gst_wf_face_match_debug,
        "facematch", 0, "Face recognition against the employee gallery"));
GST_ELEMENT_REGISTER_DEFINE (facematch, "facematch", GST_RANK_NONE,
    GST_TYPE_WF_FACE_MATCH);

static void
replace_param (GstVideoRegionOfInterestMeta * roi, GstStructure * s)
{
  for (GList * l = roi->params; l; l = l->next) {
    if (gst_structure_has_name (l->data, gst_structure_get_name (s))) {
      gst_structure_free (l->data);
      roi->params = g_list_delete_link (roi->params, l);
      break;
    }
  }
  gst_video_region_of_interest_meta_add_param (roi, s);
}

static gboolean
gst_wf_face_match_start (GstBaseTransform * trans)
{
  GstWfFaceMatch *self = GST_WF_FACE_MATCH (trans);
  g_autofree gchar *gallery_path = NULL;
  g_autofree gchar *landmarks = NULL;
  g_autofree gchar *model = NULL;
  GError *err = NULL;

  GST_OBJECT_LOCK (self);
  gallery_path = g_strdup (self->gallery_path);
  landmarks = g_strdup (self->landmarks_path);
  model = g_strdup (self->model_path);
  self->n_computed = 0;
  self->n_breaks = 0;
  GST_OBJECT_UNLOCK (self);

  if (gallery_path == NULL) {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
        ("No gallery database set."),
        ("set the 'gallery' property to a database made with "
            "workforce-admin enroll"));
    return FALSE;
  }
  /* read-only: the element never changes the gallery */
  self->gallery = wf_gallery_open (gallery_path, WF_GALLERY_OPEN_READ_ONLY,
      &err);
  if (self->gallery == NULL)
    goto gallery_failed;

  self->recognizer = wf_recognizer_new (model, landmarks, &err);
  if (self->recognizer == NULL)
    goto model_failed;

  self->tracks = wf_face_tracks_new ();
  GST_INFO_OBJECT (self, "gallery %s: %u descriptors; models %s, %s",
      gallery_path, wf_gallery_count_descriptors (self->gallery),
      wf_recognizer_get_model_path (self->recognizer),
      wf_recognizer_get_landmarks_path (self->recognizer));
  return TRUE;

  /* ERRORS */
gallery_failed:
  {
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ,
        ("Could not open the gallery database."), ("%s", err->message));
    g_error_free (err);
    return FALSE;
  }
model_failed:
  {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
        ("Could not load face recognition model."), ("%s", err->message));
    g_error_free (err);
    g_clear_object (&self->gallery);
    return FALSE;
  }
}

static gboolean
gst_wf_face_match_stop (GstBaseTransform * trans)
{
  GstWfFaceMatch *self = GST_WF_FACE_MATCH (trans);

  g_clear_pointer (&self->tracks, wf_face_tracks_free);
  g_atomic_int_set (&self->n_tracks, 0);
  g_clear_pointer (&self->recognizer, wf_recognizer_free);
  g_clear_object (&self->gallery);
  return TRUE;
}

static gboolean
gst_wf_face_match_sink_event (GstBaseTransform * trans, GstEvent * event)
{
  GstWfFaceMatch *self = GST_WF_FACE_MATCH (trans);

  /* a new stream: faces of the old one are not the same people */
  if (GST_EVENT_TYPE (event) == GST_EVENT_STREAM_START ||
      GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_STOP) {
    if (self->tracks)
      wf_face_tracks_reset (self->tracks);
  }
  return GST_BASE_TRANSFORM_CLASS (gst_wf_face_match_parent_class)->sink_event
      (trans, event);
}

static guint64
roi_tracking_id (GstVideoRegionOfInterestMeta * roi)
{
  GstStructure *s = gst_video_region_of_interest_meta_get_param (roi,
      WF_PARAM_TRACKING);
  guint64 id = 0;

  if (s && gst_structure_get_uint64 (s, WF_FIELD_TRACK_ID, &id))
    return id;
  return 0;
}

static void
post_matches (GstWfFaceMatch * self, GstBuffer * buf, GValue * matches)
{
  GstStructure *s = gst_wf_message_structure_new (GST_BASE_TRANSFORM (self),
      WF_MESSAGE_FACEMATCH, buf);

  gst_structure_take_value (s, WF_FIELD_MATCHES, matches);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self), s));
}

/* The identity rules as configured now (copied under the object lock). */
static void
identity_config (GstWfFaceMatch * self, WfIdentityConfig * cfg)
{
  wf_identity_config_init (cfg);
  GST_OBJECT_LOCK (self);
  cfg->threshold = self->threshold;
  cfg->margin = self->margin;
  cfg->reverify_frames = self->recompute_interval;
  cfg->reverify_ms = self->reverify_ms;
  /* an unnamed face is looked at more often: it may be named soon */
  cfg->unnamed_frames = self->recompute_interval == 0 ? 0 :
      MAX (1, MIN (self->recompute_interval, UNNAMED_INTERVAL));
  cfg->min_quality = self->min_quality;
  GST_OBJECT_UNLOCK (self);
}

/* Step 3: descriptors for the faces in @todo, each judged against its
 * track's identity. */
static gboolean
verify_faces (GstWfFaceMatch * self, const WfImage * img,
    const WfIdentityConfig * cfg, GPtrArray * rois, const guint64 * ids,
    const guint * todo, guint n_todo, GError ** err)
{
  g_autofree WfRect *align = g_new (WfRect, rois->len);
  g_autofree WfFaceVerdict *verdicts = g_new (WfFaceVerdict, n_todo);
  guint n_broke = 0;

  /* the boxes as the landmark predictor expects them (yunet's differ) */
  for (guint k = 0; k < n_todo; k++)
    gst_wf_roi_alignment_box (g_ptr_array_index (rois, todo[k]), img->width,
        img->height, &align[todo[k]]);
  if (!wf_face_tracks_verify (self->tracks, cfg, self->recognizer,
          self->gallery, img, align, ids, todo, n_todo, verdicts, err))
    return FALSE;

  for (guint k = 0; k < n_todo; k++) {
    const WfIdentityEvidence *ev = &verdicts[k].evidence;
    n_broke += verdicts[k].broke;
    GST_LOG_OBJECT (self, "track %" G_GUINT64_FORMAT ": nearest at %.3f "
        "(second %.3f, claimed %.3f), quality %.2f%s", verdicts[k].track_id,
        ev->distance, ev->second_distance, ev->claimed_distance ==
        G_MAXDOUBLE ? -1.0 : ev->claimed_distance, ev->quality,
        verdicts[k].broke ? " (name withdrawn)" : "");
  }
  GST_OBJECT_LOCK (self);
  self->n_computed += n_todo;
  self->n_breaks += n_broke;
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static GstFlowReturn
match_frame (GstWfFaceMatch * self, GstVideoFrame * frame)
{
  GQuark face_q = g_quark_from_static_string (WF_ROI_TYPE_FACE);
  g_autoptr (GPtrArray) rois = g_ptr_array_new ();
  g_autofree WfRect *boxes = NULL;
  g_autofree guint64 *ids = NULL;
  g_autofree guint *todo = NULL;
  WfIdentityConfig cfg;
  guint n, n_todo;
  gboolean post, upstream_ids;
  gint width = GST_VIDEO_FRAME_WIDTH (frame);
  gint height = GST_VIDEO_FRAME_HEIGHT (frame);
  GstClockTime pts = GST_BUFFER_PTS (frame->buffer);
  gint64 time_ms = GST_CLOCK_TIME_IS_VALID (pts) ?
      (gint64) (pts / GST_MSECOND) : -1;
  GstVideoRegionOfInterestMeta *roi;
  gpointer state = NULL;
  GValue matches = G_VALUE_INIT;
  WfImage img;
  GError *err = NULL;

  identity_config (self, &cfg);
  GST_OBJECT_LOCK (self);
  post = self->post_messages;
  GST_OBJECT_UNLOCK (self);

  while ((roi = (GstVideoRegionOfInterestMeta *)
          gst_buffer_iterate_meta_filtered (frame->buffer, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    if (roi->roi_type == face_q)
      g_ptr_array_add (rois, roi);
  }
  n = rois->len;

  /* 1. a track per face (upstream's ids when every face has one) */
  boxes = g_new0 (WfRect, MAX (n, 1));
  ids = g_new0 (guint64, MAX (n, 1));
  for (guint i = 0; i < n; i++) {
    roi = g_ptr_array_index (rois, i);
    boxes[i] = (WfRect) {
    roi->x, roi->y, roi->w, roi->h};
    ids[i] = roi_tracking_id (roi);
  }
  upstream_ids = wf_face_tracks_assign (self->tracks, boxes, n, ids);
  g_atomic_int_set (&self->n_tracks, wf_face_tracks_size (self->tracks));
  if (n == 0)
    return GST_FLOW_OK;

  /* 2. which faces need a descriptor: new tracks, re-verification, and
   * uncertain associations (jump, size, gap, a new appearance) */
  if (!gst_wf_image_from_frame (frame, &img))
    g_assert_not_reached ();    /* the caps allow only formats it reads */
  todo = g_new (guint, n);
  n_todo = wf_face_tracks_select (self->tracks, &cfg, &img, boxes, ids, n,
      time_ms, todo);
  /* 3. */
  if (n_todo > 0 && !verify_faces (self, &img, &cfg, rois, ids, todo,
          n_todo, &err))
    goto verify_failed;

  /* 4. annotate every face with its track's identity */
  g_value_init (&matches, GST_TYPE_LIST);
  for (guint i = 0; i < n; i++) {
    WfFaceReport rep;
    const WfIdentityResult *r = &rep.identity;
    GstStructure *s;
    GValue v = G_VALUE_INIT;

    /* id 0: more faces than tracker slots; left unannotated */
    if (!wf_face_tracks_report (self->tracks, ids[i], &rep))
      continue;
    roi = g_ptr_array_index (rois, i);

    s = gst_structure_new (WF_PARAM_FACEMATCH,
        WF_FIELD_EMPLOYEE_ID, G_TYPE_STRING, r->employee_id,
        WF_FIELD_NAME, G_TYPE_STRING, r->name,
        WF_FIELD_DISTANCE, G_TYPE_DOUBLE, r->distance,
        WF_FIELD_KNOWN, G_TYPE_BOOLEAN, r->employee_id != NULL,
        WF_FIELD_IDENTITY, G_TYPE_STRING,
        wf_identity_state_to_string (r->state),
        WF_FIELD_SUPPORT, G_TYPE_UINT, r->support,
        WF_FIELD_BROKEN_ID, G_TYPE_STRING, r->broken_id,
        WF_FIELD_QUALITY, G_TYPE_DOUBLE, rep.quality, NULL);
    /* the gallery names only employees who consented (wf-gallery.h): a
     * named face is a consenting one, for faceredact policy=not-consented */
    if (r->employee_id)
      gst_structure_set (s, WF_FIELD_CONSENT, G_TYPE_BOOLEAN, TRUE, NULL);
    replace_param (roi, gst_structure_copy (s));
    if (!upstream_ids && gst_video_region_of_interest_meta_get_param (roi,
            WF_PARAM_TRACKING) == NULL)
      gst_video_region_of_interest_meta_add_param (roi,
          gst_structure_new (WF_PARAM_TRACKING,
              WF_FIELD_TRACK_ID, G_TYPE_UINT64, ids[i],
              WF_FIELD_AGE, G_TYPE_UINT, rep.age, NULL));

    if (post) {
      gst_structure_set_name (s, WF_STRUCT_MATCH);
      gst_structure_set (s, WF_FIELD_TRACK_ID, G_TYPE_UINT64, ids[i],
          WF_FIELD_X, G_TYPE_DOUBLE, (gdouble) roi->x / width,
          WF_FIELD_Y, G_TYPE_DOUBLE, (gdouble) roi->y / height,
          WF_FIELD_W, G_TYPE_DOUBLE, (gdouble) roi->w / width,
          WF_FIELD_H, G_TYPE_DOUBLE, (gdouble) roi->h / height, NULL);
      g_value_init (&v, GST_TYPE_STRUCTURE);
      g_value_take_boxed (&v, s);
      gst_value_list_append_and_take_value (&matches, &v);
    } else {
      gst_structure_free (s);
    }
  }
  if (post && gst_value_list_get_size (&matches) > 0)
    post_matches (self, frame->buffer, &matches);
  else
    g_value_unset (&matches);
  return GST_FLOW_OK;

  /* ERRORS */
verify_failed:
  {
    if (err->domain == WF_GALLERY_ERROR)
      GST_ELEMENT_ERROR (self, RESOURCE, READ,
          ("Could not read the gallery database."), ("%s", err->message));
    else
      GST_ELEMENT_ERROR (self, STREAM, FAILED,
          ("Could not compute face descriptors."), ("%s", err->message));
    g_error_free (err);
    return GST_FLOW_ERROR;
  }
}

static void
gst_wf_face_match_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstWfFaceMatch *self = GST_WF_FACE_MATCH (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_GALLERY:
      g_free (self->gallery_path);
      self->gallery_path = g_value_dup_string (value);
      break;
    case PROP_THRESHOLD:
      self->threshold = g_value_get_double (value);
      break;
    case PROP_MARGIN:
      self->margin = g_value_get_double (value);
      break;
    case PROP_LANDMARKS:
      g_free (self->landmarks_path);
      self->landmarks_path = g_value_dup_string (value);
      break;
    case PROP_MODEL:
      g_free (self->model_path);
      self->model_path = g_value_dup_string (value);
      break;
    case PROP_RECOMPUTE_INTERVAL:
      self->recompute_interval = g_value_get_uint (value);
      break;
    case PROP_REVERIFY_MS:
      self->reverify_ms = g_value_get_uint (value);
      break;
    case PROP_MIN_QUALITY:
      self->min_quality = g_value_get_double (value);
      break;
    case PROP_POST_MESSAGES:
      self->post_messages = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_wf_face_match_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstWfFaceMatch *self = GST_WF_FACE_MATCH (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_GALLERY:
      g_value_set_string (value, self->gallery_path);
      break;
    case PROP_THRESHOLD:
      g_value_set_double (value, self->threshold);
      break;
    case PROP_MARGIN:
      g_value_set_double (value, self->margin);
      break;
    case PROP_LANDMARKS:
      g_value_set_string (value, self->landmarks_path);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model_path);
      break;
    case PROP_RECOMPUTE_INTERVAL:
      g_value_set_uint (value, self->recompute_interval);
      break;
    case PROP_REVERIFY_MS:
      g_value_set_uint (value, self->reverify_ms);
      break;
    case PROP_MIN_QUALITY:
      g_value_set_double (value, self->min_quality);
      break;
    case PROP_IDENTITY_BREAKS:
      g_value_set_uint64 (value, self->n_breaks);
      break;
    case PROP_POST_MESSAGES:
      g_value_set_boolean (value, self->post_messages);
      break;
    case PROP_DESCRIPTORS_COMPUTED:
      g_value_set_uint64 (value, self->n_computed);
      break;
    case PROP_TRACKS:
      g_value_set_uint (value, g_atomic_int_get (&self->n_tracks));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_wf_face_match_finalize (GObject * object)
{
  GstWfFaceMatch *self = GST_WF_FACE_MATCH (object);

  g_free (self->gallery_path);
  g_free (self->landmarks_path);
  g_free (self->model_path);

  G_OBJECT_CLASS (gst_wf_face_match_parent_class)->finalize (object);
}

/* Not GstVideoFilter's transform_frame_ip, which maps for writing: a write
 * map of shared memory copies the frame, and facematch only reads pixels.
 * NO_REF: the frame's own ref would make the buffer's metadata read-only. */
static GstFlowReturn
gst_wf_face_match_transform_ip (GstBaseTransform * trans, GstBuffer * buf)
{
  GstVideoFilter *filter = GST_VIDEO_FILTER (trans);
  GstVideoFrame frame;
  GstFlowReturn ret;

  if (!gst_video_frame_map (&frame, &filter->in_info, buf,
          GST_MAP_READ | GST_VIDEO_FRAME_MAP_FLAG_NO_REF)) {
    GST_ELEMENT_ERROR (trans, STREAM, FAILED, (NULL),
        ("could not map the frame for reading"));
    return GST_FLOW_ERROR;
  }
  ret = match_frame (GST_WF_FACE_MATCH (trans), &frame);
  gst_video_frame_unmap (&frame);
  return ret;
}

static void
gst_wf_face_match_class_init (GstWfFaceMatchClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);

  gobject_class->set_property = gst_wf_face_match_set_property;
  gobject_class->get_property = gst_wf_face_match_get_property;
  gobject_class->finalize = gst_wf_face_match_finalize;

  /**
   * GstWfFaceMatch:gallery:
   *
   * The employee gallery database (SQLite, made with `workforce-admin
   * enroll`), opened read-only when the element starts.  Unset, or a file
   * that cannot be opened, fails the start with a RESOURCE error.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_GALLERY,
      g_param_spec_string ("gallery", "Gallery",
          "Employee gallery database (made with workforce-admin enroll)",
          DEFAULT_GALLERY, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstWfFaceMatch:threshold:
   *
   * The largest descriptor distance at which a face is named after its
   * nearest employee; further, its descriptor votes "unknown".  Takes
   * effect at the next descriptor.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_THRESHOLD,
      g_param_spec_double ("threshold", "Threshold",
          "Largest descriptor distance at which a face is named",
          0.0, 2.0, DEFAULT_THRESHOLD, G_PARAM_READWRITE |
          G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceMatch:margin:
   *
   * How much further than the nearest employee the second-nearest must
   * be for a face to be named: a face that could be either is named
   * neither.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_MARGIN,
      g_param_spec_double ("margin", "Margin",
          "Smallest distance gap between the nearest and the second-nearest "
          "employee for a face to be named", 0.0, 2.0, DEFAULT_MARGIN,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceMatch:landmarks:
   *
   * The dlib 68-point shape predictor file that aligns each face; NULL
   * looks for the default file in the model path.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_LANDMARKS,
      g_param_spec_string ("landmarks", "Landmarks model",
          "dlib 68-point shape predictor file (NULL: "
          WF_RECOGNIZER_LANDMARKS_MODEL " from the model path)",
          DEFAULT_LANDMARKS, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstWfFaceMatch:model:
   *
   * The dlib ResNet face recognition file (or the compact one converted
   * from face-api at build time); NULL looks for the default file in the
   * model path.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_MODEL,
      g_param_spec_string ("model", "Recognition model",
          "dlib ResNet face recognition file (NULL: "
          WF_RECOGNIZER_RESNET_MODEL " from the model path)",
          DEFAULT_MODEL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstWfFaceMatch:recompute-interval:
   *
   * Frames between two descriptors of one tracked, named face; faces not
   * yet named are looked at every 3 frames at most.  Descriptors are also
   * computed at once when the association is uncertain (a jump, a change of
   * size, a gap, another appearance in the box).  0: only then.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_RECOMPUTE_INTERVAL,
      g_param_spec_uint ("recompute-interval", "Recompute interval",
          "Frames between two descriptors of one tracked face (0: only when "
          "the track starts or its association is uncertain)", 0, G_MAXUINT,
          DEFAULT_RECOMPUTE_INTERVAL, G_PARAM_READWRITE |
          G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceMatch:reverify-ms:
   *
   * The longest stream time between two descriptors of a named face, for
   * low frame rates (0: #GstWfFaceMatch:recompute-interval alone).
   *
   * Since: 0.2
   */
  g_object_class_install_property (gobject_class, PROP_REVERIFY_MS,
      g_param_spec_uint ("reverify-ms", "Re-verify interval (ms)",
          "Longest stream time between two descriptors of a named face "
          "(0: frames only)", 0, G_MAXUINT, DEFAULT_REVERIFY_MS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceMatch:min-quality:
   *
   * Descriptors of chips poorer than this (blur, a profile; the measure is
   * in docs/facematch.md) neither vote nor withdraw a name by
   * themselves.
   *
   * Since: 0.2
   */
  g_object_class_install_property (gobject_class, PROP_MIN_QUALITY,
      g_param_spec_double ("min-quality", "Minimum quality",
          "Descriptors of poorer chips (blur, profile) neither vote nor "
          "withdraw a name by themselves", 0.0, 1.0, DEFAULT_MIN_QUALITY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceMatch:identity-breaks:
   *
   * Names withdrawn from a track since the element started, because a
   * fresh descriptor no longer agreed with them (statistics).
   *
   * Since: 0.2
   */
  g_object_class_install_property (gobject_class, PROP_IDENTITY_BREAKS,
      g_param_spec_uint64 ("identity-breaks", "Identity breaks",
          "Names withdrawn from a track since start (statistics)", 0,
          G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /**
   * GstWfFaceMatch:post-messages:
   *
   * Whether to post a `facematch` element message for every frame with
   * faces; the ROI params are written either way.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_POST_MESSAGES,
      g_param_spec_boolean ("post-messages", "Post messages",
          "Post a facematch element message for every frame with faces",
          DEFAULT_POST_MESSAGES, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceMatch:descriptors-computed:
   *
   * Face descriptors computed since the element started (statistics: the
   * element's main cost).
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_DESCRIPTORS_COMPUTED,
      g_param_spec_uint64 ("descriptors-computed", "Descriptors computed",
          "Face descriptors computed since start (statistics)", 0,
          G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /**
   * GstWfFaceMatch:tracks:
   *
   * Tracked faces whose identity the element holds now, for memory
   * reports (workforce-monitor's `/api/v1/memory`).
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_TRACKS,
      g_param_spec_uint ("tracks", "Tracks",
          "Tracked faces whose identity votes the element holds now", 0,
          G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Face recognition", "Filter/Analyzer/Video",
      "Names the faces found upstream after the employees of a gallery",
      "workforce-monitor authors");

  trans_class->start = GST_DEBUG_FUNCPTR (gst_wf_face_match_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_wf_face_match_stop);
  trans_class->sink_event = GST_DEBUG_FUNCPTR (gst_wf_face_match_sink_event);
  trans_class->transform_ip =
      GST_DEBUG_FUNCPTR (gst_wf_face_match_transform_ip);
  trans_class->transform_ip_on_passthrough = FALSE;
}

static void
gst_wf_face_match_init (GstWfFaceMatch * self)
{
  self->gallery_path = g_strdup (DEFAULT_GALLERY);
  self->threshold = DEFAULT_THRESHOLD;
  self->margin = DEFAULT_MARGIN;
  self->landmarks_path = g_strdup (DEFAULT_LANDMARKS);
  self->model_path = g_strdup (DEFAULT_MODEL);
  self->recompute_interval = DEFAULT_RECOMPUTE_INTERVAL;
  self->reverify_ms = DEFAULT_REVERIFY_MS;
  self->min_quality = DEFAULT_MIN_QUALITY;
  self->post_messages = DEFAULT_POST_MESSAGES;
}
