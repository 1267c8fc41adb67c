/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:element-faceredact
 * @title: faceredact
 * @see_also: facedetect, facematch, occupancy
 *
 * Redacts faces in place: every #GstVideoRegionOfInterestMeta of type
 * #GstWfFaceRedact:roi-type (`face`, as `facedetect` attaches them) that
 * #GstWfFaceRedact:policy selects is pixelated, blurred or filled over its
 * box grown by #GstWfFaceRedact:margin on each side.
 *
 * Policies: `all` (every face), `unknown` (the default: faces without a
 * `facematch` param naming an employee, `known` TRUE), `not-consented`
 * (unknown faces and named employees without consent), `none`.  An
 * employee has consented when the `facematch` param carries a boolean
 * `consent` field that is TRUE; without that field, when their id is in
 * #GstWfFaceRedact:consented.  A `consent` field of another type counts as
 * no consent.
 *
 * Pixelate and blur keep only the mean of square cells whose side is
 * #GstWfFaceRedact:strength times the larger side of the face box (blur
 * uses cells twice as large and blends their means smoothly): nothing
 * finer than a cell can be recovered from the output.  The weakest
 * strength accepted, 0.2, leaves our own detectors and recogniser
 * finding and naming no one on our test photos.
 *
 * #GstWfFaceRedact:masks are polygons, in the zone syntax of `occupancy`,
 * filled with #GstWfFaceRedact:fill-color in every frame, whatever the
 * policy.
 *
 * Invalid masks or consent lists are refused and the previous value kept,
 * with a warning on the bus; a value refused while the element is stopped
 * (from gst-launch-1.0, for instance) also makes it fail to start with an
 * error naming it.  Unknown policy or method names are refused by
 * GStreamer's property parser (gst-launch-1.0 reports "could not set
 * property").
 *
 * When the regions of one frame add up to more than 4 times the frame
 * (a flood of ROIs), the whole frame is filled instead: the cost stays
 * bounded and nothing is left unredacted.
 *
 * Frames with nothing to redact are not mapped for writing (no copy of
 * shared memory).
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 videotestsrc num-buffers=30 ! video/x-raw,width=640,height=360 ! \
 *     facedetect ! faceredact policy=all method=blur \
 *     masks="desk=0.6,0.6 0.9,0.6 0.9,0.9 0.6,0.9" ! videoconvert ! fakesink
 * ]| Blurs every face and blacks out the lower right corner.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstwffaceredact.h"
#include "gstwfvideo.h"

#include <gst/video/video.h>

#include "wf-meta.h"
#include "wf-redact-pixels.h"
#include "wf-redact-policy.h"
#include "wf-zones.h"

GST_DEBUG_CATEGORY_STATIC (gst_wf_face_redact_debug);
#define GST_CAT_DEFAULT gst_wf_face_redact_debug

#define DEFAULT_POLICY WF_REDACT_POLICY_UNKNOWN
#define DEFAULT_METHOD WF_REDACT_PIXELATE
#define DEFAULT_STRENGTH WF_REDACT_DEFAULT_STRENGTH
#define DEFAULT_MARGIN WF_REDACT_DEFAULT_MARGIN
#define DEFAULT_ROI_TYPE WF_ROI_TYPE_FACE
#define DEFAULT_FILL_COLOR 0x000000
/* regions beyond this many frame areas: fill the frame instead */
#define FLOOD_FRAMES 4

enum
{
  PROP_0,
  PROP_POLICY,
  PROP_METHOD,
  PROP_STRENGTH,
  PROP_MARGIN,
  PROP_CONSENTED,
  PROP_MASKS,
  PROP_FILL_COLOR,
  PROP_ROI_TYPE,
};

struct _GstWfFaceRedact
{
  GstVideoFilter parent;

  /* properties, protected by the object lock */
  WfRedactPolicy policy;
  WfRedactMethod method;
  gdouble strength;
  gdouble margin;
  GHashTable *consented;        /* employee id -> id; never NULL */
  GPtrArray *masks;             /* WfZone*; never NULL */
  guint fill_color;
  gchar *roi_type;
  GQuark roi_quark;
  /* a value refused while stopped: start fails with it */
  gchar *masks_error;
  gchar *consented_error;
  gboolean started;

  /* streaming thread only */
  gboolean flood_warned;
};

#define VIDEO_CAPS GST_VIDEO_CAPS_MAKE ("{ GRAY8, I420, NV12, RGB, BGR, " \
    "RGBx, BGRx, RGBA, BGRA }")

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS (VIDEO_CAPS));
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS (VIDEO_CAPS));

