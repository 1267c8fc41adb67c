/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * OpenBLAS would run each of our small products on a thread per core and
 * spin the idle ones (a fifth of a facematch run's CPU was system time);
 * the process's parallelism is its cameras.  Looked up at run time, as
 * libblas.so.3 may be another BLAS; the user's variables win.
 */
#include "config.h"
#include "wf-blas.h"

#include <dlfcn.h>

void
wf_blas_init_threads (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    void (*set_threads) (int) = NULL;
    *(void **) (&set_threads) = dlsym (RTLD_DEFAULT,
        "openblas_set_num_threads");
    if (set_threads && !g_getenv ("OPENBLAS_NUM_THREADS") &&
        !g_getenv ("OMP_NUM_THREADS"))
      set_threads (1);
    g_once_init_leave (&done, 1);
  }
}
