#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Failover time of a site of two nodes (issue 16), a benchmark, not a test.

    pg-fixture.py python3 tests/bench/failover-bench.py [KILLS]

Nodes a and b on one private PostgreSQL (pg-fixture.py), four fake cameras
(test pattern, `decode` template).  KILLS times (default 10): kill -9 the
node running more cameras, time until the other runs all four (polling its
API every 50 ms), start the killed node again.  Prints each time, the
median and the worst.  Environment as for the daemon tests (WF_DAEMON,
WF_FAKE_CAMERA; meson devenv or the test's environment).
"""
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time

_here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(_here, "..", "daemon"))
import sibling  # noqa: E402  (tests/daemon/sibling.py)
so = sibling.load("scale-out-test.py")
dt = so.dt


def main():
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    tmp = tempfile.mkdtemp(prefix="wf-failover-")
    so.psql("CREATE DATABASE site")
    db = so.PG + "/site"
    cams = [dt.FakeCamera() for _ in range(4)]
    cfg = [("c%d" % i, c.uri, "decode") for i, c in enumerate(cams)]
    nodes = {}
    times = []
    try:
        for name in ("a", "b"):
            nodes[name] = dt.Daemon(tmp, so.conf(tmp, name, cfg, db),
                                    name=name).start()
        dt.wait_for(lambda: sum(len(so.local_cameras(d))
                                for d in nodes.values()) == 4, 60,
                    "four cameras placed", interval=0.2)
        for k in range(kills):
            victim = max(nodes, key=lambda n: len(so.local_cameras(nodes[n])))
            other = "b" if victim == "a" else "a"
            nodes[victim].proc.send_signal(signal.SIGKILL)
            nodes[victim].proc.wait()
            t0 = time.monotonic()
            dt.wait_for(lambda: len(so.local_cameras(nodes[other])) == 4,
                        60, "four cameras on %s" % other, interval=0.05)
            times.append(time.monotonic() - t0)
            print("kill %d: %s killed, %s runs all four after %.2f s"
                  % (k + 1, victim, other, times[-1]), flush=True)
            nodes[victim] = dt.Daemon(tmp, so.conf(tmp, victim, cfg, db),
                                      name=victim).start()
            # a new session waits out the others' grace, then takes its
            # share back
            dt.wait_for(lambda: len(so.local_cameras(nodes[victim])) == 2,
                        60, "%s back with two cameras" % victim,
                        interval=0.2)
        print("failover over %d kills: median %.2f s, worst %.2f s"
              % (len(times), statistics.median(times), max(times)))
    finally:
        for d in nodes.values():
            d.kill()
        for c in cams:
            c.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
