/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Employees: list, enrol from photos, show, forget. */
#include "config.h"
#include "wf-api-private.h"
#include "wf-enrol.h"

#include <string.h>

/* ---- employees ---- */

static JsonObject *
employee_json (const WfEmployee * e)
{
  JsonObject *o = json_object_new ();
  g_autofree gchar *created = wf_iso8601_from_ms (e->created * 1000);

  json_object_set_string_member (o, "id", e->id);
  json_object_set_string_member (o, "name", e->name);
  json_object_set_string_member (o, "created", created);
  json_object_set_int_member (o, "descriptors", e->n_descriptors);
  json_object_set_int_member (o, "photos", e->n_photos);
  return o;
}

/* Replies for a gallery error: what is wrong, without the gallery's path
 * (a client has no business knowing where files are), which goes to the
 * log instead. */
static void
gallery_error (WfGallery * gallery, SoupServerMessage * msg, GError * err)
{
  const gchar *path = gallery ? wf_gallery_get_path (gallery) : NULL;
  g_autofree gchar *text = NULL;

  g_message ("gallery: %s", err->message);
  if (path && *path) {
    g_autoptr (GString) s = g_string_new (err->message);
    g_autofree gchar *in = g_strconcat (" in ", path, NULL);
    g_autofree gchar *prefix = g_strconcat (path, ": ", NULL);

    g_string_replace (s, in, "", 0);
    g_string_replace (s, prefix, "", 0);
    g_string_replace (s, path, "the gallery", 0);
    text = g_string_free (g_steal_pointer (&s), FALSE);
  } else {
    text = g_strdup (err->message);
  }
  if (g_error_matches (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND))
    wf_api_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "%s", text);
  else if (g_error_matches (err, WF_GALLERY_ERROR,
          WF_GALLERY_ERROR_DUPLICATE))
    wf_api_error_field (msg, SOUP_STATUS_CONFLICT, "conflict", "id", "%s",
        text);
  else if (g_error_matches (err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_INVALID))
    wf_api_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "%s", text);
  else
    wf_api_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
        "the gallery failed: %s", text);
}

/* A photo of the request, borrowed from its body. */
typedef struct
{
  GBytes *data;
  gchar *filename;
} Photo;

static void
photo_free (Photo * p)
{
  g_bytes_unref (p->data);
  g_free (p->filename);
  g_free (p);
}

/* An id from a name: lower case, runs of other characters as '-'. */
static gchar *
slug (const gchar * name)
{
  GString *s = g_string_new (NULL);

  for (const gchar * p = name; *p && s->len < 64; p++) {
    if (g_ascii_isalnum (*p))
      g_string_append_c (s, g_ascii_tolower (*p));
    else if (s->len && s->str[s->len - 1] != '-')
      g_string_append_c (s, '-');
  }
  while (s->len && s->str[s->len - 1] == '-')
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

/* Reads name, id and photos from a multipart form or a raw image body.
 * Responds and returns FALSE on bad input. */
static gboolean
read_enrolment (SoupServerMessage * msg, GHashTable * query, gchar ** name,
    gchar ** id, GPtrArray * photos)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const gchar *ct = soup_message_headers_get_content_type (h, NULL);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);

  if (ct && g_ascii_strcasecmp (ct, "multipart/form-data") == 0) {
    SoupMultipart *mp = soup_multipart_new_from_message (h, bytes);
    if (!mp) {
      wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "body",
          "malformed multipart/form-data body");
      return FALSE;
    }
    for (int i = 0; i < soup_multipart_get_length (mp); i++) {
      SoupMessageHeaders *ph;
      GBytes *pb;
      g_autofree gchar *disp = NULL;
      g_autoptr (GHashTable) params = NULL;
      const gchar *field;

      if (!soup_multipart_get_part (mp, i, &ph, &pb) ||
          !soup_message_headers_get_content_disposition (ph, &disp, &params))
        continue;
      field = g_hash_table_lookup (params, "name");
      if (!field)
        continue;
      if (g_str_equal (field, "name") || g_str_equal (field, "id")) {
        gsize n;
        const gchar *d = g_bytes_get_data (pb, &n);
        gchar *v = g_strndup (d, n);
        if (!g_utf8_validate (v, -1, NULL)) {
          g_free (v);
          soup_multipart_free (mp);
          wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
              field, "%s must be UTF-8 text", field);
          return FALSE;
        }
        g_strstrip (v);
        g_free (g_str_equal (field, "name") ? *name : *id);
        *(g_str_equal (field, "name") ? name : id) = v;
      } else if (g_str_equal (field, "photo")) {
        Photo *p = g_new0 (Photo, 1);
        p->data = g_bytes_ref (pb);
        p->filename = g_strdup (g_hash_table_lookup (params, "filename"));
        g_ptr_array_add (photos, p);
      }
    }
    soup_multipart_free (mp);
  } else if (ct && (g_ascii_strcasecmp (ct, "image/jpeg") == 0 ||
          g_ascii_strcasecmp (ct, "image/png") == 0)) {
    Photo *p = g_new0 (Photo, 1);
    p->data = g_bytes_ref (bytes);
    g_ptr_array_add (photos, p);
    *name = g_strdup (wf_api_query (query, "name"));
    *id = g_strdup (wf_api_query (query, "id"));
  } else {
    wf_api_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type", "upload photos as multipart/form-data "
        "(fields name, id, photo) or as an image/jpeg or image/png body");
    return FALSE;
  }
  for (guint i = 0; i < photos->len; i++) {
    Photo *p = g_ptr_array_index (photos, i);
    gsize n;
    const guint8 *d = g_bytes_get_data (p->data, &n);
    if (!wf_enrol_sniff (d, n)) {
      wf_api_error_field (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
          "unsupported-media-type", "photo", "photo %u%s%s%s is not a JPEG "
          "or PNG image", i + 1, p->filename ? " (" : "",
          p->filename ? p->filename : "", p->filename ? ")" : "");
      return FALSE;
    }
  }
  if (!*name || !**name || g_utf8_strlen (*name, -1) > 200) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "name",
        "name is required (1-200 characters)");
    return FALSE;
  }
  if (!*id)
    *id = slug (*name);
  if (!wf_camera_id_is_valid (*id)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "id",
        "id must be 1-64 letters, digits, '_', '.' or '-', not "
        "only dots");
    return FALSE;
  }
  if (photos->len == 0) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "photo",
        "at least one photo is required");
    return FALSE;
  }
  return TRUE;
}

