/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-enrol.h"

#include <string.h>
#include <gst/gst.h>
#include <gst/app/gstappsrc.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#if WF_HAVE_ENROL
#include "wf-detector.h"
#include "wf-embedder.h"
#endif

G_DEFINE_QUARK (wf-enrol-error-quark, wf_enrol_error);

/* Tight crops (badge photos) leave a sliding-window detector no room around
 * the face: small images get a second try with a grey border. */
#define SMALL_IMAGE 400
#define BORDER_FRACTION 0.25

const gchar *
wf_enrol_sniff (const guint8 * data, gsize len)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return "image/jpeg";
  if (len >= sizeof (png) && memcmp (data, png, sizeof (png)) == 0)
    return "image/png";
  return NULL;
}

gboolean
wf_enrol_available (void)
{
#if WF_HAVE_ENROL
  return wf_detector_backend_available (WF_DETECTOR_HOG);
#else
  return FALSE;
#endif
}

#if WF_HAVE_ENROL
typedef struct
{
  guint8 *rgb;
  gint width, height, stride;
} Decoded;

/* Decodes with GStreamer into packed RGB. */
static gboolean
decode (const guint8 * data, gsize len, Decoded * out, GError ** error)
{
  g_autoptr (GError) err = NULL;
  GstElement *p = gst_parse_launch ("appsrc name=src ! decodebin "
      "! videoconvert ! video/x-raw,format=RGB ! appsink name=sink sync=false",
      &err);
  GstElement *src, *sink;
  GstSample *sample;
  gboolean ok = FALSE;

  if (!p) {
    g_set_error (error, WF_ENROL_ERROR, WF_ENROL_ERROR_FAILED,
        "cannot build the image decoder: %s", err->message);
    return FALSE;
  }
  src = gst_bin_get_by_name (GST_BIN (p), "src");
  sink = gst_bin_get_by_name (GST_BIN (p), "sink");
  gst_element_set_state (p, GST_STATE_PAUSED);
  gst_app_src_push_buffer (GST_APP_SRC (src),
      gst_buffer_new_memdup (data, len));
  gst_app_src_end_of_stream (GST_APP_SRC (src));
  sample = gst_app_sink_try_pull_preroll (GST_APP_SINK (sink),
      5 * GST_SECOND);
  if (sample) {
    GstVideoInfo info;
    GstVideoFrame frame;
    GstBuffer *buf = gst_sample_get_buffer (sample);

    if (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) &&
        gst_video_frame_map (&frame, &info, buf, GST_MAP_READ)) {
      out->width = GST_VIDEO_INFO_WIDTH (&info);
      out->height = GST_VIDEO_INFO_HEIGHT (&info);
      out->stride = out->width * 3;
      out->rgb = g_malloc ((gsize) out->stride * out->height);
      for (gint y = 0; y < out->height; y++)
        memcpy (out->rgb + (gsize) y * out->stride,
            (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) +
            (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
            out->stride);
      gst_video_frame_unmap (&frame);
      ok = TRUE;
    }
    gst_sample_unref (sample);
  }
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (src);
  gst_object_unref (sink);
  gst_object_unref (p);
  if (!ok)
    g_set_error (error, WF_ENROL_ERROR, WF_ENROL_ERROR_NOT_IMAGE,
        "the photo could not be decoded");
  return ok;
}

struct _WfEnrolSession
{
  WfDetector *detector;
  WfEmbedder *embedder;
};

WfEnrolSession *
wf_enrol_session_new (GError ** error)
{
  g_autoptr (WfEnrolSession) s = g_new0 (WfEnrolSession, 1);

  s->detector = wf_detector_new (WF_DETECTOR_HOG, NULL, error);
  if (!s->detector)
    return NULL;
  s->embedder = wf_embedder_new (NULL, NULL, error);
  if (!s->embedder)
    return NULL;
  return g_steal_pointer (&s);
}

void
wf_enrol_session_free (WfEnrolSession * s)
{
  if (!s)
    return;
  g_clear_pointer (&s->detector, wf_detector_free);
  g_clear_pointer (&s->embedder, wf_embedder_free);
  g_free (s);
}

static gboolean
largest_face (WfEnrolSession * s, const WfImage * img, WfRect * box,
    GError ** error)
{
  g_autoptr (GArray) faces = g_array_new (FALSE, FALSE, sizeof (WfFace));
  WfDetectParams params = { 0 };
  gfloat best = 0;

  params.min_size = 20;
  params.threshold = 0.0;
  params.upsample = MAX (img->width, img->height) < 800 ? 1 : 0;
  if (!wf_detector_detect (s->detector, img, &params, faces, error))
    return FALSE;
  for (guint i = 0; i < faces->len; i++) {
    WfFace *f = &g_array_index (faces, WfFace, i);
    if (f->box.w * f->box.h > best) {
      best = f->box.w * f->box.h;
      *box = f->box;
    }
  }
  return best > 0;
}

gboolean
wf_enrol_describe (WfEnrolSession * s, const guint8 * data, gsize len,
    gfloat * descriptor, WfRect * box, GError ** error)
{
  Decoded d = { 0 };
  WfImage img = { 0 };
  g_autofree guint8 *padded = NULL;
  gboolean found;

  if (!wf_enrol_sniff (data, len)) {
    g_set_error (error, WF_ENROL_ERROR, WF_ENROL_ERROR_NOT_IMAGE,
        "the photo is neither JPEG nor PNG");
    return FALSE;
  }
  if (!decode (data, len, &d, error))
    return FALSE;
  img.format = WF_PIXEL_RGB;
  img.width = d.width;
  img.height = d.height;
  img.data[0] = d.rgb;
  img.stride[0] = d.stride;
  found = largest_face (s, &img, box, error);
  if (!found && MAX (d.width, d.height) <= SMALL_IMAGE) {
    gint bx = d.width * BORDER_FRACTION, by = d.height * BORDER_FRACTION;
    gint w = d.width + 2 * bx, h = d.height + 2 * by;
    padded = g_malloc ((gsize) w * h * 3);
    memset (padded, 128, (gsize) w * h * 3);
    for (gint y = 0; y < d.height; y++)
      memcpy (padded + ((gsize) (y + by) * w + bx) * 3,
          d.rgb + (gsize) y * d.stride, d.stride);
    img.width = w;
    img.height = h;
    img.data[0] = padded;
    img.stride[0] = w * 3;
    g_clear_error (error);
    found = largest_face (s, &img, box, error);
  }
  if (found)
    found = wf_embedder_compute (s->embedder, &img, box, 1, descriptor,
        error);
  else if (error && !*error)
    g_set_error (error, WF_ENROL_ERROR, WF_ENROL_ERROR_NO_FACE,
        "no face found in the photo");
  g_free (d.rgb);
  return found;
}
#else
struct _WfEnrolSession
{
  gint unused;
};

WfEnrolSession *
wf_enrol_session_new (GError ** error)
{
  g_set_error (error, WF_ENROL_ERROR, WF_ENROL_ERROR_UNAVAILABLE,
      "enrolment needs face detection and recognition (dlib), which this "
      "build does not have");
  return NULL;
}

void
wf_enrol_session_free (WfEnrolSession * s)
{
  g_free (s);
}

gboolean
wf_enrol_describe (WfEnrolSession * s, const guint8 * data, gsize len,
    gfloat * descriptor, WfRect * box, GError ** error)
{
  g_set_error (error, WF_ENROL_ERROR, WF_ENROL_ERROR_UNAVAILABLE,
      "enrolment is not available in this build");
  return FALSE;
}
#endif
