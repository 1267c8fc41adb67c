/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* workforce-admin list and remove. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <json-glib/json-glib.h>
#include <sysexits.h>

#include "wf-admin.h"
#include "wf-store-uri.h"
#include "wf-erasure.h"
#include "wf-gallery.h"

int
wf_admin_cmd_list (int argc, char **argv)
{
  gchar *db = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    {"db", 'd', 0, G_OPTION_ARG_FILENAME, &db, "Gallery database", "DB"},
    {"json", 0, 0, G_OPTION_ARG_NONE, &json, "One JSON object per employee",
        NULL},
    {NULL}
  };
  gchar **required[] = { &db, NULL };
  GOptionContext *ctx = g_option_context_new ("- list enrolled employees");
  g_autoptr (WfGallery) gallery = NULL;
  g_autoptr (GArray) list = NULL;
  GError *err = NULL;
  int rc;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx, "Prints id, name, number of face "
      "descriptors and enrolment date, one employee per line.");
  if ((rc = wf_admin_parse_args (&ctx, &argc, &argv, required,
              "--db is required", NULL)) >= 0)
    goto out;

  if ((rc = wf_admin_open_gallery (db, WF_GALLERY_OPEN_READ_ONLY,
              &gallery)) >= 0)
    goto out;
  list = wf_gallery_list (gallery, &err);
  if (list == NULL) {
    rc = wf_admin_report (err, wf_admin_gallery_exit_code (err));
    goto out;
  }
  for (guint i = 0; i < list->len; i++) {
    WfEmployee *e = &g_array_index (list, WfEmployee, i);
    g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (e->created);
    g_autofree gchar *date = g_date_time_format_iso8601 (dt);

    if (json) {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, e->id);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, e->name);
      json_builder_set_member_name (b, "descriptors");
      json_builder_add_int_value (b, e->n_descriptors);
      json_builder_set_member_name (b, "photos");
      json_builder_add_int_value (b, e->n_photos);
      json_builder_set_member_name (b, "created");
      json_builder_add_string_value (b, date);
      json_builder_set_member_name (b, "consent");
      json_builder_add_boolean_value (b, e->consent);
      json_builder_end_object (b);
      wf_admin_print_json_line (b);
    } else {
      g_print ("%s\t%s\t%u descriptor%s\t%s\n", e->id, e->name,
          e->n_descriptors, e->n_descriptors == 1 ? "" : "s", date);
    }
  }
  rc = EX_OK;

out:
  if (ctx)
    g_option_context_free (ctx);
  g_free (db);
  return rc;
}

int
wf_admin_cmd_remove (int argc, char **argv)
{
  gchar *db = NULL, *id = NULL, *results = NULL, *site_uri = NULL;
  GOptionEntry entries[] = {
    {"db", 'd', 0, G_OPTION_ARG_FILENAME, &db, "Gallery database", "DB"},
    {"id", 'i', 0, G_OPTION_ARG_STRING, &id, "Employee id", "ID"},
    {"results", 'r', 0, G_OPTION_ARG_FILENAME, &results,
        "workforce-monitor's results database (attendance, journal): a "
          "file or a postgresql:// URI; default: results.db beside the "
          "gallery, or the site's database with --site", "RESULTS"},
    WF_ADMIN_SITE_OPTION (site_uri),
    {NULL}
  };
  gchar **required[] = { &db, &id, NULL };
  GOptionContext *ctx = g_option_context_new ("- remove an employee");
  g_autoptr (WfGallery) gallery = NULL;
  g_autofree gchar *results_path = NULL;
  WfAdminSite *site = NULL;
  GError *err = NULL;
  int rc;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx, "Erases the employee with all face "
      "descriptors, photos and enrolment history (the freed space is "
      "overwritten), then their attendance and journal rows in the results "
      "database, as DELETE /api/v1/employees/ID does.  On a node of a site, "
      "give --site: without it the erasure stays in this file and the "
      "site's copy comes back at the node's next start.  Exits with 67 when "
      "no such employee exists, 66 when --results names no file, 69 when "
      "the site cannot be reached (nothing erased), 75 when the site was "
      "not told (run it again).");
  if ((rc = wf_admin_parse_args (&ctx, &argc, &argv, required,
              "--db and --id are required", NULL)) >= 0)
    goto out;
  rc = EX_OK;
  results_path = wf_admin_results_path (db, results ? results :
      site_uri && wf_store_uri_is_postgresql (site_uri) ? site_uri : NULL,
      &rc);
  if (rc != EX_OK) {
    g_printerr ("%s: nothing removed\n", g_get_prgname ());
    goto out;
  }
  /* with --site, a new file is a new copy of the site's gallery */
  if ((rc = wf_admin_open_gallery (db, site_uri ? WF_GALLERY_OPEN_CREATE :
              WF_GALLERY_OPEN_DEFAULT, &gallery)) >= 0 ||
      (rc = wf_admin_site_join (site_uri, gallery, &site)) >= 0)
    goto out;
  /* announced, gallery (and the site's), history (wf-erasure.h):
   * interrupted, the next start of the daemon or the same command again
   * finishes it */
  if (!wf_erasure_run (gallery, NULL, results_path, id, FALSE, &err)) {
    rc = wf_admin_report (err, g_error_matches (err, WF_GALLERY_ERROR,
            WF_GALLERY_ERROR_NOT_FOUND) ? EX_NOUSER : err->domain ==
        WF_GALLERY_ERROR ? wf_admin_gallery_exit_code (err) : EX_IOERR);
    goto out;
  }
  if (!wf_admin_quiet) {
    if (results_path)
      g_printerr ("%s: removed employee '%s' with their attendance and "
          "journal rows (%s)\n", g_get_prgname (), id, results_path);
    else
      g_printerr ("%s: removed employee '%s'; no results database beside "
          "the gallery, give --results to erase their attendance and "
          "journal rows\n", g_get_prgname (), id);
  }
  rc = EX_OK;

out:
  rc = wf_admin_site_leave (site, rc, "run the same command again");
  if (ctx)
    g_option_context_free (ctx);
  g_free (db);
  g_free (id);
  g_free (results);
  g_free (site_uri);
  return rc;
}
