/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * A fake RTSP camera for the daemon tests (gst-rtsp-server, loopback only):
 *
 *   wf-fake-camera [--port N] [--video FILE]
 *
 * Serves rtsp://127.0.0.1:PORT/cam: the file when given (H.264 in MP4, or
 * VP8 in Matroska/WebM like the build's demo video), a test pattern (JPEG
 * over RTP) otherwise.  Every element comes from gst-plugins-base and -good.  Prints "PORT n" when listening, then
 * obeys lines on stdin: "stop" closes the listening socket and every client
 * ("STOPPED"), "start" listens again on the same port ("STARTED"); end of
 * input exits.
 */
#include <stdio.h>
#include <string.h>
#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>
#include <gio/gio.h>

static GstRTSPServer *server;
static guint source_id;
static gint port;
static gchar *video;
static GMainLoop *loop;

static GstRTSPFilterResult
remove_client (GstRTSPServer * s, GstRTSPClient * client, gpointer data)
{
  return GST_RTSP_FILTER_REMOVE;
}

static gboolean
start_server (GError ** error)
{
  GstRTSPMountPoints *mounts;
  GstRTSPMediaFactory *factory;
  g_autofree gchar *service = g_strdup_printf ("%d", port);
  g_autofree gchar *launch = NULL;

  if (server) {
    /* listen again: a new socket on the same port */
    source_id = gst_rtsp_server_attach (server, NULL);
    if (source_id == 0) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
          "cannot listen on port %d again", port);
      return FALSE;
    }
    return TRUE;
  }
  server = gst_rtsp_server_new ();
  gst_rtsp_server_set_address (server, "127.0.0.1");
  gst_rtsp_server_set_service (server, service);
  mounts = gst_rtsp_server_get_mount_points (server);
  factory = gst_rtsp_media_factory_new ();
  if (video && (g_str_has_suffix (video, ".mkv")
          || g_str_has_suffix (video, ".webm")))
    launch = g_strdup_printf ("( filesrc location=\"%s\" ! matroskademux "
        "! rtpvp8pay name=pay0 pt=96 )", video);
  else if (video)
    launch = g_strdup_printf ("( filesrc location=\"%s\" ! qtdemux "
        "! h264parse ! rtph264pay name=pay0 pt=96 config-interval=1 )",
        video);
  else
    /* RTP/JPEG carries 4:2:0 or 4:2:2 only: without the format jpegenc
     * gets Y444, rtpjpegpay drops every frame ("Invalid component") and
     * the media never prepares. */
    launch = g_strdup ("( videotestsrc is-live=true "
        "! video/x-raw,format=I420,width=320,height=240,framerate=15/1 "
        "! jpegenc ! rtpjpegpay name=pay0 pt=26 )");
  gst_rtsp_media_factory_set_launch (factory, launch);
  gst_rtsp_mount_points_add_factory (mounts, "/cam", factory);
  g_object_unref (mounts);
  source_id = gst_rtsp_server_attach (server, NULL);
  if (source_id == 0) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
        "cannot listen on port %d", port);
    g_clear_object (&server);
    return FALSE;
  }
  port = gst_rtsp_server_get_bound_port (server);
  return TRUE;
}

static void
stop_server (void)
{
  if (!source_id)
    return;
  g_source_remove (source_id);
  source_id = 0;
  gst_rtsp_server_client_filter (server, remove_client, NULL);
}

static gboolean
on_stdin (GIOChannel * ch, GIOCondition cond, gpointer data)
{
  g_autofree gchar *line = NULL;
  g_autoptr (GError) err = NULL;
  GIOStatus st = g_io_channel_read_line (ch, &line, NULL, NULL, NULL);

  if (st == G_IO_STATUS_AGAIN)
    return G_SOURCE_CONTINUE;
  if (st != G_IO_STATUS_NORMAL) {
    g_main_loop_quit (loop);
    return G_SOURCE_REMOVE;
  }
  g_strstrip (line);
  if (g_str_equal (line, "stop")) {
    stop_server ();
    printf ("STOPPED\n");
  } else if (g_str_equal (line, "start")) {
    /* the port may linger briefly in TIME_WAIT: retry a little */
    for (guint i = 0; i < 50 && !source_id; i++) {
      g_clear_error (&err);
      if (!start_server (&err))
        g_usleep (100 * 1000);
    }
    printf (source_id ? "STARTED\n" : "FAILED %s\n", err ? err->message : "");
  } else if (*line) {
    printf ("UNKNOWN %s\n", line);
  }
  fflush (stdout);
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char **argv)
{
  GOptionEntry entries[] = {
    {"port", 0, 0, G_OPTION_ARG_INT, &port, "Port (0 = any)", "N"},
    {"video", 0, 0, G_OPTION_ARG_FILENAME, &video,
        "H.264 MP4 or VP8 Matroska file", "FILE"},
    {NULL}
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- fake camera");
  g_autoptr (GError) err = NULL;
  GIOChannel *ch;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &err)) {
    g_printerr ("%s\n", err->message);
    return 64;
  }
  if (video && !g_file_test (video, G_FILE_TEST_EXISTS))
    g_clear_pointer (&video, g_free);
  loop = g_main_loop_new (NULL, FALSE);
  if (!start_server (&err)) {
    g_printerr ("%s\n", err->message);
    return 69;
  }
  printf ("PORT %d\n", port);
  fflush (stdout);
  ch = g_io_channel_unix_new (0);
  g_io_add_watch (ch, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin, NULL);
  g_main_loop_run (loop);
  g_io_channel_unref (ch);
  stop_server ();
  g_clear_object (&server);
  g_main_loop_unref (loop);
  g_free (video);
  return 0;
}
