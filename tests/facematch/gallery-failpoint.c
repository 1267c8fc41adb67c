/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "gallery-failpoint.h"

#include <stdlib.h>
#include <string.h>

#include "wf-gallery.h"
#include "wf-gallery-testing.h"

static guint failpoint_after;
static gboolean failpoint_abort;

static gboolean
failpoint_hook (guint index, gpointer user_data, GError ** error)
{
  if (index != failpoint_after)
    return TRUE;
  if (failpoint_abort) {
    g_printerr ("WF_GALLERY_FAILPOINT: aborting after %u descriptors\n",
        index);
    abort ();
  }
  g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_FAILED,
      "WF_GALLERY_FAILPOINT: simulated failure after %u descriptors", index);
  return FALSE;
}

void
wf_test_gallery_failpoint (const gchar * spec)
{
  const gchar *n;
  gchar *end;
  guint64 after;

  if (spec == NULL) {
    wf_gallery_testing_set_insert_hook (NULL, NULL);
    return;
  }
  if (g_str_has_prefix (spec, "abort:"))
    failpoint_abort = TRUE;
  else if (g_str_has_prefix (spec, "error:"))
    failpoint_abort = FALSE;
  else
    g_error ("gallery failpoint \"%s\" is not error:N or abort:N", spec);
  n = strchr (spec, ':') + 1;
  after = g_ascii_strtoull (n, &end, 10);
  if (end == n || *end != '\0' || after > G_MAXUINT)
    g_error ("gallery failpoint \"%s\": N is not a count", spec);
  failpoint_after = (guint) after;
  wf_gallery_testing_set_insert_hook (failpoint_hook, NULL);
}
