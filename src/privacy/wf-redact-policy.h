/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Which faces are redacted: the policy, the consent list and the decision
 * for one face.  Pure C, no GStreamer types; the faceredact element maps a
 * face ROI's params to a WfRedactSubject and asks wf_redact_decide ().
 *
 * When unsure, redact: a face nobody named is unknown, and an employee
 * counts as consenting only when told so.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  WF_REDACT_POLICY_ALL,         /* every face */
  WF_REDACT_POLICY_UNKNOWN,     /* faces facematch did not name */
  WF_REDACT_POLICY_NOT_CONSENTED, /* unknown faces and employees without
                                 * consent */
  WF_REDACT_POLICY_NONE,        /* no face (masks still apply) */
} WfRedactPolicy;

typedef enum {
  WF_REDACT_PIXELATE,
  WF_REDACT_BLUR,
  WF_REDACT_FILL,
} WfRedactMethod;

/* What the metadata says about a face's consent. */
typedef enum {
  WF_CONSENT_UNSTATED = -1,     /* no `consent` field: ask the list */
  WF_CONSENT_REFUSED = 0,
  WF_CONSENT_GIVEN = 1,
} WfConsent;

typedef struct {
  /* the employee facematch named, NULL when unknown */
  const gchar *employee_id;
  WfConsent consent;
} WfRedactSubject;

#define WF_REDACT_ERROR (wf_redact_error_quark ())
typedef enum {
  WF_REDACT_ERROR_SYNTAX,       /* not a known name, a malformed list */
  WF_REDACT_ERROR_RANGE,        /* too many or too long entries */
} WfRedactError;

/* Limits of the consent list, checked before anything is stored. */
#define WF_CONSENT_MAX_IDS 4096
#define WF_CONSENT_ID_MAX 256

GQuark         wf_redact_error_quark      (void);

/* Names as in the element's properties and the daemon's configuration:
 * "all", "unknown", "not-consented", "none"; "pixelate", "blur", "fill". */
const gchar *  wf_redact_policy_name      (WfRedactPolicy policy);
gboolean       wf_redact_policy_from_name (const gchar * name,
                                           WfRedactPolicy * policy,
                                           GError ** error);
const gchar *  wf_redact_method_name      (WfRedactMethod method);
gboolean       wf_redact_method_from_name (const gchar * name,
                                           WfRedactMethod * method,
                                           GError ** error);

/* "id1,id2,...": a new set of employee ids (keys and values the same
 * string), or NULL and an error naming the entry.  Blanks around ids are
 * dropped; NULL or "" is the empty set; an empty entry, a control
 * character, an id over WF_CONSENT_ID_MAX bytes or more than
 * WF_CONSENT_MAX_IDS ids are refused. */
GHashTable *   wf_consent_parse           (const gchar * str,
                                           GError ** error);
/* The set in the same syntax, ids sorted. */
gchar *        wf_consent_to_string       (GHashTable * consented);

/* Whether the face of @subject is redacted under @policy.  With
 * not-consented, a stated consent wins over the list @consented (which
 * may be NULL, the empty set). */
gboolean       wf_redact_decide           (WfRedactPolicy policy,
                                           const WfRedactSubject * subject,
                                           GHashTable * consented);

G_END_DECLS
