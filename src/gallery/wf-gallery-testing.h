/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The gallery's seam for tests: not installed, included only by
 * wf-gallery.c and the test programs (tests/facematch/gallery-failpoint.c).
 * No environment variable or configuration reaches it, so no shipped program
 * can be made to fail or abort through it; the failures themselves (an error,
 * an abort) are written in the tests.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Called by wf_gallery_enroll before it writes descriptor @index (0-based)
 * of an enrolment, inside the enrolment's transaction.  Returning FALSE with
 * @error set fails the enrolment there (and rolls it back).
 */
typedef gboolean (*WfGalleryInsertHook) (guint index, gpointer user_data,
    GError ** error);

/* Process-wide; NULL removes it.  Not thread-safe: set it before enrolling. */
void wf_gallery_testing_set_insert_hook (WfGalleryInsertHook hook,
                                         gpointer user_data);

G_END_DECLS
