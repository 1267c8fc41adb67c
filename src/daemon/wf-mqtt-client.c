/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Why a thread of our own rather than the GLib main loop on libmosquitto's
 * socket: connecting resolves the host name and opens TCP and TLS with
 * blocking calls, which would stall the API and the cameras' bus messages
 * for as long as a broker or a resolver takes to answer.  The thread runs
 * mosquitto_loop () (threaded mode, so publishing from the main context is
 * safe and wakes it); callbacks only update atomics and wake the main
 * context through one GSource, where the queues live without locks.
 */
#include "config.h"
#include "wf-mqtt-client.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>
#include <mosquitto.h>

typedef struct
{
  gchar *topic;
  gchar *payload;
  gboolean retain;
} Event;

typedef struct
{
  gchar *topic;
  gchar *payload;               /* "" = to be cleared, then forgotten */
  gchar *owner;
  gboolean retain;
  gboolean pending;             /* in states_pending */
} State;

struct _WfMqttClient
{
  GObject parent;

  WfMqttConfig cfg;             /* copies of the strings it needs */
  gchar *availability;
  struct mosquitto *mosq;

  /* main context only */
  GQueue events;                /* Event */
  guint64 events_bytes;
  GHashTable *states;           /* topic -> State */
  GQueue states_pending;        /* State, to send */
  guint64 states_bytes;
  guint64 dropped;
  guint64 rejected;
  GSource *wake;
  gboolean stopped;

  /* shared with the network thread */
  GThread *thread;
  GMutex lock;
  GCond cond;
  gboolean stopping;            /* protected by lock */
  gchar *last_error;            /* protected by lock */
  gchar *lib_error;             /* protected by lock: libmosquitto's last
                                 * error line */
  guint next_retry_ms;          /* protected by lock */
  gint state;                   /* atomic, WfMqttState */
  gint in_flight;               /* atomic */
  gint reconnected;             /* atomic: mark every state pending */
  gint64 connected_since_ms;    /* protected by lock */
  gsize connects;               /* atomic */
  gsize connect_failures;       /* atomic */
  gsize published;              /* atomic */
};

G_DEFINE_TYPE (WfMqttClient, wf_mqtt_client, G_TYPE_OBJECT);

const gchar *
wf_mqtt_state_to_string (WfMqttState state)
{
  static const gchar *const names[] = { "stopped", "connecting", "connected",
    "disconnected", "refused"
  };

  return state <= WF_MQTT_STATE_REFUSED ? names[state] : "unknown";
}

void
wf_mqtt_client_stats_clear (WfMqttClientStats * stats)
{
  g_clear_pointer (&stats->last_error, g_free);
  g_clear_pointer (&stats->broker, g_free);
}

static void
event_free (Event * e)
{
  g_free (e->topic);
  g_free (e->payload);
  g_free (e);
}

static void
state_free (State * s)
{
  g_free (s->topic);
  g_free (s->payload);
  g_free (s->owner);
  g_free (s);
}

static gsize
state_size (const State * s)
{
  return strlen (s->topic) + strlen (s->payload) + sizeof (State);
}

static void
set_error (WfMqttClient * self, const gchar * msg)
{
  g_mutex_lock (&self->lock);
  g_free (self->last_error);
  self->last_error = g_strdup (msg);
  g_mutex_unlock (&self->lock);
}

/* ---- network thread ---- */

static void
on_connect (struct mosquitto *mosq, void *obj, int rc)
{
  WfMqttClient *self = obj;

  if (rc == 0) {
    g_atomic_int_set (&self->state, WF_MQTT_STATE_CONNECTED);
    g_atomic_pointer_add (&self->connects, 1);
    g_atomic_int_set (&self->reconnected, 1);
    g_mutex_lock (&self->lock);
    self->connected_since_ms = g_get_real_time () / 1000;
    g_clear_pointer (&self->last_error, g_free);
    g_mutex_unlock (&self->lock);
    g_message ("MQTT: connected to %s:%u", self->cfg.host, self->cfg.port);
    g_source_set_ready_time (self->wake, 0);
  } else {
    g_autofree gchar *msg = g_strdup_printf ("the broker refused the "
        "connection: %s", mosquitto_connack_string (rc));
    g_atomic_int_set (&self->state, WF_MQTT_STATE_REFUSED);
    set_error (self, msg);
    g_warning ("MQTT: %s", msg);
  }
}

