#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A short, bounded libFuzzer run of one harness (the 'fuzz' test suite).

    run-fuzz.py HARNESS NAME SECONDS [-- LIBFUZZER-ARGS...]

Runs every kept crash input of regressions/NAME once (each must pass),
then fuzzes for SECONDS from the seeds of corpus/NAME (plus generated
seeds for binary formats) in a scratch corpus that is removed after: the
source tree is never written.  Exits non-zero on any crash, leak or
timeout, and prints the input's path and libFuzzer's report.
"""

import os
import shutil
import struct
import subprocess
import sys
import tempfile

FUZZ_DIR = os.environ.get("WF_FUZZ_DIR",
                          os.path.dirname(os.path.abspath(__file__)))


def generated_seeds(name, out):
    """Seeds that are not text: a valid compact landmark header (empty
    model) so the fuzzer starts past the magic and sizes checks."""
    if name == "landmarks":
        seed = 0xcbf29ce484222325
        head = struct.pack("<8sIIIIIIQQQQ", b"WFLMARKS", 1, 0x01020304,
                           68, 0, 0, 0, 0, 0, seed, 0)
        with open(os.path.join(out, "gen-compact-empty"), "wb") as f:
            f.write(head)
        with open(os.path.join(out, "gen-compact-short"), "wb") as f:
            f.write(head[:40])


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    harness, name, seconds = sys.argv[1], sys.argv[2], sys.argv[3]
    extra = sys.argv[5:] if len(sys.argv) > 4 and sys.argv[4] == "--" else []
    common = ["-timeout=10", "-rss_limit_mb=2048", "-malloc_limit_mb=1024",
              "-print_final_stats=1"]
    regressions = os.path.join(FUZZ_DIR, "regressions", name)
    kept = sorted(os.path.join(regressions, f) for f in
                  os.listdir(regressions)) if os.path.isdir(regressions) \
        else []
    if kept:
        print("== %d kept inputs of %s" % (len(kept), regressions))
        r = subprocess.run([harness] + common + kept)
        if r.returncode != 0:
            print("FAIL: a kept input of %s fails again" % name)
            return 1
    seeds = os.path.join(FUZZ_DIR, "corpus", name)
    with tempfile.TemporaryDirectory(prefix="wf-fuzz-%s-" % name) as tmp:
        work = os.path.join(tmp, "corpus")
        gen = os.path.join(tmp, "generated")
        os.mkdir(work)
        os.mkdir(gen)
        generated_seeds(name, gen)
        dirs = [work, gen] + ([seeds] if os.path.isdir(seeds) else [])
        cmd = ([harness] + common + ["-max_total_time=%s" % seconds,
                                     "-artifact_prefix=%s/" % tmp] +
               extra + dirs)
        print("== " + " ".join(cmd))
        r = subprocess.run(cmd)
        if r.returncode != 0:
            for f in os.listdir(tmp):
                if f.startswith(("crash-", "leak-", "timeout-", "oom-")):
                    keep = os.path.join(os.environ.get("MESON_BUILD_ROOT",
                                                       "."), f)
                    shutil.copy(os.path.join(tmp, f), keep)
                    print("FAIL: %s: input kept as %s (add it to "
                          "tests/fuzz/regressions/%s/ with its fix)" %
                          (f, keep, name))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
