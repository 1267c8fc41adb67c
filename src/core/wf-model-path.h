/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Finds a model file by its base name, in order: $WF_MODEL_DIR, the build
 * tree's models/ (when running uninstalled), the installed data dir, and the
 * directories Debian's packages install to (libdlib-data, opencv-data).
 * Returns a newly allocated path, or NULL with @error naming every place
 * looked at and the package or command that provides the file.
 */
gchar *  wf_model_path_find   (const gchar * basename,
                               GError ** error);

/* The directories searched, in order; free with g_strfreev. */
gchar ** wf_model_path_dirs   (void);

G_END_DECLS
