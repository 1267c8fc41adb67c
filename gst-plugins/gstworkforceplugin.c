/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>

#include "gstwffacedetect.h"
#include "gstwfoccupancy.h"
#include "gstwffaceredact.h"
#if HAVE_DLIB
#include "gstwffacematch.h"
#endif

/*
 * The `facedetect` name clash.  gst-plugins-bad's opencv plugin
 * (libgstopencv.so, Debian gstreamer1.0-opencv) registers an element of the
 * same name, and a registry keeps one feature per name.  This plugin does
 * not edit the registry to win: removing another plugin's feature would
 * change every GStreamer application on the machine (and the registry cache
 * they share).  Rank does not help either: a name in a launch line or
 * gst_element_factory_make is looked up by name alone, rank only orders
 * autoplugging.  What is done instead (docs/facedetect.md, "The name clash"):
 *
 * - packaging: gstreamer1.0-opencv is not installed with workforce-monitor
 *   (the container image and the Flatpak do not ship it); a distribution
 *   package of ours declares Conflicts: gstreamer1.0-opencv;
 * - the daemon and our tests take `facedetect` only from this plugin: the
 *   daemon refuses a camera whose `facedetect` is another plugin's
 *   (src/daemon/wf-pipeline.c, the camera goes to failed-config saying
 *   which plugin and how to fix it), and the element tests check the
 *   factory's plugin;
 * - where both are installed anyway (our test machines, which measure
 *   against gst-plugins-bad's element), the plugin path orders them: with
 *   GST_PLUGIN_PATH listing the system plugin directory before ours,
 *   GStreamer adds ours last and it is the `facedetect`
 *   (tests/detect/test-facedetect-clash.sh shows which one wins in each
 *   order, fresh and cached).  The registry cache keeps that order; for it
 *   to hold when gstreamer1.0-opencv is installed after the cache was
 *   written, we declare a dependency on libgstopencv.so (GStreamer's own
 *   way to say a file affects what a plugin provides): when it appears or
 *   changes, our plugin is rescanned in the same run, in path order.
 */
static void
watch_opencv_plugin (GstPlugin * plugin)
{
  static const gchar *env_vars[] = {
    "GST_PLUGIN_PATH_1_0", "GST_PLUGIN_PATH",
    "GST_PLUGIN_SYSTEM_PATH_1_0", "GST_PLUGIN_SYSTEM_PATH", NULL
  };
  static const gchar *paths[] = { WF_GST_SYSTEM_PLUGIN_DIR, NULL };
  static const gchar *names[] = { "libgstopencv.so", NULL };

  gst_plugin_add_dependency (plugin, env_vars, paths, names,
      GST_PLUGIN_DEPENDENCY_FLAG_NONE);
}

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret = FALSE;

  ret |= GST_ELEMENT_REGISTER (facedetect, plugin);
  ret |= GST_ELEMENT_REGISTER (occupancy, plugin);
  ret |= GST_ELEMENT_REGISTER (faceredact, plugin);
#if HAVE_DLIB
  ret |= GST_ELEMENT_REGISTER (facematch, plugin);
#endif
  watch_opencv_plugin (plugin);
  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR,
    GST_VERSION_MINOR,
    workforce,
    "Workplace video analytics: face detection, recognition and occupancy",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
