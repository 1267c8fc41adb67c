/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-image-file.h"

#include <gio/gio.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <jpeglib.h>
#include <png.h>

static gboolean
check_size (const gchar * name, guint64 width, guint64 height,
    guint64 max_pixels, GError ** error)
{
  if (width * height > max_pixels) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
        "%s: image too large (%" G_GUINT64_FORMAT "x%" G_GUINT64_FORMAT
        ", at most %" G_GUINT64_FORMAT " pixels)", name, width, height,
        max_pixels);
    return FALSE;
  }
  return TRUE;
}

typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf jump;
  gchar message[JMSG_LENGTH_MAX];
  gboolean warned;
} StrictJpegError;

static void
jpeg_error_exit (j_common_ptr cinfo)
{
  StrictJpegError *e = (StrictJpegError *) cinfo->err;
  cinfo->err->format_message (cinfo, e->message);
  longjmp (e->jump, 1);
}

/* libjpeg reports truncated and corrupt data as warnings (level -1) and
 * carries on with grey; remember the first one. */
static void
jpeg_emit_message (j_common_ptr cinfo, int level)
{
  StrictJpegError *e = (StrictJpegError *) cinfo->err;
  if (level < 0 && !e->warned) {
    e->warned = TRUE;
    cinfo->err->format_message (cinfo, e->message);
  }
}

static void
jpeg_silent (j_common_ptr cinfo)
{
}

static gboolean
decode_jpeg (const gchar * path, const guint8 * data, gsize size,
    guint64 max_pixels, gboolean header_only, WfImageFile * img,
    GError ** error)
{
  struct jpeg_decompress_struct cinfo;
  StrictJpegError jerr;
  guint8 *volatile rgb = NULL;

  memset (&jerr, 0, sizeof (jerr));
  cinfo.err = jpeg_std_error (&jerr.pub);
  jerr.pub.error_exit = jpeg_error_exit;
  jerr.pub.emit_message = jpeg_emit_message;
  jerr.pub.output_message = jpeg_silent;
  if (setjmp (jerr.jump)) {
    jpeg_destroy_decompress (&cinfo);
    g_free (rgb);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "%s: corrupt JPEG (%s)", path, jerr.message);
    return FALSE;
  }
  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, data, size);
  jpeg_read_header (&cinfo, TRUE);
  if (cinfo.num_components != 1 && cinfo.num_components != 3) {
    jpeg_destroy_decompress (&cinfo);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "%s: JPEG with %d colour components is not supported (use a grey "
        "or colour photo)", path, cinfo.num_components);
    return FALSE;
  }
  if (!check_size (path, cinfo.image_width, cinfo.image_height, max_pixels,
          error)) {
    jpeg_destroy_decompress (&cinfo);
    return FALSE;
  }
  if (header_only) {
    img->width = cinfo.image_width;
    img->height = cinfo.image_height;
    img->mime = "image/jpeg";
    jpeg_destroy_decompress (&cinfo);
    return TRUE;
  }
  cinfo.out_color_space = JCS_RGB;      /* grey is expanded */
  jpeg_start_decompress (&cinfo);
  rgb = g_malloc ((gsize) cinfo.output_width * cinfo.output_height * 3);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = rgb + (gsize) cinfo.output_scanline *
        cinfo.output_width * 3;
    jpeg_read_scanlines (&cinfo, &row, 1);
  }
  jpeg_finish_decompress (&cinfo);
  img->width = cinfo.output_width;
  img->height = cinfo.output_height;
  jpeg_destroy_decompress (&cinfo);

  if (jerr.warned) {
    g_free (rgb);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "%s: truncated or corrupt JPEG (%s)", path, jerr.message);
    return FALSE;
  }
  img->rgb = rgb;
  img->mime = "image/jpeg";
  return TRUE;
}

