/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* workforce-admin's helpers, shared by its command files. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "wf-gallery.h"

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
/* wf_admin_parse_options, then refuses a missing required option (any of
 * the NULL-terminated @required still NULL; @what is the message, e.g.
 * "--db is required") and arguments beyond the options, unless @operands
 * names them ("IMAGE": then at least one is needed).  Returns -1 to go on,
 * else the exit code; on a usage error *@ctx is freed and NULL. */
int   wf_admin_parse_args    (GOptionContext ** ctx,
                              int *argc,
                              char ***argv,
                              gchar ** const *required,
                              const gchar * what,
                              const gchar * operands);
/* Opens the gallery @db; -1 on success, else the error's exit code. */
int   wf_admin_open_gallery  (const gchar * db,
                              WfGalleryOpenFlags flags,
                              WfGallery ** gallery);
/* Prints and frees @err of an operation on one employee: 67 (EX_NOUSER)
 * when there is no such employee, else the gallery error's code. */
int   wf_admin_employee_error (GError * err);
/* Prints @b's value as one line of JSON on stdout. */
void  wf_admin_print_json_line (JsonBuilder * b);
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

/* --site URI (wf-admin-site.c): the site's PostgreSQL database, the
 * [server] database of its nodes.  wf_admin_site_join () brings @gallery
 * up to the site's and has every later change of it written to the site;
 * -1 on success (*@site NULL without @uri), else an exit code, nothing
 * changed.  wf_admin_site_leave () writes what is left and frees @site:
 * @rc, or EX_TEMPFAIL when the site was not told (the message ends with
 * @again, what to do about it). */
typedef struct _WfAdminSite WfAdminSite;
#define WF_ADMIN_SITE_OPTION(var) \
  {"site", 's', 0, G_OPTION_ARG_STRING, &(var), "The site's database " \
      "(postgresql://...; its nodes' [server] database): the change is " \
      "also the site's, on every node", "URI"}
int   wf_admin_site_join     (const gchar * uri,
                              WfGallery * gallery,
                              WfAdminSite ** site);
const gchar *wf_admin_site_uri (WfAdminSite * site);
int   wf_admin_site_leave    (WfAdminSite * site,
                              int rc,
                              const gchar * again);

/* The commands: wf-admin-gallery.c */
int   wf_admin_cmd_list      (int argc,
                              char **argv);
int   wf_admin_cmd_remove    (int argc,
                              char **argv);
/* wf-admin-faces.c (exit 69 in builds without dlib) */
int   wf_admin_cmd_enroll    (int argc,
                              char **argv);
int   wf_admin_cmd_identify  (int argc,
                              char **argv);
/* wf-admin-privacy.c */
int   wf_admin_cmd_consent   (int argc,
                              char **argv);
int   wf_admin_cmd_export    (int argc,
                              char **argv);

G_END_DECLS
