#!/usr/bin/env python3
# Validates the Flatpak manifest as far as an offline machine allows:
# it parses, builds on the freedesktop runtime, every downloaded source is
# pinned (archive/file: https or http URL plus a 64-hex sha256; git: a
# commit), local sources stay inside the repository, each library module's
# version (read from its URL) satisfies the version meson.build requires, and
# the app module uses the same npm package version as models/package.json.
#   check-flatpak.py SOURCE_ROOT
import glob
import json
import os
import re
import sys

REQUIRED_MODULES = {
    # module name: (meson dependency name, regex for the version in the URL)
    "dlib": ("dlib-1", r"dlib-(\d+(?:\.\d+)+)\.tar"),
    "opencv": ("opencv4", r"/(\d+\.\d+\.\d+)\.tar"),
    "json-glib": ("json-glib-1.0", r"json-glib-(\d+(?:\.\d+)+)\.tar"),
    "libsoup": ("libsoup-3.0", r"libsoup3?[-_](\d+(?:\.\d+)+)(?:\.orig)?\.tar"),
}
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


def vtuple(v):
    return tuple(int(x) for x in v.split("."))


def walk(modules, out):
    for m in modules:
        if isinstance(m, str):
            out.append(("<external file>", m))
            continue
        out.append((m.get("name", "?"), m))
        walk(m.get("modules", []), out)


def main():
    root = sys.argv[1]
    manifests = glob.glob(os.path.join(root, "flatpak", "*.json"))
    if len(manifests) != 1:
        print(f"FAIL: expected one flatpak/*.json manifest, found {manifests}")
        return 1
    path = manifests[0]
    errors = []
    with open(path) as f:
        man = json.load(f)

    app_id = man.get("id") or man.get("app-id")
    if not app_id or os.path.basename(path) != app_id + ".json":
        errors.append(f"the file name must be the app id + .json (id {app_id})")
    if man.get("runtime") != "org.freedesktop.Platform" or man.get("sdk") != "org.freedesktop.Sdk":
        errors.append("runtime/sdk must be org.freedesktop.Platform/Sdk (GStreamer is in it)")
    if man.get("command") != "workforce-monitor":
        errors.append("command must be workforce-monitor")

    modules = []
    walk(man.get("modules", []), modules)
    n_sources = 0
    for name, m in modules:
        if isinstance(m, str):
            errors.append(f"module file {m}: keep every module in the manifest")
            continue
        srcs = m.get("sources", [])
        if not srcs:
            errors.append(f"module {name} has no source")
        for s in srcs:
            n_sources += 1
            kind = s.get("type")
            if kind in ("archive", "file"):
                url = s.get("url", "")
                if not re.match(r"^https?://", url):
                    errors.append(f"{name}: {kind} source without a download URL")
                if not SHA256_RE.match(s.get("sha256", "")):
                    errors.append(f"{name}: {url} is not pinned by a sha256")
            elif kind == "git":
                if not re.match(r"^[0-9a-f]{40}$", s.get("commit", "")):
                    errors.append(f"{name}: git source {s.get('url')} is not pinned to a commit")
            elif kind in ("dir", "patch"):
                p = os.path.abspath(os.path.join(os.path.dirname(path), s.get("path", "")))
                if not (p + os.sep).startswith(os.path.abspath(root) + os.sep) and p != os.path.abspath(root):
                    errors.append(f"{name}: local {kind} {p} is outside the repository")
            elif kind in ("shell",):
                pass
            else:
                errors.append(f"{name}: source type {kind} cannot be checked")

    by_name = {name: m for name, m in modules if not isinstance(m, str)}
    meson = open(os.path.join(root, "meson.build")).read()
    for mod, (dep, vre) in REQUIRED_MODULES.items():
        m = by_name.get(mod)
        if not m:
            errors.append(f"module {mod} missing (the freedesktop runtime lacks it)")
            continue
        urls = " ".join(s.get("url", "") for s in m.get("sources", []))
        mv = re.search(vre, urls)
        req = re.search(r"dependency\('" + re.escape(dep) + r"'\s*,\s*version\s*:\s*'>=\s*([\d.]+)'", meson)
        if not mv:
            errors.append(f"{mod}: no version in {urls}")
        elif req and vtuple(mv.group(1)) < vtuple(req.group(1)):
            errors.append(f"{mod} {mv.group(1)} is older than meson.build's >= {req.group(1)}")
        else:
            print(f"ok - {mod} {mv.group(1)} satisfies {dep} >= {req.group(1) if req else '?'}")

    app = by_name.get("workforce-monitor")
    pkg = json.load(open(os.path.join(root, "models", "package.json")))
    want = pkg["dependencies"]["@vladmandic/face-api"]
    if not app:
        errors.append("no workforce-monitor module")
    else:
        if not any(s.get("type") == "dir" for s in app.get("sources", [])):
            errors.append("the workforce-monitor module must build this source tree (type dir)")
        urls = [s.get("url", "") for s in app.get("sources", [])]
        if not any(u.endswith(f"/face-api-{want}.tgz") for u in urls):
            errors.append(f"the workforce-monitor module must fetch @vladmandic/face-api {want} (models/package.json)")
        if by_name and list(by_name)[-1] != "workforce-monitor":
            errors.append("workforce-monitor must be the last module (it needs the others)")

    for e in errors:
        print("FAIL: " + e)
    if errors:
        return 1
    print(f"{os.path.basename(path)}: {len(by_name)} modules, {n_sources} sources, all pinned")
    return 0


if __name__ == "__main__":
    sys.exit(main())
