/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * Faces added to the gallery after an employee's first enrolment, and the
 * one question about employees without consent that the search never
 * answers (wf_gallery_search leaves them out on purpose).  Used by the
 * daemon's review loop of unknown faces (docs/privacy.md): a crop enrolled
 * into an existing employee, and a crop that must not be kept because it
 * is the face of someone who refused consent.
 *
 * Each call works on its own connection to the gallery's file, in one
 * transaction; every WfGallery of the file (this process's and the
 * pipelines') sees the change at its next search (data_version).
 */
#pragma once

#include "wf-gallery.h"

G_BEGIN_DECLS

/* Adds @samples (descriptors and, where given, their photos) to employee
 * @id as one more enrolment, in one transaction: all or nothing.
 * WF_GALLERY_ERROR_NOT_FOUND when there is no such employee,
 * WF_GALLERY_ERROR_INVALID without samples. */
gboolean  wf_gallery_add_samples       (WfGallery * gallery,
                                        const gchar * id,
                                        const WfEnrolSample * samples,
                                        guint n_samples,
                                        GError ** error);

/* The photo kept with descriptor @descriptor of employee @id, and its MIME
 * type in @type (freed by the caller); WF_GALLERY_ERROR_NOT_FOUND when that
 * employee has no such photo. */
GBytes *  wf_gallery_get_photo         (WfGallery * gallery,
                                        const gchar * id,
                                        gint64 descriptor,
                                        gchar ** type,
                                        GError ** error);

/* The smallest distance from @descriptor to any descriptor of an employee
 * who has not consented; G_MAXDOUBLE when there is none. */
gboolean  wf_gallery_withheld_distance (WfGallery * gallery,
                                        const gfloat * descriptor,
                                        gdouble * distance,
                                        GError ** error);

G_END_DECLS
