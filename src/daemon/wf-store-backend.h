/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The seam between the results store (wf-store.c: batching, the writer
 * thread, ids, retention rules, queries turned into JSON) and a database
 * engine (wf-store-sqlite.c, wf-store-pg.c).  A backend only runs SQL:
 * statements are written once in wf-store.c with ?1..?N parameters; where
 * the dialects differ, the backend gives its own text for a WfStoreSql.
 *
 * Each backend holds two connections: WF_STORE_CONN_WRITE, used by the
 * writer thread only, and WF_STORE_CONN_READ, used by the main context
 * only, so no connection is ever shared between threads.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  WF_STORE_CONN_WRITE,
  WF_STORE_CONN_READ,
} WfStoreConn;

/* Statements whose text differs between engines. */
typedef enum
{
  WF_STORE_SQL_SIGHTING,        /* upsert of one attendance row */
  WF_STORE_SQL_OCCUPANCY,       /* upsert of one occupancy minute */
  WF_STORE_SQL_ANNOUNCE,        /* erasure announced, once */
  WF_STORE_SQL_CLAIM,           /* a block of ?2 event ids above ?1 */
  WF_STORE_SQL_N
} WfStoreSql;

typedef enum
{
  WF_STORE_VALUE_NULL,
  WF_STORE_VALUE_INT,
  WF_STORE_VALUE_FLOAT,
  WF_STORE_VALUE_TEXT,
} WfStoreValueType;

/* A parameter: an integer, or a text (NULL text binds SQL NULL). */
typedef struct
{
  gboolean is_text;
  gint64 i;
  const gchar *s;
} WfStoreParam;

#define WF_P_INT(v) ((WfStoreParam) { FALSE, (gint64) (v), NULL })
#define WF_P_TEXT(v) ((WfStoreParam) { TRUE, 0, (v) })

/* A whole result, read into memory (queries are bounded by their LIMIT or
 * by one employee's rows). */
typedef struct
{
  guint n_rows, n_cols;
  gchar **names;                /* n_cols */
  WfStoreValueType *types;      /* n_rows * n_cols */
  gchar **values;               /* n_rows * n_cols, text form, NULL */
} WfStoreRows;

void          wf_store_rows_free       (WfStoreRows * rows);
gint64        wf_store_rows_int        (const WfStoreRows * rows,
                                        guint row, guint col);
const gchar * wf_store_rows_text       (const WfStoreRows * rows,
                                        guint row, guint col);
WfStoreValueType wf_store_rows_type    (const WfStoreRows * rows,
                                        guint row, guint col);
/* Builds a result: the backend fills names, then calls _set per cell. */
WfStoreRows * wf_store_rows_new        (guint n_rows, guint n_cols);
void          wf_store_rows_set        (WfStoreRows * rows, guint row,
                                        guint col, WfStoreValueType type,
                                        const gchar * text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfStoreRows, wf_store_rows_free);

typedef struct _WfStoreBackend WfStoreBackend;

typedef struct
{
  const gchar *name;            /* "sqlite", "postgresql" */
  const gchar *sql[WF_STORE_SQL_N];
  /* Runs @sql with @params; *changes gets the rows it changed (may be
   * NULL). */
  gboolean (*exec) (WfStoreBackend * b, WfStoreConn conn, const gchar * sql,
      const WfStoreParam * params, guint n_params, guint64 * changes,
      GError ** error);
  WfStoreRows *(*query) (WfStoreBackend * b, WfStoreConn conn,
      const gchar * sql, const WfStoreParam * params, guint n_params,
      GError ** error);
  /* Transactions on @conn: begin takes the write lock where the engine has
   * one (SQLite BEGIN IMMEDIATE). */
  gboolean (*begin) (WfStoreBackend * b, WfStoreConn conn, GError ** error);
  gboolean (*commit) (WfStoreBackend * b, WfStoreConn conn, GError ** error);
  void (*rollback) (WfStoreBackend * b, WfStoreConn conn);
  /* After a committed erasure: leave no copy of the rows behind (SQLite's
   * WAL); may be NULL. */
  void (*after_erasure) (WfStoreBackend * b, WfStoreConn conn);
  /* Bytes the data takes, for the health report. */
  guint64 (*size_bytes) (WfStoreBackend * b);
  /* A second backend on the same database, write connection only, for
   * work off the writer thread (wf_store_enforce_retention ()). */
  WfStoreBackend *(*open_private) (WfStoreBackend * b, GError ** error);
  void (*close) (WfStoreBackend * b);
} WfStoreBackendClass;

struct _WfStoreBackend
{
  const WfStoreBackendClass *klass;
  gchar *display;               /* path or redacted URI, for messages */
};

/* The store's schema is the backend's to create and migrate: both open
 * functions refuse a database of a newer schema, or one that is not ours,
 * and leave it untouched. */
WfStoreBackend *wf_store_sqlite_open   (const gchar * path,
                                        gboolean create,
                                        gboolean read_connection,
                                        GError ** error);
#if WF_HAVE_POSTGRESQL
WfStoreBackend *wf_store_pg_open       (const gchar * uri,
                                        GError ** error);
#endif

void          wf_store_backend_close   (WfStoreBackend * b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfStoreBackend, wf_store_backend_close);

G_END_DECLS
