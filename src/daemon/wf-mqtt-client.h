/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The connection to the MQTT broker (libmosquitto): a thread of its own
 * connects, reconnects with capped exponential back-off and runs the
 * network loop, so that name resolution, TCP and TLS never block the main
 * loop.  Everything else runs in the main context.
 *
 * Two kinds of messages:
 *  - events: a bounded FIFO (queue-size messages, queue-bytes bytes) kept
 *    while the broker is away and flushed in order; when full the oldest
 *    event is dropped and counted.
 *  - states: the latest payload per topic (counts, presence, discovery),
 *    sent when it changes and again after every (re)connection, since a
 *    restarted broker may have lost its retained messages.  Bounded by the
 *    number of entities, not by time.
 * At most WF_MQTT_IN_FLIGHT messages are handed to libmosquitto without
 * an acknowledgement, so a broker that accepts but never acknowledges fills
 * our queue (and drops, counted), never memory.  The last will sets
 * PREFIX/available to "offline"; "online" is the first state sent after
 * each connection.
 */
#pragma once

#include <glib-object.h>
#include "wf-mqtt-config.h"

G_BEGIN_DECLS

#define WF_MQTT_IN_FLIGHT 64

typedef enum {
  WF_MQTT_STATE_STOPPED,
  WF_MQTT_STATE_CONNECTING,
  WF_MQTT_STATE_CONNECTED,
  WF_MQTT_STATE_DISCONNECTED,   /* lost or could not connect; retrying */
  WF_MQTT_STATE_REFUSED,        /* the broker said no (credentials...) */
} WfMqttState;

const gchar * wf_mqtt_state_to_string (WfMqttState state);

typedef struct {
  WfMqttState state;
  gchar *last_error;            /* NULL when none */
  gchar *broker;                /* host:port */
  guint64 connects;             /* successful connections */
  guint64 connect_failures;     /* attempts that failed or were refused */
  guint64 published;            /* acknowledged (QoS 0: written) */
  guint64 dropped;              /* events dropped: queue full */
  guint64 rejected;             /* refused by libmosquitto (size, topic) */
  guint queued;                 /* events waiting */
  guint64 queued_bytes;
  guint queue_max;
  guint64 queue_max_bytes;
  guint in_flight;              /* handed over, not yet acknowledged */
  guint states;                 /* state topics held */
  guint states_pending;         /* of which still to send */
  guint64 states_bytes;
  gint64 connected_since_ms;    /* unix ms, 0 when not connected */
  guint next_retry_ms;          /* back-off of the pending attempt */
} WfMqttClientStats;

void wf_mqtt_client_stats_clear (WfMqttClientStats * stats);

#define WF_TYPE_MQTT_CLIENT (wf_mqtt_client_get_type ())
G_DECLARE_FINAL_TYPE (WfMqttClient, wf_mqtt_client, WF, MQTT_CLIENT, GObject)

/* @availability: the topic of the last will ("offline") and of "online". */
WfMqttClient * wf_mqtt_client_new         (const WfMqttConfig * cfg,
                                           const gchar * availability,
                                           GError ** error);
/* Starts the network thread (returns at once). */
void           wf_mqtt_client_start       (WfMqttClient * self);
/* Sets availability to "offline", sends what it can within @flush_ms,
 * disconnects and ends the thread. */
void           wf_mqtt_client_stop        (WfMqttClient * self,
                                           guint flush_ms);

/* Queues an event (copied). */
void           wf_mqtt_client_publish     (WfMqttClient * self,
                                           const gchar * topic,
                                           const gchar * payload,
                                           gboolean retain);
/* Sets the state of @topic (copied); @owner (a camera or employee id, or
 * NULL) lets wf_mqtt_client_clear_owner() remove it.  An unchanged payload
 * is not sent again. */
void           wf_mqtt_client_set_state   (WfMqttClient * self,
                                           const gchar * topic,
                                           const gchar * payload,
                                           gboolean retain,
                                           const gchar * owner);
/* Sends an empty retained message for @topic (the broker forgets it) and
 * then forgets it here too. */
void           wf_mqtt_client_clear_state (WfMqttClient * self,
                                           const gchar * topic);
/* Clears every state topic of @owner. */
void           wf_mqtt_client_clear_owner (WfMqttClient * self,
                                           const gchar * owner);
/* TRUE when @topic has a state (not being cleared). */
gboolean       wf_mqtt_client_has_state   (WfMqttClient * self,
                                           const gchar * topic);
void           wf_mqtt_client_get_stats   (WfMqttClient * self,
                                           WfMqttClientStats * stats);

G_END_DECLS
