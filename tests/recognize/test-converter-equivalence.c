/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The converted dlib model computes what face-api's own TensorFlow.js code
 * computes: the same aligned 150x150 chips of real faces go through both,
 * and every descriptor element agrees within 1e-5.
 *
 * Needs node and @tensorflow/tfjs in tests/recognize/node_modules (pinned
 * by package-lock.json; ./setup.sh --tests installs it); skips without them.
 */
#include "wf-embedder.h"
#include "wf-model-path.h"
#include "wf-test-common.h"
#include "wf-test-faces.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define TOLERANCE 1e-5

/* Photos (faces found by HOG), grey tight crops and dlib's aligned chips;
 * without the shared test data, the largest face of each of face-api's six
 * demo photos (six other people). */
static const gchar *chip_sources[] = {
  "faces/barack_obama/1.jpg",
  "faces/angelina_jolie/2.jpg",
  "faces/kit_harington/1.jpg",
  "faces/amy/1.jpg",
  "faces/sheldon/2.jpg",
  "faces/john_salley/1.jpg",
};

static void
skip (const gchar * why)
{
  g_printerr ("SKIP: %s\n", why);
  exit (77);
}

int
main (int argc, char **argv)
{
  const gchar *source_root = g_getenv ("WF_SOURCE_ROOT");
  const gchar *face_api = g_getenv ("WF_FACE_API_DIR");
  g_autofree gchar *node = g_find_program_in_path ("node");
  g_autofree gchar *script = NULL;
  g_autofree gchar *tfjs = NULL;
  g_autofree gchar *model = NULL;
  g_autofree gchar *tmpdir = NULL;
  g_autofree gchar *chips_path = NULL;
  g_autofree gchar *out_path = NULL;
  g_autofree gchar *n_str = NULL;
  g_autofree gchar *stdout_text = NULL;
  g_autofree gchar *stderr_text = NULL;
  g_autofree gchar *tf_bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (WfEmbedder) embedder = NULL;
  const guint n = G_N_ELEMENTS (chip_sources);
  guint8 *chips;
  gfloat *dlib_d, *via_image;
  const gfloat *tf_d;
  gsize tf_len;
  gint status;
  gdouble max_diff = 0, min_pair = INFINITY;

  if (source_root == NULL || face_api == NULL)
    skip ("WF_SOURCE_ROOT and WF_FACE_API_DIR must be set (meson test)");
  model = wf_model_path_find (WF_EMBEDDER_RESNET_MODEL, &error);
  if (model == NULL)
    skip (error->message);
  for (guint i = 0; i < n; i++) {
    g_autofree gchar *path = wf_test_face_photo (chip_sources[i], i + 1);
    if (path == NULL)
      skip ("neither the shared test data nor face-api's demo photos are "
          "there (./setup.sh installs face-api)");
  }
  if (node == NULL)
    skip ("node not found in PATH (Debian package nodejs)");
  script = g_build_filename (source_root, "tests", "recognize",
      "tfjs-descriptors.js", NULL);
  tfjs = g_build_filename (source_root, "tests", "recognize", "node_modules",
      "@tensorflow", "tfjs", "package.json", NULL);
  if (!g_file_test (tfjs, G_FILE_TEST_IS_REGULAR))
    skip ("@tensorflow/tfjs is not installed in tests/recognize/node_modules:"
        " run ./setup.sh --tests (npm ci in tests/recognize)");

  gst_init (&argc, &argv);
  embedder = wf_embedder_new (model, NULL, &error);
  g_assert_no_error (error);

  chips = g_malloc (n * WF_EMBEDDER_CHIP_BYTES);
  dlib_d = g_new (gfloat, n * WF_DESCRIPTOR_DIM);
  via_image = g_new (gfloat, n * WF_DESCRIPTOR_DIM);
  for (guint i = 0; i < n; i++) {
    g_autofree gchar *path = wf_test_face_photo (chip_sources[i], i + 1);
    WfTestImage ti;
    WfRect face;

    wf_test_image_load (&ti, path, GST_VIDEO_FORMAT_RGB);
    wf_test_find_face (&ti.image, &face);
    g_assert_true (wf_embedder_align (embedder, &ti.image, &face,
            chips + i * WF_EMBEDDER_CHIP_BYTES, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (wf_embedder_compute (embedder, &ti.image, &face, 1,
            via_image + i * WF_DESCRIPTOR_DIM, &error));
    wf_test_image_clear (&ti);
  }
  g_assert_true (wf_embedder_compute_chips (embedder, chips, n, dlib_d,
          &error));
  g_assert_no_error (error);
  /* align + compute_chips is compute, split in two. */
  for (guint i = 0; i < n * WF_DESCRIPTOR_DIM; i++)
    g_assert_cmpfloat (dlib_d[i], ==, via_image[i]);

  tmpdir = g_dir_make_tmp ("wf-recognize-XXXXXX", &error);
  g_assert_no_error (error);
  chips_path = g_build_filename (tmpdir, "chips.rgb", NULL);
  out_path = g_build_filename (tmpdir, "tfjs.f32", NULL);
  g_assert_true (g_file_set_contents (chips_path, (const gchar *) chips,
          n * WF_EMBEDDER_CHIP_BYTES, &error));
  n_str = g_strdup_printf ("%u", n);
  {
    const gchar *args[] = { node, script, face_api, chips_path, n_str,
      out_path, NULL
    };
    g_assert_true (g_spawn_sync (NULL, (gchar **) args, NULL,
            G_SPAWN_DEFAULT, NULL, NULL, &stdout_text, &stderr_text, &status,
            &error));
  }
  g_assert_no_error (error);
  g_print ("%s", stdout_text);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("face-api (tfjs) failed: %s\n%s", error->message, stderr_text);
  g_assert_true (g_file_get_contents (out_path, &tf_bytes, &tf_len, &error));
  g_assert_cmpuint (tf_len, ==, n * WF_DESCRIPTOR_DIM * sizeof (gfloat));
  tf_d = (const gfloat *) tf_bytes;

  for (guint i = 0; i < n; i++) {
    gdouble chip_max = 0;
    for (guint k = 0; k < WF_DESCRIPTOR_DIM; k++) {
      gdouble diff = fabs ((gdouble) dlib_d[i * WF_DESCRIPTOR_DIM + k]
          - tf_d[i * WF_DESCRIPTOR_DIM + k]);
      chip_max = MAX (chip_max, diff);
    }
    g_print ("chip %u (%s or sample%u.jpg): largest difference dlib - tfjs "
        "%.3g\n", i, chip_sources[i], i + 1, chip_max);
    max_diff = MAX (max_diff, chip_max);
    for (guint j = 0; j < i; j++)
      min_pair = MIN (min_pair, wf_descriptor_distance (tf_d + i
              * WF_DESCRIPTOR_DIM, tf_d + j * WF_DESCRIPTOR_DIM));
  }
  /* Six people: a broken input (all chips alike) would agree trivially. */
  g_print ("largest element difference %.3g (tolerance %g); closest two "
      "people %.3f apart\n", max_diff, TOLERANCE, min_pair);
  g_assert_cmpfloat (min_pair, >, WF_DESCRIPTOR_DEFAULT_THRESHOLD);
  g_assert_cmpfloat (max_diff, <=, TOLERANCE);

  g_unlink (chips_path);
  g_unlink (out_path);
  g_rmdir (tmpdir);
  g_free (chips);
  g_free (dlib_d);
  g_free (via_image);
  return 0;
}
