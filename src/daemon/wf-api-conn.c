/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"
#include "wf-api-conn.h"

#include <malloc.h>
#include <string.h>

/* A refused connection is read and dropped for this long (or this many
 * bytes) after its answer, so that the client reads the answer rather
 * than a reset; at most MAX_LINGERING at once, the others close at once. */
#define LINGER_S 2
#define LINGER_BYTES (256 * 1024)
#define MAX_LINGERING 64
/* A request line that arrives in pieces is looked at again this often. */
#define PEEK_RETRY_MS 50
/* Bodies above this give their memory back to the system when done. */
#define TRIM_BODY_BYTES (1024 * 1024)

typedef struct
{
  WfApiConns *owner;
  GSocketConnection *conn;      /* ours until handed, then weak */
  GSocket *socket;              /* borrowed from conn */
  gchar *peer;                  /* address */
  gchar *key;                   /* address and port */
  GSource *peek;
  guint retry_id;
  guint deadline_id;
  gboolean handed;              /* to libsoup */
} Conn;

typedef struct
{
  WfApiConns *owner;
  GIOStream *keep;              /* closed at the end */
  GSocket *socket;
  gchar *out;
  gsize out_len, sent, drained;
  GSource *source;
  guint timeout_id;
} Linger;

struct _WfApiConns
{
  SoupServer *server;
  GSocketService *service;
  GHashTable *by_key;           /* key -> Conn */
  GHashTable *per_peer;         /* peer -> count */
  GList *lingering;             /* Linger */
  WfApiConnStats stats;
};

/* ---- keys ---- */

static gchar *
address_string (GSocketAddress * a, gboolean with_port)
{
  GInetAddress *ia;
  g_autofree gchar *s = NULL;

  if (!G_IS_INET_SOCKET_ADDRESS (a))
    return g_strdup ("unknown");
  ia = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (a));
  s = g_inet_address_to_string (ia);
  if (!with_port)
    return g_steal_pointer (&s);
  return g_strdup_printf ("%s|%u", s,
      g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (a)));
}

static Conn *
conn_for_msg (WfApiConns * self, SoupServerMessage * msg)
{
  GSocketAddress *a = soup_server_message_get_remote_address (msg);
  g_autofree gchar *key = a ? address_string (a, TRUE) : NULL;

  return key ? g_hash_table_lookup (self->by_key, key) : NULL;
}

/* ---- lingering close ---- */

static void
linger_free (Linger * l)
{
  l->owner->lingering = g_list_remove (l->owner->lingering, l);
  if (l->source) {
    g_source_destroy (l->source);
    g_source_unref (l->source);
  }
  g_clear_handle_id (&l->timeout_id, g_source_remove);
  g_io_stream_close (l->keep, NULL, NULL);
  g_object_unref (l->keep);
  g_object_unref (l->socket);
  g_free (l->out);
  g_free (l);
}

static gboolean
linger_timeout (gpointer data)
{
  Linger *l = data;

  l->timeout_id = 0;
  linger_free (l);
  return G_SOURCE_REMOVE;
}

static void linger_watch (Linger * l, GIOCondition cond);

