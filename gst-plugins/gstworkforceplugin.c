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
 * same name.  A registry keeps one feature per name: the one added last
 * wins, and GST_PLUGIN_PATH (where a user puts us) is scanned before the
 * system directory, so left alone the other one would win.  We make sure
 * ours is added last in every scan that sees both:
 *
 * - whenever our plugin_init runs (in the gst-plugin-scanner child that
 *   scans plugins, or in-process), registering replaces a `facedetect` of
 *   another plugin already there (so a scan order with us after opencv is
 *   fine), and a "feature-added" handler takes out any `facedetect` another
 *   plugin adds later in the same process and puts ours back.  In the
 *   scanner child this happens before the other plugin's features are sent
 *   to the parent, so the other `facedetect` never reaches the registry;
 * - gst_plugin_add_dependency on libgstopencv.so in the plugin paths: when
 *   that file appears or changes, our cached entry is stale too, so we are
 *   rescanned in the same scanner run as opencv and the above applies
 *   (a registry cache that predates the install of gstreamer1.0-opencv).
 *
 * docs/facedetect.md describes the behaviour and its limits.
 */
#define CLASHING_FEATURE "facedetect"

static GstPlugin *workforce_plugin;     /* set once in plugin_init */

static void
on_feature_added (GstRegistry * registry, GstPluginFeature * feature,
    gpointer user_data)
{
  const gchar *owner;

  if (!GST_IS_ELEMENT_FACTORY (feature) ||
      g_strcmp0 (GST_OBJECT_NAME (feature), CLASHING_FEATURE) != 0)
    return;
  owner = gst_plugin_feature_get_plugin_name (feature);
  if (g_strcmp0 (owner, "workforce") == 0)
    return;

  GST_INFO ("plugin '%s' registered its own '%s'; keeping workforce's",
      GST_STR_NULL (owner), CLASHING_FEATURE);
  gst_registry_remove_feature (registry, feature);
  GST_ELEMENT_REGISTER (facedetect, workforce_plugin);
}

static void
claim_facedetect (GstPlugin * plugin)
{
  static const gchar *env_vars[] = {
    "GST_PLUGIN_PATH_1_0", "GST_PLUGIN_PATH",
    "GST_PLUGIN_SYSTEM_PATH_1_0", "GST_PLUGIN_SYSTEM_PATH", NULL
  };
  static const gchar *paths[] = { WF_GST_SYSTEM_PLUGIN_DIR, NULL };
  static const gchar *names[] = { "libgstopencv.so", NULL };
  GstRegistry *registry = gst_registry_get ();
  GstPluginFeature *existing;

  gst_plugin_add_dependency (plugin, env_vars, paths, names,
      GST_PLUGIN_DEPENDENCY_FLAG_NONE);

  existing = gst_registry_lookup_feature (registry, CLASHING_FEATURE);
  if (existing) {
    GST_INFO ("replacing '%s' of plugin '%s'", CLASHING_FEATURE,
        GST_STR_NULL (gst_plugin_feature_get_plugin_name (existing)));
    gst_object_unref (existing);
  }

  if (workforce_plugin == NULL) {
    workforce_plugin = gst_object_ref (plugin);
    g_signal_connect (registry, "feature-added",
        G_CALLBACK (on_feature_added), NULL);
  }
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
  claim_facedetect (plugin);

  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR,
    GST_VERSION_MINOR,
    workforce,
    "Workplace video analytics: face detection, recognition and occupancy",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
