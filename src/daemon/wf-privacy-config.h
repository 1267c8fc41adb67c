/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The [privacy] group of the configuration: how pictures leave the process
 * (redaction policy of snapshots), whether enrolment must state consent,
 * and how long each kind of data is kept (docs/privacy.md).  Parsed and
 * checked here for wf-config.c, with its readers and errors.
 */
#pragma once

#include <glib.h>
#include "wf-config.h"
#include "wf-redact-policy.h"

G_BEGIN_DECLS

/* How long each kind of data is kept; enforced by wf-store.c at start and
 * hourly, one rule per table.  Names and keys: wf-privacy-config.c. */
typedef enum {
  WF_RETAIN_IDENTITY_EVENTS,    /* journal events naming an employee */
  WF_RETAIN_JOURNAL,            /* the other journal events */
  WF_RETAIN_ATTENDANCE,         /* attendance days */
  WF_RETAIN_OCCUPANCY,          /* occupancy minutes and line crossings */
  WF_RETAIN_AUDIT,              /* the audit log */
  WF_RETAIN_UNKNOWN_CROPS,      /* stored pictures of unknown faces */
  WF_RETAIN_N_KINDS,
} WfRetainKind;

/* Seconds each kind is kept. */
typedef struct {
  gint64 seconds[WF_RETAIN_N_KINDS];
} WfRetention;

struct _WfPrivacyConfig {
  WfRedactPolicy snapshot_policy;       /* default unknown */
  WfRedactMethod snapshot_method;       /* default pixelate */
  gboolean require_consent;             /* enrolment must state consent */
  /* keep the best crop of each unknown track for the review loop
   * (wf-unknowns.h), for retention[WF_RETAIN_UNKNOWN_CROPS]; default off */
  gboolean store_unknown_crops;
  WfRetention retention;
};

/* The configuration key of @kind ("attendance-days", ...) and the kind's
 * name in /api/v1/health ("attendance"). */
const gchar *     wf_retain_kind_key         (WfRetainKind kind);
const gchar *     wf_retain_kind_name        (WfRetainKind kind);

/* The defaults, with every kind but the crops and the audit kept for
 * @retention_days ([server] retention-days). */
WfPrivacyConfig * wf_privacy_config_new      (guint retention_days);
/* Reads the [privacy] group @g over @cfg (made by wf_privacy_config_new):
 * a WF_CONFIG_ERROR naming file and line on failure. */
gboolean          wf_privacy_config_load     (WfPrivacyConfig * cfg,
                                              WfConfigGroup * g,
                                              GError ** error);
void              wf_privacy_config_free     (WfPrivacyConfig * cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfPrivacyConfig, wf_privacy_config_free)

G_END_DECLS
