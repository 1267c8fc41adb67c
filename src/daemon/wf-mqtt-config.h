/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The [mqtt] group of the configuration: where the broker is, how to log in
 * and what to publish.  Parsed and checked here, for wf-config.c; errors
 * name the file, line and reason like the rest of the configuration.  The
 * password never leaves this struct except to libmosquitto.
 */
#pragma once

#include <glib.h>
#include "wf-config.h"

G_BEGIN_DECLS

typedef enum {
  WF_MQTT_RETAIN_STATES,        /* state topics retained, events not */
  WF_MQTT_RETAIN_NONE,          /* nothing but discovery and availability */
  WF_MQTT_RETAIN_ALL,           /* events too (the last one stays) */
} WfMqttRetain;

struct _WfMqttConfig {
  gchar *host;
  guint port;
  gchar *ca_file;               /* TLS when set */
  gchar *username;
  gchar *password;              /* read from password-file; never logged */
  gchar *client_id;
  gchar *prefix;                /* topic-prefix */
  guint qos;
  WfMqttRetain retain;
  guint keepalive_s;
  guint queue_size;             /* events waiting for the broker, at most */
  guint64 queue_bytes;          /* and their payloads and topics, at most */
  guint backoff_initial_ms;
  guint backoff_max_ms;
  guint connect_timeout_ms;
  guint stats_interval_ms;
  guint presence_timeout_ms;
  gboolean discovery;
  gchar *discovery_prefix;
};

/* Reads the [mqtt] group @g (wf-config.c hands it over).  Sets a
 * WF_CONFIG_ERROR naming file and line on failure, also when this build
 * has no MQTT support. */
WfMqttConfig * wf_mqtt_config_load  (WfConfigGroup * g,
                                     GError ** error);
void           wf_mqtt_config_free  (WfMqttConfig * cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfMqttConfig, wf_mqtt_config_free)

const gchar *  wf_mqtt_retain_to_string (WfMqttRetain retain);

G_END_DECLS
