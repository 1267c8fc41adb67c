/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The one validator of a camera's configuration, used by the [camera:ID]
 * groups of the configuration file and by POST /api/v1/cameras alike: the
 * keys, their types and ranges, and the checks across keys.  Each front end
 * only turns its syntax (key file text, JSON) into typed values.
 */
#pragma once

#include "wf-config.h"

G_BEGIN_DECLS

typedef enum {
  WF_CAMERA_KEY_STRING,
  WF_CAMERA_KEY_BOOLEAN,
  WF_CAMERA_KEY_SECONDS,        /* a number of seconds, decimals allowed */
  WF_CAMERA_KEY_COUNT,          /* a whole number */
} WfCameraKeyType;

typedef struct {
  const gchar *name;            /* the same in the file and in JSON */
  const gchar *alias;           /* an older file spelling, or NULL */
  WfCameraKeyType type;
  gdouble min, max;             /* WF_CAMERA_KEY_SECONDS, _COUNT */
  gsize max_length;             /* WF_CAMERA_KEY_STRING, bytes */
} WfCameraKey;

/* Where a camera configuration comes from: file URIs only from the file. */
typedef enum {
  WF_CAMERA_FROM_FILE,
  WF_CAMERA_FROM_API,
} WfCameraOrigin;

/* Every key, NULL-terminated by a key with name NULL. */
const WfCameraKey *  wf_camera_keys              (void);
/* The key named @name (or, with @alias, spelled so in older files). */
const WfCameraKey *  wf_camera_key_find          (const gchar * name,
                                                  gboolean alias);
/* "uri, pipeline, zones, ...": for messages. */
gchar *              wf_camera_key_names         (void);

/* Set one key, checking its range; @error names the key. */
gboolean             wf_camera_config_set_string (WfCameraConfig * cfg,
                                                  const WfCameraKey * key,
                                                  const gchar * value,
                                                  GError ** error);
gboolean             wf_camera_config_set_boolean (WfCameraConfig * cfg,
                                                  const WfCameraKey * key,
                                                  gboolean value,
                                                  GError ** error);
gboolean             wf_camera_config_set_seconds (WfCameraConfig * cfg,
                                                  const WfCameraKey * key,
                                                  gdouble seconds,
                                                  GError ** error);
gboolean             wf_camera_config_set_count  (WfCameraConfig * cfg,
                                                  const WfCameraKey * key,
                                                  guint64 n,
                                                  GError ** error);

/* The checks across keys, once every key is set: a uri is given, valid and
 * allowed for @origin (wf_uri_check_source (), against the daemon's own
 * @self_address and @self_port), and so is substream when set; the template
 * name, backoff_max not below
 * backoff_initial, zones and lines.  On failure @field names the key. */
gboolean             wf_camera_config_validate   (const WfCameraConfig * cfg,
                                                  WfCameraOrigin origin,
                                                  const gchar * self_address,
                                                  guint self_port,
                                                  const gchar ** field,
                                                  GError ** error);

/* The camera as a [camera:ID] group of the configuration file, which
 * wf_config_new_from_data () reads back (the site's camera list,
 * wf-placement.c). */
gchar *              wf_camera_config_to_ini     (const WfCameraConfig * cfg);

/* The URI the pipeline decodes and analyses: substream when set, else
 * uri. */
const gchar *        wf_camera_config_source_uri (const WfCameraConfig * cfg);
/* @text with the credentials of both of the camera's URIs replaced
 * (wf_uri_scrub ()): for messages that may quote either. */
gchar *              wf_camera_config_scrub      (const WfCameraConfig * cfg,
                                                  const gchar * text);

G_END_DECLS
