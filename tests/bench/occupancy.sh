#!/bin/sh
# Occupancy benchmark (issue 4), on the pedestrian video
# (testdata/scenes/vtest_pedestrians_h264.mp4, 795 frames 768x576):
#  - decode-only pipeline (reference) against the same pipeline with
#    occupancy in metadata-only mode (8 scripted walking "face" ROIs a frame,
#    2 zones, 2 lines, a capacity), REPS runs each, alternating; medians;
#  - occupancy's own CPU time per frame (thread CPU clock between its pads)
#    as a share of the decode-only pipeline's CPU time;
#  - memory over 1 and 10 loops of the video in one pipeline, decode only
#    and metadata-only: RSS, heap in use and heap held (mallinfo2), then the
#    same with malloc_trim (0) before each reading (WF_BENCH_TRIM=1), which
#    tells memory in use from free memory glibc keeps in its arenas;
#  - detector=people (HOG, detect-width=1152, every 5th frame), one run.
#   tests/bench/occupancy.sh [BUILD_DIR] [REPS]
# The figures are in docs/benchmarks.md, section "occupancy".
# WF_BENCH_ROIS=N changes the scripted people per frame (8).
set -eu
build=$(cd "${1:-build}" && pwd)
reps=${2:-5}
src=$(cd "$(dirname "$0")/../.." && pwd)
bench="$build/tests/occupancy/occupancy-bench"
[ -x "$bench" ] || { echo "occupancy.sh: build first ($bench missing)" >&2; exit 1; }

export GST_PLUGIN_SYSTEM_PATH_1_0=
export GST_PLUGIN_PATH_1_0="$build/gst-plugins:$(pkg-config --variable=pluginsdir gstreamer-1.0)"
export GST_REGISTRY_1_0="${TMPDIR:-/tmp}/wf-occupancy-bench.registry"
export WF_TESTDATA_DIR="${WF_TESTDATA_DIR:-$src/../shared/testdata}"

out=$(mktemp)
trap 'rm -f "$out"' EXIT
i=0
while [ "$i" -lt "$reps" ]; do
  "$bench" decode 1 >>"$out"
  "$bench" null 1 >>"$out"
  "$bench" meta 1 >>"$out"
  i=$((i + 1))
done
"$bench" decode 10 >>"$out"
"$bench" meta 10 >>"$out"
WF_BENCH_TRIM=1 "$bench" decode 10 >>"$out"
WF_BENCH_TRIM=1 "$bench" meta 10 >>"$out"
"$bench" people 1 >>"$out"

python3 - "$out" <<'PY'
import statistics, sys
runs = []
for line in open(sys.argv[1]):
    d = dict(kv.split("=", 1) for kv in line.split())
    runs.append({k: (v if k == "mode" else float(v)) for k, v in d.items()})
def sel(mode, loops, trim=0):
    return [r for r in runs if r["mode"] == mode and r["loops"] == loops
            and r.get("trim", 0) == trim]
def med(rs, key):
    return statistics.median(r[key] for r in rs)
dec, meta = sel("decode", 1), sel("meta", 1)
meta10, people = sel("meta", 10)[0], sel("people", 1)[0]
dec10 = sel("decode", 10)[0]
fps_d, fps_m = med(dec, "fps"), med(meta, "fps")
cpu_d, cpu_m = med(dec, "cpu"), med(meta, "cpu")
el = med(meta, "element_cpu") / med(meta, "frames")
share = med(meta, "element_cpu") / cpu_d
null = sel("null", 1)
probe = med(null, "element_cpu") / med(null, "frames")
print(f"| pipeline | frames/s (median of {len(dec)}) | ratio | process CPU s | peak RSS MB |")
print("|---|---|---|---|---|")
print(f"| decode only (reference) | {fps_d:.0f} | 1.00 | {cpu_d:.2f} | {med(dec, 'hwm_kb')/1024:.1f} |")
print(f"| + occupancy, metadata only | {fps_m:.0f} | {fps_m/fps_d:.2f} | {cpu_m:.2f} | {med(meta, 'hwm_kb')/1024:.1f} |")
print(f"| + occupancy detector=people (every 5th frame) | {people['fps']:.1f} | {people['fps']/fps_d:.3f} | {people['cpu']:.2f} | {people['hwm_kb']/1024:.1f} |")
print()
print(f"occupancy metadata-only: {el*1e6:.0f} us of CPU per frame with 8 tracked ROIs, "
      f"{100*share:.1f}% of the decode-only pipeline's CPU time "
      f"(the same probes around an identity: {probe*1e6:.1f} us per frame)")
print(f"people detector: {people['frames']} frames in {people['wall']:.1f} s, process CPU "
      f"{people['cpu']/people['frames']*1e3:.0f} ms per frame (OpenCV runs HOG on all cores), "
      f"{people['cpu']/cpu_d:.0f}x the decode-only CPU time")
def mem(label, r):
    mb = lambda k: (r[k + "_last_kb"] - r[k + "_first_kb"]) / 1024
    return (f"{label}: RSS {r['rss_first_kb']/1024:.1f} -> {r['rss_last_kb']/1024:.1f} MB "
            f"({mb('rss'):+.2f} MB) from the end of loop 1 to the end of loop {int(r['loops'])}, "
            f"heap in use {mb('heap'):+.2f} MB, heap held {mb('held'):+.2f} MB, "
            f"free in the heap {mb('free'):+.2f} MB")
dec10t, meta10t = sel("decode", 10, 1)[0], sel("meta", 10, 1)[0]
print(mem("memory, decode only (reference)", dec10))
print(mem("memory, metadata only", meta10) + f", peak {meta10['hwm_kb']/1024:.1f} MB, {int(meta10['frames'])} frames")
print(mem("memory with malloc_trim, decode only", dec10t))
print(mem("memory with malloc_trim, metadata only", meta10t))
d = lambda r, k: (r[k + "_last_kb"] - r[k + "_first_kb"]) / 1024
print(f"occupancy's own RSS drift (metadata only minus decode only, same run): "
      f"{d(meta10, 'rss') - d(dec10, 'rss'):+.2f} MB; with malloc_trim "
      f"{d(meta10t, 'rss') - d(dec10t, 'rss'):+.2f} MB (single readings of the heap in use move "
      f"by the buffers in flight: compare RSS, and heap held against heap in use)")
PY
