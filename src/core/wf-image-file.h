/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Strict still-image decoding for enrolment (the daemon's API and
 * workforce-admin): JPEG (libjpeg) and PNG (libpng).  The size is read from
 * the header and checked against a pixel limit before any pixel is
 * allocated.  Anything libjpeg only warns about (a truncated file, corrupt
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

/* 64 Mpixel: far above any camera, low enough not to exhaust memory. */
#define WF_IMAGE_FILE_MAX_PIXELS (G_GUINT64_CONSTANT (64) * 1024 * 1024)

/* Errors are G_FILE_ERROR (cannot read), G_IO_ERROR_INVALID_DATA (not an
 * image, truncated or corrupt) or G_IO_ERROR_MESSAGE_TOO_LARGE (more than
 * the pixel limit), each message starting with @path (or @name). */
WfImageFile * wf_image_file_load  (const gchar * path,
                                   GError ** error);
/* Decodes @file (kept in the result); at most @max_pixels pixels. */
WfImageFile * wf_image_file_decode (GBytes * file,
                                    const gchar * name,
                                    guint64 max_pixels,
                                    GError ** error);
/* The type and size from the header only: nothing is decoded, so this is
 * cheap enough for any thread; the same errors as wf_image_file_decode for
 * what the header shows. */
gboolean      wf_image_file_probe (const guint8 * data,
                                   gsize size,
                                   const gchar * name,
                                   guint64 max_pixels,
                                   const gchar ** mime,
                                   gint * width,
                                   gint * height,
                                   GError ** error);
void          wf_image_file_free  (WfImageFile * img);

/* A view of the decoded pixels (valid while @img lives). */
void          wf_image_file_view  (const WfImageFile * img,
                                   WfImage * view);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfImageFile, wf_image_file_free)

G_END_DECLS
