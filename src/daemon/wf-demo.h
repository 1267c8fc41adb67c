/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * --demo: a configuration made up on the spot over the demo video the build
 * assembles (models/demo.mkv), looped, with its results and a small gallery
 * in a private temporary folder removed at exit.
 */
#pragma once

#include <gio/gio.h>
#include "wf-config.h"
#include "wf-gallery.h"

G_BEGIN_DECLS

#define WF_TYPE_DEMO (wf_demo_get_type ())
G_DECLARE_FINAL_TYPE (WfDemo, wf_demo, WF, DEMO, GObject)

WfDemo *   wf_demo_new          (GError ** error);
/* Points @cfg at the demo's files and adds the demo camera. */
void       wf_demo_configure    (WfDemo * self,
                                 WfConfig * cfg);
/* Enrols "Demo Person N" from each face of the npm package's demo photos;
 * logs and goes on when a photo has none or enrolment is unavailable.
 * Stops between photos once @cancellable is cancelled, so a shutdown does
 * not wait for the whole enrolment. */
void       wf_demo_enrol        (WfDemo * self,
                                 WfGallery * gallery,
                                 GCancellable * cancellable);

G_END_DECLS
