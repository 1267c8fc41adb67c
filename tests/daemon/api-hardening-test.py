#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Hostile and unusual HTTP requests against the real daemon (issue 12).

    api-hardening-test.py NAME     NAME: json limits sse ids metrics
                                   openapi small

Needs no test data: the daemon runs without cameras, or with cameras that
are never started.  Reuses daemon-test.py's helpers.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import sibling

dt = sibling.load("daemon-test.py")
check, expect_error, TOKEN, NOWHERE = (dt.check, dt.expect_error, dt.TOKEN,
                                       dt.NOWHERE)


def plain_daemon(tmp, extra="", cameras="", name="hard", env=None):
    return dt.Daemon(tmp, dt.base_conf(tmp, extra, cameras), name=name,
                     env=env).start()


def alive(d):
    st, _, doc, _ = d.get("/api/v1/health")
    return st == 200 and doc["status"] in ("ok", "degraded")


def raw(d, data, timeout=10, shut=False):
    """Sends @data on a fresh connection; returns everything read until
    the server closes it or @timeout passes."""
    s = socket.create_connection(("127.0.0.1", d.port), timeout=timeout)
    try:
        s.sendall(data)
        if shut:
            s.shutdown(socket.SHUT_WR)
        out = b""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                b = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                break
            if not b:
                break
            out += b
        return out
    finally:
        s.close()


def status_of(reply):
    parts = reply.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


# ---------------------------------------------------------------- tests


def test_json(tmp):
    """JSON bodies are checked for depth, size and charset before
    json-glib parses them."""
    d = plain_daemon(tmp, "max-body-bytes = 4194304\n")
    try:
        for n in (100000, 65):
            expect_error(d, "POST", "/api/v1/cameras", 400, "bad-request",
                         field="body", body=b"[" * n, token=TOKEN,
                         headers={"Content-Type": "application/json"})
            check(alive(d), "the daemon survives %d nested '['" % n)
        # brackets inside a string are text, not nesting
        body = json.dumps({"id": "x", "uri": NOWHERE, "enabled": False,
                           "zones": "[" * 5000}).encode()
        st, _, doc, data = d.request("POST", "/api/v1/cameras", body=body,
                                     token=TOKEN, headers={
                                         "Content-Type": "application/json"})
        check(st == 400 and doc.get("field") == "zones",
              "'[' inside a string is not nesting (got %d %s)" %
              (st, data[:120]))
        deep = b'{"id": ' + b"[" * 63 + b"]" * 63 + b"}"
        expect_error(d, "POST", "/api/v1/cameras", 400, "bad-request",
                     field="id", body=deep, token=TOKEN,
                     headers={"Content-Type": "application/json"})
        big = b'{"id": "' + b"a" * (1100 * 1024) + b'"}'
        expect_error(d, "POST", "/api/v1/cameras", 413, "payload-too-large",
                     body=big, token=TOKEN,
                     headers={"Content-Type": "application/json"})
        latin = json.dumps({"id": "caf\u00e9", "uri": NOWHERE}).encode(
            "latin-1")
        expect_error(d, "POST", "/api/v1/cameras", 415,
                     "unsupported-media-type", body=latin, token=TOKEN,
                     headers={"Content-Type":
                              "application/json; charset=iso-8859-1"})
        good = {"id": "door", "uri": NOWHERE, "enabled": False}
        st, _, doc, data = d.request(
            "POST", "/api/v1/cameras", body=json.dumps(good).encode(),
            token=TOKEN,
            headers={"Content-Type": "application/json; charset=UTF-8"})
        check(st == 201 and doc["id"] == "door",
              "charset=UTF-8 accepted (got %d %s)" % (st, data[:120]))
        check(alive(d), "the daemon still answers")
    finally:
        d.kill()


def metrics(d):
    st, _, _, data = d.get("/metrics")
    assert st == 200, "GET /metrics: %d" % st
    out = {}
    for line in data.decode().splitlines():
        if line and not line.startswith("#"):
            k, v = line.rsplit(" ", 1)
            out[k] = float(v)
    return out


