/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* A person's rights and the audit (docs/privacy.md): export and erasure of
 * one employee, the audit log, and the retention in the health report. */
#include "config.h"
#include "wf-api-private.h"
#include "wf-erasure.h"
#include "wf-export.h"
#include "wf-privacy-config.h"

#include <string.h>

/* Who made the request, as the audit names them: the name of the bearer
 * token ("token" for [server] token, the [tokens] name of another) or
 * "loopback" for a client on loopback without one (reads on loopback need
 * no token). */
static const gchar *
actor (WfApi * self, SoupServerMessage * msg)
{
  const gchar *name = wf_api_token_name (self, msg);

  return name ? name : "loopback";
}

/* A page that polls attendance, or a script reading the employee list in a
 * loop, would otherwise write a record per request: a read by the same
 * actor of the same thing is audited once per minute (who read what, and
 * when, stays true to the minute); changes are audited every time. */
#define AUDIT_READ_WINDOW_MS (60 * 1000)
#define AUDIT_READ_KEYS_MAX 1024

static gboolean
read_audited_lately (WfApi * self, const gchar * who, const gchar * action,
    const gchar * subject, gint64 now)
{
  g_autofree gchar *key = g_strjoin ("\n", who, action, subject ? subject :
      "", NULL);
  gint64 *last = g_hash_table_lookup (self->audited_reads, key);

  if (last && now - *last < AUDIT_READ_WINDOW_MS)
    return TRUE;
  /* bounded: many subjects (ids probed one by one) start it afresh */
  if (!last && g_hash_table_size (self->audited_reads) >= AUDIT_READ_KEYS_MAX)
    g_hash_table_remove_all (self->audited_reads);
  g_hash_table_replace (self->audited_reads, g_steal_pointer (&key),
      g_memdup2 (&now, sizeof now));
  return FALSE;
}

void
wf_api_audit (WfApi * self, SoupServerMessage * msg, const gchar * action,
    const gchar * subject)
{
  const gchar *who = actor (self, msg);
  gint64 now = g_get_real_time () / 1000;

  if (g_str_has_prefix (action, "read-") &&
      read_audited_lately (self, who, action, subject, now))
    return;
  wf_store_add_audit (wf_monitor_get_store (self->monitor), now, who, action,
      subject);
}

JsonObject *
wf_api_privacy_health (WfApi * self)
{
  WfPrivacyConfig *p = wf_config_get_privacy (wf_monitor_get_config
      (self->monitor));
  JsonObject *o = json_object_new ();
  JsonObject *kinds = json_object_new ();
  WfUnknowns *unknowns = wf_monitor_get_unknowns (self->monitor);
  WfRetentionStats rs;

  wf_store_get_retention_stats (wf_monitor_get_store (self->monitor), &rs);
  json_object_set_string_member (o, "snapshot_policy",
      wf_redact_policy_name (p->snapshot_policy));
  json_object_set_boolean_member (o, "require_consent", p->require_consent);
  json_object_set_boolean_member (o, "store_unknown_crops",
      unknowns != NULL);
  for (guint k = 0; k < WF_RETAIN_N_KINDS; k++) {
    JsonObject *r = json_object_new ();
    json_object_set_int_member (r, "keep_seconds", p->retention.seconds[k]);
    /* the crops are files (wf-unknowns.h), not rows of the store */
    if (k == WF_RETAIN_UNKNOWN_CROPS) {
      json_object_set_int_member (r, "removed_last_run", unknowns ?
          wf_unknowns_removed_last_run (unknowns) : 0);
      json_object_set_int_member (r, "stored", unknowns ?
          wf_unknowns_count (unknowns) : 0);
    } else {
      json_object_set_int_member (r, "removed_last_run", rs.removed[k]);
    }
    json_object_set_object_member (kinds, wf_retain_kind_name (k), r);
  }
  json_object_set_object_member (o, "retention", kinds);
  if (rs.last_run_ms) {
    g_autofree gchar *iso = wf_iso8601_from_ms (rs.last_run_ms);
    json_object_set_string_member (o, "retention_last_run", iso);
  } else {
    json_object_set_null_member (o, "retention_last_run");
  }
  json_object_set_int_member (o, "retention_removed_total",
      rs.removed_total);
  return o;
}

void
wf_api_employee_export (WfApi * self, SoupServerMessage * msg,
    const gchar * id)
{
  WfStore *store = wf_monitor_get_store (self->monitor);
  g_autoptr (GError) err = NULL;
  g_autoptr (JsonObject) held = NULL;
  g_autoptr (JsonObject) o = NULL;

  /* what is pending is committed first: the export misses nothing */
  wf_store_flush (store);
  held = wf_store_query_employee (store, id, &err);
  if (held)
    o = wf_export_employee (self->gallery, id, held, &err);
  if (!o) {
    wf_api_gallery_error (self->gallery, msg, err);
    return;
  }
  wf_api_audit (self, msg, "export", id);
  soup_message_headers_replace (soup_server_message_get_response_headers
      (msg), "Content-Disposition", "attachment");
  wf_api_send_object (msg, SOUP_STATUS_OK, o);
}

void
wf_api_employee_erase (WfApi * self, SoupServerMessage * msg,
    const gchar * id, GError ** error)
{
  WfStore *store = wf_monitor_get_store (self->monitor);

  /* live presence first: nothing names them while the rows go */
  wf_monitor_forget_employee (self->monitor, id);
  if (!wf_erasure_run (self->gallery, store, NULL, id, FALSE, error))
    return;
  /* The receipt names no one: its id is the receipt number. */
  wf_monitor_post_event (self->monitor, "employee-deleted", NULL, NULL,
      NULL);
  wf_api_audit (self, msg, "erasure", NULL);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

void
wf_api_handle_audit (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  guint64 after, limit;
  g_autoptr (GError) err = NULL;
  g_autoptr (GArray) rows = NULL;
  g_autoptr (JsonObject) o = NULL;
  JsonArray *a;

  if (!g_str_equal (path, API "/audit")) {
    wf_api_not_found (msg);
    return;
  }
  if (!wf_api_accept (self, msg, "GET"))
    return;
  if (!wf_api_query_page (msg, query, "an audit record id", &after, &limit))
    return;
  wf_store_flush (wf_monitor_get_store (self->monitor));
  rows = wf_store_query_audit (wf_monitor_get_store (self->monitor), after,
      limit, &err);
  if (!rows) {
    wf_api_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "%s",
        err->message);
    return;
  }
  o = json_object_new ();
  a = json_array_new ();
  for (guint i = 0; i < rows->len; i++) {
    WfAuditRecord *r = &g_array_index (rows, WfAuditRecord, i);
    JsonObject *e = json_object_new ();
    g_autofree gchar *iso = wf_iso8601_from_ms (r->ts_ms);

    json_object_set_int_member (e, "id", r->id);
    json_object_set_string_member (e, "time", iso);
    json_object_set_string_member (e, "actor", r->actor);
    json_object_set_string_member (e, "action", r->action);
    if (r->subject)
      json_object_set_string_member (e, "subject", r->subject);
    else
      json_object_set_null_member (e, "subject");
    json_array_add_object_element (a, e);
  }
  json_object_set_array_member (o, "records", a);
  wf_api_send_object (msg, SOUP_STATUS_OK, o);
}
