#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Dashboard benchmark (issue 14): RSS and CPU of the daemon with no viewer,
with one viewer polling the live view as the page does, and with no viewer
on the build before the dashboard.  Not a test: it prints a Markdown table.

    tests/bench/dashboard-bench.py BUILD_DIR REFERENCE_BUILD_DIR
        [--seconds 20] [--rounds 3]

REFERENCE_BUILD_DIR is a build of the commit before the dashboard (7d77ada~1)
in a worktree of its own (docs/benchmarks.md says how).  Both daemons run
the same configuration: the demo video of BUILD_DIR (models/demo.mkv,
640x360 at 10 frames/s, looped), the default template, the demo's zone and
line, the models of BUILD_DIR; only the daemon and the plugin differ.

The viewer does what the live page (src/daemon/web/app.js) does for one
camera: GET snapshot.jpg?width=640 on a kept-alive connection, 250 ms after
each answer, and GET /api/v1/cameras every 2 s.  A fourth run asks for
snapshots 50 ms after each answer: its cost, well above the noise of a
shared machine, divided by its snapshots gives the CPU of one snapshot
(the pipeline's share taken out in proportion to the frames it analysed:
on a loaded machine the leaky queues drop frames, so CPU is also given per
analysed frame).  The rounds interleave the four runs
(reference, no viewer, viewer, fast) so that
the load of the machine falls on all of them alike; the table gives each
run's median over the rounds, the costs are medians of the per-round
differences.
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from wfdaemon import build_env, cpu_seconds, get, measure, start_daemon, \
    wait_running

SNAPSHOT_PERIOD = 0.25      # app.js: setTimeout (pull, 250) after a picture
MISS_PERIOD = 1.5           # app.js: setTimeout (pull, 1500) after none
LIST_PERIOD = 2.0           # app.js: setInterval (refresh, 2000)
FAST_PERIOD = 0.05          # 5 times the page's rate
SNAPSHOT_WIDTH = 640


class Viewer(threading.Thread):
    """One page on the live view until stop() (or @limit seconds)."""

    def __init__(self, port, camera, limit, period):
        super().__init__(daemon=True)
        self.port, self.camera, self.limit = port, camera, limit
        self.period = period
        self.stopping = threading.Event()
        self.snapshots = 0
        self.misses = 0             # 503 answers: no live frame
        self.bytes = 0
        self.errors = []
        self.sizes = set()

    def snapshot(self, conn):
        conn.request("GET", "/api/v1/cameras/%s/snapshot.jpg?width=%d" %
                     (urllib.parse.quote(self.camera), SNAPSHOT_WIDTH),
                     headers={"Cache-Control": "no-store"})
        r = conn.getresponse()
        body = r.read()
        if r.status == 503:
            self.misses += 1
            return False
        if r.status != 200 or r.getheader("Content-Type") != "image/jpeg" \
                or body[:2] != b"\xff\xd8":
            self.errors.append("%d %s" % (r.status, body[:120]))
            return False
        json.loads(r.getheader("X-WF-Objects"))
        self.sizes.add(r.getheader("X-WF-Frame-Size"))
        self.snapshots += 1
        self.bytes += len(body)
        return True

    def run(self):
        end = time.monotonic() + self.limit
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        next_list = time.monotonic()
        try:
            while not self.stopping.is_set() and time.monotonic() < end:
                if time.monotonic() >= next_list:
                    get(self.port, "/api/v1/cameras")
                    next_list += LIST_PERIOD
                ok = self.snapshot(conn)
                self.stopping.wait(self.period if ok else MISS_PERIOD)
        except (OSError, http.client.HTTPException, ValueError) as e:
            self.errors.append(repr(e))
        finally:
            conn.close()

    def stop(self):
        self.stopping.set()
        self.join(15)


