/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-jpeg.h"

#include <gio/gio.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>

typedef struct
{
  struct jpeg_error_mgr mgr;
  jmp_buf jump;
  gchar message[JMSG_LENGTH_MAX];
} JpegError;

static void
jpeg_error_exit (j_common_ptr cinfo)
{
  JpegError *e = (JpegError *) cinfo->err;

  e->mgr.format_message (cinfo, e->message);
  longjmp (e->jump, 1);
}

GBytes *
wf_jpeg_encode_rgb (const guint8 * rgb, gint stride, gint w, gint h, gint quality,
    GError ** error)
{
  struct jpeg_compress_struct cinfo;
  JpegError err;
  /* volatile: kept across longjmp */
  guchar *volatile out = NULL;
  volatile unsigned long out_size = 0;

  cinfo.err = jpeg_std_error (&err.mgr);
  err.mgr.error_exit = jpeg_error_exit;
  if (setjmp (err.jump)) {
    jpeg_destroy_compress (&cinfo);
    free (out);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "JPEG encoding: %s",
        err.message);
    return NULL;
  }
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, (guchar **) & out, (unsigned long *) &out_size);
  cinfo.image_width = w;
  cinfo.image_height = h;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, CLAMP (quality, 1, 100), TRUE);
  jpeg_start_compress (&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = (JSAMPROW) (rgb + (gsize) cinfo.next_scanline * stride);
    jpeg_write_scanlines (&cinfo, &row, 1);
  }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  /* libjpeg allocated it with malloc */
  return g_bytes_new_with_free_func (out, out_size, free, out);
}
