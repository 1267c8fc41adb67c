/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The daemon's configuration: a GLib key file with one [server] group,
 * one [camera:ID] group per camera, [mqtt] and [privacy].  Loading validates everything and
 * reports the file, line and reason of the first problem.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WF_CONFIG_ERROR (wf_config_error_quark ())
GQuark wf_config_error_quark (void);

typedef enum {
  WF_CONFIG_ERROR_SYNTAX,
  WF_CONFIG_ERROR_VALUE,
  WF_CONFIG_ERROR_UNKNOWN_KEY,
  WF_CONFIG_ERROR_MISSING,
  WF_CONFIG_ERROR_IO,
} WfConfigError;

/* One camera, as configured or posted to the API. */
typedef struct {
  gchar *id;
  gchar *uri;
  gchar *substream;             /* the URI analysed instead of uri (a
                                 * camera's low-resolution sub-stream), or
                                 * NULL */
  gchar *pipeline;              /* template name; NULL picks the default */
  gchar *zones;                 /* occupancy syntax, may be NULL */
  gchar *lines;                 /* occupancy syntax, may be NULL */
  gboolean enabled;
  gboolean loop;                /* restart at EOS instead of reconnecting */
  guint silence_ms;             /* no frame for this long = failure */
  guint backoff_initial_ms;
  guint backoff_max_ms;
  guint decode_threads;         /* the decoders' max-threads; 0: theirs */
} WfCameraConfig;

#define WF_TYPE_CAMERA_CONFIG (wf_camera_config_get_type ())
GType             wf_camera_config_get_type   (void);
WfCameraConfig *  wf_camera_config_new        (const gchar * id);
WfCameraConfig *  wf_camera_config_copy       (const WfCameraConfig * cfg);
void              wf_camera_config_free       (WfCameraConfig * cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfCameraConfig, wf_camera_config_free)

/* Checks a camera (or employee) id: 1-64 of [A-Za-z0-9_.-], not only
 * dots. */
gboolean          wf_camera_id_is_valid       (const gchar * id);
/* Checks zones and lines in the occupancy syntax; on failure sets @field
 * to "zones" or "lines". */
gboolean          wf_camera_check_geometry    (const gchar * zones,
                                               const gchar * lines,
                                               const gchar ** field,
                                               GError ** error);
/* Checks a template name: 1-64 of [a-z0-9_-]. */
gboolean          wf_pipeline_name_is_valid   (const gchar * name);

#define WF_TYPE_CONFIG (wf_config_get_type ())
G_DECLARE_FINAL_TYPE (WfConfig, wf_config, WF, CONFIG, GObject)

WfConfig *     wf_config_new                 (void);
WfConfig *     wf_config_new_from_file       (const gchar * path,
                                              GError ** error);
WfConfig *     wf_config_new_from_data       (const gchar * data,
                                              const gchar * name,
                                              GError ** error);

const gchar *  wf_config_get_address         (WfConfig * self);
void           wf_config_set_address         (WfConfig * self,
                                              const gchar * address);
guint          wf_config_get_port            (WfConfig * self);
void           wf_config_set_port            (WfConfig * self,
                                              guint port);
/* [server] token (or token-file), NULL when none */
const gchar *  wf_config_get_token           (WfConfig * self);
/* Whether any token is configured: [server] token or one of [tokens]. */
gboolean       wf_config_has_token           (WfConfig * self);
/* The name of the configured token @presented is ("token" for [server]
 * token, else its [tokens] name), or NULL (wf-tokens.h). */
const gchar *  wf_config_match_token         (WfConfig * self,
                                              const gchar * presented);
void           wf_config_set_token           (WfConfig * self,
                                              const gchar * token);
/* Reads the token from @path (token-file, WF_TOKEN_FILE) and checks it. */
gboolean       wf_config_load_token_file     (WfConfig * self,
                                              const gchar * path,
                                              GError ** error);