static void
on_disconnect (struct mosquitto *mosq, void *obj, int rc)
{
  WfMqttClient *self = obj;

  g_mutex_lock (&self->lock);
  self->connected_since_ms = 0;
  g_mutex_unlock (&self->lock);
  if (g_atomic_int_get (&self->state) == WF_MQTT_STATE_CONNECTED) {
    g_atomic_int_set (&self->state, WF_MQTT_STATE_DISCONNECTED);
    if (rc != 0)
      g_message ("MQTT: connection to %s:%u lost", self->cfg.host,
          self->cfg.port);
  }
  /* QoS 0 packets not yet written are gone with the socket and will never
   * be acknowledged; QoS 1 and 2 ones stay in libmosquitto, which sends
   * them again after reconnecting. */
  if (self->cfg.qos == 0)
    g_atomic_int_set (&self->in_flight, 0);
}

static void
on_publish (struct mosquitto *mosq, void *obj, int mid)
{
  WfMqttClient *self = obj;

  if (g_atomic_int_dec_and_test (&self->in_flight) ||
      g_atomic_int_get (&self->in_flight) < WF_MQTT_IN_FLIGHT / 2)
    g_source_set_ready_time (self->wake, 0);
  g_atomic_pointer_add (&self->published, 1);
}

/* libmosquitto says why TLS failed only in its log ("OpenSSL Error[0]:
 * ... certificate verify failed"): keep its last error line for the
 * reason we report.  Network thread. */
static void
on_log (struct mosquitto *mosq, void *obj, int level, const char *str)
{
  WfMqttClient *self = obj;

  if (level == MOSQ_LOG_ERR && str) {
    g_mutex_lock (&self->lock);
    g_free (self->lib_error);
    self->lib_error = g_strdup (str);
    g_mutex_unlock (&self->lock);
  }
}

/* Waits @ms or until stopping; TRUE when stopping. */
static gboolean
wait_or_stop (WfMqttClient * self, guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  gboolean stop;

  g_mutex_lock (&self->lock);
  self->next_retry_ms = ms;
  while (!self->stopping && g_cond_wait_until (&self->cond, &self->lock, end));
  self->next_retry_ms = 0;
  stop = self->stopping;
  g_mutex_unlock (&self->lock);
  return stop;
}

static gboolean
is_stopping (WfMqttClient * self)
{
  gboolean stop;

  g_mutex_lock (&self->lock);
  stop = self->stopping;
  g_mutex_unlock (&self->lock);
  return stop;
}

static void
connection_failed (WfMqttClient * self, int rc, int err)
{
  g_autofree gchar *msg = NULL;
  g_autofree gchar *lib = NULL;

  g_mutex_lock (&self->lock);
  lib = g_strdup (self->lib_error);
  g_mutex_unlock (&self->lock);
  g_atomic_pointer_add (&self->connect_failures, 1);
  if (g_atomic_int_get (&self->state) == WF_MQTT_STATE_REFUSED)
    return;                     /* on_connect said why */
  g_atomic_int_set (&self->state, WF_MQTT_STATE_DISCONNECTED);
  if (rc == MOSQ_ERR_ERRNO)
    msg = g_strdup_printf ("%s:%u: %s", self->cfg.host, self->cfg.port,
        g_strerror (err));
  else if (rc == MOSQ_ERR_TLS && lib)
    msg = g_strdup_printf ("%s:%u: %s (%s)", self->cfg.host, self->cfg.port,
        mosquitto_strerror (rc), lib);
  else
    msg = g_strdup_printf ("%s:%u: %s", self->cfg.host, self->cfg.port,
        mosquitto_strerror (rc));
  set_error (self, msg);
}

