/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The process-wide model cache.  A model is keyed by its kind (for example
 * "dlib-hog", "opencv-haar", "dlib-resnet") and its file path (NULL for
 * built-in models).  The first acquire loads it, later ones share it, and the
 * last release frees it.  Every element and the daemon go through here, so a
 * process never holds two copies of one model and can say what each costs.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Loads the model at @path (may be NULL for built-in models).  Returns the
 * model or NULL with @error set.  May set *bytes to the memory the model
 * holds; when it leaves it at 0 the cache measures the heap growth across the
 * call instead.
 */
typedef gpointer (*WfModelLoadFunc) (const gchar * path, gpointer user_data,
    gsize * bytes, GError ** error);

typedef struct {
  gchar *kind;
  gchar *path;          /* NULL for built-in models */
  gsize bytes;
  guint users;
  gdouble load_seconds;
} WfModelInfo;

gpointer   wf_model_cache_acquire      (const gchar * kind,
                                        const gchar * path,
                                        WfModelLoadFunc load,
                                        gpointer user_data,
                                        GDestroyNotify free_func,
                                        GError ** error);

void       wf_model_cache_release      (gpointer model);

/* Returns a new array of WfModelInfo, one per loaded model; free with
 * g_array_unref (the array frees its elements). */
GArray *   wf_model_cache_list         (void);

gsize      wf_model_cache_total_bytes  (void);

/* How many users share the model of @kind and @path; 0 when not loaded. */
guint      wf_model_cache_users        (const gchar * kind,
                                        const gchar * path);

G_END_DECLS
