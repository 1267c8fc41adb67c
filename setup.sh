#!/bin/sh
# Installs what workforce-monitor needs on Debian 12 (bookworm), from Debian's
# packages and the npm registry only:
#   ./setup.sh           build and run-time packages, models from packages
#   ./setup.sh --tests   the same plus what the tests need
# Safe to run again; it only installs what is missing.
set -eu

cd "$(dirname "$0")"

with_tests=no
for arg in "$@"; do
  case "$arg" in
    --tests) with_tests=yes ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 64 ;;
  esac
done

SUDO=
if [ "$(id -u)" != 0 ]; then
  SUDO=sudo
fi

# Compilers, build system and -dev packages (dlib-1.pc links libblas.so and
# liblapack.so, which libdlib-dev does not pull in).
BUILD_PKGS="meson ninja-build pkg-config gcc g++ libglib2.0-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  libdlib-dev libopencv-dev libsoup-3.0-dev libjson-glib-dev libsqlite3-dev
  libjpeg-dev libpng-dev libblas-dev liblapack-dev libmosquitto-dev libpq-dev"
# What the built programs use at run time: GStreamer plugins for decoding
# (H.264 via libav), OpenBLAS (dlib's networks run ~15x slower on the
# reference BLAS), dlib's 68-point landmarks, OpenCV's cascades and the demo
# video's source (opencv-doc ships vtest.avi).
RUNTIME_PKGS="gstreamer1.0-tools gstreamer1.0-plugins-base
  gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav
  libopenblas0-pthread libdlib-data opencv-data opencv-doc sqlite3 curl"
# Tests: gst-plugins-bad's OpenCV plugin (its `facedetect` clashes with ours,
# and it is the benchmark reference), gst-rtsp-server for the fake camera;
# PyYAML for the render.yaml check, GNU time for tests/bench/build-memory.sh,
# a mosquitto broker and its clients for the MQTT tests (openssl makes
# their TLS certificates), a PostgreSQL server for the store tests (run as a
# private server in a temporary directory by tests/daemon/pg-fixture.py).
TEST_PKGS="gstreamer1.0-opencv libgstrtspserver-1.0-dev
  gstreamer1.0-rtsp python3
  python3-yaml time mosquitto mosquitto-clients openssl
  clang libclang-rt-14-dev valgrind postgresql"
# The dashboard's browser test drives Debian's chromium (never a downloaded
# browser) with playwright-core, pinned by tests/web/package-lock.json.
TEST_PKGS="$TEST_PKGS chromium"

pkgs="$BUILD_PKGS $RUNTIME_PKGS"
[ "$with_tests" = yes ] && pkgs="$pkgs $TEST_PKGS"
command -v npm >/dev/null 2>&1 || pkgs="$pkgs nodejs npm"

missing=
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
    || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup.sh: installing$missing"
  $SUDO apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends $missing
fi

# dlib finds BLAS through the libblas.so.3 alternative: make sure it is
# OpenBLAS, not the reference implementation.
openblas=$(update-alternatives --list libblas.so.3-x86_64-linux-gnu 2>/dev/null \
  | grep openblas | head -n 1 || true)
if [ -n "$openblas" ]; then
  $SUDO update-alternatives --set libblas.so.3-x86_64-linux-gnu "$openblas" >/dev/null
fi

# Model weights and demo photos from the npm registry, at the version and
# integrity hash pinned in models/package-lock.json.
./models/fetch.sh
# The recognition tests run face-api's own network on TensorFlow.js (pure-JS
# CPU backend) as the reference for the converted model; pinned by
# tests/recognize/package-lock.json.
if [ "$with_tests" = yes ]; then
  (cd tests/recognize && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  (cd tests/web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

echo "setup.sh: done"
