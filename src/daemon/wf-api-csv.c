/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* GET /api/v1/attendance.csv?from=&to=: attendance as RFC 4180 CSV, one row
 * per employee per day, the figures of GET /api/v1/attendance. */
#include "config.h"
#include "wf-api-private.h"

#include <string.h>

/* A year at most: the reply is built in memory. */
#define MAX_CSV_DAYS 366

static const gchar *const columns[] = {
  "date", "employee_id", "name", "first_seen", "last_seen", "cameras",
  "sightings", NULL
};

/* One field: quoted when it holds a comma, quote or line break (quotes
 * doubled); a text that a spreadsheet would run as a formula (=, +, -, @,
 * tab, CR first) gets a leading apostrophe (OWASP's CSV injection rule). */
static void
append_field (GString * out, const gchar * v, gboolean text)
{
  gboolean formula = text && v[0] && strchr ("=+-@\t\r", v[0]);

  if (!formula && !strpbrk (v, ",\"\r\n")) {
    g_string_append (out, v);
    return;
  }
  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const gchar * p = v; *p; p++) {
    if (*p == '"')
      g_string_append_c (out, '"');
    g_string_append_c (out, *p);
  }
  g_string_append_c (out, '"');
}

static void
append_row (GString * out, const gchar * date, const WfAttendanceRecord * r)
{
  g_autofree gchar *cams = g_strjoinv (" ", r->cameras);
  g_autofree gchar *first = wf_iso8601_from_ms (r->first_seen_ms);
  g_autofree gchar *last = wf_iso8601_from_ms (r->last_seen_ms);
  gchar count[24];

  g_snprintf (count, sizeof count, "%" G_GINT64_FORMAT, r->sightings);
  append_field (out, date, FALSE);
  g_string_append_c (out, ',');
  append_field (out, r->employee_id ? r->employee_id : "", TRUE);
  g_string_append_c (out, ',');
  append_field (out, r->name ? r->name : "", TRUE);
  g_string_append_c (out, ',');
  append_field (out, first, FALSE);
  g_string_append_c (out, ',');
  append_field (out, last, FALSE);
  g_string_append_c (out, ',');
  append_field (out, cams, TRUE);
  g_string_append_c (out, ',');
  append_field (out, count, FALSE);
  g_string_append (out, "\r\n");
}

/* Reads @name as a calendar day; responds 400 and returns FALSE when it is
 * not one.  Absent: today. */
static gboolean
day_param (SoupServerMessage * msg, GHashTable * query, const gchar * name,
    GDate * out)
{
  const gchar *v = wf_api_query (query, name);
  g_autoptr (GDateTime) now = NULL;

  if (!v) {
    now = g_date_time_new_now_local ();
    g_date_set_dmy (out, g_date_time_get_day_of_month (now),
        g_date_time_get_month (now), g_date_time_get_year (now));
    return TRUE;
  }
  if (wf_api_parse_day (v, out))
    return TRUE;
  wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", name,
      "%s must be a calendar date YYYY-MM-DD", name);
  return FALSE;
}

void
wf_api_handle_attendance_csv (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;
  g_autoptr (GString) out = NULL;
  GDate from, to;
  gsize len;

  if (!g_str_equal (path, API "/attendance.csv")) {
    wf_api_not_found (msg);
    return;
  }
  if (!wf_api_accept (self, msg, "GET"))
    return;
  wf_api_audit (self, msg, "read-attendance", NULL);
  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  if (!day_param (msg, query, "from", &from) ||
      !day_param (msg, query, "to", &to))
    return;
  if (g_date_compare (&from, &to) > 0) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "from",
        "from must not be after to");
    return;
  }
  if (g_date_days_between (&from, &to) >= MAX_CSV_DAYS) {
    wf_api_error_field (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "to",
        "at most %d days at once", MAX_CSV_DAYS);
    return;
  }

  out = g_string_new (NULL);
  for (guint i = 0; columns[i]; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "", columns[i]);
  g_string_append (out, "\r\n");
  for (GDate d = from; g_date_compare (&d, &to) <= 0; g_date_add_days (&d, 1)) {
    gchar date[16];
    g_autoptr (GError) err = NULL;
    g_autoptr (GArray) rows = NULL;

    g_snprintf (date, sizeof date, "%04u-%02u-%02u", g_date_get_year (&d),
        g_date_get_month (&d), g_date_get_day (&d));
    rows = wf_store_query_attendance (wf_monitor_get_store (self->monitor),
        date, &err);
    if (!rows) {
      wf_api_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "%s",
          err->message);
      return;
    }
    for (guint i = 0; i < rows->len; i++)
      append_row (out, date, &g_array_index (rows, WfAttendanceRecord, i));
  }
  len = out->len;
  soup_message_headers_replace (soup_server_message_get_response_headers
      (msg), "Content-Disposition", "attachment; filename=\"attendance.csv\"");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/csv; charset=utf-8; "
      "header=present", SOUP_MEMORY_TAKE, g_string_free (g_steal_pointer (&out),
          FALSE), len);
}
