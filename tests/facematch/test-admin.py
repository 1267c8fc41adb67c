#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""workforce-admin through the real binary, on the shared test data.

Usage: WF_ADMIN_FAILPOINT=PATH test-admin.py WORKFORCE_ADMIN [TEST...]
(PATH: the test build workforce-admin-failpoint, for the killed enrolment)

Every bad input is refused with the file named and the sysexits code, and
leaves the database as it was; the scenes are named as SOURCES.md says after
enrolling one photo per person.  Exits 77 (skip) when the test data or the
converted recognition model is absent (lite build, set-up not run).
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

EX_USAGE, EX_DATAERR, EX_NOINPUT, EX_NOUSER = 64, 65, 66, 67

ADMIN = sys.argv[1]
# the test build of the same tool, whose gallery takes WF_GALLERY_FAILPOINT
FAILPOINT_ADMIN = os.environ.get("WF_ADMIN_FAILPOINT")
if not FAILPOINT_ADMIN:
    sys.exit("test-admin.py: set WF_ADMIN_FAILPOINT to the path of "
             "workforce-admin-failpoint (meson test does)")
TESTDATA = os.environ.get("WF_TESTDATA_DIR", "../shared/testdata")
MODEL_DIRS = [os.environ.get("WF_MODEL_DIR", ""),
              os.path.join(os.environ.get("WF_BUILD_ROOT", ""), "models"),
              "/usr/share/dlib"]


def skip(msg):
    print("SKIP: " + msg)
    sys.exit(77)


def find_model(name):
    for d in MODEL_DIRS:
        if d and os.path.isfile(os.path.join(d, name)):
            return os.path.join(d, name)
    return None


if not os.path.isdir(os.path.join(TESTDATA, "faces")):
    skip("shared test data not found at %s (set WF_TESTDATA_DIR)" % TESTDATA)
for m in ("dlib_face_recognition_resnet_model_v1.dat",
          "shape_predictor_68_face_landmarks.dat"):
    if find_model(m) is None:
        skip("model %s not found in %s: run ./setup.sh and build the "
             "converter (needs dlib)" % (m, ", ".join(d for d in MODEL_DIRS if d)))


def data(*parts):
    return os.path.join(TESTDATA, *parts)


def run(*args, env=None, expect=None, admin=None):
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.run([admin or ADMIN] + list(args), capture_output=True,
                       text=True, env=e, timeout=300)
    if expect is not None and p.returncode != expect:
        raise AssertionError("%s: exit %d, expected %d\nstdout: %s\nstderr: %s"
                             % (" ".join(args), p.returncode, expect,
                                p.stdout, p.stderr))
    return p


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def list_ids(db):
    p = run("list", "--db", db, "--json", expect=0)
    return [json.loads(l)["id"] for l in p.stdout.splitlines()]


class Tmp:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="wf-admin-")
        self.db = os.path.join(self.dir, "staff.db")

    def path(self, name):
        return os.path.join(self.dir, name)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def test_help(t):
    p = run("--help", expect=0)
    for c in ("enroll", "list", "remove", "identify"):
        check(c in p.stdout, "global help lists " + c)
        h = run(c, "--help", expect=0)
        check("--db" in h.stdout, c + " --help shows --db")
    check("--threshold" in run("identify", "--help").stdout, "identify help")
    check("--largest" in run("enroll", "--help").stdout, "enroll help")
    run(expect=EX_USAGE)
    run("frobnicate", expect=EX_USAGE)
    p = run("enroll", "--db", t.db, "--name", "X", data("faces/amy/1.jpg"),
            expect=EX_USAGE)
    check("--id" in p.stderr, "missing --id explained: " + p.stderr)
    run("list", expect=EX_USAGE)
    run("identify", "--db", t.db, "--threshold", "-1", "x.jpg",
        expect=EX_USAGE)
    check(not os.path.exists(t.db), "usage errors create no database")


def refused(t, image, code, words, *extra):
    p = run("enroll", "--db", t.db, "--id", "x", "--name", "X", *extra, image,
            expect=code)
    check(image in p.stderr, "message names %s: %s" % (image, p.stderr))
    for w in words:
        check(w in p.stderr, "message says %r: %s" % (w, p.stderr))
    return p


