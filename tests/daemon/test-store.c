/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The results store's tests, one suite for every backend (issue 16):
 * without arguments on SQLite files in a temporary directory; with
 * WF_TEST_PG_URI (a server started by tests/daemon/pg-fixture.py) on a
 * fresh PostgreSQL database per case.
 */
#include "config.h"
#include "wf-store.h"
#include "wf-store-json.h"
#include "wf-store-uri.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#if WF_HAVE_POSTGRESQL
#include <libpq-fe.h>
#endif

static gchar *tmpdir;
static const gchar *pg_uri;     /* base URI, without a database */
static guint n_databases;

/* A database nobody used yet: a file, or a new PostgreSQL database. */
static gchar *
fresh_database (void)
{
  guint n = ++n_databases;

  if (!pg_uri)
    return g_strdup_printf ("%s/results-%u.db", tmpdir, n);
#if WF_HAVE_POSTGRESQL
  {
    g_autofree gchar *admin = g_strdup_printf ("%s/postgres", pg_uri);
    g_autofree gchar *sql = g_strdup_printf ("CREATE DATABASE wf_%u", n);
    PGconn *c = PQconnectdb (admin);
    PGresult *r;

    g_assert_cmpint (PQstatus (c), ==, CONNECTION_OK);
    r = PQexec (c, sql);
    g_assert_cmpint (PQresultStatus (r), ==, PGRES_COMMAND_OK);
    PQclear (r);
    PQfinish (c);
    return g_strdup_printf ("%s/wf_%u", pg_uri, n);
  }
#else
  g_assert_not_reached ();
#endif
}

static WfStore *
open_store (const gchar * db)
{
  WfRetention r;
  g_autoptr (GError) err = NULL;
  WfStore *s;

  for (guint i = 0; i < WF_RETAIN_N_KINDS; i++)
    r.seconds[i] = G_GINT64_CONSTANT (3650) * 86400;
  s = wf_store_new (db, &r, &err);
  g_assert_no_error (err);
  g_assert_nonnull (s);
  return s;
}

/* 2026-03-04 at @h:@m local time, in unix ms. */
static gint64
at (gint h, gint m)
{
  g_autoptr (GDateTime) dt = g_date_time_new_local (2026, 3, 4, h, m, 0);

  return g_date_time_to_unix (dt) * 1000;
}

static gint64
iso_ms (const gchar * iso)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * 1000;
}

/* The queries through the API's edge (wf-store-json.h): the assertions
 * below read what a client reads. */
static JsonArray *
q_events (WfStore * s, guint64 after, guint limit, GError ** err)
{
  g_autoptr (GArray) r = wf_store_query_events (s, after, limit, err);

  return r ? wf_events_to_json (r) : NULL;
}

static JsonArray *
q_attendance (WfStore * s, const gchar * day, GError ** err)
{
  g_autoptr (GArray) r = wf_store_query_attendance (s, day, err);

  return r ? wf_attendance_to_json (r) : NULL;
}

static JsonArray *
q_occupancy (WfStore * s, const gchar * camera, const gchar * zone,
    gint64 from, gint64 to, GError ** err)
{
  g_autoptr (GArray) r = wf_store_query_occupancy (s, camera, zone, from, to,
      err);

  return r ? wf_occupancy_to_json (r) : NULL;
}

