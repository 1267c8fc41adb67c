# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the daemon benchmarks share (daemon-bench.py, daemon-soak.py): the
test video, /proc readings of a process, GET of the REST API and starting
the daemon on a configuration."""

import http.client
import json
import os
import subprocess
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
TESTDATA = os.environ.get("WF_TESTDATA_DIR",
                          os.path.join(SRC, "..", "shared", "testdata"))
VIDEO = os.path.join(TESTDATA, "video", "faces_640x360_15fps_30s.mp4")
VIDEO_URI = "file://" + urllib.parse.quote(os.path.abspath(VIDEO))
TICK = os.sysconf("SC_CLK_TCK")


def proc_status(pid, key="VmRSS"):
    """A /proc/PID/status figure in bytes (0 when absent)."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return 0


def cpu_seconds(pid, tid=None):
    """User + system CPU time of @pid (of its thread @tid) so far."""
    with open("/proc/%d/stat" % pid if tid is None else
              "/proc/%d/task/%d/stat" % (pid, tid)) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def measure(proc, seconds):
    """CPU (percent of one core) over the next @seconds, and RSS at the
    end, of @proc."""
    c0, t0 = cpu_seconds(proc.pid), time.monotonic()
    time.sleep(seconds)
    c1, t1 = cpu_seconds(proc.pid), time.monotonic()
    return 100.0 * (c1 - c0) / (t1 - t0), proc_status(proc.pid)


def wait_running(port, seconds=30):
    """Waits until every camera of the daemon on @port runs; returns them
    (their state as last seen when @seconds ran out)."""
    end = time.monotonic() + seconds
    while True:
        cams = get(port, "/api/v1/cameras")["cameras"]
        if all(c["state"] == "running" for c in cams) or \
                time.monotonic() > end:
            return cams
        time.sleep(0.1)


def get(port, path, timeout=20):
    """GET @path of the daemon's API on loopback, as JSON."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path)
        return json.loads(c.getresponse().read())
    finally:
        c.close()


def build_env(build):
    """The environment of a daemon from build directory @build."""
    env = dict(os.environ)
    # the system plugins first, ours last: the `facedetect` added last is
    # ours even with gst-plugins-bad's opencv plugin installed
    system = subprocess.run(["pkg-config", "--variable=pluginsdir",
                             "gstreamer-1.0"], capture_output=True,
                            text=True).stdout.strip()
    env["GST_PLUGIN_PATH"] = system + ":" + os.path.join(build, "gst-plugins")
    env.setdefault("WF_MODEL_DIR", os.path.join(build, "models"))
    return env


def start_daemon(build, conf, env, stderr, cpus=None):
    """Starts workforce-monitor on configuration file @conf (port 0), held
    to @cpus (taskset -c) when given, and returns (process, port) once it
    prints that its API is ready."""
    cmd = [os.path.join(build, "src", "daemon", "workforce-monitor"),
           "--config", conf]
    if cpus is not None:
        cmd = ["taskset", "-c", cpus] + cmd
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=stderr,
                            env=env)
    for raw in proc.stdout:
        line = raw.decode()
        if "API ready on" in line:
            return proc, int(line.split("http://127.0.0.1:")[1]
                             .split("/")[0])
    proc.wait()
    raise SystemExit("the daemon did not start (exit %s)" % proc.returncode)