static gpointer
network_thread (gpointer data)
{
  WfMqttClient *self = data;
  guint delay = self->cfg.backoff_initial_ms;

  while (!is_stopping (self)) {
    gint64 started = g_get_monotonic_time ();
    gboolean was_connected = FALSE;
    int rc, err = 0;

    g_atomic_int_set (&self->state, WF_MQTT_STATE_CONNECTING);
    g_mutex_lock (&self->lock);
    g_clear_pointer (&self->lib_error, g_free);
    g_mutex_unlock (&self->lock);
    rc = mosquitto_connect_async (self->mosq, self->cfg.host, self->cfg.port,
        self->cfg.keepalive_s);
    err = errno;
    while (rc == MOSQ_ERR_SUCCESS && !is_stopping (self)) {
      rc = mosquitto_loop (self->mosq, 100, 1);
      err = errno;
      if (g_atomic_int_get (&self->state) == WF_MQTT_STATE_CONNECTED) {
        was_connected = TRUE;
      } else if (g_atomic_int_get (&self->state) ==
          WF_MQTT_STATE_CONNECTING && g_get_monotonic_time () - started >
          (gint64) self->cfg.connect_timeout_ms * 1000) {
        /* TCP is up but no CONNACK: a broker that never answers */
        g_autofree gchar *msg = g_strdup_printf ("%s:%u: no answer to "
            "CONNECT within %.1f s", self->cfg.host, self->cfg.port,
            self->cfg.connect_timeout_ms / 1000.0);
        set_error (self, msg);
        g_atomic_int_set (&self->state, WF_MQTT_STATE_DISCONNECTED);
        mosquitto_disconnect (self->mosq);
        rc = MOSQ_ERR_TIMEOUT;
      }
    }
    if (is_stopping (self))
      break;
    if (was_connected) {
      delay = self->cfg.backoff_initial_ms;
      if (g_atomic_int_get (&self->state) != WF_MQTT_STATE_REFUSED)
        g_atomic_int_set (&self->state, WF_MQTT_STATE_DISCONNECTED);
      set_error (self, "connection lost");
    } else if (rc != MOSQ_ERR_TIMEOUT) {
      connection_failed (self, rc, err);
    } else {
      g_atomic_pointer_add (&self->connect_failures, 1);
    }
    g_debug ("MQTT: next attempt in %u ms", delay);
    if (wait_or_stop (self, delay))
      break;
    delay = MIN (delay * 2, self->cfg.backoff_max_ms);
  }
  return NULL;
}

/* ---- main context ---- */

/* Hands messages to libmosquitto while connected and the window allows:
 * states first (few, and the newest value), then events in order. */