def connect_from(d, source, timeout=10):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((source, 0))
    s.connect(("127.0.0.1", d.port))
    return s


def read_reply(s, timeout):
    """What @s reads until the server closes it or @timeout passes."""
    s.settimeout(timeout)
    out = b""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            b = s.recv(65536)
        except (socket.timeout, ConnectionResetError):
            break
        if not b:
            break
        out += b
    return out


def post_head(length, token=None, extra=""):
    return ("POST /api/v1/cameras HTTP/1.1\r\nHost: x\r\n"
            "Content-Type: application/json\r\nContent-Length: %s\r\n%s%s"
            "\r\n" % (length, "Authorization: Bearer %s\r\n" % token
                       if token else "", extra)).encode()


def test_limits(tmp):
    """Refusals from the headers, before any body; deadlines; caps on
    connections, reported in /metrics."""
    d = plain_daemon(tmp, "max-body-bytes = 1048576\n")
    try:
        big = 7900000
        # no body sent: the answer must come from the headers alone
        for head, status, what in [
                (post_head(big), 401, "no token, 7.9 MB declared"),
                (post_head(big, TOKEN), 413, "token, 7.9 MB declared"),
                (post_head(10 ** 19, TOKEN), 413, "Content-Length 10^19"),
                (post_head(10 ** 25, TOKEN), 413, "Content-Length 10^25"),
                (post_head(big, extra="Expect: 100-continue\r\n"), 401,
                 "Expect: 100-continue without a token"),
                (post_head(big, TOKEN, "Expect: 100-continue\r\n"), 413,
                 "Expect: 100-continue, token, too large")]:
            t0 = time.monotonic()
            reply = raw(d, head, timeout=5)
            check(status_of(reply) == status and
                  time.monotonic() - t0 < 3 and b"100 Continue" not in reply,
                  "%s: %d before the body (got %r)" % (what, status,
                                                       reply[:60]))
        reply = raw(d, post_head(20, TOKEN, "Expect: 100-continue\r\n"),
                    timeout=2)
        check(status_of(reply) == 100,
              "Expect: 100-continue with a token and a small body: 100 "
              "(got %r)" % reply[:40])
        reply = raw(d, b"GET /api/v1/health?" + b"a" * 100000 +
                    b" HTTP/1.1\r\nHost: x\r\n\r\n", timeout=5)
        check(status_of(reply) == 414, "a 100 KB query string: 414 (got %r)"
              % reply[:40])
        check(alive(d), "the daemon answers after the refusals")
        log = open(os.path.join(tmp, "hard.log"), errors="replace").read()
        check("WARNING" not in log and "CRITICAL" not in log,
              "no GLib warning in the log: %r" % log[-300:])

        # 20 clients without a token push 7.9 MB each: nothing is kept
        rss0 = d.json("/api/v1/memory")["rss_bytes"]
        chunk = b"x" * 65536

        def pusher():
            try:
                s = socket.create_connection(("127.0.0.1", d.port), timeout=5)
                s.sendall(post_head(big))
                for _ in range(big // len(chunk)):
                    s.sendall(chunk)
            except OSError:
                pass
        threads = [threading.Thread(target=pusher) for _ in range(20)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(30)
        rss1 = d.json("/api/v1/memory")["rss_bytes"]
        check(rss1 - rss0 < 16 * 1024 * 1024,
              "20 unauthenticated 7.9 MB bodies: RSS %d -> %d MB" %
              (rss0 >> 20, rss1 >> 20))

        # idle and slow clients are closed within 30 s
        idle = connect_from(d, "127.0.0.3")
        slow = connect_from(d, "127.0.0.3")
        slow.sendall(b"GET /api/v1/health HTTP/1.1\r\n")
        half = connect_from(d, "127.0.0.3")
        half.sendall(post_head(1000, TOKEN) + b"{")
        t0 = time.monotonic()
        closed = {}

        def watch(s, what):
            rest = read_reply(s, 40)
            closed[what] = (time.monotonic() - t0, rest)

        def drip():
            for _ in range(12):
                try:
                    slow.sendall(b"X")
                except OSError:
                    return
                time.sleep(3)
        watchers = [threading.Thread(target=drip)] + [
            threading.Thread(target=watch, args=a) for a in
            [(idle, "an idle connection"),
             (slow, "a client dripping its headers"),
             (half, "a stalled body")]]
        for th in watchers:
            th.start()

        # caps: 64 per address, 256 in total
        held = [connect_from(d, "127.0.0.2") for _ in range(64)]
        extra = connect_from(d, "127.0.0.2")
        reply = read_reply(extra, 5)
        check(status_of(reply) == 503 and b"this address" in reply,
              "the 65th connection of one address: 503 (got %r)" % reply[:60])
        extra.close()
        for k in (4, 5, 6):
            held += [connect_from(d, "127.0.0.%d" % k) for _ in range(62)]
        # connect() returns before the daemon accepts: wait for it
        dt.wait_for(lambda: metrics(d)["wf_http_connections"] >= 253, 10,
                    "metrics count the 253 open connections")
        over = [connect_from(d, "127.0.0.%d" % k) for k in range(7, 13)]
        replies = [read_reply(s, 1) for s in over]
        check(sum(status_of(r) == 503 and b"too many connections\"" in r
                  for r in replies) >= 2,
              "beyond 256 in total: 503 (got %r)" % [r[:40] for r in replies])
        for s in over:
            s.close()

        def try_metrics():
            try:
                return metrics(d)
            except AssertionError:
                return None
        m = dt.wait_for(try_metrics, 5, "/metrics below the cap")
        check(m['wf_http_connections_limit{scope="total"}'] == 256 and
              m['wf_http_connections_limit{scope="peer"}'] == 64 and
              m['wf_http_connections_refused_total{reason="peer"}'] >= 1 and
              m['wf_http_connections_refused_total{reason="total"}'] >= 1,
              "metrics report the caps and the refusals")
        for s in held:
            s.close()
        for th in watchers:
            th.join(45)
        for what, (when, rest) in sorted(closed.items()):
            check(when < 30 and
                  (rest == b"" or status_of(rest) in (400, 408, 500)),
                  "%s is closed within 30 s (%.1f s, %r)" %
                  (what, when, rest[:40]))
        check(len(closed) == 3, "all three were closed")
        for s in (idle, slow, half):
            s.close()
        dt.wait_for(lambda: metrics(d)["wf_http_connections"] <= 1, 5,
                    "connections counted back down")
        check(metrics(d)["wf_http_timeouts_total"] >= 2,
              "the deadlines are counted")
        check(alive(d), "the daemon still answers")
    finally:
        d.kill()


class Sse:
    """A live event stream read by a thread: frames as (id, type, data)."""

    def __init__(self, d, query="", last_id=None):
        self.sock = socket.create_connection(("127.0.0.1", d.port),
                                             timeout=15)
        extra = "Last-Event-ID: %s\r\n" % last_id if last_id is not None \
            else ""
        self.sock.sendall(("GET /api/v1/events%s HTTP/1.1\r\nHost: x\r\n"
                           "%s\r\n" % (query, extra)).encode())
        self.buf = b""
        self.frames = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while True:
            try:
                b = self.sock.recv(65536)
            except OSError:
                return
            if not b:
                return
            with self.lock:
                self.buf += b
                for m in re.finditer(rb"(?:id: (\d+)\r?\n)?event: ([a-z-]+)"
                                     rb"\r?\ndata: (.*)\r?\n", self.buf):
                    self.frames.append((int(m.group(1)) if m.group(1)
                                        else None, m.group(2).decode(),
                                        json.loads(m.group(3))))
                last = self.buf.rfind(b"\n\n")
                if last >= 0 and self.buf.count(b"data: ") == \
                        self.buf[:last].count(b"data: "):
                    self.buf = self.buf[last + 2:]

    def wait(self, pred, what, timeout=10):
        def f():
            with self.lock:
                fr = list(self.frames)
            return fr if pred(fr) else None
        return dt.wait_for(f, timeout, what)

    def close(self):
        self.sock.close()


def add_camera(d, cid):
    st, _, _, data = d.request("POST", "/api/v1/cameras", token=TOKEN,
                               body={"id": cid, "uri": NOWHERE,
                                     "enabled": False})
    assert st == 201, "add %s: %d %s" % (cid, st, data[:200])


def added(frames):
    return [(i, e["camera"]) for i, t, e in frames if t == "camera-added"]


def test_sse(tmp):
    """Ids go out once committed, are never given twice after kill -9, and
    a reconnecting client gets what it missed (Last-Event-ID)."""
    d = plain_daemon(tmp, name="sse")
    try:
        expect_error(d, "GET", "/api/v1/events?types=bogus", 400,
                     "bad-request", field="types")
        expect_error(d, "GET", "/api/v1/events?camera=nope", 400,
                     "bad-request", field="camera")
        expect_error(d, "GET", "/api/v1/events", 400, "bad-request",
                     headers={"Last-Event-ID": "abc"})
        a = Sse(d)
        for k in range(3):
            add_camera(d, "c%d" % k)
            f = a.wait(lambda fr: len(added(fr)) > k, "camera-added c%d" % k)
            committed = d.json("/api/v1/health")["store"]["committed_event_id"]
            check(added(f)[-1][1] == "c%d" % k and
                  added(f)[-1][0] <= committed,
                  "id %d sent once committed (%d)" % (added(f)[-1][0],
                                                      committed))
        last = added(a.frames)[-1][0]
        a.close()
        add_camera(d, "gone1")
        add_camera(d, "gone2")
        b = Sse(d, "?types=camera-added", last_id=last)
        f = b.wait(lambda fr: len(added(fr)) >= 2, "the missed events")
        check([c for _, c in added(f)] == ["gone1", "gone2"] and
              all(i > last for i, _ in added(f)),
              "Last-Event-ID %d: the two missed events, in order: %s" %
              (last, added(f)))
        add_camera(d, "live")
        f = b.wait(lambda fr: len(added(fr)) >= 3, "the live event after")
        check([c for _, c in added(f)] == ["gone1", "gone2", "live"],
              "then live events, none twice: %s" % added(f))
        b.close()

        # kill -9 right after events: no id seen by a client is lost or
        # given again
        s = Sse(d)
        seen_before = {i for i, _ in added(a.frames)}
        add_camera(d, "k0")
        s.wait(lambda fr: len(added(fr)) >= 1, "k0 sent")
        for k in range(1, 6):
            add_camera(d, "k%d" % k)
        d.proc.kill()
        d.proc.wait()
        time.sleep(0.2)
        seen = {i for i, t, _ in s.frames if i is not None}
        s.close()
        d = dt.Daemon(tmp, dt.base_conf(tmp), name="sse2").start()

        def journal():
            return d.json("/api/v1/journal?limit=1000")["events"]
        before = {e["id"] for e in journal()}
        check(seen <= before,
              "every id sent before kill -9 is in the journal (%s, %s)" %
              (sorted(seen), sorted(before)))
        add_camera(d, "after")
        new = dt.wait_for(lambda: [e["id"] for e in journal() if
                                   e.get("camera") == "after"], 5,
                          "the new event committed")
        check(new[0] > max(seen | seen_before | before),
              "the first id after kill -9 is new (%d)" % new[0])
        rc, _ = d.stop()
        d = dt.Daemon(tmp, dt.base_conf(tmp), name="sse3").start()
        add_camera(d, "clean")
        ids = dt.wait_for(lambda: (lambda j: j if j[-1].get("camera") ==
                                   "clean" else None)(journal()), 5,
                          "the event after a clean restart")
        ids = [e["id"] for e in ids]
        check(rc == 0 and ids[-1] == ids[-2] + 1,
              "after a clean stop ids go on without a gap: %s" % ids[-3:])
    finally:
        d.kill()


def multipart(fields):
    """A multipart/form-data body: fields are (name, filename, bytes)."""
    b = "wfboundary0123456789"
    out = b""
    for name, filename, data in fields:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"%s\r\n"
                "\r\n" % (b, name, "; filename=\"%s\"" % filename
                          if filename else "")).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % b).encode()
    return out, "multipart/form-data; boundary=" + b


