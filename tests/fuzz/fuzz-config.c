/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The configuration file (src/daemon/wf-config.c and the camera, MQTT and
 * URI rules it calls): any text either loads or fails with an error. */
#include "wf-fuzz.h"
#include "wf-config.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  wf_fuzz_quiet ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  g_autofree gchar *text = wf_fuzz_string (data, size);
  g_autoptr (GError) err = NULL;
  g_autoptr (WfConfig) cfg = wf_config_new_from_data (text, "fuzz.conf",
      &err);

  g_assert ((cfg != NULL) != (err != NULL));
  if (err)
    g_assert (err->message && *err->message);
  return 0;
}
