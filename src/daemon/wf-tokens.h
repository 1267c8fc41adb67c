/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The API's bearer tokens, each with a name the audit log records
 * (docs/privacy.md): the [tokens] group, NAME = TOKEN, beside [server]
 * token, whose name is "token".  The one place that says what a token and a
 * token name may be and that compares a presented token with them.
 */
#pragma once

#include "wf-config.h"

G_BEGIN_DECLS

#define WF_TOKEN_MIN_LENGTH 16
#define WF_TOKEN_MAX_LENGTH 4096
/* the most named tokens: each request is compared with all of them */
#define WF_TOKENS_MAX 64
/* the name of [server] token in the audit */
#define WF_TOKEN_SERVER_NAME "token"

typedef struct _WfTokens WfTokens;

WfTokens *      wf_tokens_new            (void);
void            wf_tokens_free           (WfTokens * tokens);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WfTokens, wf_tokens_free)

/* 16 to 4096 printable ASCII characters without spaces. */
gboolean        wf_token_is_valid        (const gchar * token,
                                          GError ** error);
/* 1-32 of [a-z0-9_-], and neither "token" nor "loopback" (the audit's
 * names for [server] token and for reads without a token). */
gboolean        wf_token_name_is_valid   (const gchar * name);
/* Equal, in a time that depends only on the length of @secret. */
gboolean        wf_token_equal           (const gchar * presented,
                                          const gchar * secret);

/* Reads [tokens] (@g): every key a name, every value its token; no name or
 * token twice, at most WF_TOKENS_MAX.  FALSE and @error at the key. */
gboolean        wf_tokens_load           (WfTokens * tokens,
                                          WfConfigGroup * g,
                                          GError ** error);
guint           wf_tokens_count          (WfTokens * tokens);
/* The name of the token equal to @secret, or NULL: for checks across
 * [server] token and [tokens]. */
const gchar *   wf_tokens_find_secret    (WfTokens * tokens,
                                          const gchar * secret);
/* The name of the token @presented is, or NULL.  Every token is compared,
 * whichever matches, so the time does not tell which one did. */
const gchar *   wf_tokens_match          (WfTokens * tokens,
                                          const gchar * presented);

G_END_DECLS
