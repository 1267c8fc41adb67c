/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-test-faces.h"
#include "wf-test-common.h"
#include "wf-detector.h"

void
wf_test_image_load (WfTestImage * ti, const gchar * path,
    GstVideoFormat format)
{
  GstVideoInfo info;

  memset (ti, 0, sizeof *ti);
  ti->buffer = wf_test_load_image (path, format, 0, 0, &info);
  if (!gst_video_frame_map (&ti->frame, &info, ti->buffer, GST_MAP_READ))
    g_error ("could not map %s", path);
  switch (format) {
    case GST_VIDEO_FORMAT_GRAY8:
      ti->image.format = WF_PIXEL_GRAY8;
      break;
    case GST_VIDEO_FORMAT_I420:
      ti->image.format = WF_PIXEL_I420;
      break;
    case GST_VIDEO_FORMAT_NV12:
      ti->image.format = WF_PIXEL_NV12;
      break;
    case GST_VIDEO_FORMAT_RGB:
      ti->image.format = WF_PIXEL_RGB;
      break;
    case GST_VIDEO_FORMAT_BGR:
      ti->image.format = WF_PIXEL_BGR;
      break;
    case GST_VIDEO_FORMAT_RGBx:
      ti->image.format = WF_PIXEL_RGBX;
      break;
    case GST_VIDEO_FORMAT_BGRx:
      ti->image.format = WF_PIXEL_BGRX;
      break;
    case GST_VIDEO_FORMAT_RGBA:
      ti->image.format = WF_PIXEL_RGBA;
      break;
    case GST_VIDEO_FORMAT_BGRA:
      ti->image.format = WF_PIXEL_BGRA;
      break;
    default:
      g_error ("format %s not handled", gst_video_format_to_string (format));
  }
  ti->image.width = GST_VIDEO_FRAME_WIDTH (&ti->frame);
  ti->image.height = GST_VIDEO_FRAME_HEIGHT (&ti->frame);
  for (guint i = 0; i < GST_VIDEO_FRAME_N_PLANES (&ti->frame) && i < 3; i++) {
    ti->image.data[i] = GST_VIDEO_FRAME_PLANE_DATA (&ti->frame, i);
    ti->image.stride[i] = GST_VIDEO_FRAME_PLANE_STRIDE (&ti->frame, i);
  }
}

void
wf_test_image_clear (WfTestImage * ti)
{
  if (ti->buffer) {
    gst_video_frame_unmap (&ti->frame);
    gst_buffer_unref (ti->buffer);
  }
  memset (ti, 0, sizeof *ti);
}

static void
face_file_free (gpointer p)
{
  WfTestFaceFile *f = p;
  g_free (f->identity);
  g_free (f->path);
  g_free (f);
}

static gint
face_file_cmp (gconstpointer a, gconstpointer b)
{
  const WfTestFaceFile *fa = *(WfTestFaceFile * const *) a;
  const WfTestFaceFile *fb = *(WfTestFaceFile * const *) b;
  gint c = g_strcmp0 (fa->identity, fb->identity);
  return c ? c : g_strcmp0 (fa->path, fb->path);
}

GPtrArray *
wf_test_face_files (void)
{
  g_autofree gchar *root = wf_test_data_path ("faces");
  GPtrArray *files = g_ptr_array_new_with_free_func (face_file_free);
  g_autoptr (GDir) dir = g_dir_open (root, 0, NULL);
  const gchar *who;

  if (dir == NULL)
    return files;
  while ((who = g_dir_read_name (dir))) {
    g_autofree gchar *sub = g_build_filename (root, who, NULL);
    g_autoptr (GDir) d2 = g_dir_open (sub, 0, NULL);
    const gchar *name;

    if (d2 == NULL)
      continue;
    while ((name = g_dir_read_name (d2))) {
      WfTestFaceFile *f;
      if (!g_str_has_suffix (name, ".jpg") && !g_str_has_suffix (name, ".png"))
        continue;
      f = g_new0 (WfTestFaceFile, 1);
      f->identity = g_strdup (who);
      f->path = g_build_filename (sub, name, NULL);
      g_ptr_array_add (files, f);
    }
  }
  g_ptr_array_sort (files, face_file_cmp);
  return files;
}

gboolean
wf_test_find_face (const WfImage * image, WfRect * face)
{
  /* Loaded on first use and kept for the test's lifetime. */
  static WfDetector *detector = NULL;
  g_autoptr (GArray) faces = g_array_new (FALSE, FALSE, sizeof (WfFace));
  WfDetectParams params;
  const WfFace *best = NULL;
  GError *err = NULL;

  if (g_once_init_enter (&detector)) {
    WfDetector *d = wf_detector_new (WF_DETECTOR_HOG, NULL, &err);
    if (d == NULL)
      g_error ("HOG detector: %s", err->message);
    g_once_init_leave (&detector, d);
  }

  /* Photos up to 1280 px: detect at about 640 px; the tight crops are
   * small, look at them twice as large. */
  wf_detector_params_init (&params);
  if (image->width > 800)
    params.detect_width = 640;
  else if (image->width < 400)
    params.upsample = 1;
  if (!wf_detector_detect (detector, image, &params, faces, &err))
    g_error ("HOG detection: %s", err->message);

  for (guint i = 0; i < faces->len; i++) {
    const WfFace *f = &g_array_index (faces, WfFace, i);
    if (best == NULL || f->box.w * f->box.h > best->box.w * best->box.h)
      best = f;
  }
  if (best == NULL) {
    *face = (WfRect) { 0, 0, image->width, image->height };
    return FALSE;
  }
  *face = best->box;
  return TRUE;
}

guint8 *
wf_test_image_grey (const WfImage * im)
{
  guint8 *g = g_malloc ((gsize) im->width * im->height);

  g_assert_true (im->format == WF_PIXEL_RGB);
  for (gint y = 0; y < im->height; y++) {
    const guint8 *row = im->data[0] + (gsize) y * im->stride[0];
    for (gint x = 0; x < im->width; x++)
      g[(gsize) y * im->width + x] = (row[3 * x] + row[3 * x + 1]
          + row[3 * x + 2]) / 3;
  }
  return g;
}
