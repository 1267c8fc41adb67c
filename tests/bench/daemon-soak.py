#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Accelerated soak of the daemon (issue 5: "RSS flat within 2% over a
one-hour accelerated run").  Not a test: it prints a Markdown table.

    tests/bench/daemon-soak.py BUILD_DIR [--minutes 60] [--cameras 1]
        [--interval 10] [--template default] [--reference-minutes 5]

Each camera loops faces_640x360_15fps_30s.mp4 as fast as the machine goes
(the template's sink does not sync to the clock; every end of stream is a
flushing seek back to the start), so an hour covers many hours of video.
Every --interval seconds the daemon's VmRSS is read from /proc and the rest
(heap in use, threads, frames, queues) from /api/v1/memory.  The reference
is the same run's first --reference-minutes (5, or a quarter of a shorter
run): the drift is the mean RSS of the last such window against the mean of
the first, in percent (target: within 2%).
"""

import argparse
import json
import os
import signal
import statistics
import sys
import tempfile
import time

from wfdaemon import SRC, VIDEO, VIDEO_URI, build_env, cpu_seconds, get, \
    proc_status, start_daemon


def fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def soak_template(template):
    """The template with its sink unsynchronised: files run flat out."""
    text = open(os.path.join(SRC, "pipelines", template + ".pipeline")).read()
    if "sync={sync}" not in text:
        raise SystemExit("pipelines/%s.pipeline has no sync={sync}" % template)
    return text.replace("sync={sync}", "sync=false")


def start_soak(build, env, tmp, cameras, template):
    pdir = os.path.join(tmp, "pipelines")
    os.makedirs(pdir, exist_ok=True)
    with open(os.path.join(pdir, "soak.pipeline"), "w") as f:
        f.write(soak_template(template))
    uri = VIDEO_URI
    conf = os.path.join(tmp, "soak.conf")
    with open(conf, "w") as f:
        f.write("[server]\nport = 0\ndatabase = %s\ngallery = %s\n"
                "pipeline-dir = %s\n\n" % (os.path.join(tmp, "soak.db"),
                                           os.path.join(tmp, "gallery.db"),
                                           pdir))
        for i in range(cameras):
            # a long silence timeout: a loaded machine must not turn a slow
            # model load into a reconnection
            f.write("[camera:c%d]\nuri = %s\npipeline = soak\nloop = true\n"
                    "silence-timeout = 60\nzones = room=0,0 1,0 1,1 0,1\n"
                    "lines = door=0.5,0 0.5,1\n\n" % (i, uri))
    return start_daemon(build, conf, env,
                        open(os.path.join(tmp, "soak.log"), "wb"))


def sample(proc, port, t0):
    m = get(port, "/api/v1/memory")
    cams = get(port, "/api/v1/cameras")["cameras"]
    return {
        "t": time.monotonic() - t0,
        "rss": proc_status(proc.pid, "VmRSS"),
        "heap": m["malloc"]["in_use_bytes"],
        "sqlite": m["store"]["sqlite_heap_bytes"],
        "threads": m["threads"],
        "fds": fds(proc.pid),
        "cpu": cpu_seconds(proc.pid),
        "frames": sum(c["frames"] for c in cams),
        "reconnects": sum(c["reconnects"] for c in cams),
        "states": sorted({c["state"] for c in cams}),
        "queued": sum(c["queued_buffers"] for c in m["cameras"]),
        "tracks": sum(t["tracks"] for c in m["cameras"]
                      for t in c["trackers"]),
    }


def mean(xs):
    return statistics.fmean(xs) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("build")
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--cameras", type=int, default=1)
    ap.add_argument("--interval", type=float, default=10,
                    help="seconds between samples")
    ap.add_argument("--template", default="default",
                    help="pipelines/NAME.pipeline, run with sync=false")
    ap.add_argument("--reference-minutes", type=float, default=5)
    ap.add_argument("--rows", type=int, default=12,
                    help="rows of the table (windows of the run)")
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    if not os.path.exists(VIDEO):
        print("test data absent: %s" % VIDEO)
        return 77
    duration = a.minutes * 60
    ref_window = min(a.reference_minutes * 60, duration / 4)
    env = build_env(build)

    samples = []
    with tempfile.TemporaryDirectory() as tmp:
        proc, port = start_soak(build, env, tmp, a.cameras, a.template)
        try:
            end = time.monotonic() + 60
            while time.monotonic() < end:
                cams = get(port, "/api/v1/cameras")["cameras"]
                if all(c["state"] == "running" for c in cams):
                    break
                if any(c["state"] == "failed-config" for c in cams):
                    raise SystemExit("camera failed: %s" % json.dumps(cams))
                time.sleep(0.2)
            else:
                raise SystemExit("cameras not running after 60 s")
            t0 = time.monotonic()
            print("soak: %d camera(s), pipelines/%s.pipeline with sync=false,"
                  " %.1f min, a sample every %g s, reference = first %.1f min"
                  % (a.cameras, a.template, a.minutes, a.interval,
                     ref_window / 60), file=sys.stderr)
            while True:
                s = sample(proc, port, t0)
                samples.append(s)
                print("  %6.0f s  RSS %7.1f MB  heap %6.1f MB  frames %d  "
                      "threads %d  fds %d  reconnects %d  %s" %
                      (s["t"], s["rss"] / 1e6, s["heap"] / 1e6, s["frames"],
                       s["threads"], s["fds"], s["reconnects"],
                       ",".join(s["states"])), file=sys.stderr)
                sys.stderr.flush()
                if s["t"] >= duration:
                    break
                time.sleep(max(0.0, min(a.interval, duration - s["t"])))
            proc.send_signal(signal.SIGTERM)
            rc = proc.wait(20)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    first = [s for s in samples if s["t"] <= ref_window]
    last = [s for s in samples if s["t"] >= samples[-1]["t"] - ref_window]
    base_rss = mean([s["rss"] for s in first])
    base_heap = mean([s["heap"] for s in first])
    drift = 100.0 * (mean([s["rss"] for s in last]) - base_rss) / base_rss
    worst = max(samples, key=lambda s: abs(s["rss"] - base_rss))
    worst_pct = 100.0 * (worst["rss"] - base_rss) / base_rss
    span = samples[-1]["t"] - samples[0]["t"]
    frames = samples[-1]["frames"] - samples[0]["frames"]
    cpu = samples[-1]["cpu"] - samples[0]["cpu"]

    print("Soak: %d camera(s) looping %s flat out (pipelines/%s.pipeline, "
          "sync=false), %.1f min, %d samples; reference: the first %.1f min "
          "of the same run (RSS %.1f MB, heap in use %.1f MB)." %
          (a.cameras, os.path.basename(VIDEO), a.template, span / 60,
           len(samples), ref_window / 60, base_rss / 1e6, base_heap / 1e6))
    print("Frames analysed: %d (%.0f frames/s, %.0f frames per CPU second; "
          "%.1f min of 15 fps video per camera, %.1fx real time, %.1f loops "
          "of the file); reconnects %d; exit %s." %
          (frames, frames / span if span else 0, frames / cpu if cpu else 0,
           frames / a.cameras / 15 / 60,
           frames / a.cameras / 15 / span if span else 0,
           frames / a.cameras / 450, samples[-1]["reconnects"], rc))
    print()
    print("| minutes | RSS MB (mean) | RSS / ref | heap in use MB | "
          "heap / ref | of which SQLite MB | threads | fds | queued buffers |"
          " tracks | frames/s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    rows = max(1, min(a.rows, len(samples)))
    width = span / rows if span else 1
    prev = samples[0]
    for i in range(rows):
        lo, hi = samples[0]["t"] + i * width, samples[0]["t"] + (i + 1) * width
        w = [s for s in samples if lo <= s["t"] <= hi] or [samples[-1]]
        r = mean([s["rss"] for s in w])
        h = mean([s["heap"] for s in w])
        dt = w[-1]["t"] - prev["t"]
        fps = (w[-1]["frames"] - prev["frames"]) / dt if dt > 0 else 0
        prev = w[-1]
        print("| %.1f-%.1f | %.1f | %.3f | %.1f | %.3f | %.2f | %d | %d | %d |"
              " %d | %.0f |" % (lo / 60, hi / 60, r / 1e6, r / base_rss,
                          h / 1e6, h / base_heap,
                          mean([s["sqlite"] for s in w]) / 1e6,
                          max(s["threads"] for s in w),
                          max(s["fds"] for s in w),
                          max(s["queued"] for s in w),
                          max(s["tracks"] for s in w), fps))
    print()
    verdict = "flat" if abs(drift) <= 2.0 else "NOT flat"
    print("RSS drift, last %.1f min against the first: %+.2f%% (%s; target "
          "within 2%%); largest single sample %+.2f%% at %.1f min; heap in "
          "use %+.2f%% (%+.2f MB, of which SQLite's %+.2f MB)." %
          (ref_window / 60, drift, verdict, worst_pct, worst["t"] / 60,
           100.0 * (mean([s["heap"] for s in last]) - base_heap) / base_heap,
           (mean([s["heap"] for s in last]) - base_heap) / 1e6,
           (mean([s["sqlite"] for s in last]) -
            mean([s["sqlite"] for s in first])) / 1e6))
    return 0


if __name__ == "__main__":
    sys.exit(main())
