/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* Employees: list, enrol from photos, show, change consent, forget. */
#include "config.h"
#include "wf-api-private.h"
#include "wf-enrol.h"
#include "wf-export.h"
#include "wf-gallery-faces.h"

#include <string.h>

/* ---- employees ---- */

static JsonObject *
employee_json (const WfEmployee * e)
{
  return wf_export_employee_json (e);
}

/* "true"/"false" (also yes/no, 1/0) of a form field or query parameter. */
static gboolean
parse_flag (const gchar * v, gboolean * out)
{
  if (!g_ascii_strcasecmp (v, "true") || !g_ascii_strcasecmp (v, "yes") ||
      g_str_equal (v, "1"))
    *out = TRUE;
  else if (!g_ascii_strcasecmp (v, "false") || !g_ascii_strcasecmp (v, "no")
      || g_str_equal (v, "0"))
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

/* A consent date: YYYY-MM-DD (local midnight) or ISO 8601 with a zone;
 * not in the future.  0 and FALSE when unreadable. */
static gboolean
parse_consent_date (const gchar * v, gint64 * out)
{
  g_autoptr (GDateTime) dt = NULL;
  GDate d;

  if (wf_api_parse_day (v, &d))
    dt = g_date_time_new_local (g_date_get_year (&d), g_date_get_month (&d),
        g_date_get_day (&d), 0, 0, 0);
  else
    dt = g_date_time_new_from_iso8601 (v, NULL);
  if (!dt || g_date_time_to_unix (dt) <= 0 ||
      g_date_time_to_unix (dt) > g_get_real_time () / G_USEC_PER_SEC + 60)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

/* The consent fields of an enrolment, as text ("consent", "consent_date",
 * "consent_note"), as sent. */
typedef struct
{
  gchar *consent;
  gchar *date;
  gchar *note;
} ConsentFields;

static void
consent_fields_clear (ConsentFields * f)
{
  g_free (f->consent);
  g_free (f->date);
  g_free (f->note);
}

/* Responds 400 and returns FALSE when a field does not read; @out->note
 * points into @f.  @prefix: of the date and note fields' names, as the
 * request spells them ("consent_" in a form, "" in a PATCH). */
static gboolean
read_consent_fields (SoupServerMessage * msg, const ConsentFields * f,
    const gchar * prefix, WfGalleryConsent * out, gboolean * stated)
{
  g_autofree gchar *date_field = g_strconcat (prefix, "date", NULL);

  *stated = f->consent != NULL;
  out->given = TRUE;
  out->date = 0;
  out->note = f->note;
  if (f->consent && !parse_flag (f->consent, &out->given)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
        "consent", "consent must be true or false");
    return FALSE;
  }
  if ((f->date || f->note) && !f->consent) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
        "consent", "%sdate and %snote need consent", prefix, prefix);
    return FALSE;
  }
  if (f->date && !parse_consent_date (f->date, &out->date)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
        date_field, "%s must be YYYY-MM-DD or ISO 8601 with a zone, not in "
        "the future", date_field);
    return FALSE;
  }
  return TRUE;
}

/* Replies for a gallery error: what is wrong, without the gallery's path
 * (a client has no business knowing where files are), which goes to the
 * log instead. */
void
wf_api_gallery_error (WfGallery * gallery, SoupServerMessage * msg,
    GError * err)
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

gchar *
wf_api_id_from_name (const gchar * name)
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

/* Reads name, id, largest and photos from a multipart form or a raw image
 * body.  Responds and returns FALSE on bad input. */
