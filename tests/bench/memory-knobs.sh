#!/bin/sh
# Memory-knob benchmark (issue 6): what glibc's and OpenBLAS's environment
# settings and a pre-built GStreamer registry do to the daemon's RSS and
# start-up, with one camera (`workforce-monitor --demo`, the bundled demo video
# looped through the demo pipeline). Each configuration runs REPS times for
# WINDOW seconds after the first analysed frame; medians are reported with
# the ratio against the glibc defaults measured in the same run.
#   tests/bench/memory-knobs.sh [BUILD_DIR] [REPS] [WINDOW_S]
# The figures are in docs/memory.md.
exec python3 - "$@" <<'PY'
import json, os, re, shutil, signal, statistics, subprocess, sys, tempfile, time
import urllib.request

src = os.path.abspath(os.path.join(os.path.dirname(sys.argv[0]) if sys.argv[0] != "-" else ".", "."))
build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
window = float(sys.argv[3]) if len(sys.argv) > 3 else 10
daemon = os.path.join(build, "src", "daemon", "workforce-monitor")
if not os.access(daemon, os.X_OK):
    sys.exit(f"memory-knobs: no daemon at {daemon}; build first")
tmp = tempfile.mkdtemp(prefix="wf-knobs-")
base_env = dict(os.environ)
# the system plugins first, ours last: the `facedetect` added last is ours
base_env["GST_PLUGIN_PATH_1_0"] = subprocess.run(
    ["pkg-config", "--variable=pluginsdir", "gstreamer-1.0"],
    capture_output=True, text=True).stdout.strip() + ":" + \
    os.path.join(build, "gst-plugins")
for k in ("MALLOC_ARENA_MAX", "MALLOC_TRIM_THRESHOLD_", "OPENBLAS_NUM_THREADS",
          "GST_REGISTRY_1_0", "GST_REGISTRY_UPDATE"):
    base_env.pop(k, None)

# A registry built once, as the container image does at build time.
prebuilt = os.path.join(tmp, "prebuilt.registry")
subprocess.run(["gst-inspect-1.0"], env=dict(base_env, GST_REGISTRY_1_0=prebuilt),
               stdout=subprocess.DEVNULL, check=True)

def cold():
    return {"GST_REGISTRY_1_0": tempfile.mktemp(dir=tmp, suffix=".registry")}

configs = [
    # The daemon itself sets 2 arenas and a 128 KiB trim threshold unless
    # the environment says otherwise: the rows below undo one each.
    ("daemon defaults: 2 arenas, trim threshold 128 KiB (reference)", lambda: {}),
    ("MALLOC_ARENA_MAX=16 (glibc's default on 2 cores)",
     lambda: {"MALLOC_ARENA_MAX": "16"}),
    ("MALLOC_TRIM_THRESHOLD_=33554432 (glibc's own threshold at its ceiling)",
     lambda: {"MALLOC_TRIM_THRESHOLD_": "33554432"}),
    ("OPENBLAS_NUM_THREADS=1", lambda: {"OPENBLAS_NUM_THREADS": "1"}),
    ("no registry yet (first start of a fresh container)", cold),
    ("pre-built registry, GST_REGISTRY_UPDATE=no",
     lambda: {"GST_REGISTRY_1_0": prebuilt, "GST_REGISTRY_UPDATE": "no"}),
    ("image defaults (ARENA 2, OPENBLAS 1, pre-built registry)",
     lambda: {"MALLOC_ARENA_MAX": "2", "OPENBLAS_NUM_THREADS": "1",
              "GST_REGISTRY_1_0": prebuilt, "GST_REGISTRY_UPDATE": "no"}),
]

def status(pid, key):
    with open(f"/proc/{pid}/status") as f:
        m = re.search(rf"^{key}:\s+(\d+) kB", f.read(), re.M)
    return int(m.group(1)) if m else 0

def one(extra):
    env = dict(base_env, **extra, STATE_DIRECTORY=tempfile.mkdtemp(dir=tmp))
    t0 = time.monotonic()
    p = subprocess.Popen([daemon, "--demo", "--port", "0"], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = None
    while url is None:
        line = p.stdout.readline()
        if not line:
            sys.exit("memory-knobs: the daemon stopped before the API was ready")
        m = re.search(r"API ready on (http://\S+/)", line)
        if m:
            url = m.group(1)
    ready = time.monotonic() - t0
    mem = {}
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with urllib.request.urlopen(url + "api/v1/memory", timeout=5) as r:
            mem = json.load(r)
        if mem.get("startup", {}).get("first_frame_seconds"):
            break
        time.sleep(0.05)
    first = mem.get("startup", {}).get("first_frame_seconds")
    if not first:
        with urllib.request.urlopen(url + "api/v1/cameras", timeout=5) as r:
            cams = json.load(r)["cameras"]
        p.kill()
        sys.exit("memory-knobs: no analysed frame within 30 s: " +
                 "; ".join(f"{c['id']}: {c['state']} {c.get('last_error') or ''}" for c in cams))
    samples = []
    end = time.monotonic() + window
    while time.monotonic() < end:
        samples.append(status(p.pid, "VmRSS"))
        time.sleep(0.25)
    hwm = status(p.pid, "VmHWM")
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=10)
    p.stdout.close()
    steady = statistics.mean(samples[len(samples) // 2:])
    return ready, first, steady / 1024, hwm / 1024

print(f"# memory-knobs.sh: {os.path.relpath(daemon)} --demo (1 camera), {reps} runs x {window:.0f} s each,"
      f" {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {open('/proc/loadavg').read().split()[0]}")
print("| configuration | API ready (s, from exec) | first analysed frame (s) | RSS steady (MB) | VmHWM (MB) | RSS vs reference |")
print("|---|---|---|---|---|---|")
# One discarded run first: it brings the user's registry (the reference's)
# up to date with the build tree's plugin, which a rebuild invalidates.
one({})
ref = None
for name, make in configs:
    runs = [one(make()) for _ in range(reps)]
    med = [statistics.median(x) for x in zip(*runs)]
    if ref is None:
        ref = med
    print(f"| {name} | {med[0]:.3f} | {med[1]:.3f} | {med[2]:.1f} | {med[3]:.1f} | {med[2] / ref[2]:.2f} |",
          flush=True)
shutil.rmtree(tmp, ignore_errors=True)
PY
