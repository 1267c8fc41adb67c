#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Camera configuration, URIs and camera logs of the real daemon (issues 12
and 13).

    cameras-test.py NAME     NAME: redaction schemes check keys state-dir
                                   enabled snapshot-loop admin-remove

Needs no test data: cameras point at a closed loopback port (they retry
for ever) or at a template that is not there.  Reuses daemon-test.py's
helpers.
"""

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import sibling

dt = sibling.load("daemon-test.py")
check, expect_error, wait_for = dt.check, dt.expect_error, dt.wait_for
TOKEN, NOWHERE, DAEMON, EX_CONFIG = dt.TOKEN, dt.NOWHERE, dt.DAEMON, \
    dt.EX_CONFIG

# Every secret below must never leave the process.
FILE_PW = "FilePassw0rd-q7"
API_PW = "ApiPassw0rd-z9"
QUERY_PW = "QueryPassw0rd-k3"
SUB_PW = "SubPassw0rd-m5"
SECRETS = (FILE_PW, API_PW, QUERY_PW, SUB_PW)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def log_text(d):
    d.errlog.flush()
    with open(os.path.join(d.tmp, d.name + ".log"), errors="replace") as f:
        return f.read()


def open_sse(d):
    sock = socket.create_connection(("127.0.0.1", d.port), timeout=10)
    sock.sendall(b"GET /api/v1/events HTTP/1.1\r\nHost: x\r\n\r\n")
    return sock


def read_sse(sock, pattern, timeout=10):
    buf = b""
    end = time.monotonic() + timeout
    sock.settimeout(0.5)
    while pattern not in buf and time.monotonic() < end:
        try:
            b = sock.recv(65536)
        except socket.timeout:
            continue
        if not b:
            break
        buf += b
    return buf


def check_config(tmp, name, text, extra_args=()):
    path = os.path.join(tmp, name + ".conf")
    with open(path, "w") as f:
        f.write(text)
    r = subprocess.run([DAEMON, "--config", path, "--check-config"] +
                       list(extra_args), capture_output=True, text=True,
                       timeout=30)
    return path, r


# ---------------------------------------------------------------- tests


def test_redaction(tmp):
    """A password in a camera URI appears in no reply, event, journal row,
    SSE frame, log line, metric or database file; camera failures are
    logged at warning level, each reconnect with its reason."""
    file_uri = ("rtsp://admin:%s@127.0.0.1:9/cam?user=admin&password=%s" %
                (FILE_PW, QUERY_PW))
    cams = ("[camera:door]\nuri = %s\npipeline = decode\n"
            "silence_timeout = 1\nbackoff_initial = 0.2\nbackoff_max = 0.4\n\n"
            "[camera:broken]\nuri = rtsp://u:%s@127.0.0.1:9/b\n"
            "pipeline = no-such-template\n\n"
            # the sub-stream is what is decoded: the main stream plays,
            # the sub-stream has no server
            "[camera:sub]\nuri = %s\n"
            "substream = rtsp://u:%s@127.0.0.1:9/sub\npipeline = decode\n"
            "silence_timeout = 1\nbackoff_initial = 0.2\nbackoff_max = 0.4\n"
            % (file_uri, FILE_PW, "file://" + dt.DEMO_VIDEO, SUB_PW))
    # Our own debug lines count as log lines too.
    d = dt.Daemon(tmp, dt.base_conf(tmp, cameras=cams), name="redact",
                  env={"GST_DEBUG": "wf-camera:7,wf-pipeline:7,wf-monitor:7",
                       "GST_DEBUG_NO_COLOR": "1"}).start()
    try:
        sse = open_sse(d)
        api_uri = "rtsp://viewer:%s@127.0.0.1:9/api" % API_PW
        st, _, doc, raw = d.request("POST", "/api/v1/cameras", token=TOKEN,
                                    body={"id": "hall", "uri": api_uri,
                                          "pipeline": "decode",
                                          "backoff_initial": 0.2,
                                          "backoff_max": 0.4})
        check(st == 201, "camera with a password added (%d)" % st)
        check(doc["uri"] == "rtsp://viewer:***@127.0.0.1:9/api",
              "the reply shows the URI with its password masked: %s" %
              doc["uri"])
        frames = read_sse(sse, b"event: camera-added")
        check(b"event: camera-added" in frames, "SSE delivers camera-added")
        wait_for(lambda: d.camera("door")["reconnects"] >= 2 and
                 d.camera("hall")["reconnects"] >= 2 and
                 d.camera("sub")["reconnects"] >= 2, 30,
                 "the cameras reconnecting")
        sub = d.camera("sub")
        check(sub["substream"] == "rtsp://u:***@127.0.0.1:9/sub",
              "the sub-stream is shown with its password masked: %s" %
              sub["substream"])
        check(sub["state"] != "running" and sub["frames"] == 0,
              "the sub-stream, not the playable main stream, is what the "
              "camera decodes (%s, %d frames)" % (sub["state"], sub["frames"]))
        check(d.camera("door")["substream"] is None,
              "a camera without a sub-stream shows null")
        frames += read_sse(sse, b"\x00", timeout=1)
        sse.close()

        door = d.camera("door")
        check(door["uri"] == "rtsp://admin:***@127.0.0.1:9/cam?user=admin&"
              "password=***", "query secrets are masked too: %s" %
              door["uri"])
        texts = {"SSE": frames.decode("utf-8", "replace")}
        for path in ("/api/v1/cameras", "/api/v1/cameras/door",
                     "/api/v1/cameras/hall", "/api/v1/cameras/broken",
                     "/api/v1/cameras/sub",
                     "/api/v1/journal?limit=10000", "/api/v1/health",
                     "/api/v1/memory", "/metrics"):
            st, _, _, data = d.get(path, token=TOKEN)
            check(st == 200, "GET %s answers" % path)
            texts[path] = data.decode("utf-8", "replace")
        journal = json.loads(texts["/api/v1/journal?limit=10000"])["events"]
        added = [e for e in journal if e["type"] == "camera-added"]
        check(added and added[0]["data"]["uri"] ==
              "rtsp://viewer:***@127.0.0.1:9/api",
              "the journalled camera-added event carries the masked URI")
        check(any(e["type"] == "camera-state" and e["data"].get("error")
                  for e in journal), "camera-state events say why")

        log = log_text(d)
        texts["log"] = log
        # Item 8 of issue 12: each reconnect is logged, with its reason.
        recon = re.findall(r"WARNING.*camera door: .*; reconnect (\d+) in "
                           r"[0-9.]+ s \(uri rtsp://admin:\*\*\*@", log)
        check(len(recon) >= 2, "every reconnect of door is logged at warning "
              "level with its reason (%d lines)" % len(recon))
        check(re.search(r"WARNING.*camera broken: configuration refused.*"
                        r"no-such-template", log) is not None,
              "a refused camera configuration is logged at warning level")
        st, _, _, _ = d.request("POST", "/api/v1/cameras", token=TOKEN,
                                body={"id": "bad", "uri": "pushfile://x:%s@/"
                                      % API_PW})
        check(st == 400, "a refused API camera answers 400")
        time.sleep(0.3)
        log = log_text(d)
        texts["log"] = log
        check(re.search(r"WARNING.*camera bad refused", log) is not None,
              "a camera refused by the API is logged at warning level")
        rc, _ = d.stop()
        check(rc == 0, "clean exit")
        texts["stdout"] = "\n".join(d.out.all)
        texts["log"] = log_text(d)
        for name in ("results.db", "results.db-wal"):
            p = os.path.join(tmp, name)
            if os.path.exists(p):
                with open(p, "rb") as f:
                    texts[name] = f.read().decode("latin-1")
        con = sqlite3.connect(os.path.join(tmp, "results.db"))
        texts["events table"] = json.dumps(
            con.execute("SELECT * FROM events").fetchall())
        con.close()
        for where, text in sorted(texts.items()):
            for secret in SECRETS:
                check(secret not in text, "%s holds no password (%s...)" %
                      (where, secret[:4]))
    finally:
        d.kill()


def test_schemes(tmp):
    """The allow-list of camera URI schemes: the API takes rtsp, rtsps,
    http and https to hosts other than the daemon itself, and refuses
    everything else with a 400 naming the field."""
    d = dt.Daemon(tmp, dt.base_conf(tmp), name="schemes").start()
    try:
        port = d.port
        refused = ["pushfile:///etc/passwd", "splitfile:///etc/passwd",
                   "multifile:///etc/passwd", "fd://0", "file:///etc/passwd",
                   "FILE:///etc/passwd", "appsrc://", "testsrc://x",
                   "http://127.0.0.1:%d/api/v1/health" % port,
                   "http://localhost:%d/metrics" % port,
                   "http://[::1]:%d/metrics" % port,
                   "http://127.1:%d/metrics" % port,
                   "http://0x7f000001:%d/metrics" % port,
                   "http://0.0.0.0:%d/metrics" % port,
                   "http://[::ffff:127.0.0.1]:%d/metrics" % port,
                   "https://127.0.0.1:%d/metrics" % port,
                   "rtsp:///nohost"]
        for i, uri in enumerate(refused):
            _, doc = expect_error(d, "POST", "/api/v1/cameras", 400,
                                  "bad-request", field="uri", token=TOKEN,
                                  body={"id": "r%d" % i, "uri": uri,
                                        "enabled": False})
            check(doc["message"] and "uri" in doc["message"].lower() or
                  "scheme" in doc["message"],
                  "%s refused: %s" % (uri, doc["message"]))
        _, doc = expect_error(d, "POST", "/api/v1/cameras", 400,
                              "bad-request", field="uri", token=TOKEN,
                              body={"id": "p", "uri": "pushfile:///x"})
        check("scheme 'pushfile' is not allowed" in doc["message"],
              "the message names the refused scheme")
        _, doc = expect_error(d, "POST", "/api/v1/cameras", 400,
                              "bad-request", field="uri", token=TOKEN,
                              body={"id": "s", "uri": "http://127.0.0.1:%d/"
                                    % port})
        check("daemon itself" in doc["message"],
              "the message says the daemon cannot read from itself")
        accepted = ["rtsp://127.0.0.1:9/a", "rtsps://127.0.0.1:9/a",
                    "http://127.0.0.1:%d/x" % (port + 1 if port < 65535
                                               else port - 1),
                    "https://camera.invalid/stream", "RTSP://127.0.0.1:9/b"]
        for i, uri in enumerate(accepted):
            st, _, doc, data = d.request("POST", "/api/v1/cameras",
                                         token=TOKEN,
                                         body={"id": "a%d" % i, "uri": uri,
                                               "enabled": False})
            check(st == 201, "%s accepted (%d %s)" % (uri, st, data[:200]))
        ids = {c["id"] for c in d.json("/api/v1/cameras")["cameras"]}
        check(not any(i.startswith("r") for i in ids),
              "no refused camera was added")
        d.stop()
    finally:
        d.kill()

    # The configuration file may name files; other schemes are refused
    # there too, and so is the daemon's own port.
    own = free_port()
    base = ("[server]\naddress = 127.0.0.1\nport = %d\ntoken = %s\n"
            "database = %s\n" % (own, TOKEN, os.path.join(tmp, "c.db")))
    path, r = check_config(tmp, "file-ok", base +
                           "[camera:f]\nuri = file:///nonexistent.mkv\n"
                           "pipeline = decode\n")
    check(r.returncode == 0, "a file URI is accepted from the configuration "
          "file (%s)" % r.stderr.strip())
    for i, (uri, reason) in enumerate([
            ("pushfile:///etc/passwd", "scheme 'pushfile' is not allowed"),
            ("fd://0", "scheme 'fd' is not allowed"),
            ("http://127.0.0.1:%d/api/v1/health" % own, "daemon itself")]):
        path, r = check_config(tmp, "file-bad%d" % i, base +
                               "[camera:f]\npipeline = decode\nuri = %s\n"
                               % uri)
        check(r.returncode == EX_CONFIG and "%s:8:" % path in r.stderr and
              reason in r.stderr, "%s refused in the file with its line "
              "(rc %d: %s)" % (uri, r.returncode, r.stderr.strip()))


def test_check(tmp):
    """--check-config builds the pipeline the camera runs, with the same
    builder: live sources leak, files do not, and every check of the start
    (a sink to count frames) is made."""
    pdir = os.path.join(tmp, "pipelines")
    os.makedirs(pdir)
    with open(os.path.join(pdir, "nosink.pipeline"), "w") as f:
        f.write("uridecodebin uri={uri} ! queue leaky={leaky}\n")
    conf = dt.base_conf(tmp, "pipeline-dir = %s\n" % pdir,
                        "[camera:live]\nuri = rtsp://u:%s@127.0.0.1:9/x\n"
                        "pipeline = decode\n\n"
                        "[camera:file]\nuri = file:///nonexistent.mkv\n"
                        "pipeline = decode\n" % FILE_PW)
    path, r = check_config(tmp, "two", conf)
    check(r.returncode == 0, "two cameras pass (%s)" % r.stderr.strip())
    live = [l for l in r.stdout.splitlines() if l.startswith("camera live:")]
    fil = [l for l in r.stdout.splitlines() if l.startswith("camera file:")]
    check(live and 'leaky="downstream"' in live[0] and
          'sync="false"' in live[0],
          "the check builds the live camera's pipeline as it runs: %s" %
          (live[:1],))
    check(fil and 'leaky="no"' in fil[0] and 'sync="true"' in fil[0],
          "and the file camera's: %s" % (fil[:1],))
    check(FILE_PW not in r.stdout + r.stderr,
          "the check prints no password")

    conf = dt.base_conf(tmp, "pipeline-dir = %s\n" % pdir,
                        "[camera:x]\nuri = rtsp://127.0.0.1:9/x\n"
                        "pipeline = nosink\n")
    path, r = check_config(tmp, "nosink", conf)
    check(r.returncode == EX_CONFIG and "no sink element" in r.stderr,
          "a template the camera would refuse fails the check too (%d: %s)"
          % (r.returncode, r.stderr.strip()))
    # ... and the running camera says the same.
    d = dt.Daemon(tmp, conf, name="nosink").start()
    try:
        c = wait_for(lambda: (lambda c: c if c["state"] == "failed-config"
                              else None)(d.camera("x")), 15,
                     "x failed-config")
        check("no sink element" in c["last_error"],
              "the camera refuses it with the same reason")
        d.stop()
    finally:
        d.kill()


def test_keys(tmp):
    """Camera keys are named alike in the file and in the API; the older
    hyphenated file spelling is an alias, not a second key."""
    conf = dt.base_conf(tmp, cameras=(
        "[camera:a]\nuri = %s\npipeline = decode\nenabled = false\n"
        "silence_timeout = 2.5\nbackoff_initial = 0.5\nbackoff_max = 7\n"
        "loop = true\nzones = room=0,0 1,0 1,1 0,1\nlines = door=0.5,0 0.5,1\n"
        "substream = rtsp://127.0.0.1:9/sub\ndecode_threads = 2\n"
        "\n[camera:b]\nuri = %s\nenabled = false\nsilence-timeout = 3\n"
        "backoff-initial = 1\nbackoff-max = 2\n" % (NOWHERE, NOWHERE)))
    d = dt.Daemon(tmp, conf, name="keys").start()
    try:
        a = d.camera("a")
        check((a["silence_timeout"], a["backoff_initial"], a["backoff_max"],
               a["loop"], a["enabled"]) == (2.5, 0.5, 7, True, False),
              "file keys are read under the API's names")
        b = d.camera("b")
        check((b["silence_timeout"], b["backoff_initial"], b["backoff_max"])
              == (3, 1, 2), "the older spelling still reads")
        check((a["substream"], a["decode_threads"]) ==
              ("rtsp://127.0.0.1:9/sub", 2), "substream and decode_threads read")
        check((b["substream"], b["decode_threads"]) == (None, 0),
              "no sub-stream and the decoders' own threads by default")
        body = {"id": "c", "uri": NOWHERE, "enabled": False}
        for k in ("pipeline", "zones", "lines", "loop", "silence_timeout",
                  "backoff_initial", "backoff_max", "substream",
                  "decode_threads"):
            body[k] = a[k]
        st, _, doc, data = d.request("POST", "/api/v1/cameras", token=TOKEN,
                                     body=body)
        check(st == 201, "a camera posted with the file's key names (%d %s)"
              % (st, data[:200]))
        for k in body:
            check(doc[k] == body[k], "%s round-trips" % k)
        expect_error(d, "POST", "/api/v1/cameras", 400, "bad-request",
                     field="silence-timeout", token=TOKEN,
                     body={"id": "e", "uri": NOWHERE, "silence-timeout": 1})
        for bad in (17, -1, "2", 1.5):
            expect_error(d, "POST", "/api/v1/cameras", 400, "bad-request",
                         field="decode_threads", token=TOKEN,
                         body={"id": "g", "uri": NOWHERE,
                               "decode_threads": bad})
        expect_error(d, "POST", "/api/v1/cameras", 400, "bad-request",
                     field="substream", token=TOKEN,
                     body={"id": "g", "uri": NOWHERE,
                           "substream": "file:///etc/passwd"})
        # Same range, same message, both ways.
        _, doc = expect_error(d, "POST", "/api/v1/cameras", 400,
                              "bad-request", field="backoff_max", token=TOKEN,
                              body={"id": "f", "uri": NOWHERE,
                                    "backoff_max": 1e9})
        api_msg = doc["message"]
        d.stop()
    finally:
        d.kill()
    path, r = check_config(tmp, "range", dt.base_conf(
        tmp, cameras="[camera:f]\nuri = %s\nbackoff_max = 1e9\n" % NOWHERE))
    check(r.returncode == EX_CONFIG and api_msg in r.stderr,
          "the file reports the same range message as the API (%s / %s)" %
          (api_msg, r.stderr.strip()))
    path, r = check_config(tmp, "both", dt.base_conf(
        tmp, cameras="[camera:f]\nuri = %s\nsilence_timeout = 1\n"
        "silence-timeout = 2\n" % NOWHERE))
    check(r.returncode == EX_CONFIG and "not both" in r.stderr,
          "a key and its alias together are refused (%s)" % r.stderr.strip())


def test_state_dir(tmp):
    """Outside systemd the database goes under the user's state folder
    (~/.local/state/workforce-monitor/), and the daemon says where."""
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    env = {"HOME": home, "XDG_STATE_HOME": "", "STATE_DIRECTORY": ""}
    conf = "[server]\naddress = 127.0.0.1\nport = 0\ntoken = %s\n" % TOKEN
    d = dt.Daemon(tmp, conf, name="state", env=env).start()
    try:
        want = os.path.join(home, ".local", "state", "workforce-monitor")
        log = wait_for(lambda: (lambda t: t if "results.db" in t else None)(
            log_text(d)), 5, "the database path in the log")
        check(os.path.join(want, "results.db") in log,
              "the log names the database %s" % os.path.join(want,
                                                             "results.db"))
        check(os.path.join(want, "gallery.db") in log,
              "and the gallery")
        check(os.path.exists(os.path.join(want, "results.db")),
              "the database is created there")
        d.stop()
    finally:
        d.kill()


def test_admin_remove(tmp):
    """workforce-admin remove erases the employee's attendance and journal
    rows too, like DELETE /api/v1/employees/{id}, through the same store
    routine; other employees' rows stay."""
    admin = os.environ.get("WF_ADMIN", "")
    photo = os.path.join(os.environ.get("WF_FACE_API_DIR", ""), "demo",
                         "sample1.jpg")
    if not admin or not os.path.exists(admin):
        dt.skip("workforce-admin was not built")
    if not os.path.exists(photo):
        dt.skip("%s absent (run ./models/fetch.sh)" % photo)
    gallery = os.path.join(tmp, "gallery.db")
    results = os.path.join(tmp, "results.db")

    def enrol(eid):
        r = subprocess.run([admin, "enroll", "--db", gallery, "--id", eid,
                            "--name", "Person " + eid, "--largest", photo],
                           capture_output=True, text=True, timeout=120)
        if r.returncode == 69:
            dt.skip("this build cannot enrol (%s)" % r.stderr.strip())
        check(r.returncode == 0, "%s enrolled (%s)" % (eid, r.stderr[-200:]))

    enrol("leaver")
    enrol("stayer")
    # The daemon creates the results database; rows as it writes them.
    d = dt.Daemon(tmp, dt.base_conf(tmp), name="admin").start()
    d.stop()
    now = int(time.time() * 1000)
    con = sqlite3.connect(results)
    for eid in ("leaver", "stayer"):
        con.execute("INSERT INTO attendance (employee_id, day, name, "
                    "first_seen, last_seen, cameras, sightings) VALUES "
                    "(?, '2026-12-03', ?, ?, ?, 'door', 1)",
                    (eid, eid, now, now))
        con.execute("INSERT INTO events (ts, camera, type, employee_id, "
                    "data) VALUES (?, 'door', 'identity', ?, '{}')",
                    (now, eid))
    con.commit()
    con.close()

    def rows(eid, path=results):
        con = sqlite3.connect(path)
        n = sum(con.execute("SELECT count(*) FROM %s WHERE employee_id = ?"
                            % t, (eid,)).fetchone()[0]
                for t in ("attendance", "events"))
        con.close()
        return n

    r = subprocess.run([admin, "remove", "--db", gallery, "--id", "leaver",
                        "--results", os.path.join(tmp, "absent.db")],
                       capture_output=True, text=True, timeout=60)
    check(r.returncode == 66 and rows("leaver") == 2,
          "--results naming no file exits 66 and removes nothing (%d)" %
          r.returncode)
    r = subprocess.run([admin, "list", "--db", gallery], capture_output=True,
                       text=True, timeout=60)
    check("leaver" in r.stdout, "the employee is still enrolled")
    r = subprocess.run([admin, "remove", "--db", gallery, "--id", "leaver"],
                       capture_output=True, text=True, timeout=60)
    check(r.returncode == 0, "remove succeeds (%s)" % r.stderr.strip())
    check(rows("leaver") == 0, "the leaver's attendance and journal rows "
          "are gone (results.db beside the gallery)")
    check(rows("stayer") == 2, "the other employee's rows stay")
    r = subprocess.run([admin, "list", "--db", gallery], capture_output=True,
                       text=True, timeout=60)
    check("leaver" not in r.stdout and "stayer" in r.stdout,
          "the gallery entry is gone")
    # An explicit --results elsewhere.
    other = os.path.join(tmp, "elsewhere.db")
    os.rename(results, other)
    for ext in ("-wal", "-shm"):
        if os.path.exists(results + ext):
            os.rename(results + ext, other + ext)
    r = subprocess.run([admin, "remove", "--db", gallery, "--id", "stayer",
                        "--results", other], capture_output=True, text=True,
                       timeout=60)
    check(r.returncode == 0 and rows("stayer", other) == 0,
          "--results names the database to clean (%s)" % r.stderr.strip())


