/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-pipeline.h"
#include "wf-camera-config.h"
#include "wf-uri.h"

#include <string.h>
#include <gio/gio.h>

GST_DEBUG_CATEGORY_STATIC (wf_pipeline_debug);
#define GST_CAT_DEFAULT wf_pipeline_debug

static void
init_debug (void)
{
  static gsize once;

  if (g_once_init_enter (&once)) {
    GST_DEBUG_CATEGORY_INIT (wf_pipeline_debug, "wf-pipeline", 0,
        "workforce-monitor camera pipelines");
    g_once_init_leave (&once, 1);
  }
}

/* ---- templates ---- */

/* TRUE when @name is one of our elements (not a same-named foreign one). */
gboolean
wf_pipeline_has_element (const gchar * name)
{
  g_autoptr (GstElementFactory) f = gst_element_factory_find (name);
  const gchar *plugin;

  if (!f)
    return FALSE;
  plugin = gst_plugin_feature_get_plugin_name (GST_PLUGIN_FEATURE (f));
  return plugin && g_str_equal (plugin, "workforce");
}

const gchar *
wf_pipeline_default_name (void)
{
  if (wf_pipeline_has_element ("facedetect") && wf_pipeline_has_element ("facematch"))
    return "default";
  if (wf_pipeline_has_element ("facedetect"))
    return "detect";
  if (wf_pipeline_has_element ("occupancy"))
    return "people";
  return "decode";
}

gchar *
wf_pipeline_load (const gchar * name, const gchar * dir, gchar ** path,
    GError ** error)
{
  const gchar *dirs[4];
  guint n = 0;
  g_autoptr (GString) tried = g_string_new (NULL);
  g_autofree gchar *file = NULL;

  if (!wf_pipeline_name_is_valid (name)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "'%s' is not a template name", name);
    return NULL;
  }
  if (dir)
    dirs[n++] = dir;
  if (g_getenv ("WF_PIPELINE_DIR"))
    dirs[n++] = g_getenv ("WF_PIPELINE_DIR");
  dirs[n++] = WF_SOURCE_PIPELINE_DIR;
  dirs[n++] = WF_PIPELINE_DIR;

  file = g_strconcat (name, ".pipeline", NULL);
  for (guint i = 0; i < n; i++) {
    g_autofree gchar *p = g_build_filename (dirs[i], file, NULL);
    gchar *contents = NULL;

    if (g_file_get_contents (p, &contents, NULL, NULL)) {
      if (path)
        *path = g_steal_pointer (&p);
      return contents;
    }
    g_string_append_printf (tried, "%s%s", i ? ", " : "", dirs[i]);
  }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
      "pipeline template '%s' not found (looked in %s)", file, tried->str);
  return NULL;
}

gchar *
wf_pipeline_fill (const gchar * tmpl, const gchar * const *values,
    GError ** error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const gchar *p = tmpl;

  while (*p) {
    const gchar *end;
    gboolean ident = FALSE;

    if (*p != '{') {
      g_string_append_c (out, *p++);
      continue;
    }
    /* {name}: lower-case letters, digits and '-'; anything else (caps
     * lists such as { I420, NV12 }) is left alone. */
    for (end = p + 1; *end && (g_ascii_islower (*end) || *end == '-' ||
            g_ascii_isdigit (*end)); end++)
      ident = TRUE;
    if (!ident || *end != '}') {
      g_string_append_c (out, *p++);
      continue;
    } else {
      g_autofree gchar *name = g_strndup (p + 1, end - p - 1);
      const gchar *value = NULL;
      gboolean found = FALSE;

      for (guint i = 0; values[i]; i += 2) {
        if (g_str_equal (values[i], name)) {
          value = values[i + 1];
          found = TRUE;
          break;
        }
      }
      if (!found) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
            "unknown placeholder {%s} in the template", name);
        return NULL;
      }
      g_string_append_c (out, '"');
      for (const gchar * v = value ? value : ""; *v; v++) {
        if (*v == '"' || *v == '\\')
          g_string_append_c (out, '\\');
        g_string_append_c (out, *v);
      }
      g_string_append_c (out, '"');
      p = end + 1;
    }
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Our analysis elements by factory name: gst-plugins-bad's OpenCV plugin
 * also has a "facedetect", and a registry holding both may hand out that
 * one, which neither posts our messages nor attaches our metadata. */
static gboolean
check_ours (const GValue * v, GValue * ret, gpointer data)
{
  GstElement *e = g_value_get_object (v);
  GstElementFactory *f = gst_element_get_factory (e);
  const gchar *name = f ? GST_OBJECT_NAME (f) : NULL;
  const gchar *plugin;

  if (!name || !(g_str_equal (name, "facedetect") ||
          g_str_equal (name, "facematch") || g_str_equal (name, "occupancy")))
    return TRUE;
  plugin = gst_plugin_feature_get_plugin_name (GST_PLUGIN_FEATURE (f));
  if (plugin && g_str_equal (plugin, "workforce"))
    return TRUE;
  g_value_take_string (ret, g_strdup_printf ("element '%s' comes from the "
          "plugin '%s', not from workforce-monitor's (uninstall that plugin, "
          "e.g. gstreamer1.0-opencv, or list our plugin directory after the "
          "system one in GST_PLUGIN_PATH)",
          name, GST_STR_NULL (plugin)));
  return FALSE;
}

/* NULL when every analysis element is ours, else why not. */
static gchar *
foreign_analysis_element (GstElement * pipeline)
{
  GstIterator *it = gst_bin_iterate_recurse (GST_BIN (pipeline));
  GValue ret = G_VALUE_INIT;
  gchar *why;

  g_value_init (&ret, G_TYPE_STRING);
  gst_iterator_fold (it, check_ours, &ret, NULL);
  gst_iterator_free (it);
  why = g_value_dup_string (&ret);
  g_value_unset (&ret);
  return why;
}

