#!/usr/bin/env python3
# Checks src/daemon/container/runtime-packages.txt (the run-time stage of the Dockerfile)
# against what the built programs really need, in both directions:
#   lib     packages of the libraries that the installed binaries and plugin
#           link directly (DT_NEEDED resolved by ldd, owner by dpkg -S)
#   plugin  packages of the GStreamer elements that pipelines/*.pipeline use,
#           plus the elements named in the list (decoders picked at run time)
#   so      a package providing a library the programs load indirectly
#           (e.g. OpenBLAS behind libblas.so.3): the soname must be in the
#           ldd closure and the package must own the file it resolves to
#   data    a file looked up at run time: the package must own it
#   tool    a program the image runs: the package must own it and the
#           Dockerfile or src/daemon/container/ scripts must call it
# Any derived package missing from the list, or listed package with no
# evidence, fails the test.
#   check-runtime-deps.py --build-dir B --source-root S --variant full|lite
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

# The container's run-time files (package list, entry point, health check).
CONTAINER_DIR = os.path.join("src", "daemon", "container")

# Our elements that the lite variant (-Ddlib=disabled) is built without: the
# templates that use them are the full variant's.
LITE_WITHOUT = {"facematch"}

SANITIZER_RE = re.compile(r"^lib(a|ub|l|t|hwa)san\.so")
DEV_RE = re.compile(r"(-dev|-dbg|^gcc|^g\+\+|^cpp|^clang|^binutils|^npm$|^nodejs$|^meson$|^ninja)")


def fail(msg):
    print("FAIL: " + msg)
    return 1


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **kw)


_owner_cache = {}


def _candidates(path):
    cands = [path, path[4:] if path.startswith("/usr/") else "/usr" + path]
    real = os.path.realpath(path)
    if real != path:
        cands += [real, real[4:] if real.startswith("/usr/") else "/usr" + real]
    return cands


def prefetch_owners(paths):
    """One dpkg-query call for many paths (each call reads every .list)."""
    todo = [p for p in set(paths) if p not in _owner_cache]
    if not todo:
        return
    cands = sorted({c for p in todo for c in _candidates(p)})
    r = run(["dpkg-query", "-S"] + cands)
    found = {}
    for line in r.stdout.splitlines():
        # "pkg:arch, pkg2: /path" -> first package, arch stripped
        pkgs, _, fpath = line.rpartition(": ")
        if pkgs and fpath in cands:
            found[fpath] = pkgs.split(",")[0].split(":")[0].strip()
    for p in todo:
        _owner_cache[p] = next((found[c] for c in _candidates(p) if c in found), None)


def owner(path):
    """Debian package owning PATH, trying the usrmerge twin and the real path."""
    prefetch_owners([path])
    return _owner_cache[path]


def read_list(path, variant):
    entries = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            cols = line.split()
            if len(cols) < 3:
                raise SystemExit(f"{path}:{n}: expected 'package variants kind [evidence]'")
            pkg, variants, kind = cols[:3]
            if variants not in ("all", "full", "lite"):
                raise SystemExit(f"{path}:{n}: variants must be all, full or lite")
            if kind not in ("lib", "plugin", "so", "data", "tool"):
                raise SystemExit(f"{path}:{n}: unknown kind {kind}")
            if variants in ("all", variant):
                entries.append((pkg, kind, cols[3:], n))
    return entries


