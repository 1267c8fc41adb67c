/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "wf-model-cache.h"
#include "wf-model-path.h"

typedef struct {
  guint loads;
  guint frees;
  gsize report_bytes;
  gboolean fail;
} Counter;

static Counter *current;

static void
fake_free (gpointer model)
{
  current->frees++;
  g_free (model);
}

static gpointer
fake_load (const gchar * path, gpointer user_data, gsize * bytes,
    GError ** error)
{
  Counter *c = user_data;
  gpointer model;

  c->loads++;
  if (c->fail) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: corrupt", path);
    return NULL;
  }
  *bytes = c->report_bytes;
  /* Something big enough for the heap measurement to see, written to as a
   * real model's weights are. */
  model = g_malloc (4 * 1024 * 1024);
  memset (model, 1, 4 * 1024 * 1024);
  return model;
}

static void
test_shared_and_released (void)
{
  static Counter c;

  c = (Counter) {.report_bytes = 1234 };
  GError *err = NULL;
  gpointer a, b, other;

  current = &c;
  a = wf_model_cache_acquire ("fake", "/m/a", fake_load, &c, fake_free, &err);
  g_assert_no_error (err);
  b = wf_model_cache_acquire ("fake", "/m/a", fake_load, &c, fake_free, &err);
  g_assert_no_error (err);
  /* Same kind and path: one load, one shared model, two users. */
  g_assert_true (a == b);
  g_assert_cmpuint (c.loads, ==, 1);
  g_assert_cmpuint (wf_model_cache_users ("fake", "/m/a"), ==, 2);

  /* Another path is another model. */
  other = wf_model_cache_acquire ("fake", "/m/b", fake_load, &c, fake_free,
      &err);
  g_assert_no_error (err);
  g_assert_true (other != a);
  g_assert_cmpuint (c.loads, ==, 2);
  g_assert_cmpuint (wf_model_cache_total_bytes (), ==, 2 * 1234);

  wf_model_cache_release (a);
  g_assert_cmpuint (c.frees, ==, 0);
  g_assert_cmpuint (wf_model_cache_users ("fake", "/m/a"), ==, 1);
  wf_model_cache_release (b);
  g_assert_cmpuint (c.frees, ==, 1);
  g_assert_cmpuint (wf_model_cache_users ("fake", "/m/a"), ==, 0);

  /* Loading again after the last release loads anew. */
  a = wf_model_cache_acquire ("fake", "/m/a", fake_load, &c, fake_free, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (c.loads, ==, 3);
  wf_model_cache_release (a);
  wf_model_cache_release (other);
  g_assert_cmpuint (c.frees, ==, 3);
  g_assert_cmpuint (wf_model_cache_total_bytes (), ==, 0);
}

static void
test_measured_bytes_and_list (void)
{
  static Counter c;

  c = (Counter) {.report_bytes = 0 };
  GError *err = NULL;
  gpointer m;
  GArray *list;
  WfModelInfo *info;

  current = &c;
  m = wf_model_cache_acquire ("measured", NULL, fake_load, &c, fake_free,
      &err);
  g_assert_no_error (err);
  list = wf_model_cache_list ();
  g_assert_cmpuint (list->len, ==, 1);
  info = &g_array_index (list, WfModelInfo, 0);
  g_assert_cmpstr (info->kind, ==, "measured");
  g_assert_null (info->path);
  g_assert_cmpuint (info->users, ==, 1);
  /* The loader reported nothing, so the cache measured the heap: the 4 MiB
   * block must be seen (mmapped, so exactly visible). */
  g_assert_cmpuint (info->bytes, >=, 4 * 1024 * 1024);
  g_assert_cmpuint (info->bytes, <, 8 * 1024 * 1024);
  g_array_unref (list);
  wf_model_cache_release (m);
}

static void
test_failed_load (void)
{
  static Counter c;

  c = (Counter) {.fail = TRUE };
  GError *err = NULL;
  gpointer m;

  current = &c;
  m = wf_model_cache_acquire ("fake", "/m/bad", fake_load, &c, fake_free,
      &err);
  g_assert_null (m);
  g_assert_error (err, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_assert_true (strstr (err->message, "/m/bad") != NULL);
  g_clear_error (&err);
  /* A failure leaves nothing behind and the next try loads again. */
  g_assert_cmpuint (wf_model_cache_users ("fake", "/m/bad"), ==, 0);
  c.fail = FALSE;
  m = wf_model_cache_acquire ("fake", "/m/bad", fake_load, &c, fake_free,
      &err);
  g_assert_no_error (err);
  g_assert_cmpuint (c.loads, ==, 2);
  wf_model_cache_release (m);
}

typedef struct {
  Counter *c;
  gpointer got;
} ThreadData;

static gpointer
acquire_thread (gpointer data)
{
  ThreadData *td = data;
  td->got = wf_model_cache_acquire ("threads", "/m/t", fake_load, td->c,
      fake_free, NULL);
  return NULL;
}

static void
test_concurrent_acquire (void)
{
  static Counter c;

  c = (Counter) {.report_bytes = 1 };
  ThreadData td[8];
  GThread *threads[8];

  current = &c;
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++) {
    td[i].c = &c;
    threads[i] = g_thread_new ("acquire", acquire_thread, &td[i]);
  }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  /* Eight pipelines starting at once still load the model once. */
  g_assert_cmpuint (c.loads, ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++) {
    g_assert_true (td[i].got == td[0].got);
    wf_model_cache_release (td[i].got);
  }
  g_assert_cmpuint (c.frees, ==, 1);
}

static void
test_model_path (void)
{
  g_autofree gchar *dir = g_dir_make_tmp ("wf-models-XXXXXX", NULL);
  g_autofree gchar *file = g_build_filename (dir, "x.dat", NULL);
  g_autofree gchar *found = NULL;
  GError *err = NULL;

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_setenv ("WF_MODEL_DIR", dir, TRUE);
  found = wf_model_path_find ("x.dat", &err);
  g_assert_no_error (err);
  g_assert_cmpstr (found, ==, file);

  g_assert_null (wf_model_path_find ("no-such-model.dat", &err));
  g_assert_error (err, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  /* The message names the file, where it looked and what to do. */
  g_assert_true (strstr (err->message, "no-such-model.dat") != NULL);
  g_assert_true (strstr (err->message, dir) != NULL);
  g_assert_true (strstr (err->message, "setup.sh") != NULL);
  g_clear_error (&err);
  g_unlink (file);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model-cache/shared-and-released", test_shared_and_released);
  g_test_add_func ("/model-cache/measured-bytes", test_measured_bytes_and_list);
  g_test_add_func ("/model-cache/failed-load", test_failed_load);
  g_test_add_func ("/model-cache/concurrent", test_concurrent_acquire);
  g_test_add_func ("/model-path/find", test_model_path);
  return g_test_run ();
}
