#!/usr/bin/env python3
# What the container image's demo needs, checked offline on the build tree
# (issue 12.14; tests/container/smoke.sh checks the built image itself):
# - the demo's photos are installed beside the models (not only in the
#   build stage's npm folder) and the demo enrols from that location;
# - the demo prints a command that works: GET with the printed token on an
#   address one can connect to;
# - WF_TOKEN_FILE with the default command: the daemon takes that token, so
#   the image's HEALTHCHECK (which sends it) says healthy;
# - a token file the daemon's user cannot read is refused, naming the uid;
# - the image leaves out libdlib-data's 95 MiB landmark file and the base
#   image's documentation and translations.
# Requests go to 127.0.0.1 only.
#   check-container-demo.py SOURCE_ROOT DAEMON BUILD_DIR FACE_API_DIR
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

failures = 0


def check(ok, what):
    global failures
    print(("ok - " if ok else "not ok - ") + what)
    failures += 0 if ok else 1


def http(url, token=None):
    req = urllib.request.Request(url)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def static_checks(root, build):
    docker = open(os.path.join(root, "Dockerfile")).read()
    pkgs = [l.split()[0] for l in
            open(os.path.join(root, "src", "daemon", "container",
                              "runtime-packages.txt"))
            if l.strip() and not l.startswith("#")]
    check("libdlib-data" not in pkgs,
          "the image does not install libdlib-data (95 MiB fallback)")
    runtime = docker[docker.index("AS runtime"):]
    for path in ("/usr/share/doc", "/usr/share/locale", "/usr/share/man"):
        check(re.search(r"(rm -rf|find) [^\n]*" + re.escape(path), runtime)
              is not None, "the runtime stage removes the base's " + path)
    check("demo-photos/sample1.jpg" in docker and
          "shape_predictor_68_compact.wfl" in docker,
          "the build stage checks the demo photos and the compact landmark "
          "model are installed")
    r = subprocess.run(["meson", "introspect", "--installed", build],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        print("# meson introspect failed: " + r.stderr.strip())
        return
    dests = set(json.loads(r.stdout).values())
    photos = [d for d in dests if "/models/demo-photos/" in d]
    if any(d.endswith("/models/demo.mkv") for d in dests):
        check(len(photos) == 6 and all(
            d.endswith("/share/workforce-monitor/models/demo-photos/"
                       "sample%d.jpg" % i) for i, d in
            enumerate(sorted(photos), 1)),
            "the six demo photos are installed beside the models: %s" %
            sorted(photos))
    else:
        print("# no demo video in this build: photo install not checked")


def start(daemon, entry, env, args):
    p = subprocess.Popen(["sh", entry, "workforce-monitor"] + args, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    out, port = [], None
    deadline = time.time() + 20
    while time.time() < deadline:
        line = p.stdout.readline()
        if not line:
            break
        out.append(line)
        m = re.search(r"API ready on http://[^:]+:(\d+)/", line)
        if m:
            port = int(m.group(1))
        if port and line.startswith("  try: "):
            break
    return p, port, out


def stop(p):
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    err = p.stderr.read()
    p.stdout.close()
    p.stderr.close()
    return err


def demo_checks(root, daemon, face_api):
    entry = os.path.join(root, "src", "daemon", "container",
                         "docker-entrypoint.sh")
    health = os.path.join(root, "src", "daemon", "container",
                          "healthcheck.sh")
    with tempfile.TemporaryDirectory() as tmp:
        token = "container-token-0123456789abcdef"
        tfile = os.path.join(tmp, "token")
        with open(tfile, "w") as f:
            f.write(token + "\n")
        os.chmod(tfile, 0o600)
        # Photos where an installed daemon has them (WF_MODEL_DIR is looked
        # in first): a copy made here, in the temporary folder.
        models = os.path.join(tmp, "models")
        src_photos = os.path.join(face_api, "demo")
        if os.path.exists(os.path.join(src_photos, "sample1.jpg")):
            os.makedirs(os.path.join(models, "demo-photos"))
            for i in range(1, 7):
                shutil.copy(os.path.join(src_photos, "sample%d.jpg" % i),
                            os.path.join(models, "demo-photos"))
        env = dict(os.environ,
                   PATH=os.path.dirname(daemon) + ":" + os.environ["PATH"],
                   PORT="0", STATE_DIRECTORY=tmp, WF_PUBLIC_HEALTH="false",
                   WF_TOKEN_FILE=tfile, WF_MODEL_DIR=models)
        p, port, out = start(daemon, entry, env, ["--demo"])
        if port is None:
            err = stop(p)
            if "demo unavailable" in err:
                print("SKIP: the demo video is not built: " + err.strip())
                return 77
            print("".join(out) + err)
            check(False, "the demo starts through the entry point")
            return 1
        try:
            r = subprocess.run(["bash", health], env=dict(env, PORT=str(port)),
                               capture_output=True, text=True, timeout=30)
            check(r.returncode == 0, "WF_TOKEN_FILE with the default command: "
                  "the HEALTHCHECK says healthy (%s)" % r.stderr.strip())
            st, _ = http("http://127.0.0.1:%d/api/v1/health" % port)
            check(st == 401, "health needs the token here "
                  "(WF_PUBLIC_HEALTH=false): %d" % st)
            hint = [l for l in out if l.startswith("  try: ")]
            m = re.match(r"  try: curl -H \"Authorization: Bearer \$\(cat "
                         r"(\S+)\)\" (http://\S+)", hint[0]) if hint else None
            check(m is not None and m.group(1) == tfile,
                  "the demo prints a command with the token: %s" %
                  (hint[:1],))
            if m:
                st, _ = http(m.group(2), token)
                check(st == 200 and "0.0.0.0" not in m.group(2),
                      "the printed URL answers 200: %s -> %d" %
                      (m.group(2), st))
            st, body = http("http://127.0.0.1:%d/api/v1/health" % port, token)
            features = json.loads(body).get("features", []) if st == 200 \
                else []
            if "facematch" not in features:
                # a lite build: the demo enrols nobody by design, and there
                # is no point in waiting for its people
                print("# no facematch in this build (%s): enrolment not "
                      "checked" % features)
            elif os.path.isdir(models):
                deadline = time.time() + 90
                names = []
                while time.time() < deadline:
                    st, body = http("http://127.0.0.1:%d/api/v1/employees" %
                                    port, token)
                    if st == 503:
                        break           # no gallery in this build
                    names = sorted(e["name"] for e in
                                   json.loads(body)["employees"]) \
                        if st == 200 else []
                    if len(names) >= 6:
                        break
                    time.sleep(0.5)
                err_so_far = ""
                if len(names) < 6:
                    err_so_far = stop(p)
                    p = None
                    if "does not recognise people" in err_so_far:
                        print("# lite build: the demo enrols nobody by design")
                    else:
                        check(False, "the demo enrols its six people from the "
                              "installed photos (%s): %s" %
                              (names, err_so_far[-500:]))
                else:
                    check(names == ["Demo Person %d" % i for i in range(1, 7)],
                          "the demo enrols and names its people: %s" % names)
            else:
                print("# %s absent: enrolment not checked" % src_photos)
        finally:
            if p:
                err = stop(p)
                if os.path.isdir(models) and "people enrolled" in err:
                    check(os.path.join(models, "demo-photos") in err,
                          "the demo enrolled from the installed location")
    return 0


def unreadable_token(root, daemon):
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        tfile = os.path.join(tmp, "token")
        with open(tfile, "w") as f:
            f.write("container-token-0123456789abcdef\n")
        conf = os.path.join(tmp, "c.conf")
        with open(conf, "w") as f:
            f.write("[server]\naddress = 127.0.0.1\nport = 0\n"
                    "token-file = %s\ndatabase = %s\n" %
                    (tfile, os.path.join(tmp, "r.db")))
        os.chmod(conf, 0o644)
        pre = None
        if os.getuid() == 0:
            os.chmod(tfile, 0o600)
            uid = 65534

            def pre():
                os.setgid(65534)
                os.setuid(65534)
        else:
            os.chmod(tfile, 0)
            uid = os.getuid()
        try:
            r = subprocess.run([daemon, "--config", conf, "--check-config"],
                               capture_output=True, text=True, timeout=30,
                               preexec_fn=pre)
        except PermissionError as e:
            print("# cannot run the daemon as uid %d here: %s" % (uid, e))
            return
        if "Permission denied" in r.stderr and "token" not in r.stderr:
            print("# uid %d cannot reach the build tree: %s" %
                  (uid, r.stderr.strip()))
            return
        check(r.returncode == 78 and "uid %d" % uid in r.stderr,
              "a token file the daemon cannot read is refused, naming its "
              "uid (%d: %s)" % (r.returncode, r.stderr.strip()))


def main():
    root, daemon, build, face_api = (sys.argv[1], os.path.abspath(sys.argv[2]),
                                     sys.argv[3], sys.argv[4])
    static_checks(root, build)
    unreadable_token(root, daemon)
    rc = demo_checks(root, daemon, face_api)
    if rc == 77 and failures == 0:
        return 77
    return 1 if failures or rc == 1 else 0


if __name__ == "__main__":
    sys.exit(main())
