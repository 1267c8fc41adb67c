/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-redact-policy.h"

#include <string.h>

G_DEFINE_QUARK (wf-redact-error-quark, wf_redact_error);

static const gchar *const policy_names[] = {
  [WF_REDACT_POLICY_ALL] = "all",
  [WF_REDACT_POLICY_UNKNOWN] = "unknown",
  [WF_REDACT_POLICY_NOT_CONSENTED] = "not-consented",
  [WF_REDACT_POLICY_NONE] = "none",
};

static const gchar *const method_names[] = {
  [WF_REDACT_PIXELATE] = "pixelate",
  [WF_REDACT_BLUR] = "blur",
  [WF_REDACT_FILL] = "fill",
};

static gint
name_index (const gchar * const *names, guint n, const gchar * name)
{
  for (guint i = 0; name && i < n; i++)
    if (g_strcmp0 (names[i], name) == 0)
      return (gint) i;
  return -1;
}

static void
set_unknown_name_error (GError ** error, const gchar * what,
    const gchar * name, const gchar * const *names, guint n)
{
  g_autoptr (GString) valid = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (valid, "%s%s", i ? ", " : "", names[i]);
  g_set_error (error, WF_REDACT_ERROR, WF_REDACT_ERROR_SYNTAX,
      "unknown %s '%s' (valid: %s)", what, name ? name : "(null)",
      valid->str);
}

const gchar *
wf_redact_policy_name (WfRedactPolicy policy)
{
  g_return_val_if_fail ((guint) policy < G_N_ELEMENTS (policy_names), NULL);
  return policy_names[policy];
}

gboolean
wf_redact_policy_from_name (const gchar * name, WfRedactPolicy * policy,
    GError ** error)
{
  gint i = name_index (policy_names, G_N_ELEMENTS (policy_names), name);

  if (i < 0) {
    set_unknown_name_error (error, "policy", name, policy_names,
        G_N_ELEMENTS (policy_names));
    return FALSE;
  }
  *policy = (WfRedactPolicy) i;
  return TRUE;
}

const gchar *
wf_redact_method_name (WfRedactMethod method)
{
  g_return_val_if_fail ((guint) method < G_N_ELEMENTS (method_names), NULL);
  return method_names[method];
}

gboolean
wf_redact_method_from_name (const gchar * name, WfRedactMethod * method,
    GError ** error)
{
  gint i = name_index (method_names, G_N_ELEMENTS (method_names), name);

  if (i < 0) {
    set_unknown_name_error (error, "method", name, method_names,
        G_N_ELEMENTS (method_names));
    return FALSE;
  }
  *method = (WfRedactMethod) i;
  return TRUE;
}

GHashTable *
wf_consent_parse (const gchar * str, GError ** error)
{
  g_autoptr (GHashTable) set = g_hash_table_new_full (g_str_hash,
      g_str_equal, g_free, NULL);
  const gchar *p = str;
  guint n = 0;

  if (str == NULL || *str == '\0')
    return g_steal_pointer (&set);

  /* One pass over the string, so a hostile value costs its length once. */
  while (TRUE) {
    const gchar *end = strchr (p, ',');
    const gchar *a = p, *b = end ? end : p + strlen (p);
    gchar *id;

    while (a < b && g_ascii_isspace (*a))
      a++;
    while (b > a && g_ascii_isspace (b[-1]))
      b--;
    if (a == b) {
      g_set_error (error, WF_REDACT_ERROR, WF_REDACT_ERROR_SYNTAX,
          "consent list: empty entry %u", n + 1);
      return NULL;
    }
    if ((gsize) (b - a) > WF_CONSENT_ID_MAX) {
      g_set_error (error, WF_REDACT_ERROR, WF_REDACT_ERROR_RANGE,
          "consent list: entry %u is longer than %u bytes", n + 1,
          WF_CONSENT_ID_MAX);
      return NULL;
    }
    for (const gchar * c = a; c < b; c++)
      if ((guchar) * c < 0x20 || *c == 0x7f) {
        g_set_error (error, WF_REDACT_ERROR, WF_REDACT_ERROR_SYNTAX,
            "consent list: entry %u holds a control character", n + 1);
        return NULL;
      }
    if (++n > WF_CONSENT_MAX_IDS) {
      g_set_error (error, WF_REDACT_ERROR, WF_REDACT_ERROR_RANGE,
          "consent list: more than %u ids", WF_CONSENT_MAX_IDS);
      return NULL;
    }
    id = g_strndup (a, b - a);
    g_hash_table_insert (set, id, id);
    if (end == NULL)
      break;
    p = end + 1;
  }
  return g_steal_pointer (&set);
}

static gint
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar * const *) a, *(const gchar * const *) b);
}

gchar *
wf_consent_to_string (GHashTable * consented)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  GHashTableIter it;
  gpointer key;

  if (consented) {
    g_hash_table_iter_init (&it, consented);
    while (g_hash_table_iter_next (&it, &key, NULL))
      g_ptr_array_add (ids, key);
  }
  g_ptr_array_sort (ids, cmp_str);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (",", (gchar **) ids->pdata);
}

gboolean
wf_redact_decide (WfRedactPolicy policy, const WfRedactSubject * subject,
    GHashTable * consented)
{
  gboolean named = subject->employee_id && *subject->employee_id;

  switch (policy) {
    case WF_REDACT_POLICY_NONE:
      return FALSE;
    case WF_REDACT_POLICY_UNKNOWN:
      return !named;
    case WF_REDACT_POLICY_NOT_CONSENTED:
      if (!named)
        return TRUE;
      if (subject->consent != WF_CONSENT_UNSTATED)
        return subject->consent != WF_CONSENT_GIVEN;
      return consented == NULL ||
          !g_hash_table_contains (consented, subject->employee_id);
    case WF_REDACT_POLICY_ALL:
    default:
      /* an unknown policy value redacts: fail closed */
      return TRUE;
  }
}
