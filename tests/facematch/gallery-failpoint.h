/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Failing or killing an enrolment half-way, for the tests that prove a failed
 * or killed enrolment leaves the previous state.  Built only into test
 * programs, on the gallery's private seam (wf-gallery-testing.h).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * @spec is "error:N" (the enrolment fails with WF_GALLERY_ERROR_FAILED before
 * descriptor N) or "abort:N" (the process aborts there, saying so on
 * stderr); NULL removes the failpoint.  A malformed @spec is a test bug:
 * it aborts with a message.
 */
void wf_test_gallery_failpoint (const gchar * spec);

G_END_DECLS
