/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "faceredact-common.h"

#include <gst/check/gstharness.h>
#include <stdlib.h>

#include "wf-meta.h"
#include "wf-test-common.h"

#define PHOTO_WIDTH 960

static const gchar *const demo_photos[] = { "sample1.jpg", "sample3.jpg",
  "sample4.jpg", "sample5.jpg", "sample6.jpg", NULL
};

void
redact_photo_free (RedactPhoto * p)
{
  g_free (p->label);
  gst_buffer_unref (p->frame);
  g_free (p);
}

static void
add_photo (GPtrArray * photos, const gchar * path)
{
  RedactPhoto *p = g_new0 (RedactPhoto, 1);
  GstVideoInfo native;
  GstBuffer *buf = wf_test_load_image (path, GST_VIDEO_FORMAT_RGB, 0, 0,
      &native);

  if (GST_VIDEO_INFO_WIDTH (&native) > PHOTO_WIDTH) {
    gint h = (gint) (GST_VIDEO_INFO_HEIGHT (&native) * (gdouble) PHOTO_WIDTH
        / GST_VIDEO_INFO_WIDTH (&native) + 0.5);
    gst_buffer_unref (buf);
    buf = wf_test_load_image (path, GST_VIDEO_FORMAT_RGB, PHOTO_WIDTH,
        h & ~1, &p->info);
  } else {
    p->info = native;
  }
  /* still images have no rate; the elements want one */
  p->info.fps_n = 30;
  p->info.fps_d = 1;
  p->label = g_path_get_basename (path);
  p->frame = buf;
  g_ptr_array_add (photos, p);
}

GPtrArray *
redact_photos_load (const gchar * const *scenes)
{
  GPtrArray *photos = g_ptr_array_new_with_free_func ((GDestroyNotify)
      redact_photo_free);
  const gchar *api = g_getenv ("WF_FACE_API_DIR");

  for (guint i = 0; api && demo_photos[i]; i++) {
    g_autofree gchar *path = g_build_filename (api, "demo", demo_photos[i],
        NULL);
    if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
      add_photo (photos, path);
  }
  for (guint i = 0; scenes && scenes[i]; i++) {
    g_autofree gchar *rel = g_build_filename ("scenes", scenes[i], NULL);
    g_autofree gchar *path = wf_test_data_path (rel);
    if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
      add_photo (photos, path);
  }
  if (photos->len == 0) {
    g_printerr ("SKIP: no photos with faces: neither face-api's demo photos "
        "(%s/demo, installed by ./setup.sh --tests) nor the shared test "
        "data\n", api ? api : "WF_FACE_API_DIR unset");
    exit (77);
  }
  return photos;
}

GstBuffer *
redact_run_chain (const gchar * desc, const GstVideoInfo * info,
    GstBuffer * in)
{
  GstHarness *h = gst_harness_new_parse (desc);
  GstBuffer *out;

  gst_harness_set_src_caps (h, gst_video_info_to_caps (info));
  GST_BUFFER_PTS (in) = 0;
  GST_BUFFER_DURATION (in) = GST_SECOND / 30;
  out = gst_harness_push_and_pull (h, in);
  g_assert_nonnull (out);
  gst_harness_teardown (h);
  return out;
}

GstBuffer *
redact_strip_metas (GstBuffer * buf)
{
  return gst_buffer_copy_region (buf, GST_BUFFER_COPY_MEMORY |
      GST_BUFFER_COPY_DEEP, 0, -1);
}

static void
redact_face_clear (RedactFace * f)
{
  g_free (f->employee);
}

GArray *
redact_faces (GstBuffer * buf)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (RedactFace));
  gpointer state = NULL;
  GstMeta *meta;

  g_array_set_clear_func (out, (GDestroyNotify) redact_face_clear);
  while ((meta = gst_buffer_iterate_meta_filtered (buf, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *) meta;
    GstStructure *fm;
    RedactFace f = { {roi->x, roi->y, roi->w, roi->h}, FALSE, NULL };

    if (roi->roi_type != g_quark_from_static_string (WF_ROI_TYPE_FACE))
      continue;
    fm = gst_video_region_of_interest_meta_get_param (roi,
        WF_PARAM_FACEMATCH);
    if (fm) {
      gst_structure_get_boolean (fm, WF_FIELD_KNOWN, &f.known);
      f.employee = g_strdup (gst_structure_get_string (fm,
              WF_FIELD_EMPLOYEE_ID));
    }
    g_array_append_val (out, f);
  }
  return out;
}

guint
redact_count_changed (const GstVideoInfo * info, GstBuffer * a,
    GstBuffer * b, const WfRect * box)
{
  GstVideoFrame fa, fb;
  gint x0 = MAX (0, (gint) box->x), y0 = MAX (0, (gint) box->y);
  gint x1 = MIN (GST_VIDEO_INFO_WIDTH (info), (gint) (box->x + box->w));
  gint y1 = MIN (GST_VIDEO_INFO_HEIGHT (info), (gint) (box->y + box->h));
  gint bpp = GST_VIDEO_INFO_COMP_PSTRIDE (info, 0);
  guint n = 0;

  g_assert_true (gst_video_frame_map (&fa, info, a, GST_MAP_READ));
  g_assert_true (gst_video_frame_map (&fb, info, b, GST_MAP_READ));
  for (gint y = y0; y < y1; y++) {
    const guint8 *ra = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&fa, 0) +
        y * GST_VIDEO_FRAME_PLANE_STRIDE (&fa, 0);
    const guint8 *rb = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&fb, 0) +
        y * GST_VIDEO_FRAME_PLANE_STRIDE (&fb, 0);
    for (gint x = x0 * bpp; x < x1 * bpp; x++)
      n += ra[x] != rb[x];
  }
  gst_video_frame_unmap (&fa);
  gst_video_frame_unmap (&fb);
  return n;
}

gdouble
redact_overlap (const WfRect * a, const WfRect * b, gdouble margin)
{
  WfRect g = { b->x - margin * b->w, b->y - margin * b->h,
    b->w * (1 + 2 * margin), b->h * (1 + 2 * margin)
  };
  gdouble ix = MAX (0.0, MIN (a->x + a->w, g.x + g.w) - MAX (a->x, g.x));
  gdouble iy = MAX (0.0, MIN (a->y + a->h, g.y + g.h) - MAX (a->y, g.y));

  return a->w * a->h > 0 ? ix * iy / (a->w * a->h) : 0.0;
}

gdouble
redact_iou (const WfRect * a, const WfRect * b)
{
  gdouble ix = MAX (0.0, MIN (a->x + a->w, b->x + b->w) - MAX (a->x, b->x));
  gdouble iy = MAX (0.0, MIN (a->y + a->h, b->y + b->h) - MAX (a->y, b->y));
  gdouble inter = ix * iy;
  gdouble uni = a->w * a->h + b->w * b->h - inter;

  return uni > 0 ? inter / uni : 0.0;
}
