/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Benchmark (not a test) of occupancy on the pedestrian video, one mode per
 * process so that the peak RSS is the mode's own:
 *
 *   occupancy-bench MODE LOOPS [MAX_FRAMES]
 *
 * MODE decode:  filesrc ! decodebin ! videoconvert ! GRAY8 ! probe ! fakesink
 *      meta:    the same with occupancy (zones, lines, capacity) after the
 *               probe, which attaches 8 (or $WF_BENCH_ROIS) scripted "face"
 *               ROIs per frame that walk across the frame (the probe runs in
 *               decode too)
 *      null:    an identity where occupancy would be, with the same probes:
 *               what the measurement itself and a pass-through in-place
 *               transform cost
 *      people:  occupancy detector=people detect-width=1152
 *               detect-interval=5 instead (no scripted ROIs)
 * The file is looped LOOPS times in one pipeline (segment seeks), so the
 * element lives through all loops.  Prints one line of key=value pairs:
 * frames, wall and process CPU seconds, the CPU time spent inside occupancy
 * (thread CPU clock between its sink and src pad probes), VmHWM, and the RSS
 * and heap in use (mallinfo2) after the first and the last loop, with the
 * heap the allocator holds (arena + mmapped) and the free bytes in it: RSS
 * growing while the heap in use stays flat is memory glibc keeps in its
 * arenas.  WF_BENCH_TRIM=1 calls malloc_trim (0) before each reading, which
 * hands the free pages back: what drift is left is really in use. */
#include <malloc.h>
#include <string.h>
#include <time.h>

#include <gst/gst.h>
#include <gst/video/video.h>

#include "wf-memstats.h"
#include "wf-meta.h"

typedef struct {
  GstElement *pipeline;
  guint loops, loop;
  guint64 frames, max_frames;
  gdouble element_cpu;
  gdouble enter_cpu;
  guint64 rss_first, rss_last;
  guint64 heap_first, heap_last;
  guint64 held_first, held_last;
  guint64 free_first, free_last;
  gboolean trim;
  gint width, height;
  guint n_rois;
} Bench;

