/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Detection quality of each facedetect backend on the nine PASCAL VOC group
 * photos of dlib's examples (43 annotated faces, 35-90 px), against
 * dlib_voc_face_boxes.csv: a detection matches an annotated face at
 * IoU >= 0.3 (dlib's boxes are tighter than the annotations), one to one.
 *
 * The levels asserted are a little under what was measured here (noted per
 * case), so a real regression fails while the decoder's rounding does not.
 */
#include "config.h"

#include <stdlib.h>

#include "detect-common.h"
#include "wf-test-common.h"

#define N_VOC_IMAGES 9

static const gchar *voc_images[N_VOC_IMAGES] = {
  "dlib_voc_2007_007763.jpg", "dlib_voc_2008_001009.jpg",
  "dlib_voc_2008_001322.jpg", "dlib_voc_2008_002079.jpg",
  "dlib_voc_2008_002470.jpg", "dlib_voc_2008_002506.jpg",
  "dlib_voc_2008_004176.jpg", "dlib_voc_2008_007676.jpg",
  "dlib_voc_2009_004587.jpg",
};

typedef struct {
  const gchar *name;
  const gchar *props;
  gboolean needs_dlib, needs_opencv;
  /* asserted: at least this many of the 43 faces matched ... */
  guint min_matched;
  /* ... and at most this many detections matching no face */
  guint max_false;
  /* exactly this many detections in total, when >= 0 (count check) */
  gint total;
} VocCase;

/* Measured here, 2 cores (the default detect-width 640 leaves these 500 px
 * images at their size, and the default upsample=-1 (auto) doubles them once
 * to reach 640):
 *  defaults (hog, upsample auto, threads auto): 43/43 matched, 0 false
 *  hog threads=1 (one pass over the pyramid): the same
 *  hog upsample=1:   43/43 matched, 0 false, 43 boxes (dlib's own count)
 *  hog upsample=0:   11/43 matched, 0 false: faces under ~80 px are below
 *                    dlib's HOG window, hence upsample
 *  haar (alt2):      37/43 matched, 0 false (scale step 1.2)
 *  haar (frontalface_default, gst-plugins-bad's): 37/43 matched, 2 false
 *  yunet:            43/43 matched, 1 false
 *  mmod upsample=1:  41/43 matched, 0 false
 *  tiny:             42/43 matched, 1 false (threshold 0.4; at 0.5 40/43)
 * gst-plugins-bad's facedetect (defaults) on the same images: 34/43, 1 false.
 * Asserted: two faces fewer and two false boxes more than measured, except
 * hog upsample=1 and the defaults, which must find exactly the 43, and at
 * least gst-plugins-bad's 34 in any case. */
static const VocCase cases[] = {
  {"default", NULL, TRUE, FALSE, 43, 0, 43},
  {"hog-threads1", "backend=hog threads=1", TRUE, FALSE, 43, 0, 43},
  {"hog-upsample1", "backend=hog upsample=1", TRUE, FALSE, 43, 0, 43},
  {"hog-upsample0", "backend=hog upsample=0", TRUE, FALSE, 9, 2, -1},
  {"haar", "backend=haar", FALSE, TRUE, 35, 2, -1},
  {"haar-default-cascade",
      "backend=haar model=" "/usr/share/opencv4/haarcascades/"
        "haarcascade_frontalface_default.xml", FALSE, TRUE, 35, 4, -1},
  {"yunet", "backend=yunet", FALSE, TRUE, 41, 3, -1},
  {"mmod-upsample1", "backend=mmod upsample=1", TRUE, FALSE, 39, 2, -1},
  {"tiny", "backend=tiny", FALSE, FALSE, 40, 3, -1},
};

typedef struct {
  gchar *image;
  gdouble x, y, w, h;
} GtBox;

static GArray *
load_ground_truth (void)
{
  g_autofree gchar *path = wf_test_data_path ("scenes/dlib_voc_face_boxes.csv");
  g_autofree gchar *text = NULL;
  g_auto (GStrv) lines = NULL;
  GArray *boxes = g_array_new (FALSE, TRUE, sizeof (GtBox));
  GError *err = NULL;

  g_file_get_contents (path, &text, NULL, &err);
  g_assert_no_error (err);
  lines = g_strsplit (text, "\n", -1);
  /* image,image_width,image_height,left,top,width,height,ignore,source */
  for (guint i = 1; lines[i]; i++) {
    g_auto (GStrv) f = g_strsplit (lines[i], ",", -1);
    GtBox b;
    if (g_strv_length (f) < 8)
      continue;
    g_assert_cmpstr (f[7], ==, "0");
    b.image = g_strdup (f[0]);
    b.x = g_ascii_strtod (f[3], NULL);
    b.y = g_ascii_strtod (f[4], NULL);
    b.w = g_ascii_strtod (f[5], NULL);
    b.h = g_ascii_strtod (f[6], NULL);
    g_array_append_val (boxes, b);
  }
  g_assert_cmpuint (boxes->len, ==, 43);
  return boxes;
}

static void
test_voc (gconstpointer data)
{
  const VocCase *c = data;
  GArray *gt;
  guint matched = 0, false_boxes = 0, total = 0;

  if ((c->needs_dlib && !HAVE_DLIB) || (c->needs_opencv && !HAVE_OPENCV) ||
      (c->props && strstr (c->props, "backend=tiny") && !HAVE_TINYFACE)) {
    g_test_skip ("backend not built in");
    return;
  }

  gt = load_ground_truth ();
  for (guint i = 0; i < N_VOC_IMAGES; i++) {
    g_autofree gchar *rel = g_build_filename ("scenes", voc_images[i], NULL);
    GArray *faces = detect_image (rel, GST_VIDEO_FORMAT_I420, c->props);
    gboolean used[64] = { FALSE };
    guint img_matched = 0;

    g_assert_cmpuint (faces->len, <, G_N_ELEMENTS (used));
    for (guint g = 0; g < gt->len; g++) {
      const GtBox *b = &g_array_index (gt, GtBox, g);
      gdouble best = 0.3;
      gint best_i = -1;
      if (strcmp (b->image, voc_images[i]) != 0)
        continue;
      for (guint k = 0; k < faces->len; k++) {
        const DetectedFace *f = &g_array_index (faces, DetectedFace, k);
        gdouble iou = detect_iou (b->x, b->y, b->w, b->h, f->x, f->y, f->w,
            f->h);
        if (!used[k] && iou >= best) {
          best = iou;
          best_i = k;
        }
      }
      if (best_i >= 0) {
        used[best_i] = TRUE;
        img_matched++;
      }
    }
    g_test_message ("%s %s: %u boxes, %u matched", c->name, voc_images[i],
        faces->len, img_matched);
    matched += img_matched;
    total += faces->len;
    false_boxes += faces->len - img_matched;
    g_array_unref (faces);
  }

  g_printerr ("VOC %s: %u/43 faces matched (recall %.2f), %u boxes, "
      "%u false (precision %.2f)\n", c->name, matched, matched / 43.0, total,
      false_boxes, total ? (gdouble) (total - false_boxes) / total : 1.0);
  g_assert_cmpuint (matched, >=, c->min_matched);
  /* the floor: gst-plugins-bad's facedetect finds 34 */
  if (c->props == NULL)
    g_assert_cmpuint (matched, >=, 34);
  g_assert_cmpuint (false_boxes, <=, c->max_false);
  if (c->total >= 0)
    g_assert_cmpint (total, ==, c->total);

  for (guint g = 0; g < gt->len; g++)
    g_free (g_array_index (gt, GtBox, g).image);
  g_array_unref (gt);
}

int
main (int argc, char **argv)
{
  wf_test_require_testdata ();
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree gchar *path = g_strdup_printf ("/facedetect/voc/%s",
        cases[i].name);
    g_test_add_data_func (path, &cases[i], test_voc);
  }
  return g_test_run ();
}
