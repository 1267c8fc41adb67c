/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "detect-common.h"

#include <math.h>
#include <string.h>

#include "wf-detector.h"
#include "wf-meta.h"
#include "wf-test-common.h"

static void
detected_face_clear (gpointer data)
{
  DetectedFace *f = data;
  g_free (f->backend);
}

GstHarness *
detect_harness_new (const gchar * props, const GstVideoInfo * info)
{
  GstElement *element = gst_element_factory_make ("facedetect", NULL);
  g_auto (GStrv) pairs = NULL;
  GstHarness *h;
  GstCaps *caps;

  g_assert_nonnull (element);
  pairs = g_strsplit (props ? props : "", " ", -1);
  for (guint i = 0; pairs[i]; i++) {
    gchar *eq = strchr (pairs[i], '=');
    if (!eq)
      continue;
    *eq = '\0';
    gst_util_set_object_arg (G_OBJECT (element), pairs[i], eq + 1);
  }

  h = gst_harness_new_with_element (element, "sink", "src");
  gst_object_unref (element);
  caps = wf_test_caps_for_info (info);
  gst_harness_set_src_caps (h, caps);
  return h;
}

GArray *
detect_harness_push (GstHarness * h, GstBuffer * buf)
{
  GArray *faces = g_array_new (FALSE, TRUE, sizeof (DetectedFace));
  GstVideoRegionOfInterestMeta *meta;
  gpointer state = NULL;
  GstBuffer *out;

  g_array_set_clear_func (faces, detected_face_clear);
  g_assert_cmpint (gst_harness_push (h, gst_buffer_ref (buf)), ==,
      GST_FLOW_OK);
  out = gst_harness_pull (h);
  g_assert_nonnull (out);

  while ((meta = (GstVideoRegionOfInterestMeta *)
          gst_buffer_iterate_meta_filtered (out, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    DetectedFace f = { 0 };
    GstStructure *s;
    const GValue *lm;

    g_assert_cmpstr (g_quark_to_string (meta->roi_type), ==,
        WF_ROI_TYPE_FACE);
    s = gst_video_region_of_interest_meta_get_param (meta,
        WF_PARAM_DETECTION);
    g_assert_nonnull (s);
    f.x = meta->x;
    f.y = meta->y;
    f.w = meta->w;
    f.h = meta->h;
    g_assert_true (gst_structure_get (s,
            WF_FIELD_CONFIDENCE, G_TYPE_DOUBLE, &f.confidence,
            WF_FIELD_X, G_TYPE_DOUBLE, &f.nx,
            WF_FIELD_Y, G_TYPE_DOUBLE, &f.ny,
            WF_FIELD_W, G_TYPE_DOUBLE, &f.nw,
            WF_FIELD_H, G_TYPE_DOUBLE, &f.nh,
            WF_FIELD_BACKEND, G_TYPE_STRING, &f.backend,
            WF_FIELD_CARRIED, G_TYPE_BOOLEAN, &f.carried, NULL));
    lm = gst_structure_get_value (s, WF_FIELD_LANDMARKS);
    if (lm) {
      g_assert_true (GST_VALUE_HOLDS_ARRAY (lm));
      f.n_landmarks = gst_value_array_get_size (lm);
    }
    g_array_append_val (faces, f);
  }
  gst_buffer_unref (out);
  return faces;
}

GArray *
detect_image (const gchar * image, GstVideoFormat format, const gchar * props)
{
  g_autofree gchar *path = wf_test_data_path (image);
  GstVideoInfo info;
  GstBuffer *buf = wf_test_load_image (path, format, 0, 0, &info);
  GstHarness *h = detect_harness_new (props, &info);
  GArray *faces = detect_harness_push (h, buf);

  gst_buffer_unref (buf);
  gst_harness_teardown (h);
  return faces;
}

gdouble
detect_iou (gdouble ax, gdouble ay, gdouble aw, gdouble ah, gdouble bx,
    gdouble by, gdouble bw, gdouble bh)
{
  gdouble ix = MAX (0, MIN (ax + aw, bx + bw) - MAX (ax, bx));
  gdouble iy = MAX (0, MIN (ay + ah, by + bh) - MAX (ay, by));
  gdouble inter = ix * iy;
  gdouble uni = aw * ah + bw * bh - inter;
  return uni > 0 ? inter / uni : 0;
}

guint
detect_faces_match (const gchar * what, GArray * one, GArray * two,
    gfloat max_px, gdouble max_score, guint * twins)
{
  gboolean used[128] = { FALSE };

  g_assert_cmpuint (one->len, ==, two->len);
  g_assert_cmpuint (one->len, <, G_N_ELEMENTS (used));
  for (guint i = 0; i < one->len; i++) {
    const WfFace *a = &g_array_index (one, WfFace, i);
    gboolean found = FALSE;
    for (guint k = 0; k < two->len && !found; k++) {
      const WfFace *b = &g_array_index (two, WfFace, k);
      if (used[k] || fabsf (a->box.x - b->box.x) > max_px ||
          fabsf (a->box.y - b->box.y) > max_px ||
          fabsf (a->box.w - b->box.w) > max_px ||
          fabsf (a->box.h - b->box.h) > max_px)
        continue;
      g_assert_cmpfloat_with_epsilon (a->confidence, b->confidence,
          max_score);
      used[k] = found = TRUE;
      if (twins)
        twins[i] = k;
    }
    if (!found)
      g_error ("%s: face %.0f,%.0f %.0fx%.0f (%.3f) has no twin", what,
          a->box.x, a->box.y, a->box.w, a->box.h, a->confidence);
  }
  return one->len;
}

void
detect_grey_view (GstVideoFrame * frame, gpointer img)
{
  WfImage *im = img;

  memset (im, 0, sizeof (*im));
  im->format = WF_PIXEL_GRAY8;
  im->width = GST_VIDEO_FRAME_WIDTH (frame);
  im->height = GST_VIDEO_FRAME_HEIGHT (frame);
  im->data[0] = GST_VIDEO_FRAME_PLANE_DATA (frame, 0);
  im->stride[0] = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
}

void
detect_grey_scene (const gchar * name, GstVideoFrame * frame, gpointer img)
{
  g_autofree gchar *rel = g_build_filename ("scenes", name, NULL);
  g_autofree gchar *path = wf_test_data_path (rel);

  detect_grey_file (path, frame, img);
}

gboolean
detect_have_scenes (const gchar * const *names, guint n)
{
  for (guint i = 0; i < n; i++) {
    g_autofree gchar *rel = g_build_filename ("scenes", names[i], NULL);

    if (!wf_test_have_data (rel, NULL))
      return FALSE;
  }
  return TRUE;
}

GStrv
detect_face_api_photos (void)
{
  const gchar *dir = g_getenv ("WF_FACE_API_DIR");
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 1; i <= 6; i++) {
    g_autofree gchar *name = g_strdup_printf ("sample%u.jpg", i);
    g_autofree gchar *path = g_build_filename (dir ? dir : "", "demo", name,
        NULL);

    if (!dir || !g_file_test (path, G_FILE_TEST_EXISTS)) {
      g_test_skip_printf ("face-api's demo photos not found (%s; "
          "./models/fetch.sh)", path);
      return NULL;
    }
    g_strv_builder_add (b, path);
  }
  return g_strv_builder_end (b);
}

void
detect_grey_file (const gchar * path, GstVideoFrame * frame, gpointer img)
{
  GstVideoInfo info;
  GstBuffer *buf;

  buf = wf_test_load_image (path, GST_VIDEO_FORMAT_GRAY8, 0, 0, &info);
  g_assert_true (gst_video_frame_map (frame, &info, buf, GST_MAP_READ));
  detect_grey_view (frame, img);
}

void
detect_grey_scene_clear (GstVideoFrame * frame)
{
  GstBuffer *buf = frame->buffer;

  gst_video_frame_unmap (frame);
  gst_buffer_unref (buf);
}
