#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""workforce-admin on a node of a site (issue 16, docs/scale-out.md "One
gallery for the site"): with --site, a change the tool makes to a gallery
file is the site's, on every node, as if made through a node's API.

Run by pg-fixture.py (WF_TEST_PG_URI).  Node a runs on the site's
database; the tool works on a gallery file of its own (another host's
copy, empty at first: what it needs it takes from the site).

- consent withdrawn by the tool reaches a;
- an employee erased by the tool is gone from a, from the site's gallery
  and from the site's attendance (the results live in the same database),
  and stays gone when a restarts (without --site the site's copy came
  back: the reason for the option);
- an employee enrolled by the tool is listed by a; the same id enrolled
  again from another empty file is refused, because the site has it;
- an unreachable site changes nothing (exit 69), a --site that is not a
  PostgreSQL URI is a usage error (64).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import sibling

dt = sibling.load("daemon-test.py")
check, wait_for, TOKEN = dt.check, dt.wait_for, dt.TOKEN

so = sibling.load("scale-out-test.py")

PG = os.environ.get("WF_TEST_PG_URI")
ADMIN = os.environ.get("WF_ADMIN")


def sql(query):
    r = subprocess.run([so.psql_exe(), "-qtA", "-d", PG + "/site", "-c",
                        query], capture_output=True, text=True, check=True)
    return r.stdout.strip()


def admin(*args):
    r = subprocess.run([ADMIN] + list(args), capture_output=True, text=True,
                       timeout=120)
    print("$ workforce-admin %s -> %d\n%s" % (" ".join(args[:5]),
                                               r.returncode, r.stderr))
    return r


def consent_given(d, eid):
    st, _, doc, _ = d.request("GET", "/api/v1/employees/" + eid, token=TOKEN,
                              timeout=10)
    return doc["consent"]["given"] if st == 200 else None


def main():
    if not PG:
        dt.skip("no WF_TEST_PG_URI: run through pg-fixture.py")
    if not ADMIN:
        dt.skip("this build has no workforce-admin")
    photos = [os.path.join(dt.FACE_API_DIR, "demo", n)
              for n in ("sample1.jpg", "sample2.jpg")]
    if not all(os.path.exists(p) for p in photos):
        dt.skip("no face-api demo photos in %s (./setup.sh)" % dt.FACE_API_DIR)
    tmp = tempfile.mkdtemp(prefix="wf-admin-site-")
    so.PG = PG
    so.psql("CREATE DATABASE site")
    site = PG + "/site"
    mine = os.path.join(tmp, "admin-gallery.db")
    a = None
    try:
        a = dt.Daemon(tmp, so.conf(tmp, "a", [], site), name="a").start()
        if not a.json("/api/v1/health").get("enrolment"):
            dt.skip("this build cannot enrol (no face recogniser)")
        eid = "sample1"
        check(so.enrol(a, eid, photos[0]) == 201, "%s enrolled through a"
              % eid)

        # consent, from a file that has never seen the employee
        r = admin("consent", "--db", mine, "--id", eid, "--given", "no",
                  "--note", "form 12", "--site", site)
        check(r.returncode == 0, "consent withdrawn by the tool: %d"
              % r.returncode)
        wait_for(lambda: consent_given(a, eid) is False, 10,
                 "a sees the withdrawn consent", interval=0.05)

        # erasure: the site's gallery and the site's attendance
        sql("INSERT INTO attendance (employee_id, day, name, first_seen,"
            " last_seen, cameras, sightings) VALUES ('%s', '2026-12-04',"
            " 'x', 1, 2, 'cam', 1)" % eid)
        r = admin("remove", "--db", mine, "--id", eid, "--site", site)
        check(r.returncode == 0, "%s erased by the tool: %d"
              % (eid, r.returncode))
        t = so.spread_time(eid, [a], present=False)
        check(t is not None, "gone from a after %s s" % t)
        check(sql("SELECT count(*) FROM gallery_employees WHERE id = '%s'"
                  % eid) == "0", "gone from the site's gallery")
        check(sql("SELECT count(*) FROM attendance WHERE employee_id = '%s'"
                  % eid) == "0", "gone from the site's attendance")
        r = admin("list", "--db", mine)
        check(r.returncode == 0 and eid not in r.stdout,
              "gone from the tool's file")
        a.stop()
        a = dt.Daemon(tmp, so.conf(tmp, "a", [], site), name="a").start()
        time.sleep(0.5)
        check(not so.has_employee(a, eid), "still gone after a restarts")

        # what cannot be done changes nothing
        before = admin("list", "--db", mine).stdout
        so.enrol(a, "sample2", photos[1])
        r = admin("remove", "--db", mine, "--id", "sample2", "--site",
                  PG.split("@", 1)[0] + "@127.0.0.1:1/site?connect_timeout=2")
        check(r.returncode == 69 and "nothing changed" in r.stderr,
              "an unreachable site: exit %d" % r.returncode)
        r = admin("consent", "--db", mine, "--id", "sample2", "--given", "no",
                  "--site", os.path.join(tmp, "x.db"))
        check(r.returncode == 64, "--site that is not PostgreSQL: exit %d"
              % r.returncode)
        check(admin("list", "--db", mine).stdout == before,
              "the tool's file unchanged by both")
        check(consent_given(a, "sample2") is True, "and the site too")

        # enrolment, where the tool can find faces
        r = admin("enroll", "--db", mine, "--id", "sample3", "--name",
                  "Sample Three", "--largest", "--site", site, photos[0])
        if r.returncode == 69 and "without face detection" in r.stderr:
            print("enroll: this build of workforce-admin cannot find faces")
        else:
            check(r.returncode == 0, "sample3 enrolled by the tool: %d"
                  % r.returncode)
            t = so.spread_time("sample3", [a])
            check(t is not None, "and listed by a after %s s" % t)
            r = admin("enroll", "--db", os.path.join(tmp, "other.db"),
                      "--id", "sample2", "--name", "Again", "--largest", "--site", site,
                      photos[1])
            check(r.returncode == 65 and "already enrolled" in r.stderr,
                  "an id the site has is refused from an empty file: %d"
                  % r.returncode)
            names = {e["id"]: e["name"] for e in
                     a.json("/api/v1/employees")["employees"]}
            check(names.get("sample2") == "sample2",
                  "and the site's sample2 is not replaced: %r" % names)
        a.stop()
    except BaseException:
        path = os.path.join(tmp, "a.log")
        if os.path.exists(path):
            with open(path, errors="replace") as f:
                print("---- a.log (tail)\n%s" % "".join(f.readlines()[-25:]))
        raise
    finally:
        if a and a.proc.poll() is None:
            a.proc.kill()
    print("admin-site: passed")


if __name__ == "__main__":
    sys.exit(main())
