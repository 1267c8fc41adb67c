/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The right of access: one JSON document with everything held about an
 * employee, built once here for GET /api/v1/employees/{id}/export and
 * `workforce-admin export` (docs/privacy.md), and the employee record's
 * JSON that the API shows too.
 */
#pragma once

#include <json-glib/json-glib.h>
#include "wf-gallery.h"

G_BEGIN_DECLS

/* {"id", "name", "created", "descriptors", "photos", "consent"} */
JsonObject *  wf_export_employee_json (const WfEmployee * e);
/* {"given", "date", "note"} */
JsonObject *  wf_export_consent_json  (const WfEmployee * e);
/* The descriptors of wf_gallery_list_descriptors (): id, created, source,
 * detector, box, photo_stored and photo_type. */
JsonArray *   wf_export_descriptors_json (GArray * list);

/* The export of @id: the record and consent from @gallery, descriptors'
 * metadata, and @held (wf_store_query_employee (): attendance, events,
 * audit), crossings picked from the events.  WF_GALLERY_ERROR_NOT_FOUND
 * when there is no such employee. */
JsonObject *  wf_export_employee      (WfGallery * gallery,
                                       const gchar * id,
                                       JsonObject * held,
                                       GError ** error);

G_END_DECLS
