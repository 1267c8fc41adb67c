#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Privacy in the daemon (issue 18): consent, retention per kind, export,
erasure, audit.

    privacy-test.py NAME     NAME: config retention consent rights
                                   rights-pg kill snapshot admin

config: bad [privacy] keys and values are refused with file, line and
reason; the health report shows the defaults.
retention: rows written with old timestamps in every table are removed at
their kind's limit at start, newer ones kept; the health report says how
many per kind.
consent: face-api's demo video with its six people enrolled, one of them
without consent: that one never appears in attendance or in any event
(what MQTT publishes is the journal), another does (recognition is what the CPU allows: one is enough); PATCH
validates.
rights: the export holds every row a scan of every table of both SQLite
files finds for the person; DELETE leaves none anywhere (and no copy in
the files' bytes); the receipt names no one; the audit log names the
token for each read, export, consent change and erasure, and refuses
updates.
rights-pg: the same with the results on PostgreSQL (run by
pg-fixture.py), where the site's copy of the gallery lives too: the scan
covers every column of every table of that database.
kill: the daemon killed (abort) after each step of an erasure; the next
start finishes it: nothing of the person is left.
admin: workforce-admin export prints the API's document; consent
--given no is seen by the daemon; remove killed after its first step is
finished by running it again, and leaves nothing of the person.
snapshot: face-api's demo video, nobody enrolled: with the default
snapshot-policy (unknown) the faces of the snapshots (inside their drawn
outline) have less than 35% of the detail (mean difference of
neighbouring pixels) they have with snapshot-policy = none.

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
FACE_API_DIR = os.environ.get("WF_FACE_API_DIR", "")
ADMIN = os.environ.get("WF_ADMIN", "")
DAY_MS = 86400 * 1000


def multipart(fields, photos):
    b = "wfboundary"
    body = b""
    for k, v in fields.items():
        body += (b"--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n"
                 b"%s\r\n" % (b.encode(), k.encode(), v.encode()))
    for p in photos:
        body += (b"--%s\r\nContent-Disposition: form-data; name=\"photo\"; "
                 b"filename=\"%s\"\r\nContent-Type: image/jpeg\r\n\r\n"
                 % (b.encode(), os.path.basename(p).encode()))
        body += open(p, "rb").read() + b"\r\n"
    body += b"--%s--\r\n" % b.encode()
    return body, {"Content-Type": "multipart/form-data; boundary=" + b}


def enrol(d, pid, photo, **consent):
    body, h = multipart(dict({"name": pid.capitalize() + " Person",
                              "id": pid}, **consent), [photo])
    return d.request("POST", "/api/v1/employees", body=body, headers=h,
                     token=TOKEN, timeout=120)


def need_enrolment(d):
    h = d.json("/api/v1/health")
    if not h.get("enrolment"):
        d.kill()
        dt.skip("this build cannot enrol from photos (lite build, no dlib)")


def demo_photo(i):
    p = os.path.join(FACE_API_DIR, "demo", "sample%d.jpg" % i)
    if not os.path.exists(p):
        dt.skip("%s absent (./models/fetch.sh)" % p)
    return p


def lit(v):
    """@v as an SQL literal (the test's own values)."""
    if v is None:
        return "NULL"
    if isinstance(v, int):
        return str(v)
    return "'%s'" % str(v).replace("'", "''")


class Results:
    """The results database the daemon is given: the SQLite file beside
    the gallery, or (rights-pg, run by pg-fixture.py) a PostgreSQL
    database, which also holds the site's copy of the gallery."""

    def __init__(self, tmp, pg=None):
        self.tmp, self.pg = tmp, pg
        self.path = os.path.join(tmp, "results.db")

    def database(self):
        return self.pg or self.path

    def run(self, sql):
        """Runs @sql; the error's text, or None."""
        if self.pg:
            r = subprocess.run([so_psql(), "-qtA", "-v", "ON_ERROR_STOP=1",
                                "-d", self.pg, "-c", sql],
                               capture_output=True, text=True, timeout=60)
            return r.stderr if r.returncode else None
        con = sqlite3.connect(self.path)
        try:
            con.executescript(sql)
            con.commit()
            return None
        except sqlite3.DatabaseError as e:
            return str(e)
        finally:
            con.close()

    def query(self, sql):
        """Rows of @sql, each a tuple of text."""
        if self.pg:
            r = subprocess.run([so_psql(), "-qtA", "-F", "\t", "-v",
                                "ON_ERROR_STOP=1", "-d", self.pg, "-c", sql],
                               capture_output=True, text=True, check=True,
                               timeout=60)
            return [tuple(line.split("\t")) for line in r.stdout.splitlines()
                    if line]
        con = sqlite3.connect(self.path)
        rows = [tuple(str(c) for c in r) for r in con.execute(sql)]
        con.close()
        return rows

    def scan(self, needles):
        """[(file, table, column, key)] of every cell of every table
        holding one of @needles; key: the row's first column."""
        if not self.pg:
            return scan_sqlite(self.path, "results.db", needles)
        cols = self.query("SELECT table_name, column_name, data_type,"
                          " ordinal_position FROM information_schema.columns"
                          " WHERE table_schema = 'public' ORDER BY"
                          " table_name, ordinal_position")
        first = {}
        for t, c, _, pos in cols:
            first.setdefault(t, c)
        parts = []
        for t, c, typ, _ in cols:
            for n in needles:
                cond = ("position (convert_to (%s, 'UTF8') in \"%s\") > 0"
                        if typ == "bytea" else
                        "strpos (CAST (\"%s\" AS TEXT), %s) > 0")
                cond = (cond % (lit(n), c) if typ == "bytea" else
                        cond % (c, lit(n)))
                parts.append("SELECT %s, %s, CAST (\"%s\" AS TEXT) FROM "
                             "\"%s\" WHERE %s" % (lit(t), lit(c), first[t],
                                                 t, cond))
        hits = set()
        for t, c, key in self.query(" UNION ALL ".join(parts)):
            where = "site-gallery" if t.startswith("gallery_") else \
                "results.db"
            hits.add((where, t, c, int(key) if key.isdigit() else key))
        return sorted(hits)


def so_psql():
    so = sibling.load("scale-out-test.py")
    return so.psql_exe()


def scan_sqlite(path, name, needles):
    hits = []
    con = sqlite3.connect(path)
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")]
    for t in tables:
        cur = con.execute('SELECT * FROM "%s"' % t)
        cols = [c[0] for c in cur.description]
        for row in cur:
            for c, v in zip(cols, row):
                if isinstance(v, bytes):
                    v = v.decode("latin-1")
                if isinstance(v, str) and any(n in v for n in needles):
                    hits.append((name, t, c, row[0]))
    con.close()
    return hits


def scan(tmp, needles, results=None):
    """[(file, table, column, key)] of every cell of every table of the
    gallery file and the results holding one of @needles."""
    return (scan_sqlite(os.path.join(tmp, "gallery.db"), "gallery.db",
                        needles) +
            (results or Results(tmp)).scan(needles))


# ---- config ----

def test_config(tmp):
    bad = [
        ("[privacy]\nsnapshot-policy = some\n", "snapshot-policy"),
        ("[privacy]\nsnapshot-method = smear\n", "snapshot-method"),
        ("[privacy]\nattendance-days = 0\n", "attendance-days"),
        ("[privacy]\nunknown-crops-hours = lots\n", "unknown-crops-hours"),
        ("[privacy]\nkeep-forever = true\n", "keep-forever"),
        ("[privacy]\nrequire-consent = maybe\n", "require-consent"),
    ]
    for group, key in bad:
        d = dt.Daemon(tmp, dt.base_conf(tmp) + group, name="bad")
        p = subprocess.run([dt.DAEMON, "--config", d.conf],
                           capture_output=True, text=True, timeout=30)
        check(p.returncode == dt.EX_CONFIG and key in p.stderr and
              "bad.conf:" in p.stderr,
              "%r refused naming the key and line: %s" %
              (group.strip(), p.stderr.strip()[:160]))
    d = dt.Daemon(tmp, dt.base_conf(tmp, "retention-days = 30\n"),
                  name="defaults").start()
    try:
        p = d.json("/api/v1/health")["privacy"]
        r = p["retention"]
        check(p["snapshot_policy"] == "unknown" and not p["require_consent"],
              "defaults: snapshot-policy unknown, consent not required")
        check(r["attendance"]["keep_seconds"] == 30 * 86400 and
              r["journal"]["keep_seconds"] == 30 * 86400 and
              r["audit"]["keep_seconds"] == 365 * 86400 and
              r["unknown_crops"]["keep_seconds"] == 8 * 3600,
              "retention defaults follow retention-days; audit a year, "
              "crops 8 hours: %s" % r)
        check(p["retention_last_run"] is not None, "retention ran at start")
        d.stop()
    finally:
        d.kill()


# ---- retention ----

KINDS = {
    # kind: (days, [(table, insert sql with ?ts and ?tag)])
    "identity_events": (2, [("events", "INSERT INTO events (ts, camera, type,"
                             " employee_id) VALUES (?, ?, 'identity', 'e1')")]),
    "journal": (4, [("events", "INSERT INTO events (ts, camera, type) "
                     "VALUES (?, ?, 'camera-state')")]),
    "attendance": (6, [("attendance", "INSERT INTO attendance (last_seen, "
                        "employee_id, day, name, first_seen, cameras, "
                        "sightings) VALUES (?, ?, '2026-01-01', 'X', 0, 'c',"
                        " 1)")]),
    "occupancy": (8, [("occupancy", "INSERT INTO occupancy (minute, camera, "
                       "zone, peak, last, total, samples) VALUES (?, ?, "
                       "'room', 1, 1, 1, 1)"),
                      ("crossings", "INSERT INTO crossings (ts, camera, line,"
                       " direction) VALUES (?, ?, 'door', 'in')")]),
    "audit": (10, [("audit", "INSERT INTO audit (ts, actor, action) VALUES "
                    "(?, ?, 'export')")]),
}
TAG_COL = {"events": "camera", "attendance": "employee_id",
           "occupancy": "camera", "crossings": "camera", "audit": "actor"}


def test_retention(tmp):
    db = os.path.join(tmp, "results.db")
    d = dt.Daemon(tmp, dt.base_conf(tmp), name="ret1").start()
    d.stop()
    now = int(time.time() * 1000)
    con = sqlite3.connect(db)
    # for each kind: a row just past its limit, one just inside it
    for kind, (days, inserts) in KINDS.items():
        for table, sql in inserts:
            con.execute(sql, (now - days * DAY_MS - 3600 * 1000,
                              kind + "-old"))
            con.execute(sql, (now - days * DAY_MS + 3600 * 1000,
                              kind + "-new"))
    con.commit()
    con.close()
    conf = dt.base_conf(tmp) + "[privacy]\n" + "".join(
        "%s-days = %d\n" % (k.replace("_", "-"), v[0])
        for k, v in KINDS.items())
    d = dt.Daemon(tmp, conf, name="ret2").start()
    try:
        r = d.json("/api/v1/health")["privacy"]["retention"]
        for kind, (days, inserts) in KINDS.items():
            check(r[kind]["keep_seconds"] == days * 86400 and
                  r[kind]["removed_last_run"] == len(inserts),
                  "%s: kept %d days, %d rows removed at start (%s)" %
                  (kind, days, len(inserts), r[kind]))
        d.stop()
    finally:
        d.kill()
    con = sqlite3.connect(db)
    for kind, (days, inserts) in KINDS.items():
        for table, _ in inserts:
            col = TAG_COL[table]
            rows = {x[0] for x in con.execute(
                "SELECT %s FROM %s WHERE %s LIKE ?" % (col, table, col),
                (kind + "-%",))}
            check(rows == {kind + "-new"}, "%s in %s: the row past %d days "
                  "is gone, the one inside kept (%s)" %
                  (kind, table, days, sorted(rows)))
    con.close()


# ---- consent ----

def test_consent(tmp):
    # face-api's photos and the demo video made of them (the shared video
    # shows other people)
    if not os.path.exists(dt.DEMO_VIDEO):
        dt.skip("no demo video %s (./models/fetch.sh)" % dt.DEMO_VIDEO)
    dt.FACES_VIDEO = dt.DEMO_VIDEO
    photos = [demo_photo(i) for i in range(1, 7)]
    d = dt.Daemon(tmp, dt.base_conf(tmp, cameras="[camera:lobby]\nuri = %s\n"
                                    "loop = true\n" %
                                    dt.file_uri(dt.FACES_VIDEO)),
                  name="consent").start()
    try:
        need_enrolment(d)
        h = d.json("/api/v1/health")
        if "facematch" not in h["features"]:
            dt.skip("no facematch in this build")
        # bad consent fields: refused before the photos are described
        st, _, doc, _ = enrol(d, "x1", photos[0], consent="perhaps")
        check(st == 400 and doc["field"] == "consent", "consent=perhaps: 400")
        st, _, doc, _ = enrol(d, "x1", photos[0], consent="yes",
                              consent_date="2999-01-01")
        check(st == 400 and doc["field"] == "consent_date",
              "a consent date in the future: 400")
        st, _, doc, _ = enrol(d, "x1", photos[0], consent_note="form 1")
        check(st == 400 and doc["field"] == "consent",
              "a note without consent: 400")
        enrolled = {}
        for i, p in enumerate(photos, 1):
            pid = "sample%d" % i
            extra = ({"consent": "false", "consent_note": "refused, form 7"}
                     if i == 1 else {"consent": "true"} if i == 2 else {})
            st, _, doc, data = enrol(d, pid, p, **extra)
            if st == 201:
                enrolled[pid] = doc
            else:
                print("note: %s not enrolled: %d %s" % (pid, st, data[:200]))
        check("sample1" in enrolled and len(enrolled) >= 4,
              "the refusing person and at least 3 others enrolled")
        c = enrolled["sample1"]["consent"]
        check(c["given"] is False and c["note"] == "refused, form 7" and
              c["date"], "sample1's refusal recorded: %s" % c)
        check(all(enrolled[p]["consent"]["given"] for p in enrolled
                  if p != "sample1"), "the others consented")
        # PATCH checks
        for body, field in (({"consent": "yes"}, "consent"),
                            ({"note": "x"}, "consent"),
                            ({"consent": True, "colour": 1}, "colour"),
                            ({"consent": True, "date": "yesterday"}, "date")):
            st, _, doc, _ = d.request("PATCH", "/api/v1/employees/sample2",
                                      body=body, token=TOKEN)
            check(st == 400 and doc.get("field") == field,
                  "PATCH %s: 400 naming %s" % (body, field))
        st, _, _, _ = d.request("PATCH", "/api/v1/employees/nobody",
                                body={"consent": True}, token=TOKEN)
        check(st == 404, "PATCH of a missing employee: 404")
        st, _, _, _ = d.request("PATCH", "/api/v1/employees/sample2",
                                body={"consent": True})
        check(st == 401, "PATCH needs the token")
        check(d.json("/api/v1/employees/sample2")["consent"]["given"],
              "a refused PATCH changed nothing")

        others = set(enrolled) - {"sample1"}

        def seen():
            rows = d.json("/api/v1/attendance")["attendance"]
            ids = {r["employee_id"] for r in rows}
            return ids if ids & others else None
        ids = dt.wait_for(seen, 480 if dt.SANITIZED else 300,
                          "a consenting person in attendance", interval=1)
        # two more loops of the video (six photos, 4 s each)
        time.sleep(50)
        rows = d.json("/api/v1/attendance")["attendance"]
        ids = {r["employee_id"] for r in rows}
        print("attendance: %s" % sorted(ids))
        check("sample1" not in ids, "the person without consent is not in "
              "attendance")
        text = json.dumps(d.json("/api/v1/journal?limit=10000"))
        check("sample1" not in text and "Sample1 Person" not in text,
              "no event of the journal (what SSE and MQTT send) names them")
        con = sqlite3.connect(os.path.join(tmp, "results.db"))
        n = con.execute("SELECT count (*) FROM events WHERE employee_id = "
                        "'sample1' AND type NOT IN ('employee-enrolled', "
                        "'employee-consent')").fetchone()[0]
        con.close()
        check(n == 0, "the journal holds no sighting of them")
        d.stop()
    finally:
        d.kill()


# ---- rights ----

# a named token (issue 18: the audit says which token read)
HR_TOKEN = "hr-token-0123456789abcdef"


def rights_daemon(tmp, name, env=None, results=None):
    d = dt.Daemon(tmp, dt.base_conf(tmp, cameras="[tokens]\nhr = %s\n" %
                                    HR_TOKEN, database=results and
                                    results.database()),
                  name=name, env=env).start()
    return d


def seed(tmp, d, pid, results=None):
    """Enrol @pid and give them rows in every table that can name them.
    A build that cannot enrol from photos (lite) gets the same rows
    written into the gallery the daemon made."""
    photo = os.path.join(FACE_API_DIR, "demo", "sample2.jpg")
    if d.json("/api/v1/health").get("enrolment") and os.path.exists(photo):
        st, _, doc, data = enrol(d, pid, photo, consent="true",
                                 consent_note="form 3")
        check(st == 201, "%s enrolled: %d %s" % (pid, st, data[:200]))
        d.stop()
    else:
        d.stop()
        print("note: no enrolment from photos here: the gallery rows are "
              "written directly")
        con = sqlite3.connect(os.path.join(tmp, "gallery.db"))
        t = int(time.time())
        con.execute("INSERT INTO employees (id, name, created, consent, "
                    "consent_date, consent_note) VALUES (?, 'Victim Person',"
                    " ?, 1, ?, 'form 3')", (pid, t, t))
        cur = con.execute("INSERT INTO enrolments (employee_id, created, "
                          "program, n_samples) VALUES (?, ?, 'test', 1)",
                          (pid, t))
        con.execute("INSERT INTO descriptors (employee_id, enrolment_id, "
                    "descriptor, source, detector, created, box_x, box_y, "
                    "box_w, box_h) VALUES (?, ?, ?, 'sample2.jpg', 'hog', ?,"
                    " 1, 2, 3, 4)", (pid, cur.lastrowid, bytes(512), t))
        con.commit()
        con.close()
    now = int(time.time() * 1000)
    next_id = "(SELECT coalesce (max (id), 0) + 1 FROM events)"
    err = (results or Results(tmp)).run(";\n".join([
        "INSERT INTO attendance (employee_id, day, name, first_seen, "
        "last_seen, cameras, sightings) VALUES (%s, '2026-12-01', %s, %d, "
        "%d, 'lobby', 3)" % (lit(pid), lit("Victim Person"), now - 5000,
                             now - 1000),
        "INSERT INTO events (id, ts, camera, type, employee_id, data) "
        "VALUES (%s, %d, 'lobby', 'identity', %s, %s)" % (
            next_id, now - 4000, lit(pid),
            lit(json.dumps({"employee-id": pid, "name": "Victim Person"}))),
        "INSERT INTO events (id, ts, camera, type, employee_id, data) "
        "VALUES (%s, %d, 'lobby', 'line-cross', %s, %s)" % (
            next_id, now - 3000, lit(pid),
            lit(json.dumps({"line": "door", "employee-id": pid}))),
        # someone else's rows stay
        "INSERT INTO attendance (employee_id, day, name, first_seen, "
        "last_seen, cameras, sightings) VALUES ('other', '2026-12-01', "
        "'Other', %d, %d, 'lobby', 1)" % (now, now)]))
    check(err is None, "rows naming them written to the results: %s" % err)


def test_rights(tmp, results=None):
    pid = "victim"
    results = results or Results(tmp)
    d = rights_daemon(tmp, "r1", results=results)
    try:
        seed(tmp, d, pid, results)
        d = rights_daemon(tmp, "r2", results=results)
        st, _, doc, _ = d.get("/api/v1/employees/nobody/export")
        check(st == 404, "export of a missing id: 404")
        st, _, doc, _ = d.request("DELETE", "/api/v1/employees/nobody",
                                  token=TOKEN)
        check(st == 404, "erasure of a missing id: 404")
        st, _, _, _ = d.request("DELETE", "/api/v1/employees/" + pid)
        check(st == 401, "erasure needs the token")
        d.json("/api/v1/employees/" + pid, token=TOKEN)   # audited
        # the same read again within the minute: not audited again
        for _ in range(3):
            d.json("/api/v1/employees/" + pid, token=TOKEN)
        # a named token is audited under its name
        d.json("/api/v1/employees/" + pid, token=HR_TOKEN)
        # a wrong token on loopback reads, but is not named "token"
        d.json("/api/v1/employees/" + pid, token="wrong-token-0123456789")
        st, resp, exp, _ = d.get("/api/v1/employees/%s/export" % pid)
        check(st == 200, "export: 200")
        print(json.dumps(exp, indent=1)[:1500])
        check(exp["employee"]["id"] == pid and exp["consent"]["given"] and
              exp["consent"]["note"] == "form 3", "record and consent")
        check(len(exp["descriptors"]) == 1 and
              "descriptor" not in exp["descriptors"][0] and
              exp["descriptors"][0]["source"] == "sample2.jpg",
              "descriptors' metadata, not their values")
        check(len(exp["attendance"]) == 1 and
              len(exp["crossings"]) == 1 and
              exp["crossings"][0]["type"] == "line-cross",
              "attendance and crossings")
        # every row the scan finds is in the export
        hits = scan(tmp, [pid], results)
        by_table = {}
        for f, t, c, key in hits:
            by_table.setdefault((f, t), set()).add(key)
        print("rows naming them: %s" % {k: len(v) for k, v in
                                        by_table.items()})
        exported = {
            ("gallery.db", "employees"): {exp["employee"]["id"]},
            ("gallery.db", "descriptors"): {x["id"] for x in
                                            exp["descriptors"]},
            ("results.db", "attendance"): {x["employee_id"] for x in
                                           exp["attendance"]},
            ("results.db", "events"): {x["id"] for x in exp["events"]},
            ("results.db", "audit"): {x["id"] for x in exp["audit"]},
            # PostgreSQL: the site's copy of their record
            ("site-gallery", "gallery_employees"): {exp["employee"]["id"]},
        }
        for k, keys in by_table.items():
            if k == ("gallery.db", "enrolments"):
                # the enrolment history is summed up in the record
                continue
            check(k in exported and keys <= exported[k],
                  "every %s row naming them is in the export (%s)" %
                  ("/".join(k), sorted(keys)))
        check([(r["actor"], r["action"]) for r in exp["audit"]] ==
              [("token", "read-identity"), ("hr", "read-identity"),
               ("loopback", "read-identity")],
              "the export shows who read their record: the token (once for "
              "four reads in a minute), the token named hr, then a loopback "
              "read with a wrong token (%s)" % exp["audit"])
        # erasure, by the named token: it may change, as [server] token may
        st, _, _, _ = d.request("DELETE", "/api/v1/employees/" + pid,
                                token=HR_TOKEN)
        check(st == 204, "erased: 204")
        st, _, _, _ = d.get("/api/v1/employees/" + pid)
        check(st == 404, "gone from the API")
        st, _, _, _ = d.get("/api/v1/employees/%s/export" % pid)
        check(st == 404, "no export after erasure")
        for q in ("limit=0", "limit=x", "after=-1"):
            st, _, doc, _ = d.get("/api/v1/audit?" + q)
            check(st == 400 and (doc or {}).get("field") == q.split("=")[0],
                  "audit ?%s: 400 naming that field (%s)" % (q, doc))
        audit = d.json("/api/v1/audit")["records"]
        actions = [(r["actor"], r["action"], r["subject"]) for r in audit]
        print("audit: %s" % actions)
        check(("hr", "erasure", None) in actions and
              all(r["subject"] != pid for r in audit),
              "the audit keeps the erasure, by the token named hr, naming "
              "no one")
        journal = json.dumps(d.json("/api/v1/journal?limit=10000"))
        check("employee-deleted" in journal, "a receipt event")
        d.stop()
        hits = scan(tmp, [pid, "Victim Person"], results)
        check(hits == [], "no cell of any table of the gallery file or the "
              "results names them (%s)" % hits)
        # the files' bytes (PostgreSQL keeps dead rows until VACUUM:
        # docs/scale-out.md)
        for name in ("gallery.db",) + (() if results.pg else
                                       ("results.db",)):
            raw = b""
            for suffix in ("", "-wal"):
                p = os.path.join(tmp, name + suffix)
                if os.path.exists(p):
                    raw += open(p, "rb").read()
            check(b"Victim Person" not in raw,
                  "%s: not even free pages or the WAL hold their name" % name)
        check(results.query("SELECT count (*) FROM attendance WHERE "
                            "employee_id = 'other'") == [("1",)],
              "someone else's rows stay")
        err = results.run("UPDATE audit SET actor = 'nobody'")
        check(err is not None and "append-only" in err,
              "the audit log refuses updates (%s)" % err)
    finally:
        d.kill()



def test_rights_pg(tmp):
    """rights, with the results (and the site's gallery) on PostgreSQL."""
    pg = os.environ.get("WF_TEST_PG_URI")
    if not pg:
        dt.skip("no WF_TEST_PG_URI: run through pg-fixture.py")
    subprocess.run([so_psql(), "-q", "-d", pg + "/postgres", "-c",
                    "CREATE DATABASE rights"], check=True)
    test_rights(tmp, Results(tmp, pg + "/rights"))


# ---- kill ----

def test_kill(tmp):
    for step in ("announced", "gallery"):
        sub = os.path.join(tmp, step)
        os.mkdir(sub)
        pid = "victim"
        d = rights_daemon(sub, "k1")
        try:
            seed(sub, d, pid)
            d = rights_daemon(sub, "k2", env={"WF_ERASURE_FAILPOINT": step})
            try:
                d.request("DELETE", "/api/v1/employees/" + pid, token=TOKEN,
                          timeout=20)
            except Exception as e:
                print("note: DELETE cut short: %r" % e)
            d.proc.wait(20)
            check(d.proc.returncode != 0, "%s: the daemon died in the "
                  "erasure (%d)" % (step, d.proc.returncode))
            left = scan(sub, [pid])
            check(left, "%s: killed half-way, some of their data is still "
                  "there (%d cells)" % (step, len(left)))
            d = rights_daemon(sub, "k3")
            st, _, _, _ = d.get("/api/v1/employees/" + pid)
            check(st == 404, "%s: the next start finished the erasure" %
                  step)
            d.stop()
            check(scan(sub, [pid, "Victim Person"]) == [],
                  "%s: after the restart nothing of them is left" % step)
        finally:
            d.kill()


# ---- admin ----

def admin(*args, env=None):
    return subprocess.run([ADMIN] + list(args), capture_output=True,
                          text=True, timeout=120,
                          env=dict(os.environ, **(env or {})))


def test_admin(tmp):
    if not ADMIN or not os.path.exists(ADMIN):
        dt.skip("workforce-admin was not built")
    pid = "victim"
    gallery = os.path.join(tmp, "gallery.db")
    d = rights_daemon(tmp, "a1")
    try:
        seed(tmp, d, pid)
        d = rights_daemon(tmp, "a2")
        api = d.json("/api/v1/employees/%s/export" % pid)
        d.stop()
        p = admin("export", "--db", gallery, "--id", pid)
        check(p.returncode == 0, "export: exit 0 (%s)" % p.stderr.strip())
        cli = json.loads(p.stdout)
        for k in ("employee", "consent", "descriptors", "attendance",
                  "crossings", "events"):
            check(cli[k] == api[k], "export --id: %s as the API's" % k)
        p = admin("export", "--db", gallery, "--id", "nobody")
        check(p.returncode == 67, "export of a missing id: exit 67")
        p = admin("consent", "--db", gallery, "--id", pid, "--given", "no",
                  "--note", "withdrawn by letter")
        check(p.returncode == 0, "consent --given no: exit 0")
        p = admin("consent", "--db", gallery, "--id", pid, "--given",
                  "perhaps")
        check(p.returncode == 64, "consent --given perhaps: exit 64")
        p = admin("consent", "--db", gallery, "--id", "nobody", "--given",
                  "yes")
        check(p.returncode == 67, "consent of a missing id: exit 67")
        d = rights_daemon(tmp, "a3")
        c = d.json("/api/v1/employees/" + pid)["consent"]
        check(c["given"] is False and c["note"] == "withdrawn by letter",
              "the daemon sees the withdrawal: %s" % c)
        d.stop()
        p = admin("list", "--db", gallery, "--json")
        check(json.loads(p.stdout.splitlines()[0])["consent"] is False,
              "list --json shows consent")
        p = admin("remove", "--db", gallery, "--id", pid,
                  env={"WF_ERASURE_FAILPOINT": "gallery"})
        check(p.returncode != 0 and scan(tmp, [pid]),
              "remove killed after the gallery step leaves the rest")
        p = admin("remove", "--db", gallery, "--id", pid)
        check(p.returncode == 0, "remove again finishes it (%s)" %
              p.stderr.strip())
        check(scan(tmp, [pid, "Victim Person"]) == [],
              "nothing of them is left in either file")
        p = admin("remove", "--db", gallery, "--id", pid)
        check(p.returncode == 67, "a third remove: no such employee, 67")
    finally:
        d.kill()


# ---- snapshot ----

def rgb_of(tmp, jpeg):
    """(width, height, bytes) of @jpeg decoded by the system's jpegdec."""
    src = os.path.join(tmp, "snap.jpg")
    dst = os.path.join(tmp, "snap.rgb")
    with open(src, "wb") as f:
        f.write(jpeg)
    env = dict(os.environ, GST_PLUGIN_PATH_1_0="", GST_PLUGIN_PATH="")
    env.pop("GST_PLUGIN_SYSTEM_PATH_1_0", None)
    env["GST_REGISTRY_1_0"] = os.path.join(tmp, "system.registry")
    p = subprocess.run(["gst-launch-1.0", "-q", "filesrc", "location=" + src,
                        "!", "jpegdec", "!", "videoconvert", "!",
                        "video/x-raw,format=RGB", "!", "filesink",
                        "location=" + dst], env=env, capture_output=True,
                       timeout=60)
    if p.returncode != 0:
        dt.skip("cannot decode JPEG with the system's plugins: %s" %
                p.stderr[-200:])
    return open(dst, "rb").read()


def face_detail(tmp, d):
    """Mean absolute difference of horizontal neighbours inside the face
    boxes of snapshots, over several snapshots with faces."""
    total, n, shots = 0, 0, 0
    end = time.monotonic() + (240 if dt.SANITIZED else 90)
    while shots < 5 and time.monotonic() < end:
        st, r, _, data = d.get("/api/v1/cameras/lobby/snapshot.jpg")
        if st != 200:
            time.sleep(0.5)
            continue
        objs = [o for o in json.loads(r.getheader("X-WF-Objects", "[]"))
                if o["type"] == "face" and o["w"] > 0.08]
        if not objs:
            time.sleep(0.5)
            continue
        raw = rgb_of(tmp, data)
        w, hgt = (int(v) for v in
                  r.getheader("X-WF-Frame-Size").split("x"))
        # GStreamer's RGB rows are padded to 4 bytes
        check_size = ((w * 3 + 3) // 4 * 4) * hgt
        if len(raw) != check_size:
            raise AssertionError("decoded %d bytes, not %dx%d RGB" %
                                 (len(raw), w, hgt))
        stride = (w * 3 + 3) // 4 * 4
        for o in objs:
            # inside the drawn box's outline, which stays sharp
            mx, my = 0.15 * o["w"], 0.15 * o["h"]
            x0, y0 = int((o["x"] + mx) * w), int((o["y"] + my) * hgt)
            x1 = int((o["x"] + o["w"] - mx) * w)
            y1 = int((o["y"] + o["h"] - my) * hgt)
            for y in range(max(y0, 0), min(y1, hgt)):
                row = raw[y * stride:(y + 1) * stride]
                for x in range(max(x0, 0), min(x1, w) - 1):
                    total += abs(row[3 * x + 1] - row[3 * x + 4])
                    n += 1
        shots += 1
        time.sleep(1)
    if shots < 5:
        raise AssertionError("no snapshot with a face in time")
    return total / n


def test_snapshot(tmp):
    if not os.path.exists(dt.DEMO_VIDEO):
        dt.skip("no demo video %s (./models/fetch.sh)" % dt.DEMO_VIDEO)
    cam = ("[camera:lobby]\nuri = %s\nloop = true\n" %
           dt.file_uri(dt.DEMO_VIDEO))
    detail = {}
    for policy in ("none", None):
        conf = dt.base_conf(tmp, cameras=cam)
        if policy:
            conf += "[privacy]\nsnapshot-policy = %s\n" % policy
        d = dt.Daemon(tmp, conf, name="snap-%s" % policy).start()
        try:
            h = d.json("/api/v1/health")
            check(h["privacy"]["snapshot_policy"] == (policy or "unknown"),
                  "snapshot policy %s" % (policy or "unknown (default)"))
            detail[policy] = face_detail(tmp, d)
            print("detail inside face boxes, policy %s: %.2f" %
                  (policy, detail[policy]))
            d.stop()
        finally:
            d.kill()
    check(detail[None] < 0.35 * detail["none"],
          "with the default policy the unknown faces are redacted: detail "
          "%.2f against %.2f unredacted" % (detail[None], detail["none"]))


TESTS = {
    "admin": test_admin,
    "snapshot": test_snapshot,
    "config": test_config,
    "retention": test_retention,
    "consent": test_consent,
    "rights": test_rights,
    "rights-pg": test_rights_pg,
    "kill": test_kill,
}


def main():
    dt.TESTS.clear()
    dt.TESTS.update(TESTS)
    return dt.main()


if __name__ == "__main__":
    sys.exit(main())
