/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "wf-uri.h"

#include <string.h>
#include <netdb.h>
#include <ifaddrs.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <gio/gio.h>

#define MASK "***"

/* Query parameters whose values are secrets in the URIs of common cameras
 * (?user=admin&password=..., ?token=..., signed URLs). */
static gboolean
secret_parameter (const gchar * name, gsize len)
{
  static const gchar *const words[] = { "pass", "pwd", "token", "secret",
    "key", "auth", "sig", "credential", NULL
  };
  g_autofree gchar *lower = g_ascii_strdown (name, len);

  for (guint i = 0; words[i]; i++)
    if (strstr (lower, words[i]))
      return TRUE;
  return FALSE;
}

static gchar *
redact_query (const gchar * query)
{
  g_auto (GStrv) params = g_strsplit (query, "&", -1);

  for (guint i = 0; params[i]; i++) {
    const gchar *eq = strchr (params[i], '=');
    if (eq && secret_parameter (params[i], eq - params[i])) {
      gchar *p = g_strdup_printf ("%.*s=" MASK, (int) (eq - params[i]),
          params[i]);
      g_free (params[i]);
      params[i] = p;
    }
  }
  return g_strjoinv ("&", params);
}

gchar *
wf_uri_redact (const gchar * uri)
{
  g_autoptr (GUri) u = NULL;
  g_autoptr (GUri) r = NULL;
  g_autofree gchar *query = NULL;
  gchar *out = NULL;

  if (!uri)
    return NULL;
  u = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED,
      NULL);
  /* "file:.///" parses, its path becoming "//", but does not print back
   * (the path would read as a host; GLib refuses with a critical): found
   * by tests/fuzz/fuzz-uri.c. */
  if (u && !g_uri_get_host (u) && g_str_has_prefix (g_uri_get_path (u), "//"))
    g_clear_pointer (&u, g_uri_unref);
  if (u) {
    if (g_uri_get_query (u))
      query = redact_query (g_uri_get_query (u));
    r = g_uri_build_with_user (G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED,
        g_uri_get_scheme (u), g_uri_get_user (u),
        g_uri_get_password (u) ? MASK : NULL, g_uri_get_auth_params (u),
        g_uri_get_host (u), g_uri_get_port (u), g_uri_get_path (u), query,
        g_uri_get_fragment (u));
    out = g_uri_to_string (r);
  }
  if (!out) {
    /* Whatever follows the scheme may hold a secret we cannot find. */
    const gchar *scheme = g_uri_peek_scheme (uri);
    out = scheme ? g_strconcat (scheme, ":" MASK, NULL) : g_strdup (MASK);
  }
  return out;
}

static void
replace_all (GString * s, const gchar * find, const gchar * with)
{
  if (find && strlen (find) >= 3)
    g_string_replace (s, find, with, 0);
}

gchar *
wf_uri_scrub (const gchar * text, const gchar * uri)
{
  g_autoptr (GString) s = NULL;
  g_autofree gchar *redacted = NULL;
  g_autoptr (GUri) u = NULL;

  if (!text)
    return NULL;
  s = g_string_new (text);
  if (!uri || !*uri)
    return g_string_free (g_steal_pointer (&s), FALSE);
  redacted = wf_uri_redact (uri);
  g_string_replace (s, uri, redacted, 0);
  /* Elements quote their location in forms of their own (decoded, without
   * the query): the password alone, encoded and decoded, goes too. */
  u = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED,
      NULL);
  if (u && g_uri_get_password (u)) {
    g_autofree gchar *plain = g_uri_unescape_string (g_uri_get_password (u),
        NULL);
    replace_all (s, g_uri_get_password (u), MASK);
    replace_all (s, plain, MASK);
  }
  if (u && g_uri_get_query (u)) {
    g_autofree gchar *q = redact_query (g_uri_get_query (u));
    replace_all (s, g_uri_get_query (u), q);
  }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* ---- allow-list ---- */

/* A numeric host in any form the resolver takes without a lookup ("127.1",
 * "0x7f000001", "::ffff:127.0.0.1"), as an address; NULL for names. */