static void
pump (WfMqttClient * self)
{
  if (self->stopped && !self->mosq)
    return;
  if (g_atomic_int_compare_and_exchange (&self->reconnected, 1, 0)) {
    GHashTableIter it;
    gpointer v;
    State *avail = g_hash_table_lookup (self->states, self->availability);

    /* "online" first, then every other state, as the broker may have
     * restarted without its retained messages. */
    g_hash_table_iter_init (&it, self->states);
    while (g_hash_table_iter_next (&it, NULL, &v)) {
      State *s = v;
      if (!s->pending && s != avail) {
        s->pending = TRUE;
        g_queue_push_tail (&self->states_pending, s);
      }
    }
    if (avail) {
      if (avail->pending)
        g_queue_remove (&self->states_pending, avail);
      avail->pending = TRUE;
      g_queue_push_head (&self->states_pending, avail);
    }
  }
  while (g_atomic_int_get (&self->state) == WF_MQTT_STATE_CONNECTED &&
      g_atomic_int_get (&self->in_flight) < WF_MQTT_IN_FLIGHT) {
    State *s = g_queue_peek_head (&self->states_pending);
    Event *e = s ? NULL : g_queue_peek_head (&self->events);
    const gchar *topic, *payload;
    gboolean retain;
    int rc;

    if (!s && !e)
      break;
    topic = s ? s->topic : e->topic;
    payload = s ? s->payload : e->payload;
    retain = s ? (s->retain || !*s->payload) : e->retain;
    g_atomic_int_inc (&self->in_flight);
    rc = mosquitto_publish (self->mosq, NULL, topic, strlen (payload),
        payload, self->cfg.qos, retain);
    if (rc == MOSQ_ERR_NO_CONN || rc == MOSQ_ERR_NOMEM) {
      g_atomic_int_add (&self->in_flight, -1);
      break;                    /* kept; sent after the next connection */
    }
    if (rc != MOSQ_ERR_SUCCESS) {
      g_atomic_int_add (&self->in_flight, -1);
      self->rejected++;
      g_warning ("MQTT: not publishing to %s: %s", topic,
          mosquitto_strerror (rc));
    }
    if (s) {
      g_queue_pop_head (&self->states_pending);
      s->pending = FALSE;
      if (!*s->payload) {
        self->states_bytes -= state_size (s);
        g_hash_table_remove (self->states, s->topic);
      }
    } else {
      g_queue_pop_head (&self->events);
      self->events_bytes -= strlen (e->topic) + strlen (e->payload);
      event_free (e);
    }
  }
}

static gboolean
wake_dispatch (GSource * source, GSourceFunc callback, gpointer data)
{
  g_source_set_ready_time (source, -1);
  return callback (data);
}

static GSourceFuncs wake_funcs = { NULL, NULL, wake_dispatch, NULL, NULL,
  NULL
};

static gboolean
on_wake (gpointer data)
{
  pump (data);
  return G_SOURCE_CONTINUE;
}

void
wf_mqtt_client_publish (WfMqttClient * self, const gchar * topic,
    const gchar * payload, gboolean retain)
{
  Event *e;
  gsize size = strlen (topic) + strlen (payload);

  if (self->stopped)
    return;
  /* Oldest first out: the consumer sees a gap in the event ids, and the
   * newest events, which say most about now, survive. */
  while (self->events.length > 0 &&
      (self->events.length >= self->cfg.queue_size ||
          self->events_bytes + size > self->cfg.queue_bytes)) {
    Event *old = g_queue_pop_head (&self->events);
    self->events_bytes -= strlen (old->topic) + strlen (old->payload);
    event_free (old);
    if (self->dropped++ == 0 || self->dropped % 1000 == 0)
      g_warning ("MQTT: event queue full (%u events, %" G_GUINT64_FORMAT
          " bytes): %" G_GUINT64_FORMAT " dropped so far",
          self->cfg.queue_size, self->cfg.queue_bytes, self->dropped);
  }
  if (size > self->cfg.queue_bytes) {
    self->dropped++;
    return;
  }
  e = g_new0 (Event, 1);
  e->topic = g_strdup (topic);
  e->payload = g_strdup (payload);
  e->retain = retain;
  g_queue_push_tail (&self->events, e);
  self->events_bytes += size;
  pump (self);
}

static void
state_update (WfMqttClient * self, const gchar * topic,
    const gchar * payload, gboolean retain, const gchar * owner,
    gboolean clearing)
{
  State *s = g_hash_table_lookup (self->states, topic);

  if (self->stopped && !g_str_equal (topic, self->availability))
    return;
  if (!s) {
    if (clearing)
      return;
    s = g_new0 (State, 1);
    s->topic = g_strdup (topic);
    s->payload = g_strdup ("");
    g_hash_table_insert (self->states, s->topic, s);
    self->states_bytes += state_size (s);
  } else if (g_str_equal (s->payload, payload) && s->retain == retain) {
    return;
  }
  self->states_bytes -= state_size (s);
  g_free (s->payload);
  s->payload = g_strdup (payload);
  s->retain = retain;
  if (owner && g_strcmp0 (owner, s->owner) != 0) {
    g_free (s->owner);
    s->owner = g_strdup (owner);
  }
  self->states_bytes += state_size (s);
  if (!s->pending) {
    s->pending = TRUE;
    g_queue_push_tail (&self->states_pending, s);
  }
  pump (self);
}

