/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Linked only into the test build of workforce-admin
 * (workforce-admin-failpoint, never installed): WF_GALLERY_FAILPOINT=abort:N
 * kills an enrolment after N descriptors, for test-admin.py's killed
 * enrolment.  The shipped workforce-admin reads no such variable.
 */
#include "gallery-failpoint.h"

__attribute__((constructor))
static void
failpoint_from_environment (void)
{
  const gchar *spec = g_getenv ("WF_GALLERY_FAILPOINT");

  if (spec != NULL)
    wf_test_gallery_failpoint (spec);
}