def test_enabled(tmp):
    """enabled, in the file and through PATCH (the dashboard's Disable and
    Enable buttons): a disabled camera has no pipeline, shows as disabled and
    gives no picture; enabling starts it again; a bad member changes
    nothing."""
    conf = dt.base_conf(tmp, cameras=(
        "[camera:a]\nuri = %s\nbackoff_initial = 0.2\nbackoff_max = 0.2\n"
        "\n[camera:b]\nuri = %s\nenabled = false\n" % (NOWHERE, NOWHERE)))
    d = dt.Daemon(tmp, conf, name="enabled").start()
    path = "/api/v1/cameras/a"
    try:
        b = d.camera("b")
        check(not b["enabled"] and b["state"] == "disabled",
              "enabled = false in the file: state disabled (%s)" % b["state"])
        wait_for(lambda: d.camera("a")["reconnects"] >= 1, 30,
                 "camera a to retry its closed port")
        expect_error(d, "PATCH", path, 401, "unauthorized",
                     body={"enabled": False})
        expect_error(d, "PATCH", path, 400, "bad-request", field="enabled",
                     token=TOKEN, body={"enabled": "no"})
        st, _, doc, data = d.request("PATCH", path, token=TOKEN,
                                     body={"enabled": False})
        check(st == 200 and doc["enabled"] is False and
              doc["state"] == "disabled",
              "PATCH enabled false stops it: disabled (%d %s)" %
              (st, data[:200]))
        n = doc["reconnects"]
        time.sleep(1.0)                 # five backoffs of 0.2 s
        a = d.camera("a")
        check(a["state"] == "disabled" and a["reconnects"] == n,
              "a disabled camera is not retried (%s, %d reconnects)" %
              (a["state"], a["reconnects"]))
        _, doc = expect_error(d, "GET", path + "/snapshot.jpg", 503,
                              "unavailable")
        check("disabled" in doc["message"],
              "its snapshot says it is disabled: " + doc["message"])
        # every member is checked before anything changes
        expect_error(d, "PATCH", path, 400, "bad-request", field="zones",
                     token=TOKEN, body={"enabled": True, "zones": "x=0,0 1,0"})
        check(d.camera("a")["state"] == "disabled",
              "a refused PATCH does not enable the camera")
        h = d.json("/api/v1/health")
        check(h["cameras"]["disabled"] == 2 and h["status"] == "ok",
              "health counts disabled cameras and is not degraded by them "
              "(%s)" % h["cameras"])
        metrics = d.get("/metrics")[3].decode()
        check('wf_camera_state{camera="a",state="disabled"} 1' in metrics,
              "the metrics say disabled")
        st, _, doc, data = d.request("PATCH", path, token=TOKEN,
                                     body={"enabled": True})
        check(st == 200 and doc["enabled"] is True and
              doc["state"] in ("connecting", "retrying"),
              "PATCH enabled true starts it (%d %s)" % (st, data[:200]))
        wait_for(lambda: d.camera("a")["reconnects"] > n, 30,
                 "the enabled camera to try its source again")
        st = d.request("PATCH", "/api/v1/cameras/b", token=TOKEN,
                       body={"enabled": True})[0]
        check(st == 200 and d.camera("b")["state"] != "disabled",
              "a camera disabled in the file can be enabled")
        d.request("PATCH", path, token=TOKEN, body={"enabled": False})
        check(d.request("DELETE", path, token=TOKEN)[0] == 204,
              "a disabled camera can be removed")
        rc, _ = d.stop()
        check(rc == 0, "clean stop")
    finally:
        d.kill()


