/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The compact landmark file (wf_landmarks_save (), built into the build
 * tree's models/ by models/wf-make-landmarks-model): the same model as the
 * streamed .dat, to the bit, on the faces of testdata/faces (HOG boxes) and
 * the VOC scenes; the same bytes reported; and files that are truncated,
 * corrupt, of another format version or foreign are refused with an error
 * naming them.  Load times (CPU) are printed, not asserted.
 */
#include "config.h"
#include "wf-embedder.h"
#include "wf-landmarks.h"
#include "wf-model-path.h"
#include "wf-test-common.h"
#include "wf-test-faces.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static gchar *dat_path;
static WfLandmarks *from_dat;   /* streamed from the .dat */
static gdouble dat_cpu_s;

/* The header's fields (see wf-landmarks.cpp). */
#define OFF_VERSION 8
#define OFF_N_POINTS 16
#define OFF_N_CASCADES 20
#define OFF_N_SPLITS 24
#define OFF_N_TREES 28
#define OFF_N_FEATURES 32
#define OFF_CHECKSUM 48
#define HEADER 64

static gdouble
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static WfLandmarks *
timed_load (const gchar * path, gdouble * cpu_s, GError ** error)
{
  gdouble t0 = cpu_seconds ();
  WfLandmarks *lm = wf_landmarks_load (path, error);

  *cpu_s = cpu_seconds () - t0;
  return lm;
}

static gchar *
temp_dir (void)
{
  gchar *dir = g_dir_make_tmp ("wf-landmarks-compact-XXXXXX", NULL);

  g_assert_nonnull (dir);
  return dir;
}

static void
remove_file_and_dir (const gchar * path)
{
  g_autofree gchar *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

/* Bit-identical landmarks from @a and @b on every test face; returns the
 * number of faces. */
static guint
assert_same_predictions (const WfLandmarks * a, const WfLandmarks * b)
{
  g_autoptr (GPtrArray) files = wf_test_face_files ();
  g_autofree gchar *csv_path =
      wf_test_data_path ("scenes/dlib_voc_face_boxes.csv");
  g_autofree gchar *csv = NULL;
  g_auto (GStrv) lines = NULL;
  const guint n = wf_landmarks_n_points (a);
  guint faces = 0;
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (glong));

  g_assert_cmpuint (n, ==, wf_landmarks_n_points (b));
  for (guint i = 0; i < files->len; i++) {
    WfTestFaceFile *f = g_ptr_array_index (files, i);
    WfTestImage ti;
    WfRect r;
    glong box[4];

    wf_test_image_load (&ti, f->path, GST_VIDEO_FORMAT_RGB);
    wf_test_find_face (&ti.image, &r);
    wf_test_image_clear (&ti);
    box[0] = lround (r.x);
    box[1] = lround (r.y);
    box[2] = lround (r.x + r.w) - 1;
    box[3] = lround (r.y + r.h) - 1;
    g_ptr_array_add (paths, g_strdup (f->path));
    g_array_append_vals (boxes, box, 4);
  }
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++) {
    g_auto (GStrv) col = g_strsplit (lines[i], ",", -1);
    g_autofree gchar *rel = NULL;
    glong box[4];

    if (g_strv_length (col) < 8)
      continue;
    rel = g_build_filename ("scenes", col[0], NULL);
    box[0] = atol (col[3]);
    box[1] = atol (col[4]);
    box[2] = box[0] + atol (col[5]) - 1;
    box[3] = box[1] + atol (col[6]) - 1;
    g_ptr_array_add (paths, wf_test_data_path (rel));
    g_array_append_vals (boxes, box, 4);
  }

  for (guint i = 0; i < paths->len; i++) {
    const glong *box = &g_array_index (boxes, glong, 4 * i);
    WfTestImage ti;
    g_autofree guint8 *grey = NULL;
    g_autofree gfloat *pa = g_new (gfloat, 2 * n);
    g_autofree gfloat *pb = g_new (gfloat, 2 * n);

    wf_test_image_load (&ti, g_ptr_array_index (paths, i),
        GST_VIDEO_FORMAT_RGB);
    grey = wf_test_image_grey (&ti.image);
    wf_landmarks_predict (a, grey, ti.image.width, ti.image.height,
        ti.image.width, box[0], box[1], box[2], box[3], pa);
    wf_landmarks_predict (b, grey, ti.image.width, ti.image.height,
        ti.image.width, box[0], box[1], box[2], box[3], pb);
    if (memcmp (pa, pb, 2 * n * sizeof (gfloat)) != 0)
      g_error ("%s: landmarks differ", (gchar *) g_ptr_array_index (paths,
              i));
    wf_test_image_clear (&ti);
    faces++;
  }
  g_ptr_array_unref (paths);
  g_array_unref (boxes);
  g_assert_cmpuint (faces, >=, 100);
  return faces;
}

