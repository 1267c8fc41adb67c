/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The redaction model of src/privacy: names of policies and methods, the
 * consent list's syntax and limits, and the decision for every kind of
 * face under every policy.
 */
#include <glib.h>
#include <string.h>

#include "wf-redact-policy.h"

static void
test_names (void)
{
  const gchar *policies[] = { "all", "unknown", "not-consented", "none" };
  const gchar *methods[] = { "pixelate", "blur", "fill" };
  g_autoptr (GError) err = NULL;
  WfRedactPolicy p = WF_REDACT_POLICY_NONE;
  WfRedactMethod m = WF_REDACT_FILL;

  for (guint i = 0; i < G_N_ELEMENTS (policies); i++) {
    g_assert_true (wf_redact_policy_from_name (policies[i], &p, NULL));
    g_assert_cmpint (p, ==, i);
    g_assert_cmpstr (wf_redact_policy_name (p), ==, policies[i]);
  }
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++) {
    g_assert_true (wf_redact_method_from_name (methods[i], &m, NULL));
    g_assert_cmpint (m, ==, i);
    g_assert_cmpstr (wf_redact_method_name (m), ==, methods[i]);
  }
  /* refused, the output untouched, the error lists the valid names */
  p = WF_REDACT_POLICY_ALL;
  g_assert_false (wf_redact_policy_from_name ("everyone", &p, &err));
  g_assert_error (err, WF_REDACT_ERROR, WF_REDACT_ERROR_SYNTAX);
  g_assert_nonnull (strstr (err->message, "everyone"));
  g_assert_nonnull (strstr (err->message, "not-consented"));
  g_assert_cmpint (p, ==, WF_REDACT_POLICY_ALL);
  g_clear_error (&err);
  g_assert_false (wf_redact_policy_from_name (NULL, &p, &err));
  g_clear_error (&err);
  g_assert_false (wf_redact_method_from_name ("Blur", &m, &err));
  g_assert_nonnull (strstr (err->message, "pixelate"));
  g_assert_cmpint (m, ==, WF_REDACT_FILL);
}

static void
test_consent_parse (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (GHashTable) set = NULL;
  g_autofree gchar *str = NULL;
  GString *big;

  set = wf_consent_parse (" bob , alice,carol-1 ", &err);
  g_assert_no_error (err);
  g_assert_cmpuint (g_hash_table_size (set), ==, 3);
  g_assert_true (g_hash_table_contains (set, "alice"));
  g_assert_true (g_hash_table_contains (set, "carol-1"));
  g_assert_false (g_hash_table_contains (set, " bob "));
  str = wf_consent_to_string (set);
  g_assert_cmpstr (str, ==, "alice,bob,carol-1");
  g_clear_pointer (&set, g_hash_table_unref);

  set = wf_consent_parse ("", &err);
  g_assert_no_error (err);
  g_assert_cmpuint (g_hash_table_size (set), ==, 0);
  g_clear_pointer (&set, g_hash_table_unref);
  set = wf_consent_parse (NULL, &err);
  g_assert_cmpuint (g_hash_table_size (set), ==, 0);
  g_clear_pointer (&set, g_hash_table_unref);
  g_free (str);
  str = wf_consent_to_string (NULL);
  g_assert_cmpstr (str, ==, "");

  /* malformed */
  g_assert_null (wf_consent_parse ("a,,b", &err));
  g_assert_error (err, WF_REDACT_ERROR, WF_REDACT_ERROR_SYNTAX);
  g_assert_nonnull (strstr (err->message, "entry 2"));
  g_clear_error (&err);
  g_assert_null (wf_consent_parse ("a,", &err));
  g_clear_error (&err);
  g_assert_null (wf_consent_parse ("a,b\nc", &err));
  g_assert_error (err, WF_REDACT_ERROR, WF_REDACT_ERROR_SYNTAX);
  g_clear_error (&err);

  /* limits */
  big = g_string_new (NULL);
  for (guint i = 0; i <= WF_CONSENT_ID_MAX; i++)
    g_string_append_c (big, 'x');
  g_assert_null (wf_consent_parse (big->str, &err));
  g_assert_error (err, WF_REDACT_ERROR, WF_REDACT_ERROR_RANGE);
  g_clear_error (&err);
  g_string_truncate (big, WF_CONSENT_ID_MAX);
  set = wf_consent_parse (big->str, &err);
  g_assert_no_error (err);
  g_clear_pointer (&set, g_hash_table_unref);
  g_string_truncate (big, 0);
  for (guint i = 0; i <= WF_CONSENT_MAX_IDS; i++)
    g_string_append_printf (big, "%s%u", i ? "," : "", i);
  g_assert_null (wf_consent_parse (big->str, &err));
  g_assert_error (err, WF_REDACT_ERROR, WF_REDACT_ERROR_RANGE);
  g_clear_error (&err);
  g_string_free (big, TRUE);
}

static void
test_decide (void)
{
  g_autoptr (GHashTable) consented = wf_consent_parse ("alice", NULL);
  const WfRedactSubject unknown = { NULL, WF_CONSENT_UNSTATED };
  const WfRedactSubject empty_id = { "", WF_CONSENT_UNSTATED };
  const WfRedactSubject alice = { "alice", WF_CONSENT_UNSTATED };
  const WfRedactSubject bob = { "bob", WF_CONSENT_UNSTATED };
  const WfRedactSubject bob_yes = { "bob", WF_CONSENT_GIVEN };
  const WfRedactSubject alice_no = { "alice", WF_CONSENT_REFUSED };
  const WfRedactSubject unknown_yes = { NULL, WF_CONSENT_GIVEN };
  const struct {
    const WfRedactSubject *s;
    gboolean all, unknown, not_consented, none;
  } cases[] = {
    {&unknown, TRUE, TRUE, TRUE, FALSE},
    {&empty_id, TRUE, TRUE, TRUE, FALSE},
    {&alice, TRUE, FALSE, FALSE, FALSE},
    {&bob, TRUE, FALSE, TRUE, FALSE},
    /* a stated consent wins over the list */
    {&bob_yes, TRUE, FALSE, FALSE, FALSE},
    {&alice_no, TRUE, FALSE, TRUE, FALSE},
    /* consent of nobody in particular names no one */
    {&unknown_yes, TRUE, TRUE, TRUE, FALSE},
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_test_message ("case %u", i);
    g_assert_cmpint (wf_redact_decide (WF_REDACT_POLICY_ALL, cases[i].s,
            consented), ==, cases[i].all);
    g_assert_cmpint (wf_redact_decide (WF_REDACT_POLICY_UNKNOWN, cases[i].s,
            consented), ==, cases[i].unknown);
    g_assert_cmpint (wf_redact_decide (WF_REDACT_POLICY_NOT_CONSENTED,
            cases[i].s, consented), ==, cases[i].not_consented);
    g_assert_cmpint (wf_redact_decide (WF_REDACT_POLICY_NONE, cases[i].s,
            consented), ==, cases[i].none);
  }
  /* no list: nobody consented */
  g_assert_true (wf_redact_decide (WF_REDACT_POLICY_NOT_CONSENTED, &alice,
          NULL));
  /* a value outside the enum fails closed */
  g_assert_true (wf_redact_decide ((WfRedactPolicy) 42, &alice, consented));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/privacy/policy/names", test_names);
  g_test_add_func ("/privacy/policy/consent-parse", test_consent_parse);
  g_test_add_func ("/privacy/policy/decide", test_decide);
  return g_test_run ();
}