def test_snapshot_loop(tmp):
    """A looping file's seek back to its start flushes the sink: the camera
    still runs, and snapshots asked for meanwhile wait for the next frame
    instead of calling it down."""
    video = os.path.join(tmp, "short.mkv")
    # gst-launch with the system's plugins only (ours may be a sanitized
    # build that cannot load into it)
    env = dict(os.environ, GST_PLUGIN_PATH_1_0="",
               GST_REGISTRY_1_0=os.path.join(tmp, "system.registry"))
    env.pop("GST_PLUGIN_SYSTEM_PATH_1_0", None)
    r = subprocess.run(["gst-launch-1.0", "-q", "videotestsrc",
                        "num-buffers=5", "pattern=ball", "!",
                        "video/x-raw,width=320,height=180,framerate=10/1",
                        "!", "vp8enc", "deadline=1", "!", "matroskamux", "!",
                        "filesink", "location=" + video], env=env,
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        dt.skip("cannot make a VP8 video: %s" % r.stderr.strip()[-200:])
    conf = dt.base_conf(tmp, cameras=(
        "[camera:short]\nuri = file://%s\npipeline = decode\nloop = true\n"
        % video))
    d = dt.Daemon(tmp, conf, name="loop").start()
    try:
        wait_for(lambda: d.camera("short")["state"] == "running", 20,
                 "the camera to run")
        statuses = {}
        f0 = d.camera("short")["frames"]
        end = time.monotonic() + 6      # a loop every 0.5 s: twelve seeks
        while time.monotonic() < end:
            st, _, doc, _ = d.request("GET", "/api/v1/cameras/short/"
                                      "snapshot.jpg?width=160")
            statuses[st] = statuses.get(st, 0) + 1
            if st != 200:
                print("# %d %s" % (st, doc))
            time.sleep(0.02)
        cam = d.camera("short")
        check(cam["state"] == "running" and cam["frames"] - f0 >= 30 and
              cam["reconnects"] == 0,
              "the file looped without a reconnection (%d frames)" %
              (cam["frames"] - f0))
        check(set(statuses) == {200},
              "every snapshot across the loops is a picture (%s)" % statuses)
        d.stop()
    finally:
        d.kill()


TESTS = {
    "admin-remove": test_admin_remove,
    "snapshot-loop": test_snapshot_loop,
    "enabled": test_enabled,
    "redaction": test_redaction,
    "schemes": test_schemes,
    "check": test_check,
    "keys": test_keys,
    "state-dir": test_state_dir,
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in TESTS:
        print("usage: cameras-test.py {%s}" % ",".join(TESTS))
        return 2
    dt.TESTS.clear()
    dt.TESTS[sys.argv[1]] = TESTS[sys.argv[1]]
    return dt.main()


if __name__ == "__main__":
    sys.exit(main())