class Threads(threading.Thread):
    """CPU time of the daemon's snapshot workers (GLib's shared pool, where
    GTask runs them: threads named pool-*) and of its main thread (HTTP)
    until stop(): read every 0.5 s, so that a pool thread that ends is
    counted up to its last reading."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.first, self.last = {}, {}
        self.stopping = threading.Event()
        self.read()

    def read(self):
        for tid in map(int, os.listdir("/proc/%d/task" % self.pid)):
            try:
                with open("/proc/%d/task/%d/comm" % (self.pid, tid)) as f:
                    comm = f.read().strip()
                if tid != self.pid and not comm.startswith("pool-"):
                    continue
                t = cpu_seconds(self.pid, tid)
            except OSError:             # it ended meanwhile
                continue
            self.first.setdefault(tid, t if not self.last else 0.0)
            self.last[tid] = t

    def run(self):
        while not self.stopping.wait(0.5):
            self.read()

    def stop(self, seconds):
        """(workers, main thread) in % of a core over @seconds."""
        self.stopping.set()
        self.join(5)
        self.read()
        use = {t: self.last[t] - self.first[t] for t in self.last}
        main = use.pop(self.pid)
        return 100.0 * sum(use.values()) / seconds, 100.0 * main / seconds


def write_config(tmp, name, video):
    conf = os.path.join(tmp, name + ".conf")
    with open(conf, "w") as f:
        # what --demo configures (wf-demo.c), in a file both builds read
        f.write("[server]\nport = 0\ndatabase = %s\ngallery = %s\n\n"
                "[camera:demo]\nuri = %s\nloop = true\n"
                "zones = room=0,0 1,0 1,1 0,1\nlines = door=0.5,0 0.5,1\n" %
                (os.path.join(tmp, name + ".db"),
                 os.path.join(tmp, name + "-gallery.db"),
                 "file://" + urllib.parse.quote(video)))
    return conf


def run(build, env, conf, seconds, period, log):
    proc, port = start_daemon(build, conf, env, log)
    try:
        cams = wait_running(port)
        if [c["state"] for c in cams] != ["running"]:
            raise SystemExit("%s: the camera is %s" %
                             (build, [c["state"] for c in cams]))
        time.sleep(3)                       # settle
        v = None
        if period is not None:
            v = Viewer(port, cams[0]["id"], seconds + 30, period)
            v.start()
            time.sleep(1)                   # its first answers
        f0 = get(port, "/api/v1/cameras")["cameras"][0]["frames"]
        t0 = time.monotonic()
        threads = Threads(proc.pid)
        threads.start()
        cpu, rss = measure(proc, seconds)
        workers, main = threads.stop(time.monotonic() - t0)
        f1 = get(port, "/api/v1/cameras")["cameras"][0]["frames"]
        fps = (f1 - f0) / (time.monotonic() - t0)
        out = {"cpu": cpu, "rss": rss / 1e6, "fps": fps, "workers": workers,
               "main": main}
        if v:
            n0 = v.snapshots
            v.stop()
            if v.errors:
                raise SystemExit("viewer: %s" % v.errors[:3])
            out["snapshots"] = v.snapshots
            out["misses"] = v.misses
            out["sizes"] = sorted(v.sizes)
            out["kb"] = v.bytes / max(1, v.snapshots) / 1e3
            out["rate"] = n0 / (seconds + 1)
        return out
    finally:
        proc.terminate()
        proc.wait(15)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("reference")
    # the demo video loops every 24 s: whole loops see the same faces
    ap.add_argument("--seconds", type=float, default=24)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    ref = os.path.abspath(a.reference)
    video = os.path.join(build, "models", "demo.mkv")
    for path in (video, os.path.join(ref, "src", "daemon",
                                     "workforce-monitor")):
        if not os.path.exists(path):
            print("absent: %s (see the docstring)" % path)
            return 77
    with tempfile.TemporaryDirectory() as tmp:
        # name: (build, viewer's pause between snapshots or None)
        runs = {"reference": (ref, None), "none": (build, None),
                "viewer": (build, SNAPSHOT_PERIOD), "fast": (build, FAST_PERIOD)}
        envs = {}
        for name, (b, _) in runs.items():
            env = build_env(b)
            env["WF_MODEL_DIR"] = os.path.join(build, "models")
            # a registry per build: switching GST_PLUGIN_PATH would rescan
            env["GST_REGISTRY"] = os.path.join(tmp, "registry-%s.bin" %
                                               os.path.basename(
                                                   os.path.dirname(b)))
            envs[name] = env
        results = {name: [] for name in runs}
        with open(os.path.join(tmp, "daemon.log"), "wb") as log:
            for i in range(a.rounds):
                for name, (b, viewer) in runs.items():
                    conf = write_config(tmp, "%s%d" % (name, i), video)
                    r = run(b, envs[name], conf, a.seconds, viewer, log)
                    results[name].append(r)
                    print("round %d %-9s CPU %5.1f %% (workers %.1f, main "
                          "%.1f)  RSS %6.1f MB  %4.1f frames/s%s" % (
                              i + 1, name, r["cpu"], r["workers"], r["main"],
                              r["rss"], r["fps"],
                                          "  %d snapshots %s %.0f kB, %d "
                                          "without a frame" %
                                          (r["snapshots"], r["sizes"],
                                           r["kb"], r["misses"])
                                          if viewer is not None else ""),
                          file=sys.stderr)

    def med(name, key):
        return statistics.median(r[key] for r in results[name])

    def cost(name, key, base):
        return statistics.median(x[key] - y[key] for x, y in
                                 zip(results[name], results[base]))

    def viewer_label(name, what):
        return "%s, %.1f snapshots/s of %s, %.0f kB each" % (
            what, med(name, "rate"), "/".join(results[name][0]["sizes"]),
            med(name, "kb"))

    def extra(name):
        """CPU (% of a core) beyond the pipeline's, per round: a loaded
        machine makes the leaky queues drop frames, so the pipeline's share
        is the no-viewer run's CPU per analysed frame times this run's
        frames."""
        return [x["cpu"] - y["cpu"] * x["fps"] / y["fps"]
                for x, y in zip(results[name], results["none"])]

    for rs in results.values():
        for r in rs:
            r["per_frame"] = 10.0 * r["cpu"] / r["fps"]     # ms of CPU
    print("| daemon | viewer | CPU % of a core | snapshot workers | main "
          "thread | frames/s | CPU ms per frame | ratio | RSS MB | ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    labels = {"reference": ("before the dashboard (7d77ada~1)", "none"),
              "none": ("with the dashboard", "none"),
              "viewer": ("with the dashboard",
                         viewer_label("viewer", "one page (every 250 ms)")),
              "fast": ("with the dashboard",
                       viewer_label("fast", "one client every 50 ms"))}
    for name in runs:
        print("| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.1f "
              "| %.3f |" %
              (labels[name][0], labels[name][1], med(name, "cpu"),
               med(name, "workers"), med(name, "main"), med(name, "fps"), med(name, "per_frame"),
               med(name, "per_frame") / med("reference", "per_frame"),
               med(name, "rss"), med(name, "rss") / med("reference", "rss")))
    per = statistics.median(10.0 * e / x["rate"] for e, x in
                            zip(extra("fast"), results["fast"]))
    print()
    print("Medians of %d per-round differences:" % a.rounds)
    print("- no viewer, with the dashboard - before it: CPU %+.1f ms per "
          "frame, RSS %+.1f MB" % (cost("none", "per_frame", "reference"),
                                   cost("none", "rss", "reference")))
    print("- one page - no viewer: CPU %+.1f %% of a core beyond the "
          "pipeline's, RSS %+.1f MB" % (statistics.median(extra("viewer")),
                                        cost("viewer", "rss", "none")))
    print("- every 50 ms - no viewer: CPU %+.1f %% of a core beyond the "
          "pipeline's, RSS %+.1f MB: %.2f ms of CPU per snapshot, so %.1f %% "
          "of a core at the page's %.1f snapshots/s" % (
              statistics.median(extra("fast")), cost("fast", "rss", "none"),
              per, per * med("viewer", "rate") / 10.0, med("viewer", "rate")))
    print("- one page, snapshot workers + main thread - no viewer's: "
          "%+.1f %% of a core" % (
              cost("viewer", "workers", "none") +
              cost("viewer", "main", "none")))
    print("- CPU %% of a core / frames/s per round: %s" % "; ".join(
        "%s %s" % (n, " ".join("%.1f/%.1f" % (r["cpu"], r["fps"])
                               for r in results[n])) for n in runs))
    print("- snapshots without a frame (503): %d of %d" % (
        sum(r["misses"] for n in ("viewer", "fast") for r in results[n]),
        sum(r["misses"] + r["snapshots"] for n in ("viewer", "fast")
            for r in results[n])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
