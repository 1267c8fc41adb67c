/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * faceredact against our own recogniser, on real photos (dlib builds with
 * the recognition models; skipped otherwise):
 *
 * - no match: every face of a photo is enrolled from that very photo (the
 *   easiest possible match); facematch names them all on the original and
 *   none once `faceredact policy=all` has run, at the weakest strength;
 * - policy=unknown with one enrolled person in a group photo: only the
 *   others are redacted, checked on the pixels and by detecting and
 *   matching on the output.  The group photo is testdata/scenes/bbt4.jpg
 *   with penny enrolled from testdata/faces/penny/1.jpg when the shared
 *   data is there; otherwise the face-api demo photo with the most faces,
 *   its largest face enrolled from the photo itself.
 */
#include <gst/check/gstcheck.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "faceredact-common.h"
#include "wf-embedder.h"
#include "wf-face-find.h"
#include "wf-gallery.h"
#include "wf-model-path.h"
#include "wf-redact-pixels.h"
#include "wf-test-common.h"

#define MARGIN 0.25

static const gchar *const scenes[] = { "bbt4.jpg", NULL };

static GPtrArray *photos;
static WfEmbedder *embedder;
static gchar *tmpdir;

static void
require_models (void)
{
  const gchar *names[] = { WF_EMBEDDER_RESNET_MODEL,
    WF_EMBEDDER_LANDMARKS_MODEL
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    g_autoptr (GError) err = NULL;
    g_autofree gchar *p = wf_model_path_find (names[i], &err);
    if (p == NULL) {
      g_printerr ("SKIP: %s\n", err->message);
      exit (77);
    }
  }
}

/* A new empty gallery in the temporary folder. */
static WfGallery *
gallery_new (const gchar * tag, gchar ** path)
{
  g_autoptr (GError) err = NULL;
  g_autofree gchar *name = g_strdup_printf ("%s.db", tag);
  WfGallery *g;

  *path = g_build_filename (tmpdir, name, NULL);
  g_unlink (*path);
  g = wf_gallery_open (*path, WF_GALLERY_OPEN_CREATE, &err);
  g_assert_no_error (err);
  return g;
}

/* Enrols @id with the descriptor of @box in @img. */
static void
enrol (WfGallery * g, const gchar * id, const WfImage * img,
    const WfRect * box)
{
  g_autoptr (GError) err = NULL;
  gfloat desc[WF_DESCRIPTOR_DIM];
  WfEnrolSample s = {.descriptor = desc,.source = "test",.detector = "hog",
    .box = *box
  };

  g_assert_true (wf_embedder_compute (embedder, img, box, 1, desc, &err));
  g_assert_no_error (err);
  g_assert_true (wf_gallery_enroll (g, id, id, &s, 1, &err));
  g_assert_no_error (err);
}

static void
enrol_from_frame (WfGallery * g, const gchar * id, RedactPhoto * p,
    const WfRect * box)
{
  GstVideoFrame vf;
  WfImage img = { 0 };

  g_assert_true (gst_video_frame_map (&vf, &p->info, p->frame,
          GST_MAP_READ));
  img.format = WF_PIXEL_RGB;
  img.width = GST_VIDEO_FRAME_WIDTH (&vf);
  img.height = GST_VIDEO_FRAME_HEIGHT (&vf);
  img.data[0] = GST_VIDEO_FRAME_PLANE_DATA (&vf, 0);
  img.stride[0] = GST_VIDEO_FRAME_PLANE_STRIDE (&vf, 0);
  enrol (g, id, &img, box);
  gst_video_frame_unmap (&vf);
}

static guint
count_known (GArray * faces)
{
  guint n = 0;
  for (guint i = 0; i < faces->len; i++)
    n += g_array_index (faces, RedactFace, i).known;
  return n;
}

