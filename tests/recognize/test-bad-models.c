/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Wrong model files and bad input give clear errors naming the file, never a
 * crash or a half-working embedder; the converter refuses broken tfjs input
 * with a message and a sysexits status.
 */
#include "wf-embedder.h"
#include "wf-model-cache.h"
#include "wf-model-path.h"
#include "wf-test-common.h"

#include <glib/gstdio.h>
#include <string.h>

static gchar *tmpdir;
static gchar *resnet;           /* the converted model */
static gchar *landmarks;        /* the 68-point model */

/* Writes the first @len bytes of @src (all when @len is -1) to tmpdir. */
static gchar *
copy_head (const gchar * src, gssize len, const gchar * name)
{
  g_autofree gchar *contents = NULL;
  gsize size;
  gchar *dst = g_build_filename (tmpdir, name, NULL);

  g_assert_true (g_file_get_contents (src, &contents, &size, NULL));
  g_assert_true (g_file_set_contents (dst, contents,
          len < 0 ? (gssize) size : MIN (len, (gssize) size), NULL));
  return dst;
}

static void
assert_refused (const gchar * resnet_path, const gchar * landmarks_path,
    GQuark domain, gint code, const gchar * named)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *base = g_path_get_basename (named);
  WfEmbedder *e = wf_embedder_new (resnet_path, landmarks_path, &error);

  g_assert_null (e);
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  /* The message names the file (made absolute and canonical). */
  g_assert_nonnull (strstr (error->message, base));
  /* Nothing stays loaded after a refusal. */
  g_assert_cmpuint (wf_model_cache_users (WF_MODEL_KIND_DLIB_RESNET, resnet),
      ==, 0);
}

static void
test_missing (void)
{
  g_autofree gchar *nowhere = g_build_filename (tmpdir, "no-such.dat", NULL);

  assert_refused (nowhere, landmarks, G_FILE_ERROR, G_FILE_ERROR_NOENT,
      nowhere);
  assert_refused (resnet, nowhere, G_FILE_ERROR, G_FILE_ERROR_NOENT, nowhere);
}

static void
test_truncated (void)
{
  g_autofree gchar *half = copy_head (resnet, 11 * 1000 * 1000, "half.dat");
  g_autofree gchar *tiny = copy_head (resnet, 40, "tiny.dat");
  g_autofree gchar *empty = copy_head (resnet, 0, "empty.dat");
  g_autofree gchar *lm_cut = copy_head (landmarks, 3 * 1000 * 1000,
      "landmarks-cut.dat");

  assert_refused (half, landmarks, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL,
      half);
  assert_refused (tiny, landmarks, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL,
      tiny);
  assert_refused (empty, landmarks, WF_EMBEDDER_ERROR,
      WF_EMBEDDER_ERROR_MODEL, empty);
  assert_refused (resnet, lm_cut, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL,
      lm_cut);
}

static void
test_foreign (void)
{
  g_autofree gchar *mmod = wf_test_shared_model
      ("mmod_human_face_detector.dat");
  g_autofree gchar *jpeg = wf_test_face_photo ("faces/barack_obama/1.jpg", 1);

  if (jpeg == NULL) {
    g_test_skip ("no photo: neither the shared test data nor face-api's demo "
        "photos");
    return;
  }
  /* Another dlib network (loss_mmod), the landmark model, a photo. */
  if (g_file_test (mmod, G_FILE_TEST_IS_REGULAR))
    assert_refused (mmod, landmarks, WF_EMBEDDER_ERROR,
        WF_EMBEDDER_ERROR_MODEL, mmod);
  assert_refused (landmarks, landmarks, WF_EMBEDDER_ERROR,
      WF_EMBEDDER_ERROR_MODEL, landmarks);
  assert_refused (jpeg, landmarks, WF_EMBEDDER_ERROR,
      WF_EMBEDDER_ERROR_MODEL, jpeg);
  /* The network given as landmarks, a photo as landmarks. */
  assert_refused (resnet, resnet, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL,
      resnet);
  assert_refused (resnet, jpeg, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_MODEL,
      jpeg);
}

static void
test_bad_input (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WfEmbedder) e = wf_embedder_new (resnet, landmarks, &error);
  guint8 pixels[64 * 48 * 3] = { 0 };
  WfImage img = { WF_PIXEL_RGB, 64, 48, {pixels}, {64 * 3} };
  WfRect outside = { 100, 100, 20, 20 };
  WfRect empty = { 10, 10, 0, 0 };
  WfRect inside = { 8, 4, 40, 40 };
  gfloat out[WF_DESCRIPTOR_DIM];
  WfImage no_data = img;
  WfImage narrow = img;

  g_assert_no_error (error);
  g_assert_false (wf_embedder_compute (e, &img, &outside, 1, out, &error));
  g_assert_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_INPUT);
  g_clear_error (&error);
  g_assert_false (wf_embedder_compute (e, &img, &empty, 1, out, &error));
  g_assert_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_INPUT);
  g_clear_error (&error);

  no_data.data[0] = NULL;
  g_assert_false (wf_embedder_compute (e, &no_data, &inside, 1, out, &error));
  g_assert_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_INPUT);
  g_clear_error (&error);
  narrow.stride[0] = 10;
  g_assert_false (wf_embedder_compute (e, &narrow, &inside, 1, out, &error));
  g_assert_error (error, WF_EMBEDDER_ERROR, WF_EMBEDDER_ERROR_INPUT);
  g_clear_error (&error);

  /* A blank picture is no error: it has a (meaningless) descriptor. */
  g_assert_true (wf_embedder_compute (e, &img, &inside, 1, out, &error));
  g_assert_no_error (error);
  /* No faces, nothing to do. */
  g_assert_true (wf_embedder_compute (e, &img, NULL, 0, NULL, &error));
}