static void
test_events (void)
{
  g_autofree gchar *db = fresh_database ();
  g_autoptr (WfStore) s = open_store (db);
  g_autoptr (JsonArray) rows = NULL;
  g_autoptr (GError) err = NULL;
  guint64 a, b, c, d;
  WfStoreStats st;
  JsonObject *o;

  a = wf_store_add_event (s, at (8, 0), "door", "arrival", "e1",
      "{\"x\": 1}");
  b = wf_store_add_event (s, at (8, 1), NULL, "started", NULL, NULL);
  c = wf_store_add_event (s, at (8, 2), "door", "quote's \"text\"", NULL,
      NULL);
  g_assert_cmpuint (a, <, b);
  g_assert_cmpuint (b, <, c);
  wf_store_flush (s);
  wf_store_get_stats (s, &st);
  g_assert_cmpuint (st.committed_event_id, ==, c);
  g_assert_cmpuint (st.pending, ==, 0);
  g_assert_cmpuint (st.file_bytes, >, 0);

  rows = q_events (s, 0, 10, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  o = json_array_get_object_element (rows, 0);
  g_assert_cmpint (json_object_get_int_member (o, "id"), ==, a);
  g_assert_cmpstr (json_object_get_string_member (o, "camera"), ==, "door");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member
          (o, "data"), "x"), ==, 1);
  g_assert_cmpint (iso_ms (json_object_get_string_member (o, "time")), ==,
      at (8, 0));
  o = json_array_get_object_element (rows, 1);
  g_assert_false (json_object_has_member (o, "camera"));
  g_assert_false (json_object_has_member (o, "data"));
  o = json_array_get_object_element (rows, 2);
  g_assert_cmpstr (json_object_get_string_member (o, "type"), ==,
      "quote's \"text\"");
  g_clear_pointer (&rows, json_array_unref);

  /* after_id and limit */
  rows = q_events (s, a, 1, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element
          (rows, 0), "id"), ==, b);

  /* ids go on after a clean restart, never given twice */
  g_clear_object (&s);
  s = open_store (db);
  d = wf_store_add_event (s, at (9, 0), "door", "arrival", NULL, NULL);
  g_assert_cmpuint (d, ==, c + 1);
  wf_store_flush (s);
  g_clear_pointer (&rows, json_array_unref);
  rows = q_events (s, 0, 10, &err);
  g_assert_cmpuint (json_array_get_length (rows), ==, 4);
}

static JsonObject *
only_row (JsonArray * rows)
{
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  return json_array_get_object_element (rows, 0);
}

static void
assert_cameras (JsonObject * o, const gchar * const *want)
{
  JsonArray *cams = json_object_get_array_member (o, "cameras");

  g_assert_cmpuint (json_array_get_length (cams), ==, g_strv_length ((GStrv)
          want));
  for (guint i = 0; want[i]; i++)
    g_assert_cmpstr (json_array_get_string_element (cams, i), ==, want[i]);
}

