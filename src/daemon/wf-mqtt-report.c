/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-mqtt-report.h"

#if WF_HAVE_MQTT
#include "wf-mqtt.h"
#include "wf-store.h"

gboolean
wf_mqtt_report_health (GObject * mqtt, JsonObject * health)
{
  JsonObject *o;
  WfMqttClientStats st;
  gboolean ok;

  if (!mqtt)
    return TRUE;
  wf_mqtt_get_stats (WF_MQTT (mqtt), &st);
  o = json_object_new ();
  json_object_set_string_member (o, "state", wf_mqtt_state_to_string
      (st.state));
  json_object_set_string_member (o, "broker", st.broker);
  json_object_set_string_member (o, "topic_prefix",
      wf_mqtt_get_prefix (WF_MQTT (mqtt)));
  if (st.last_error)
    json_object_set_string_member (o, "error", st.last_error);
  else
    json_object_set_null_member (o, "error");
  if (st.connected_since_ms) {
    g_autofree gchar *iso = wf_iso8601_from_ms (st.connected_since_ms);
    json_object_set_string_member (o, "connected_since", iso);
  } else {
    json_object_set_null_member (o, "connected_since");
  }
  json_object_set_int_member (o, "connects", st.connects);
  json_object_set_int_member (o, "connect_failures", st.connect_failures);
  json_object_set_int_member (o, "published", st.published);
  json_object_set_int_member (o, "queued", st.queued);
  json_object_set_int_member (o, "dropped", st.dropped);
  json_object_set_int_member (o, "rejected", st.rejected);
  if (st.next_retry_ms)
    json_object_set_double_member (o, "next_retry_seconds",
        st.next_retry_ms / 1e3);
  json_object_set_object_member (health, "mqtt", o);
  ok = st.state != WF_MQTT_STATE_REFUSED &&
      st.state != WF_MQTT_STATE_DISCONNECTED;
  wf_mqtt_client_stats_clear (&st);
  return ok;
}

void
wf_mqtt_report_memory (GObject * mqtt, JsonObject * memory)
{
  JsonObject *o;
  WfMqttClientStats st;

  if (!mqtt)
    return;
  wf_mqtt_get_stats (WF_MQTT (mqtt), &st);
  o = json_object_new ();
  json_object_set_int_member (o, "events", st.queued);
  json_object_set_int_member (o, "bytes", st.queued_bytes);
  json_object_set_int_member (o, "max_events", st.queue_max);
  json_object_set_int_member (o, "max_bytes", st.queue_max_bytes);
  json_object_set_string_member (o, "drop_policy", "oldest");
  json_object_set_int_member (o, "dropped", st.dropped);
  json_object_set_int_member (o, "in_flight", st.in_flight);
  json_object_set_int_member (o, "max_in_flight", WF_MQTT_IN_FLIGHT);
  json_object_set_int_member (o, "states", st.states);
  json_object_set_int_member (o, "states_pending", st.states_pending);
  json_object_set_int_member (o, "states_bytes", st.states_bytes);
  json_object_set_object_member (memory, "mqtt_queue", o);
  wf_mqtt_client_stats_clear (&st);
}

static void
metric (GString * out, const gchar * name, const gchar * type,
    const gchar * help, guint64 value)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n%s %"
      G_GUINT64_FORMAT "\n", name, help, name, type, name, value);
}

void
wf_mqtt_report_metrics (GObject * mqtt, GString * out)
{
  WfMqttClientStats st;

  if (!mqtt)
    return;
  wf_mqtt_get_stats (WF_MQTT (mqtt), &st);
  metric (out, "wf_mqtt_connected", "gauge",
      "1 when connected to the MQTT broker",
      st.state == WF_MQTT_STATE_CONNECTED);
  g_string_append (out, "# HELP wf_mqtt_state 1 for the MQTT connection's "
      "state\n# TYPE wf_mqtt_state gauge\n");
  for (WfMqttState s = WF_MQTT_STATE_STOPPED; s <= WF_MQTT_STATE_REFUSED; s++)
    g_string_append_printf (out, "wf_mqtt_state{state=\"%s\"} %d\n",
        wf_mqtt_state_to_string (s), s == st.state);
  metric (out, "wf_mqtt_connects_total", "counter", "successful connections",
      st.connects);
  metric (out, "wf_mqtt_connect_failures_total", "counter",
      "connection attempts that failed or were refused", st.connect_failures);
  metric (out, "wf_mqtt_published_total", "counter",
      "messages the broker acknowledged", st.published);
  metric (out, "wf_mqtt_dropped_total", "counter",
      "events dropped because the queue was full", st.dropped);
  metric (out, "wf_mqtt_queued_events", "gauge", "events waiting for the "
      "broker", st.queued);
  metric (out, "wf_mqtt_queued_bytes", "gauge", "bytes of the waiting "
      "events", st.queued_bytes);
  metric (out, "wf_mqtt_in_flight", "gauge", "messages not yet acknowledged",
      st.in_flight);
  wf_mqtt_client_stats_clear (&st);
}

#else

gboolean
wf_mqtt_report_health (GObject * mqtt, JsonObject * health)
{
  return TRUE;
}

void
wf_mqtt_report_memory (GObject * mqtt, JsonObject * memory)
{
}

void
wf_mqtt_report_metrics (GObject * mqtt, GString * out)
{
}

#endif
