/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wf-store-json.h"

JsonArray *
wf_attendance_to_json (GArray * records)
{
  JsonArray *rows = json_array_new ();

  for (guint i = 0; i < records->len; i++) {
    const WfAttendanceRecord *r = &g_array_index (records,
        WfAttendanceRecord, i);
    JsonObject *o = json_object_new ();
    JsonArray *cams = json_array_new ();

    json_object_set_string_member (o, "employee_id", r->employee_id);
    json_object_set_string_member (o, "name", r->name);
    wf_json_set_iso8601 (o, "first_seen", r->first_seen_ms);
    wf_json_set_iso8601 (o, "last_seen", r->last_seen_ms);
    for (guint j = 0; r->cameras && r->cameras[j]; j++)
      json_array_add_string_element (cams, r->cameras[j]);
    json_object_set_array_member (o, "cameras", cams);
    json_object_set_int_member (o, "sightings", r->sightings);
    json_array_add_object_element (rows, o);
  }
  return rows;
}

JsonArray *
wf_occupancy_to_json (GArray * minutes)
{
  JsonArray *rows = json_array_new ();

  for (guint i = 0; i < minutes->len; i++) {
    const WfOccupancyMinute *m = &g_array_index (minutes, WfOccupancyMinute,
        i);
    JsonObject *o = json_object_new ();

    wf_json_set_iso8601 (o, "minute", m->minute_ms);
    json_object_set_int_member (o, "peak", m->peak);
    json_object_set_double_member (o, "average", m->average);
    json_object_set_int_member (o, "last", m->last);
    json_array_add_object_element (rows, o);
  }
  return rows;
}

JsonObject *
wf_event_to_json (const WfEventRecord * r)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "id", (gint64) r->id);
  wf_json_set_iso8601 (o, "time", r->ts_ms);
  if (r->camera)
    json_object_set_string_member (o, "camera", r->camera);
  json_object_set_string_member (o, "type", r->type);
  if (r->data) {
    JsonNode *n = json_from_string (r->data, NULL);
    if (n)
      json_object_set_member (o, "data", n);
  }
  return o;
}

JsonArray *
wf_events_to_json (GArray * events)
{
  JsonArray *rows = json_array_new ();

  for (guint i = 0; i < events->len; i++)
    json_array_add_object_element (rows, wf_event_to_json (&g_array_index
            (events, WfEventRecord, i)));
  return rows;
}