static gboolean
linger_io (GSocket * socket, GIOCondition cond, gpointer data)
{
  Linger *l = data;
  gchar buf[16384];
  gssize n;

  if (l->sent < l->out_len) {
    n = g_socket_send_with_blocking (socket, l->out + l->sent,
        l->out_len - l->sent, FALSE, NULL, NULL);
    if (n <= 0) {
      linger_free (l);
      return G_SOURCE_REMOVE;
    }
    l->sent += n;
    if (l->sent < l->out_len)
      return G_SOURCE_CONTINUE;
    g_socket_shutdown (socket, FALSE, TRUE, NULL);
    linger_watch (l, G_IO_IN);
    return G_SOURCE_REMOVE;
  }
  /* Read and drop what the client still sends. */
  n = g_socket_receive_with_blocking (socket, buf, sizeof (buf), FALSE, NULL,
      NULL);
  if (n <= 0 || (l->drained += n) > LINGER_BYTES) {
    linger_free (l);
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

static void
linger_watch (Linger * l, GIOCondition cond)
{
  if (l->source) {
    g_source_destroy (l->source);
    g_source_unref (l->source);
  }
  l->source = g_socket_create_source (l->socket, cond | G_IO_HUP | G_IO_ERR,
      NULL);
  g_source_set_callback (l->source, (GSourceFunc) (GCallback) linger_io, l,
      NULL);
  g_source_attach (l->source, NULL);
}

/* Writes @text on @socket, then closes @keep (ref taken) after a while. */
static void
linger_start (WfApiConns * self, GIOStream * keep, GSocket * socket,
    gchar * text)
{
  Linger *l = g_new0 (Linger, 1);

  l->owner = self;
  l->keep = g_object_ref (keep);
  l->socket = g_object_ref (socket);
  l->out = text;
  l->out_len = strlen (text);
  self->lingering = g_list_prepend (self->lingering, l);
  if (g_list_length (self->lingering) > MAX_LINGERING) {
    /* Too many at once: one try to write the answer, then close. */
    g_socket_send_with_blocking (socket, l->out, l->out_len, FALSE, NULL,
        NULL);
    linger_free (l);
    return;
  }
  l->timeout_id = g_timeout_add_seconds (LINGER_S, linger_timeout, l);
  linger_watch (l, G_IO_OUT);
}

static gchar *
response_text (guint status, const gchar * extra_headers, const gchar * body)
{
  return g_strdup_printf ("HTTP/1.1 %u %s\r\nContent-Type: application/json"
      "\r\nContent-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n%s\r\n"
      "%s", status, soup_status_get_phrase (status), strlen (body),
      extra_headers ? extra_headers : "", body);
}

/* ---- connections ---- */

static void
conn_forget (Conn * c)
{
  WfApiConns *self = c->owner;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_peer, c->peer));

  if (c->peek) {
    g_source_destroy (c->peek);
    g_source_unref (c->peek);
  }
  g_clear_handle_id (&c->retry_id, g_source_remove);
  g_clear_handle_id (&c->deadline_id, g_source_remove);
  if (n > 1)
    g_hash_table_insert (self->per_peer, g_strdup (c->peer),
        GUINT_TO_POINTER (n - 1));
  else
    g_hash_table_remove (self->per_peer, c->peer);
  self->stats.open--;
  g_hash_table_remove (self->by_key, c->key);
}

static void
conn_free (Conn * c)
{
  g_free (c->peer);
  g_free (c->key);
  g_free (c);
}

/* Before the hand-over: closes and forgets. */
static void
conn_close (Conn * c)
{
  GSocketConnection *conn = c->conn;

  conn_forget (c);
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
  g_object_unref (conn);
}

/* libsoup let go of the connection. */
static void
conn_gone (gpointer data, GObject * where)
{
  conn_forget (data);
  conn_free (data);
}