def test_ids(tmp):
    """Ids that URL normalisation would remove are refused everywhere."""
    d = plain_daemon(tmp, name="ids")
    try:
        for bad in (".", "..", "...", "...."):
            expect_error(d, "POST", "/api/v1/cameras", 400, "bad-request",
                         field="id", token=TOKEN,
                         body={"id": bad, "uri": NOWHERE, "enabled": False})
            body, ctype = multipart([("name", None, b"Amy"),
                                     ("id", None, bad.encode()),
                                     ("photo", "a.jpg",
                                      b"\xff\xd8\xff\xe0" + b"\0" * 64)])
            st, _, doc, data = d.request("POST", "/api/v1/employees",
                                         body=body, token=TOKEN,
                                         headers={"Content-Type": ctype})
            check(st in (400, 503) and (st == 503 or doc["field"] == "id"),
                  "employee id %r refused (got %d %s)" % (bad, st, data[:100]))
        add_camera(d, "a.b")
        check(d.camera("a.b")["id"] == "a.b", "dots inside an id are fine")
        for path in ("/api/v1/cameras/%2e", "/api/v1/cameras/%2E%2E",
                     "/api/v1/employees/%2e%2e%2e"):
            st, _, doc, _ = d.get(path)
            check(st in (200, 400, 404) and not (doc or {}).get("id"),
                  "GET %s names nothing (%d)" % (path, st))
    finally:
        d.kill()
    conf = os.path.join(tmp, "dots.conf")
    with open(conf, "w") as f:
        f.write(dt.base_conf(tmp, "", "[camera:..]\nuri = %s\n" % NOWHERE))
    r = subprocess.run([dt.DAEMON, "--config", conf, "--check-config"],
                       capture_output=True, text=True, timeout=30)
    check(r.returncode == dt.EX_CONFIG,
          "[camera:..] in the file is refused (exit %d: %s)" %
          (r.returncode, (r.stderr or r.stdout).strip()[-200:]))


