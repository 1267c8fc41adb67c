/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Unknown faces (the review loop, docs/privacy.md): the groups of stored
 * crops, a crop's picture, enrolment of a group as a new or an existing
 * employee, and discarding a group. */
#include "config.h"
#include "wf-api-private.h"
#include "wf-export.h"
#include "wf-gallery-faces.h"
#include "wf-privacy-config.h"
#include "wf-unknowns.h"

/* The rule that groups crops: the gallery's match threshold. */
#define GROUP_THRESHOLD WF_GALLERY_DEFAULT_THRESHOLD

/* The store, or NULL after answering 503 with the reason. */
static WfUnknowns *
unknowns_or_explain (WfApi * self, SoupServerMessage * msg)
{
  WfUnknowns *u = wf_monitor_get_unknowns (self->monitor);

  if (!u)
    wf_api_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
        "unknown faces are not stored: set [privacy] store-unknown-crops = "
        "true (a build with face recognition and a gallery is needed; see "
        "docs/privacy.md)");
  return u;
}

static JsonObject *
group_json (const WfUnknownGroup * g)
{
  JsonObject *o = json_object_new ();
  JsonArray *crops = json_array_new ();
  JsonArray *cams = json_array_new ();
  g_autofree gchar *url = g_strdup_printf (API "/face-crops/%s.jpg", g->best);

  json_object_set_string_member (o, "id", g->id);
  json_object_set_string_member (o, "best_crop", g->best);
  json_object_set_string_member (o, "best_crop_url", url);
  for (guint i = 0; i < g->crops->len; i++)
    json_array_add_string_element (crops, g_ptr_array_index (g->crops, i));
  for (guint i = 0; i < g->cameras->len; i++)
    json_array_add_string_element (cams, g_ptr_array_index (g->cameras, i));
  json_object_set_array_member (o, "crops", crops);
  json_object_set_array_member (o, "cameras", cams);
  json_object_set_int_member (o, "count", g->crops->len);
  wf_json_set_iso8601 (o, "first_seen", g->first_seen_ms);
  wf_json_set_iso8601 (o, "last_seen", g->last_seen_ms);
  return o;
}

static void
list_groups (WfApi * self, SoupServerMessage * msg, WfUnknowns * u)
{
  g_autoptr (GArray) groups = wf_unknowns_groups (u, GROUP_THRESHOLD);
  g_autoptr (JsonObject) o = json_object_new ();
  JsonArray *a = json_array_new ();

  for (guint i = 0; i < groups->len; i++)
    json_array_add_object_element (a, group_json (&g_array_index (groups,
                WfUnknownGroup, i)));
  json_object_set_array_member (o, "groups", a);
  json_object_set_double_member (o, "threshold", GROUP_THRESHOLD);
  json_object_set_int_member (o, "keep_seconds", wf_config_get_privacy
      (wf_monitor_get_config (self->monitor))->retention.seconds
      [WF_RETAIN_UNKNOWN_CROPS]);
  wf_api_send_object (msg, SOUP_STATUS_OK, o);
}

/* The enrolment request: a new employee (name, optional id, consent,
 * consent_note) or an existing one (employee).  Responds 400 and returns
 * FALSE when it does not read. */
typedef struct
{
  const gchar *name;
  const gchar *id;
  const gchar *employee;
  const gchar *note;
  gboolean consent;
  gboolean stated;
} EnrolRequest;

