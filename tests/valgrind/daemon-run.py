#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A short daemon run under valgrind's memcheck (meson test --setup
valgrind daemon-valgrind; docs/testing.md).

Starts the daemon on loopback with one camera that is never reached and
a disabled one, asks every read-only endpoint, adds and removes a camera,
streams events for a second, then stops it with SIGTERM.  Fails when
memcheck reports an error or a definite leak.  Skipped (77) outside the
valgrind setup, where WF_VALGRIND is not set.
"""

import os
import shutil
import sys
import tempfile

if not os.environ.get("WF_VALGRIND"):
    print("SKIP: only in the valgrind setup (meson test --setup valgrind)")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "daemon"))
import sibling  # noqa: E402  (tests/daemon/sibling.py)
dt = sibling.load("daemon-test.py")


def main():
    valgrind = shutil.which("valgrind")
    if not valgrind:
        print("SKIP: valgrind is not installed (./setup.sh --tests)")
        return 77
    with tempfile.TemporaryDirectory(prefix="wf-valgrind-") as tmp:
        report = os.path.join(tmp, "memcheck.log")
        dt.DAEMON = valgrind
        cams = ("[camera:door]\nuri = %s\n\n[camera:off]\nuri = %s\n"
                "enabled = false\nzones = room=0,0 1,0 1,1 0,1\n" %
                (dt.NOWHERE, dt.NOWHERE))
        d = dt.Daemon(tmp, dt.base_conf(tmp, "", cams), name="vg")
        # The program Daemon.start runs is valgrind: the configuration
        # goes after the daemon in its arguments.
        conf, d.conf = d.conf, None
        d.args = ["--tool=memcheck", "--leak-check=full",
                  "--errors-for-leak-kinds=definite", "--error-exitcode=99",
                  "--num-callers=30", "--log-file=" + report] + \
            ["--suppressions=" + s for s in
             os.environ.get("WF_VALGRIND_SUPP", "").split(":") if s] + \
            [os.environ["WF_DAEMON"], "--config", conf]
        d.start(timeout=180)
        try:
            for path in ("/api/v1/health", "/api/v1/cameras",
                         "/api/v1/cameras/door", "/api/v1/occupancy",
                         "/api/v1/attendance", "/api/v1/journal",
                         "/api/v1/memory", "/api/v1/employees", "/metrics",
                         "/api/v1/openapi.json", "/"):
                st, _, _, _ = d.get(path, token=dt.TOKEN, timeout=60)
                dt.check(st == 200, "GET %s under memcheck: %d" % (path, st))
            st, _, _, data = d.request(
                "POST", "/api/v1/cameras", token=dt.TOKEN, timeout=60,
                body={"id": "tmp", "uri": dt.NOWHERE, "enabled": False})
            dt.check(st == 201, "camera added (%d %r)" % (st, data[:100]))
            st, _, _, _ = d.request("DELETE", "/api/v1/cameras/tmp",
                                    token=dt.TOKEN, timeout=60)
            dt.check(st == 204, "camera removed (%d)" % st)
            st, _, _, _ = d.get("/api/v1/attendance?date=2026-12-03%00x",
                                token=dt.TOKEN, timeout=60)
            dt.check(st == 400, "a refused request (%d)" % st)
        finally:
            rc, secs = d.stop(timeout=120)
        log = open(report, errors="replace").read()
        summary = [l for l in log.splitlines() if "ERROR SUMMARY" in l or
                   "definitely lost" in l or "indirectly lost" in l]
        print("\n".join(summary))
        if rc == 99:
            print(log[-6000:])
        dt.check(rc == 0, "the daemon stops cleanly under memcheck with no "
                 "error and no definite leak (exit %d, %.1f s)" % (rc, secs))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except AssertionError as e:
        print("FAIL: %s" % e)
        sys.exit(1)
