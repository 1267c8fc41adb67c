#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Request rate of the REST API with hostile idle connections open, against
none, in the same run (issue 12).  Not a test: it prints a Markdown table.

    tests/bench/idle-connections.py BUILD_DIR [--idle 200] [--seconds 8]
        [--clients 4] [--rounds 3]

The daemon runs on loopback with no camera.  --clients threads each send
GET /api/v1/health on a fresh connection (the daemon closes every
connection after its response) as fast as they can for --seconds; that is
one measurement.  The hostile clients connect from 127.0.0.2-127.0.0.5
(the cap is 64 per address), half of them sending nothing, half a partial
request line, and sit there; ones the daemon closes (its idle and header
deadlines) are reopened at once so --idle stay open.  Rounds alternate
none / hostile, and the table gives each round and the median ratio.
"""

import argparse
import http.client
import os
import socket
import statistics
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wfdaemon import build_env, proc_status, start_daemon  # noqa: E402

TOKEN = "bench-token-0123456789abcdefghijklmnop"


def hammer(port, seconds, clients):
    """Requests per second answered 200 by @clients threads."""
    counts = [0] * clients
    errors = [0] * clients
    end = time.monotonic() + seconds

    def run(i):
        while time.monotonic() < end:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                c.request("GET", "/api/v1/health")
                r = c.getresponse()
                r.read()
                c.close()
                if r.status == 200:
                    counts[i] += 1
                else:
                    errors[i] += 1
            except OSError:
                errors[i] += 1
    t0 = time.monotonic()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.monotonic() - t0), sum(errors)


class Hostile:
    """@n idle or half-sent connections, reopened when the daemon closes
    them, until stop()."""

    def __init__(self, port, n):
        self.port, self.n = port, n
        self.socks = []
        self.reopened = 0
        self.running = True
        for i in range(n):
            self.socks.append(self.open(i))
        self.thread = threading.Thread(target=self.keep)
        self.thread.start()

    def open(self, i):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.%d" % (2 + i % 4), 0))
        s.connect(("127.0.0.1", self.port))
        if i % 2:
            s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x")
        s.setblocking(False)
        return s

    def keep(self):
        while self.running:
            for i, s in enumerate(self.socks):
                try:
                    closed = s.recv(4096) == b""
                except BlockingIOError:
                    closed = False
                except OSError:
                    closed = True
                if closed:
                    s.close()
                    self.socks[i] = self.open(i)
                    self.reopened += 1
            time.sleep(0.2)

    def stop(self):
        self.running = False
        self.thread.join()
        for s in self.socks:
            s.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--idle", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=8)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="wf-idle-bench-") as tmp:
        conf = os.path.join(tmp, "bench.conf")
        with open(conf, "w") as f:
            f.write("[server]\naddress = 127.0.0.1\nport = 0\ntoken = %s\n"
                    "database = %s\ngallery = %s\n" %
                    (TOKEN, os.path.join(tmp, "r.db"),
                     os.path.join(tmp, "g.db")))
        with open(os.path.join(tmp, "daemon.log"), "wb") as log:
            proc, port = start_daemon(a.build, conf, build_env(a.build), log)
        try:
            hammer(port, 1, a.clients)          # warm-up
            rows = []
            for r in range(a.rounds):
                base, e0 = hammer(port, a.seconds, a.clients)
                h = Hostile(port, a.idle)
                time.sleep(0.5)
                fds = len(os.listdir("/proc/%d/fd" % proc.pid))
                hostile, e1 = hammer(port, a.seconds, a.clients)
                h.stop()
                rows.append((base, hostile, e0, e1, h.reopened, fds,
                             proc_status(proc.pid) >> 20))
                time.sleep(1)
        finally:
            proc.terminate()
            proc.wait(10)
    print("| round | none (req/s) | %d hostile (req/s) | ratio | errors | "
          "reopened | daemon fds | RSS MB |" % a.idle)
    print("|---|---|---|---|---|---|---|---|")
    for i, (b, h, e0, e1, re, fds, rss) in enumerate(rows):
        print("| %d | %.0f | %.0f | %.2f | %d / %d | %d | %d | %d |" %
              (i + 1, b, h, h / b, e0, e1, re, fds, rss))
    print("\nmedian ratio (hostile / none): %.2f" %
          statistics.median(h / b for b, h, *_ in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