static gboolean
read_request (SoupServerMessage * msg, JsonObject * o, EnrolRequest * r)
{
  static const gchar *const strings[] = { "name", "id", "employee",
    "consent_note", NULL
  };
  g_autoptr (GList) members = json_object_get_members (o);

  for (GList * l = members; l; l = l->next) {
    const gchar *f = l->data;
    JsonNode *n = json_object_get_member (o, f);
    gboolean flag = g_str_equal (f, "consent");

    if (!flag && !g_strv_contains (strings, f)) {
      wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", f,
          "unknown field '%s' (known: name, id, consent, consent_note or "
          "employee)", f);
      return FALSE;
    }
    if (flag ? json_node_get_value_type (n) != G_TYPE_BOOLEAN :
        json_node_get_value_type (n) != G_TYPE_STRING) {
      wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", f,
          "%s must be %s", f, flag ? "true or false" : "a string");
      return FALSE;
    }
  }
  r->name = json_object_get_string_member_with_default (o, "name", NULL);
  r->id = json_object_get_string_member_with_default (o, "id", NULL);
  r->employee = json_object_get_string_member_with_default (o, "employee",
      NULL);
  r->note = json_object_get_string_member_with_default (o, "consent_note",
      NULL);
  r->stated = json_object_has_member (o, "consent");
  r->consent = json_object_get_boolean_member_with_default (o, "consent",
      TRUE);
  if (!!r->employee == !!r->name) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
        r->employee ? "employee" : "name", "give either name (a new "
        "employee) or employee (the id of an enrolled one)");
    return FALSE;
  }
  if (r->employee && (r->id || r->stated || r->note)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
        "employee", "id, consent and consent_note are for a new employee; "
        "an existing one keeps their own");
    return FALSE;
  }
  if (r->employee && !wf_camera_id_is_valid (r->employee)) {
    wf_api_error_field (msg, SOUP_STATUS_NOT_FOUND, "not-found", "employee",
        "no such employee");
    return FALSE;
  }
  if (r->name && (!*r->name || g_utf8_strlen (r->name, -1) > 200)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "name",
        "name is required (1-200 characters)");
    return FALSE;
  }
  if (r->note && !r->stated) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
        "consent", "consent_note needs consent");
    return FALSE;
  }
  return TRUE;
}

/* POST unknown-faces/{id}/enrol: the group's descriptors (and crops, as
 * the employee's enrolment faces) into the gallery, then the crops go. */
static void
enrol_group (WfApi * self, SoupServerMessage * msg, WfUnknowns * u,
    const gchar * gid)
{
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) jpegs = g_ptr_array_new_with_free_func
      ((GDestroyNotify) g_bytes_unref);
  g_autofree WfEnrolSample *samples = NULL;
  g_autofree gchar *slug = NULL;
  g_autoptr (JsonObject) reply = NULL;
  WfGalleryConsent consent = { TRUE, 0, NULL };
  WfUnknownGroup g;
  EnrolRequest r = { 0 };
  WfEmployee e = { 0 };
  const gchar *id;
  gboolean created;
  JsonObject *ev;

  if (!self->gallery) {
    wf_api_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
        "the employee gallery could not be opened (see the log)");
    return;
  }
  if (!(body = wf_api_parse_json_body (msg)) || !read_request (msg, body, &r))
    return;
  if (r.name && !r.stated && wf_config_get_privacy (wf_monitor_get_config
          (self->monitor))->require_consent) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
        "consent", "[privacy] require-consent: state consent (true or "
        "false) at enrolment");
    return;
  }
  if (!wf_unknowns_group_of (u, gid, GROUP_THRESHOLD, &g)) {
    wf_api_error (msg, SOUP_STATUS_NOT_FOUND, "not-found",
        "no unknown face '%s' (removed, enrolled or past its retention)", gid);
    return;
  }
  samples = g_new0 (WfEnrolSample, g.crops->len);
  for (guint i = 0; i < g.crops->len; i++) {
    const gchar *cid = g_ptr_array_index (g.crops, i);
    const WfUnknownCrop *c = wf_unknowns_lookup (u, cid);
    GBytes *jpeg = wf_unknowns_read_jpeg (u, cid, NULL);

    samples[i].descriptor = c->descriptor;
    samples[i].source = "unknown-face crop";
    samples[i].detector = "hog";
    if (jpeg) {
      g_ptr_array_add (jpegs, jpeg);
      samples[i].photo = g_bytes_get_data (jpeg, &samples[i].photo_size);
      samples[i].photo_type = "image/jpeg";
    }
  }
  created = r.name != NULL;
  if (created) {
    slug = r.id ? g_strdup (r.id) : wf_api_id_from_name (r.name);
    if (!wf_camera_id_is_valid (slug)) {
      wf_unknown_group_clear (&g);
      wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "id",
          "id must be 1-64 letters, digits, '_', '.' or '-', not only dots");
      return;
    }
    consent.given = r.consent;
    consent.note = r.note;
    id = slug;
  } else {
    id = r.employee;
  }
  if (!(created ? wf_gallery_enroll_with_consent (self->gallery, id, r.name,
              r.stated ? &consent : NULL, samples, g.crops->len, &err) :
          wf_gallery_add_samples (self->gallery, id, samples, g.crops->len,
              &err)) || !wf_gallery_get_employee (self->gallery, id, &e,
          &err)) {
    wf_unknown_group_clear (&g);
    if (!created && g_error_matches (err, WF_GALLERY_ERROR,
            WF_GALLERY_ERROR_NOT_FOUND))
      wf_api_error_field (msg, SOUP_STATUS_NOT_FOUND, "not-found",
          "employee", "no employee '%s'", id);
    else
      wf_api_gallery_error (self->gallery, msg, err);
    return;
  }
  /* in the gallery now (its photos): the crops' files go */
  for (guint i = 0; i < g.crops->len; i++)
    wf_unknowns_remove (u, g_ptr_array_index (g.crops, i));
  ev = json_object_new ();
  json_object_set_string_member (ev, "from", "unknown-faces");
  json_object_set_int_member (ev, "faces", g.crops->len);
  /* events go out live and to MQTT: no name of someone without consent */
  if (e.consent) {
    json_object_set_string_member (ev, "name", e.name);
    wf_monitor_allow_employee (self->monitor, id);
  } else {
    wf_monitor_forget_employee (self->monitor, id);
  }
  wf_monitor_post_event (self->monitor, "employee-enrolled", NULL, id, ev);
  reply = wf_export_employee_json (&e);
  if (created) {
    g_autofree gchar *location = g_strdup_printf (API "/employees/%s", id);
    soup_message_headers_replace (soup_server_message_get_response_headers
        (msg), "Location", location);
  }
  wf_api_send_object (msg, created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK,
      reply);
  wf_employee_clear (&e);
  wf_unknown_group_clear (&g);
}

