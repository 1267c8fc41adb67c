#!/bin/sh
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Cameras per node (issues 16 and 17), not a test: N live cameras (the fake
# RTSP camera, one server, N clients, 15 fps) on one daemon running the
# default template (facedetect ! facematch ! occupancy), for N in COUNTS;
# a camera keeps up when it analyses 15 frames a second.  On the two videos
# of tests/bench/motion-bench.sh: "idle" (a person in view 10% of the time)
# and "busy" (always someone in view).
#   tests/bench/cameras-per-node.sh BUILD_DIR [COUNTS] [CPUS] [SECONDS]
# COUNTS default 4,8,12,16; CPUS (taskset -c) default all; SECONDS of
# measurement per run, default 10.
set -eu
build=$(cd "${1:?usage: $0 BUILD_DIR [COUNTS] [CPUS] [SECONDS]}" && pwd)
counts=${2:-4,8,12,16}
cpus=${3:-}
secs=${4:-10}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d /tmp/wf-cameras-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

WF_MOTION_VIDEOS=$tmp "$here/motion-bench.sh" "$build" 60
for kind in idle busy; do
  echo "## $kind video, template default, counts $counts${cpus:+, taskset -c $cpus}"
  python3 "$here/daemon-bench.py" "$build" --rtsp-only --template default \
    --video "$tmp/$kind.mp4" --gallery "$tmp/g.db" --counts "$counts" \
    --seconds "$secs" \
    ${cpus:+--taskset "$cpus"}
done
