/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* workforce-admin --site: the tool as a short-lived node of the site, so
 * that a change it makes to a node's gallery file is also the site's
 * (docs/scale-out.md "One gallery for the site"). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sysexits.h>

#include "wf-admin.h"
#include "wf-store-uri.h"
#if WF_HAVE_POSTGRESQL
#include "wf-gallery-sync.h"
#endif

struct _WfAdminSite
{
#if WF_HAVE_POSTGRESQL
  WfGallerySync *sync;
#endif
  gchar *uri;
};

int
wf_admin_site_join (const gchar * uri, WfGallery * gallery,
    WfAdminSite ** site)
{
  g_autoptr (GError) err = NULL;

  *site = NULL;
  if (!uri)
    return -1;
  if (!wf_store_uri_is_postgresql (uri) || !wf_store_uri_check (uri, &err)) {
    g_printerr ("%s: --site must be the site's PostgreSQL database ([server] "
        "database of its nodes)%s%s; nothing changed\n", g_get_prgname (),
        err ? ": " : "", err ? err->message : "");
    return EX_USAGE;
  }
#if WF_HAVE_POSTGRESQL
  {
    g_autofree gchar *node = g_strdup_printf ("workforce-admin@%s",
        g_get_host_name ());
    /* brings the file up to the site first: an employee only the site
     * has is found, and a record the site changed is not overwritten */
    WfGallerySync *sync = wf_gallery_sync_new (uri, gallery, node, &err);

    if (!sync) {
      g_printerr ("%s: the site's database: %s; nothing changed\n",
          g_get_prgname (), err->message);
      return EX_UNAVAILABLE;
    }
    *site = g_new0 (WfAdminSite, 1);
    (*site)->sync = sync;
    (*site)->uri = g_strdup (uri);
    return -1;
  }
#else
  g_printerr ("%s: --site: this build has no PostgreSQL support (meson "
      "-Dpostgresql=enabled with libpq-dev); nothing changed\n",
      g_get_prgname ());
  return EX_UNAVAILABLE;
#endif
}

const gchar *
wf_admin_site_uri (WfAdminSite * site)
{
  return site ? site->uri : NULL;
}

int
wf_admin_site_leave (WfAdminSite * site, int rc, const gchar * again)
{
  if (!site)
    return rc;
#if WF_HAVE_POSTGRESQL
  {
    g_autoptr (GError) err = NULL;

    if (rc == EX_OK && !wf_gallery_sync_flush (site->sync, &err)) {
      g_printerr ("%s: changed in this gallery file, but %s: %s\n",
          g_get_prgname (), err->message, again);
      rc = EX_TEMPFAIL;
    }
    wf_gallery_sync_free (site->sync);
  }
#endif
  g_free (site->uri);
  g_free (site);
  return rc;
}
