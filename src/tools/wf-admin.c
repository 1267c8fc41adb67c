/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* workforce-admin's helpers: option parsing, usage errors and exit codes
 * (sysexits.h), shared by its command files. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <sysexits.h>

#include "wf-admin.h"
#include "wf-gallery.h"
#include "wf-store-uri.h"

gboolean wf_admin_quiet;


int
wf_admin_usage_error (GOptionContext * ctx, const gchar * fmt, ...)
{
  va_list ap;
  g_autofree gchar *msg = NULL;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_printerr ("%s: %s\n", g_get_prgname (), msg);
  g_printerr ("Try '%s --help'.\n", g_get_prgname ());
  g_option_context_free (ctx);
  return EX_USAGE;
}

int
wf_admin_parse_options (GOptionContext * ctx, int *argc, char ***argv)
{
  GError *err = NULL;

  if (!g_option_context_parse (ctx, argc, argv, &err)) {
    g_printerr ("%s: %s\n", g_get_prgname (), err->message);
    g_printerr ("Try '%s --help'.\n", g_get_prgname ());
    g_error_free (err);
    return EX_USAGE;
  }
  return -1;
}

int
wf_admin_gallery_exit_code (const GError * err)
{
  if (err->domain != WF_GALLERY_ERROR)
    return EX_IOERR;
  switch (err->code) {
    case WF_GALLERY_ERROR_NOT_FOUND:
      return EX_NOINPUT;
    case WF_GALLERY_ERROR_FOREIGN:
    case WF_GALLERY_ERROR_CORRUPT:
    case WF_GALLERY_ERROR_TOO_NEW:
    case WF_GALLERY_ERROR_DUPLICATE:
    case WF_GALLERY_ERROR_INVALID:
      return EX_DATAERR;
    case WF_GALLERY_ERROR_BUSY:
      return EX_TEMPFAIL;
    default:
      return EX_IOERR;
  }
}

int
wf_admin_report (GError * err, int code)
{
  g_printerr ("%s: %s\n", g_get_prgname (), err->message);
  g_error_free (err);
  return code;
}

gchar *
wf_admin_results_path (const gchar * db, const gchar * results, int *rc)
{
  g_autofree gchar *dir = NULL;
  gchar *path;

  if (results) {
    /* the site's database, with the nodes' results */
    if (wf_store_uri_is_postgresql (results))
      return g_strdup (results);
    if (!g_file_test (results, G_FILE_TEST_IS_REGULAR)) {
      g_printerr ("%s: no results database %s\n", g_get_prgname (),
          results);
      *rc = EX_NOINPUT;
      return NULL;
    }
    return g_strdup (results);
  }
  /* The daemon's default layout keeps both in one state folder. */
  dir = g_path_get_dirname (db);
  path = g_build_filename (dir, "results.db", NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_clear_pointer (&path, g_free);
  return path;
}

int
wf_admin_parse_args (GOptionContext ** ctx, int *argc, char ***argv,
    gchar ** const *required, const gchar * what, const gchar * operands)
{
  int rc;

  if ((rc = wf_admin_parse_options (*ctx, argc, argv)) >= 0)
    return rc;
  for (guint i = 0; required && required[i]; i++)
    if (*required[i] == NULL)
      return wf_admin_usage_error (g_steal_pointer (ctx), "%s", what);
  if (operands && *argc < 2)
    return wf_admin_usage_error (g_steal_pointer (ctx), "no %s given",
        operands);
  if (!operands && *argc > 1)
    return wf_admin_usage_error (g_steal_pointer (ctx), "unexpected "
        "argument '%s'", (*argv)[1]);
  return -1;
}

int
wf_admin_open_gallery (const gchar * db, WfGalleryOpenFlags flags,
    WfGallery ** gallery)
{
  GError *err = NULL;

  *gallery = wf_gallery_open (db, flags, &err);
  return *gallery ? -1 : wf_admin_report (err, wf_admin_gallery_exit_code
      (err));
}

int
wf_admin_employee_error (GError * err)
{
  return wf_admin_report (err, g_error_matches (err, WF_GALLERY_ERROR,
          WF_GALLERY_ERROR_NOT_FOUND) ? EX_NOUSER :
      wf_admin_gallery_exit_code (err));
}

void
wf_admin_print_json_line (JsonBuilder * b)
{
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autofree gchar *text = json_to_string (root, FALSE);

  g_print ("%s\n", text);
}