static gboolean
conn_deadline (gpointer data)
{
  Conn *c = data;

  c->deadline_id = 0;
  c->owner->stats.timed_out++;
  if (!c->handed)
    conn_close (c);
  else
    /* libsoup reads the end of the stream and lets go */
    g_socket_shutdown (c->socket, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
conn_set_deadline (Conn * c, guint seconds)
{
  g_clear_handle_id (&c->deadline_id, g_source_remove);
  if (seconds)
    c->deadline_id = g_timeout_add_seconds (seconds, conn_deadline, c);
}

static void
conn_refuse (Conn * c, guint status, const gchar * message)
{
  g_autofree gchar *body = g_strdup_printf ("{\"error\": \"%s\", "
      "\"message\": \"%s\"}\n", status == SOUP_STATUS_REQUEST_URI_TOO_LONG ?
      "uri-too-long" : "bad-request", message);
  GSocketConnection *conn = g_object_ref (c->conn);

  c->owner->stats.refused_early++;
  conn_forget (c);
  g_object_unref (c->conn);
  linger_start (c->owner, G_IO_STREAM (conn), g_socket_connection_get_socket
      (conn), response_text (status, NULL, body));
  g_object_unref (conn);
  conn_free (c);
}

static void conn_watch (Conn * c);

static gboolean
conn_retry (gpointer data)
{
  Conn *c = data;

  c->retry_id = 0;
  conn_watch (c);
  return G_SOURCE_REMOVE;
}

static void
conn_hand_over (Conn * c)
{
  WfApiConns *self = c->owner;
  g_autoptr (GSocketAddress) local = g_socket_connection_get_local_address
      (c->conn, NULL);
  g_autoptr (GSocketAddress) remote = g_socket_connection_get_remote_address
      (c->conn, NULL);
  g_autoptr (GError) err = NULL;

  if (!soup_server_accept_iostream (self->server, G_IO_STREAM (c->conn),
          local, remote, &err)) {
    g_info ("HTTP connection from %s refused: %s", c->peer, err->message);
    conn_close (c);
    conn_free (c);
    return;
  }
  c->handed = TRUE;
  g_object_weak_ref (G_OBJECT (c->conn), conn_gone, c);
  g_object_unref (c->conn);
}

/* Looks at what arrived without taking it: the request line must end
 * within WF_API_REQUEST_LINE_MAX bytes before libsoup reads it. */
static gboolean
conn_readable (GSocket * socket, GIOCondition cond, gpointer data)
{
  Conn *c = data;
  gchar buf[WF_API_REQUEST_LINE_MAX + 1];
  GInputVector v = { buf, sizeof (buf) };
  gint flags = G_SOCKET_MSG_PEEK;
  g_autoptr (GError) err = NULL;
  gssize n;

  n = g_socket_receive_message (socket, NULL, &v, 1, NULL, NULL, &flags,
      NULL, &err);
  if (n < 0 && g_error_matches (err, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return G_SOURCE_CONTINUE;
  g_source_unref (c->peek);
  c->peek = NULL;
  if (n <= 0) {
    /* closed, reset or timed out before a request */
    if (g_error_matches (err, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
      c->owner->stats.timed_out++;
    conn_close (c);
    conn_free (c);
  } else if (memchr (buf, '\n', n)) {
    conn_hand_over (c);
  } else if ((gsize) n > WF_API_REQUEST_LINE_MAX) {
    c->owner->stats.uri_too_long++;
    conn_refuse (c, SOUP_STATUS_REQUEST_URI_TOO_LONG, "the request line is "
        "longer than " G_STRINGIFY (WF_API_REQUEST_LINE_MAX) " bytes");
  } else {
    /* The rest is on its way: look again in a moment (the socket stays
     * readable until it is read, so a watch would spin). */
    c->retry_id = g_timeout_add (PEEK_RETRY_MS, conn_retry, c);
  }
  return G_SOURCE_REMOVE;
}

static void
conn_watch (Conn * c)
{
  c->peek = g_socket_create_source (c->socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
      NULL);
  g_source_set_callback (c->peek, (GSourceFunc) (GCallback) conn_readable, c,
      NULL);
  g_source_attach (c->peek, NULL);
}

static gboolean
on_incoming (GSocketService * service, GSocketConnection * connection,
    GObject * source, gpointer data)
{
  WfApiConns *self = data;
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr (GSocketAddress) remote =
      g_socket_connection_get_remote_address (connection, NULL);
  g_autofree gchar *peer = remote ? address_string (remote, FALSE) :
      g_strdup ("unknown");
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_peer, peer));
  const gchar *why = NULL;
  Conn *c;

  if (self->stats.open >= self->stats.max_total) {
    self->stats.refused_total++;
    why = "too many connections";
  } else if (n >= self->stats.max_per_peer) {
    self->stats.refused_peer++;
    why = "too many connections from this address";
  }
  if (why) {
    g_autofree gchar *body = g_strdup_printf ("{\"error\": \"unavailable\", "
        "\"message\": \"%s\"}\n", why);
    g_socket_set_blocking (socket, FALSE);
    linger_start (self, G_IO_STREAM (connection), socket,
        response_text (SOUP_STATUS_SERVICE_UNAVAILABLE, "Retry-After: 5\r\n",
            body));
    return TRUE;
  }

  c = g_new0 (Conn, 1);
  c->owner = self;
  c->conn = g_object_ref (connection);
  c->socket = socket;
  c->peer = g_steal_pointer (&peer);
  c->key = remote ? address_string (remote, TRUE) : g_strdup_printf
      ("unknown|%p", (void *) c);
  g_hash_table_insert (self->per_peer, g_strdup (c->peer),
      GUINT_TO_POINTER (n + 1));
  g_hash_table_insert (self->by_key, c->key, c);
  self->stats.open++;
  self->stats.accepted++;
  /* An operation that makes no progress for this long fails, so libsoup
   * closes the connection: idle clients, stalled bodies, stalled readers. */
  g_socket_set_timeout (socket, WF_API_IDLE_TIMEOUT_S);
  g_socket_set_blocking (socket, FALSE);
  conn_set_deadline (c, WF_API_HEADER_TIMEOUT_S);
  conn_watch (c);
  return TRUE;
}

/* ---- requests ---- */

static void
on_got_body (SoupServerMessage * msg, gpointer data)
{
  Conn *c = conn_for_msg (data, msg);

  if (c)
    conn_set_deadline (c, 0);
}

static void
on_finished_trim (SoupServerMessage * msg, gpointer data)
{
  /* A large body was freed: give its pages back (glibc keeps them). */
  malloc_trim (0);
}

void
wf_api_conns_got_headers (WfApiConns * self, SoupServerMessage * msg,
    gboolean has_body)
{
  Conn *c = conn_for_msg (self, msg);
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);

  if (!c)
    return;
  conn_set_deadline (c, has_body ? WF_API_BODY_TIMEOUT_S : 0);
  if (has_body) {
    g_signal_connect (msg, "got-body", G_CALLBACK (on_got_body), self);
    if (soup_message_headers_get_encoding (h) != SOUP_ENCODING_CONTENT_LENGTH
        || soup_message_headers_get_content_length (h) > TRIM_BODY_BYTES)
      g_signal_connect (msg, "finished", G_CALLBACK (on_finished_trim), NULL);
  }
}

void
wf_api_conns_refuse (WfApiConns * self, SoupServerMessage * msg,
    guint status, const gchar * extra_headers, const gchar * body)
{
  Conn *c = conn_for_msg (self, msg);
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GIOStream) stream = NULL;

  /* Every connection comes through on_incoming: without its record there
   * is no socket to write on (libsoup has none for an accepted stream). */
  if (!c) {
    soup_server_message_set_status (msg, status, NULL);
    return;
  }
  socket = g_object_ref (c->socket);
  self->stats.refused_early++;
  conn_set_deadline (c, 0);
  stream = soup_server_message_steal_connection (msg);
  if (stream)
    linger_start (self, stream, socket, response_text (status, extra_headers,
            body));
}

/* ---- object ---- */

WfApiConns *
wf_api_conns_new (SoupServer * server)
{
  WfApiConns *self = g_new0 (WfApiConns, 1);

  self->server = server;
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->per_peer = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      NULL);
  self->stats.max_total = WF_API_MAX_CONNECTIONS;
  self->stats.max_per_peer = WF_API_MAX_CONNECTIONS_PER_PEER;
  return self;
}

gboolean
wf_api_conns_listen (WfApiConns * self, GSocketAddress * address,
    guint * port_out, GError ** error)
{
  g_autoptr (GSocketAddress) effective = NULL;

  if (!self->service) {
    self->service = g_socket_service_new ();
    /* GLib's default of 10 drops handshakes in a burst of clients: they
     * then wait seconds for a retransmission */
    g_socket_listener_set_backlog (G_SOCKET_LISTENER (self->service), 512);
    g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming),
        self);
  }
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service),
          address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
          &effective, error))
    return FALSE;
  *port_out = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS
      (effective));
  g_socket_service_start (self->service);
  return TRUE;
}

void
wf_api_conns_stop (WfApiConns * self)
{
  GList *conns;

  if (self->service) {
    g_socket_service_stop (self->service);
    g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  }
  conns = g_hash_table_get_values (self->by_key);
  for (GList * l = conns; l; l = l->next) {
    Conn *c = l->data;
    if (!c->handed) {
      conn_close (c);
      conn_free (c);
    }
  }
  g_list_free (conns);
  while (self->lingering)
    linger_free (self->lingering->data);
}

void
wf_api_conns_free (WfApiConns * self)
{
  GList *conns;

  if (!self)
    return;
  wf_api_conns_stop (self);
  /* Connections libsoup still holds: forget them, they outlive us. */
  conns = g_hash_table_get_values (self->by_key);
  for (GList * l = conns; l; l = l->next) {
    Conn *c = l->data;
    g_object_weak_unref (G_OBJECT (c->conn), conn_gone, c);
    conn_forget (c);
    conn_free (c);
  }
  g_list_free (conns);
  g_clear_object (&self->service);
  g_hash_table_unref (self->by_key);
  g_hash_table_unref (self->per_peer);
  g_free (self);
}

void
wf_api_conns_get_stats (WfApiConns * self, WfApiConnStats * out)
{
  *out = self->stats;
}
