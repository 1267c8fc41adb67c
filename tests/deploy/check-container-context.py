#!/usr/bin/env python3
# Checks what .dockerignore lets into the container build context, with
# Docker's rules (patterns in order, the last match wins, "!" re-includes,
# "**" spans folders, a matched folder excludes what it holds):
# - every file the build needs is in: the top-level meson files and scripts,
#   every folder that meson.build enters with subdir(), every file the
#   Dockerfile COPYs from the context;
# - nothing that must stay out is in: build trees, node_modules, .git,
#   model weights, pictures and videos, anything over 1 MiB;
# - the whole context stays small (< 8 MiB).
#   check-container-context.py SOURCE_ROOT
import os
import re
import sys

MAX_FILE = 1 << 20
MAX_TOTAL = 8 << 20
FORBIDDEN = re.compile(r"(^|/)(build[^/]*|node_modules|\.git)/|\.(dat|onnx|jpe?g|png|mp4|mkv|avi|registry)$")


def pattern_re(pat):
    pat = pat.strip().strip("/")
    if pat.startswith("./"):
        pat = pat[2:]
    out, i = "", 0
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
            continue
        if pat.startswith("**", i):
            out += ".*"
            i += 2
            continue
        out += {"*": "[^/]*", "?": "[^/]"}.get(c, re.escape(c))
        i += 1
    return re.compile("^" + out + "$")


def load_rules(root):
    rules = []
    path = os.path.join(root, ".dockerignore")
    for line in open(path):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        neg = line.startswith("!")
        rules.append((neg, pattern_re(line[1:] if neg else line)))
    return rules


def included(rel, rules):
    parts = rel.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    inc = True
    for neg, rx in rules:
        if any(rx.match(p) for p in prefixes):
            inc = neg
    return inc


def main():
    root = os.path.abspath(sys.argv[1])
    rules = load_rules(root)
    files = []
    for d, dirs, fs in os.walk(root):
        rel_d = os.path.relpath(d, root)
        dirs[:] = [x for x in dirs if x != ".git"]
        for f in fs:
            rel = os.path.normpath(os.path.join(rel_d, f))
            files.append(rel)
    context = [f for f in files if included(f, rules)]
    errors = []

    needed = ["Dockerfile", "meson.build", "meson_options.txt", "setup.sh", "build.sh"]
    meson = open(os.path.join(root, "meson.build")).read()
    subdirs = re.findall(r"^\s*subdir\('([^']+)'\)", meson, re.M)
    docker = open(os.path.join(root, "Dockerfile")).read()
    for sd in subdirs:
        # tests/ is only entered with -Dtests enabled; the image builds
        # without them.
        if sd == "tests" and "-Dtests=disabled" in docker:
            continue
        needed += [f for f in files if f.startswith(sd + "/") and not FORBIDDEN.search(f)
                   and "/node_modules/" not in f]
    for m in re.finditer(r"^COPY\s+(?!--from)(.+)$", docker, re.M):
        for src in m.group(1).split()[:-1]:
            if src != ".":
                needed.append(src.rstrip("/"))
    ctx = set(context)
    for n in sorted(set(needed)):
        if n not in ctx and not any(c.startswith(n + "/") for c in ctx):
            errors.append(f"{n} is needed by the build but .dockerignore leaves it out")

    total = 0
    for f in context:
        size = os.path.getsize(os.path.join(root, f))
        total += size
        if FORBIDDEN.search(f):
            errors.append(f"{f} must not be in the build context")
        elif size > MAX_FILE:
            errors.append(f"{f} ({size} bytes) is too big for the build context")
    if total > MAX_TOTAL:
        errors.append(f"build context is {total} bytes (limit {MAX_TOTAL})")
    # The shared test data lives beside the tree, never inside it.
    if any(f.startswith("shared/") or "/testdata/" in "/" + f for f in context):
        errors.append("test data in the build context")

    for e in errors:
        print("FAIL: " + e)
    if errors:
        return 1
    print(f"build context: {len(context)} files, {total} bytes; "
          f"{len(set(needed))} needed paths present, nothing forbidden")
    return 0


if __name__ == "__main__":
    sys.exit(main())
