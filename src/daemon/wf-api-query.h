/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The rules for query parameters of the REST API, pure GLib (the API and
 * tests/fuzz/fuzz-query.c call them). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A calendar day written YYYY-MM-DD, nothing else. */
gboolean      wf_api_parse_day        (const gchar * v,
                                       GDate * out);

/* libsoup decodes "%00" into a NUL that ends the C string a handler sees.
 * TRUE when a parameter of the raw (undecoded) @query holds one; then
 * @name (may be NULL) gets its raw name, or NULL when the name itself is
 * not plain (it holds %00, '%' or '+'). */
gboolean      wf_api_query_has_nul    (const gchar * query,
                                       gchar ** name);

G_END_DECLS
