#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Three nodes on one PostgreSQL database, six fake RTSP cameras (issue 16).

Run by pg-fixture.py (a private PostgreSQL on a loopback port, its URI in
WF_TEST_PG_URI).  Nodes a, b and c share the database and a gallery file;
cameras v1 and v2 stream the build's demo video (face-api's six photos)
through the default pipeline, c3-c6 a test pattern through `decode`.

- a starts alone and runs v1; b joins and runs v2; c joins with c3-c6 and
  a second copy of v1 in its file (one camera): every camera runs on
  exactly one node, two each, and every node's API lists the site's six
  with the node running each;
- a node started under a running node's id is refused (exit 78);
- each node has its own gallery file (as on different hosts): the demo
  people enrolled through c (which runs neither v1 nor v2) are listed by a
  and b within GALLERY_TARGET_S and named on a's and b's cameras: one
  attendance row per person, naming both cameras;
- kill -9 b: its cameras run on a and c within 10 s, the journal keeps
  b's events and says where each camera went;
- every database session cut (as by a restart): every camera keeps running
  on its node, none stops;
- a record that is not one, put in the database by hand, is refused by
  every node, which keeps serving;
- a fourth node killed in the middle of an erasure: the others no longer
  list the employee, and it finishes the erasure at its next start;
- after the cut, an employee erased through a is gone from c within
  GALLERY_TARGET_S, and b, restarted with its gallery file from before
  the erasure, does not bring it back;
- from the journal's camera-added / camera-removed events (each naming its
  node) and from polling the three APIs every 0.25 s: no camera ever ran on
  two nodes at once.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import sibling

dt = sibling.load("daemon-test.py")
check, wait_for, TOKEN = dt.check, dt.wait_for, dt.TOKEN

FAILOVER_TARGET_S = 10.0
GALLERY_TARGET_S = 1.0
EX_CONFIG = 78
PG = os.environ.get("WF_TEST_PG_URI")


def psql_exe():
    exe = shutil.which("psql")
    if not exe:
        for d in sorted(os.listdir("/usr/lib/postgresql"), reverse=True):
            cand = os.path.join("/usr/lib/postgresql", d, "bin", "psql")
            if os.path.exists(cand):
                return cand
    return exe


def psql(sql, db="postgres"):
    subprocess.run([psql_exe(), "-q", "-d", PG + "/" + db, "-c", sql],
                   check=True)


def conf(tmp, node, cameras, db):
    text = ("[server]\naddress = 127.0.0.1\nport = 0\ntoken = %s\n"
            "database = %s\ngallery = %s\nnode-id = %s\nmax-cameras = 4\n"
            % (TOKEN, db, os.path.join(tmp, node + "-gallery.db"), node))
    for cid, uri, pipeline in cameras:
        text += "\n[camera:%s]\nuri = %s\npipeline = %s\n" % (cid, uri,
                                                            pipeline)
    return text


def local_cameras(d):
    """{camera id: state} of the cameras node @d runs itself."""
    cams = d.json("/api/v1/cameras", timeout=10)["cameras"]
    return {c["id"]: c["state"] for c in cams
            if c["state"] not in ("elsewhere", "unplaced")}


class Sampler(threading.Thread):
    """Polls every node's cameras; a camera seen on two nodes in two
    samples in a row ran twice (one sample may catch a handover between two
    reads)."""

    def __init__(self, nodes):
        super().__init__(daemon=True)
        self.nodes = nodes
        self.stopping = False
        self.samples = 0
        self.twice = []

    def run(self):
        prev = set()
        end = time.monotonic() + 600
        while not self.stopping and time.monotonic() < end:
            seen = {}
            for name, d in list(self.nodes.items()):
                try:
                    for cid in local_cameras(d):
                        seen.setdefault(cid, set()).add(name)
                except Exception:
                    pass        # a node killed on purpose
            dup = {cid for cid, ns in seen.items() if len(ns) > 1}
            if dup & prev:
                self.twice.append({c: sorted(seen[c]) for c in dup & prev})
            prev = dup
            self.samples += 1
            time.sleep(0.25)