static GInetAddress *
numeric_host (const gchar * host)
{
  struct addrinfo hints = { 0 }, *res = NULL;
  GInetAddress *a = NULL;

  hints.ai_flags = AI_NUMERICHOST;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo (host, NULL, &hints, &res) != 0 || !res)
    return NULL;
  if (res->ai_family == AF_INET) {
    a = g_inet_address_new_from_bytes ((const guint8 *)
        &((struct sockaddr_in *) res->ai_addr)->sin_addr, G_SOCKET_FAMILY_IPV4);
  } else if (res->ai_family == AF_INET6) {
    const guint8 *b = (const guint8 *)
        &((struct sockaddr_in6 *) res->ai_addr)->sin6_addr;
    static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff,
      0xff
    };
    if (memcmp (b, mapped, sizeof (mapped)) == 0)
      a = g_inet_address_new_from_bytes (b + 12, G_SOCKET_FAMILY_IPV4);
    else
      a = g_inet_address_new_from_bytes (b, G_SOCKET_FAMILY_IPV6);
  }
  freeaddrinfo (res);
  return a;
}

/* TRUE when @a is an address of one of this machine's interfaces. */
static gboolean
is_local_interface (GInetAddress * a)
{
  struct ifaddrs *ifs = NULL;
  gboolean found = FALSE;

  if (getifaddrs (&ifs) != 0)
    return FALSE;
  for (struct ifaddrs * i = ifs; i && !found; i = i->ifa_next) {
    g_autoptr (GSocketAddress) sa = NULL;
    gsize len;

    if (!i->ifa_addr || (i->ifa_addr->sa_family != AF_INET &&
            i->ifa_addr->sa_family != AF_INET6))
      continue;
    len = i->ifa_addr->sa_family == AF_INET ? sizeof (struct sockaddr_in) :
        sizeof (struct sockaddr_in6);
    sa = g_socket_address_new_from_native (i->ifa_addr, len);
    if (G_IS_INET_SOCKET_ADDRESS (sa))
      found = g_inet_address_equal (a,
          g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (sa)));
  }
  freeifaddrs (ifs);
  return found;
}

static gboolean
host_is_self (const gchar * host, const gchar * self_address)
{
  g_autoptr (GInetAddress) a = NULL;
  g_autoptr (GInetAddress) self = NULL;
  g_autofree gchar *h = NULL;
  gsize n = strlen (host);

  /* [::1] in a URI */
  h = n > 1 && host[0] == '[' && host[n - 1] == ']' ?
      g_strndup (host + 1, n - 2) : g_ascii_strdown (host, -1);
  if (g_str_equal (h, "localhost") || g_str_has_suffix (h, ".localhost") ||
      g_str_equal (h, "localhost."))
    return TRUE;
  a = numeric_host (h);
  if (!a)
    return FALSE;
  if (g_inet_address_get_is_loopback (a) || g_inet_address_get_is_any (a))
    return TRUE;
  self = self_address ? numeric_host (self_address) : NULL;
  if (self && g_inet_address_equal (a, self))
    return TRUE;
  /* Listening on every address: each of the machine's is the daemon. */
  return (!self || g_inet_address_get_is_any (self)) &&
      is_local_interface (a);
}

gboolean
wf_uri_check_source (const gchar * uri, gboolean allow_file,
    const gchar * self_address, guint self_port, GError ** error)
{
  static const gchar *const network[] = { "rtsp", "rtsps", "http", "https",
    NULL
  };
  const gchar *scheme = g_uri_peek_scheme (uri);   /* lower case */
  g_autoptr (GUri) u = NULL;
  const gchar *host;
  gint port;

  if (!scheme) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "uri must be an absolute URI such as rtsp://host/path");
    return FALSE;
  }
  if (g_str_equal (scheme, "file")) {
    if (allow_file)
      return TRUE;
    /* No path from a request reaches the filesystem. */
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
        "file URIs can only be set in the configuration file");
    return FALSE;
  }
  if (!g_strv_contains (network, scheme)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
        "uri scheme '%s' is not allowed for a camera (allowed: rtsp, rtsps, "
        "http, https%s)", scheme, allow_file ? ", file" :
        "; file only in the configuration file");
    return FALSE;
  }
  u = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED,
      NULL);
  host = u ? g_uri_get_host (u) : NULL;
  if (!host || !*host) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "a %s uri needs a host (%s://host/path)", scheme, scheme);
    return FALSE;
  }
  if (!g_str_has_prefix (g_uri_get_scheme (u), "http") || self_port == 0)
    return TRUE;
  port = g_uri_get_port (u);
  if (port < 0)
    port = g_str_equal (g_uri_get_scheme (u), "https") ? 443 : 80;
  if ((guint) port == self_port && host_is_self (host, self_address)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
        "uri points at the daemon itself (%s port %d): a camera cannot "
        "read from the monitor's own API", host, port);
    return FALSE;
  }
  return TRUE;
}
