/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The results store, on SQLite (a file in WAL mode, the default) or on
 * PostgreSQL (a postgresql:// URI; several nodes may share it), behind one
 * seam (wf-store-backend.h).  Writers only append to an in-memory batch
 * (under a lock, never touching the database); a writer thread commits the
 * batch in one transaction every WF_STORE_FLUSH_MS, so a crash loses at
 * most the last batch and never corrupts the data.  A batch PostgreSQL did
 * not take because the server was gone is kept and tried again (bounded:
 * WF_STORE_MAX_BUFFERED).  Queries use a separate read connection from the
 * main context.
 *
 * Privacy (docs/privacy.md): each kind of data has its own retention,
 * enforced at start and hourly by one table of rules (wf-store.c); the
 * audit log is append-only (a trigger refuses updates); an employee's
 * erasure is announced by a row of the erasures table before anything is
 * deleted, so an erasure that was interrupted is finished at the next
 * start (wf_store_pending_erasures ()).
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include "wf-privacy-config.h"

G_BEGIN_DECLS

#define WF_STORE_FLUSH_MS 500
/* While the database is unreachable (PostgreSQL), results wait in memory up
 * to this many records (about 200 bytes each) and are written when it
 * returns; beyond it the oldest are dropped and counted. */
#define WF_STORE_MAX_BUFFERED 100000

/* What the last enforcement did. */
typedef struct {
  gint64 last_run_ms;           /* unix ms, 0 before the first */
  guint64 removed[WF_RETAIN_N_KINDS];   /* rows, by the last run */
  guint64 removed_total;        /* rows, since start */
} WfRetentionStats;

/* One audit record: who did what to whose data. */
typedef struct {
  guint64 id;
  gint64 ts_ms;
  gchar *actor;                 /* "token", "loopback", "workforce-admin" */
  gchar *action;                /* "read-identities", "export", ... */
  gchar *subject;               /* the employee id, or NULL */
} WfAuditRecord;

void       wf_audit_record_clear      (WfAuditRecord * r);

/* One employee's attendance on one local day. */
typedef struct {
  gchar *employee_id;
  gchar *name;
  gint64 first_seen_ms;         /* unix ms */
  gint64 last_seen_ms;
  GStrv cameras;                /* the cameras that saw them, never NULL */
  gint64 sightings;
} WfAttendanceRecord;

void       wf_attendance_record_clear (WfAttendanceRecord * r);

/* People in one zone during one minute. */
typedef struct {
  gint64 minute_ms;             /* unix ms of the minute's start */
  gint64 peak;
  gdouble average;
  gint64 last;
} WfOccupancyMinute;

/* One event of the journal. */
typedef struct {
  guint64 id;
  gint64 ts_ms;
  gchar *camera;                /* NULL: the daemon's own */
  gchar *type;
  gchar *data;                  /* a JSON object as written, or NULL */
} WfEventRecord;

void       wf_event_record_clear      (WfEventRecord * r);

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
  gboolean writing;             /* FALSE while batches fail */
  guint64 dropped;              /* results dropped over the buffer's cap */
} WfStoreStats;

WfStore *  wf_store_new               (const gchar * path,
                                       const WfRetention * retention,
                                       GError ** error);
/* "sqlite" or "postgresql". */
const gchar * wf_store_get_engine     (WfStore * self);

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

/* Appends to the audit log (through the batch, like every write). */
void       wf_store_add_audit         (WfStore * self,
                                       gint64 ts_ms,
                                       const gchar * actor,
                                       const gchar * action,
                                       const gchar * subject);

/* Commits everything pending now and waits for it. */
void       wf_store_flush             (WfStore * self);

/*
 * Erasure of an employee's rows (attendance, events naming them, audit
 * records about them, the erasure's own announcement), in one transaction,
 * with the one list of statements of wf-store.c:
 * - wf_store_announce_erasure (): records that the employee is to be
 *   erased, committed before anything is deleted anywhere;
 * - wf_store_forget_employee (): deletes the rows, through the batch so
 *   that it lands after every pending sighting;
 * - the _file variants do the same on the database file at @path, for
 *   workforce-admin, also while the daemon runs (G_IO_ERROR_NOT_FOUND when
 *   there is no such file).
 */
gboolean   wf_store_announce_erasure  (WfStore * self,
                                       const gchar * employee_id,
                                       GError ** error);
gboolean   wf_store_forget_employee   (WfStore * self,
                                       const gchar * employee_id,
                                       GError ** error);
gboolean   wf_store_announce_erasure_file (const gchar * path,
                                       const gchar * employee_id,
                                       GError ** error);
gboolean   wf_store_erase_employee    (const gchar * path,
                                       const gchar * employee_id,
                                       GError ** error);
/* Whether the file at @path holds an unfinished erasure of @employee_id. */
gboolean   wf_store_erasure_announced_file (const gchar * path,
                                       const gchar * employee_id,
                                       gboolean * announced,
                                       GError ** error);
/* Employees whose erasure was announced and not finished (a process killed
 * half-way): finish them with the gallery and wf_store_forget_employee. */
GStrv      wf_store_pending_erasures  (WfStore * self,
                                       GError ** error);

/* Deletes rows older than their kind's retention at @now_ms; returns rows
 * removed.  The writer runs it at start and hourly. */
guint64    wf_store_enforce_retention (WfStore * self,
                                       gint64 now_ms,
                                       GError ** error);
/* How often the writer runs the retention (an hour); shorter only in the
 * store's tests. */
void       wf_store_set_retention_interval (WfStore * self,
                                       gint64 interval_us);
void       wf_store_get_retention_stats (WfStore * self,
                                       WfRetentionStats * stats);

void       wf_store_get_stats         (WfStore * self,
                                       WfStoreStats * stats);

/* The queries return GArrays of records (JSON is made at the API's edge,
 * wf-store-json.h).  Attendance of one local day (YYYY-MM-DD), by first
 * sighting: WfAttendanceRecord. */
GArray *   wf_store_query_attendance  (WfStore * self,
                                       const gchar * date,
                                       GError ** error);
/* Per-minute history of a zone from @from_ms to @to_ms:
 * WfOccupancyMinute. */
GArray *   wf_store_query_occupancy   (WfStore * self,
                                       const gchar * camera,
                                       const gchar * zone,
                                       gint64 from_ms,
                                       gint64 to_ms,
                                       GError ** error);
/* Journal events with id > @after_id, oldest first, at most @limit:
 * WfEventRecord. */
GArray *   wf_store_query_events      (WfStore * self,
                                       guint64 after_id,
                                       guint limit,
                                       GError ** error);

/* Audit records with id > @after_id, oldest first, at most @limit. */
GArray *   wf_store_query_audit       (WfStore * self,
                                       guint64 after_id,
                                       guint limit,
                                       GError ** error);

/* Everything the database holds about @employee_id, for an export
 * (docs/privacy.md): "attendance", "events" (those naming them, line
 * crossings included) and "audit", each an array of row objects. */
JsonObject *wf_store_query_employee   (WfStore * self,
                                       const gchar * employee_id,
                                       GError ** error);
/* The same from the database file at @path (tools). */
JsonObject *wf_store_query_employee_file (const gchar * path,
                                       const gchar * employee_id,
                                       GError ** error);

/* ISO 8601 in local time with offset, from unix milliseconds. */
gchar *    wf_iso8601_from_ms         (gint64 ms);
/* Sets member @name of @o to wf_iso8601_from_ms (@ms). */
void       wf_json_set_iso8601        (JsonObject * o,
                                       const gchar * name,
                                       gint64 ms);

G_END_DECLS