static gboolean
read_enrolment (SoupServerMessage * msg, GHashTable * query, gchar ** name,
    gchar ** id, gchar ** largest, ConsentFields * consent,
    GPtrArray * photos)
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

      if (!soup_multipart_get_part (mp, i, &ph, &pb))
        continue;
      /* libsoup 3.2 gives a part whose headers end inside the next
       * delimiter a length of 2^64 - 2 (tests/fuzz/fuzz-multipart.c): its
       * copy would abort the daemon. */
      if (g_bytes_get_size (pb) > g_bytes_get_size (bytes)) {
        soup_multipart_free (mp);
        wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
            "body", "malformed multipart/form-data body");
        return FALSE;
      }
      if (!soup_message_headers_get_content_disposition (ph, &disp, &params))
        continue;
      field = g_hash_table_lookup (params, "name");
      if (!field)
        continue;
      if (g_str_equal (field, "name") || g_str_equal (field, "id") ||
          g_str_equal (field, "largest") ||
          g_str_has_prefix (field, "consent")) {
        gsize n;
        const gchar *d = g_bytes_get_data (pb, &n);
        gchar **slot = g_str_equal (field, "name") ? name :
            g_str_equal (field, "id") ? id :
            g_str_equal (field, "largest") ? largest :
            g_str_equal (field, "consent") ? &consent->consent :
            g_str_equal (field, "consent_date") ? &consent->date :
            g_str_equal (field, "consent_note") ? &consent->note : NULL;
        gchar *v;

        if (!slot)
          continue;
        v = g_strndup (d, n);
        if (!g_utf8_validate (v, -1, NULL)) {
          g_free (v);
          soup_multipart_free (mp);
          wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
              field, "%s must be UTF-8 text", field);
          return FALSE;
        }
        g_strstrip (v);
        g_free (*slot);
        *slot = v;
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
    *largest = g_strdup (wf_api_query (query, "largest"));
    consent->consent = g_strdup (wf_api_query (query, "consent"));
    consent->date = g_strdup (wf_api_query (query, "consent_date"));
    consent->note = g_strdup (wf_api_query (query, "consent_note"));
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
    *id = wf_api_id_from_name (*name);
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


/* An enrolment waiting for the enrolment worker (wf-enrol.h): the message
 * stays paused meanwhile, so the main loop serves other requests. */
typedef struct
{
  WfApi *api;
  SoupServerMessage *msg;
  gchar *name;
  gchar *id;
  gchar *largest;               /* as sent */
  ConsentFields consent;        /* as sent */
  WfGalleryConsent statement;   /* as read; its note points into consent */
  gboolean stated;              /* consent was sent */
  GPtrArray *photos;            /* Photo */
} Enrolment;

static void
enrolment_free (Enrolment * en)
{
  g_object_unref (en->api);
  g_object_unref (en->msg);
  g_free (en->name);
  g_free (en->id);
  g_free (en->largest);
  consent_fields_clear (&en->consent);
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
  if (!wf_gallery_enroll_with_consent (self->gallery, en->id, en->name,
          en->stated ? &en->statement : NULL, samples, faces->len, &err) ||
      !wf_gallery_get_employee (self->gallery, en->id, &e, &err)) {
    wf_api_gallery_error (self->gallery, msg, err);
    goto out;
  }
  {
    g_autoptr (JsonObject) o = employee_json (&e);
    g_autofree gchar *location = g_strdup_printf (API "/employees/%s",
        en->id);
    JsonObject *d = json_object_new ();
    /* events go out live and to MQTT: no name of someone without consent */
    if (e.consent) {
      json_object_set_string_member (d, "name", en->name);
      wf_monitor_allow_employee (self->monitor, en->id);
    } else {
      wf_monitor_forget_employee (self->monitor, en->id);
    }
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
  gboolean largest = TRUE;

  en->api = g_object_ref (self);
  en->msg = g_object_ref (msg);
  en->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) photo_free);
  if (!read_enrolment (msg, query, &en->name, &en->id, &en->largest,
          &en->consent, en->photos) || !read_consent_fields (msg, &en->consent,
          "consent_", &en->statement, &en->stated)) {
    enrolment_free (en);
    return;
  }
  if (en->largest && !parse_flag (en->largest, &largest)) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
        "largest", "largest must be true or false");
    enrolment_free (en);
    return;
  }
  if (!en->stated && wf_config_get_privacy (wf_monitor_get_config
          (self->monitor))->require_consent) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
        "consent", "[privacy] require-consent: state consent (true or "
        "false) at enrolment");
    enrolment_free (en);
    return;
  }
  for (guint i = 0; i < en->photos->len; i++)
    g_ptr_array_add (bytes, g_bytes_ref (((Photo *)
                g_ptr_array_index (en->photos, i))->data));
  /* decoded and described off the main loop; answered when done */
  soup_server_message_pause (msg);
  wf_enrol_describe_async (bytes, largest ? WF_ENROL_LARGEST : WF_ENROL_ALONE,
      NULL, enrolment_described, en);
}

