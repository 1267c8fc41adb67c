/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* faceredact's cost per buffer (not a test), timed around each push into
 * the element alone, against `identity` in the same run:
 *   meson test -C build --benchmark faceredact-cost -v
 * An I420 frame of noise with one face ROI a quarter of the frame high
 * (the size of a person near a door camera), a fresh writable copy per
 * buffer made outside the timed part, as a decoder hands its frames on.
 * Thread CPU time of the push (the element runs in the pushing thread),
 * so other load on the machine changes the figures little; median and
 * mean over N_BUFFERS. */
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "wf-meta.h"
#include "wf-test-common.h"

#define N_BUFFERS 600

static gdouble
thread_us (void)
{
  struct timespec t;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static gint
cmp_double (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;

  return (x > y) - (x < y);
}

static GstBuffer *
noise_frame (GstVideoInfo * info, gint w, gint h)
{
  GstBuffer *buf = wf_test_noise_frame (info, GST_VIDEO_FORMAT_I420, w, h, 7);

  gst_buffer_add_video_region_of_interest_meta (buf, WF_ROI_TYPE_FACE,
      w / 2, h / 3, h / 4, h / 4);
  return buf;
}

/* Median and mean µs of CPU per buffer of @factory (with @method when
 * not NULL) on @frame. */
static void
measure (const gchar * factory, const gchar * method,
    const GstVideoInfo * info, GstBuffer * frame, gdouble * median,
    gdouble * mean)
{
  GstElement *e = gst_element_factory_make (factory, NULL);
  GstHarness *h;
  gdouble *t = g_new (gdouble, N_BUFFERS), sum = 0;

  if (!e) {
    fprintf (stderr, "no element %s\n", factory);
    exit (1);
  }
  if (method)
    gst_util_set_object_arg (G_OBJECT (e), "method", method);
  if (g_str_equal (factory, "faceredact"))
    gst_util_set_object_arg (G_OBJECT (e), "policy", "all");
  h = gst_harness_new_with_element (e, "sink", "src");
  gst_harness_set_src_caps (h, gst_video_info_to_caps (info));
  for (guint i = 0; i < N_BUFFERS; i++) {
    GstBuffer *in = gst_buffer_copy_deep (frame);
    gdouble t0 = thread_us ();

    if (gst_harness_push (h, in) != GST_FLOW_OK) {
      fprintf (stderr, "%s: push failed\n", factory);
      exit (1);
    }
    t[i] = thread_us () - t0;
    sum += t[i];
    gst_buffer_unref (gst_harness_pull (h));
  }
  qsort (t, N_BUFFERS, sizeof *t, cmp_double);
  *median = t[N_BUFFERS / 2];
  *mean = sum / N_BUFFERS;
  g_free (t);
  gst_harness_teardown (h);
  gst_object_unref (e);
}

int
main (int argc, char **argv)
{
  static const gint sizes[][2] = { {640, 360}, {1280, 720} };
  static const gchar *const methods[] = { "pixelate", "blur", "fill" };

  gst_init (&argc, &argv);
  printf ("| size | element | median µs / buffer | mean µs | median - identity |\n"
      "|---|---|---|---|---|\n");
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++) {
    GstVideoInfo info;
    GstBuffer *frame = noise_frame (&info, sizes[s][0], sizes[s][1]);
    gdouble ref, ref_mean, med, mean;

    measure ("identity", NULL, &info, frame, &ref, &ref_mean);
    printf ("| %dx%d | `identity` (reference) | %.1f | %.1f | - |\n",
        sizes[s][0], sizes[s][1], ref, ref_mean);
    for (guint m = 0; m < G_N_ELEMENTS (methods); m++) {
      measure ("faceredact", methods[m], &info, frame, &med, &mean);
      printf ("| %dx%d | `faceredact policy=all method=%s` | %.1f | %.1f "
          "| %.1f |\n", sizes[s][0], sizes[s][1], methods[m], med, mean,
          med - ref);
    }
    gst_buffer_unref (frame);
  }
  return 0;
}