/* A compact file written from the streamed .dat, read back: the same
 * model. */
static void
test_roundtrip (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *dir = temp_dir ();
  g_autofree gchar *path = g_build_filename (dir, "model.wfl", NULL);
  g_autoptr (WfLandmarks) back = NULL;
  gdouble cpu_s;
  guint faces;

  g_assert_true (wf_landmarks_save (from_dat, path, &error));
  g_assert_no_error (error);
  g_assert_true (wf_landmarks_is_compact (path));
  g_assert_false (wf_landmarks_is_compact (dat_path));
  back = timed_load (path, &cpu_s, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wf_landmarks_bytes (back), ==,
      wf_landmarks_bytes (from_dat));
  faces = assert_same_predictions (from_dat, back);
  g_test_message ("%u faces: identical landmarks; load CPU: .dat %.3f s, "
      "compact %.3f s", faces, dat_cpu_s, cpu_s);
  remove_file_and_dir (path);
}

/* The file the build made (models/meson.build) from the same .dat. */
static void
test_built_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = wf_model_path_find (WF_LANDMARKS_COMPACT_MODEL,
      NULL);
  g_autofree gchar *built_from = NULL;
  g_autoptr (WfLandmarks) lm = NULL;
  gdouble cpu_s;

  if (path == NULL) {
    g_test_skip ("no " WF_LANDMARKS_COMPACT_MODEL " on the model path "
        "(built only with dlib and libdlib-data)");
    return;
  }
  built_from = g_build_filename (WF_DLIB_DATA_DIR,
      WF_EMBEDDER_LANDMARKS_MODEL, NULL);
  if (g_strcmp0 (built_from, dat_path) != 0) {
    g_test_skip ("the .dat found is not the one the build converted");
    return;
  }
  lm = timed_load (path, &cpu_s, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wf_landmarks_bytes (lm), ==,
      wf_landmarks_bytes (from_dat));
  g_test_message ("%s: %u faces identical; load CPU %.3f s (.dat %.3f s)",
      path, assert_same_predictions (from_dat, lm), cpu_s, dat_cpu_s);
}

static guint32
get32 (const gchar * buf, gsize off)
{
  guint32 v;
  memcpy (&v, buf + off, 4);
  return v;
}

static void
set32 (gchar * buf, gsize off, guint32 v)
{
  memcpy (buf + off, &v, 4);
}

/* Recomputes the checksum of @buf (a compact file) after an edit. */
static void
reseal (gchar * buf)
{
  guint64 nc = get32 (buf, OFF_N_CASCADES), np = get32 (buf, OFF_N_POINTS);
  guint64 ns = get32 (buf, OFF_N_SPLITS), nt = get32 (buf, OFF_N_TREES);
  guint64 nf, sum = WF_LANDMARKS_CHECKSUM_SEED;
  gsize off = HEADER;

  memcpy (&nf, buf + OFF_N_FEATURES, 8);
  {
    const gsize len[] = { nc * 8, np * 2 * 4, nt * ns * 8, nt * (ns + 1) * 4,
      nt * (ns + 1) * np * 2 * 2, nf * 2, nf * 8
    };
    for (guint i = 0; i < G_N_ELEMENTS (len); i++) {
      sum = wf_landmarks_checksum_update (sum, buf + off, len[i]);
      off += len[i];
    }
  }
  memcpy (buf + OFF_CHECKSUM, &sum, 8);
}

