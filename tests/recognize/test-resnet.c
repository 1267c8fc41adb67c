/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * wf-resnet.c, our forward pass of dlib's face recognition network, against
 * dlib's own (the same file read by dlib, run by its layer code): aligned
 * chips of every person of faces/ give descriptors that agree within 1e-5
 * per element.  A network of another shape is refused, naming the layer.
 */
#include "wf-embedder.h"
#include "wf-facerec-model.h"
#include "wf-model-path.h"
#include "wf-resnet.h"
#include "wf-test-common.h"
#include "wf-test-faces.h"

#include <math.h>
#include <string.h>

#define TOLERANCE 1e-5

static gchar *model_path;

/* One aligned chip of the first photo of every person. */
static guint8 *
person_chips (WfEmbedder * embedder, guint * n_chips)
{
  g_autoptr (GPtrArray) files = wf_test_face_files ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash,
      g_str_equal, g_free, NULL);
  GByteArray *chips = g_byte_array_new ();

  for (guint i = 0; i < files->len; i++) {
    const WfTestFaceFile *file = g_ptr_array_index (files, i);
    guint8 chip[WF_EMBEDDER_CHIP_BYTES];
    g_autoptr (GError) error = NULL;
    WfTestImage ti;
    WfRect face;

    if (g_hash_table_contains (seen, file->identity))
      continue;
    g_hash_table_add (seen, g_strdup (file->identity));
    wf_test_image_load (&ti, file->path, GST_VIDEO_FORMAT_RGB);
    /* the whole photo when the detector finds no face in a tight crop */
    wf_test_find_face (&ti.image, &face);
    g_assert_true (wf_embedder_align (embedder, &ti.image, &face, chip,
            NULL, &error));
    g_assert_no_error (error);
    g_byte_array_append (chips, chip, sizeof chip);
    wf_test_image_clear (&ti);
  }
  *n_chips = chips->len / WF_EMBEDDER_CHIP_BYTES;
  return g_byte_array_free (chips, FALSE);
}

static void
test_same_as_dlib (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WfEmbedder) embedder = NULL;
  g_autofree guint8 *chips = NULL;
  g_autofree gfloat *ours = NULL;
  g_autofree gfloat *dlibs = NULL;
  gdouble max_diff = 0, min_pair = INFINITY;
  guint n;

  embedder = wf_embedder_new (model_path, NULL, &error);
  g_assert_no_error (error);
  chips = person_chips (embedder, &n);
  /* faces/ holds 19 people */
  g_assert_cmpuint (n, >=, 19);

  ours = g_new (gfloat, n * WF_DESCRIPTOR_DIM);
  dlibs = g_new (gfloat, n * WF_DESCRIPTOR_DIM);
  g_assert_true (wf_embedder_compute_chips (embedder, chips, n, ours,
          &error));
  g_assert_no_error (error);
  g_assert_true (wf_facerec_model_describe_with_dlib (model_path, chips, n,
          dlibs, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++) {
    for (guint k = 0; k < WF_DESCRIPTOR_DIM; k++)
      max_diff = MAX (max_diff, fabs ((gdouble) ours[i * WF_DESCRIPTOR_DIM
                  + k] - dlibs[i * WF_DESCRIPTOR_DIM + k]));
    for (guint j = 0; j < i; j++)
      min_pair = MIN (min_pair, wf_descriptor_distance (ours + i
              * WF_DESCRIPTOR_DIM, ours + j * WF_DESCRIPTOR_DIM));
  }
  g_test_message ("%u people: largest element difference %.3g (tolerance "
      "%g); closest two people %.3f apart", n, max_diff, TOLERANCE, min_pair);
  /* Different people: a network that gave every chip the same descriptor
   * would agree with nothing, but check it cannot pass by being constant. */
  g_assert_cmpfloat (min_pair, >, 0.3);
  g_assert_cmpfloat (max_diff, <=, TOLERANCE);
}

/* A layer table of the right shape, with every weight 0. */
static void
fill_layout (WfResnetConv * convs, const gfloat * zeros)
{
  static const guint filters[] = { 32, 64, 128, 256 };
  guint i = 0, in = 3;

  convs[i++] = (WfResnetConv) {
  32, in, 7, 2, zeros, zeros, zeros, zeros};
  in = 32;
  for (guint stage = 0; stage < 4; stage++) {
    const guint blocks = stage == 0 ? 3 : stage == 1 ? 4 : 3;
    for (guint b = 0; b < blocks; b++) {
      guint stride = (stage > 0 && b == 0) ? 2 : 1;
      convs[i++] = (WfResnetConv) {
      filters[stage], in, 3, stride, zeros, zeros, zeros, zeros};
      convs[i++] = (WfResnetConv) {
      filters[stage], filters[stage], 3, 1, zeros, zeros, zeros, zeros};
      in = filters[stage];
    }
  }
  /* the closing down block */
  convs[i++] = (WfResnetConv) {
  256, 256, 3, 2, zeros, zeros, zeros, zeros};
  convs[i++] = (WfResnetConv) {
  256, 256, 3, 1, zeros, zeros, zeros, zeros};
  g_assert_cmpuint (i, ==, WF_RESNET_N_CONVS);
}

static void
test_wrong_shape (void)
{
  WfResnetConv convs[WF_RESNET_N_CONVS];
  const gfloat mean[3] = { 0, 0, 0 };
  gfloat *zeros = g_new0 (gfloat, 256 * 256 * 9 + 256);
  g_autoptr (WfResnet) net = NULL;
  g_autoptr (GError) error = NULL;
  gfloat d[WF_RESNET_OUTPUT_DIM];
  guint8 *chip = g_new0 (guint8, WF_EMBEDDER_CHIP_BYTES);

  /* the right shape loads and runs: zero weights, zero descriptor */
  fill_layout (convs, zeros);
  net = wf_resnet_new (convs, WF_RESNET_N_CONVS, zeros, mean, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wf_resnet_get_bytes (net), >, 5000000 * sizeof (gfloat));
  wf_resnet_describe (net, chip, d);
  for (guint k = 0; k < WF_RESNET_OUTPUT_DIM; k++)
    g_assert_cmpfloat (d[k], ==, 0.0f);
  g_clear_pointer (&net, wf_resnet_free);

  /* 64 filters where the second down block needs 128 */
  convs[15].out_channels = 64;
  net = wf_resnet_new (convs, WF_RESNET_N_CONVS, zeros, mean, &error);
  g_assert_null (net);
  g_assert_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, "Convolution 16 "));
  g_clear_error (&error);

  /* one convolution short */
  fill_layout (convs, zeros);
  net = wf_resnet_new (convs, WF_RESNET_N_CONVS - 1, zeros, mean, &error);
  g_assert_null (net);
  g_assert_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL);
  g_assert_nonnull (strstr (error->message, "28 convolutions"));

  g_free (chip);
  g_free (zeros);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *faces = NULL;
  int ret;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/resnet/wrong-shape", test_wrong_shape);
  model_path = wf_model_path_find (WF_EMBEDDER_RESNET_MODEL, &error);
  faces = wf_test_data_path ("faces");
  if (model_path != NULL && g_file_test (faces, G_FILE_TEST_IS_DIR))
    g_test_add_func ("/resnet/same-as-dlib", test_same_as_dlib);
  else
    g_printerr ("SKIP /resnet/same-as-dlib: %s\n", model_path == NULL ?
        error->message : "../shared/testdata/faces is absent");
  ret = g_test_run ();
  g_free (model_path);
  return ret;
}