static void
test_no_match (void)
{
  const gchar *methods[] = { "pixelate", "blur" };
  guint photos_tried = 0, faces_tried = 0;

  for (guint i = 0; i < photos->len; i++) {
    RedactPhoto *p = g_ptr_array_index (photos, i);
    GstBuffer *detected = redact_run_chain ("facedetect", &p->info,
        gst_buffer_ref (p->frame));
    g_autoptr (GArray) faces = redact_faces (detected);
    g_autofree gchar *path = NULL;
    g_autofree gchar *match = NULL;
    g_autoptr (WfGallery) g = NULL;

    if (faces->len == 0) {
      gst_buffer_unref (detected);
      continue;
    }
    g = gallery_new ("everyone", &path);
    for (guint k = 0; k < faces->len; k++) {
      g_autofree gchar *id = g_strdup_printf ("face-%u", k);
      enrol_from_frame (g, id, p, &g_array_index (faces, RedactFace, k).box);
    }
    /* min-quality=0: every descriptor votes, even of a chip facematch
     * would find too poor, the hardest case for the redaction */
    match = g_strdup_printf ("facematch gallery=\"%s\" min-quality=0",
        path);
    /* the recogniser knows them all as they are */
    {
      GstBuffer *named = redact_run_chain (match, &p->info,
          gst_buffer_copy (detected));
      g_autoptr (GArray) r = redact_faces (named);
      g_assert_cmpuint (count_known (r), ==, faces->len);
      gst_buffer_unref (named);
    }
    for (guint m = 0; m < G_N_ELEMENTS (methods); m++) {
      g_autofree gchar *redact = g_strdup_printf ("faceredact policy=all "
          "method=%s strength=%g", methods[m], WF_REDACT_MIN_STRENGTH);
      GstBuffer *out = redact_run_chain (redact, &p->info,
          gst_buffer_copy (detected));
      /* the ROIs of the faces are still on the buffer: facematch looks
       * exactly where the faces were */
      GstBuffer *named = redact_run_chain (match, &p->info, out);
      g_autoptr (GArray) r = redact_faces (named);

      g_test_message ("%s %s: %u of %u faces named", p->label, methods[m],
          count_known (r), faces->len);
      g_assert_cmpuint (r->len, ==, faces->len);
      g_assert_cmpuint (count_known (r), ==, 0);
      gst_buffer_unref (named);
    }
    photos_tried++;
    faces_tried += faces->len;
    gst_buffer_unref (detected);
    g_unlink (path);
  }
  g_assert_cmpuint (photos_tried, >=, 1);
  g_assert_cmpuint (faces_tried, >=, 3);
}

/* The group photo and its one enrolled person, in @g as @id. */
static RedactPhoto *
group_photo (WfGallery * g, const gchar ** id)
{
  g_autofree gchar *penny = wf_test_data_path ("faces/penny/1.jpg");
  RedactPhoto *best = NULL;
  guint best_n = 0;
  WfRect best_box = { 0 };

  for (guint i = 0; i < photos->len; i++) {
    RedactPhoto *p = g_ptr_array_index (photos, i);
    GstBuffer *detected;
    g_autoptr (GArray) faces = NULL;

    /* with the shared data: bbt4.jpg */
    if (g_file_test (penny, G_FILE_TEST_IS_REGULAR) &&
        !g_str_equal (p->label, "bbt4.jpg"))
      continue;
    detected = redact_run_chain ("facedetect", &p->info,
        gst_buffer_ref (p->frame));
    faces = redact_faces (detected);
    gst_buffer_unref (detected);
    if (faces->len > best_n) {
      best = p;
      best_n = faces->len;
      best_box = g_array_index (faces, RedactFace, 0).box;
      for (guint k = 1; k < faces->len; k++) {
        WfRect *b = &g_array_index (faces, RedactFace, k).box;
        if (b->w * b->h > best_box.w * best_box.h)
          best_box = *b;
      }
    }
  }
  g_assert_nonnull (best);
  g_assert_cmpuint (best_n, >=, 3);

  if (g_file_test (penny, G_FILE_TEST_IS_REGULAR)) {
    g_autoptr (GError) err = NULL;
    g_autoptr (WfImageFile) img = wf_image_file_load (penny, &err);
    g_autoptr (WfDetector) det = wf_detector_new (WF_DETECTOR_HOG, NULL,
        &err);
    g_autoptr (GArray) found = g_array_new (FALSE, FALSE, sizeof (WfFace));
    WfDetectParams params;
    WfImage view;

    g_assert_no_error (err);
    wf_face_find_params_init (&params, 1);
    g_assert_true (wf_face_find (det, &params, img, found, &err));
    g_assert_cmpuint (found->len, >=, 1);
    wf_image_file_view (img, &view);
    enrol (g, "penny", &view, &g_array_index (found, WfFace,
            wf_face_find_largest (found)).box);
    *id = "penny";
  } else {
    enrol_from_frame (g, "largest", best, &best_box);
    *id = "largest";
  }
  g_test_message ("group photo %s, %u faces, %s enrolled", best->label,
      best_n, *id);
  return best;
}

/* Whether pixel (@x, @y) is in the redacted region of any unknown face. */
static gboolean
in_unknown_region (GArray * faces, gdouble x, gdouble y)
{
  for (guint i = 0; i < faces->len; i++) {
    RedactFace *f = &g_array_index (faces, RedactFace, i);
    WfRect b = f->box;
    if (f->known)
      continue;
    if (x >= b.x - MARGIN * b.w - 1 && x < b.x + b.w * (1 + MARGIN) + 1 &&
        y >= b.y - MARGIN * b.h - 1 && y < b.y + b.h * (1 + MARGIN) + 1)
      return TRUE;
  }
  return FALSE;
}

