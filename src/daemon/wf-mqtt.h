/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The monitor's events and figures as MQTT topics (docs/mqtt.md):
 *   PREFIX/available                    online / offline (last will)
 *   PREFIX/events                       every journalled event, SSE's JSON
 *   PREFIX/<camera>/<zone>/count        people in a zone (state)
 *   PREFIX/<camera>/<line>/in, /out     crossings of a line (state)
 *   PREFIX/<camera>/state               the camera's state (state)
 *   PREFIX/employees/<id>/presence      home / not_home (state)
 *   PREFIX/stats                        memory and frames, periodically
 * plus Home Assistant discovery when asked for.  Main context only.
 */
#pragma once

#include <glib-object.h>
#include "wf-monitor.h"
#include "wf-gallery.h"
#include "wf-mqtt-config.h"
#include "wf-mqtt-client.h"

G_BEGIN_DECLS

#define WF_TYPE_MQTT (wf_mqtt_get_type ())
G_DECLARE_FINAL_TYPE (WfMqtt, wf_mqtt, WF, MQTT, GObject)

/* @gallery may be NULL (no employees then, but presence from events). */
WfMqtt *  wf_mqtt_new        (WfMonitor * monitor,
                              WfGallery * gallery,
                              const WfMqttConfig * cfg,
                              GError ** error);
/* Publishes the current states and starts connecting; call after
 * wf_monitor_start (). */
void      wf_mqtt_start      (WfMqtt * self);
/* Says "offline" and sends what it can within @flush_ms. */
void      wf_mqtt_stop       (WfMqtt * self,
                              guint flush_ms);
void      wf_mqtt_get_stats  (WfMqtt * self,
                              WfMqttClientStats * stats);
const gchar * wf_mqtt_get_prefix (WfMqtt * self);

G_END_DECLS
