#!/bin/sh
# Configures and builds workforce-monitor with as many parallel compiler jobs
# as the memory allows (figures below, measured in docs/memory.md).
#   ./build.sh [BUILDDIR] [meson setup options...]
set -eu

cd "$(dirname "$0")"
builddir=${1:-build}
[ $# -gt 0 ] && shift

# Peak RSS of the largest compiler process, measured by
# tests/bench/build-memory.sh (docs/memory.md), with a margin: the dlib
# ResNet unit of the full build peaks at 1.41 GB (-O2, line tables only),
# the lite build's largest unit at 0.22 GB; with the sanitizers the dlib
# units were seen at 2-3 GB.
case " $* $(cat "$builddir/meson-private/cmd_line.txt" 2>/dev/null | tr '\n' ' ')" in
  *" -Ddlib=disabled "*|*"dlib = disabled"*) variant=lite; need=400 ;;
  *"-Db_sanitize="*|*"b_sanitize = address"*|*"b_sanitize = undefined"*)
    variant="full (sanitizers)"; need=3200 ;;
  *) variant=full; need=1700 ;;
esac
per_job_mb=${WF_BUILD_JOB_MB:-$need}
min_mb=${WF_BUILD_MIN_MB:-$need}
avail_mb=$(awk '/MemAvailable/ { print int($2 / 1024) }' /proc/meminfo)
cpus=$(nproc)
if [ "$avail_mb" -lt "$min_mb" ]; then
  echo "build.sh: $avail_mb MB of memory available; the $variant build needs at least" \
    "$min_mb MB for one compiler job. Free memory or add swap (or build the lite" \
    "variant, -Ddlib=disabled, which needs 400 MB)." >&2
  exit 75
fi
jobs=$((avail_mb / per_job_mb))
[ "$jobs" -lt 1 ] && jobs=1
[ "$jobs" -gt "$cpus" ] && jobs=$cpus
echo "build.sh: $avail_mb MB available, $cpus CPUs, $variant build ($per_job_mb MB per job): $jobs parallel jobs"

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$@"
elif [ $# -gt 0 ]; then
  meson configure "$builddir" "$@"
fi
ninja -C "$builddir" -j "$jobs"
