/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-tokens.h"

#include <string.h>

typedef struct {
  gchar *name;
  gchar *secret;
} Token;

struct _WfTokens
{
  GArray *tokens;               /* Token */
};

static void
token_clear (gpointer p)
{
  Token *t = p;

  g_free (t->name);
  /* the secret does not outlive its use in freed memory */
  if (t->secret)
    memset (t->secret, 0, strlen (t->secret));
  g_free (t->secret);
}

WfTokens *
wf_tokens_new (void)
{
  WfTokens *self = g_new0 (WfTokens, 1);

  self->tokens = g_array_new (FALSE, TRUE, sizeof (Token));
  g_array_set_clear_func (self->tokens, token_clear);
  return self;
}

void
wf_tokens_free (WfTokens * self)
{
  if (!self)
    return;
  g_array_unref (self->tokens);
  g_free (self);
}

gboolean
wf_token_is_valid (const gchar * token, GError ** error)
{
  gsize n = strlen (token);

  if (n < WF_TOKEN_MIN_LENGTH || n > WF_TOKEN_MAX_LENGTH) {
    g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE,
        "the token must have at least %d characters (and at most %d)",
        WF_TOKEN_MIN_LENGTH, WF_TOKEN_MAX_LENGTH);
    return FALSE;
  }
  for (const gchar * p = token; *p; p++) {
    if (!g_ascii_isgraph (*p)) {
      g_set_error (error, WF_CONFIG_ERROR, WF_CONFIG_ERROR_VALUE,
          "the token must be printable ASCII without spaces");
      return FALSE;
    }
  }
  return TRUE;
}

gboolean
wf_token_name_is_valid (const gchar * name)
{
  gsize n = strlen (name);

  if (n < 1 || n > 32 || g_str_equal (name, WF_TOKEN_SERVER_NAME) ||
      g_str_equal (name, "loopback"))
    return FALSE;
  for (const gchar * p = name; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_' &&
        *p != '-')
      return FALSE;
  return TRUE;
}

gboolean
wf_token_equal (const gchar * presented, const gchar * secret)
{
  gsize la = strlen (presented), lb = strlen (secret);
  guint8 diff = la != lb;

  for (gsize i = 0; i < lb; i++)
    diff |= (guint8) (secret[i] ^ (i < la ? presented[i] : 0));
  return diff == 0;
}

gboolean
wf_tokens_load (WfTokens * self, WfConfigGroup * g, GError ** error)
{
  g_auto (GStrv) keys = wf_config_group_get_keys (g);

  for (guint i = 0; keys && keys[i]; i++) {
    const gchar *name = keys[i];
    g_autofree gchar *secret = NULL;
    g_autoptr (GError) err = NULL;
    Token t;

    if (!wf_token_name_is_valid (name))
      return wf_config_group_fail (g, error, WF_CONFIG_ERROR_VALUE, name,
          "token name '%s': 1-32 of a-z, 0-9, '_' and '-', and neither "
          "'token' nor 'loopback'", name);
    if (self->tokens->len >= WF_TOKENS_MAX)
      return wf_config_group_fail (g, error, WF_CONFIG_ERROR_VALUE, name,
          "at most %d named tokens", WF_TOKENS_MAX);
    if (!wf_config_group_get_string (g, name, &secret, error))
      return FALSE;
    if (!wf_token_is_valid (secret, &err))
      return wf_config_group_fail (g, error, WF_CONFIG_ERROR_VALUE, name,
          "token %s: %s", name, err->message);
    /* the audit must tell who: one secret, one name */
    if (wf_tokens_find_secret (self, secret))
      return wf_config_group_fail (g, error, WF_CONFIG_ERROR_VALUE, name,
          "token %s is the same as token %s: give each its own", name,
          wf_tokens_find_secret (self, secret));
    t.name = g_strdup (name);
    t.secret = g_steal_pointer (&secret);
    g_array_append_val (self->tokens, t);
  }
  return TRUE;
}

guint
wf_tokens_count (WfTokens * self)
{
  return self->tokens->len;
}

const gchar *
wf_tokens_find_secret (WfTokens * self, const gchar * secret)
{
  for (guint i = 0; i < self->tokens->len; i++) {
    const Token *t = &g_array_index (self->tokens, Token, i);
    if (g_str_equal (t->secret, secret))
      return t->name;
  }
  return NULL;
}

const gchar *
wf_tokens_match (WfTokens * self, const gchar * presented)
{
  const gchar *found = NULL;

  for (guint i = 0; i < self->tokens->len; i++) {
    const Token *t = &g_array_index (self->tokens, Token, i);
    if (wf_token_equal (presented, t->secret) && !found)
      found = t->name;
  }
  return found;
}
