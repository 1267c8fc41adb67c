#!/bin/sh
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# System time of a facematch run with BLAS's threads as OpenBLAS picks them
# (a thread per CPU: OPENBLAS_NUM_THREADS=$(nproc), what the process did
# before issue 17.3) and as the process sets them now (one), not a test:
#   tests/bench/threads-bench.sh BUILD_DIR [VIDEO] [RUNS]
# VIDEO defaults to the shared faces_640x360_15fps_30s.mp4.  Pipeline:
#   filesrc ! decodebin ! videoconvert ! facedetect motion-gate=false !
#   facematch recompute-interval=1 gallery=G ! fakesink sync=false
# (a descriptor per face per frame: the BLAS-heavy case), G one photo of
# each person of the shared faces/.  Prints wall, user and system seconds
# (/usr/bin/time), the best of RUNS (default 2) by user + system.
set -eu

build=$(cd "${1:?usage: $0 BUILD_DIR [VIDEO] [RUNS]}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
video=${2:-$root/../shared/testdata/video/faces_640x360_15fps_30s.mp4}
runs=${3:-2}
faces=$root/../shared/testdata/faces
[ -f "$video" ] || { echo "no video $video" >&2; exit 66; }
[ -d "$faces" ] || { echo "no $faces (shared test data)" >&2; exit 66; }

tmp=$(mktemp -d /tmp/wf-threads-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export GST_PLUGIN_PATH_1_0="$build/gst-plugins"
export GST_REGISTRY_1_0="$tmp/registry.bin"
export WF_MODEL_DIR="$build/models"
unset OPENBLAS_NUM_THREADS OMP_NUM_THREADS
gst-inspect-1.0 facematch >/dev/null
for d in "$faces"/*/; do
  name=$(basename "$d")
  "$build/src/tools/workforce-admin" -q enroll --db "$tmp/g.db" --id "$name" \
    --name "$name" "$d/1.jpg"
done

one() {
  { /usr/bin/time -f "%e %U %S" env "$@" gst-launch-1.0 -q filesrc \
      location="$video" ! decodebin ! videoconvert ! facedetect motion-gate=false \
      ! facematch recompute-interval=1 gallery="$tmp/g.db" ! fakesink sync=false \
      >/dev/null; } 2>&1 | tail -n 1
}

echo "| BLAS threads | wall s | user s | sys s | sys % of CPU |"
echo "|---|---|---|---|---|"
for setting in "OPENBLAS_NUM_THREADS=$(nproc)" "WF_BENCH=1"; do
  best=""
  i=0
  while [ $i -lt "$runs" ]; do
    r=$(one "$setting")
    set -- $r
    cpu=$(echo "$2 + $3" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$cpu < $bestcpu" | bc -l)" = 1 ]; then
      best=$r
      bestcpu=$cpu
    fi
    i=$((i + 1))
  done
  set -- $best
  label="$(nproc) (OpenBLAS's own choice, before)"
  [ "$setting" = "WF_BENCH=1" ] && label="1 (set by the process, now)"
  printf '| %s | %.2f | %.2f | %.2f | %.1f |\n' "$label" "$1" "$2" "$3" \
    "$(echo "100 * $3 / ($2 + $3)" | bc -l)"
done