static void
test_attendance (void)
{
  g_autofree gchar *db = fresh_database ();
  g_autoptr (WfStore) s = open_store (db);
  g_autoptr (JsonArray) rows = NULL;
  g_autoptr (GError) err = NULL;
  const gchar *const cams[] = { "door", "hall", NULL };
  JsonObject *o;

  wf_store_add_sighting (s, at (9, 0), "e1", "Ada", "door", TRUE);
  wf_store_add_sighting (s, at (9, 5), "e1", "Ada", "door", FALSE);
  wf_store_add_sighting (s, at (12, 0), "e1", NULL, "hall", TRUE);
  /* late delivery of an earlier sighting moves first_seen back only */
  wf_store_add_sighting (s, at (8, 30), "e1", "Ada", "door", FALSE);
  wf_store_add_sighting (s, at (10, 0), "e2", "Bo", "hall", TRUE);
  /* another day */
  wf_store_add_sighting (s, at (10, 0) + 86400 * 1000, "e1", "Ada", "door",
      TRUE);
  wf_store_flush (s);

  rows = q_attendance (s, "2026-03-04", &err);
  g_assert_no_error (err);
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  o = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "employee_id"), ==,
      "e1");
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "Ada");
  g_assert_cmpint (iso_ms (json_object_get_string_member (o, "first_seen")),
      ==, at (8, 30));
  g_assert_cmpint (iso_ms (json_object_get_string_member (o, "last_seen")),
      ==, at (12, 0));
  g_assert_cmpint (json_object_get_int_member (o, "sightings"), ==, 2);
  assert_cameras (o, cams);
  o = json_array_get_object_element (rows, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "employee_id"), ==,
      "e2");
  g_clear_pointer (&rows, json_array_unref);

  /* the records themselves: times to the millisecond, the camera list */
  {
    g_autoptr (GArray) recs = NULL;
    const WfAttendanceRecord *r;

    wf_store_add_sighting (s, at (12, 0) + 250, "e1", "Ada", "hall", FALSE);
    wf_store_flush (s);
    recs = wf_store_query_attendance (s, "2026-03-04", &err);
    g_assert_no_error (err);
    g_assert_cmpuint (recs->len, ==, 2);
    r = &g_array_index (recs, WfAttendanceRecord, 0);
    g_assert_cmpstr (r->employee_id, ==, "e1");
    g_assert_cmpint (r->first_seen_ms, ==, at (8, 30));
    g_assert_cmpint (r->last_seen_ms, ==, at (12, 0) + 250);
    g_assert_cmpuint (g_strv_length (r->cameras), ==, 2);
    g_assert_cmpstr (r->cameras[0], ==, "door");
    g_assert_cmpstr (r->cameras[1], ==, "hall");
  }

  rows = q_attendance (s, "2026-03-05", &err);
  g_assert_no_error (err);
  only_row (rows);
  g_clear_pointer (&rows, json_array_unref);
  rows = q_attendance (s, "2026-03-06", &err);
  g_assert_no_error (err);
  g_assert_cmpuint (json_array_get_length (rows), ==, 0);
}

/* Two stores (two nodes) on one database: one person seen by both makes
 * one row, first in the earliest, last out the latest. */
static void
test_two_nodes (void)
{
  g_autofree gchar *db = fresh_database ();
  g_autoptr (WfStore) a = open_store (db);
  g_autoptr (WfStore) b = open_store (db);
  g_autoptr (JsonArray) rows = NULL;
  g_autoptr (GError) err = NULL;
  const gchar *const cams[] = { "a-door", "b-hall", NULL };
  JsonObject *o;

  wf_store_add_sighting (a, at (10, 0), "e1", "Ada", "a-door", TRUE);
  wf_store_flush (a);
  wf_store_add_sighting (b, at (9, 0), "e1", "Ada", "b-hall", TRUE);
  wf_store_add_sighting (b, at (17, 0), "e1", "Ada", "b-hall", FALSE);
  wf_store_flush (b);
  wf_store_add_sighting (a, at (12, 0), "e1", "Ada", "a-door", FALSE);
  wf_store_flush (a);

  /* both journal: every event kept, no id given twice */
  {
    g_autoptr (GHashTable) ids = g_hash_table_new (NULL, NULL);
    WfStoreStats st;

    for (guint i = 0; i < 20; i++) {
      guint64 id = wf_store_add_event (i % 2 ? b : a, at (9, i), "door",
          "crossing", NULL, NULL);
      g_assert_false (g_hash_table_contains (ids, GSIZE_TO_POINTER (id)));
      g_hash_table_add (ids, GSIZE_TO_POINTER (id));
      if (i % 5 == 4) {
        wf_store_flush (a);
        wf_store_flush (b);
      }
    }
    rows = q_events (a, 0, 100, &err);
    g_assert_no_error (err);
    g_assert_cmpuint (json_array_get_length (rows), ==, 20);
    g_clear_pointer (&rows, json_array_unref);
    wf_store_get_stats (b, &st);
    g_assert_cmpuint (st.pending, ==, 0);
  }

  /* read through either node */
  for (guint i = 0; i < 2; i++) {
    rows = q_attendance (i ? b : a, "2026-03-04", &err);
    g_assert_no_error (err);
    o = only_row (rows);
    g_assert_cmpint (iso_ms (json_object_get_string_member (o,
                "first_seen")), ==, at (9, 0));
    g_assert_cmpint (iso_ms (json_object_get_string_member (o,
                "last_seen")), ==, at (17, 0));
    g_assert_cmpint (json_object_get_int_member (o, "sightings"), ==, 2);
    assert_cameras (o, cams);
    g_clear_pointer (&rows, json_array_unref);
  }
}

