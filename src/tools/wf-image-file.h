/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Strict still-image decoding for enrolment: JPEG (libjpeg) and PNG
 * (libpng).  Anything libjpeg only warns about (a truncated file, corrupt
 * entropy data) is an error here: a half-grey photo must not become an
 * employee's reference face.
 */
#pragma once

#include <glib.h>
#include "wf-image.h"

G_BEGIN_DECLS

typedef struct {
  GBytes *file;           /* the encoded file as read */
  const gchar *mime;      /* "image/jpeg" or "image/png" */
  guint8 *rgb;            /* packed RGB, width * 3 bytes per row */
  gint width;
  gint height;
} WfImageFile;

/* Errors are G_FILE_ERROR (cannot read) or G_IO_ERROR_INVALID_DATA (not an
 * image, truncated or corrupt), each message starting with @path. */
WfImageFile * wf_image_file_load  (const gchar * path,
                                   GError ** error);
void          wf_image_file_free  (WfImageFile * img);

/* A view of the decoded pixels (valid while @img lives). */
void          wf_image_file_view  (const WfImageFile * img,
                                   WfImage * view);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfImageFile, wf_image_file_free)

G_END_DECLS