static GstElement *
find_sink (GstElement * pipeline)
{
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  GstIterator *it;
  GValue v = G_VALUE_INIT;

  if (sink)
    return sink;
  it = gst_bin_iterate_sinks (GST_BIN (pipeline));
  if (gst_iterator_next (it, &v) == GST_ITERATOR_OK) {
    sink = g_value_dup_object (&v);
    g_value_unset (&v);
  }
  gst_iterator_free (it);
  return sink;
}
/* ---- the builder ---- */

/* Video decoders with a thread count (libav's max-threads), wherever
 * decodebin puts them, get the camera's decode_threads. */
static void
limit_decoder_threads (GstBin * pipeline, GstBin * sub_bin,
    GstElement * element, gpointer data)
{
  GstElementFactory *f = gst_element_get_factory (element);
  const gchar *klass = f ? gst_element_factory_get_metadata (f,
      GST_ELEMENT_METADATA_KLASS) : NULL;
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS
      (element), "max-threads");

  if (klass && strstr (klass, "Decoder") && strstr (klass, "Video") &&
      pspec && pspec->value_type == G_TYPE_INT &&
      (pspec->flags & G_PARAM_WRITABLE)) {
    GST_DEBUG_OBJECT (element, "max-threads %u", GPOINTER_TO_UINT (data));
    g_object_set (element, "max-threads", (gint) GPOINTER_TO_UINT (data),
        NULL);
  }
}

gchar *
wf_pipeline_describe (const WfCameraConfig * cfg, const gchar * pipeline_dir,
    const gchar * gallery, gchar ** path, GError ** error)
{
  const gchar *name = cfg->pipeline ? cfg->pipeline :
      wf_pipeline_default_name ();
  g_autofree gchar *tmpl = NULL;
  g_autofree gchar *file = NULL;
  g_autoptr (GError) err = NULL;
  gchar *desc;
  gboolean is_file;

  tmpl = wf_pipeline_load (name, pipeline_dir, &file, error);
  if (!tmpl)
    return NULL;
  /* Files play at their own pace (the sink syncs) and never drop; live
   * sources are taken as they come (their latency would hold every frame
   * at the sink) and keep only the newest frames when analysis falls
   * behind. */
  is_file = g_ascii_strncasecmp (wf_camera_config_source_uri (cfg), "file:",
      5) == 0;
  {
    const gchar *values[] = {
      /* a camera's sub-stream, when it has one, is all analysis needs */
      "uri", wf_camera_config_source_uri (cfg),
      "camera", cfg->id,
      "zones", cfg->zones ? cfg->zones : "",
      "lines", cfg->lines ? cfg->lines : "",
      "gallery", gallery ? gallery : "",
      "leaky", is_file ? "no" : "downstream",
      "sync", is_file ? "true" : "false",
      NULL, NULL
    };
    desc = wf_pipeline_fill (tmpl, values, &err);
  }
  if (!desc) {
    g_set_error (error, err->domain, err->code, "%s: %s", file,
        err->message);
    return NULL;
  }
  g_strdelimit (desc, "\r\n", ' ');
  if (path)
    *path = g_steal_pointer (&file);
  return desc;
}

GstElement *
wf_pipeline_build (const WfCameraConfig * cfg, const gchar * pipeline_dir,
    const gchar * gallery, gchar ** path, GstPad ** sink_pad, GError ** error)
{
  g_autofree gchar *file = NULL;
  g_autofree gchar *desc = NULL;
  g_autofree gchar *why = NULL;
  g_autoptr (GError) err = NULL;
  g_autoptr (GstElement) sink = NULL;
  GstElement *pipeline;
  GstPad *pad;

  init_debug ();
  desc = wf_pipeline_describe (cfg, pipeline_dir, gallery, &file, error);
  if (!desc)
    return NULL;
  {
    g_autofree gchar *shown = wf_camera_config_scrub (cfg, desc);
    GST_DEBUG ("camera %s: %s", cfg->id, shown);
  }
  pipeline = gst_parse_launch_full (desc, NULL, GST_PARSE_FLAG_FATAL_ERRORS,
      &err);
  if (!pipeline) {
    g_autofree gchar *msg = wf_camera_config_scrub (cfg, err->message);
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_FAILED,
        "template %s: %s", file, msg);
    return NULL;
  }
  if (!GST_IS_PIPELINE (pipeline)) {
    gst_object_unref (pipeline);
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_FAILED,
        "template %s is not a pipeline", file);
    return NULL;
  }
  why = foreign_analysis_element (pipeline);
  if (why) {
    gst_object_unref (pipeline);
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_FAILED, "%s", why);
    return NULL;
  }
  sink = find_sink (pipeline);
  pad = sink ? gst_element_get_static_pad (sink, "sink") : NULL;
  if (!pad) {
    gst_object_unref (pipeline);
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_FAILED,
        "template %s has no sink element with a 'sink' pad", file);
    return NULL;
  }
  gst_object_set_name (GST_OBJECT (pipeline), cfg->id);
  if (cfg->decode_threads > 0)
    g_signal_connect (pipeline, "deep-element-added",
        G_CALLBACK (limit_decoder_threads),
        GUINT_TO_POINTER (cfg->decode_threads));
  if (sink_pad)
    *sink_pad = pad;
  else
    gst_object_unref (pad);
  if (path)
    *path = g_steal_pointer (&file);
  return pipeline;
}
