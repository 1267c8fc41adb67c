/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Face descriptors as the rest of the code sees them: 128 floats (dlib's
 * ResNet embedding) and their distance.  Free of dlib, so that a build
 * without it (the gallery, the daemon) can store and compare descriptors.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WF_DESCRIPTOR_DIM 128
/* The distance under which two descriptors are taken for one person: the
 * threshold dlib and face_recognition use. */
#define WF_DESCRIPTOR_DEFAULT_THRESHOLD 0.6

/* Euclidean distance of two descriptors of WF_DESCRIPTOR_DIM floats. */
gdouble      wf_descriptor_distance        (const gfloat * a,
                                            const gfloat * b);

G_END_DECLS
