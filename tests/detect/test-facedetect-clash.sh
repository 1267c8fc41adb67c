#!/bin/sh
# The `facedetect` name clash with gst-plugins-bad's opencv plugin.  Our
# plugin edits no registry: GStreamer keeps the `facedetect` added last, so
# the plugin path decides (docs/facedetect.md, "The name clash").  Checked
# in fresh, reused and stale private registries, with the plugin scanner
# helper and in-process scanning:
# - ours listed after the system directory (how our tests, benchmarks and
#   the documented set-up run): `facedetect` is ours, also when the opencv
#   plugin is installed after the registry cache was written;
# - ours listed before it: `facedetect` is gst-plugins-bad's, which our
#   plugin leaves in place, and a launch line with our `backend` property
#   fails saying so (the daemon refuses such a camera: wf-pipeline.c).
# Ours is told apart by its file name and its `backend` property.
#   test-facedetect-clash.sh OUR_PLUGIN_DIR SYSTEM_PLUGIN_DIR
set -u

ours=$1
sys=$2
opencv=$sys/libgstopencv.so

if [ ! -f "$opencv" ]; then
  echo "SKIP: $opencv not installed (Debian gstreamer1.0-opencv; ./setup.sh --tests)"
  exit 77
fi
if ! command -v gst-inspect-1.0 >/dev/null || ! command -v gst-launch-1.0 >/dev/null; then
  echo "SKIP: gst-inspect-1.0/gst-launch-1.0 not found (gstreamer1.0-tools)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
n=0

fail () {
  echo "FAIL $*"
  failures=$((failures + 1))
}

# gst NAME REGISTRY PLUGIN_PATH VAR=VALUE... -- PROGRAM ARGS...: runs a
# GStreamer program with only PLUGIN_PATH's plugins
gst () {
  reg=$1 path=$2
  shift 2
  env GST_REGISTRY_1_0="$reg" GST_PLUGIN_SYSTEM_PATH_1_0= \
    GST_PLUGIN_PATH_1_0="$path" "$@"
}

# launch REGISTRY PATH VARS...: a pipeline with our facedetect's property
launch () {
  reg=$1 path=$2
  shift 2
  gst "$reg" "$path" "$@" gst-launch-1.0 -q videotestsrc num-buffers=2 \
    ! video/x-raw,format=I420,width=160,height=120 \
    ! facedetect backend=haar ! fakesink >"$work/launch.log" 2>&1
}

# ours NAME REGISTRY PATH VARS...: facedetect is ours, and a pipeline gets it
ours () {
  name=$1 reg=$2 path=$3
  shift 3
  n=$((n + 1))
  out=$(gst "$reg" "$path" "$@" gst-inspect-1.0 facedetect 2>&1)
  file=$(echo "$out" | sed -n 's/^ *Filename *//p')
  if [ "$file" != "$ours/libgstworkforce.so" ] || ! echo "$out" | grep -q '^  backend '; then
    fail "$name: facedetect is ${file:-missing}, expected ours"
    echo "$out" | head -n 5
    return
  fi
  if ! launch "$reg" "$path" "$@"; then
    fail "$name: gst-launch with facedetect backend=haar failed"
    head -n 5 "$work/launch.log"
    return
  fi
  echo "ok $n $name"
}

# theirs NAME REGISTRY PATH VARS...: facedetect is gst-plugins-bad's, still
# listed by its plugin, our other elements are ours, and our property is
# refused with GStreamer's message
theirs () {
  name=$1 reg=$2 path=$3
  shift 3
  n=$((n + 1))
  file=$(gst "$reg" "$path" "$@" gst-inspect-1.0 facedetect 2>&1 \
    | sed -n 's/^ *Filename *//p')
  if [ "$file" != "$opencv" ]; then
    fail "$name: facedetect is ${file:-missing}, expected $opencv"
    return
  fi
  if ! gst "$reg" "$path" "$@" gst-inspect-1.0 opencv 2>/dev/null \
      | grep -q '^  facedetect:'; then
    fail "$name: the opencv plugin lost its facedetect"
    return
  fi
  file=$(gst "$reg" "$path" "$@" gst-inspect-1.0 occupancy 2>&1 \
    | sed -n 's/^ *Filename *//p')
  if [ "$file" != "$ours/libgstworkforce.so" ]; then
    fail "$name: occupancy is ${file:-missing}, expected ours"
    return
  fi
  if launch "$reg" "$path" "$@" || ! grep -q 'no property "backend"' "$work/launch.log"; then
    fail "$name: gst-launch with facedetect backend=haar did not fail on the property"
    head -n 5 "$work/launch.log"
    return
  fi
  echo "ok $n $name"
}

for fork in yes no; do
  f="GST_REGISTRY_FORK=$fork"
  # The clash is real: without our plugin, facedetect is gst-plugins-bad's.
  out=$(gst "$work/bad-$fork.reg" "$sys" $f gst-inspect-1.0 facedetect 2>&1)
  if ! echo "$out" | grep -q "Filename *$opencv"; then
    fail "fork=$fork: without our plugin facedetect should be $opencv"
  fi

  # ours after the system directory
  ours "fork=$fork ours-last fresh" "$work/a-$fork.reg" "$sys:$ours" $f
  ours "fork=$fork ours-last cached" "$work/a-$fork.reg" "$sys:$ours" $f
  # a cache from before our plugin was installed
  ours "fork=$fork ours-installed-later" "$work/bad-$fork.reg" "$sys:$ours" $f
  # a cache from before gstreamer1.0-opencv was installed
  fake=$work/sys-$fork
  mkdir -p "$fake"
  for p in coreelements videotestsrc; do
    ln -sf "$sys/libgst$p.so" "$fake/"
  done
  ours "fork=$fork before-opencv" "$work/c-$fork.reg" "$fake:$ours" $f
  ln -sf "$opencv" "$fake/"
  ours "fork=$fork opencv-installed-later" "$work/c-$fork.reg" "$fake:$ours" $f
  ours "fork=$fork opencv-installed-later cached" "$work/c-$fork.reg" \
    "$fake:$ours" $f

  # ours before the system directory: gst-plugins-bad's, left alone
  theirs "fork=$fork ours-first fresh" "$work/d-$fork.reg" "$ours:$sys" $f
  theirs "fork=$fork ours-first cached" "$work/d-$fork.reg" "$ours:$sys" $f
done

echo "$n checks, $failures failed"
[ "$failures" -eq 0 ]