def test_bad_photos(t):
    # no face
    refused(t, data("scenes/dlib_dogs_no_faces.jpg"), EX_DATAERR,
            ["no face"])
    # several faces, unless --largest
    refused(t, data("scenes/obama_biden_two_people.jpg"), EX_DATAERR,
            ["2 faces", "--largest"])
    # truncated JPEG: the first half of a real photo
    trunc = t.path("truncated.jpg")
    whole = read(data("faces/barack_obama/1.jpg"))
    with open(trunc, "wb") as f:
        f.write(whole[:len(whole) // 2])
    refused(t, trunc, EX_DATAERR, ["truncated"])
    # not an image
    text = t.path("notes.jpg")
    with open(text, "w") as f:
        f.write("this is not a photo\n")
    refused(t, text, EX_DATAERR, ["not a JPEG or PNG"])
    # missing file
    refused(t, t.path("absent.jpg"), EX_NOINPUT, [])
    check(not os.path.exists(t.db), "refused enrolments create no database")

    # one bad photo among good ones: nothing enrolled, each bad one named
    run("enroll", "--db", t.db, "--id", "amy", "--name", "Amy",
        data("faces/amy/1.jpg"), expect=0)
    before = read(t.db)
    p = run("enroll", "--db", t.db, "--id", "ob", "--name", "Obama",
            data("faces/barack_obama/1.jpg"), trunc, text,
            data("faces/barack_obama/2.jpg"), expect=EX_DATAERR)
    check(trunc in p.stderr and text in p.stderr, p.stderr)
    check("2 of 4 photos refused" in p.stderr, p.stderr)
    check("[4/4]" in p.stderr, "progress line per photo: " + p.stderr)
    check(list_ids(t.db) == ["amy"], "nothing enrolled")
    check(read(t.db) == before, "database unchanged")

    # --largest picks the larger face and enrols
    run("enroll", "--db", t.db, "--id", "pair", "--name", "Largest",
        "--largest", data("scenes/obama_biden_two_people.jpg"), expect=0)
    check(list_ids(t.db) == ["amy", "pair"], "--largest enrolled")


def test_duplicate_and_remove(t):
    run("enroll", "--db", t.db, "--id", "e1", "--name", "Howard",
        data("faces/howard/1.jpg"), data("faces/howard/2.jpg"), expect=0)
    before = read(t.db)
    p = run("enroll", "--db", t.db, "--id", "e1", "--name", "Raj",
            data("faces/raj/1.jpg"), expect=EX_DATAERR)
    check("'e1'" in p.stderr and "already enrolled" in p.stderr, p.stderr)
    check(read(t.db) == before, "duplicate left the database unchanged")
    p = run("list", "--db", t.db, expect=0)
    check(p.stdout.startswith("e1\tHoward\t2 descriptors"), p.stdout)

    run("remove", "--db", t.db, "--id", "nobody", expect=EX_NOUSER)
    run("remove", "--db", t.db, "--id", "e1", expect=0)
    check(list_ids(t.db) == [], "removed")
    check(b"Howard" not in read(t.db), "name erased from the file")
    # the id is free again
    run("enroll", "--db", t.db, "--id", "e1", "--name", "Raj",
        data("faces/raj/1.jpg"), expect=0)


def test_bad_databases(t):
    # a file of another program
    with open(t.db, "w") as f:
        f.write("id,name\n1,Ada\n")
    before = read(t.db)
    for args in (["list", "--db", t.db],
                 ["remove", "--db", t.db, "--id", "1"],
                 ["enroll", "--db", t.db, "--id", "x", "--name", "X",
                  data("faces/amy/1.jpg")],
                 ["identify", "--db", t.db, data("faces/amy/1.jpg")]):
        p = run(*args, expect=EX_DATAERR)
        check(t.db in p.stderr, "names the database: " + p.stderr)
        check(read(t.db) == before, "foreign file untouched by " + args[0])

    # a damaged gallery
    db2 = t.path("damaged.db")
    run("enroll", "--db", db2, "--id", "a", "--name", "Amy",
        data("faces/amy/1.jpg"), data("faces/amy/2.jpg"), expect=0)
    blob = bytearray(read(db2))
    for i in range(4096 + 8, len(blob) - 16, 5):
        blob[i] = (i * 37) & 0xff
    with open(db2, "wb") as f:
        f.write(blob)
    for args in (["list", "--db", db2],
                 ["enroll", "--db", db2, "--id", "b", "--name", "B",
                  data("faces/raj/1.jpg")]):
        p = run(*args, expect=EX_DATAERR)
        check("damaged" in p.stderr or "malformed" in p.stderr, p.stderr)
        check(read(db2) == bytes(blob), "damaged file untouched")

    run("list", "--db", t.path("absent.db"), expect=EX_NOINPUT)


def test_killed_enrolment(t):
    run("enroll", "--db", t.db, "--id", "amy", "--name", "Amy",
        data("faces/amy/1.jpg"), expect=0)
    p = run("enroll", "--db", t.db, "--id", "raj", "--name", "Raj",
            data("faces/raj/1.jpg"), data("faces/raj/2.jpg"),
            data("faces/raj/3.jpg"), env={"WF_GALLERY_FAILPOINT": "abort:2"},
            admin=FAILPOINT_ADMIN)
    check(p.returncode == -signal.SIGABRT, "killed: %d" % p.returncode)
    check(list_ids(t.db) == ["amy"], "killed enrolment left no trace")
    run("enroll", "--db", t.db, "--id", "raj", "--name", "Raj",
        data("faces/raj/1.jpg"), expect=0)


def identify(db, *images):
    p = run("identify", "--db", db, *images, expect=0)
    return [json.loads(l) for l in p.stdout.splitlines()]


def test_scenes(t):
    people = sorted(os.listdir(data("faces")))
    for name in people:
        run("-q", "enroll", "--db", t.db, "--id", name, "--name",
            name.replace("_", " ").title(), data("faces", name, "1.jpg"),
            expect=0)
    check(list_ids(t.db) == people, "all enrolled")

    faces = identify(t.db, data("scenes/bbt4.jpg"))
    for f in faces:
        print("# bbt4: %s" % json.dumps(f))
        check(set(f) >= {"image", "box", "employee_id", "name", "distance",
                         "known"}, "fields")
        check(f["image"] == data("scenes/bbt4.jpg"), "image field")
        check(set(f["box"]) == {"x", "y", "w", "h"}, "box field")
    # SOURCES.md: amy, raj, bernadette, penny, leonard, sheldon
    named = sorted(str(f["employee_id"]) for f in faces)
    check(named == ["amy", "bernadette", "leonard", "penny", "raj",
                    "sheldon"], "bbt4 names: %s" % named)
    for f in faces:
        check(f["known"] and f["distance"] < 0.6, "known within threshold")
        check(f["name"] == f["employee_id"].title(), "name field")

    faces = identify(t.db, data("scenes/jolie_pitt_couple.jpg"))
    for f in faces:
        print("# jolie_pitt: %s" % json.dumps(f))
    ids = sorted(str(f["employee_id"]) for f in faces)
    check(ids == ["None", "angelina_jolie"], "Jolie + one unknown: %s" % ids)
    unknown = [f for f in faces if f["employee_id"] is None][0]
    check(unknown["name"] is None and unknown["known"] is False, "unknown")

    # a stricter threshold turns everybody unknown
    p = run("identify", "--db", t.db, "--threshold", "0.05",
            data("scenes/bbt4.jpg"), expect=0)
    check(all(json.loads(l)["employee_id"] is None
              for l in p.stdout.splitlines()), "threshold option")


TESTS = [test_help, test_bad_photos, test_duplicate_and_remove,
         test_bad_databases, test_killed_enrolment, test_scenes]

if __name__ == "__main__":
    wanted = sys.argv[2:]
    failed = 0
    for fn in TESTS:
        if wanted and fn.__name__ not in wanted:
            continue
        t = Tmp()
        try:
            fn(t)
            print("ok - %s" % fn.__name__)
        except AssertionError as e:
            failed += 1
            print("not ok - %s: %s" % (fn.__name__, e))
        finally:
            t.close()
        sys.stdout.flush()
    sys.exit(1 if failed else 0)