def lint_metrics(text):
    """The rules of promtool check metrics that our output can break."""
    problems, typed, helped, seen_family, current = [], {}, set(), set(), None
    for line in text.splitlines():
        if line.startswith("# HELP "):
            helped.add(line.split(" ")[2])
        elif line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            typed[name] = kind
            if name in seen_family:
                problems.append("%s: second TYPE line" % name)
            seen_family.add(name)
            current = name
            if kind == "counter" and not name.endswith("_total"):
                problems.append("%s: counter without _total" % name)
            if kind != "counter" and name.endswith("_total"):
                problems.append("%s: _total on a %s" % (name, kind))
            if kind in ("gauge", "counter") and re.search(
                    r"_(count|sum|bucket)$", name):
                problems.append("%s: %s ending in a histogram/summary suffix"
                                % (name, kind))
        elif line:
            name = re.match(r"[a-zA-Z_:][a-zA-Z0-9_:]*", line).group(0)
            if name != current:
                problems.append("%s: sample outside its family" % name)
            if name not in helped:
                problems.append("%s: no HELP" % name)
    return problems


def test_metrics(tmp):
    """/metrics passes promtool's rules; every camera state has a series."""
    d = plain_daemon(tmp, cameras="[camera:door]\nuri = %s\nenabled = false\n"
                     % NOWHERE, name="metrics")
    try:
        st, r, _, data = d.get("/metrics")
        text = data.decode()
        check(st == 200 and "wf_zone_count" not in text and
              "# TYPE wf_zone_occupancy gauge" in text,
              "wf_zone_count is now wf_zone_occupancy")
        problems = lint_metrics(text)
        check(not problems, "promtool rules hold: %s" % problems)
        states = re.findall(r'wf_camera_state\{camera="door",state="([a-z-]+)"'
                            r'\} (\d+)', text)
        check(len(states) >= 5 and len({s for s, _ in states}) == len(states)
              and [v for _, v in states].count("1") == 1 and
              dict(states)[d.camera("door")["state"]] == "1",
              "wf_camera_state: a 0 or 1 series for every state: %s" % states)
        promtool = shutil.which("promtool")
        if promtool:
            p = subprocess.run([promtool, "check", "metrics"], input=data,
                               capture_output=True, timeout=30)
            check(p.returncode == 0, "promtool check metrics: %s" %
                  (p.stdout + p.stderr).decode()[-300:])
        else:
            print("note: promtool absent (Debian prometheus), its rules were "
                  "checked by this test alone")
    finally:
        d.kill()


