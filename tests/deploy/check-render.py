#!/usr/bin/env python3
# Checks render.yaml against the rest of the tree: every service is a Docker
# web service built from a Dockerfile that exists, its health check path is
# one the daemon serves (a handler in src/daemon/wf-api.c or a path in its
# openapi.json), VARIANT is a value the
# Dockerfile accepts and both variants are offered, and each environment
# variable that the image also sets has the image's value.
#   check-render.py SOURCE_ROOT
import json
import os
import re
import sys

try:
    import yaml
except ImportError:
    print("SKIP: python3-yaml is not installed (./setup.sh --tests installs it)")
    sys.exit(77)


def main():
    root = sys.argv[1]
    errors = []
    bp = yaml.safe_load(open(os.path.join(root, "render.yaml")))
    docker = open(os.path.join(root, "Dockerfile")).read()
    image_env = dict(re.findall(r"^\s*(?:ENV\s+)?([A-Z_][A-Z0-9_]*)=(\S+?)\s*\\?$", docker, re.M))
    variants_ok = set(re.findall(r"^\s*(\w+)\)\s", docker.split("case \"$VARIANT\"")[1].split("esac")[0], re.M)) \
        if 'case "$VARIANT"' in docker else set()
    api = json.load(open(os.path.join(root, "src", "daemon", "openapi.json")))
    served = set(api.get("paths", {}))
    src = open(os.path.join(root, "src", "daemon", "wf-api.c")).read()
    prefix = re.search(r'#define API "([^"]+)"', src)
    for m in re.finditer(r'soup_server_add_handler \(self->server,\s*(API )?"([^"]+)"', src):
        served.add((prefix.group(1) if m.group(1) and prefix else "") + m.group(2))
    seen = set()
    for s in bp.get("services", []):
        name = s.get("name", "?")
        if s.get("type") != "web" or s.get("runtime") != "docker":
            errors.append(f"{name}: must be a web service with runtime docker")
        df = s.get("dockerfilePath", "./Dockerfile")
        if not os.path.isfile(os.path.join(root, df)):
            errors.append(f"{name}: {df} does not exist")
        hc = s.get("healthCheckPath")
        if hc not in served:
            errors.append(f"{name}: healthCheckPath {hc} is not served by the daemon")
        env = {e["key"]: str(e.get("value")) for e in s.get("envVars", []) if "key" in e}
        v = env.get("VARIANT", "full")
        if variants_ok and v not in variants_ok:
            errors.append(f"{name}: VARIANT={v}, the Dockerfile accepts {sorted(variants_ok)}")
        seen.add(v)
        for k, val in env.items():
            if k in image_env and image_env[k] != val:
                errors.append(f"{name}: {k}={val} but the image sets {image_env[k]}")
        print(f"ok - {name}: {v} variant, plan {s.get('plan')}, health {hc}")
    if seen != {"full", "lite"}:
        errors.append(f"render.yaml offers {sorted(seen)}; it must offer full and lite")
    for e in errors:
        print("FAIL: " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
