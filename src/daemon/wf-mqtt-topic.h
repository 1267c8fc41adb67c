/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Names in MQTT topics.  A camera, zone, line or employee id becomes one
 * topic level: '/', '+' and '#' would split it or make it a wildcard, so
 * they are percent-encoded, and so is '%' itself (the mapping stays
 * one-to-one), spaces and control characters.  Home Assistant object ids
 * allow [A-Za-z0-9_-] only: others become '_' and a hash of the original is
 * appended so that two names never share an id.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One topic level for @name (never empty: "" becomes "%00"). */
gchar *  wf_mqtt_topic_escape   (const gchar * name);
/* @prefix (used as given) and the escaped levels, NULL-terminated:
 * wf_mqtt_topic_build ("workforce", cam, zone, "count", NULL) escapes cam
 * and zone and "count" alike. */
gchar *  wf_mqtt_topic_build    (const gchar * prefix,
                                 ...) G_GNUC_NULL_TERMINATED;
/* A Home Assistant node or object id for @name. */
gchar *  wf_mqtt_object_id      (const gchar * name);

G_END_DECLS