/* PATCH {"consent": bool, "date": ..., "note": ...}: a new consent
 * statement.  Withdrawn consent takes effect at the next face the
 * pipelines see (the gallery leaves the employee out of every search), and
 * the employee's live presence is forgotten at once. */
static void
patch_employee (WfApi * self, SoupServerMessage * msg, const gchar * id)
{
  static const gchar *const patchable[] = { "consent", "date", "note", NULL };
  g_autoptr (JsonObject) o = wf_api_parse_json_body (msg);
  g_autoptr (GError) err = NULL;
  ConsentFields f = { 0 };
  WfGalleryConsent c;
  WfEmployee e = { 0 };
  gboolean stated;
  GList *members;
  JsonNode *n;

  if (!o)
    return;
  members = json_object_get_members (o);
  for (GList * l = members; l; l = l->next) {
    JsonNode *m = json_object_get_member (o, l->data);
    gboolean is_flag = g_str_equal (l->data, "consent");

    if (!g_strv_contains (patchable, l->data)) {
      wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", l->data,
          "unknown field '%s': only consent, date and note can be changed",
          (const gchar *) l->data);
      g_list_free (members);
      return;
    }
    if (is_flag ? json_node_get_value_type (m) != G_TYPE_BOOLEAN :
        json_node_get_value_type (m) != G_TYPE_STRING) {
      wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", l->data,
          "%s must be %s", (const gchar *) l->data, is_flag ? "true or false"
          : "a string");
      g_list_free (members);
      return;
    }
  }
  g_list_free (members);
  if (!(n = json_object_get_member (o, "consent"))) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
        "consent", "consent (true or false) is required");
    return;
  }
  f.consent = g_strdup (json_node_get_boolean (n) ? "true" : "false");
  if ((n = json_object_get_member (o, "date")))
    f.date = g_strdup (json_node_get_string (n));
  if ((n = json_object_get_member (o, "note")))
    f.note = g_strdup (json_node_get_string (n));
  if (!read_consent_fields (msg, &f, "", &c, &stated)) {
    consent_fields_clear (&f);
    return;
  }
  if (!wf_gallery_set_consent (self->gallery, id, &c, &err) ||
      !wf_gallery_get_employee (self->gallery, id, &e, &err)) {
    consent_fields_clear (&f);
    wf_api_gallery_error (self->gallery, msg, err);
    return;
  }
  consent_fields_clear (&f);
  if (!e.consent)
    wf_monitor_forget_employee (self->monitor, id);
  else
    wf_monitor_allow_employee (self->monitor, id);
  wf_api_audit (self, msg, "consent-changed", id);
  {
    g_autoptr (JsonObject) r = employee_json (&e);
    JsonObject *d = json_object_new ();
    json_object_set_boolean_member (d, "consent", e.consent);
    wf_monitor_post_event (self->monitor, "employee-consent", NULL, id, d);
    wf_api_send_object (msg, SOUP_STATUS_OK, r);
  }
  wf_employee_clear (&e);
}

/* GET /employees/ID/faces: the employee's descriptors, each with whether
 * a photo is kept with it (the crops enrolled from unknown faces);
 * GET /employees/ID/faces/N: that photo.  Both are reads of the person's
 * biometric data: audited. */