static gboolean
decode_png (const gchar * path, const guint8 * data, gsize size,
    guint64 max_pixels, gboolean header_only, WfImageFile * img,
    GError ** error)
{
  png_image png;

  memset (&png, 0, sizeof (png));
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory (&png, data, size))
    goto fail;
  if (!check_size (path, png.width, png.height, max_pixels, error)) {
    png_image_free (&png);
    return FALSE;
  }
  if (header_only) {
    img->width = png.width;
    img->height = png.height;
    img->mime = "image/png";
    png_image_free (&png);
    return TRUE;
  }
  png.format = PNG_FORMAT_RGB;
  img->rgb = g_malloc (PNG_IMAGE_SIZE (png));
  if (!png_image_finish_read (&png, NULL, img->rgb, 0, NULL)) {
    g_clear_pointer (&img->rgb, g_free);
    goto fail;
  }
  img->width = png.width;
  img->height = png.height;
  img->mime = "image/png";
  return TRUE;

fail:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
      "%s: truncated or corrupt PNG (%s)", path, png.message);
  png_image_free (&png);
  return FALSE;
}

/* The type from the first bytes, then the header or the whole image. */
static gboolean
read_image (const gchar * name, const guint8 * data, gsize size,
    guint64 max_pixels, gboolean header_only, WfImageFile * img,
    GError ** error)
{
  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff) {
    if (!decode_jpeg (name, data, size, max_pixels, header_only, img, error))
      return FALSE;
  } else if (size >= 8 && png_sig_cmp (data, 0, 8) == 0) {
    if (!decode_png (name, data, size, max_pixels, header_only, img, error))
      return FALSE;
  } else {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "%s: not a JPEG or PNG image", name);
    return FALSE;
  }
  if (img->width < 1 || img->height < 1) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "%s: empty image", name);
    return FALSE;
  }
  return TRUE;
}

gboolean
wf_image_file_probe (const guint8 * data, gsize size, const gchar * name,
    guint64 max_pixels, const gchar ** mime, gint * width, gint * height,
    GError ** error)
{
  WfImageFile img = { 0 };

  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  if (!read_image (name, data, size, max_pixels, TRUE, &img, error))
    return FALSE;
  if (mime)
    *mime = img.mime;
  if (width)
    *width = img.width;
  if (height)
    *height = img.height;
  return TRUE;
}

WfImageFile *
wf_image_file_decode (GBytes * file, const gchar * name, guint64 max_pixels,
    GError ** error)
{
  g_autoptr (WfImageFile) img = g_new0 (WfImageFile, 1);
  const guint8 *data;
  gsize size;

  g_return_val_if_fail (file != NULL, NULL);
  img->file = g_bytes_ref (file);
  data = g_bytes_get_data (file, &size);
  if (!read_image (name, data, size, max_pixels, FALSE, img, error))
    return NULL;
  return g_steal_pointer (&img);
}

WfImageFile *
wf_image_file_load (const gchar * path, GError ** error)
{
  g_autoptr (GBytes) file = NULL;
  gchar *contents = NULL;
  gsize size = 0;
  GError *err = NULL;

  if (!g_file_get_contents (path, &contents, &size, &err)) {
    /* GLib's message already names the file */
    g_propagate_error (error, err);
    return NULL;
  }
  file = g_bytes_new_take (contents, size);
  return wf_image_file_decode (file, path, WF_IMAGE_FILE_MAX_PIXELS, error);
}

void
wf_image_file_free (WfImageFile * img)
{
  if (img == NULL)
    return;
  g_clear_pointer (&img->file, g_bytes_unref);
  g_free (img->rgb);
  g_free (img);
}

void
wf_image_file_view (const WfImageFile * img, WfImage * view)
{
  memset (view, 0, sizeof (*view));
  view->format = WF_PIXEL_RGB;
  view->width = img->width;
  view->height = img->height;
  view->data[0] = img->rgb;
  view->stride[0] = img->width * 3;
}
