#!/usr/bin/env python3
# build.sh on a machine with too little memory must stop before compiling,
# with exit status 75 (EX_TEMPFAIL) and a message naming the memory it needs,
# instead of being killed by the OOM killer halfway. The shortage is
# simulated by asking for more than this machine has (WF_BUILD_MIN_MB).
#   check-build-script.py SOURCE_ROOT
import os
import re
import subprocess
import sys
import tempfile

root = sys.argv[1]
avail = int(re.search(r"MemAvailable:\s+(\d+)", open("/proc/meminfo").read()).group(1)) // 1024
need = avail * 4 + 1024
with tempfile.TemporaryDirectory() as tmp:
    bdir = os.path.join(tmp, "build")
    r = subprocess.run([os.path.join(root, "build.sh"), bdir],
                       env=dict(os.environ, WF_BUILD_MIN_MB=str(need)),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    ok = (r.returncode == 75 and f"{need} MB" in r.stderr and not os.path.exists(bdir))
    print(f"exit {r.returncode}, stderr: {r.stderr.strip()}")
    print(("ok" if ok else "not ok") + f" - build.sh refuses to start with {avail} MB available "
          f"when {need} MB are needed, naming the need, before configuring anything")
sys.exit(0 if ok else 1)
