/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * face-api's tiny face detector (a tiny YOLOv2 with separable convolutions:
 * model/tiny_face_detector_model* of the npm package @vladmandic/face-api)
 * as the file wf-convert-tinyface writes and the tiny backend reads.
 *
 * The file: the 8 bytes WF_TINYFACE_MAGIC, a little-endian guint32 count of
 * floats (WF_TINYFACE_N_FLOATS), then that many little-endian float32s:
 *   conv0: weights [16][3 * 3 * 3] (in-channel, row, column), bias [16];
 *   conv1..conv5: depthwise [C][3 * 3], pointwise [C'][C], bias [C'];
 *   conv8: weights [25][512], bias [25].
 * C, C' follow WF_TINYFACE_CHANNELS.  conv8's 25 outputs per cell are 5
 * anchors x (x, y, w, h, score).
 */
#pragma once

#define WF_TINYFACE_MAGIC "WFTINYF1"
#define WF_TINYFACE_FILE "wf_tiny_face_detector.wft"
#define WF_TINYFACE_N_LAYERS 6        /* conv0 .. conv5 */
#define WF_TINYFACE_N_ANCHORS 5
#define WF_TINYFACE_OUTPUTS (WF_TINYFACE_N_ANCHORS * 5)

/* channels in and out of conv0 .. conv5 */
static const unsigned wf_tinyface_channels[WF_TINYFACE_N_LAYERS + 1] = {
  3, 16, 32, 64, 128, 256, 512
};

#define WF_TINYFACE_N_FLOATS \
  (16 * 27 + 16 + \
   (16 * 9 + 32 * 16 + 32) + (32 * 9 + 64 * 32 + 64) + \
   (64 * 9 + 128 * 64 + 128) + (128 * 9 + 256 * 128 + 256) + \
   (256 * 9 + 512 * 256 + 512) + \
   WF_TINYFACE_OUTPUTS * 512 + WF_TINYFACE_OUTPUTS)
