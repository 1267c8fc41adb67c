/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * The REST API over a WfMonitor: libsoup 3, one handler per path, JSON by
 * json-glib, errors as {"error": CODE, "message": TEXT}.  docs/api.md and
 * the OpenAPI document served at /api/v1/openapi.json describe it.
 */
#pragma once

#include <glib-object.h>
#include "wf-monitor.h"
#include "wf-gallery.h"

G_BEGIN_DECLS

#define WF_TYPE_API (wf_api_get_type ())
G_DECLARE_FINAL_TYPE (WfApi, wf_api, WF, API, GObject)

/* @gallery may be NULL (it failed to open): employees then answer 503. */
WfApi *    wf_api_new       (WfMonitor * monitor,
                             WfGallery * gallery);
/* Listens on @address:@port (0 picks a free port); returns the URL. */
gchar *    wf_api_listen    (WfApi * self,
                             const gchar * address,
                             guint port,
                             GError ** error);
/* The MQTT publisher (a WfMqtt) whose state health, memory and metrics
 * report; NULL for none. */
void       wf_api_set_mqtt  (WfApi * self,
                             GObject * mqtt);
/* The site's gallery (a WfGallerySync, not owned) whose state health
 * reports; NULL on a single node. */
void       wf_api_set_gallery_sync (WfApi * self,
                             gpointer sync);
/* Ends live event streams and stops listening. */
void       wf_api_shutdown  (WfApi * self);

G_END_DECLS