static gboolean
find_employee (WfGallery * gallery, const gchar * id, WfEmployee * out,
    GError ** error)
{
  g_autoptr (GArray) list = wf_gallery_list (gallery, error);

  if (!list)
    return FALSE;
  for (guint i = 0; i < list->len; i++) {
    WfEmployee *e = &g_array_index (list, WfEmployee, i);
    if (g_str_equal (e->id, id)) {
      out->id = g_strdup (e->id);
      out->name = g_strdup (e->name);
      out->created = e->created;
      out->n_descriptors = e->n_descriptors;
      out->n_photos = e->n_photos;
      return TRUE;
    }
  }
  g_set_error (error, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND,
      "no employee '%s'", id);
  return FALSE;
}

/* An enrolment waiting for the enrolment worker (wf-enrol.h): the message
 * stays paused meanwhile, so the main loop serves other requests. */
typedef struct
{
  WfApi *api;
  SoupServerMessage *msg;
  gchar *name;
  gchar *id;
  GPtrArray *photos;            /* Photo */
} Enrolment;

static void
enrolment_free (Enrolment * en)
{
  g_object_unref (en->api);
  g_object_unref (en->msg);
  g_free (en->name);
  g_free (en->id);
  g_ptr_array_unref (en->photos);
  g_free (en);
}

static void
enrol_error (SoupServerMessage * msg, const Photo * p, guint i, GError * err)
{
  if (g_error_matches (err, WF_ENROL_ERROR, WF_ENROL_ERROR_NOT_IMAGE))
    wf_api_error_field (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type", "photo", "photo %u: %s", i + 1,
        err->message);
  else if (g_error_matches (err, WF_ENROL_ERROR, WF_ENROL_ERROR_TOO_LARGE))
    wf_api_error_field (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
        "payload-too-large", "photo", "photo %u%s%s%s: %s", i + 1,
        p->filename ? " (" : "", p->filename ? p->filename : "",
        p->filename ? ")" : "", err->message);
  else if (g_error_matches (err, WF_ENROL_ERROR, WF_ENROL_ERROR_BUSY)) {
    soup_message_headers_replace (soup_server_message_get_response_headers
        (msg), "Retry-After", "5");
    wf_api_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", "%s",
        err->message);
  } else if (g_error_matches (err, WF_ENROL_ERROR, WF_ENROL_ERROR_UNAVAILABLE)
      || (err->domain != WF_ENROL_ERROR))
    wf_api_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", "%s",
        err->message);
  else
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
        "photo", "photo %u%s%s%s: %s", i + 1, p->filename ? " (" : "",
        p->filename ? p->filename : "", p->filename ? ")" : "",
        err->message);
}

