/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The dashboard: static files compiled into the binary (GResource
 * /org/workforce-monitor/web/), served at / and /ui/. */
#include "config.h"
#include "wf-api-private.h"

#define WEB_RESOURCE "/org/workforce-monitor/web/"

static const struct
{
  const gchar *path;            /* request path */
  const gchar *file;            /* in WEB_RESOURCE */
  const gchar *type;
} files[] = {
  {"/", "index.html", "text/html; charset=utf-8"},
  {"/ui/app.js", "app.js", "text/javascript; charset=utf-8"},
  {"/ui/faces.js", "faces.js", "text/javascript; charset=utf-8"},
  {"/ui/app.css", "app.css", "text/css; charset=utf-8"},
};

/* Same origin only, nothing inline, no framing: a page that shows what
 * cameras see must not be embeddable or run injected script. */
#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; " \
  "img-src 'self' blob: data:; connect-src 'self'; form-action 'self'; " \
  "frame-ancestors 'none'; base-uri 'none'"

void
wf_api_handle_web (SoupServer * server, SoupServerMessage * msg,
    const char *path, GHashTable * query, gpointer data)
{
  WfApi *self = data;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autofree gchar *res = NULL;
    g_autoptr (GBytes) body = NULL;
    SoupMessageHeaders *h;

    if (!g_str_equal (path, files[i].path))
      continue;
    if (!wf_api_accept (self, msg, "GET"))
      return;
    res = g_strconcat (WEB_RESOURCE, files[i].file, NULL);
    body = g_resources_lookup_data (res, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
    if (!body) {
      wf_api_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
          "%s is missing from this build", files[i].file);
      return;
    }
    h = soup_server_message_get_response_headers (msg);
    soup_message_headers_replace (h, "Content-Security-Policy", CSP);
    soup_message_headers_replace (h, "X-Content-Type-Options", "nosniff");
    soup_message_headers_replace (h, "Referrer-Policy", "no-referrer");
    soup_message_headers_replace (h, "Cache-Control", "no-cache");
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_server_message_set_response (msg, files[i].type, SOUP_MEMORY_COPY,
        g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    return;
  }
  wf_api_not_found (msg);
}