def is_elf(path):
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def ldd_map(path, env):
    r = run(["ldd", path], env=env)
    out = {}
    for line in r.stdout.splitlines():
        m = re.match(r"\s*(\S+) => (\S+|not found)", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def needed(path):
    r = run(["readelf", "-d", path])
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", r.stdout)


def pipeline_elements(source_root):
    elems = set()
    pdir = os.path.join(source_root, "pipelines")
    for name in sorted(os.listdir(pdir)) if os.path.isdir(pdir) else []:
        if not name.endswith(".pipeline"):
            continue
        text = open(os.path.join(pdir, name)).read()
        text = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#"))
        for seg in text.split("!"):
            toks = seg.split()
            if not toks:
                continue
            tok = toks[0]
            # caps, pad references ("t." / "t.src_0"), properties and
            # placeholders are not element names
            if "/" in tok or "." in tok or "=" in tok or not re.match(r"^[a-z0-9_-]+$", tok):
                continue
            elems.add(tok)
    return elems


_element_files = {}


def element_file(elem, env):
    if elem not in _element_files:
        r = run(["gst-inspect-1.0", elem], env=env)
        m = re.search(r"^\s*Filename\s+(\S+)", r.stdout, re.M) if r.returncode == 0 else None
        _element_files[elem] = m.group(1) if m else None
    return _element_files[elem]


def element_package(elem, env):
    fn = element_file(elem, env)
    return (fn, owner(fn)) if fn else (None, None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--source-root", required=True)
    ap.add_argument("--variant", choices=["full", "lite"], required=True)
    ap.add_argument("--list", default=None)
    a = ap.parse_args()
    if shutil.which("dpkg-query") is None:
        print("SKIP: not a Debian system (no dpkg-query)")
        return 77
    lst = a.list or os.path.join(a.source_root, CONTAINER_DIR, "runtime-packages.txt")
    entries = read_list(lst, a.variant)
    listed = {}
    for pkg, kind, ev, n in entries:
        listed.setdefault(pkg, []).append((kind, ev, n))
    errors = 0

    for pkg in listed:
        if DEV_RE.search(pkg):
            errors += fail(f"{pkg} is a build-time package; it has no place in the run-time image")

    dest = tempfile.mkdtemp(prefix="wf-deps-")
    try:
        r = run(["meson", "install", "-C", a.build_dir, "--no-rebuild", "--quiet",
                 "--destdir", dest])
        if r.returncode != 0:
            print(r.stdout + r.stderr)
            return fail("meson install into a temporary DESTDIR failed")
        elves, libdirs = [], set()
        for root, _, files in os.walk(dest):
            for f in files:
                p = os.path.join(root, f)
                if not os.path.islink(p) and is_elf(p):
                    elves.append(p)
                if ".so" in f:
                    libdirs.add(root)
        if not elves:
            return fail("meson install produced no binary")
        env = dict(os.environ)
        env["LD_LIBRARY_PATH"] = ":".join(sorted(libdirs))

        derived = {}        # package -> sonames
        closure = {}        # soname -> path
        maps = {e: ldd_map(e, env) for e in elves}
        prefetch_owners([p for m in maps.values() for p in m.values()
                         if p != "not found" and not p.startswith(dest)])
        for e in elves:
            m = maps[e]
            closure.update(m)
            for so in needed(e):
                path = m.get(so)
                rel = os.path.relpath(e, dest)
                if path is None or path == "not found":
                    if not so.startswith("ld-linux"):
                        errors += fail(f"/{rel}: {so} not found")
                    continue
                if path.startswith(dest):
                    continue
                if SANITIZER_RE.match(so):
                    continue    # -Db_sanitize builds only, never shipped
                pkg = owner(path)
                if pkg is None:
                    errors += fail(f"/{rel}: {so} ({path}) belongs to no Debian package")
                    continue
                derived.setdefault(pkg, set()).add(so)
        print(f"{len(elves)} installed binaries link {len(derived)} packages directly")

        # Plugins: every element of the pipeline templates, and each listed
        # plugin's named elements, must come from a listed plugin package.
        gst_env = dict(env)
        plugin_need = {}
        elems = pipeline_elements(a.source_root)
        elems |= {e for uses in listed.values() for k, ev, _ in uses if k == "plugin" for e in ev}
        prefetch_owners([f for f in (element_file(e, gst_env) for e in elems) if f] +
                        [p for uses in listed.values() for k, ev, _ in uses
                         if k in ("data", "tool") for p in ev if os.path.exists(p)])
        for elem in sorted(pipeline_elements(a.source_root)):
            fn, pkg = element_package(elem, gst_env)
            if fn is None and a.variant == "lite" and elem in LITE_WITHOUT:
                print(f"ok - '{elem}' is absent from the lite variant, as intended")
                continue
            if fn is None:
                errors += fail(f"pipelines/ use element '{elem}', which no installed plugin provides")
                continue
            if a.variant == "lite" and elem in LITE_WITHOUT:
                errors += fail(f"the lite variant provides '{elem}' ({fn}), which needs dlib")
                continue
            if fn.startswith(os.path.abspath(a.build_dir)) or pkg is None and "workforce" in fn:
                continue        # ours
            if pkg is None:
                errors += fail(f"element {elem} comes from {fn}, which no package owns")
                continue
            plugin_need.setdefault(pkg, set()).add(elem)

        for pkg, uses in listed.items():
            for kind, ev, n in uses:
                where = f"{os.path.basename(lst)}:{n}"
                if kind == "lib":
                    if pkg not in derived:
                        errors += fail(f"{where}: {pkg} is listed as a library package, "
                                       "but no installed binary links a library from it")
                elif kind == "plugin":
                    for elem in ev:
                        fn, epkg = element_package(elem, gst_env)
                        if epkg != pkg:
                            errors += fail(f"{where}: element {elem} should come from {pkg}, "
                                           f"found in {epkg or 'nothing'} ({fn})")
                    if not ev and pkg not in plugin_need:
                        errors += fail(f"{where}: {pkg} provides no element that pipelines/ use")
                elif kind == "so":
                    for so in ev:
                        path = closure.get(so)
                        if not path or path == "not found":
                            errors += fail(f"{where}: {so} is not loaded by any installed binary")
                        elif owner(path) != pkg:
                            errors += fail(f"{where}: {so} resolves to {path} of {owner(path)}, not {pkg}")
                    if not ev:
                        errors += fail(f"{where}: kind 'so' needs a soname")
                elif kind in ("data", "tool"):
                    if not ev:
                        errors += fail(f"{where}: kind '{kind}' needs a path")
                    for path in ev:
                        if not os.path.exists(path):
                            errors += fail(f"{where}: {path} does not exist (is {pkg} installed?)")
                        elif owner(path) != pkg:
                            errors += fail(f"{where}: {path} belongs to {owner(path)}, not {pkg}")
                        if kind == "tool":
                            base = os.path.basename(path)
                            used = False
                            for f in ["Dockerfile"] + [os.path.join(CONTAINER_DIR, x) for x in
                                                       os.listdir(os.path.join(a.source_root, CONTAINER_DIR))]:
                                fp = os.path.join(a.source_root, f)
                                if os.path.isfile(fp) and base in open(fp).read():
                                    used = True
                            if not used:
                                errors += fail(f"{where}: {base} is not used by the Dockerfile or " + CONTAINER_DIR + "/")

        for pkg, sos in sorted(derived.items()):
            if not any(k == "lib" for k, _, _ in listed.get(pkg, [])):
                errors += fail(f"{pkg} is needed for {', '.join(sorted(sos))} but is not "
                               f"in {os.path.basename(lst)} for the {a.variant} variant; add the "
                               f"line '{pkg}  all  lib' (or 'full' if only the dlib build needs it)")
        for pkg, elems in sorted(plugin_need.items()):
            # a library package may hold elements too (coreelements)
            if pkg not in listed:
                errors += fail(f"{pkg} provides {', '.join(sorted(elems))} (pipelines/) but is not "
                               f"in {os.path.basename(lst)} as a plugin package; add the line "
                               f"'{pkg}  all  plugin'")
    finally:
        shutil.rmtree(dest, ignore_errors=True)

    if errors:
        print(f"{errors} problem(s) in {lst}")
        return 1
    print(f"{lst}: {len(listed)} packages for the {a.variant} variant, all needed, none missing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
