/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Camera URIs (src/daemon/wf-uri.c): the input is a URI, then after the
 * first newline a text that may quote it; an odd length allows file: as
 * the configuration file does.  Redaction, scrubbing and the scheme
 * allow-list must hold for any of them; a redacted URI that still parses
 * holds no password but "***". */
#include "wf-fuzz.h"
#include "wf-uri.h"

#include <string.h>

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  wf_fuzz_quiet ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  g_autofree gchar *all = wf_fuzz_string (data, size);
  gchar *nl = strchr (all, '\n');
  const gchar *text = "";
  g_autofree gchar *redacted = NULL, *scrubbed = NULL, *password = NULL;
  g_autoptr (GError) err = NULL;
  gboolean ok;

  if (nl) {
    *nl = '\0';
    text = nl + 1;
  }
  redacted = wf_uri_redact (all);
  g_assert (redacted != NULL);
  scrubbed = wf_uri_scrub (text, all);
  g_assert (scrubbed != NULL);
  ok = wf_uri_check_source (all, size % 2 == 1, "127.0.0.1", 8080, &err);
  g_assert (ok == (err == NULL));
  if (g_uri_split_with_user (all, G_URI_FLAGS_HAS_PASSWORD |
          G_URI_FLAGS_ENCODED, NULL, NULL, &password, NULL, NULL, NULL, NULL,
          NULL, NULL, NULL) && password &&
      *password) {
    g_autofree gchar *left = NULL;
    if (g_uri_split_with_user (redacted, G_URI_FLAGS_HAS_PASSWORD |
            G_URI_FLAGS_ENCODED, NULL, NULL, &left, NULL, NULL, NULL, NULL,
            NULL, NULL, NULL))
      g_assert (left == NULL || g_str_equal (left, "***") ||
          g_str_equal (left, "%2A%2A%2A"));
  }
  return 0;
}
