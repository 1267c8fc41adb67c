/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Home Assistant MQTT discovery messages: one retained config per entity at
 * DISCOVERY/<component>/<node>/<object>/config, a device per camera and
 * one for the node (the daemon itself), every entity available while
 * PREFIX/available says "online".  An empty retained config removes the
 * entity (wf_mqtt_client_clear_state).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  WF_MQTT_ENTITY_ZONE_COUNT,    /* sensor: people in a zone */
  WF_MQTT_ENTITY_LINE_IN,       /* sensor: crossings of a line, inwards */
  WF_MQTT_ENTITY_LINE_OUT,      /* sensor: crossings of a line, outwards */
  WF_MQTT_ENTITY_CAMERA_STATE,  /* sensor: the camera's state */
  WF_MQTT_ENTITY_PRESENCE,      /* binary_sensor: an employee is present */
  WF_MQTT_ENTITY_NODE_RSS,      /* sensor: the daemon's resident memory */
} WfMqttEntityKind;

typedef struct {
  WfMqttEntityKind kind;
  const gchar *camera;          /* zone, line and camera entities */
  const gchar *name;            /* zone or line name, employee id */
  const gchar *label;           /* employee name for presence, or NULL */
  const gchar *state_topic;
} WfMqttEntity;

/* @prefix: topic-prefix; @discovery_prefix: usually "homeassistant".
 * Returns the config topic and sets @payload to its JSON text. */
gchar *  wf_mqtt_discovery_config (const gchar * prefix,
                                   const gchar * discovery_prefix,
                                   const WfMqttEntity * entity,
                                   gchar ** payload);

G_END_DECLS
