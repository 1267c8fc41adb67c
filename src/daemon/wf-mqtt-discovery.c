/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-mqtt-discovery.h"
#include "wf-mqtt-topic.h"

#include <json-glib/json-glib.h>

/* The node's device (@camera NULL) or a camera's, attached to the node. */
static JsonObject *
device (const gchar * node, const gchar * camera)
{
  JsonObject *d = json_object_new ();
  JsonArray *ids = json_array_new ();
  g_autofree gchar *node_id = g_strconcat ("workforce-monitor_", node, NULL);
  g_autofree gchar *cam = camera ? wf_mqtt_object_id (camera) : NULL;
  g_autofree gchar *id = camera ? g_strconcat (node_id, "_", cam, NULL) :
      g_strdup (node_id);
  g_autofree gchar *name = camera ? g_strconcat ("Camera ", camera, NULL) :
      g_strconcat ("workforce-monitor ", node, NULL);

  json_array_add_string_element (ids, id);
  json_object_set_array_member (d, "identifiers", ids);
  json_object_set_string_member (d, "name", name);
  json_object_set_string_member (d, "manufacturer", "workforce-monitor");
  if (camera) {
    json_object_set_string_member (d, "model", "camera");
    json_object_set_string_member (d, "via_device", node_id);
  } else {
    json_object_set_string_member (d, "model", "workforce-monitor daemon");
    json_object_set_string_member (d, "sw_version", VERSION);
  }
  return d;
}

gchar *
wf_mqtt_discovery_config (const gchar * prefix,
    const gchar * discovery_prefix, const WfMqttEntity * e,
    gchar ** payload)
{
  g_autoptr (JsonObject) o = json_object_new ();
  g_autoptr (JsonNode) node_json = NULL;
  g_autofree gchar *node = wf_mqtt_object_id (prefix);
  g_autofree gchar *object = NULL;
  g_autofree gchar *unique = NULL;
  g_autofree gchar *name = NULL;
  g_autofree gchar *availability = g_strconcat (prefix, "/available", NULL);
  const gchar *component = "sensor";
  JsonObject *dev;

  switch (e->kind) {
    case WF_MQTT_ENTITY_ZONE_COUNT:
      object = g_strdup_printf ("%s_%s_count", e->camera, e->name);
      name = g_strdup_printf ("%s people", e->name);
      json_object_set_string_member (o, "value_template",
          "{{ value_json.count }}");
      json_object_set_string_member (o, "unit_of_measurement", "people");
      json_object_set_string_member (o, "state_class", "measurement");
      json_object_set_string_member (o, "icon", "mdi:account-group");
      break;
    case WF_MQTT_ENTITY_LINE_IN:
    case WF_MQTT_ENTITY_LINE_OUT:{
      const gchar *dir = e->kind == WF_MQTT_ENTITY_LINE_IN ? "in" : "out";
      object = g_strdup_printf ("%s_%s_%s", e->camera, e->name, dir);
      name = g_strdup_printf ("%s %s", e->name, dir);
      json_object_set_string_member (o, "value_template",
          "{{ value_json.count }}");
      json_object_set_string_member (o, "unit_of_measurement", "people");
      json_object_set_string_member (o, "state_class", "total_increasing");
      json_object_set_string_member (o, "icon",
          e->kind == WF_MQTT_ENTITY_LINE_IN ? "mdi:login" : "mdi:logout");
      break;
    }
    case WF_MQTT_ENTITY_CAMERA_STATE:
      object = g_strdup_printf ("%s_state", e->camera);
      name = g_strdup ("state");
      json_object_set_string_member (o, "value_template",
          "{{ value_json.state }}");
      json_object_set_string_member (o, "icon", "mdi:cctv");
      json_object_set_string_member (o, "entity_category", "diagnostic");
      break;
    case WF_MQTT_ENTITY_PRESENCE:
      component = "binary_sensor";
      object = g_strdup_printf ("employee_%s_presence", e->name);
      name = g_strdup_printf ("%s presence", e->label ? e->label : e->name);
      json_object_set_string_member (o, "value_template",
          "{{ value_json.state }}");
      json_object_set_string_member (o, "payload_on", "home");
      json_object_set_string_member (o, "payload_off", "not_home");
      json_object_set_string_member (o, "device_class", "presence");
      json_object_set_string_member (o, "json_attributes_topic",
          e->state_topic);
      break;
    case WF_MQTT_ENTITY_NODE_RSS:
    default:
      object = g_strdup ("node_rss");
      name = g_strdup ("resident memory");
      json_object_set_string_member (o, "value_template",
          "{{ value_json.rss_bytes }}");
      json_object_set_string_member (o, "unit_of_measurement", "B");
      json_object_set_string_member (o, "device_class", "data_size");
      json_object_set_string_member (o, "state_class", "measurement");
      json_object_set_string_member (o, "entity_category", "diagnostic");
      break;
  }
  {
    g_autofree gchar *raw = object;
    object = wf_mqtt_object_id (raw);
  }
  unique = g_strconcat ("workforce-monitor_", node, "_", object, NULL);
  dev = device (node, e->camera);
  json_object_set_string_member (o, "name", name);
  json_object_set_string_member (o, "unique_id", unique);
  json_object_set_string_member (o, "object_id", unique);
  json_object_set_string_member (o, "state_topic", e->state_topic);
  json_object_set_string_member (o, "availability_topic", availability);
  json_object_set_string_member (o, "payload_available", "online");
  json_object_set_string_member (o, "payload_not_available", "offline");
  json_object_set_object_member (o, "device", dev);
  node_json = json_node_init_object (json_node_alloc (), o);
  *payload = json_to_string (node_json, FALSE);
  return g_strdup_printf ("%s/%s/%s/%s/config", discovery_prefix, component,
      node, object);
}