static void
enrolment_described (GObject * source, GAsyncResult * res, gpointer data)
{
  Enrolment *en = data;
  WfApi *self = en->api;
  SoupServerMessage *msg = en->msg;
  g_autoptr (GError) err = NULL;
  g_autoptr (GArray) faces = NULL;
  g_autofree WfEnrolSample *samples = NULL;
  WfEmployee e = { 0 };
  guint failed = 0;

  (void) source;
  faces = wf_enrol_describe_finish (res, &failed, &err);
  if (!faces) {
    enrol_error (msg, g_ptr_array_index (en->photos, MIN (failed,
                en->photos->len - 1)), failed, err);
    goto out;
  }
  samples = g_new0 (WfEnrolSample, faces->len);
  for (guint i = 0; i < faces->len; i++) {
    Photo *p = g_ptr_array_index (en->photos, i);
    WfEnrolFace *f = &g_array_index (faces, WfEnrolFace, i);

    samples[i].descriptor = f->descriptor;
    samples[i].source = p->filename ? p->filename : "upload";
    samples[i].detector = "hog";
    samples[i].box = f->box;
  }
  if (!wf_gallery_enroll (self->gallery, en->id, en->name, samples,
          faces->len, &err) || !find_employee (self->gallery, en->id, &e,
          &err)) {
    gallery_error (self->gallery, msg, err);
    goto out;
  }
  {
    g_autoptr (JsonObject) o = employee_json (&e);
    g_autofree gchar *location = g_strdup_printf (API "/employees/%s",
        en->id);
    JsonObject *d = json_object_new ();
    json_object_set_string_member (d, "name", en->name);
    wf_monitor_post_event (self->monitor, "employee-enrolled", NULL, en->id,
        d);
    soup_message_headers_replace (soup_server_message_get_response_headers
        (msg), "Location", location);
    wf_api_send_object (msg, SOUP_STATUS_CREATED, o);
  }
  wf_employee_clear (&e);

out:
  soup_server_message_unpause (msg);
  enrolment_free (en);
}

static void
post_employee (WfApi * self, SoupServerMessage * msg, GHashTable * query)
{
  Enrolment *en = g_new0 (Enrolment, 1);
  g_autoptr (GPtrArray) bytes = g_ptr_array_new_with_free_func
      ((GDestroyNotify) g_bytes_unref);

  en->api = g_object_ref (self);
  en->msg = g_object_ref (msg);
  en->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) photo_free);
  if (!read_enrolment (msg, query, &en->name, &en->id, en->photos)) {
    enrolment_free (en);
    return;
  }
  for (guint i = 0; i < en->photos->len; i++)
    g_ptr_array_add (bytes, g_bytes_ref (((Photo *)
                g_ptr_array_index (en->photos, i))->data));
  /* decoded and described off the main loop; answered when done */
  soup_server_message_pause (msg);
  wf_enrol_describe_async (bytes, NULL, enrolment_described, en);
}

void
wf_api_handle_employees (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  g_auto (GStrv) seg = wf_api_path_segments (path, API "/employees");
  guint n = seg ? g_strv_length (seg) : 99;
  const gchar *method = soup_server_message_get_method (msg);
  g_autoptr (GError) err = NULL;

  if (n > 1 || (n == 1 && !wf_camera_id_is_valid (seg[0]))) {
    wf_api_not_found (msg);
    return;
  }
  if (!wf_api_accept (self, msg, n == 0 ? "GET,POST" : "GET,DELETE"))
    return;
  if (!self->gallery) {
    wf_api_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
        "the employee gallery could not be opened (see the log)");
    return;
  }
  if (n == 0 && g_str_equal (method, "POST")) {
    post_employee (self, msg, query);
  } else if (n == 0) {
    g_autoptr (GArray) list = wf_gallery_list (self->gallery, &err);
    g_autoptr (JsonObject) o = NULL;
    JsonArray *a;

    if (!list) {
      gallery_error (self->gallery, msg, err);
      return;
    }
    o = json_object_new ();
    a = json_array_new ();
    for (guint i = 0; i < list->len; i++)
      json_array_add_object_element (a, employee_json (&g_array_index (list,
                  WfEmployee, i)));
    json_object_set_array_member (o, "employees", a);
    wf_api_send_object (msg, SOUP_STATUS_OK, o);
  } else if (g_str_equal (method, "DELETE")) {
    if (!wf_gallery_remove (self->gallery, seg[0], &err)) {
      gallery_error (self->gallery, msg, err);
      return;
    }
    /* Descriptors are gone; now the history. */
    wf_monitor_forget_employee (self->monitor, seg[0]);
    wf_store_forget_employee (wf_monitor_get_store (self->monitor), seg[0],
        NULL);
    wf_monitor_post_event (self->monitor, "employee-deleted", NULL, NULL,
        NULL);
    soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  } else {
    WfEmployee e = { 0 };
    g_autoptr (JsonObject) o = NULL;
    if (!find_employee (self->gallery, seg[0], &e, &err)) {
      gallery_error (self->gallery, msg, err);
      return;
    }
    o = employee_json (&e);
    wf_employee_clear (&e);
    wf_api_send_object (msg, SOUP_STATUS_OK, o);
  }
}
