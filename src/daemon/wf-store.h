/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The results store: SQLite in WAL mode.  Writers only append to an
 * in-memory batch (under a lock, never touching SQLite); a writer thread
 * commits the batch in one transaction every WF_STORE_FLUSH_MS, so a crash
 * loses at most the last batch and never corrupts the file.  Queries use a
 * separate read connection from the main context.
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define WF_STORE_FLUSH_MS 500

#define WF_TYPE_STORE (wf_store_get_type ())
G_DECLARE_FINAL_TYPE (WfStore, wf_store, WF, STORE, GObject)

typedef struct {
  guint64 pending;              /* records waiting for the next batch */
  guint64 batches;              /* committed transactions */
  guint64 last_event_id;        /* highest event id handed out */
  guint64 committed_event_id;   /* highest event id committed */
  gint64 last_commit_ms;        /* unix ms of the last commit, 0 */
  gdouble last_commit_seconds;  /* how long it took */
  guint64 file_bytes;           /* database + WAL */
} WfStoreStats;

WfStore *  wf_store_new               (const gchar * path,
                                       guint retention_days,
                                       GError ** error);

/* Appends to the journal; returns the event's id.  @data is a JSON object
 * text (or NULL), @employee_id lets a deletion erase the event. */
guint64    wf_store_add_event         (WfStore * self,
                                       gint64 ts_ms,
                                       const gchar * camera,
                                       const gchar * type,
                                       const gchar * employee_id,
                                       const gchar * data);
/* Marks the employee present at @ts_ms; @new_sighting counts a new
 * appearance, otherwise only last_seen and cameras move. */
void       wf_store_add_sighting      (WfStore * self,
                                       gint64 ts_ms,
                                       const gchar * employee_id,
                                       const gchar * name,
                                       const gchar * camera,
                                       gboolean new_sighting);
void       wf_store_add_occupancy     (WfStore * self,
                                       gint64 ts_ms,
                                       const gchar * camera,
                                       const gchar * zone,
                                       guint count);
void       wf_store_add_crossing      (WfStore * self,
                                       gint64 ts_ms,
                                       const gchar * camera,
                                       const gchar * line,
                                       const gchar * direction,
                                       guint64 track_id);

/* Commits everything pending now and waits for it. */
void       wf_store_flush             (WfStore * self);
/* Erases the employee's attendance and events from the database file at
 * @path, in one transaction, with the statements of
 * wf_store_forget_employee (): for workforce-admin, also while the daemon
 * runs.  G_IO_ERROR_NOT_FOUND when there is no such file. */
gboolean   wf_store_erase_employee    (const gchar * path,
                                       const gchar * employee_id,
                                       GError ** error);
/* Erases the employee's attendance and events (pending ones too). */
gboolean   wf_store_forget_employee   (WfStore * self,
                                       const gchar * employee_id,
                                       GError ** error);
/* Deletes rows older than the retention; returns rows removed. */
guint64    wf_store_enforce_retention (WfStore * self,
                                       gint64 now_ms,
                                       GError ** error);

void       wf_store_get_stats         (WfStore * self,
                                       WfStoreStats * stats);

/* Rows of one local day (YYYY-MM-DD): employee_id, name, first_seen,
 * last_seen (ISO 8601), cameras, sightings. */
JsonArray *wf_store_query_attendance  (WfStore * self,
                                       const gchar * date,
                                       GError ** error);
/* Per-minute history: minute (ISO 8601), peak, average, last. */
JsonArray *wf_store_query_occupancy   (WfStore * self,
                                       const gchar * camera,
                                       const gchar * zone,
                                       gint64 from_ms,
                                       gint64 to_ms,
                                       GError ** error);
/* Line crossings summed per line and direction since @from_ms. */
JsonArray *wf_store_query_events      (WfStore * self,
                                       guint64 after_id,
                                       guint limit,
                                       GError ** error);

/* ISO 8601 in local time with offset, from unix milliseconds. */
gchar *    wf_iso8601_from_ms         (gint64 ms);

G_END_DECLS
