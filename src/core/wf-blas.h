/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One thread budget per process (issue 17): sets OpenBLAS, when it is the
 * BLAS loaded, to one thread, unless OPENBLAS_NUM_THREADS or
 * OMP_NUM_THREADS is set.  Once per process; every user of BLAS calls it
 * before its first product. */
void wf_blas_init_threads (void);

G_END_DECLS
