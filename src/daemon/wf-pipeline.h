/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Camera pipelines: templates from pipelines/, filled for one camera, and
 * the one builder of the pipeline that both the running camera and
 * --check-config use, so that the check builds exactly what runs.
 */
#pragma once

#include <gst/gst.h>
#include "wf-config.h"

G_BEGIN_DECLS

/* Fills a template: every {name} of @values (pairs name, value, NULL) is
 * replaced by the value quoted for gst-launch syntax.  An unknown
 * {placeholder} is an error. */
gchar *        wf_pipeline_fill         (const gchar * tmpl,
                                         const gchar * const *values,
                                         GError ** error);
/* Finds and reads the template @name; NULL with @error when absent. */
gchar *        wf_pipeline_load         (const gchar * name,
                                         const gchar * dir,
                                         gchar ** path,
                                         GError ** error);
/* TRUE when the registry's element @name is workforce-monitor's own. */
gboolean       wf_pipeline_has_element  (const gchar * name);
/* The template used when a camera names none: "default" with facematch,
 * "detect" with facedetect only, "people" with occupancy only, else
 * "decode". */
const gchar *  wf_pipeline_default_name (void);

/* The description of @cfg's pipeline: its template (found in
 * @pipeline_dir first) filled with the camera's values; files play at their
 * own pace and never drop, live sources drop the oldest frames.  @path
 * receives the template's file. */
gchar *        wf_pipeline_describe     (const WfCameraConfig * cfg,
                                         const gchar * pipeline_dir,
                                         const gchar * gallery,
                                         gchar ** path,
                                         GError ** error);
/* Builds that description: a GstPipeline named after the camera, whose
 * analysis elements are ours, with its sink's "sink" pad in @sink_pad.
 * Every error is one of configuration (a retry would not help); its
 * message never holds the camera's password. */
GstElement *   wf_pipeline_build        (const WfCameraConfig * cfg,
                                         const gchar * pipeline_dir,
                                         const gchar * gallery,
                                         gchar ** path,
                                         GstPad ** sink_pad,
                                         GError ** error);

G_END_DECLS
