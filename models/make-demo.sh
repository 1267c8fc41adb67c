#!/bin/sh
# Assembles the bundled demo video from photos shipped by the npm package
# @vladmandic/face-api (demo/sample1..6.jpg, MIT): each photo is shown for
# SECONDS seconds at 640x360, 10 frames/s, encoded as VP8 in Matroska (all in
# gst-plugins-good, so the demo needs no extra codec packages).
#   make-demo.sh FACE_API_DIR OUTPUT [SECONDS]
set -eu
src=$1
out=$2
secs=${3:-4}
fps=10
n=$((secs * fps))

branches=
for i in 1 2 3 4 5 6; do
  img="$src/demo/sample$i.jpg"
  if [ ! -f "$img" ]; then
    echo "make-demo.sh: $img not found; run ./models/fetch.sh" >&2
    exit 66
  fi
  branches="$branches filesrc location=$img ! jpegdec ! videoconvert
    ! imagefreeze num-buffers=$n ! videoscale add-borders=true
    ! video/x-raw,width=640,height=360,pixel-aspect-ratio=1/1,framerate=$fps/1
    ! queue ! c."
done

tmp="$out.tmp"
# shellcheck disable=SC2086
gst-launch-1.0 -q concat name=c ! videoconvert ! video/x-raw,format=I420 \
  ! vp8enc deadline=1 target-bitrate=800000 keyframe-max-dist=$fps \
  ! matroskamux ! filesink location="$tmp" $branches
mv "$tmp" "$out"