/* Runs the converter; returns its exit status and stderr. */
static gint
run_converter (const gchar * manifest, const gchar * output, gchar ** err)
{
  const gchar *exe = g_getenv ("WF_CONVERT_FACEREC");
  const gchar *args[] = { exe, "--manifest", manifest, "--output", output,
    NULL
  };
  gint status;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_spawn_sync (NULL, (gchar **) args, NULL, G_SPAWN_DEFAULT,
          NULL, NULL, NULL, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_test_message ("wf-convert-facerec: exit %d: %s", WEXITSTATUS (status),
      *err);
  return WEXITSTATUS (status);
}

static void
test_converter (void)
{
  const gchar *face_api = g_getenv ("WF_FACE_API_DIR");
  g_autofree gchar *manifest = NULL;
  g_autofree gchar *bin = NULL;
  g_autofree gchar *work = NULL;
  g_autofree gchar *copy = NULL;
  g_autofree gchar *cut = NULL;
  g_autofree gchar *output = NULL;
  g_autofree gchar *not_json = NULL;
  g_autofree gchar *err = NULL;

  if (g_getenv ("WF_CONVERT_FACEREC") == NULL || face_api == NULL) {
    g_test_skip ("converter not built");
    return;
  }
  manifest = g_build_filename (face_api, "model",
      "face_recognition_model-weights_manifest.json", NULL);
  bin = g_build_filename (face_api, "model", "face_recognition_model.bin",
      NULL);
  if (!g_file_test (manifest, G_FILE_TEST_IS_REGULAR)) {
    g_test_skip ("@vladmandic/face-api not fetched (./models/fetch.sh)");
    return;
  }
  work = g_build_filename (tmpdir, "model", NULL);
  g_assert_cmpint (g_mkdir (work, 0700), ==, 0);
  output = g_build_filename (tmpdir, "converted.dat", NULL);

  /* No manifest: EX_NOINPUT. */
  g_assert_cmpint (run_converter ("/nonexistent/manifest.json", output, &err),
      ==, 66);
  g_assert_nonnull (strstr (err, "/nonexistent/manifest.json"));
  g_clear_pointer (&err, g_free);

  /* Weights cut short: EX_DATAERR, naming the tensor that is missing. */
  {
    g_autofree gchar *m = g_build_filename (work,
        "face_recognition_model-weights_manifest.json", NULL);
    g_autofree gchar *contents = NULL;
    gsize len;
    g_assert_true (g_file_get_contents (manifest, &contents, &len, NULL));
    g_assert_true (g_file_set_contents (m, contents, len, NULL));
    copy = g_steal_pointer (&m);
  }
  cut = g_build_filename (work, "face_recognition_model.bin", NULL);
  {
    g_autofree gchar *contents = NULL;
    gsize len;
    g_assert_true (g_file_get_contents (bin, &contents, &len, NULL));
    g_assert_true (g_file_set_contents (cut, contents, len / 2, NULL));
  }
  g_assert_cmpint (run_converter (copy, output, &err), ==, 65);
  g_assert_nonnull (strstr (err, "truncated"));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  /* Not JSON. */
  not_json = g_build_filename (work, "not-json.json", NULL);
  g_assert_true (g_file_set_contents (not_json, "\x89PNG\r\n", -1, NULL));
  g_assert_cmpint (run_converter (not_json, output, &err), ==, 65);
  g_assert_nonnull (strstr (err, not_json));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  /* An output folder that does not exist: EX_CANTCREAT, nothing left. */
  {
    g_autofree gchar *bad_out = g_build_filename (tmpdir, "no", "dir",
        "x.dat", NULL);
    g_assert_cmpint (run_converter (manifest, bad_out, &err), ==, 73);
    g_assert_nonnull (strstr (err, bad_out));
  }

  g_unlink (copy);
  g_unlink (cut);
  g_unlink (not_json);
  g_rmdir (work);
}

static void
remove_tmpdir (void)
{
  g_autoptr (GDir) d = g_dir_open (tmpdir, 0, NULL);
  const gchar *name;

  while (d && (name = g_dir_read_name (d))) {
    g_autofree gchar *p = g_build_filename (tmpdir, name, NULL);
    g_unlink (p);
  }
  g_rmdir (tmpdir);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int ret;

  resnet = wf_model_path_find (WF_EMBEDDER_RESNET_MODEL, &error);
  if (resnet == NULL) {
    g_printerr ("SKIP: %s\n", error->message);
    return 77;
  }
  landmarks = wf_model_path_find (WF_EMBEDDER_LANDMARKS_MODEL, &error);
  if (landmarks == NULL) {
    g_printerr ("SKIP: %s\n", error->message);
    return 77;
  }
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("wf-bad-models-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/recognize/bad-models/missing", test_missing);
  g_test_add_func ("/recognize/bad-models/truncated", test_truncated);
  g_test_add_func ("/recognize/bad-models/foreign", test_foreign);
  g_test_add_func ("/recognize/bad-models/bad-input", test_bad_input);
  g_test_add_func ("/recognize/bad-models/converter", test_converter);
  ret = g_test_run ();

  remove_tmpdir ();
  g_free (resnet);
  g_free (landmarks);
  g_free (tmpdir);
  return ret;
}