static void
test_occupancy_crossings (void)
{
  g_autofree gchar *db = fresh_database ();
  g_autoptr (WfStore) s = open_store (db);
  g_autoptr (JsonArray) rows = NULL;
  g_autoptr (GError) err = NULL;
  JsonObject *o;

  wf_store_add_occupancy (s, at (9, 0) + 1000, "door", "all", 2);
  wf_store_add_occupancy (s, at (9, 0) + 20000, "door", "all", 5);
  wf_store_add_occupancy (s, at (9, 0) + 50000, "door", "all", 3);
  wf_store_add_occupancy (s, at (9, 1), "door", "all", 1);
  wf_store_add_occupancy (s, at (9, 0), "door", "desk", 7);
  wf_store_add_crossing (s, at (9, 0), "door", "entry", "in", 4);
  wf_store_flush (s);

  rows = q_occupancy (s, "door", "all", at (8, 0), at (10, 0),
      &err);
  g_assert_no_error (err);
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  o = json_array_get_object_element (rows, 0);
  g_assert_cmpint (iso_ms (json_object_get_string_member (o, "minute")), ==,
      at (9, 0));
  g_assert_cmpint (json_object_get_int_member (o, "peak"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (o, "last"), ==, 3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o,
          "average"), 10.0 / 3, 1e-9);
  g_clear_pointer (&rows, json_array_unref);
  /* bounds: only the second minute */
  rows = q_occupancy (s, "door", "all", at (9, 1), at (10, 0),
      &err);
  g_assert_no_error (err);
  g_assert_cmpint (json_object_get_int_member (only_row (rows), "peak"), ==,
      1);
}

static void
test_audit (void)
{
  g_autofree gchar *db = fresh_database ();
  g_autoptr (WfStore) s = open_store (db);
  g_autoptr (GArray) rows = NULL;
  g_autoptr (GError) err = NULL;
  WfAuditRecord *r;
  guint64 first;

  wf_store_add_audit (s, at (9, 0), "token", "export", "e1");
  wf_store_add_audit (s, at (9, 1), "loopback", "read-identities", NULL);
  wf_store_flush (s);
  rows = wf_store_query_audit (s, 0, 10, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (rows->len, ==, 2);
  r = &g_array_index (rows, WfAuditRecord, 0);
  g_assert_cmpstr (r->actor, ==, "token");
  g_assert_cmpstr (r->subject, ==, "e1");
  g_assert_cmpint (r->ts_ms, ==, at (9, 0));
  r = &g_array_index (rows, WfAuditRecord, 1);
  g_assert_null (r->subject);
  first = g_array_index (rows, WfAuditRecord, 0).id;
  g_clear_pointer (&rows, g_array_unref);
  /* after_id */
  rows = wf_store_query_audit (s, first, 10, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (g_array_index (rows, WfAuditRecord, 0).actor, ==,
      "loopback");
}

static void
test_erasure (void)
{
  g_autofree gchar *db = fresh_database ();
  g_autoptr (WfStore) s = open_store (db);
  g_autoptr (JsonObject) exp = NULL;
  g_autoptr (JsonArray) rows = NULL;
  g_autoptr (GError) err = NULL;
  g_auto (GStrv) pending = NULL;

  wf_store_add_sighting (s, at (9, 0), "e1", "Ada", "door", TRUE);
  wf_store_add_sighting (s, at (9, 0), "e2", "Bo", "door", TRUE);
  wf_store_add_event (s, at (9, 0), "door", "arrival", "e1", "{\"a\":1}");
  wf_store_add_event (s, at (9, 0), "door", "arrival", "e2", NULL);
  wf_store_add_audit (s, at (9, 0), "token", "export", "e1");
  wf_store_flush (s);

  exp = wf_store_query_employee (s, "e1", &err);
  g_assert_no_error (err);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (exp,
              "attendance")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (exp,
              "events")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (exp,
              "audit")), ==, 1);
  /* integers stay integers, times come also as ISO 8601 */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element
          (json_object_get_array_member (exp, "attendance"), 0),
          "first_seen"), ==, at (9, 0));
  g_assert_true (json_object_has_member (json_array_get_object_element
          (json_object_get_array_member (exp, "attendance"), 0),
          "first_seen_time"));
  g_clear_pointer (&exp, json_object_unref);

  g_assert_true (wf_store_announce_erasure (s, "e1", &err));
  g_assert_no_error (err);
  pending = wf_store_pending_erasures (s, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (g_strv_length (pending), ==, 1);
  g_assert_cmpstr (pending[0], ==, "e1");
  g_clear_pointer (&pending, g_strfreev);
  /* announced twice: still one */
  g_assert_true (wf_store_announce_erasure (s, "e1", &err));

  g_assert_true (wf_store_forget_employee (s, "e1", &err));
  g_assert_no_error (err);
  pending = wf_store_pending_erasures (s, &err);
  g_assert_cmpuint (g_strv_length (pending), ==, 0);
  exp = wf_store_query_employee (s, "e1", &err);
  g_assert_no_error (err);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (exp,
              "attendance")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (exp,
              "events")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (exp,
              "audit")), ==, 0);
  /* the other employee is untouched */
  rows = q_attendance (s, "2026-03-04", &err);
  g_assert_cmpstr (json_object_get_string_member (only_row (rows),
          "employee_id"), ==, "e2");
  g_clear_pointer (&rows, json_array_unref);
  rows = q_events (s, 0, 10, &err);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
}