def schema_problems(doc, schema, spec, where="$"):
    """Where @doc does not match @schema (OpenAPI 3.0 subset), strictly: a
    member a schema with properties does not name is drift."""
    while "$ref" in schema:
        node = spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    if doc is None:
        return [] if schema.get("nullable") else ["%s: null" % where]
    types = {"object": dict, "array": list, "string": str, "boolean": bool,
             "integer": int, "number": (int, float)}
    kind = schema.get("type")
    if kind and (not isinstance(doc, types[kind]) or
                 (kind in ("integer", "number") and isinstance(doc, bool))):
        return ["%s: %r is not %s" % (where, doc, kind)]
    if "enum" in schema and doc not in schema["enum"]:
        return ["%s: %r not in %s" % (where, doc, schema["enum"])]
    out = []
    if isinstance(doc, dict):
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for k in schema.get("required", []):
            if k not in doc:
                out.append("%s.%s: required, absent" % (where, k))
        for k, v in doc.items():
            if k in props:
                out += schema_problems(v, props[k], spec, where + "." + k)
            elif isinstance(extra, dict):
                out += schema_problems(v, extra, spec, where + "." + k)
            elif props and extra is not True:
                out.append("%s.%s: not in the OpenAPI document" % (where, k))
    if isinstance(doc, list) and "items" in schema:
        for i, v in enumerate(doc[:20]):
            out += schema_problems(v, schema["items"], spec,
                                   "%s[%d]" % (where, i))
    return out


