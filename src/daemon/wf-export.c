/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-export.h"
#include "wf-meta.h"
#include "wf-store.h"

JsonObject *
wf_export_consent_json (const WfEmployee * e)
{
  JsonObject *c = json_object_new ();

  json_object_set_boolean_member (c, "given", e->consent);
  if (e->consent_date) {
    g_autofree gchar *date = wf_iso8601_from_ms (e->consent_date * 1000);
    json_object_set_string_member (c, "date", date);
  } else {
    json_object_set_null_member (c, "date");
  }
  if (e->consent_note)
    json_object_set_string_member (c, "note", e->consent_note);
  else
    json_object_set_null_member (c, "note");
  return c;
}

JsonObject *
wf_export_employee_json (const WfEmployee * e)
{
  JsonObject *o = json_object_new ();
  g_autofree gchar *created = wf_iso8601_from_ms (e->created * 1000);

  json_object_set_string_member (o, "id", e->id);
  json_object_set_string_member (o, "name", e->name);
  json_object_set_string_member (o, "created", created);
  json_object_set_int_member (o, "descriptors", e->n_descriptors);
  json_object_set_int_member (o, "photos", e->n_photos);
  json_object_set_object_member (o, "consent", wf_export_consent_json (e));
  return o;
}

/* Descriptors' metadata, not their values: the 128 numbers are the
 * biometric template itself, of no use to the person and a risk in a file
 * that travels; count, source, detector, box and date say what is held. */
JsonArray *
wf_export_descriptors_json (GArray * list)
{
  JsonArray *a = json_array_new ();

  for (guint i = 0; i < list->len; i++) {
    WfDescriptorInfo *d = &g_array_index (list, WfDescriptorInfo, i);
    JsonObject *o = json_object_new ();
    g_autofree gchar *created = wf_iso8601_from_ms (d->created * 1000);

    json_object_set_int_member (o, "id", d->id);
    json_object_set_string_member (o, "created", created);
    json_object_set_string_member (o, "source", d->source);
    json_object_set_string_member (o, "detector", d->detector);
    json_object_set_double_member (o, "box_x", d->box.x);
    json_object_set_double_member (o, "box_y", d->box.y);
    json_object_set_double_member (o, "box_w", d->box.w);
    json_object_set_double_member (o, "box_h", d->box.h);
    json_object_set_boolean_member (o, "photo_stored", d->has_photo);
    if (d->photo_type)
      json_object_set_string_member (o, "photo_type", d->photo_type);
    json_array_add_object_element (a, o);
  }
  return a;
}

/* The pictures among @list, by descriptor: where each came from. */
static JsonArray *
pictures_json (GArray * list)
{
  JsonArray *a = json_array_new ();

  for (guint i = 0; i < list->len; i++) {
    WfDescriptorInfo *d = &g_array_index (list, WfDescriptorInfo, i);
    JsonObject *o;

    if (!d->has_photo)
      continue;
    o = json_object_new ();
    json_object_set_int_member (o, "descriptor", d->id);
    json_object_set_string_member (o, "source", d->source);
    json_object_set_string_member (o, "type", d->photo_type ?
        d->photo_type : "application/octet-stream");
    json_object_set_string_member (o, "stored_in", "gallery");
    json_array_add_object_element (a, o);
  }
  return a;
}

static JsonArray *
held_array (JsonObject * held, const gchar * member)
{
  JsonArray *a = held ? json_object_get_array_member (held, member) : NULL;

  return a ? json_array_ref (a) : json_array_new ();
}

JsonObject *
wf_export_employee (WfGallery * gallery, const gchar * id,
    JsonObject * held, GError ** error)
{
  g_autoptr (GArray) desc = NULL;
  g_autoptr (JsonObject) o = json_object_new ();
  g_autofree gchar *now = wf_iso8601_from_ms (g_get_real_time () / 1000);
  JsonArray *events, *crossings;
  WfEmployee e = { 0 };

  if (!wf_gallery_get_employee (gallery, id, &e, error))
    return NULL;
  desc = wf_gallery_list_descriptors (gallery, id, error);
  if (!desc) {
    wf_employee_clear (&e);
    return NULL;
  }
  json_object_set_string_member (o, "exported", now);
  json_object_set_object_member (o, "employee", wf_export_employee_json (&e));
  json_object_set_object_member (o, "consent", wf_export_consent_json (&e));
  wf_employee_clear (&e);
  json_object_set_array_member (o, "descriptors", wf_export_descriptors_json (desc));
  json_object_set_array_member (o, "attendance", held_array (held,
          "attendance"));
  events = held_array (held, "events");
  crossings = json_array_new ();
  for (guint i = 0; i < json_array_get_length (events); i++) {
    JsonObject *ev = json_array_get_object_element (events, i);
    if (g_strcmp0 (json_object_get_string_member_with_default (ev, "type",
                NULL), WF_EVENT_LINE_CROSS) == 0)
      json_array_add_object_element (crossings, json_object_ref (ev));
  }
  json_object_set_array_member (o, "crossings", crossings);
  json_object_set_array_member (o, "events", events);
  json_object_set_array_member (o, "audit", held_array (held, "audit"));
  /* their pictures: enrolment photos kept with the descriptors, which
   * include the crops of unknown faces enrolled into them (the review
   * loop); crops not enrolled are nobody's yet */
  json_object_set_array_member (o, "stored_pictures", pictures_json (desc));
  return g_steal_pointer (&o);
}
