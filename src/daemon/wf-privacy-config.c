/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-privacy-config.h"

#define HOUR (G_GINT64_CONSTANT (3600))
#define DAY (24 * HOUR)
/* Unknown faces: Double Take keeps them 8 hours; so do we. */
#define DEFAULT_CROPS_HOURS 8
/* The audit log outlives what it audits: a year. */
#define DEFAULT_AUDIT_DAYS 365
#define MAX_DAYS 36500

typedef struct {
  const gchar *key;
  const gchar *name;
  gint64 unit;                  /* seconds per unit of the key */
} Kind;

static const Kind kinds[WF_RETAIN_N_KINDS] = {
  [WF_RETAIN_IDENTITY_EVENTS] = {"identity-events-days", "identity_events",
      DAY},
  [WF_RETAIN_JOURNAL] = {"journal-days", "journal", DAY},
  [WF_RETAIN_ATTENDANCE] = {"attendance-days", "attendance", DAY},
  [WF_RETAIN_OCCUPANCY] = {"occupancy-days", "occupancy", DAY},
  [WF_RETAIN_AUDIT] = {"audit-days", "audit", DAY},
  [WF_RETAIN_UNKNOWN_CROPS] = {"unknown-crops-hours", "unknown_crops", HOUR},
};

const gchar *
wf_retain_kind_key (WfRetainKind kind)
{
  g_return_val_if_fail (kind < WF_RETAIN_N_KINDS, NULL);
  return kinds[kind].key;
}

const gchar *
wf_retain_kind_name (WfRetainKind kind)
{
  g_return_val_if_fail (kind < WF_RETAIN_N_KINDS, NULL);
  return kinds[kind].name;
}

WfPrivacyConfig *
wf_privacy_config_new (guint retention_days)
{
  WfPrivacyConfig *cfg = g_new0 (WfPrivacyConfig, 1);

  cfg->snapshot_policy = WF_REDACT_POLICY_UNKNOWN;
  cfg->snapshot_method = WF_REDACT_PIXELATE;
  for (guint k = 0; k < WF_RETAIN_N_KINDS; k++)
    cfg->retention.seconds[k] = retention_days * DAY;
  cfg->retention.seconds[WF_RETAIN_AUDIT] = MAX (retention_days,
      DEFAULT_AUDIT_DAYS) * DAY;
  cfg->retention.seconds[WF_RETAIN_UNKNOWN_CROPS] = DEFAULT_CROPS_HOURS * HOUR;
  return cfg;
}

void
wf_privacy_config_free (WfPrivacyConfig * cfg)
{
  g_free (cfg);
}

/* A policy or method name through the redaction module's own parser. */
static gboolean
get_name (WfConfigGroup * g, const gchar * key, gboolean policy,
    gint * out, GError ** error)
{
  g_autofree gchar *v = NULL;
  g_autoptr (GError) err = NULL;
  gboolean ok;

  if (!wf_config_group_get_string (g, key, &v, error))
    return FALSE;
  if (!v)
    return TRUE;
  ok = policy ? wf_redact_policy_from_name (v, (WfRedactPolicy *) out, &err)
      : wf_redact_method_from_name (v, (WfRedactMethod *) out, &err);
  if (!ok)
    return wf_config_group_fail (g, error, WF_CONFIG_ERROR_VALUE, key,
        "%s: %s", key, err->message);
  return TRUE;
}

gboolean
wf_privacy_config_load (WfPrivacyConfig * cfg, WfConfigGroup * g,
    GError ** error)
{
  const gchar *known[WF_RETAIN_N_KINDS + 5] = {
    "snapshot-policy", "snapshot-method", "require-consent",
    "store-unknown-crops",
  };
  gint policy = cfg->snapshot_policy, method = cfg->snapshot_method;

  for (guint k = 0; k < WF_RETAIN_N_KINDS; k++)
    known[4 + k] = kinds[k].key;
  if (!wf_config_group_check_keys (g, known, error) ||
      !get_name (g, "snapshot-policy", TRUE, &policy, error) ||
      !get_name (g, "snapshot-method", FALSE, &method, error) ||
      !wf_config_group_get_bool (g, "require-consent", &cfg->require_consent,
          error) ||
      !wf_config_group_get_bool (g, "store-unknown-crops",
          &cfg->store_unknown_crops, error))
    return FALSE;
  cfg->snapshot_policy = policy;
  cfg->snapshot_method = method;
  for (guint k = 0; k < WF_RETAIN_N_KINDS; k++) {
    guint64 n = cfg->retention.seconds[k] / kinds[k].unit;
    if (!wf_config_group_get_uint (g, kinds[k].key, 1,
            MAX_DAYS * (DAY / kinds[k].unit), &n, error))
      return FALSE;
    cfg->retention.seconds[k] = (gint64) n * kinds[k].unit;
  }
  return TRUE;
}
