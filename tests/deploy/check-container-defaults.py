#!/usr/bin/env python3
# Runs the daemon the way the container image does, through the image's own
# entry point and health-check scripts (src/daemon/container/), on the build tree:
# - `workforce-monitor --demo` listens on all interfaces (0.0.0.0, the port
#   from $PORT as Render sets it; 0 here for a free one);
# - /api/v1/health answers 200 without a token with the image's
#   WF_PUBLIC_HEALTH=true (Render's probe cannot send one; without it
#   health needs the token too: daemon-public-health),
#   and src/daemon/container/healthcheck.sh says healthy;
# - every other request still needs the token, since the bind is not
#   loopback: GET /api/v1/cameras and POST /api/v1/cameras give 401;
# - SIGTERM ends it with status 0 within 5 s;
# - a broken configuration exits non-zero with the reason on stderr.
# Requests go to 127.0.0.1 only.
#   check-container-defaults.py SOURCE_ROOT DAEMON
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request


def status_of(url, method="GET"):
    req = urllib.request.Request(url, method=method, data=b"{}" if method == "POST" else None)
    try:
        # generous: at start the demo enrols its gallery (dlib) on a loaded
        # machine; the container HEALTHCHECK has a 15 s start period
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def main():
    root, daemon = sys.argv[1], os.path.abspath(sys.argv[2])
    entry = os.path.join(root, "src", "daemon", "container", "docker-entrypoint.sh")
    health = os.path.join(root, "src", "daemon", "container", "healthcheck.sh")
    failures = 0

    def check(ok, what):
        nonlocal failures
        print(("ok - " if ok else "not ok - ") + what)
        failures += 0 if ok else 1

    with tempfile.TemporaryDirectory() as state:
        # The image's ENV opts health out of the token (Dockerfile).
        image_env = re.search(r"^\s*WF_PUBLIC_HEALTH=(\S+)", open(os.path.join(root, "Dockerfile")).read(),
                              re.M)
        check(image_env is not None and image_env.group(1) == "true",
              "the image sets WF_PUBLIC_HEALTH=true")
        env = dict(os.environ, PATH=os.path.dirname(daemon) + ":" + os.environ["PATH"],
                   PORT="0", STATE_DIRECTORY=state, WF_PUBLIC_HEALTH="true")
        p = subprocess.Popen(["sh", entry, "workforce-monitor", "--demo"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        port = None
        deadline = time.time() + 20
        out = ""
        while time.time() < deadline:
            line = p.stdout.readline()
            if not line:
                break
            out += line
            m = re.search(r"API ready on http://0\.0\.0\.0:(\d+)/", line)
            if m:
                port = int(m.group(1))
                break
        if port is None:
            p.kill()
            err = p.stderr.read()
            if "demo unavailable" in err:
                print("SKIP: the demo video is not built (run ./models/fetch.sh): " + err.strip())
                return 77
            print(out + err)
            check(False, "the entry point starts the demo on 0.0.0.0")
            return 1
        check(True, f"the entry point starts the demo on 0.0.0.0:{port}")
        base = f"http://127.0.0.1:{port}/api/v1"
        check(status_of(base + "/health") == 200, "health answers 200 without a token")
        r = subprocess.run(["bash", health], env=dict(env, PORT=str(port)),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        check(r.returncode == 0, "src/daemon/container/healthcheck.sh reports healthy " + r.stdout.strip())
        check(status_of(base + "/cameras") == 401, "GET /cameras without a token: 401 (not loopback)")
        check(status_of(base + "/cameras", "POST") == 401, "POST /cameras without a token: 401")
        t0 = time.time()
        p.send_signal(signal.SIGTERM)
        try:
            rc = p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            rc = None
        check(rc == 0, f"SIGTERM: exit {rc} in {time.time() - t0:.2f} s")
        p.stdout.close()
        p.stderr.close()

        # Nothing listens any more: the health check says unhealthy.
        r = subprocess.run(["bash", health], env=dict(env, PORT=str(port)),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        check(r.returncode != 0, "src/daemon/container/healthcheck.sh reports unhealthy when the daemon is gone")

        broken = os.path.join(state, "broken.conf")
        with open(broken, "w") as f:
            f.write("[server\n")
        r = subprocess.run(["sh", entry, "workforce-monitor", "--config", broken], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=20)
        check(r.returncode != 0 and "broken.conf" in r.stderr,
              f"broken configuration: exit {r.returncode}, stderr: {r.stderr.strip()[:120]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