/* The tools' path: workforce-admin works on the database while the
 * daemon's store is open. */
static void
test_erasure_file (void)
{
  g_autofree gchar *db = fresh_database ();
  g_autoptr (WfStore) s = open_store (db);
  g_autoptr (JsonObject) exp = NULL;
  g_autoptr (GError) err = NULL;
  gboolean announced = TRUE;

  wf_store_add_sighting (s, at (9, 0), "e1", "Ada", "door", TRUE);
  wf_store_flush (s);
  g_assert_true (wf_store_erasure_announced_file (db, "e1", &announced,
          &err));
  g_assert_no_error (err);
  g_assert_false (announced);
  g_assert_true (wf_store_announce_erasure_file (db, "e1", &err));
  g_assert_true (wf_store_erasure_announced_file (db, "e1", &announced,
          &err));
  g_assert_true (announced);
  exp = wf_store_query_employee_file (db, "e1", &err);
  g_assert_no_error (err);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (exp,
              "attendance")), ==, 1);
  g_clear_pointer (&exp, json_object_unref);
  g_assert_true (wf_store_erase_employee (db, "e1", &err));
  g_assert_no_error (err);
  g_assert_true (wf_store_erasure_announced_file (db, "e1", &announced,
          &err));
  g_assert_false (announced);
  exp = wf_store_query_employee (s, "e1", &err);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (exp,
              "attendance")), ==, 0);
}

/* An event and a sighting 4000 days before @now (past every retention),
 * and one of each at @now; written. */
static void
add_expired_and_current (WfStore * s, gint64 now)
{
  gint64 old = now - G_GINT64_CONSTANT (4000) * 86400 * 1000;

  wf_store_add_event (s, old, "door", "old", NULL, NULL);
  wf_store_add_event (s, now, "door", "new", NULL, NULL);
  wf_store_add_sighting (s, old, "e1", "Ada", "door", TRUE);
  wf_store_add_sighting (s, now, "e1", "Ada", "door", TRUE);
  wf_store_flush (s);
}