def enrol(d, person, photo):
    boundary = "wfboundary"
    body = (b"--%s\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n"
            b"%s\r\n" % (boundary.encode(), person.encode()))
    body += (b"--%s\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n"
             b"%s\r\n" % (boundary.encode(), person.encode()))
    body += (b"--%s\r\nContent-Disposition: form-data; name=\"photo\"; "
             b"filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
             % boundary.encode())
    body += open(photo, "rb").read() + b"\r\n--%s--\r\n" % boundary.encode()
    st, _, doc, data = d.request(
        "POST", "/api/v1/employees", body=body, token=TOKEN,
        headers={"Content-Type": "multipart/form-data; boundary=" + boundary},
        timeout=300 if dt.SANITIZED else 60)
    return st


def has_employee(d, eid):
    return d.request("GET", "/api/v1/employees/" + eid, token=TOKEN,
                     timeout=10)[0] == 200


def spread_time(eid, nodes, present=True):
    """Seconds until every one of @nodes lists (or no longer lists)
    employee @eid, polled every 20 ms for at most 10 s."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < 10:
        if all(has_employee(d, eid) == present for d in nodes):
            return time.monotonic() - t0
        time.sleep(0.02)
    return None


def journal(d):
    return d.json("/api/v1/journal?after=0&limit=10000")["events"]


def check_intervals(events, killed_node, kill_time):
    """No camera runs on two nodes at once, by the journal: each
    camera-added opens an interval on its node, camera-removed (or the
    node's kill) closes it."""
    runs = {}
    for e in sorted(events, key=lambda e: (e["time"], e["id"])):
        if e["type"] not in ("camera-added", "camera-removed"):
            continue
        node = (e.get("data") or {}).get("node")
        if not node:
            continue
        runs.setdefault(e["camera"], []).append((e["time"], e["type"],
                                                 node))
    for cam, evs in runs.items():
        open_on = {}
        for t, typ, node in evs:
            for n in list(open_on):
                if n == killed_node and kill_time and t >= kill_time:
                    del open_on[n]
            if typ == "camera-added":
                check(not open_on, "camera %s added on %s at %s while "
                      "running on %s" % (cam, node, t, sorted(open_on)))
                open_on[node] = t
            else:
                open_on.pop(node, None)
    return runs


def main():
    if not PG:
        dt.skip("no WF_TEST_PG_URI: run through pg-fixture.py")
    dt.require_video()
    video = dt.DEMO_VIDEO if os.path.exists(dt.DEMO_VIDEO) else dt.FACES_VIDEO
    tmp = tempfile.mkdtemp(prefix="wf-scale-out-")
    psql("CREATE DATABASE site")
    db = PG + "/site"
    cams = [dt.FakeCamera(video), dt.FakeCamera(video)] + \
        [dt.FakeCamera() for _ in range(4)]
    v1, v2 = ("v1", cams[0].uri, "default"), ("v2", cams[1].uri, "default")
    rest = [("c%d" % (i + 3), cams[i + 2].uri, "decode") for i in range(4)]
    nodes = {}
    sampler = None
    try:
        # a database that is not there: a clear error, exit 73, and the
        # password nowhere
        closed = dt.socket.socket()
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        closed.close()
        bad = os.path.join(tmp, "bad.conf")
        with open(bad, "w") as f:
            f.write(conf(tmp, "x", [], "postgresql://wf:Secr3t-pw@127.0.0.1:"
                         "%d/site?connect_timeout=2" % port))
        r = subprocess.run([dt.DAEMON, "--config", bad], capture_output=True,
                           text=True, timeout=30)
        check(r.returncode == 73 and "cannot connect" in r.stderr and
              "Secr3t-pw" not in r.stderr + r.stdout,
              "unreachable database refused: %d %s"
              % (r.returncode, r.stderr.strip()[-200:]))
        a = dt.Daemon(tmp, conf(tmp, "a", [v1], db), name="a").start()
        nodes["a"] = a
        wait_for(lambda: "v1" in local_cameras(a), 20, "v1 runs on a")
        b = dt.Daemon(tmp, conf(tmp, "b", [v2], db), name="b").start()
        nodes["b"] = b
        wait_for(lambda: "v2" in local_cameras(b), 20, "v2 runs on b")
        # c is given its database as a secret file would (WF_DATABASE_FILE
        # over the file's database)
        secret = os.path.join(tmp, "database.secret")
        with open(secret, "w") as f:
            f.write(db + "\n")
        c = dt.Daemon(tmp, conf(tmp, "c", rest + [v1], os.path.join(
            tmp, "unused.db")), name="c",
            env={"WF_DATABASE_FILE": secret}).start()
        nodes["c"] = c
        sampler = Sampler(nodes)
        sampler.start()

        def placed():
            where = {}
            for name, d in nodes.items():
                for cid in local_cameras(d):
                    where.setdefault(cid, []).append(name)
            ok = (sorted(where) == ["c3", "c4", "c5", "c6", "v1", "v2"] and
                  all(len(v) == 1 for v in where.values()) and
                  all(sum(1 for v in where.values() if v == [n]) == 2
                      for n in nodes))
            return where if ok else None
        where = wait_for(placed, 30, "six cameras, two on each node",
                         interval=0.5)
        print("placement: %s" % where)
        check(where["v1"] == ["a"] and where["v2"] == ["b"],
              "v1 stays on a, v2 on b")
        for name, d in nodes.items():
            site = {x["id"]: x.get("node") for x in
                    d.json("/api/v1/cameras")["cameras"]}
            check(site == {k: v[0] for k, v in where.items()},
                  "node %s lists the site's cameras with their nodes: %s"
                  % (name, site))

        # a second node under a running node's name is refused
        dup = subprocess.run([dt.DAEMON, "--config", os.path.join(
            tmp, "b.conf")], capture_output=True, text=True, timeout=30)
        check(dup.returncode == EX_CONFIG and "running already" in
              dup.stderr, "a second node b refused: %d %s"
              % (dup.returncode, dup.stderr[-300:]))

        # enrolled through c, named on a's and b's cameras
        h = c.json("/api/v1/health")
        demo = os.path.join(dt.FACE_API_DIR, "demo")
        photos = {"sample%d" % i: os.path.join(demo, "sample%d.jpg" % i)
                  for i in range(1, 7)}
        can_enrol = (h.get("enrolment") and "facematch" in h["features"] and
                     video == dt.DEMO_VIDEO and
                     all(os.path.exists(p) for p in photos.values()))
        if can_enrol:
            checks0 = {n: d.json("/api/v1/health")["site_gallery"]["checks"]
                       for n, d in nodes.items()}
            t0 = time.monotonic()
            enrolled, spread = [], []
            for p, f in sorted(photos.items()):
                if enrol(c, p, f) == 201:
                    enrolled.append(p)
                    spread.append(spread_time(p, [a, b]))
            check(len(enrolled) >= 4, "%d demo people enrolled through c"
                  % len(enrolled))
            target = GALLERY_TARGET_S * (3 if dt.SANITIZED else 1)
            print("gallery: enrolled on c, listed on a and b after %s s"
                  % ["%.3f" % t if t is not None else "never"
                     for t in spread])
            check(all(t is not None and t <= target for t in spread),
                  "every enrolment through c on a and b within %.1f s"
                  % target)
            sg = {n: d.json("/api/v1/health")["site_gallery"]
                  for n, d in nodes.items()}
            check(all(g["connected"] for g in sg.values()) and
                  sg["c"]["written"] >= len(enrolled) and
                  sg["a"]["imported"] >= len(enrolled) and
                  sg["b"]["imported"] >= len(enrolled),
                  "the health report says so: %s" % sg)
            # each enrolment reached a and b by its id alone: their full
            # checks are the periodic ones (one per 30 s), not one per change
            period = 1 + int((time.monotonic() - t0) // 30) + 1
            check(all(sg[n]["checks"] - checks0[n] <= period
                      for n in ("a", "b")),
                  "%d enrolments applied without a full check each "
                  "(checks %s before, %s after, at most %d)"
                  % (len(enrolled), checks0,
                     {n: g["checks"] for n, g in sg.items()}, period))

            def both():
                rows = a.json("/api/v1/attendance")["attendance"]
                two = [r for r in rows
                       if {"v1", "v2"} <= set(r["cameras"])]
                return rows if two else None
            rows = wait_for(both, 600 if dt.SANITIZED else 180,
                            "a person named on v1 (node a) and v2 (node b)",
                            interval=1)
            ids = [r["employee_id"] for r in rows]
            check(len(ids) == len(set(ids)), "one attendance row per person"
                  " for the site: %s" % ids)
            print("attendance: %s" % [(r["employee_id"], r["cameras"])
                                      for r in rows])
        else:
            print("note: this build cannot enrol, or no demo video/photos: "
                  "the shared-gallery part is not run")

        # kill -9 b: its cameras run elsewhere within the target
        moved = [cid for cid, n in where.items() if n == ["b"]]
        b.proc.send_signal(signal.SIGKILL)
        b.proc.wait()
        t_kill = time.monotonic()
        kill_ms = int(time.time() * 1000)
        del nodes["b"]

        def taken():
            here = set()
            for d in nodes.values():
                here |= set(local_cameras(d))
            return all(cid in here for cid in moved)
        wait_for(taken, FAILOVER_TARGET_S + 5, "b's cameras %s elsewhere"
                 % moved, interval=0.1)
        failover = time.monotonic() - t_kill
        print("failover: %.2f s for %s" % (failover, moved))
        check(failover <= FAILOVER_TARGET_S, "failover in %.2f s (target "
              "%.0f s)" % (failover, FAILOVER_TARGET_S))

        def once_each():
            runs = [cid for d in nodes.values() for cid in local_cameras(d)]
            return sorted(runs) == sorted(where)
        wait_for(once_each, 10, "every camera on one of a and c")

        # the journal: b's own events kept, each camera's moves said (the
        # events reach the database in the nodes' next batches)
        def moves_journalled():
            ev = journal(a)
            went = {e["camera"] for e in ev if e["type"] == "camera-added"
                    and (e.get("data") or {}).get("node") in ("a", "c")
                    and e["time"][:19] >= iso_kill}
            return ev if set(moved) <= went else None
        iso_kill = time.strftime("%Y-%m-%dT%H:%M:%S",
                                 time.gmtime(kill_ms // 1000))
        ev = wait_for(moves_journalled, 10, "the moves in the journal",
                      interval=0.2)
        added_b = [e for e in ev if e["type"] == "camera-added" and
                   (e.get("data") or {}).get("node") == "b"]
        check({e["camera"] for e in added_b} >= {"v2"},
              "b's camera-added events are in the journal after its kill")
        runs = check_intervals(ev, "b", iso_kill)
        print("journal: %s" % {c: [(n, tm) for tm, _, n in r]
                               for c, r in sorted(runs.items())})

        # every session of the database cut (as by a restart): the cameras
        # keep running where they are, none stops, none moves
        frames = {cid: st for cid, st in
                  ((c_["id"], c_.get("frames", 0)) for c_ in
                   a.json("/api/v1/cameras")["cameras"]) if cid in
                  local_cameras(a)}
        before = {name: local_cameras(d) for name, d in nodes.items()}
        cut_iso = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
        psql("SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
             "WHERE datname = 'site'")
        time.sleep(3)

        def back():
            logs = [open(os.path.join(tmp, n + ".log"), errors="replace")
                    .read() for n in nodes]
            return all("database session back" in t for t in logs)
        wait_for(back, 15, "every node's placement session back",
                 interval=0.2)
        for name, d in nodes.items():
            check(sorted(local_cameras(d)) == sorted(before[name]),
                  "node %s runs the same cameras after the cut" % name)
        ev = journal(a)
        gone = [e for e in ev if e["type"] == "camera-removed" and
                e["time"][:19] >= cut_iso]
        check(not gone, "no camera stopped across the cut: %s" % gone)
        later = {c_["id"]: c_.get("frames", 0) for c_ in
                 a.json("/api/v1/cameras")["cameras"]}
        # (a lite build may have no decoder for the demo video: the
        # cameras that had frames)
        active = {cid: f for cid, f in frames.items() if f > 0}
        check(active and all(later[cid] > f for cid, f in active.items()),
              "a's cameras kept analysing: %s -> %s" % (active, later))

        if can_enrol:
            # erased through a after the cut: gone from c; b, down during
            # the erasure, does not bring it back from its file
            gone_id = enrolled[0]
            st = a.request("DELETE", "/api/v1/employees/" + gone_id,
                           token=TOKEN, timeout=60)[0]
            check(st in (200, 204), "employee %s erased through a: %d"
                  % (gone_id, st))
            t = spread_time(gone_id, [c], present=False)
            check(t is not None and t <= target, "the erasure on c after %s s"
                  % ("%.3f" % t if t is not None else "never"))
            check(not has_employee(a, gone_id), "and on a")
            b = dt.Daemon(tmp, conf(tmp, "b", [v2], db), name="b").start()
            nodes["b"] = b
            check(not has_employee(b, gone_id) and
                  all(has_employee(b, p) for p in enrolled[1:]),
                  "b restarted: %s not back, the others there" % gone_id)
            logs = "".join(open(os.path.join(tmp, n + ".log"),
                                errors="replace").read() for n in ("a", "c"))
            check("site gallery: reconnected" in logs,
                  "the nodes' gallery sessions came back after the cut")
            # a record that is not one (written to the database by hand):
            # refused by every node, which keeps running and serving
            psql("INSERT INTO gallery_employees VALUES ('junk', nextval "
                 "('gallery_version'), 0, 'x', '\\x00ff'); "
                 "NOTIFY wf_gallery", db="site")

            def refused():
                t = open(os.path.join(tmp, "a.log"), errors="replace").read()
                return "employee junk (written by another node) not " \
                    "applied here" in t
            wait_for(refused, 5, "a refuses the junk record", interval=0.1)
            check(not has_employee(a, "junk") and
                  all(has_employee(a, p) for p in enrolled[1:]),
                  "a: no junk employee, the others still there")

            # a node killed in the middle of an erasure (after its gallery
            # step): the site heard of it before the kill, and the node
            # finishes it at its next start
            victim = enrolled[1]
            dconf = conf(tmp, "d", [], db)
            d = dt.Daemon(tmp, dconf, name="d",
                          env={"WF_ERASURE_FAILPOINT": "gallery"}).start()
            wait_for(lambda: has_employee(d, victim), 5,
                     "d has %s from the site" % victim, interval=0.1)
            try:
                d.request("DELETE", "/api/v1/employees/" + victim,
                          token=TOKEN, timeout=20)
            except Exception as e:
                print("note: DELETE cut short: %r" % e)
            d.proc.wait(20)
            check(d.proc.returncode != 0, "d died in the erasure (%d)"
                  % d.proc.returncode)
            t = spread_time(victim, [a, c], present=False)
            check(t is not None and t <= target, "the half-done erasure "
                  "reached a and c: %s s" % (t if t is None else "%.3f" % t))
            d = dt.Daemon(tmp, dconf, name="d").start()
            nodes["d"] = d
            check(not has_employee(d, victim), "d restarted: %s stays "
                  "erased" % victim)
            logs = open(os.path.join(tmp, "d.log"), errors="replace").read()
            check("finished 1 interrupted erasure" in logs,
                  "d finished the interrupted erasure at its start")

        sampler.stopping = True
        sampler.join(10)
        check(sampler.samples > 20 and not sampler.twice,
              "no camera on two nodes in %d samples: %s"
              % (sampler.samples, sampler.twice[:3]))
        for d in nodes.values():
            d.stop()
    except BaseException:
        for name in ("a", "b", "c", "d"):
            path = os.path.join(tmp, name + ".log")
            if os.path.exists(path):
                with open(path, errors="replace") as f:
                    print("---- %s.log (tail)\n%s" % (name, "".join(
                        f.readlines()[-25:])))
        raise
    finally:
        if sampler:
            sampler.stopping = True
        for d in nodes.values():
            d.kill()
        for cam in cams:
            cam.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