/* Where the anchors start, and the first split. */
static gsize
anchors_offset (const gchar * buf)
{
  guint64 nc = get32 (buf, OFF_N_CASCADES), np = get32 (buf, OFF_N_POINTS);
  guint64 ns = get32 (buf, OFF_N_SPLITS), nt = get32 (buf, OFF_N_TREES);

  return HEADER + nc * 8 + np * 8 + nt * ns * 8 + nt * (ns + 1) * 4
      + nt * (ns + 1) * np * 4;
}

static gsize
splits_offset (const gchar * buf)
{
  return HEADER + get32 (buf, OFF_N_CASCADES) * 8
      + get32 (buf, OFF_N_POINTS) * 8;
}

static void
assert_refused (const gchar * contents, gsize len, const gchar * name,
    const gchar * says)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *dir = temp_dir ();
  g_autofree gchar *path = g_build_filename (dir, name, NULL);
  WfLandmarks *lm;

  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  lm = wf_landmarks_load (path, &error);
  g_assert_null (lm);
  g_assert_error (error, WF_LANDMARKS_ERROR, WF_LANDMARKS_ERROR_MODEL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  if (strstr (error->message, says) == NULL)
    g_error ("%s: expected \"%s\" in \"%s\"", name, says, error->message);
  remove_file_and_dir (path);
}

static void
test_bad_files (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *dir = temp_dir ();
  g_autofree gchar *path = g_build_filename (dir, "model.wfl", NULL);
  g_autofree gchar *good = NULL;
  g_autofree gchar *buf = NULL;
  gsize len;

  g_assert_true (wf_landmarks_save (from_dat, path, &error));
  g_assert_true (g_file_get_contents (path, &good, &len, &error));
  remove_file_and_dir (path);
  buf = g_malloc (len + 16);

#define FRESH() memcpy (buf, good, len)
  /* Truncated: in the header, in the payload, one byte short. */
  FRESH ();
  assert_refused (buf, 40, "header.wfl", "shorter than the header");
  assert_refused (buf, len / 2, "half.wfl", "truncated: ");
  assert_refused (buf, len - 1, "short.wfl", "truncated: ");
  /* Trailing bytes. */
  memset (buf + len, 0, 16);
  assert_refused (buf, len + 16, "long.wfl", "trailing data");
  /* Another format version. */
  FRESH ();
  set32 (buf, OFF_VERSION, 2);
  assert_refused (buf, len, "version.wfl", "format version 2, this build "
      "reads version 1");
  /* A corrupt header: sizes that do not fit the payload, or absurd. */
  FRESH ();
  set32 (buf, OFF_N_POINTS, 5);
  assert_refused (buf, len, "points.wfl", "does not match its sizes");
  FRESH ();
  set32 (buf, OFF_N_TREES, 0xffffffffu);
  assert_refused (buf, len, "trees.wfl", "implausible sizes");
  FRESH ();
  set32 (buf, OFF_N_SPLITS, 14);
  assert_refused (buf, len, "splits.wfl", "implausible sizes");
  FRESH ();
  buf[12] ^= 0x55;
  assert_refused (buf, len, "byte-order.wfl", "another byte order");
  /* A flipped byte in the leaves. */
  FRESH ();
  buf[len / 2] = ~buf[len / 2];
  assert_refused (buf, len, "flipped.wfl", "checksum mismatch");
  /* Checksum right, indices wrong: a feature on landmark 68, a split
   * reading a feature past its cascade's. */
  FRESH ();
  {
    guint16 bad = 68;
    memcpy (buf + anchors_offset (buf), &bad, 2);
    reseal (buf);
    assert_refused (buf, len, "anchor.wfl", "hangs on landmark 68");
  }
  FRESH ();
  {
    guint16 bad = 60000;
    memcpy (buf + splits_offset (buf), &bad, 2);
    reseal (buf);
    assert_refused (buf, len, "split.wfl", "reads a feature its cascade "
        "lacks");
  }
  FRESH ();
  {
    gfloat nan = NAN;
    memcpy (buf + HEADER + get32 (buf, OFF_N_CASCADES) * 8, &nan, 4);
    reseal (buf);
    assert_refused (buf, len, "nan.wfl", "initial shape is not finite");
  }
  /* The forged files are refused for what is wrong in them, not the
   * checksum: the same edits sealed again load. */
  FRESH ();
  reseal (buf);
  {
    g_autofree gchar *d = temp_dir ();
    g_autofree gchar *p = g_build_filename (d, "resealed.wfl", NULL);
    g_autoptr (WfLandmarks) lm = NULL;

    g_assert_true (g_file_set_contents (p, buf, len, NULL));
    lm = wf_landmarks_load (p, &error);
    g_assert_no_error (error);
    remove_file_and_dir (p);
  }
  /* Wrong magic: not ours, so read as a dlib file, which it is not. */
  FRESH ();
  buf[0] = 'X';
  assert_refused (buf, len, "magic.wfl", "is not a usable dlib shape "
      "predictor");
#undef FRESH
}