static void
test_unknown_policy (void)
{
  g_autofree gchar *path = NULL;
  g_autoptr (WfGallery) g = gallery_new ("one", &path);
  const gchar *id = NULL;
  RedactPhoto *p = group_photo (g, &id);
  /* min-quality=0 as in no-match: a single frame's descriptor votes
   * whatever its quality (the demo photos' faces are not all frontal) */
  g_autofree gchar *chain = g_strdup_printf ("facedetect ! facematch "
      "gallery=\"%s\" min-quality=0 ! faceredact policy=unknown margin=%g",
      path, MARGIN);
  g_autofree gchar *check = g_strdup_printf ("facedetect ! facematch "
      "gallery=\"%s\" min-quality=0", path);
  GstBuffer *out = redact_run_chain (chain, &p->info,
      gst_buffer_ref (p->frame));
  g_autoptr (GArray) faces = redact_faces (out);
  RedactFace *kept = NULL;
  GstBuffer *again;
  g_autoptr (GArray) found = NULL;

  /* facematch named the one enrolled person, and no one else */
  for (guint i = 0; i < faces->len; i++) {
    RedactFace *f = &g_array_index (faces, RedactFace, i);
    g_test_message ("face %g,%g %gx%g: %s", f->box.x, f->box.y, f->box.w,
        f->box.h, f->known ? f->employee : "unknown");
    if (f->known) {
      g_assert_null (kept);
      g_assert_cmpstr (f->employee, ==, id);
      kept = f;
    }
  }
  g_assert_nonnull (kept);
  g_assert_cmpuint (faces->len, >=, 3);

  /* pixels: the others are redacted, the enrolled face is not, except
   * where a neighbour's region reaches into its box */
  {
    GstVideoFrame a, b;
    guint touched = 0;
    gint bpp = 3;

    for (guint i = 0; i < faces->len; i++) {
      RedactFace *f = &g_array_index (faces, RedactFace, i);
      guint changed = redact_count_changed (&p->info, p->frame, out,
          &f->box);
      if (!f->known)
        g_assert_cmpuint (changed, >, f->box.w * f->box.h * bpp / 2);
    }
    g_assert_true (gst_video_frame_map (&a, &p->info, p->frame,
            GST_MAP_READ));
    g_assert_true (gst_video_frame_map (&b, &p->info, out, GST_MAP_READ));
    for (gint y = kept->box.y; y < kept->box.y + kept->box.h; y++)
      for (gint x = kept->box.x; x < kept->box.x + kept->box.w; x++) {
        const guint8 *pa = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&a, 0) +
            y * GST_VIDEO_FRAME_PLANE_STRIDE (&a, 0) + bpp * x;
        const guint8 *pb = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&b, 0) +
            y * GST_VIDEO_FRAME_PLANE_STRIDE (&b, 0) + bpp * x;
        if (memcmp (pa, pb, bpp) != 0) {
          g_assert_true (in_unknown_region (faces, x, y));
          touched++;
        }
      }
    gst_video_frame_unmap (&a);
    gst_video_frame_unmap (&b);
    g_assert_cmpuint (touched, <, kept->box.w * kept->box.h / 4);
  }

  /* detecting and matching on the output: the enrolled person, named,
   * and no face where the others were */
  again = redact_run_chain (check, &p->info, redact_strip_metas (out));
  found = redact_faces (again);
  {
    guint named = 0;
    for (guint i = 0; i < found->len; i++) {
      RedactFace *f = &g_array_index (found, RedactFace, i);
      g_test_message ("on the output: %g,%g %gx%g: %s", f->box.x, f->box.y,
          f->box.w, f->box.h, f->known ? f->employee : "unknown");
      if (redact_iou (&f->box, &kept->box) > 0.5) {
        g_assert_true (f->known);
        g_assert_cmpstr (f->employee, ==, id);
        named++;
        continue;
      }
      for (guint k = 0; k < faces->len; k++) {
        RedactFace *o = &g_array_index (faces, RedactFace, k);
        if (!o->known)
          g_assert_cmpfloat (redact_overlap (&f->box, &o->box, MARGIN), <,
              0.2);
      }
      g_assert_false (f->known);
    }
    g_assert_cmpuint (named, ==, 1);
  }
  gst_buffer_unref (again);
  gst_buffer_unref (out);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) err = NULL;
  int ret;

  gst_check_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  require_models ();
  photos = redact_photos_load (scenes);
  embedder = wf_embedder_new (NULL, NULL, &err);
  g_assert_no_error (err);
  tmpdir = g_dir_make_tmp ("wf-faceredact-XXXXXX", &err);
  g_assert_no_error (err);

  g_test_add_func ("/privacy/faceredact/no-match", test_no_match);
  g_test_add_func ("/privacy/faceredact/unknown-policy", test_unknown_policy);
  ret = g_test_run ();

  {
    g_autoptr (GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const gchar *name;
    while (dir && (name = g_dir_read_name (dir))) {
      g_autofree gchar *f = g_build_filename (tmpdir, name, NULL);
      g_unlink (f);
    }
    g_rmdir (tmpdir);
  }
  g_free (tmpdir);
  wf_embedder_free (embedder);
  g_ptr_array_unref (photos);
  return ret;
}