const gchar *  wf_config_get_database        (WfConfig * self);
void           wf_config_set_database        (WfConfig * self,
                                              const gchar * path);
const gchar *  wf_config_get_gallery         (WfConfig * self);
void           wf_config_set_gallery         (WfConfig * self,
                                              const gchar * path);
/* [server] node-id: this node's name on a site of several nodes sharing a
 * PostgreSQL database (docs/scale-out.md); default the host name.  Checked
 * like a camera id. */
const gchar *  wf_config_get_node_id         (WfConfig * self);
void           wf_config_set_node_id         (WfConfig * self,
                                              const gchar * node_id);
/* [server] max-cameras: the most cameras this node runs of the site's. */
#define WF_MAX_CAMERAS_LIMIT 256
guint          wf_config_get_max_cameras     (WfConfig * self);
const gchar *  wf_config_get_pipeline_dir    (WfConfig * self);
guint          wf_config_get_retention_days  (WfConfig * self);
gsize          wf_config_get_max_body_bytes  (WfConfig * self);
/* [server] public-health: off loopback, GET /api/v1/health answers without
 * a token (for probes that cannot send one).  Default FALSE. */
gboolean       wf_config_get_public_health   (WfConfig * self);
void           wf_config_set_public_health   (WfConfig * self,
                                              gboolean public_health);

/* One group of the file, for a module that reads a group of its own
 * ([mqtt], wf-mqtt-config.c): the same readers and errors (file, line,
 * reason) as the groups read in wf-config.c.  Valid while loading. */
typedef struct _WfConfigGroup WfConfigGroup;
const gchar *  wf_config_group_get_name      (WfConfigGroup * g);
/* @path relative to the configuration file's folder, or absolute. */
gchar *        wf_config_group_resolve       (WfConfigGroup * g,
                                              const gchar * path);
/* The group's keys in file order (g_strfreev). */
gchar **       wf_config_group_get_keys      (WfConfigGroup * g);
gboolean       wf_config_group_check_keys    (WfConfigGroup * g,
                                              const gchar * const *known,
                                              GError ** error);
/* Each leaves *@out as it is when the key is absent. */
gboolean       wf_config_group_get_string    (WfConfigGroup * g,
                                              const gchar * key,
                                              gchar ** out,
                                              GError ** error);
gboolean       wf_config_group_get_uint      (WfConfigGroup * g,
                                              const gchar * key,
                                              guint64 min,
                                              guint64 max,
                                              guint64 * out,
                                              GError ** error);
gboolean       wf_config_group_get_bool      (WfConfigGroup * g,
                                              const gchar * key,
                                              gboolean * out,
                                              GError ** error);
/* Sets @error at @key's line (the group's when @key is NULL); FALSE. */
gboolean       wf_config_group_fail          (WfConfigGroup * g,
                                              GError ** error,
                                              WfConfigError code,
                                              const gchar * key,
                                              const gchar * fmt,
                                              ...) G_GNUC_PRINTF (5, 6);

/* The [mqtt] group (wf-mqtt-config.h), NULL when the file has none. */
typedef struct _WfMqttConfig WfMqttConfig;
WfMqttConfig * wf_config_get_mqtt            (WfConfig * self);

/* The [privacy] group (wf-privacy-config.h) over its defaults; never
 * NULL. */
typedef struct _WfPrivacyConfig WfPrivacyConfig;
WfPrivacyConfig * wf_config_get_privacy      (WfConfig * self);

/* The cameras in file order; the array and its elements belong to @self. */
GPtrArray *    wf_config_get_cameras         (WfConfig * self);
void           wf_config_add_camera          (WfConfig * self,
                                              const WfCameraConfig * cam);

/* TRUE when @address is a loopback address (127.0.0.0/8, ::1, localhost). */
gboolean       wf_address_is_loopback        (const gchar * address);

G_END_DECLS
