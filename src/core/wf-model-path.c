/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-model-path.h"

gchar **
wf_model_path_dirs (void)
{
  GStrvBuilder *b = g_strv_builder_new ();
  const gchar *env = g_getenv ("WF_MODEL_DIR");
  GStrv dirs;

  if (env && *env)
    g_strv_builder_add (b, env);
  g_strv_builder_add (b, WF_BUILD_MODEL_DIR);
  g_strv_builder_add (b, WF_MODEL_DIR);
  g_strv_builder_add (b, WF_DLIB_DATA_DIR);
  g_strv_builder_add (b, WF_OPENCV_CASCADE_DIR);
  dirs = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return dirs;
}

gchar *
wf_model_path_find (const gchar * basename, GError ** error)
{
  g_auto (GStrv) dirs = wf_model_path_dirs ();
  g_autofree gchar *searched = NULL;

  g_return_val_if_fail (basename != NULL, NULL);

  for (guint i = 0; dirs[i]; i++) {
    gchar *path = g_build_filename (dirs[i], basename, NULL);
    if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
      return path;
    g_free (path);
  }

  searched = g_strjoinv (", ", dirs);
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
      "Model file %s not found (looked in %s). Run ./setup.sh to install the "
      "models from packages, or set WF_MODEL_DIR", basename, searched);
  return NULL;
}