void
wf_mqtt_client_set_state (WfMqttClient * self, const gchar * topic,
    const gchar * payload, gboolean retain, const gchar * owner)
{
  /* an empty payload would delete the retained message: use clear */
  g_return_if_fail (payload && *payload);
  state_update (self, topic, payload, retain, owner, FALSE);
}

void
wf_mqtt_client_clear_state (WfMqttClient * self, const gchar * topic)
{
  state_update (self, topic, "", TRUE, NULL, TRUE);
}

void
wf_mqtt_client_clear_owner (WfMqttClient * self, const gchar * owner)
{
  g_autoptr (GPtrArray) topics = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter it;
  gpointer v;

  g_hash_table_iter_init (&it, self->states);
  while (g_hash_table_iter_next (&it, NULL, &v)) {
    State *s = v;
    if (g_strcmp0 (s->owner, owner) == 0 && *s->payload)
      g_ptr_array_add (topics, g_strdup (s->topic));
  }
  for (guint i = 0; i < topics->len; i++)
    wf_mqtt_client_clear_state (self, g_ptr_array_index (topics, i));
}

gboolean
wf_mqtt_client_has_state (WfMqttClient * self, const gchar * topic)
{
  State *s = g_hash_table_lookup (self->states, topic);

  return s && *s->payload;
}

void
wf_mqtt_client_get_stats (WfMqttClient * self, WfMqttClientStats * st)
{
  memset (st, 0, sizeof (*st));
  st->state = g_atomic_int_get (&self->state);
  g_mutex_lock (&self->lock);
  st->last_error = g_strdup (self->last_error);
  st->next_retry_ms = self->next_retry_ms;
  st->connected_since_ms = self->connected_since_ms;
  g_mutex_unlock (&self->lock);
  st->broker = g_strdup_printf ("%s:%u", self->cfg.host, self->cfg.port);
  st->connects = g_atomic_pointer_get (&self->connects);
  st->connect_failures = g_atomic_pointer_get (&self->connect_failures);
  st->published = g_atomic_pointer_get (&self->published);
  st->dropped = self->dropped;
  st->rejected = self->rejected;
  st->queued = self->events.length;
  st->queued_bytes = self->events_bytes;
  st->queue_max = self->cfg.queue_size;
  st->queue_max_bytes = self->cfg.queue_bytes;
  st->in_flight = MAX (g_atomic_int_get (&self->in_flight), 0);
  st->states = g_hash_table_size (self->states);
  st->states_pending = self->states_pending.length;
  st->states_bytes = self->states_bytes;
}

void
wf_mqtt_client_start (WfMqttClient * self)
{
  g_return_if_fail (self->thread == NULL);
  self->thread = g_thread_new ("wf-mqtt", network_thread, self);
}

void
wf_mqtt_client_stop (WfMqttClient * self, guint flush_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) flush_ms * 1000;

  if (!self->thread || self->stopped)
    return;
  state_update (self, self->availability, "offline", TRUE, NULL, FALSE);
  self->stopped = TRUE;
  /* The main loop no longer runs: pump by hand until everything is
   * acknowledged or the time is up. */
  while (g_atomic_int_get (&self->state) == WF_MQTT_STATE_CONNECTED &&
      g_get_monotonic_time () < end) {
    pump (self);
    if (g_atomic_int_get (&self->in_flight) == 0 &&
        self->states_pending.length == 0 && self->events.length == 0)
      break;
    g_usleep (5 * 1000);
  }
  /* DISCONNECT first, written by the thread: a clean end fires no will */
  mosquitto_disconnect (self->mosq);
  while (g_atomic_int_get (&self->state) == WF_MQTT_STATE_CONNECTED &&
      g_get_monotonic_time () < end + 300 * 1000)
    g_usleep (5 * 1000);
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  self->thread = NULL;
  g_atomic_int_set (&self->state, WF_MQTT_STATE_STOPPED);
  if (self->events.length || self->states_pending.length)
    g_message ("MQTT: stopped with %u events and %u states unsent",
        self->events.length, self->states_pending.length);
}

