/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Helpers shared by the tests: where the test data is, and turning image
 * files into raw video buffers of a chosen format. */
#pragma once

#include <gst/gst.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/* Exits with 77 (meson's "skipped") and a clear message when the shared test
 * data is absent.  Call first thing in main(). */
void          wf_test_require_testdata   (void);

/* TRUE when every NULL-terminated @relpath exists under the shared
 * testdata/; otherwise marks the current test skipped (g_test_skip) with
 * the first missing file and returns FALSE.  For a program whose other
 * tests need no data: call first thing in the test and return on FALSE. */
gboolean      wf_test_have_data          (const gchar * relpath,
                                          ...) G_GNUC_NULL_TERMINATED;

/* Full path of a file under the shared testdata/ (or models/ for
 * wf_test_shared_model); g_free the result. */
gchar *       wf_test_data_path          (const gchar * relpath);
gchar *       wf_test_shared_model       (const gchar * name);

/* A real photo with faces in it: @relpath under the shared testdata/ when
 * it is there, else face-api's demo photo sample@sample.jpg (1 to 6), which
 * set-up installs (WF_FACE_API_DIR); NULL when neither is there.  For tests
 * that need faces, not identities, so that a plain clone runs them.  */
gchar *       wf_test_face_photo         (const gchar * relpath,
                                          guint sample);

/* A @width x @height frame of @format filled with pseudo-random bytes from
 * @seed (the same bytes for the same seed), PTS 0, 40 ms long.  Fills
 * @info. */
GstBuffer *   wf_test_noise_frame        (GstVideoInfo * info,
                                          GstVideoFormat format,
                                          gint width,
                                          gint height,
                                          guint32 seed);

/* Drops element @e and the private @bus set on it: messages still queued
 * on the bus hold the element (their source) while the element holds the
 * bus, so the bus is flushed and taken off the element first, or both
 * leak.  @e should be in the NULL state. */
void          wf_test_release_with_bus   (GstElement * e,
                                          GstBus * bus);

/* Decodes an image file (JPEG, PNG) into one raw video buffer of @format,
 * optionally scaled to @width x @height (0 keeps the size).  Fills @info. */
GstBuffer *   wf_test_load_image         (const gchar * path,
                                          GstVideoFormat format,
                                          gint width,
                                          gint height,
                                          GstVideoInfo * info);

/* Caps string for the @info from wf_test_load_image. */
GstCaps *     wf_test_caps_for_info      (const GstVideoInfo * info);

G_END_DECLS
