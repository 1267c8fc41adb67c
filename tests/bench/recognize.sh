#!/bin/sh
# Face descriptor benchmark (issue 3): ms per descriptor on one core
# (taskset -c 0, OPENBLAS_NUM_THREADS=1) against OpenBLAS' default threads on
# every core, and the memory the loaded models cost.  Short: 24 faces x 3.
# With REFERENCE_BUILDDIR (a build of the previous version), its one-core
# figures are measured in the same run, alternating, and given as ratios.
#   tests/bench/recognize.sh [BUILDDIR [REFERENCE_BUILDDIR]]
set -eu
cd "$(dirname "$0")/../.."
build=${1:-build}
exe=$build/tests/recognize/bench-recognize
[ -x "$exe" ] || { echo "recognize.sh: build $exe first (ninja -C $build)" >&2; exit 66; }
export WF_MODEL_DIR="${WF_MODEL_DIR:-$PWD/$build/models}"
export WF_TESTDATA_DIR="${WF_TESTDATA_DIR:-$PWD/../shared/testdata}"

ref=${2:-}
ref_exe=
if [ -n "$ref" ]; then
  ref_exe=$ref/tests/recognize/bench-recognize
  [ -x "$ref_exe" ] || { echo "recognize.sh: no $ref_exe" >&2; exit 66; }
fi

one=$(mktemp); all=$(mktemp); old=$(mktemp); new2=$(mktemp)
trap 'rm -f "$one" "$all" "$old" "$new2"' EXIT
OPENBLAS_NUM_THREADS=1 taskset -c 0 "$exe" >"$one"
if [ -n "$ref_exe" ]; then
  # the reference reads its own build's models (its converter wrote them)
  case $ref in /*) ref_models=$ref/models ;; *) ref_models=$PWD/$ref/models ;; esac
  WF_MODEL_DIR=$ref_models OPENBLAS_NUM_THREADS=1 taskset -c 0 \
      "$ref_exe" --landmark-loads 0 >"$old"
  OPENBLAS_NUM_THREADS=1 taskset -c 0 "$exe" --landmark-loads 0 >"$new2"
fi
"$exe" >"$all"

get() { sed -n "s/^$2=//p" "$1"; }
echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %10s %10s\n' "" "one core" "default"
for k in ms_per_descriptor ms_align ms_network \
    cpu_ms_per_descriptor cpu_ms_align cpu_ms_network; do
  printf '%-34s %10s %10s\n' "$k" "$(get "$one" $k)" "$(get "$all" $k)"
done
awk -v a="$(get "$one" ms_per_descriptor)" -v b="$(get "$all" ms_per_descriptor)" \
    -v c="$(get "$one" cpu_ms_per_descriptor)" 'BEGIN {
  printf "wall time, one core / default threads: %.2f\n", a / b
  printf "one core / 25 ms target: %.2f wall, %.2f CPU\n", a / 25, c / 25 }'
echo "descriptors per run: $(get "$one" descriptors)"
echo "RSS before models: $(get "$one" rss_before_models_kb) kB, after: $(get "$one" rss_after_models_kb) kB (models: +$(get "$one" rss_models_kb) kB)"
echo "model cache: dlib-resnet $(get "$one" cache_dlib-resnet_kb) kB (load $(get "$one" cache_dlib-resnet_load_s) s), dlib-shape-predictor $(get "$one" cache_dlib-shape-predictor_kb) kB (load $(get "$one" cache_dlib-shape-predictor_load_s) s)"
awk -v m="$(get "$one" rss_models_kb)" -v b="$(get "$one" rss_before_models_kb)" 'BEGIN {
  printf "models RSS / process RSS before them: %.2f\n", m / b }'
echo "peak RSS of the run: $(get "$one" rss_peak_kb) kB"
if [ -n "$(get "$one" cpu_ms_landmarks_load_dat)" ]; then
  awk -v d="$(get "$one" cpu_ms_landmarks_load_dat)" \
      -v c="$(get "$one" cpu_ms_landmarks_load_compact)" \
      -v n="$(get "$one" landmark_loads)" 'BEGIN {
    printf "landmark model load, CPU ms (mean of %d, one core): .dat %.1f, compact %.1f; compact / .dat: %.3f\n", n, d, c, c / d }'
fi
if [ -n "$ref_exe" ]; then
  echo "one core, this build (two runs) against $ref (one run between them):"
  for k in ms_per_descriptor ms_align ms_network cpu_ms_per_descriptor \
      rss_models_kb rss_peak_kb; do
    awk -v k=$k -v a="$(get "$one" $k)" -v b="$(get "$new2" $k)" \
        -v r="$(get "$old" $k)" 'BEGIN {
      printf "  %-24s %9.2f %9.2f  reference %9.2f  ratio %.3f\n", k, a, b, r, (a + b) / 2 / r }'
  done
fi
