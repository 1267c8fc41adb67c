/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "wf-detector-backend.h"

G_BEGIN_DECLS

/* face-api's tiny face detector on our own C path (wf-detector-tiny.c) */
extern const WfDetectorOps wf_detector_tiny_ops;

G_END_DECLS