#define gst_wf_face_redact_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstWfFaceRedact, gst_wf_face_redact,
    GST_TYPE_VIDEO_FILTER,
    GST_DEBUG_CATEGORY_INIT (gst_wf_face_redact_debug, "faceredact", 0,
        "workforce-monitor face redaction"));
GST_ELEMENT_REGISTER_DEFINE (faceredact, "faceredact", GST_RANK_NONE,
    GST_TYPE_WF_FACE_REDACT);

GType
gst_wf_face_redact_policy_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {WF_REDACT_POLICY_ALL, "Every face", "all"},
    {WF_REDACT_POLICY_UNKNOWN, "Faces facematch did not name", "unknown"},
    {WF_REDACT_POLICY_NOT_CONSENTED,
        "Unknown faces and employees without consent", "not-consented"},
    {WF_REDACT_POLICY_NONE, "No face (masks still apply)", "none"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstWfFaceRedactPolicy", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

GType
gst_wf_face_redact_method_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {WF_REDACT_PIXELATE, "Cells of one colour", "pixelate"},
    {WF_REDACT_BLUR, "Smooth blend of cell means", "blur"},
    {WF_REDACT_FILL, "Solid fill-color", "fill"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstWfFaceRedactMethod", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

/* ---- configuration ---- */

/* Refuses @value of @prop: a warning on the bus, and while stopped the
 * error start will fail with (stored in @pending). */
static void
refuse_value (GstWfFaceRedact * self, const gchar * prop,
    const gchar * value, const GError * err, gchar ** pending)
{
  GST_ELEMENT_WARNING (self, LIBRARY, SETTINGS,
      ("Invalid %s, keeping the previous value: %s", prop, err->message),
      ("%s=\"%s\"", prop, value ? value : ""));
  GST_OBJECT_LOCK (self);
  if (!self->started) {
    g_free (*pending);
    *pending = g_strdup_printf ("Invalid %s \"%s\": %s", prop,
        value ? value : "", err->message);
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_wf_face_redact_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstWfFaceRedact *self = GST_WF_FACE_REDACT (object);
  const gchar *str;
  g_autoptr (GError) err = NULL;

  switch (prop_id) {
    case PROP_POLICY:
      GST_OBJECT_LOCK (self);
      self->policy = g_value_get_enum (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_METHOD:
      GST_OBJECT_LOCK (self);
      self->method = g_value_get_enum (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_STRENGTH:
      GST_OBJECT_LOCK (self);
      self->strength = g_value_get_double (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_MARGIN:
      GST_OBJECT_LOCK (self);
      self->margin = g_value_get_double (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_CONSENTED:{
      GHashTable *set;
      str = g_value_get_string (value);
      set = wf_consent_parse (str, &err);
      if (set == NULL) {
        refuse_value (self, "consented", str, err, &self->consented_error);
        break;
      }
      GST_OBJECT_LOCK (self);
      g_hash_table_unref (self->consented);
      self->consented = set;
      g_clear_pointer (&self->consented_error, g_free);
      GST_OBJECT_UNLOCK (self);
      break;
    }
    case PROP_MASKS:{
      GPtrArray *masks;
      str = g_value_get_string (value);
      masks = wf_zones_parse (str, &err);
      if (masks == NULL) {
        refuse_value (self, "masks", str, err, &self->masks_error);
        break;
      }
      GST_OBJECT_LOCK (self);
      g_ptr_array_unref (self->masks);
      self->masks = masks;
      g_clear_pointer (&self->masks_error, g_free);
      GST_OBJECT_UNLOCK (self);
      break;
    }
    case PROP_FILL_COLOR:
      GST_OBJECT_LOCK (self);
      self->fill_color = g_value_get_uint (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_ROI_TYPE:
      str = g_value_get_string (value);
      GST_OBJECT_LOCK (self);
      g_free (self->roi_type);
      self->roi_type = g_strdup (str && *str ? str : DEFAULT_ROI_TYPE);
      self->roi_quark = g_quark_from_string (self->roi_type);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_wf_face_redact_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstWfFaceRedact *self = GST_WF_FACE_REDACT (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_POLICY:
      g_value_set_enum (value, self->policy);
      break;
    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;
    case PROP_STRENGTH:
      g_value_set_double (value, self->strength);
      break;
    case PROP_MARGIN:
      g_value_set_double (value, self->margin);
      break;
    case PROP_CONSENTED:
      g_value_take_string (value, wf_consent_to_string (self->consented));
      break;
    case PROP_MASKS:
      g_value_take_string (value, wf_zones_to_string (self->masks));
      break;
    case PROP_FILL_COLOR:
      g_value_set_uint (value, self->fill_color);
      break;
    case PROP_ROI_TYPE:
      g_value_set_string (value, self->roi_type);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* ---- streaming ---- */

static gboolean
gst_wf_face_redact_start (GstBaseTransform * trans)
{
  GstWfFaceRedact *self = GST_WF_FACE_REDACT (trans);
  gchar *error;

  GST_OBJECT_LOCK (self);
  error = g_strdup (self->masks_error ? self->masks_error :
      self->consented_error);
  if (error == NULL)
    self->started = TRUE;
  GST_OBJECT_UNLOCK (self);
  if (error)
    goto invalid_settings;
  self->flood_warned = FALSE;
  return TRUE;

  /* ERRORS */
invalid_settings:
  {
    GST_ELEMENT_ERROR (self, LIBRARY, SETTINGS,
        ("Invalid faceredact settings."), ("%s", error));
    g_free (error);
    return FALSE;
  }
}

static gboolean
gst_wf_face_redact_stop (GstBaseTransform * trans)
{
  GstWfFaceRedact *self = GST_WF_FACE_REDACT (trans);

  GST_OBJECT_LOCK (self);
  self->started = FALSE;
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

/* What one frame is redacted with, copied under the lock. */
typedef struct {
  WfRedactPolicy policy;
  WfRedactMethod method;
  gdouble strength, margin;
  WfRedactColor color;
  GQuark roi_quark;
  GHashTable *consented;
  GPtrArray *masks;
} Settings;

static void
settings_copy (GstWfFaceRedact * self, Settings * s)
{
  GST_OBJECT_LOCK (self);
  s->policy = self->policy;
  s->method = self->method;
  s->strength = self->strength;
  s->margin = self->margin;
  s->color.r = (self->fill_color >> 16) & 0xff;
  s->color.g = (self->fill_color >> 8) & 0xff;
  s->color.b = self->fill_color & 0xff;
  s->roi_quark = self->roi_quark;
  s->consented = g_hash_table_ref (self->consented);
  s->masks = g_ptr_array_ref (self->masks);
  GST_OBJECT_UNLOCK (self);
}

static void
settings_clear (Settings * s)
{
  g_hash_table_unref (s->consented);
  g_ptr_array_unref (s->masks);
}

/* Who the ROI is, from its facematch param: unknown unless it names an
 * employee and says known. */
static void
roi_subject (GstVideoRegionOfInterestMeta * roi, WfRedactSubject * subject)
{
  GstStructure *fm = gst_video_region_of_interest_meta_get_param (roi,
      WF_PARAM_FACEMATCH);
  gboolean known = FALSE, consent;

  subject->employee_id = NULL;
  subject->consent = WF_CONSENT_UNSTATED;
  if (fm == NULL || !gst_structure_get_boolean (fm, WF_FIELD_KNOWN, &known)
      || !known)
    return;
  subject->employee_id = gst_structure_get_string (fm, WF_FIELD_EMPLOYEE_ID);
  if (gst_structure_has_field (fm, WF_FIELD_CONSENT))
    subject->consent = gst_structure_get_boolean (fm, WF_FIELD_CONSENT,
        &consent) && consent ? WF_CONSENT_GIVEN : WF_CONSENT_REFUSED;
}

/* The face ROIs of @buf to redact under @s, as metas, in @out. */
static void
collect_faces (GstBuffer * buf, const Settings * s, GPtrArray * out)
{
  gpointer state = NULL;
  GstMeta *meta;

  if (s->policy == WF_REDACT_POLICY_NONE)
    return;
  while ((meta = gst_buffer_iterate_meta_filtered (buf, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *) meta;
    WfRedactSubject subject;

    if (roi->roi_type != s->roi_quark)
      continue;
    roi_subject (roi, &subject);
    if (wf_redact_decide (s->policy, &subject, s->consented))
      g_ptr_array_add (out, roi);
  }
}

static void
redact_frame (GstWfFaceRedact * self, WfRedactFrame * f, const Settings * s,
    GPtrArray * faces)
{
  guint64 budget = (guint64) FLOOD_FRAMES * f->width * f->height;
  guint64 area = 0;

  for (guint i = 0; i < faces->len; i++) {
    GstVideoRegionOfInterestMeta *roi = g_ptr_array_index (faces, i);
    WfRedactRect r;
    gint cell;

    if (!wf_redact_region (f, roi->x, roi->y, roi->w, roi->h, s->margin, &r))
      continue;
    area += (guint64) r.w * r.h;
    if (area > budget)
      goto flood;
    cell = wf_redact_cell_size (f->format, roi->w, roi->h, s->strength);
    wf_redact_apply (f, &r, s->method, cell, s->color);
  }
  return;

  /* ERRORS */
flood:
  {
    WfRedactRect all = { 0, 0, f->width, f->height };

    if (!self->flood_warned) {
      GST_ELEMENT_WARNING (self, STREAM, FAILED,
          ("Too many face regions in a frame; filling whole frames."),
          ("%u regions add up to more than %d frame areas", faces->len,
              FLOOD_FRAMES));
      self->flood_warned = TRUE;
    }
    wf_redact_fill (f, &all, s->color);
  }
}

/* Our own transform_ip rather than GstVideoFilter's transform_frame_ip,
 * which maps every frame for writing: a frame with nothing to redact is
 * left alone. */
static GstFlowReturn
gst_wf_face_redact_transform_ip (GstBaseTransform * trans, GstBuffer * buf)
{
  GstWfFaceRedact *self = GST_WF_FACE_REDACT (trans);
  GstVideoFilter *filter = GST_VIDEO_FILTER (trans);
  g_autoptr (GPtrArray) faces = g_ptr_array_new ();
  GstVideoFrame frame;
  WfImage img;
  WfRedactFrame f = { 0 };
  Settings s;

  if (G_UNLIKELY (!filter->negotiated))
    goto not_negotiated;

  settings_copy (self, &s);
  collect_faces (buf, &s, faces);
  if (faces->len == 0 && s.masks->len == 0) {
    settings_clear (&s);
    return GST_FLOW_OK;
  }
  if (!gst_video_frame_map (&frame, &filter->in_info, buf, GST_MAP_READWRITE))
    goto map_failed;
  /* the format table lives in one place (gstwfvideo.c); the planes are
   * ours to write since the frame is mapped for writing */
  if (!gst_wf_image_from_frame (&frame, &img))
    goto unsupported;
  f.format = img.format;
  f.width = img.width;
  f.height = img.height;
  f.full_range = img.yuv_full_range || img.format == WF_PIXEL_GRAY8;
  for (guint i = 0; i < GST_VIDEO_FRAME_N_PLANES (&frame) && i < 3; i++) {
    f.data[i] = GST_VIDEO_FRAME_PLANE_DATA (&frame, i);
    f.stride[i] = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, i);
  }

  redact_frame (self, &f, &s, faces);
  for (guint i = 0; i < s.masks->len; i++)
    wf_redact_fill_zone (&f, g_ptr_array_index (s.masks, i), s.color);

  gst_video_frame_unmap (&frame);
  settings_clear (&s);
  return GST_FLOW_OK;

  /* ERRORS */
not_negotiated:
  {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
        ("unknown format"));
    return GST_FLOW_NOT_NEGOTIATED;
  }
map_failed:
  {
    settings_clear (&s);
    GST_ELEMENT_ERROR (self, STREAM, FAILED, ("Could not map the frame."),
        (NULL));
    return GST_FLOW_ERROR;
  }
unsupported:
  {
    gst_video_frame_unmap (&frame);
    settings_clear (&s);
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
        ("format %s not supported",
            gst_video_format_to_string (GST_VIDEO_INFO_FORMAT
                (&filter->in_info))));
    return GST_FLOW_NOT_NEGOTIATED;
  }
}

static void
gst_wf_face_redact_finalize (GObject * object)
{
  GstWfFaceRedact *self = GST_WF_FACE_REDACT (object);

  g_hash_table_unref (self->consented);
  g_ptr_array_unref (self->masks);
  g_free (self->roi_type);
  g_free (self->masks_error);
  g_free (self->consented_error);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_wf_face_redact_class_init (GstWfFaceRedactClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);

  gobject_class->set_property = gst_wf_face_redact_set_property;
  gobject_class->get_property = gst_wf_face_redact_get_property;
  gobject_class->finalize = gst_wf_face_redact_finalize;

  /**
   * GstWfFaceRedact:policy:
   *
   * Which faces to redact: all, unknown (those facematch did not name, the
   * default), not-consented (unknown ones and employees without consent) or
   * none (masks only).
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_POLICY,
      g_param_spec_enum ("policy", "Policy",
          "Which faces to redact: all, unknown (not named by facematch), "
          "not-consented (unknown ones and employees without consent), none",
          GST_TYPE_WF_FACE_REDACT_POLICY, DEFAULT_POLICY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceRedact:method:
   *
   * How a face is redacted: pixelate (cells of one colour), blur (a smooth
   * blend of the cell means) or fill (#GstWfFaceRedact:fill-color).
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_METHOD,
      g_param_spec_enum ("method", "Method",
          "How: pixelate (cells of one colour), blur (smooth blend of the "
          "cell means), fill (fill-color)",
          GST_TYPE_WF_FACE_REDACT_METHOD, DEFAULT_METHOD,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceRedact:strength:
   *
   * Cell side of pixelate and blur as a fraction of the larger side of the
   * face box; the minimum still leaves no face our detectors or recogniser
   * can find (docs/faceredact.md).
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_STRENGTH,
      g_param_spec_double ("strength", "Strength",
          "Cell side of pixelate and blur, as a fraction of the larger side "
          "of the face box (larger is coarser; the minimum still leaves no "
          "face our detector or recogniser can find)",
          WF_REDACT_MIN_STRENGTH, WF_REDACT_MAX_STRENGTH, DEFAULT_STRENGTH,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceRedact:margin:
   *
   * Fraction of the box's width and height added on each side before
   * redacting.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_MARGIN,
      g_param_spec_double ("margin", "Margin",
          "Fraction of the box's width and height added on each side",
          0.0, 1.0, DEFAULT_MARGIN,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceRedact:consented:
   *
   * Comma-separated ids of the employees who consented to be shown, for
   * policy=not-consented; a boolean consent field in the facematch param
   * wins over this list.  An invalid list is refused with a warning message
   * on the bus and the previous one is kept.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_CONSENTED,
      g_param_spec_string ("consented", "Consented",
          "Comma-separated ids of the employees who consented to be shown "
          "(policy not-consented; a boolean consent field in the facematch "
          "param wins over this list)", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceRedact:masks:
   *
   * Privacy masks filled with #GstWfFaceRedact:fill-color in every frame, in
   * occupancy's zone syntax ("name=x,y x,y x,y;...", coordinates normalised
   * to [0,1]).  Invalid masks are refused with a warning message on the bus
   * and the previous ones are kept.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_MASKS,
      g_param_spec_string ("masks", "Privacy masks",
          "Polygons filled with fill-color in every frame, in the zone "
          "syntax of occupancy: \"name=x,y x,y x,y;...\", coordinates "
          "normalised to [0,1]", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceRedact:fill-color:
   *
   * Colour of method=fill and of the masks, as 0xRRGGBB.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_FILL_COLOR,
      g_param_spec_uint ("fill-color", "Fill colour",
          "Colour of fill and of the masks, 0xRRGGBB", 0, 0xffffff,
          DEFAULT_FILL_COLOR,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  /**
   * GstWfFaceRedact:roi-type:
   *
   * The roi_type of the regions to redact: "face" (the default) or, for
   * example, "person" for the whole people occupancy's detector=people
   * finds.
   *
   * Since: 0.1
   */
  g_object_class_install_property (gobject_class, PROP_ROI_TYPE,
      g_param_spec_string ("roi-type", "ROI type",
          "roi_type of the regions to redact (person: whole people from "
          "occupancy)", DEFAULT_ROI_TYPE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Face redaction (workforce-monitor)", "Filter/Effect/Video",
      "Pixelates, blurs or fills the faces a policy selects and fills "
      "privacy masks", "workforce-monitor authors");

  trans_class->start = GST_DEBUG_FUNCPTR (gst_wf_face_redact_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_wf_face_redact_stop);
  trans_class->transform_ip =
      GST_DEBUG_FUNCPTR (gst_wf_face_redact_transform_ip);
  trans_class->transform_ip_on_passthrough = FALSE;

  gst_type_mark_as_plugin_api (GST_TYPE_WF_FACE_REDACT_POLICY, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_WF_FACE_REDACT_METHOD, 0);
}

static void
gst_wf_face_redact_init (GstWfFaceRedact * self)
{
  self->policy = DEFAULT_POLICY;
  self->method = DEFAULT_METHOD;
  self->strength = DEFAULT_STRENGTH;
  self->margin = DEFAULT_MARGIN;
  self->fill_color = DEFAULT_FILL_COLOR;
  self->roi_type = g_strdup (DEFAULT_ROI_TYPE);
  self->roi_quark = g_quark_from_string (self->roi_type);
  self->consented = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      NULL);
  self->masks = g_ptr_array_new_with_free_func ((GDestroyNotify)
      wf_zone_free);
  gst_base_transform_set_in_place (GST_BASE_TRANSFORM (self), TRUE);
}
