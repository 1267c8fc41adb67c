/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Shared by the wf-api*.c files only: the server object, the response and
 * request-check helpers of wf-api.c, and one handler per resource family
 * (wf-api-cameras.c, -employees.c, -events.c, -occupancy.c, -stats.c).
 */
#pragma once

#include "wf-api.h"
#include "wf-api-conn.h"
#include "wf-api-query.h"

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define API "/api/v1"
#define MAX_LIST_LIMIT 10000

struct _WfApi
{
  GObject parent;

  WfMonitor *monitor;
  WfGallery *gallery;
  SoupServer *server;
  WfApiConns *conns;            /* accepts connections for server */
  gboolean auth_all;            /* bound beyond loopback */
  GList *clients;               /* SseClient of wf-api-events.c, main context */
  GQueue held;                  /* journalled events awaiting commit */
  guint release_id;
  gulong event_id;
  guint keepalive_id;
  guint64 requests;
  GObject *mqtt;                /* WfMqtt, NULL without [mqtt] */
  gpointer gallery_sync;        /* WfGallerySync, not owned; NULL alone */
  /* "actor\naction\nsubject" of a read audited lately -> its time (ms,
   * boxed): repeated reads are audited once a minute (wf-api-privacy.c) */
  GHashTable *audited_reads;
};

/* ---- responses (wf-api.c) ---- */

void          wf_api_send_object      (SoupServerMessage * msg,
                                       guint status,
                                       JsonObject * o);
/* {"error": @code, "message": ..., "field": @field} */
void          wf_api_error_field      (SoupServerMessage * msg,
                                       guint status,
                                       const gchar * code,
                                       const gchar * field,
                                       const gchar * fmt,
                                       ...) G_GNUC_PRINTF (5, 6);
#define wf_api_error(msg, status, code, ...) \
  wf_api_error_field (msg, status, code, NULL, __VA_ARGS__)
void          wf_api_not_found        (SoupServerMessage * msg);

/* ---- request checks (wf-api.c) ---- */

/* Checks the method against @allowed ("GET,POST"), then authorisation and
 * the body size.  Responds and returns FALSE when the request stops here. */
gboolean      wf_api_accept           (WfApi * self,
                                       SoupServerMessage * msg,
                                       const gchar * allowed);
/* Whether the request carries the configured bearer token (a read on
 * loopback may come without it, or with a wrong one, and still pass). */
/* The name of the bearer token @msg carries ("token" for [server] token,
 * else its [tokens] name), or NULL when it carries none that is
 * configured. */
const gchar * wf_api_token_name       (WfApi * self,
                                       SoupServerMessage * msg);
gboolean      wf_api_has_token        (WfApi * self,
                                       SoupServerMessage * msg);
/* The rest of @path below @prefix split at '/', each segment decoded;
 * NULL when a segment is empty or does not decode. */
GStrv         wf_api_path_segments    (const gchar * path,
                                       const gchar * prefix);
const gchar * wf_api_query            (GHashTable * query,
                                       const gchar * name);
/* Reads the paging parameters of a list (after: a record id, default 0;
 * limit: 1-MAX_LIST_LIMIT, default 100); responds 400 naming the field and
 * returns FALSE when one is not a number in its range.  @what says what
 * after counts ("an event id"). */
gboolean      wf_api_query_page       (SoupServerMessage * msg,
                                       GHashTable * query,
                                       const gchar * what,
                                       guint64 * after,
                                       guint64 * limit);
/* Parses a JSON object body of at most WF_API_MAX_JSON_BYTES, nested at
 * most WF_JSON_MAX_DEPTH deep, in UTF-8; responds 415/413/400 and returns
 * NULL on error. */
#define WF_API_MAX_JSON_BYTES (1024 * 1024)
JsonObject *  wf_api_parse_json_body  (SoupServerMessage * msg);

/* ---- handlers, one per path ---- */

#define WF_API_HANDLER(name) \
  void wf_api_handle_##name (SoupServer * server, SoupServerMessage * msg, \
      const char *path, GHashTable * query, gpointer data)

WF_API_HANDLER (cameras);
WF_API_HANDLER (occupancy);
WF_API_HANDLER (attendance);
WF_API_HANDLER (attendance_csv);
WF_API_HANDLER (employees);
WF_API_HANDLER (journal);
WF_API_HANDLER (events);
WF_API_HANDLER (memory);
WF_API_HANDLER (health);
WF_API_HANDLER (metrics);
/* unknown faces and their crops (wf-api-unknowns.c) */
WF_API_HANDLER (unknown_faces);
WF_API_HANDLER (face_crops);
/* the dashboard (wf-api-web.c): / and /ui/ */
WF_API_HANDLER (web);

/* GET cameras/{id}/snapshot.jpg (wf-api-snapshot.c) */
void          wf_api_camera_snapshot  (WfApi * self,
                                       SoupServerMessage * msg,
                                       WfCamera * cam,
                                       GHashTable * query);

/* ---- privacy (wf-api-employees.c, wf-api-privacy.c) ---- */

WF_API_HANDLER (audit);
/* Responds to a gallery error with its status (404, 409, 400, 500),
 * without the gallery's path (which goes to the log). */
void          wf_api_gallery_error    (WfGallery * gallery,
                                       SoupServerMessage * msg,
                                       GError * err);
/* Appends to the audit log: the request's token, @action, @subject. */
void          wf_api_audit            (WfApi * self,
                                       SoupServerMessage * msg,
                                       const gchar * action,
                                       const gchar * subject);
/* GET employees/{id}/export */
void          wf_api_employee_export  (WfApi * self,
                                       SoupServerMessage * msg,
                                       const gchar * id);
/* DELETE employees/{id}: responds 204, or sets @error for the caller. */
void          wf_api_employee_erase   (WfApi * self,
                                       SoupServerMessage * msg,
                                       const gchar * id,
                                       GError ** error);
/* An employee id from a name: lower case, runs of other characters as '-'
 * (wf-api-employees.c). */
gchar *       wf_api_id_from_name     (const gchar * name);
/* The "privacy" member of /api/v1/health. */
JsonObject *  wf_api_privacy_health   (WfApi * self);

/* ---- live events (wf-api-events.c) ---- */

void          wf_api_events_on_event  (WfMonitor * monitor,
                                       guint64 id,
                                       const gchar * type,
                                       const gchar * camera,
                                       const gchar * json,
                                       JsonObject * event,
                                       WfApi * self);
gboolean      wf_api_events_keepalive (gpointer data);
/* Completes every stream (they end once written). */
void          wf_api_events_close_all (WfApi * self);
/* Forgets every stream at once (dispose). */
void          wf_api_events_drop_all  (WfApi * self);
/* Chunks waiting to be written, over every stream. */
guint64       wf_api_events_queued    (WfApi * self);
/* A live client that lets this many chunks pile up is dropped. */
#define SSE_MAX_QUEUED 2048
#define SSE_KEEPALIVE_S 15

G_END_DECLS