static void
discard_group (SoupServerMessage * msg, WfUnknowns * u, const gchar * gid)
{
  WfUnknownGroup g;

  if (!wf_unknowns_group_of (u, gid, GROUP_THRESHOLD, &g)) {
    wf_api_error (msg, SOUP_STATUS_NOT_FOUND, "not-found",
        "no unknown face '%s'", gid);
    return;
  }
  for (guint i = 0; i < g.crops->len; i++)
    wf_unknowns_remove (u, g_ptr_array_index (g.crops, i));
  wf_unknown_group_clear (&g);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

void
wf_api_handle_unknown_faces (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  g_auto (GStrv) seg = wf_api_path_segments (path, API "/unknown-faces");
  guint n = seg ? g_strv_length (seg) : 99;
  const gchar *method = soup_server_message_get_method (msg);
  WfUnknowns *u;

  /* ids are checked before anything is looked up or a path made */
  if (n > 2 || (n >= 1 && !wf_unknowns_id_is_valid (seg[0])) || (n == 2 &&
          !g_str_equal (seg[1], "enrol"))) {
    wf_api_not_found (msg);
    return;
  }
  if (!wf_api_accept (self, msg, n == 0 ? "GET" : n == 2 ? "POST" :
          "DELETE"))
    return;
  if (!(u = unknowns_or_explain (self, msg)))
    return;
  /* employees enrolled or withdrawn since a crop was taken: theirs go
   * before anything is shown or enrolled */
  wf_unknown_collector_sweep (wf_monitor_get_unknown_collector
      (self->monitor));
  if (n == 0)
    list_groups (self, msg, u);
  else if (n == 2)
    enrol_group (self, msg, u, seg[0]);
  else if (g_str_equal (method, "DELETE"))
    discard_group (msg, u, seg[0]);
}

void
wf_api_handle_face_crops (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  g_auto (GStrv) seg = wf_api_path_segments (path, API "/face-crops");
  g_autofree gchar *id = NULL;
  g_autoptr (GBytes) jpeg = NULL;
  WfUnknowns *u;

  if (!seg || g_strv_length (seg) != 1 || !g_str_has_suffix (seg[0], ".jpg")
      || !wf_unknowns_id_is_valid (id = g_strndup (seg[0],
              strlen (seg[0]) - 4))) {
    wf_api_not_found (msg);
    return;
  }
  if (!wf_api_accept (self, msg, "GET"))
    return;
  if (!(u = unknowns_or_explain (self, msg)))
    return;
  if (!(jpeg = wf_unknowns_read_jpeg (u, id, NULL))) {
    wf_api_error (msg, SOUP_STATUS_NOT_FOUND, "not-found",
        "no face crop '%s'", id);
    return;
  }
  soup_message_headers_replace (soup_server_message_get_response_headers
      (msg), "Cache-Control", "no-store");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "image/jpeg", SOUP_MEMORY_COPY,
      g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
}