static void
employee_faces (WfApi * self, SoupServerMessage * msg, const gchar * id,
    const gchar * face)
{
  g_autoptr (GError) err = NULL;

  if (!face) {
    g_autoptr (GArray) list = NULL;
    g_autoptr (JsonObject) o = NULL;
    gboolean exists = FALSE;

    /* (a photo's lookup below names its employee itself) */
    if (!wf_gallery_has_employee (self->gallery, id, &exists, &err) ||
        !exists) {
      if (!err)
        g_set_error (&err, WF_GALLERY_ERROR, WF_GALLERY_ERROR_NOT_FOUND,
            "no employee with id '%s'", id);
      wf_api_gallery_error (self->gallery, msg, err);
      return;
    }
    list = wf_gallery_list_descriptors (self->gallery, id, &err);
    if (!list) {
      wf_api_gallery_error (self->gallery, msg, err);
      return;
    }
    o = json_object_new ();
    json_object_set_array_member (o, "faces",
        wf_export_descriptors_json (list));
    wf_api_audit (self, msg, "read-faces", id);
    wf_api_send_object (msg, SOUP_STATUS_OK, o);
  } else {
    gchar *end = NULL;
    gint64 n = g_ascii_strtoll (face, &end, 10);
    g_autofree gchar *type = NULL;
    g_autoptr (GBytes) photo = NULL;
    SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

    if (g_ascii_isdigit (*face) && !*end && n > 0)
      photo = wf_gallery_get_photo (self->gallery, id, n, &type, &err);
    if (!photo && err && !g_error_matches (err, WF_GALLERY_ERROR,
            WF_GALLERY_ERROR_NOT_FOUND)) {
      wf_api_gallery_error (self->gallery, msg, err);
      return;
    }
    if (!photo) {
      wf_api_error (msg, SOUP_STATUS_NOT_FOUND, "not-found",
          "employee '%s' has no face photo '%s'", id, face);
      return;
    }
    wf_api_audit (self, msg, "read-faces", id);
    /* what was stored is served as a picture only when it is one */
    if (!g_str_equal (type, "image/jpeg") && !g_str_equal (type, "image/png"))
      g_clear_pointer (&type, g_free);
    soup_message_headers_replace (h, "Cache-Control", "no-store");
    soup_message_headers_replace (h, "X-Content-Type-Options", "nosniff");
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_server_message_set_response (msg, type ? type :
        "application/octet-stream", SOUP_MEMORY_COPY,
        g_bytes_get_data (photo, NULL), g_bytes_get_size (photo));
  }
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

  if (n > 3 || (n >= 1 && !wf_camera_id_is_valid (seg[0])) || (n >= 2 &&
          !g_str_equal (seg[1], "faces") && (n == 3 ||
              !g_str_equal (seg[1], "export")))) {
    wf_api_not_found (msg);
    return;
  }
  if (!wf_api_accept (self, msg, n == 0 ? "GET,POST" : n >= 2 ? "GET" :
          "GET,PATCH,DELETE"))
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
      wf_api_gallery_error (self->gallery, msg, err);
      return;
    }
    o = json_object_new ();
    a = json_array_new ();
    for (guint i = 0; i < list->len; i++)
      json_array_add_object_element (a, employee_json (&g_array_index (list,
                  WfEmployee, i)));
    json_object_set_array_member (o, "employees", a);
    wf_api_audit (self, msg, "read-identities", NULL);
    wf_api_send_object (msg, SOUP_STATUS_OK, o);
  } else if (g_str_equal (method, "PATCH")) {
    patch_employee (self, msg, seg[0]);
  } else if (g_str_equal (method, "DELETE")) {
    /* gallery, history and the announcement between (wf-erasure.h) */
    wf_api_employee_erase (self, msg, seg[0], &err);
    if (err)
      wf_api_gallery_error (self->gallery, msg, err);
  } else if (n >= 2 && g_str_equal (seg[1], "faces")) {
    employee_faces (self, msg, seg[0], n == 3 ? seg[2] : NULL);
  } else if (n == 2) {
    wf_api_employee_export (self, msg, seg[0]);
  } else {
    WfEmployee e = { 0 };
    g_autoptr (JsonObject) o = NULL;
    if (!wf_gallery_get_employee (self->gallery, seg[0], &e, &err)) {
      wf_api_gallery_error (self->gallery, msg, err);
      return;
    }
    o = employee_json (&e);
    wf_employee_clear (&e);
    wf_api_audit (self, msg, "read-identity", seg[0]);
    wf_api_send_object (msg, SOUP_STATUS_OK, o);
  }
}