static void
wf_mqtt_client_finalize (GObject * object)
{
  WfMqttClient *self = WF_MQTT_CLIENT (object);

  wf_mqtt_client_stop (self, 0);
  if (self->wake) {
    g_source_destroy (self->wake);
    g_source_unref (self->wake);
  }
  if (self->mosq)
    mosquitto_destroy (self->mosq);
  g_queue_clear_full (&self->events, (GDestroyNotify) event_free);
  g_queue_clear (&self->states_pending);
  g_hash_table_unref (self->states);
  g_free (self->availability);
  g_free (self->cfg.host);
  g_free (self->cfg.client_id);
  g_free (self->last_error);
  g_free (self->lib_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (wf_mqtt_client_parent_class)->finalize (object);
}

static void
wf_mqtt_client_class_init (WfMqttClientClass * klass)
{
  G_OBJECT_CLASS (klass)->finalize = wf_mqtt_client_finalize;
}

static void
wf_mqtt_client_init (WfMqttClient * self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->events);
  g_queue_init (&self->states_pending);
  self->states = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
      (GDestroyNotify) state_free);
}

static gpointer
lib_init (gpointer data)
{
  mosquitto_lib_init ();
  return NULL;
}

WfMqttClient *
wf_mqtt_client_new (const WfMqttConfig * cfg, const gchar * availability,
    GError ** error)
{
  static GOnce once = G_ONCE_INIT;
  g_autoptr (WfMqttClient) self = g_object_new (WF_TYPE_MQTT_CLIENT, NULL);
  int rc;

  g_once (&once, lib_init, NULL);
  self->cfg = *cfg;
  self->cfg.host = g_strdup (cfg->host);
  self->cfg.client_id = g_strdup (cfg->client_id);
  /* not kept: libmosquitto copies what it needs */
  self->cfg.ca_file = self->cfg.username = self->cfg.password = NULL;
  self->cfg.prefix = self->cfg.discovery_prefix = NULL;
  self->availability = g_strdup (availability);
  self->mosq = mosquitto_new (cfg->client_id, TRUE, self);
  if (!self->mosq) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
        "mosquitto_new: %s", g_strerror (errno));
    return NULL;
  }
  mosquitto_threaded_set (self->mosq, true);
  mosquitto_connect_callback_set (self->mosq, on_connect);
  mosquitto_disconnect_callback_set (self->mosq, on_disconnect);
  mosquitto_publish_callback_set (self->mosq, on_publish);
  mosquitto_log_callback_set (self->mosq, on_log);
  rc = mosquitto_will_set (self->mosq, availability, strlen ("offline"),
      "offline", cfg->qos, true);
  if (rc == MOSQ_ERR_SUCCESS && cfg->username)
    rc = mosquitto_username_pw_set (self->mosq, cfg->username,
        cfg->password);
  if (rc == MOSQ_ERR_SUCCESS && cfg->ca_file)
    rc = mosquitto_tls_set (self->mosq, cfg->ca_file, NULL, NULL, NULL,
        NULL);
  if (rc != MOSQ_ERR_SUCCESS) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "MQTT set-up: %s",
        mosquitto_strerror (rc));
    return NULL;
  }
  self->wake = g_source_new (&wake_funcs, sizeof (GSource));
  g_source_set_callback (self->wake, on_wake, self, NULL);
  g_source_set_name (self->wake, "wf-mqtt-wake");
  g_source_attach (self->wake, NULL);
  state_update (self, availability, "online", TRUE, NULL, FALSE);
  return g_steal_pointer (&self);
}
