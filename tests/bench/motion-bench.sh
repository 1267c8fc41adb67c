#!/bin/sh
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The motion gate's benchmark (issue 17), not a test:
#   tests/bench/motion-bench.sh BUILD_DIR [SECONDS] [PHOTO]
# Makes two 640x360 15 fps H.264 videos of SECONDS (default 60) with
# build/tests/motion/motion-video from PHOTO (default: a face of the shared
# test data, else face-api's demo photo): "idle" (a person in view 10% of
# the time) and "busy" (always someone in view).  On each, in separate
# gst-launch-1.0 processes (sync=false, the whole file as fast as it goes):
#   decode    filesrc ! decodebin ! videoconvert ! fakesink (the physical limit)
#   gate-off  ... ! facedetect motion-gate=false ! facematch ! occupancy
#             (what main did: every frame searched)
#   gate-on   ... ! facedetect ! facematch ! occupancy (the default)
# The same on the shared faces_640x360_15fps_30s.mp4 when present ("faces":
# real people, always in view).  Prints user and system CPU seconds (/usr/bin/time), the CPU per
# frame, and the cameras two cores hold at 15 fps computed from it
# (2 x SECONDS / CPU seconds), as a markdown table.
set -eu

build=$(cd "${1:?usage: $0 BUILD_DIR [SECONDS] [PHOTO]}" && pwd)
secs=${2:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
photo=${3:-}
if [ -z "$photo" ]; then
  for p in "$root/../shared/testdata/faces/alex_lacamoire/1.jpg" \
      "$root/models/node_modules/@vladmandic/face-api/demo/sample1.jpg"; do
    if [ -f "$p" ]; then photo=$p; break; fi
  done
fi
[ -f "$photo" ] || { echo "no photo: give one as the third argument" >&2; exit 66; }

tmp=$(mktemp -d /tmp/wf-motion-bench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export GST_PLUGIN_PATH_1_0="$build/gst-plugins"
export GST_REGISTRY_1_0="$tmp/registry.bin"
export WF_MODEL_DIR="$build/models"
gst-inspect-1.0 facedetect >/dev/null

# H.264 as cameras send it: x264 when installed, else Cisco's openh264
if gst-inspect-1.0 x264enc >/dev/null 2>&1; then
  enc="x264enc speed-preset=veryfast key-int-max=30"
else
  enc="openh264enc gop-size=30 bitrate=1000000"
fi
for kind in idle busy; do
  "$build/tests/motion/motion-video" "$kind" "$secs" "$photo" |
    gst-launch-1.0 -q fdsrc blocksize=345600 ! rawvideoparse width=640 height=360 \
      format=i420 framerate=15/1 ! $enc ! h264parse ! mp4mux \
      ! filesink location="$tmp/$kind.mp4" >/dev/null
done
"$build/src/tools/workforce-admin" -q enroll --db "$tmp/g.db" --id person \
  --name Person "$photo"
# WF_MOTION_VIDEOS=DIR: only make the two videos and the gallery of their
# person, into DIR (for tests/bench/cameras-per-node.sh)
if [ -n "${WF_MOTION_VIDEOS:-}" ]; then
  cp "$tmp/idle.mp4" "$tmp/busy.mp4" "$tmp/g.db" "$WF_MOTION_VIDEOS/"
  exit 0
fi

# and, when the shared test data is there, its real video (faces always in
# view, moving): "faces"
videos="idle busy"
shared="$root/../shared/testdata/video/faces_640x360_15fps_30s.mp4"
if [ -f "$shared" ]; then
  ln -s "$shared" "$tmp/faces.mp4"
  videos="$videos faces"
fi

tail="facematch gallery=$tmp/g.db ! occupancy zones=\"room=0,0 1,0 1,1 0,1\""
echo "| video | pipeline | user s | sys s | sys % of CPU | CPU ms / frame | cameras on 2 cores at 15 fps | CPU / gate-off |"
echo "|---|---|---|---|---|---|---|---|"
for kind in $videos; do
  n=$secs
  [ "$kind" = faces ] && n=30
  frames=$((n * 15))
  off=""
  for what in decode gate-off gate-on; do
    case $what in
      decode) mid="identity" ;;
      gate-off) mid="facedetect motion-gate=false ! $tail" ;;
      gate-on) mid="facedetect ! $tail" ;;
    esac
    # shellcheck disable=SC2086
    t=$( { eval /usr/bin/time -f \"%U %S\" gst-launch-1.0 -q filesrc \
        location="$tmp/$kind.mp4" ! decodebin ! videoconvert ! $mid ! \
        fakesink sync=false >/dev/null; } 2>&1 | tail -n 1)
    set -- $t
    cpu=$(echo "$1 + $2" | bc -l)
    [ "$what" = gate-off ] && off=$cpu
    ratio=-
    [ -n "$off" ] && ratio=$(printf '%.2f' "$(echo "$cpu / $off" | bc -l)")
    printf '| %s | %s | %.2f | %.2f | %.1f | %.2f | %.1f | %s |\n' "$kind" "$what" \
      "$1" "$2" "$(echo "100 * $2 / $cpu" | bc -l)" \
      "$(echo "1000 * $cpu / $frames" | bc -l)" \
      "$(echo "2 * $n / $cpu" | bc -l)" "$ratio"
  done
done
