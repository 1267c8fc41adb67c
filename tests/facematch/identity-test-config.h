/* The identity rules both test-identity.c and test-face-tracks.c run with:
 * small figures, so that a test sees re-verification and naming within a
 * handful of frames. */
#pragma once

#include "wf-identity.h"

static inline void
identity_test_config (WfIdentityConfig * cfg)
{
  wf_identity_config_init (cfg);
  cfg->threshold = 0.5;
  cfg->margin = 0.05;
  cfg->reverify_frames = 5;
  cfg->reverify_ms = 0;
  cfg->unnamed_frames = 3;
}
