/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* workforce-admin consent and export: an employee's consent, and
 * everything held about them (docs/privacy.md). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <json-glib/json-glib.h>
#include <sysexits.h>

#include "wf-admin.h"
#include "wf-export.h"
#include "wf-gallery.h"
#include "wf-store.h"

int
wf_admin_cmd_consent (int argc, char **argv)
{
  gchar *db = NULL, *id = NULL, *given = NULL, *note = NULL;
  gchar *site_uri = NULL;
  GOptionEntry entries[] = {
    {"db", 'd', 0, G_OPTION_ARG_FILENAME, &db, "Gallery database", "DB"},
    {"id", 'i', 0, G_OPTION_ARG_STRING, &id, "Employee id", "ID"},
    {"given", 'g', 0, G_OPTION_ARG_STRING, &given,
        "yes: consented; no: not (or withdrawn)", "yes|no"},
    {"note", 'n', 0, G_OPTION_ARG_STRING, &note,
        "Note kept with the statement (form number, ...)", "NOTE"},
    WF_ADMIN_SITE_OPTION (site_uri),
    {NULL}
  };
  gchar **required[] = { &db, &id, &given, NULL };
  GOptionContext *ctx = g_option_context_new ("- record an employee's "
      "consent");
  g_autoptr (WfGallery) gallery = NULL;
  WfGalleryConsent c = { FALSE, 0, NULL };
  WfAdminSite *site = NULL;
  GError *err = NULL;
  int rc;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx, "Without consent an employee is "
      "never identified: the pipelines treat their face as unknown (and "
      "redact it), and nothing new names them; a running daemon sees the "
      "change at the next face.  On a node of a site, give --site, or the "
      "site's record replaces the change at the node's next start.  Exits "
      "with 67 when no such employee exists, 69 when the site cannot be "
      "reached (nothing changed), 75 when the site was not told.");
  if ((rc = wf_admin_parse_args (&ctx, &argc, &argv, required,
              "--db, --id and --given are required", NULL)) >= 0)
    goto out;
  if (g_strcmp0 (given, "yes") && g_strcmp0 (given, "no")) {
    rc = wf_admin_usage_error (g_steal_pointer (&ctx), "--given must be yes "
        "or no");
    goto out;
  }
  /* with --site, a new file is a new copy of the site's gallery */
  if ((rc = wf_admin_open_gallery (db, site_uri ? WF_GALLERY_OPEN_CREATE :
              WF_GALLERY_OPEN_DEFAULT, &gallery)) >= 0 ||
      (rc = wf_admin_site_join (site_uri, gallery, &site)) >= 0)
    goto out;
  c.given = g_str_equal (given, "yes");
  c.note = note;
  if (!wf_gallery_set_consent (gallery, id, &c, &err)) {
    rc = wf_admin_employee_error (err);
    goto out;
  }
  if (!wf_admin_quiet)
    g_printerr ("%s: '%s' %s\n", g_get_prgname (), id, c.given ?
        "consented" : "has no consent: not identified from now on");
  rc = EX_OK;

out:
  rc = wf_admin_site_leave (site, rc, "run the same command again");
  if (ctx)
    g_option_context_free (ctx);
  g_free (db);
  g_free (id);
  g_free (given);
  g_free (note);
  g_free (site_uri);
  return rc;
}

int
wf_admin_cmd_export (int argc, char **argv)
{
  gchar *db = NULL, *id = NULL, *results = NULL;
  GOptionEntry entries[] = {
    {"db", 'd', 0, G_OPTION_ARG_FILENAME, &db, "Gallery database", "DB"},
    {"id", 'i', 0, G_OPTION_ARG_STRING, &id, "Employee id", "ID"},
    {"results", 'r', 0, G_OPTION_ARG_FILENAME, &results,
        "workforce-monitor's results database; default: results.db beside "
          "the gallery", "RESULTS"},
    {NULL}
  };
  gchar **required[] = { &db, &id, NULL };
  GOptionContext *ctx = g_option_context_new ("- everything held about an "
      "employee");
  g_autoptr (WfGallery) gallery = NULL;
  g_autoptr (JsonObject) held = NULL;
  g_autoptr (JsonObject) doc = NULL;
  g_autofree gchar *results_path = NULL;
  GError *err = NULL;
  int rc;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx, "Prints one JSON document, as "
      "GET /api/v1/employees/ID/export does: the record, consent, "
      "descriptors' metadata, attendance, crossings, events and audit "
      "records about them.  Exits with 67 when no such employee exists.");
  if ((rc = wf_admin_parse_args (&ctx, &argc, &argv, required,
              "--db and --id are required", NULL)) >= 0)
    goto out;
  rc = EX_OK;
  results_path = wf_admin_results_path (db, results, &rc);
  if (rc != EX_OK)
    goto out;
  if ((rc = wf_admin_open_gallery (db, WF_GALLERY_OPEN_READ_ONLY, &gallery)) >= 0)
    goto out;
  if (results_path && !(held = wf_store_query_employee_file (results_path,
              id, &err))) {
    rc = wf_admin_report (err, EX_IOERR);
    goto out;
  }
  if (!(doc = wf_export_employee (gallery, id, held, &err))) {
    rc = wf_admin_employee_error (err);
    goto out;
  }
  {
    g_autoptr (JsonNode) root = json_node_init_object (json_node_alloc (),
        doc);
    g_autofree gchar *text = json_to_string (root, TRUE);
    g_print ("%s\n", text);
  }
  if (!results_path && !wf_admin_quiet)
    g_printerr ("%s: no results database beside the gallery: give --results "
        "for attendance and events\n", g_get_prgname ());
  rc = EX_OK;

out:
  if (ctx)
    g_option_context_free (ctx);
  g_free (db);
  g_free (id);
  g_free (results);
  return rc;
}
