#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The review loop of unknown faces (issues 14.4, 18.2).

    unknowns-test.py NAME     NAME: loop off retention hostile

loop: the build's demo video (face-api's six photos), nobody enrolled,
[privacy] store-unknown-crops = true: unknown faces appear as groups in
GET /api/v1/unknown-faces with crops that decode as JPEG; one group enrolled
as a new employee is named on the following frames (attendance, an
identity event); its crops are gone from the folder and are the employee's
stored pictures in the export; DELETE of another group removes its files;
erasing the employee leaves nothing of their crops in the gallery.
off: with the key off (the default) nothing is stored, and the endpoints
say why (503).
retention: crops written with an old last-seen are removed at start, newer
ones kept; the health report counts both.
hostile: bad ids (../../etc/passwd and the like), bad JSON, huge bodies,
missing token, missing groups: refused, nothing changed.

Reuses daemon-test.py's helpers (imported, not copied).
"""

import json
import os
import sqlite3
import subprocess
import sys
import time
import sibling

dt = sibling.load("daemon-test.py")

check = dt.check
TOKEN = dt.TOKEN
API = "/api/v1"


def conf(tmp, store=True, extra=""):
    cams = ("[camera:lobby]\nuri = %s\nloop = true\n" %
            dt.file_uri(dt.DEMO_VIDEO))
    priv = "[privacy]\nstore-unknown-crops = %s\n%s" % (
        "true" if store else "false", extra)
    return dt.base_conf(tmp, cameras=cams) + priv


def crops_dir(tmp):
    return os.path.join(tmp, "unknown-faces")


def files(tmp):
    d = crops_dir(tmp)
    return sorted(os.listdir(d)) if os.path.isdir(d) else []


def need_demo_and_recognition(d):
    h = d.json(API + "/health")
    if not h.get("enrolment") or "facematch" not in h["features"]:
        d.kill()
        dt.skip("this build has no face recognition (lite build)")


def require_demo():
    if not os.path.exists(dt.DEMO_VIDEO):
        dt.skip("no demo video %s (./models/fetch.sh)" % dt.DEMO_VIDEO)


def groups(d):
    return d.json(API + "/unknown-faces")["groups"]


def is_jpeg(data):
    return data[:3] == b"\xff\xd8\xff" and data[-2:] == b"\xff\xd9"


def test_loop(tmp):
    require_demo()
    d = dt.Daemon(tmp, conf(tmp), name="loop").start()
    try:
        need_demo_and_recognition(d)
        gs = dt.wait_for(lambda: groups(d) if len(groups(d)) >= 2 else None,
                         240 if dt.SANITIZED else 120,
                         "two unknown faces stored", interval=1)
        for g in gs:
            check(g["count"] == len(g["crops"]) >= 1 and
                  g["cameras"] == ["lobby"] and g["first_seen"] and
                  g["last_seen"] and g["best_crop"] in g["crops"],
                  "a group lists its crops, camera and times: %s" % g)
        st, r, _, data = d.get(gs[0]["best_crop_url"])
        check(st == 200 and r.getheader("Content-Type") == "image/jpeg" and
              is_jpeg(data), "the best crop is a JPEG")
        # it decodes: GStreamer's own decoder reads it
        path = os.path.join(tmp, "crop.jpg")
        open(path, "wb").write(data)
        p = subprocess.run(["gst-launch-1.0", "-q", "filesrc", "location=" +
                            path, "!", "jpegdec", "!", "fakesink"],
                           capture_output=True, timeout=30)
        check(p.returncode == 0, "the crop decodes (%s)" % p.stderr[-300:])
        names = files(tmp)
        check(all(len(n.split(".")[0]) == 32 for n in names),
              "crop files are named by opaque ids: %s" % names[:4])
        h = d.json(API + "/health")["privacy"]["retention"]["unknown_crops"]
        check(h["stored"] >= 2, "health counts the stored crops: %s" % h)

        # enrol the first group as a new employee
        g = gs[0]
        st, _, doc, data = d.request("POST", API + "/unknown-faces/%s/enrol"
                                     % g["id"], body={"name": "Una Known",
                                                      "consent": True},
                                     token=TOKEN)
        check(st == 201 and doc["id"] == "una-known" and
              doc["descriptors"] == g["count"],
              "enrolled from the group: %d %s" % (st, data[:300]))
        left = files(tmp)
        check(not any(c in n for c in g["crops"] for n in left),
              "the group's crop files are gone")
        st, _, _, _ = d.get(API + "/face-crops/%s.jpg" % g["best_crop"])
        check(st == 404, "its crop is no longer served")

        def named():
            rows = d.json(API + "/attendance")["attendance"]
            return rows if any(r["employee_id"] == "una-known"
                               for r in rows) else None
        dt.wait_for(named, 240 if dt.SANITIZED else 120,
                    "the enrolled person named on the following frames",
                    interval=1)
        text = json.dumps(d.json(API + "/journal?limit=10000"))
        check('"identity"' in text and "una-known" in text,
              "an identity event names them")
        check('"unknown-faces"' in text, "the enrolment event says where "
              "the faces came from")
        exp = d.json(API + "/employees/una-known/export", token=TOKEN)
        check(len(exp["stored_pictures"]) == g["count"] and
              all(p["source"] == "unknown-face crop"
                  for p in exp["stored_pictures"]),
              "the export lists the enrolled crops: %s" %
              exp["stored_pictures"])
        # the face library's view of them: each face, its photo
        faces = d.json(API + "/employees/una-known/faces",
                       token=TOKEN)["faces"]
        kept = [f for f in faces if f["photo_stored"]]
        check(len(kept) == g["count"] and
              {f["id"] for f in kept} == {p["descriptor"] for p in
                                          exp["stored_pictures"]},
              "GET .../faces lists them: %s" % faces)
        st, hdr, _, jpeg = d.request("GET", API + "/employees/una-known/"
                                     "faces/%d" % kept[0]["id"], token=TOKEN)
        check(st == 200 and jpeg[:2] == b"\xff\xd8" and
              hdr.getheader("Content-Type") == "image/jpeg", "a kept face is served as its "
              "JPEG: %d %s" % (st, jpeg[:4]))
        for bad in ("0", "x", "99999999", "1/2", "%d.jpg" % kept[0]["id"]):
            st = d.request("GET", API + "/employees/una-known/faces/" + bad,
                           token=TOKEN)[0]
            check(st == 404, "faces/%s: 404 (%d)" % (bad, st))
        st = d.request("GET", API + "/employees/nobody/faces",
                       token=TOKEN)[0]
        check(st == 404, "faces of a missing employee: 404 (%d)" % st)
        audit = json.dumps(d.json(API + "/audit?limit=1000", token=TOKEN))
        check('"read-faces"' in audit, "the reads are audited")

        # add another group to the same employee, then discard one
        gs = [x for x in groups(d) if x["id"] != g["id"]]
        if len(gs) >= 2:
            st, _, doc, data = d.request(
                "POST", API + "/unknown-faces/%s/enrol" % gs[0]["id"],
                body={"employee": "una-known"}, token=TOKEN)
            check(st == 200 and doc["descriptors"] > g["count"],
                  "added to an existing employee: %d %s" % (st, data[:200]))
            victim = gs[1]
            st, _, _, _ = d.request("DELETE", API + "/unknown-faces/%s" %
                                    victim["id"], token=TOKEN)
            check(st == 204, "DELETE of a group: 204")
            left = files(tmp)
            check(not any(c in n for c in victim["crops"] for n in left),
                  "its files are gone")
            st, _, _, _ = d.request("DELETE", API + "/unknown-faces/%s" %
                                    victim["id"], token=TOKEN)
            check(st in (404,), "DELETE of it again: 404")
        # erasure takes the enrolled crops with the employee
        st, _, _, _ = d.request("DELETE", API + "/employees/una-known",
                                token=TOKEN)
        check(st == 204, "the employee erased")
        d.stop()
    finally:
        d.kill()
    con = sqlite3.connect(os.path.join(tmp, "gallery.db"))
    n = con.execute("SELECT count (*) FROM photos").fetchone()[0]
    con.close()
    check(n == 0, "no enrolled crop left in the gallery after the erasure")


def test_off(tmp):
    require_demo()
    d = dt.Daemon(tmp, conf(tmp, store=False), name="off").start()
    try:
        dt.wait_for(lambda: d.camera("lobby")["frames"] > 100, 120,
                    "the camera analyses frames", interval=1)
        time.sleep(5)
        st, _, doc, _ = d.get(API + "/unknown-faces")
        check(st == 503 and "store-unknown-crops" in doc["message"],
              "storage off: 503 saying how to turn it on (%s)" % doc)
        st, _, doc, _ = d.get(API + "/face-crops/%s.jpg" % ("0" * 32))
        check(st == 503, "no crop is served")
        h = d.json(API + "/health")["privacy"]
        check(h["store_unknown_crops"] is False and
              h["retention"]["unknown_crops"]["stored"] == 0,
              "health: none stored (%s)" % h["retention"]["unknown_crops"])
        d.stop()
    finally:
        d.kill()
    check(files(tmp) == [], "nothing was stored")


def write_crop(tmp, cid, last_seen_ms):
    os.makedirs(crops_dir(tmp), exist_ok=True)
    with open(os.path.join(crops_dir(tmp), cid + ".jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0fake\xff\xd9")
    with open(os.path.join(crops_dir(tmp), cid + ".json"), "w") as f:
        json.dump({"camera": "lobby", "first_seen_ms": last_seen_ms,
                   "last_seen_ms": last_seen_ms, "face_pixels": 100.0,
                   "descriptor": [0.01 * (i % 7) for i in range(128)]}, f)


def test_retention(tmp):
    d = dt.Daemon(tmp, dt.base_conf(tmp) +
                  "[privacy]\nstore-unknown-crops = true\n", name="r1").start()
    h = d.json(API + "/health")
    d.stop()
    if not h.get("enrolment"):
        dt.skip("this build has no face recognition (lite build)")
    now = int(time.time() * 1000)
    hours = 2
    old, new = "a" * 32, "b" * 32
    write_crop(tmp, old, now - hours * 3600 * 1000 - 600 * 1000)
    write_crop(tmp, new, now - hours * 3600 * 1000 + 600 * 1000)
    # a stray file of no crop's form is removed too
    open(os.path.join(crops_dir(tmp), "notes.txt"), "w").write("x")
    d = dt.Daemon(tmp, dt.base_conf(tmp) +
                  "[privacy]\nstore-unknown-crops = true\n"
                  "unknown-crops-hours = %d\n" % hours, name="r2").start()
    try:
        r = d.json(API + "/health")["privacy"]["retention"]["unknown_crops"]
        check(r["keep_seconds"] == hours * 3600 and r["removed_last_run"] == 1
              and r["stored"] == 1, "one crop past %d h removed at start, "
              "one kept (%s)" % (hours, r))
        gs = d.json(API + "/unknown-faces")["groups"]
        check([g["id"] for g in gs] == [new], "the kept crop is listed")
        d.stop()
    finally:
        d.kill()
    check(files(tmp) == [new + ".jpg", new + ".json"],
          "only the newer crop's files are left: %s" % files(tmp))


def test_hostile(tmp):
    d = dt.Daemon(tmp, dt.base_conf(tmp) + "max-body-bytes = 4096\n"
                  "[privacy]\nstore-unknown-crops = true\n",
                  name="hostile").start()
    try:
        h = d.json(API + "/health")
        if not h.get("enrolment"):
            d.kill()
            dt.skip("this build has no face recognition (lite build)")
        cid = "c" * 32
        write_crop(tmp, cid, int(time.time() * 1000))
        d.stop()
        d = dt.Daemon(tmp, d.conf and open(d.conf).read(),
                      name="hostile2").start()
        outside = os.path.join(tmp, "gallery.db")
        for bad in ("../../etc/passwd", "..%2F..%2Fetc%2Fpasswd",
                    "%2e%2e", "C" * 32, "c" * 31, "c" * 33, "x" * 5000,
                    cid + "%00"):
            for m, p in (("GET", API + "/face-crops/%s.jpg" % bad),
                         ("DELETE", API + "/unknown-faces/%s" % bad),
                         ("POST", API + "/unknown-faces/%s/enrol" % bad)):
                st, _, _, _ = d.request(m, p, token=TOKEN,
                                        body={"name": "X"} if m == "POST"
                                        else None)
                check(st in (400, 404, 414), "%s %s: refused (%d)" %
                      (m, p[:80], st))
        check(os.path.exists(outside), "nothing outside the folder touched")
        ep = API + "/unknown-faces/%s/enrol" % cid
        for body, ct, status, field in (
                (b"{not json", "application/json", 400, None),
                (b"[1, 2]", "application/json", 400, None),
                (json.dumps({"name": "A", "employee": "b"}).encode(),
                 "application/json", 400, "employee"),
                (json.dumps({"name": 3}).encode(), "application/json", 400,
                 "name"),
                (json.dumps({"name": "A", "colour": 1}).encode(),
                 "application/json", 400, "colour"),
                (json.dumps({"employee": "nobody"}).encode(),
                 "application/json", 404, "employee"),
                (json.dumps({"name": "A"}).encode(), "text/plain", 415,
                 None),
                (b"{\"name\": \"" + b"x" * 8000 + b"\"}", "application/json",
                 413, None)):
            st, _, doc, data = d.request("POST", ep, body=body, token=TOKEN,
                                         headers={"Content-Type": ct})
            check(st == status and (field is None or
                                    doc.get("field") == field),
                  "enrol with %r: %d (got %d %s)" % (body[:40], status, st,
                                                     data[:160]))
        st, _, _, _ = d.request("POST", ep, body={"name": "A"})
        check(st == 401, "enrol needs the token")
        st, _, _, _ = d.request("DELETE", API + "/unknown-faces/" + cid)
        check(st == 401, "DELETE needs the token")
        st, _, _, _ = d.request("POST", API + "/unknown-faces/%s/enrol" %
                                ("d" * 32), body={"name": "A"}, token=TOKEN)
        check(st == 404, "enrol of a missing group: 404")
        st, _, _, _ = d.request("PUT", API + "/unknown-faces", token=TOKEN)
        check(st == 405, "PUT on the list: 405")
        check(cid + ".jpg" in files(tmp), "the crop is still there")
        d.stop()
    finally:
        d.kill()


TESTS = {"loop": test_loop, "off": test_off, "retention": test_retention,
         "hostile": test_hostile}


def main():
    dt.TESTS.clear()
    dt.TESTS.update(TESTS)
    return dt.main()


if __name__ == "__main__":
    sys.exit(main())
