/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Names in MQTT topics and Home Assistant ids (wf-mqtt-topic.c), and the
 * discovery configs built from them (wf-mqtt-discovery.c). */
#include <string.h>
#include <json-glib/json-glib.h>
#include "wf-mqtt-topic.h"
#include "wf-mqtt-discovery.h"

static void
test_escape (void)
{
  static const struct
  {
    const gchar *in, *out;
  } cases[] = {
    {"lobby", "lobby"},
    {"a/b", "a%2Fb"},
    {"+", "%2B"},
    {"#", "%23"},
    {"50%", "50%25"},
    {"two words", "two%20words"},
    {"tab\there", "tab%09here"},
    {"", "%00"},
    {"caf\xc3\xa9", "caf\xc3\xa9"},     /* UTF-8 stays as it is */
    {"$SYS", "$SYS"},                   /* not first level: harmless */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree gchar *e = wf_mqtt_topic_escape (cases[i].in);
    g_assert_cmpstr (e, ==, cases[i].out);
    g_assert_null (strpbrk (e, "/+#"));
  }
}

static void
test_build (void)
{
  g_autofree gchar *t = wf_mqtt_topic_build ("site/node1", "cam/1", "zone+",
      "count", NULL);
  g_autofree gchar *u = wf_mqtt_topic_build ("workforce", "employees", "#1",
      "presence", NULL);
  g_auto (GStrv) levels = g_strsplit (t, "/", -1);

  g_assert_cmpstr (t, ==, "site/node1/cam%2F1/zone%2B/count");
  g_assert_cmpuint (g_strv_length (levels), ==, 5);
  g_assert_cmpstr (u, ==, "workforce/employees/%231/presence");
}

/* Distinct names never share a topic level or an object id. */
static void
test_injective (void)
{
  const gchar *names[] = { "a/b", "a%2Fb", "a_b", "a.b", "a b", "a+b", "ab",
    "a-b", "a#b", "a%b"
  };
  g_autoptr (GHashTable) topics = g_hash_table_new_full (g_str_hash,
      g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_str_hash,
      g_str_equal, g_free, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    gchar *t = wf_mqtt_topic_escape (names[i]);
    gchar *o = wf_mqtt_object_id (names[i]);
    g_assert_false (g_hash_table_contains (topics, t));
    g_assert_false (g_hash_table_contains (ids, o));
    for (const gchar * p = o; *p; p++)
      g_assert_true (g_ascii_isalnum (*p) || *p == '_' || *p == '-');
    g_hash_table_add (topics, t);
    g_hash_table_add (ids, o);
  }
  {
    g_autofree gchar *plain = wf_mqtt_object_id ("lobby_2-b");
    g_assert_cmpstr (plain, ==, "lobby_2-b");
  }
}

static void
test_discovery (void)
{
  WfMqttEntity e = { WF_MQTT_ENTITY_ZONE_COUNT, "cam.1", "hall", NULL,
    "workforce/cam.1/hall/count"
  };
  WfMqttEntity p = { WF_MQTT_ENTITY_PRESENCE, NULL, "emp/7", "Ann",
    "workforce/employees/emp%2F7/presence"
  };
  g_autofree gchar *payload = NULL;
  g_autofree gchar *topic = wf_mqtt_discovery_config ("workforce",
      "homeassistant", &e, &payload);
  g_autofree gchar *ppayload = NULL;
  g_autofree gchar *ptopic = wf_mqtt_discovery_config ("workforce",
      "homeassistant", &p, &ppayload);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o, *dev;
  g_auto (GStrv) levels = g_strsplit (ptopic, "/", -1);

  g_assert_true (g_str_has_prefix (topic, "homeassistant/sensor/workforce/"));
  g_assert_true (g_str_has_suffix (topic, "/config"));
  g_assert_true (json_parser_load_from_data (parser, payload, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "state_topic"), ==,
      "workforce/cam.1/hall/count");
  g_assert_cmpstr (json_object_get_string_member (o, "availability_topic"),
      ==, "workforce/available");
  g_assert_true (json_object_has_member (o, "unique_id"));
  dev = json_object_get_object_member (o, "device");
  g_assert_nonnull (dev);
  g_assert_cmpstr (json_object_get_string_member (dev, "via_device"), ==,
      "workforce-monitor_workforce");

  /* an employee id with '/' stays one level of the config topic */
  g_assert_cmpuint (g_strv_length (levels), ==, 5);
  g_assert_cmpstr (levels[1], ==, "binary_sensor");
  g_assert_true (json_parser_load_from_data (parser, ppayload, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "payload_on"), ==,
      "home");
  g_assert_cmpstr (json_object_get_string_member (o, "device_class"), ==,
      "presence");
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==,
      "Ann presence");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mqtt/topic/escape", test_escape);
  g_test_add_func ("/mqtt/topic/build", test_build);
  g_test_add_func ("/mqtt/topic/injective", test_injective);
  g_test_add_func ("/mqtt/discovery", test_discovery);
  return g_test_run ();
}
