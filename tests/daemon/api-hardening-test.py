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

import importlib.util
import json
import os
import socket
import sys
import time

_spec = importlib.util.spec_from_file_location(
    "daemon_test", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "daemon-test.py"))
dt = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dt)
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


TESTS = {
    "json": test_json,
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in TESTS:
        print("usage: api-hardening-test.py {%s}" % ",".join(TESTS))
        return 2
    dt.TESTS = TESTS
    return dt.main()


if __name__ == "__main__":
    sys.exit(main())
