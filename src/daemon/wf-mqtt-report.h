/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The MQTT publisher's state for /api/v1/health, /api/v1/memory and
 * /metrics.  @mqtt is the WfMqtt or NULL (no [mqtt] group, or a build
 * without MQTT): then nothing is added and the answers are as before.
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Adds "mqtt" to the health summary; FALSE when the broker is not
 * reachable (refused or disconnected), which makes the daemon degraded. */
gboolean  wf_mqtt_report_health   (GObject * mqtt,
                                   JsonObject * health);
/* Adds "mqtt_queue": what the publisher holds and its bounds. */
void      wf_mqtt_report_memory   (GObject * mqtt,
                                   JsonObject * memory);
/* Appends the wf_mqtt_* metrics in the Prometheus text format. */
void      wf_mqtt_report_metrics  (GObject * mqtt,
                                   GString * out);

G_END_DECLS
