/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* workforce-admin's helpers, shared by its command files. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

extern gboolean wf_admin_quiet;

/* Prints the message and "Try --help", frees @ctx; EX_USAGE. */
int   wf_admin_usage_error   (GOptionContext * ctx,
                              const gchar * fmt,
                              ...) G_GNUC_PRINTF (2, 3);
/* Parses subcommand options; returns -1 to continue, else an exit code. */
int   wf_admin_parse_options (GOptionContext * ctx,
                              int *argc,
                              char ***argv);
/* The exit code (sysexits.h) of a gallery error. */
int   wf_admin_gallery_exit_code (const GError * err);
/* Prints and frees @err; returns @code. */
int   wf_admin_report        (GError * err,
                              int code);
/* --results, or results.db beside the gallery @db when it exists; NULL
 * when neither (then *@rc is set when --results named no file). */
gchar *wf_admin_results_path (const gchar * db,
                              const gchar * results,
                              int *rc);

/* The commands of wf-admin-privacy.c */
int   wf_admin_cmd_consent   (int argc,
                              char **argv);
int   wf_admin_cmd_export    (int argc,
                              char **argv);

G_END_DECLS