static gdouble
thread_cpu (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static gdouble
process_cpu (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* n_rois people walking left/right at different speeds and heights */
static GstPadProbeReturn
add_rois (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Bench *b = user_data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  guint i;

  if (b->width == 0) {
    GstCaps *caps = gst_pad_get_current_caps (pad);
    GstVideoInfo vi;
    gst_video_info_from_caps (&vi, caps);
    b->width = GST_VIDEO_INFO_WIDTH (&vi);
    b->height = GST_VIDEO_INFO_HEIGHT (&vi);
    gst_caps_unref (caps);
  }
  buf = gst_buffer_make_writable (buf);
  for (i = 0; i < b->n_rois; i++) {
    guint64 t = b->frames + i * 37;
    gint period = 2 * (b->width - 60);
    gint p = (gint) ((t * (3 + i)) % period);
    gint x = p < b->width - 60 ? p : period - p;
    gint y = 20 + i * (b->height - 80) / 8 + (gint) (t % 7);
    gst_buffer_add_video_region_of_interest_meta (buf, WF_ROI_TYPE_FACE, x, y,
        40, 48);
  }
  GST_PAD_PROBE_INFO_DATA (info) = buf;
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
enter (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Bench *b = user_data;
  b->enter_cpu = thread_cpu ();
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
leave (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Bench *b = user_data;
  b->element_cpu += thread_cpu () - b->enter_cpu;
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
count (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Bench *b = user_data;
  b->frames++;
  return GST_PAD_PROBE_OK;
}

int
main (int argc, char **argv)
{
  Bench b = { 0, };
  const gchar *mode, *testdata;
  g_autofree gchar *video = NULL, *desc = NULL;
  const gchar *occ = "";
  GstElement *e;
  GstPad *pad;
  GstBus *bus;
  GError *err = NULL;
  gint64 t0;
  gdouble c0, wall, cpu;
  gboolean done = FALSE;
  WfMemStats ms;

  gst_init (&argc, &argv);
  if (argc < 3) {
    g_printerr ("usage: %s decode|null|meta|people LOOPS [MAX_FRAMES]\n",
        argv[0]);
    return 64;
  }
  mode = argv[1];
  b.loops = MAX (1, atoi (argv[2]));
  b.max_frames = argc > 3 ? g_ascii_strtoull (argv[3], NULL, 10) : 0;
  /* scripted people per frame, 8 unless WF_BENCH_ROIS says otherwise */
  b.n_rois = g_getenv ("WF_BENCH_ROIS") ?
      MIN (atoi (g_getenv ("WF_BENCH_ROIS")), 32) : 8;
  b.trim = g_strcmp0 (g_getenv ("WF_BENCH_TRIM"), "1") == 0;
  testdata = g_getenv ("WF_TESTDATA_DIR");
  video = g_build_filename (testdata ? testdata : "../shared/testdata",
      "scenes", "vtest_pedestrians_h264.mp4", NULL);
  if (!g_file_test (video, G_FILE_TEST_EXISTS)) {
    g_printerr ("SKIP: %s not found (set WF_TESTDATA_DIR)\n", video);
    return 77;
  }

  if (g_str_equal (mode, "meta"))
    occ = "occupancy name=occ zones=\"left=0,0 0.5,0 0.5,1 0,1;"
        "right=0.5,0 1,0 1,1 0.5,1\" lines=\"door=0.5,0 0.5,1;"
        "mid=0,0.5 1,0.5\" capacity=\"left=3\" ! ";
  else if (g_str_equal (mode, "people"))
    occ = "occupancy name=occ detector=people detect-width=1152 "
        "detect-interval=5 lines=\"walk=0.7,0.1 0.7,0.85\" ! ";
  else if (g_str_equal (mode, "null"))
    occ = "identity name=occ ! ";
  else if (!g_str_equal (mode, "decode")) {
    g_printerr ("unknown mode %s\n", mode);
    return 64;
  }
  desc = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! "
      "videoconvert ! video/x-raw,format=GRAY8 ! identity name=roi ! %s"
      "fakesink name=sink sync=false", video, occ);
  b.pipeline = gst_parse_launch (desc, &err);
  if (b.pipeline == NULL) {
    g_printerr ("%s\n", err->message);
    return 1;
  }

  if (!g_str_equal (mode, "people")) {
    e = gst_bin_get_by_name (GST_BIN (b.pipeline), "roi");
    pad = gst_element_get_static_pad (e, "src");
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, add_rois, &b, NULL);
    gst_object_unref (pad);
    gst_object_unref (e);
  }
  e = gst_bin_get_by_name (GST_BIN (b.pipeline), "occ");
  if (e) {
    pad = gst_element_get_static_pad (e, "sink");
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, enter, &b, NULL);
    gst_object_unref (pad);
    pad = gst_element_get_static_pad (e, "src");
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, leave, &b, NULL);
    gst_object_unref (pad);
    gst_object_unref (e);
  }
  e = gst_bin_get_by_name (GST_BIN (b.pipeline), "sink");
  pad = gst_element_get_static_pad (e, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count, &b, NULL);
  gst_object_unref (pad);
  gst_object_unref (e);

  bus = gst_element_get_bus (b.pipeline);
  gst_element_set_state (b.pipeline, GST_STATE_PAUSED);
  gst_element_get_state (b.pipeline, NULL, NULL, GST_CLOCK_TIME_NONE);
  gst_element_seek_simple (b.pipeline, GST_FORMAT_TIME,
      GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_SEGMENT, 0);
  t0 = g_get_monotonic_time ();
  c0 = process_cpu ();
  gst_element_set_state (b.pipeline, GST_STATE_PLAYING);

  while (!done) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
        GST_MESSAGE_SEGMENT_DONE | GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
    switch (GST_MESSAGE_TYPE (msg)) {
      case GST_MESSAGE_SEGMENT_DONE:
        b.loop++;
        if (b.trim)
          malloc_trim (0);
        if (b.loop == 1 && wf_memstats_read (&ms, NULL)) {
          b.rss_first = ms.vm_rss;
          b.heap_first = ms.in_use;
          b.held_first = ms.arena + ms.mmapped;
          b.free_first = ms.free_bytes;
        }
        if (b.loop >= b.loops
            || (b.max_frames && b.frames >= b.max_frames)) {
          done = TRUE;
          break;
        }
        gst_element_seek_simple (b.pipeline, GST_FORMAT_TIME,
            GST_SEEK_FLAG_SEGMENT, 0);
        break;
      case GST_MESSAGE_ERROR:
        gst_message_parse_error (msg, &err, NULL);
        g_printerr ("error: %s\n", err->message);
        return 1;
      default:
        done = TRUE;
        break;
    }
    gst_message_unref (msg);
  }
  wall = (g_get_monotonic_time () - t0) / 1e6;
  cpu = process_cpu () - c0;
  /* the last loop was trimmed at its SEGMENT_DONE already */
  if (wf_memstats_read (&ms, NULL)) {
    b.rss_last = ms.vm_rss;
    b.heap_last = ms.in_use;
    b.held_last = ms.arena + ms.mmapped;
    b.free_last = ms.free_bytes;
  }

  g_print ("mode=%s rois=%u loops=%u frames=%" G_GUINT64_FORMAT " wall=%.3f "
      "fps=%.1f cpu=%.3f element_cpu=%.4f hwm_kb=%" G_GUINT64_FORMAT
      " rss_first_kb=%" G_GUINT64_FORMAT " rss_last_kb=%" G_GUINT64_FORMAT
      " heap_first_kb=%" G_GUINT64_FORMAT " heap_last_kb=%" G_GUINT64_FORMAT
      " held_first_kb=%" G_GUINT64_FORMAT " held_last_kb=%" G_GUINT64_FORMAT
      " free_first_kb=%" G_GUINT64_FORMAT " free_last_kb=%" G_GUINT64_FORMAT
      " trim=%d\n", mode, b.n_rois, b.loop, b.frames, wall, b.frames / wall,
      cpu, b.element_cpu, ms.vm_hwm / 1024, b.rss_first / 1024,
      b.rss_last / 1024, b.heap_first / 1024, b.heap_last / 1024,
      b.held_first / 1024, b.held_last / 1024, b.free_first / 1024,
      b.free_last / 1024, b.trim);

  gst_element_set_state (b.pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (b.pipeline);
  return 0;
}
