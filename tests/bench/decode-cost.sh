#!/bin/sh
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# What decoding costs a camera: a main stream (1280x720) against a
# sub-stream (640x360) of the same scene, and libav's max-threads 0 (auto:
# frame threads, one per core and one more) against 1, the camera keys
# substream and decode_threads (docs/configuration.md).  N decoders run at
# once, as N cameras of a node would; each row is the CPU time per decoded
# frame (user + system, over all N), the system share, the wall time and the
# peak RSS of one decoder.
#
#   tests/bench/decode-cost.sh [N] [TESTDATA]     (defaults 4, ../shared/testdata)
set -eu
n=${1:-4}
data=${2:-$(dirname "$0")/../../../shared/testdata}
frames=450                      # 30 s at 15 fps, both videos
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "| stream | max-threads | decoders at once | CPU ms/frame | system share | wall s | peak RSS MB (one) |"
echo "|---|---|---|---|---|---|---|"
for video in faces_1280x720_15fps_30s.mp4 faces_640x360_15fps_30s.mp4; do
  for threads in 0 1; do
    i=0
    while [ "$i" -lt "$n" ]; do
      /usr/bin/time -f "%U %S %e %M" -o "$tmp/t$i" gst-launch-1.0 -q \
        filesrc location="$data/video/$video" ! qtdemux ! h264parse ! \
        avdec_h264 max-threads="$threads" ! fakesink sync=false &
      i=$((i + 1))
    done
    wait
    cat "$tmp"/t* | awk -v n="$n" -v f="$frames" -v v="$video" -v t="$threads" '
      { u += $1; s += $2; if ($3 > w) w = $3; if ($4 > m) m = $4 }
      END { printf "| %s | %d | %d | %.2f | %.0f%% | %.2f | %.0f |\n",
              v, t, n, 1000 * (u + s) / (n * f), 100 * s / (u + s), w, m / 1024 }'
    rm -f "$tmp"/t*
  done
done
