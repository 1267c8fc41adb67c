/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* What every libFuzzer harness of tests/fuzz shares: the entry point's
 * prototype, quiet logging, and the input as a NUL-terminated string. */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

int           LLVMFuzzerTestOneInput  (const uint8_t * data,
                                       size_t size);
int           LLVMFuzzerInitialize    (int * argc,
                                       char *** argv);

/* Drops GLib's messages and warnings (one per refused input would dominate
 * the run); criticals and errors are printed and abort. */
void          wf_fuzz_quiet           (void);

/* @data as a new string: cut at its first NUL, as a C API would see it. */
gchar *       wf_fuzz_string          (const uint8_t * data,
                                       size_t size);

/* A file of this process holding exactly @data (rewritten on every call),
 * for loaders that take a path. */
const gchar * wf_fuzz_file            (const uint8_t * data,
                                       size_t size);

G_END_DECLS