def test_openapi(tmp):
    """The OpenAPI document says what the daemon does."""
    d = plain_daemon(tmp, cameras="[camera:door]\nuri = %s\nenabled = false\n"
                     "zones = hall=0,0 1,0 1,1 0,1\n" % NOWHERE, name="openapi")
    try:
        spec = d.json("/api/v1/openapi.json")
        for path, ops in spec["paths"].items():
            for method, op in ops.items():
                if method not in ("get", "post", "delete"):
                    continue
                sec = op.get("security")
                if method == "get":
                    check(sec is not None and {"bearer": []} in sec and {} in sec,
                          "GET %s declares its token (beyond loopback): %s" %
                          (path, sec))
                else:
                    check(sec == [{"bearer": []}],
                          "%s %s needs the token" % (method.upper(), path))
        check("400" in spec["paths"]["/api/v1/events"]["get"]["responses"],
              "/events documents its 400")
        for path, real in [("/api/v1/health", "/api/v1/health"),
                           ("/api/v1/memory", "/api/v1/memory"),
                           ("/api/v1/cameras", "/api/v1/cameras"),
                           ("/api/v1/cameras/{id}", "/api/v1/cameras/door"),
                           ("/api/v1/occupancy", "/api/v1/occupancy"),
                           ("/api/v1/attendance", "/api/v1/attendance"),
                           ("/api/v1/journal", "/api/v1/journal"),
                           ("/api/v1/employees", "/api/v1/employees")]:
            st, _, doc, data = d.get(real)
            resp = spec["paths"][path]["get"]["responses"][str(st)]
            while "$ref" in resp:
                resp = spec["components"]["responses"][
                    resp["$ref"].split("/")[-1]]
            schema = resp["content"]["application/json"]["schema"]
            problems = schema_problems(doc, schema, spec)
            check(not problems, "GET %s (%d) matches the document: %s" %
                  (real, st, problems))
    finally:
        d.kill()


