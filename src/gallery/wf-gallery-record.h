/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * One employee's whole gallery entry (name, consent, enrolments,
 * descriptors and their photos) as one self-contained record, to carry it
 * between galleries: the daemon keeps the site's gallery in PostgreSQL as
 * one record per employee and applies them to each node's file
 * (src/daemon/wf-gallery-sync.c).  The record is a GVariant of type
 * WF_GALLERY_RECORD_TYPE in normal form; an import checks it as a parser
 * of untrusted input does before it writes anything.
 *
 * Row ids are the file's own: an imported descriptor gets a new id in the
 * importing file (no id in the API names a descriptor).
 */
#pragma once

#include "wf-gallery.h"

G_BEGIN_DECLS

#define WF_GALLERY_RECORD_FORMAT 1
/* (format, id, name, created, consent, consent date, consent note,
 *  enrolments: (created, program, host, samples),
 *  descriptors: (enrolment index or -1, 512 descriptor bytes, source,
 *                detector, created, box x, y, w, h, photo (type, data))) */
#define WF_GALLERY_RECORD_TYPE \
  "(ussxbxmsa(xsmsi)a(iaymsmsxddddm(say)))"
/* Refused above these before anything is parsed or written. */
#define WF_GALLERY_RECORD_MAX_BYTES (64 * 1024 * 1024)
#define WF_GALLERY_RECORD_MAX_DESCRIPTORS 4096

/* Employee @id as a record; WF_GALLERY_ERROR_NOT_FOUND when there is none. */
GBytes *  wf_gallery_export_employee (WfGallery * gallery,
                                      const gchar * id,
                                      GError ** error);

/* Replaces the employee @record names (or adds them) with the record's
 * content, in one transaction: all or nothing.  A record that is not
 * well-formed is refused with WF_GALLERY_ERROR_INVALID and changes
 * nothing.  Emits no WfGallery::employee-changed (the caller applies a
 * change made elsewhere).  @id_out, when not NULL, gets the employee id. */
gboolean  wf_gallery_import_employee (WfGallery * gallery,
                                      GBytes * record,
                                      gchar ** id_out,
                                      GError ** error);

G_END_DECLS
