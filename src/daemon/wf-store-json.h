/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The store's records (wf-store.h) as the API's JSON (docs/api.md): the one
 * place where a record's fields get their JSON names, and times become
 * ISO 8601 in local time with offset.
 */
#pragma once

#include <json-glib/json-glib.h>
#include "wf-store.h"

G_BEGIN_DECLS

/* An array of records of the kind each takes, as a new JsonArray of
 * objects: attendance {employee_id, name, first_seen, last_seen, cameras,
 * sightings}; occupancy minutes {minute, peak, average, last}; events {id,
 * time, camera (absent: the daemon's own), type, data (absent when the
 * stored text is not JSON)}. */
JsonArray *   wf_attendance_to_json   (GArray * records);
JsonArray *   wf_occupancy_to_json    (GArray * minutes);
JsonArray *   wf_events_to_json       (GArray * events);

/* One event, as in wf_events_to_json. */
JsonObject *  wf_event_to_json        (const WfEventRecord * event);

G_END_DECLS
