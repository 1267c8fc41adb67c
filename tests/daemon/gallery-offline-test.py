#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A node cut off from the site's database while an employee is erased
(issue 16, docs/scale-out.md "One gallery for the site").

Run by pg-fixture.py (WF_TEST_PG_URI).  Node a reaches the database
directly, node e through a TCP relay of this test that can be cut (every
connection closed, new ones refused), as a network partition would.

- an employee enrolled through a reaches e;
- with e cut off, its consent is changed through e (written to e's file,
  kept to be written to the site) and the employee is erased through a;
- when e is back, the erasure stands: e removes the employee instead of
  writing its change back, and neither the site nor a has it again;
- the same id enrolled again through a afterwards is a new employee: it
  reaches e, and the erasure no longer holds it back.
"""

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import sibling

dt = sibling.load("daemon-test.py")
check, wait_for, TOKEN = dt.check, dt.wait_for, dt.TOKEN

so = sibling.load("scale-out-test.py")

PG = os.environ.get("WF_TEST_PG_URI")


class Relay(threading.Thread):
    """Forwards loopback connections to @target; cut() closes every one
    and refuses new ones until restore()."""

    def __init__(self, target):
        super().__init__(daemon=True)
        self.target = target
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.open = []
        self.is_cut = False
        self.stopping = False
        self.accepted = 0

    def run(self):
        end = time.monotonic() + 600
        while not self.stopping and time.monotonic() < end:
            try:
                c, _ = self.listener.accept()
            except socket.timeout:
                continue
            with self.lock:
                if self.is_cut:
                    c.close()
                    continue
                s = socket.create_connection(self.target, timeout=5)
                s.settimeout(None)
                c.settimeout(None)
                self.open += [c, s]
                self.accepted += 1
            for a, b in ((c, s), (s, c)):
                threading.Thread(target=self.pump, args=(a, b),
                                 daemon=True).start()
        self.listener.close()

    @staticmethod
    def pump(src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self):
        with self.lock:
            self.is_cut = True
            for s in self.open:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()
            self.open = []

    def restore(self):
        with self.lock:
            self.is_cut = False


def site_rows(eid):
    r = subprocess.run([so.psql_exe(), "-qtA", "-d", PG + "/site", "-c",
                        "SELECT count(*) FROM gallery_employees WHERE id = "
                        "'%s'" % eid], capture_output=True, text=True,
                       check=True)
    return int(r.stdout.strip())


def connected(d):
    return d.json("/api/v1/health")["site_gallery"]["connected"]


def main():
    if not PG:
        dt.skip("no WF_TEST_PG_URI: run through pg-fixture.py")
    photo = os.path.join(dt.FACE_API_DIR, "demo", "sample1.jpg")
    if not os.path.exists(photo):
        dt.skip("no face-api demo photo %s (./setup.sh)" % photo)
    tmp = tempfile.mkdtemp(prefix="wf-gallery-offline-")
    so.PG = PG
    so.psql("CREATE DATABASE site")
    host, port = PG.split("@", 1)[1].rsplit(":", 1)
    relay = Relay((host, int(port)))
    relay.start()
    direct = PG + "/site"
    relayed = "%s@127.0.0.1:%d/site?connect_timeout=2" % (
        PG.split("@", 1)[0], relay.port)
    nodes = []
    try:
        a = dt.Daemon(tmp, so.conf(tmp, "a", [], direct), name="a").start()
        nodes.append(a)
        e = dt.Daemon(tmp, so.conf(tmp, "e", [], relayed), name="e").start()
        nodes.append(e)
        h = a.json("/api/v1/health")
        if not h.get("enrolment"):
            dt.skip("this build cannot enrol (no face recogniser)")
        eid = "sample1"
        check(so.enrol(a, eid, photo) == 201, "%s enrolled through a" % eid)
        t = so.spread_time(eid, [e])
        check(t is not None, "and listed by e after %s s" % t)

        relay.cut()
        wait_for(lambda: not connected(e), 15, "e cut off from the site",
                 interval=0.1)
        st, _, doc, data = e.request(
            "PATCH", "/api/v1/employees/" + eid, token=TOKEN,
            body={"consent": False, "note": "withdrawn while cut off"})
        check(st == 200, "consent changed through e while cut off: %d %r"
              % (st, data[:200]))
        st = a.request("DELETE", "/api/v1/employees/" + eid, token=TOKEN,
                       timeout=60)[0]
        check(st in (200, 204), "%s erased through a: %d" % (eid, st))
        check(site_rows(eid) == 0 and so.has_employee(e, eid),
              "gone from the site, still in e's file")

        relay.restore()
        wait_for(lambda: connected(e), 20, "e back on the site",
                 interval=0.1)
        t = so.spread_time(eid, [e], present=False)
        check(t is not None, "e removed the erased %s after its return (%s s)"
              % (eid, t))
        time.sleep(1.0)         # what e would have written, it has
        check(site_rows(eid) == 0 and not so.has_employee(a, eid),
              "the erasure stands: %s neither on the site nor on a" % eid)
        log = open(os.path.join(tmp, "e.log"), errors="replace").read()
        check("the erasure stands, the change made here is dropped" in log,
              "e's log says why its change was dropped")

        check(so.enrol(a, eid, photo) == 201,
              "%s enrolled again through a" % eid)
        t = so.spread_time(eid, [e])
        check(t is not None and site_rows(eid) == 1,
              "the new %s reaches e (%s s): a new enrolment clears the "
              "erasure" % (eid, t))
        for d in nodes:
            d.stop()
    except BaseException:
        for name in ("a", "e"):
            path = os.path.join(tmp, name + ".log")
            if os.path.exists(path):
                with open(path, errors="replace") as f:
                    print("---- %s.log (tail)\n%s" % (name, "".join(
                        f.readlines()[-25:])))
        raise
    finally:
        relay.stopping = True
        relay.cut()
        for d in nodes:
            if d.proc.poll() is None:
                d.proc.kill()
    print("gallery-offline: passed")


if __name__ == "__main__":
    sys.exit(main())
