/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-erasure.h"

#include <stdlib.h>

/* Test hook: WF_ERASURE_FAILPOINT=announced or =gallery aborts the process
 * after that step, to prove that a killed erasure is finished at the next
 * start. */
static void
failpoint (const gchar * step)
{
  if (g_strcmp0 (g_getenv ("WF_ERASURE_FAILPOINT"), step) == 0) {
    g_printerr ("WF_ERASURE_FAILPOINT: aborting after step '%s'\n", step);
    abort ();
  }
}

gboolean
wf_erasure_run (WfGallery * gallery, WfStore * store,
    const gchar * results_path, const gchar * id, gboolean resuming,
    GError ** error)
{
  g_autoptr (GError) err = NULL;
  gboolean exists = FALSE;

  g_return_val_if_fail (gallery != NULL && id != NULL, FALSE);

  if (!wf_gallery_has_employee (gallery, id, &exists, error))
    return FALSE;
  /* a tool run again after an interruption finishes what it began */
  if (!exists && !resuming && !store && results_path &&
      !wf_store_erasure_announced_file (results_path, id, &resuming, error))
    return FALSE;
  if (!exists && !resuming) {
    g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND,
        "no employee with id '%s' in %s", id, wf_gallery_get_path (gallery));
    return FALSE;
  }
  /* 1: the announcement, before anything is deleted */
  if (store ? !wf_store_announce_erasure (store, id, error) :
      results_path && !wf_store_announce_erasure_file (results_path, id,
          error))
    return FALSE;
  failpoint ("announced");
  /* 2: descriptors, photos, enrolments, consent */
  if (exists && !wf_gallery_remove (gallery, id, &err) &&
      !g_error_matches (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND)) {
    g_propagate_error (error, g_steal_pointer (&err));
    return FALSE;
  }
  failpoint ("gallery");
  /* 3: every row naming them, and the announcement */
  if (store)
    return wf_store_forget_employee (store, id, error);
  return results_path == NULL || wf_store_erase_employee (results_path, id,
      error);
}

guint
wf_erasure_resume (WfGallery * gallery, WfStore * store)
{
  g_autoptr (GError) err = NULL;
  g_auto (GStrv) ids = wf_store_pending_erasures (store, &err);
  guint n = 0;

  if (!ids) {
    g_warning ("erasures: %s", err->message);
    return 0;
  }
  if (!gallery) {
    /* the announcements stay for a start with the gallery */
    if (ids[0])
      g_warning ("%u interrupted erasures wait for the gallery",
          g_strv_length (ids));
    return 0;
  }
  for (guint i = 0; ids[i]; i++) {
    if (!wf_erasure_run (gallery, store, NULL, ids[i], TRUE, &err)) {
      g_warning ("an interrupted erasure could not be finished: %s",
          err->message);
      g_clear_error (&err);
      continue;
    }
    n++;
  }
  if (n > 0)
    g_message ("finished %u interrupted erasure%s", n, n == 1 ? "" : "s");
  return n;
}