static void
test_retention (void)
{
  g_autofree gchar *db = fresh_database ();
  g_autoptr (WfStore) s = open_store (db);
  g_autoptr (GError) err = NULL;
  g_autoptr (JsonArray) rows = NULL;
  WfRetentionStats rs;
  gint64 now = at (12, 0);
  guint64 n;

  add_expired_and_current (s, now);
  n = wf_store_enforce_retention (s, now, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (n, ==, 2);
  wf_store_get_retention_stats (s, &rs);
  g_assert_cmpuint (rs.removed[WF_RETAIN_JOURNAL], ==, 1);
  g_assert_cmpuint (rs.removed[WF_RETAIN_ATTENDANCE], ==, 1);
  rows = q_events (s, 0, 10, &err);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  /* twice: nothing left to remove */
  g_assert_cmpuint (wf_store_enforce_retention (s, now, &err), ==, 0);
}

/* Nobody calls it: the writer runs the retention by itself, on its
 * interval (an hour in the daemon; 200 ms here). */
static void
test_retention_scheduled (void)
{
  g_autofree gchar *db = fresh_database ();
  g_autoptr (WfStore) s = open_store (db);
  g_autoptr (GError) err = NULL;
  g_autoptr (JsonArray) rows = NULL;
  WfRetentionStats rs;
  gint64 now = g_get_real_time () / 1000, end;

  wf_store_get_retention_stats (s, &rs);
  g_assert_cmpuint (rs.removed_total, ==, 0);
  add_expired_and_current (s, now);
  wf_store_set_retention_interval (s, 200 * 1000);
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  do {
    g_usleep (50 * 1000);
    wf_store_get_retention_stats (s, &rs);
  } while (rs.removed_total < 2 && g_get_monotonic_time () < end);
  g_assert_cmpuint (rs.removed_total, ==, 2);
  g_assert_cmpint (rs.last_run_ms, >=, now);
  rows = q_events (s, 0, 10, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
}

static void
test_bad_database (void)
{
  WfRetention r = { 0 };
  g_autoptr (GError) err = NULL;
  g_autoptr (WfStore) s = NULL;
  const gchar *bad[] = {
    "postgresql://user:s3cret@/db",     /* no host */
    "postgresql://user:s3cret@host",    /* no database */
    "postgresql://user:s3cret@host/a/b",
    "postgresql://user:s3cret@[::1/db",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_assert_true (wf_store_uri_is_postgresql (bad[i]));
    g_assert_false (wf_store_uri_check (bad[i], &err));
    g_assert_nonnull (err);
    g_assert_null (strstr (err->message, "s3cret"));
    g_clear_error (&err);
    s = wf_store_new (bad[i], &r, &err);
    g_assert_null (s);
    g_assert_nonnull (err);
    g_assert_null (strstr (err->message, "s3cret"));
    g_clear_error (&err);
  }
  g_assert_true (wf_store_uri_check ("postgresql://u:p@127.0.0.1:5/db",
          NULL));
  g_assert_true (wf_store_uri_check ("postgres:///db?host=/run/pg", NULL));
  g_assert_false (wf_store_uri_is_postgresql ("/var/lib/results.db"));
}

/* A server that is not there: a clear error, the password nowhere. */
static void
test_unreachable (void)
{
  WfRetention r = { 0 };
  g_autoptr (GError) err = NULL;
  g_autoptr (WfStore) s = NULL;
  g_autoptr (GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4,
      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback
      (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autofree gchar *uri = NULL;

  /* a port that was free a moment ago, closed again: refused */
  g_assert_true (g_socket_bind (sock, any, FALSE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  uri = g_strdup_printf ("postgresql://wf:s3cret@127.0.0.1:%u/wf"
      "?connect_timeout=2", g_inet_socket_address_get_port
      (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (sock, NULL);
  s = wf_store_new (uri, &r, &err);
  g_assert_null (s);
  g_assert_nonnull (err);
  g_test_message ("%s", err->message);
  g_assert_null (strstr (err->message, "s3cret"));
#if WF_HAVE_POSTGRESQL
  g_assert_true (g_error_matches (err, G_IO_ERROR,
          G_IO_ERROR_CONNECTION_REFUSED));
#else
  g_assert_true (g_error_matches (err, G_IO_ERROR,
          G_IO_ERROR_NOT_SUPPORTED));
#endif
}

#if WF_HAVE_POSTGRESQL
static void
admin_exec (const gchar * db, const gchar * sql)
{
  PGconn *c = PQconnectdb (db);
  PGresult *r;

  g_assert_cmpint (PQstatus (c), ==, CONNECTION_OK);
  r = PQexec (c, sql);
  if (PQresultStatus (r) != PGRES_TUPLES_OK)
    g_assert_cmpint (PQresultStatus (r), ==, PGRES_COMMAND_OK);
  PQclear (r);
  PQfinish (c);
}

/* The server lost while the store runs: the results wait in memory and
 * are written when it returns, none lost, and the stats say so. */
static void
test_outage (void)
{
  g_autofree gchar *db = fresh_database ();
  g_autofree gchar *admin = g_strdup_printf ("%s/postgres", pg_uri);
  const gchar *name = strrchr (db, '/') + 1;
  g_autofree gchar *shut = g_strdup_printf ("ALTER DATABASE %s "
      "ALLOW_CONNECTIONS false", name);
  g_autofree gchar *kill = g_strdup_printf ("SELECT pg_terminate_backend "
      "(pid) FROM pg_stat_activity WHERE datname = '%s'", name);
  g_autofree gchar *open = g_strdup_printf ("ALTER DATABASE %s "
      "ALLOW_CONNECTIONS true", name);
  g_autoptr (WfStore) s = open_store (db);
  g_autoptr (JsonArray) rows = NULL;
  g_autoptr (GError) err = NULL;
  WfStoreStats st;
  JsonObject *o;

  g_assert_cmpstr (wf_store_get_engine (s), ==, "postgresql");
  wf_store_add_event (s, at (8, 0), "door", "started", NULL, NULL);
  wf_store_flush (s);
  wf_store_get_stats (s, &st);
  g_assert_true (st.writing);

  /* the store warns once that the database is lost (structured logging:
   * g_test_expect_message () does not see it) */
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK |
      G_LOG_LEVEL_CRITICAL);

  admin_exec (admin, shut);
  admin_exec (admin, kill);
  for (guint i = 0; i < 50; i++) {
    wf_store_add_event (s, at (9, i), "door", "arrival", "e1", NULL);
    wf_store_add_sighting (s, at (9, i), "e1", "Ada", "door", i == 0);
  }
  wf_store_flush (s);
  wf_store_flush (s);           /* a second try fails the same way */
  wf_store_get_stats (s, &st);
  g_assert_false (st.writing);
  g_assert_cmpuint (st.pending, ==, 100);
  g_assert_cmpuint (st.dropped, ==, 0);
  rows = q_events (s, 0, 100, &err);
  g_assert_null (rows);
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  g_clear_error (&err);

  admin_exec (admin, open);
  wf_store_flush (s);
  g_log_set_always_fatal (fatal);
  wf_store_get_stats (s, &st);
  g_assert_true (st.writing);
  g_assert_cmpuint (st.pending, ==, 0);
  rows = q_events (s, 0, 100, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (json_array_get_length (rows), ==, 51);
  g_clear_pointer (&rows, json_array_unref);
  rows = q_attendance (s, "2026-03-04", &err);
  g_assert_no_error (err);
  o = only_row (rows);
  g_assert_cmpint (iso_ms (json_object_get_string_member (o, "first_seen")),
      ==, at (9, 0));
  g_assert_cmpint (iso_ms (json_object_get_string_member (o, "last_seen")),
      ==, at (9, 49));
}

/* A database that is not ours, or of a newer schema: refused untouched. */
static void
test_pg_schema (void)
{
  WfRetention r = { 0 };
  g_autofree gchar *foreign = fresh_database ();
  g_autofree gchar *newer = fresh_database ();
  g_autoptr (GError) err = NULL;
  g_autoptr (WfStore) s = NULL;

  admin_exec (foreign, "CREATE TABLE invoices (id INT)");
  s = wf_store_new (foreign, &r, &err);
  g_assert_null (s);
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_test_message ("%s", err->message);
  g_clear_error (&err);
  /* untouched: still only its own table */
  {
    PGconn *c = PQconnectdb (foreign);
    PGresult *res = PQexec (c, "SELECT count (*) FROM pg_tables WHERE"
        " schemaname = 'public'");
    g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "1");
    PQclear (res);
    PQfinish (c);
  }

  s = open_store (newer);
  g_clear_object (&s);
  admin_exec (newer, "UPDATE wf_schema SET version = 99");
  s = wf_store_new (newer, &r, &err);
  g_assert_null (s);
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (err->message, "99"));
}
#endif

/* SQLite: a file of a newer schema is refused untouched. */
static void
test_sqlite_schema (void)
{
  WfRetention r = { 0 };
  g_autofree gchar *db = g_strdup_printf ("%s/newer.db", tmpdir);
  g_autoptr (GError) err = NULL;
  g_autoptr (WfStore) s = open_store (db);
  sqlite3 *h = NULL;

  g_clear_object (&s);
  g_assert_cmpint (sqlite3_open (db, &h), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (h, "PRAGMA user_version = 99", NULL, NULL,
          NULL), ==, SQLITE_OK);
  sqlite3_close (h);
  s = wf_store_new (db, &r, &err);
  g_assert_null (s);
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (err->message, "99"));
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) err = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  pg_uri = g_getenv ("WF_TEST_PG_URI");
  if (pg_uri && !WF_HAVE_POSTGRESQL) {
    g_print ("1..0 # SKIP built without PostgreSQL support\n");
    return 77;
  }
  tmpdir = g_dir_make_tmp ("wf-test-store-XXXXXX", &err);
  g_assert_no_error (err);

  g_test_add_func ("/store/events", test_events);
  g_test_add_func ("/store/attendance", test_attendance);
  g_test_add_func ("/store/two-nodes", test_two_nodes);
  g_test_add_func ("/store/occupancy-crossings", test_occupancy_crossings);
  g_test_add_func ("/store/audit", test_audit);
  g_test_add_func ("/store/erasure", test_erasure);
  g_test_add_func ("/store/erasure-file", test_erasure_file);
  g_test_add_func ("/store/retention", test_retention);
  g_test_add_func ("/store/retention-scheduled", test_retention_scheduled);
  g_test_add_func ("/store/bad-database", test_bad_database);
  g_test_add_func ("/store/unreachable", test_unreachable);
  if (pg_uri) {
#if WF_HAVE_POSTGRESQL
    g_test_add_func ("/store/pg-schema", test_pg_schema);
    g_test_add_func ("/store/outage", test_outage);
#endif
  } else {
    g_test_add_func ("/store/sqlite-schema", test_sqlite_schema);
  }
  rc = g_test_run ();
  {
    g_autoptr (GFile) dir = g_file_new_for_path (tmpdir);
    g_autoptr (GFileEnumerator) e = g_file_enumerate_children (dir,
        G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, NULL);
    GFileInfo *info;
    while (e && (info = g_file_enumerator_next_file (e, NULL, NULL))) {
      g_autoptr (GFile) f = g_file_get_child (dir,
          g_file_info_get_name (info));
      g_file_delete (f, NULL, NULL);
      g_object_unref (info);
    }
    g_rmdir (tmpdir);
  }
  g_free (tmpdir);
  return rc;
}