def test_small(tmp):
    """Item 11's small ones: a NUL in a query value, 4-digit years, no
    file paths in replies (the charset and Content-Length 10^19 cases are
    in the json and limits tests)."""
    d = plain_daemon(tmp, cameras="[camera:door]\nuri = %s\nenabled = false"
                     "\nzones = room=0,0 1,0 1,1 0,1\n" % NOWHERE,
                     env={"TZ": "UTC"})
    try:
        for q in ("2026-12-03%00junk", "2026-12-03%00", "%002026-12-03"):
            expect_error(d, "GET", "/api/v1/attendance?date=" + q, 400,
                         "bad-request", field="date")
        expect_error(d, "GET", "/api/v1/attendance.csv?date=2026-12-03%00x",
                     400, "bad-request", field="date")
        expect_error(d, "GET", "/api/v1/occupancy/door/room?from="
                     "2026-12-03T00:00:00Z%00junk", 400, "bad-request",
                     field="from")
        st, _, doc, data = d.get("/api/v1/attendance?date=2026-12-03")
        check(st == 200, "a plain date is still read (got %d)" % st)

        st, _, doc, data = d.get("/api/v1/occupancy/door/room?from="
                                 "0001-01-01T00:00:00Z&to="
                                 "0009-12-31T23:59:59Z")
        check(st == 200 and doc["from"] == "0001-01-01T00:00:00+00:00" and
              doc["to"] == "0009-12-31T23:59:59+00:00",
              "years below 1000 have four digits (got %d %s)" %
              (st, data[:160]))

        # libsoup 3.2 reads this part as 2^64 - 2 bytes long; copying the
        # name aborted the daemon (found by tests/fuzz/fuzz-multipart.c)
        b = b"wfboundary0123456789"
        for field in (b"name", b"photo"):
            body = (b"--" + b + b"\r\nContent-Disposition: form-data; name=\"" +
                    field + b"\"\r\n\r\n--" + b + b"--\r\n")
            expect_error(d, "POST", "/api/v1/employees", 400, "bad-request",
                         field="body", body=body, token=TOKEN,
                         headers={"Content-Type": "multipart/form-data; "
                                  "boundary=" + b.decode()})
            check(alive(d), "the daemon survives a %s part that ends in "
                  "its delimiter" % field.decode())
        st, _, doc, data = d.request("DELETE", "/api/v1/employees/nobody",
                                     token=TOKEN)
        check(st == 404 and tmp.encode() not in data and b".db" not in data,
              "404 for an unknown employee names no file (got %d %s)" %
              (st, data[:200]))
        photo = os.path.join(dt.FACE_API_DIR, "demo", "sample1.jpg")
        h = d.json("/api/v1/health")
        if not h.get("enrolment") or not os.path.exists(photo):
            print("note: no enrolment in this build or no face-api photo: "
                  "409 not checked")
            return
        body, ct = multipart([("id", None, b"ann"), ("name", None, b"Ann"),
                              ("photo", "a.jpg", open(photo, "rb").read())])
        ctype = {"Content-Type": ct}
        st, _, doc, data = d.request("POST", "/api/v1/employees", body=body,
                                     token=TOKEN, headers=ctype)
        check(st == 201, "first enrolment (got %d %s)" % (st, data[:200]))
        st, _, doc, data = d.request("POST", "/api/v1/employees", body=body,
                                     token=TOKEN, headers=ctype)
        check(st == 409 and doc.get("field") == "id" and b"ann" in data and
              tmp.encode() not in data and b".db" not in data,
              "409 says the id is taken and names no file (got %d %s)" %
              (st, data[:200]))
        log = open(os.path.join(tmp, "hard.log"), errors="replace").read()
        check(os.path.join(tmp, "gallery.db") + ": " in log or
              "already enrolled in " + os.path.join(tmp, "gallery.db") in log,
              "the log has the gallery's path")
    finally:
        d.kill()


TESTS = {
    "small": test_small,
    "openapi": test_openapi,
    "metrics": test_metrics,
    "ids": test_ids,
    "sse": test_sse,
    "json": test_json,
    "limits": test_limits,
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in TESTS:
        print("usage: api-hardening-test.py {%s}" % ",".join(TESTS))
        return 2
    dt.TESTS = TESTS
    return dt.main()


if __name__ == "__main__":
    sys.exit(main())
