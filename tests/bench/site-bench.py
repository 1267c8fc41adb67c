#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A site on PostgreSQL (issue 16), not a test: it prints Markdown tables.

    python3 tests/daemon/pg-fixture.py python3 tests/bench/site-bench.py \\
        BUILD_DIR VIDEO GALLERY [--counts 6,8,12] [--seconds 10]

For each N in --counts, N live cameras (the tests' fake RTSP camera, one
server and N clients of VIDEO at 15 fps) on the `default` template:

- store: one node on both cores with its results on SQLite, then on the
  PostgreSQL server of pg-fixture.py (WF_TEST_PG_URI): the node's CPU and
  RSS on each;
- site: one node held to core 0 (taskset -c 0), then two nodes of one site,
  held to core 0 and core 1, the cameras placed by the nodes themselves
  (docs/scale-out.md): CPU per node and the frames each camera analysed
  per second (15 when it keeps up; the lowest camera is shown too).

GALLERY is the employees' gallery (tests/bench/motion-bench.sh makes one
with the videos' person); node a starts with a copy, node b with none and
takes it from the site.  The fake camera server runs on the same machine.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

from wfdaemon import build_env, cpu_seconds, get, proc_status, \
    start_daemon

PG = os.environ.get("WF_TEST_PG_URI")
RUNS = [0]


def new_database():
    RUNS[0] += 1
    name = "site%d_%d" % (os.getpid(), RUNS[0])
    subprocess.run(["psql", "-q", "-d", PG + "/postgres", "-c",
                    "CREATE DATABASE " + name], check=True)
    return PG + "/" + name


def write_conf(tmp, node, database, gallery, uris, max_cameras):
    path = os.path.join(tmp, node + ".conf")
    with open(path, "w") as f:
        f.write("[server]\nport = 0\ndatabase = %s\ngallery = %s\n"
                "node-id = %s\nmax-cameras = %d\n\n"
                % (database, gallery, node, max_cameras))
        for i, uri in enumerate(uris):
            f.write("[camera:c%d]\nuri = %s\npipeline = default\n"
                    "zones = room=0,0 1,0 1,1 0,1\n\n" % (i, uri))
    return path


def local(port):
    """This node's own cameras: {id: frames} of those running here."""
    return {c["id"]: c.get("frames", 0) for c in
            get(port, "/api/v1/cameras")["cameras"]
            if c["state"] == "running"}


def run(build, env, tmp, nodes, uris, seconds, database, gallery):
    """@nodes: [(name, cpus)]; all cameras in the first node's file.
    Returns per node (cameras, CPU %, RSS MB) and the fps of each camera."""
    procs = []
    n = len(uris)
    try:
        for k, (name, cpus) in enumerate(nodes):
            g = os.path.join(tmp, "%s-%d.db" % (name, RUNS[0]))
            if k == 0:
                shutil.copy(gallery, g)
            conf = write_conf(tmp, name, database, g, uris if k == 0 else [],
                              n)
            proc, port = start_daemon(build, conf, env, subprocess.DEVNULL,
                                      cpus=cpus)
            procs.append((name, proc, port))
        share = -(-n // len(nodes))
        end = time.monotonic() + 90
        while time.monotonic() < end:
            counts = [len(local(p)) for _, _, p in procs]
            if sum(counts) == n and max(counts) <= share:
                break
            time.sleep(0.5)
        else:
            raise SystemExit("cameras not placed: %s" % counts)
        time.sleep(3)                      # settle
        f0 = [local(p) for _, _, p in procs]
        c0 = [cpu_seconds(proc.pid) for _, proc, _ in procs]
        t0 = time.monotonic()
        time.sleep(seconds)
        f1 = [local(p) for _, _, p in procs]
        c1 = [cpu_seconds(proc.pid) for _, proc, _ in procs]
        dt = time.monotonic() - t0
        fps = []
        per_node = []
        for k, (name, proc, _) in enumerate(procs):
            fps += [(f1[k][c] - f0[k].get(c, 0)) / dt for c in f1[k]]
            per_node.append((name, len(f1[k]), 100.0 * (c1[k] - c0[k]) / dt,
                             proc_status(proc.pid) / 1e6))
        return per_node, fps
    finally:
        for _, proc, _ in procs:
            proc.terminate()
        for _, proc, _ in procs:
            proc.wait(15)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("video")
    ap.add_argument("gallery")
    ap.add_argument("--counts", default="6,8,12")
    ap.add_argument("--seconds", type=float, default=10)
    a = ap.parse_args()
    if not PG:
        print("no WF_TEST_PG_URI: run through tests/daemon/pg-fixture.py")
        return 77
    build = os.path.abspath(a.build)
    env = build_env(build)
    counts = [int(x) for x in a.counts.split(",")]
    fake = subprocess.Popen([os.path.join(build, "tests", "daemon",
                                          "wf-fake-camera"),
                             "--video", os.path.abspath(a.video)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    port = int(fake.stdout.readline().split()[1])
    uri = "rtsp://127.0.0.1:%d/cam" % port
    with tempfile.TemporaryDirectory() as tmp:
        try:
            print("| store | cameras | CPU % of a core | CPU / SQLite | RSS MB "
                  "| RSS / SQLite | fps per camera (lowest) |")
            print("|---|---|---|---|---|---|---|")
            for n in counts:
                base = None
                for store in ("sqlite", "postgresql"):
                    db = (os.path.join(tmp, "r%d.db" % n) if store == "sqlite"
                          else new_database())
                    nodes, fps = run(build, env, tmp, [("a", None)],
                                     [uri] * n, a.seconds, db, a.gallery)
                    _, _, cpu, rss = nodes[0]
                    base = base or (cpu, rss)
                    print("| %s | %d | %.0f | %.2f | %.0f | %.2f | %.1f (%.1f)"
                          " |" % (store, n, cpu, cpu / base[0], rss,
                                  rss / base[1], sum(fps) / len(fps),
                                  min(fps)))
                    sys.stdout.flush()
            print()
            print("| nodes | cameras | cameras per node | CPU % of a core per "
                  "node | RSS MB per node | fps per camera (lowest) |")
            print("|---|---|---|---|---|---|")
            for n in counts:
                for layout in ([("a", "0")], [("a", "0"), ("b", "1")]):
                    nodes, fps = run(build, env, tmp, layout, [uri] * n,
                                     a.seconds, new_database(), a.gallery)
                    print("| %d | %d | %s | %s | %s | %.1f (%.1f) |" % (
                        len(layout), n, ", ".join(str(x[1]) for x in nodes),
                        ", ".join("%.0f" % x[2] for x in nodes),
                        ", ".join("%.0f" % x[3] for x in nodes),
                        sum(fps) / len(fps), min(fps)))
                    sys.stdout.flush()
        finally:
            fake.stdin.close()
            fake.wait(5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