/* The embedder takes the compact file by default; a broken one found first
 * on the model path is reported and the .dat used instead. */
static void
test_embedder_default (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *resnet = wf_model_path_find (WF_EMBEDDER_RESNET_MODEL,
      NULL);
  g_autofree gchar *built = wf_model_path_find (WF_LANDMARKS_COMPACT_MODEL,
      NULL);
  g_autofree gchar *saved_dir = g_strdup (g_getenv ("WF_MODEL_DIR"));
  g_autofree gchar *dir = NULL;
  g_autofree gchar *broken = NULL;
  WfEmbedder *e;

  if (resnet == NULL || built == NULL) {
    g_test_skip ("no face recognition network or no built compact file");
    return;
  }
  e = wf_embedder_new (resnet, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wf_embedder_get_landmarks_path (e), ==, built);
  wf_embedder_free (e);

  dir = temp_dir ();
  broken = g_build_filename (dir, WF_LANDMARKS_COMPACT_MODEL, NULL);
  g_assert_true (g_file_set_contents (broken, "WFLMARKS\1", 9, NULL));
  g_setenv ("WF_MODEL_DIR", dir, TRUE);
  g_test_expect_message ("wfcore", G_LOG_LEVEL_WARNING,
      "*" WF_LANDMARKS_COMPACT_MODEL " is not a usable compact landmark "
      "model: truncated*using " WF_EMBEDDER_LANDMARKS_MODEL " instead");
  e = wf_embedder_new (resnet, NULL, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (wf_embedder_get_landmarks_path (e),
          WF_EMBEDDER_LANDMARKS_MODEL));
  wf_embedder_free (e);
  if (saved_dir)
    g_setenv ("WF_MODEL_DIR", saved_dir, TRUE);
  else
    g_unsetenv ("WF_MODEL_DIR");
  remove_file_and_dir (broken);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int ret;

  wf_test_require_testdata ();
  dat_path = wf_model_path_find (WF_EMBEDDER_LANDMARKS_MODEL, &error);
  if (dat_path == NULL) {
    g_printerr ("SKIP: %s\n(Debian package libdlib-data)\n", error->message);
    return 77;
  }
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  from_dat = timed_load (dat_path, &dat_cpu_s, &error);
  g_assert_no_error (error);
  g_test_add_func ("/recognize/landmarks-compact/roundtrip", test_roundtrip);
  g_test_add_func ("/recognize/landmarks-compact/built-file",
      test_built_file);
  g_test_add_func ("/recognize/landmarks-compact/bad-files", test_bad_files);
  g_test_add_func ("/recognize/landmarks-compact/embedder-default",
      test_embedder_default);
  ret = g_test_run ();

  wf_landmarks_free (from_dat);
  g_free (dat_path);
  return ret;
}
