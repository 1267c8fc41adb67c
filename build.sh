#!/bin/sh
# Configures and builds workforce-monitor with as many parallel compiler jobs
# as the memory allows (the dlib translation units need up to ~1.2 GB each).
#   ./build.sh [BUILDDIR] [meson setup options...]
set -eu

cd "$(dirname "$0")"
builddir=${1:-build}
[ $# -gt 0 ] && shift

# Peak RSS per compiler job measured in docs/memory.md; keep a margin.
per_job_mb=${WF_BUILD_JOB_MB:-1500}
min_mb=${WF_BUILD_MIN_MB:-1200}
avail_mb=$(awk '/MemAvailable/ { print int($2 / 1024) }' /proc/meminfo)
cpus=$(nproc)
if [ "$avail_mb" -lt "$min_mb" ]; then
  echo "build.sh: $avail_mb MB of memory available; the build needs at least" \
    "$min_mb MB for one compiler job (dlib's network code). Free memory or add swap." >&2
  exit 75
fi
jobs=$((avail_mb / per_job_mb))
[ "$jobs" -lt 1 ] && jobs=1
[ "$jobs" -gt "$cpus" ] && jobs=$cpus
echo "build.sh: $avail_mb MB available, $cpus CPUs: $jobs parallel jobs"

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$@"
elif [ $# -gt 0 ]; then
  meson configure "$builddir" "$@"
fi
ninja -C "$builddir" -j "$jobs"
