#!/bin/bash
# Build-memory benchmark (issue 6): a clean full build and a clean lite build
# (-Ddlib=disabled), each through ./build.sh (which picks the job count from
# the memory available) with every compiler and linker process wrapped by
# tests/bench/cc-peak-rss.sh. Reports per translation unit the peak RSS, and
# per build the largest compiler process, the peak of all build processes
# together (sampled every 0.2 s) and the wall time.
#   tests/bench/build-memory.sh [OUT_DIR] [meson options...]
# WF_BM_VARIANTS="lite" (or "full") measures one build only.
# Needs GNU time (/usr/bin/time: apt-get install time). Takes a few minutes
# on 2 cores; build trees go to a temporary folder and are removed.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=$(pwd)
out=${1:-build-memory}
[ $# -gt 0 ] && shift
[ -x /usr/bin/time ] || { echo "build-memory.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 69; }
mkdir -p "$out"
tmp=$(mktemp -d /tmp/wf-build-memory.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
wrap="$src/tests/bench/cc-peak-rss.sh"

# Sum of the RSS of every process in session $1, maximum over the run.
sample_session() {
  local sid=$1 max=0 cur
  while kill -0 "$sid" 2>/dev/null; do
    cur=$(ps -o rss= -s "$sid" 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
    [ "$cur" -gt "$max" ] && max=$cur
    sleep 0.2
  done
  echo "$max"
}

report=$out/build-memory.txt
: >"$report"
{
  echo "# build-memory.sh, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs," \
    "$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)," \
    "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "# other load during the run: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min load average)"
} >>"$report"

for variant in ${WF_BM_VARIANTS:-full lite}; do
  opts=("$@")
  [ $variant = lite ] && opts+=(-Ddlib=disabled)
  bdir=$tmp/build-$variant
  log=$out/rss-$variant.log
  : >"$log"
  start=$(date +%s.%N)
  WF_RSS_LOG=$log CC="$wrap gcc" CXX="$wrap g++" \
    setsid ./build.sh "$bdir" "${opts[@]}" >"$out/build-$variant.out" 2>&1 &
  bpid=$!
  total_kb=$(sample_session "$bpid")
  if ! wait "$bpid"; then
    echo "build-memory.sh: the $variant build failed, see $out/build-$variant.out" >&2
    tail -n 20 "$out/build-$variant.out" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  jobs=$(sed -n 's/.*: \([0-9]*\) parallel jobs.*/\1/p' "$out/build-$variant.out")
  {
    echo
    echo "## $variant (${opts[*]:-default options}), ./build.sh chose $jobs parallel jobs"
    awk -v total="$total_kb" -v s="$start" -v e="$end" '
      { n++; if ($1 > max) { max = $1; top = $3 } ; sum_t += $2 }
      END {
        printf "processes: %d compiler/linker runs, %.0f s of compiler time\n", n, sum_t
        printf "largest process: %.0f MB (%s)\n", max / 1024, top
        printf "all build processes together, peak: %.0f MB\n", total / 1024
        printf "wall time: %.0f s\n", e - s
      }' "$log"
    echo "heaviest translation units (peak RSS MB, seconds, output):"
    sort -rn "$log" | head -n 12 | awk '{ printf "  %6.0f %6.1f  %s\n", $1 / 1024, $2, $3 }'
  } >>"$report"
done
cat "$report"
