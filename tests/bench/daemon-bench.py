#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Daemon benchmark (issue 5): RSS and CPU with 1, 2, 4 and 8 cameras (the
same file looped, and the fake RTSP camera), start-up to API ready and to
the first analysed frame.  Not a test: it prints a Markdown table.

    tests/bench/daemon-bench.py BUILD_DIR [--seconds S] [--template NAME]
        [--postgresql URI] [--video FILE] [--camera-keys 'key = value; ...']

--camera-keys adds keys to every camera's group, e.g. 'decode_threads = 0'
or 'substream = file:///...' (docs/configuration.md); --video replaces the
shared 640x360 video (both the daemon's cameras and the reference);
--taskset CPUS holds the daemon to those CPUs (taskset -c), e.g. 0 for one
core.  "fps per camera" is the frames each camera analysed during the
measurement, per second: 15 when a live (RTSP) camera keeps up.

The reference, measured in the same run, is gst-launch-1.0 running the same
template once (one camera, no daemon): ratios are daemon / reference.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse

from wfdaemon import SRC, VIDEO, VIDEO_URI, build_env, get, measure, \
    start_daemon, wait_running


RUNS = [0]


def database(tmp, n, postgresql):
    """A fresh results database for one run: a SQLite file, or a new
    database on the PostgreSQL server @postgresql (issue 16)."""
    RUNS[0] += 1
    if not postgresql:
        return os.path.join(tmp, "r%d-%d.db" % (n, RUNS[0]))
    name = "bench%d_%d" % (os.getpid(), RUNS[0])
    subprocess.run(["psql", "-q", "-d", postgresql + "/postgres", "-c",
                    "CREATE DATABASE " + name], check=True)
    return "%s/%s\nnode-id = bench\nmax-cameras = 16" % (postgresql, name)


def run_daemon(build, env, uris, template, seconds, tmp, postgresql=None,
               camera_keys="", cpus=None, gallery=None):
    conf = os.path.join(tmp, "bench.conf")
    with open(conf, "w") as f:
        f.write("[server]\nport = 0\ndatabase = %s\ngallery = %s\n\n" %
                (database(tmp, len(uris), postgresql),
                 gallery or os.path.join(tmp, "g.db")))
        for i, uri in enumerate(uris):
            f.write("[camera:c%d]\nuri = %s\npipeline = %s\nloop = true\n"
                    "zones = room=0,0 1,0 1,1 0,1\n%s\n" % (
                        i, uri, template, "".join(
                            k.strip() + "\n" for k in camera_keys.split(";")
                            if k.strip())))
    proc, port = start_daemon(build, conf, env, subprocess.DEVNULL,
                              cpus=cpus)
    try:
        wait_running(port)
        mem = get(port, "/api/v1/memory")
        time.sleep(2)                      # settle
        f0 = sum(c["frames"] for c in get(port, "/api/v1/cameras")
                 ["cameras"])
        t0 = time.monotonic()
        cpu, r = measure(proc, seconds)
        frames = sum(c["frames"] for c in get(port, "/api/v1/cameras")
                     ["cameras"])
        fps = (frames - f0) / (time.monotonic() - t0) / len(uris)
        return {"cpu": cpu, "rss": r, "frames": frames, "fps": fps,
                "api_ready": mem["startup"]["api_ready_seconds"],
                "first_frame": mem["startup"]["first_frame_seconds"]}
    finally:
        proc.terminate()
        proc.wait(10)


def run_reference(env, uri, template_text, seconds, gallery=None):
    desc = (template_text.replace("{uri}", '"%s"' % uri)
            .replace("{leaky}", "no").replace("{sync}", "true")
            .replace("{zones}", '"room=0,0 1,0 1,1 0,1"')
            .replace("{lines}", '""').replace("{camera}", "ref")
            .replace("{gallery}", '"%s"' % (gallery or "")))
    proc = subprocess.Popen(["gst-launch-1.0", "-q"] + desc.split(),
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)
    try:
        time.sleep(3)
        cpu, r = measure(proc, seconds)
        return {"cpu": cpu, "rss": r}
    finally:
        proc.terminate()
        proc.wait(10)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--seconds", type=float, default=8)
    ap.add_argument("--template", default="detect")
    ap.add_argument("--counts", default="1,2,4,8")
    ap.add_argument("--postgresql", metavar="URI",
                    help="results on this PostgreSQL server (a new database "
                    "each run; tests/daemon/pg-fixture.py gives one)")
    ap.add_argument("--video", help="a video file instead of the shared "
                    "640x360 one")
    ap.add_argument("--camera-keys", default="",
                    help="'key = value; ...' added to every camera")
    ap.add_argument("--taskset", metavar="CPUS",
                    help="hold the daemon to these CPUs (taskset -c)")
    ap.add_argument("--gallery", help="the employees' gallery (default: "
                    "an empty one the daemon makes; the reference gst-launch "
                    "of a template with facematch needs one)")
    ap.add_argument("--rtsp-only", action="store_true",
                    help="only the fake RTSP camera (live: a camera that "
                    "cannot keep up shows below 15 fps)")
    ap.add_argument("--rtsp", action="store_true",
                    help="also the fake RTSP camera (one server, N clients)")
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    video = a.video or VIDEO
    if not os.path.exists(video):
        print("test data absent: %s" % video)
        return 77
    env = build_env(build)
    tmpl = open(os.path.join(SRC, "pipelines", a.template + ".pipeline")
                ).read().strip()
    uri = ("file://" + urllib.parse.quote(os.path.abspath(a.video))
           if a.video else VIDEO_URI)
    counts = [int(x) for x in a.counts.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        ref = run_reference(env, uri, tmpl, a.seconds, a.gallery)
        print("reference: gst-launch-1.0 of pipelines/%s.pipeline, one file:"
              " CPU %.0f %%, RSS %.1f MB" % (a.template, ref["cpu"],
                                              ref["rss"] / 1e6))
        print()
        print("| source | cameras | CPU % of a core | CPU / ref | RSS MB | "
              "RSS / ref | +RSS per extra camera MB | API ready s | "
              "first frame s | frames | fps per camera |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        sources = [] if a.rtsp_only else [("file", lambda n: [uri] * n)]
        fake = None
        if a.rtsp or a.rtsp_only:
            fake_bin = os.path.join(build, "tests", "daemon", "wf-fake-camera")
            fake = subprocess.Popen([fake_bin, "--video", video],
                                    stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE)
            port = int(fake.stdout.readline().split()[1])
            sources.append(("rtsp", lambda n: ["rtsp://127.0.0.1:%d/cam" %
                                               port] * n))
        try:
            for name, uris in sources:
                first = None
                for n in counts:
                    r = run_daemon(build, env, uris(n), a.template,
                                   a.seconds, tmp, a.postgresql,
                                   a.camera_keys, a.taskset, a.gallery)
                    first = first or r
                    per = ((r["rss"] - first["rss"]) / (n - 1) / 1e6
                           if n > 1 else 0)
                    print("| %s | %d | %.0f | %.2f | %.1f | %.2f | %s | %.3f |"
                          " %s | %d | %.1f |" % (name, n, r["cpu"],
                                     r["cpu"] / max(ref["cpu"], 1e-9),
                                     r["rss"] / 1e6,
                                     r["rss"] / max(ref["rss"], 1),
                                     "%.1f" % per if n > 1 else "-",
                                     r["api_ready"],
                                     "%.3f" % r["first_frame"]
                                     if r["first_frame"] else "-",
                                     r["frames"], r["fps"]))
                    sys.stdout.flush()
        finally:
            if fake:
                fake.stdin.close()
                fake.wait(5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
