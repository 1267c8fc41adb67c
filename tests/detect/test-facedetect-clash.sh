#!/bin/sh
# The `facedetect` name clash with gst-plugins-bad's opencv plugin: with both
# plugins visible, `facedetect` must be ours in every scan order, with a
# fresh, a reused and a stale registry cache, whether plugins are scanned in
# gst-plugin-scanner or in-process.  Ours is told apart by its file name and
# by its `backend` property, which gst-plugins-bad's element does not have.
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

# run NAME REGISTRY SYSTEM_PATH PLUGIN_PATH [VAR=VALUE...]
check () {
  name=$1 reg=$2 syspath=$3 path=$4
  shift 4
  n=$((n + 1))
  out=$(env GST_REGISTRY_1_0="$reg" GST_PLUGIN_SYSTEM_PATH_1_0="$syspath" \
    GST_PLUGIN_PATH_1_0="$path" "$@" gst-inspect-1.0 facedetect 2>&1)
  file=$(echo "$out" | sed -n 's/^ *Filename *//p')
  if [ "$file" != "$ours/libgstworkforce.so" ] || ! echo "$out" | grep -q '^  backend '; then
    echo "FAIL $name: facedetect is ${file:-missing}"
    echo "$out" | head -n 5
    failures=$((failures + 1))
    return
  fi
  # and a pipeline gets it: bad's element has no `backend` property
  if ! env GST_REGISTRY_1_0="$reg" GST_PLUGIN_SYSTEM_PATH_1_0="$syspath" \
      GST_PLUGIN_PATH_1_0="$path" "$@" gst-launch-1.0 -q videotestsrc num-buffers=2 \
      ! video/x-raw,format=I420,width=160,height=120 \
      ! facedetect backend=haar ! fakesink >"$work/launch.log" 2>&1; then
    echo "FAIL $name: gst-launch with facedetect backend=haar failed"
    head -n 5 "$work/launch.log"
    failures=$((failures + 1))
    return
  fi
  # the registry keeps only ours: opencv's plugin lost its facedetect
  if env GST_REGISTRY_1_0="$reg" GST_PLUGIN_SYSTEM_PATH_1_0="$syspath" \
      GST_PLUGIN_PATH_1_0="$path" "$@" gst-inspect-1.0 opencv 2>/dev/null \
      | grep -q '^  facedetect:'; then
    echo "FAIL $name: opencv still lists facedetect"
    failures=$((failures + 1))
    return
  fi
  echo "ok $n $name"
}

for fork in yes no; do
  # The clash is real: without our plugin, facedetect is gst-plugins-bad's.
  out=$(GST_REGISTRY_1_0="$work/bad-$fork.reg" GST_PLUGIN_SYSTEM_PATH_1_0="$sys" \
    GST_PLUGIN_PATH_1_0= GST_REGISTRY_FORK=$fork gst-inspect-1.0 facedetect 2>&1)
  if ! echo "$out" | grep -q "Filename *$opencv"; then
    echo "FAIL: without our plugin facedetect should be $opencv"
    failures=$((failures + 1))
  fi

  # ours in GST_PLUGIN_PATH, scanned before the system dir (the usual case)
  check "fork=$fork ours-first fresh" "$work/a-$fork.reg" "$sys" "$ours" \
    GST_REGISTRY_FORK=$fork
  check "fork=$fork ours-first cached" "$work/a-$fork.reg" "$sys" "$ours" \
    GST_REGISTRY_FORK=$fork
  # system dir scanned first
  check "fork=$fork system-first fresh" "$work/b-$fork.reg" "" "$sys:$ours" \
    GST_REGISTRY_FORK=$fork
  check "fork=$fork system-first cached" "$work/b-$fork.reg" "" "$sys:$ours" \
    GST_REGISTRY_FORK=$fork

  # a cache from before gstreamer1.0-opencv was installed
  fake=$work/sys-$fork
  mkdir -p "$fake"
  for p in coreelements videotestsrc; do
    ln -sf "$sys/libgst$p.so" "$fake/"
  done
  check "fork=$fork before-opencv" "$work/c-$fork.reg" "$fake" "$ours" \
    GST_REGISTRY_FORK=$fork
  ln -sf "$opencv" "$fake/"
  check "fork=$fork opencv-installed-later" "$work/c-$fork.reg" "$fake" "$ours" \
    GST_REGISTRY_FORK=$fork
  check "fork=$fork opencv-installed-later cached" "$work/c-$fork.reg" "$fake" \
    "$ours" GST_REGISTRY_FORK=$fork

  # a cache from before our plugin was installed
  check "fork=$fork ours-installed-later" "$work/bad-$fork.reg" "$sys" "$ours" \
    GST_REGISTRY_FORK=$fork
done

echo "$n checks, $failures failed"
[ "$failures" -eq 0 ]
