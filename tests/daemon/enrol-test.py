#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Enrolment photos through the daemon's API (issues 12.4 and 13.3).

    enrol-test.py NAME     NAME: same-descriptor limits several-faces

same-descriptor: one photo enrolled through POST /api/v1/employees and
through workforce-admin enroll gives the same descriptor.
limits: a 10000x10000 PNG (97 KB) is refused with 413 before it is decoded
(the daemon's peak RSS does not grow by its 300 MB of pixels); a PNG header
with random bytes is refused with 415; while photos are decoded,
/api/v1/health keeps answering at once.
several-faces: a photo of two people gives its largest face by default;
with largest=false (the dashboard's form) it is refused with 400 naming the
photo and the number of faces, and nobody is enrolled.

Reuses daemon-test.py's helpers (imported, not copied).  Environment as for
daemon-test.py, plus WF_ADMIN (workforce-admin) and WF_FACE_API_DIR (the
npm package's photos, installed by the build).
"""

import os
import shutil
import sqlite3
import struct
import re
import subprocess
import sys
import tempfile
import threading
import time
import zlib
import sibling

dt = sibling.load("daemon-test.py")

ADMIN = os.environ.get("WF_ADMIN", "")
FACE_API_DIR = os.environ.get("WF_FACE_API_DIR", "")


def photo_path():
    p = os.path.join(FACE_API_DIR, "demo", "sample1.jpg")
    if not os.path.exists(p):
        dt.skip("%s absent (run ./models/fetch.sh)" % p)
    return p


def enrol_daemon(tmp, name, need_enrolment=True):
    d = dt.Daemon(tmp, dt.base_conf(tmp), name=name).start()
    h = d.json("/api/v1/health")
    if need_enrolment and not h.get("enrolment"):
        d.kill()
        dt.skip("this build cannot enrol from photos (lite build, no dlib)")
    return d, bool(h.get("enrolment"))


def post_photo(d, data, ctype, query="?name=Sample%20One&id=sample-1",
               timeout=60):
    return d.request("POST", "/api/v1/employees" + query, body=data,
                     headers={"Content-Type": ctype}, token=dt.TOKEN,
                     timeout=timeout)


def descriptors(db):
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT descriptor FROM descriptors "
                           "WHERE employee_id = 'sample-1'").fetchall()
    finally:
        con.close()
    return [struct.unpack("<128f", r[0]) for r in rows]


def test_same_descriptor(tmp):
    if not ADMIN or not os.path.exists(ADMIN):
        dt.skip("workforce-admin was not built")
    photo = photo_path()
    d, _ = enrol_daemon(tmp, "same")
    try:
        st, _, doc, data = post_photo(d, open(photo, "rb").read(),
                                      "image/jpeg")
        dt.check(st == 201, "photo enrolled through the API (%d %s)" %
                 (st, data[:200]))
        d.stop()
    finally:
        d.kill()
    api_desc = descriptors(os.path.join(tmp, "gallery.db"))

    cli_db = os.path.join(tmp, "cli.db")
    r = subprocess.run([ADMIN, "enroll", "--db", cli_db, "--id", "sample-1",
                        "--name", "Sample One", "--largest", photo],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120)
    dt.check(r.returncode == 0, "photo enrolled with workforce-admin (%s)" %
             r.stderr.decode(errors="replace")[-300:])
    cli_desc = descriptors(cli_db)

    dt.check(len(api_desc) == 1 and len(cli_desc) == 1,
             "one descriptor each way")
    dist = sum((a - b) ** 2 for a, b in zip(api_desc[0], cli_desc[0])) ** 0.5
    # The same routine on the same pixels: equal but for BLAS summation
    # order; another face or upsampling would be 0.1 or more away.
    dt.check(dist < 1e-4, "API and workforce-admin descriptors agree "
             "(distance %.2g)" % dist)


def png_chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))


def png_header(width, height):
    return (b"\x89PNG\r\n\x1a\n" +
            png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0,
                                           0, 0, 0)))


def huge_png(side):
    """A valid grey PNG of side x side black pixels: small once deflated."""
    comp = zlib.compressobj(9)
    row = b"\x00" * (side + 1)
    parts = [comp.compress(row) for _ in range(side)]
    parts.append(comp.flush())
    return (png_header(side, side) + png_chunk(b"IDAT", b"".join(parts)) +
            png_chunk(b"IEND", b""))


def vm_hwm(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def test_limits(tmp):
    # The limits hold in a build without enrolment too (lite): photos are
    # refused from their headers before anything else.
    d, can_enrol = enrol_daemon(tmp, "limits", need_enrolment=False)
    try:
        # 1. pixels refused from the header
        big = huge_png(10000)
        dt.check(len(big) < 200 * 1024, "10000x10000 PNG of %d KB" %
                 (len(big) // 1024))
        hwm0 = vm_hwm(d.proc.pid)
        t0 = time.monotonic()
        st, _, doc, data = post_photo(d, big, "image/png")
        took = time.monotonic() - t0
        dt.check(st == 413 and doc and doc.get("error") == "payload-too-large"
                 and doc.get("field") == "photo" and "10000x10000" in
                 doc.get("message", ""),
                 "10000x10000 PNG refused with 413 (%d %s)" % (st, data[:200]))
        dt.check(took < (5 if dt.SANITIZED else 1),
                 "refused in %.2f s, without decoding" % took)
        grew = vm_hwm(d.proc.pid) - hwm0
        if not dt.SANITIZED:
            dt.check(grew < 50 * 1024 * 1024,
                     "peak RSS grew by %.1f MB (the pixels are 100 MB)" %
                     (grew / 1e6))

        # 2. a PNG header and random bytes, and a real photo, while the
        # health endpoint is polled: it must never wait for the decoder.
        junk = png_header(4000, 3000) + os.urandom(90 * 1024)
        photo = open(photo_path(), "rb").read()
        photo_status = 201 if can_enrol else 503
        results = {}

        def post(key, body):
            results[key] = post_photo(d, body, "image/png" if key == "junk"
                                      else "image/jpeg",
                                      query="?name=%s" % key, timeout=120)

        threads = [threading.Thread(target=post, args=a)
                   for a in (("junk", junk), ("photo", photo))]
        worst = 0.0
        polls = 0
        for t in threads:
            t.start()
        end = time.monotonic() + 120
        while any(t.is_alive() for t in threads) and time.monotonic() < end:
            t0 = time.monotonic()
            st, _, _, _ = d.get("/api/v1/health", timeout=10)
            worst = max(worst, time.monotonic() - t0)
            polls += 1
            if st != 200:
                raise AssertionError("health answered %d during enrolment"
                                     % st)
            time.sleep(0.02)
        for t in threads:
            t.join(10)
        st, _, doc, data = results["junk"]
        dt.check(st == 415 and doc and doc.get("field") == "photo",
                 "PNG header + random bytes refused with 415 (%d %s)" %
                 (st, data[:200]))
        st, _, doc, data = results["photo"]
        dt.check(st == photo_status, "a real photo answered %d meanwhile "
                 "(%d %s)" % (photo_status, st, data[:200]))
        dt.check(worst < (2.0 if dt.SANITIZED else 0.5),
                 "health answered in at most %.3f s over %d polls while "
                 "photos were decoded" % (worst, polls))

        # 3. a truncated JPEG is refused by the strict decoder, not enrolled
        # (its header is sound: without enrolment it gets the 503)
        st, _, doc, data = post_photo(d, photo[:len(photo) // 2],
                                      "image/jpeg", query="?name=half")
        want = 415 if can_enrol else 503
        dt.check(st == want, "half a JPEG refused with %d (%d %s)" %
                 (want, st, data[:200]))
        d.stop()
    finally:
        d.kill()


def multipart(fields, photo, filename):
    b = "wfboundary"
    body = b""
    for k, v in fields.items():
        body += (b"--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n"
                 b"\r\n%s\r\n" % (b.encode(), k.encode(), v.encode()))
    body += (b"--%s\r\nContent-Disposition: form-data; name=\"photo\"; "
             b"filename=\"%s\"\r\nContent-Type: image/jpeg\r\n\r\n"
             % (b.encode(), filename.encode()))
    body += photo + b"\r\n--%s--\r\n" % b.encode()
    return body, "multipart/form-data; boundary=" + b


def two_people(tmp):
    """A photo of two people: the shared scene where present, else two of
    face-api's demo photos side by side (set-up installs them), composed
    with gst-launch-1.0 so that a plain clone runs the test too."""
    pair = os.path.join(dt.TESTDATA, "scenes", "obama_biden_two_people.jpg")
    if os.path.exists(pair):
        return open(pair, "rb").read(), 2
    demo = os.path.join(dt.FACE_API_DIR, "demo")
    one, two = (os.path.join(demo, "sample%d.jpg" % i) for i in (1, 2))
    if not (os.path.exists(one) and os.path.exists(two)):
        dt.skip("neither %s nor face-api's demo photos" % pair)
    out = os.path.join(tmp, "pair.jpg")

    def branch(path):
        return ["filesrc", "location=" + path, "!", "jpegdec", "!",
                "videoconvert", "!", "videoscale", "!",
                "video/x-raw,width=400,height=400", "!", "imagefreeze",
                "num-buffers=1", "!", "m."]
    subprocess.run(["gst-launch-1.0", "-q", "compositor", "name=m",
                    "sink_1::xpos=400", "!",
                    "video/x-raw,width=800,height=400", "!", "videoconvert",
                    "!", "jpegenc", "!", "filesink", "location=" + out] +
                   branch(one) + branch(two), check=True, timeout=60)
    # the demo photos hold more than one face between them (3 here)
    return open(out, "rb").read(), None


def test_several_faces(tmp):
    photo, faces = two_people(tmp)
    d, _ = enrol_daemon(tmp, "several")
    try:
        ids = lambda: [e["id"] for e in d.json("/api/v1/employees")
                       ["employees"]]
        # the dashboard's form: refused, the photo and the count named
        body, ct = multipart({"name": "Pair Form", "id": "pair-form",
                              "largest": "false"}, photo, "pair.jpg")
        _, doc = dt.expect_error(d, "POST", "/api/v1/employees", 400,
                                 "bad-request", field="photo", body=body,
                                 headers={"Content-Type": ct},
                                 token=dt.TOKEN, timeout=60)
        m = re.fullmatch(r"photo 1 \(pair\.jpg\): (\d+) faces found; use a "
                         r"photo of the employee alone", doc["message"])
        dt.check(m is not None and int(m.group(1)) >= 2 and
                 (faces is None or int(m.group(1)) == faces),
                 "the message names the photo and the faces: %s"
                 % doc["message"])
        _, doc = dt.expect_error(d, "POST", "/api/v1/employees"
                                 "?name=Pair&id=pair&largest=no", 400,
                                 "bad-request", field="photo", body=photo,
                                 headers={"Content-Type": "image/jpeg"},
                                 token=dt.TOKEN, timeout=60)
        dt.check(ids() == [], "nobody enrolled from a refused group photo")
        dt.expect_error(d, "POST", "/api/v1/employees"
                        "?name=Pair&largest=maybe", 400, "bad-request",
                        field="largest", body=photo,
                        headers={"Content-Type": "image/jpeg"},
                        token=dt.TOKEN)
        # the default is unchanged: the largest face
        st, _, doc, data = post_photo(d, photo, "image/jpeg",
                                      query="?name=Pair&id=pair")
        dt.check(st == 201 and doc["descriptors"] == 1,
                 "without largest=false the largest face is enrolled "
                 "(%d %s)" % (st, data[:200]))
        dt.check(ids() == ["pair"], "one employee enrolled")
        d.stop()
    finally:
        d.kill()


TESTS = {
    "same-descriptor": test_same_descriptor,
    "limits": test_limits,
    "several-faces": test_several_faces,
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in TESTS:
        print("usage: enrol-test.py {%s}" % ",".join(TESTS))
        return 2
    if not dt.DAEMON or not os.path.exists(dt.DAEMON):
        dt.skip("WF_DAEMON not set or missing")
    tmp = tempfile.mkdtemp(prefix="wf-enrol-test-")
    try:
        TESTS[sys.argv[1]](tmp)
    except AssertionError as e:
        print("FAIL: %s" % e)
        for name in sorted(os.listdir(tmp)):
            if name.endswith(".log"):
                print("---- %s (tail)" % name)
                print(open(os.path.join(tmp, name), errors="replace")
                      .read()[-3000:])
        return 1
    finally:
        if not os.environ.get("WF_TEST_KEEP"):
            shutil.rmtree(tmp, ignore_errors=True)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
