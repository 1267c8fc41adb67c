#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""How many of the faces YuNet boxes on a clip other detectors box too.

  tests/bench/detect-vs-yunet.py BUILDDIR CLIP BACKEND-PROPS...
  e.g. tests/bench/detect-vs-yunet.py build ../shared/testdata/scenes/hamilton_clip.mp4 \\
         backend=hog backend=tiny backend=tiny,threshold=0.5

Every frame is searched (motion-gate=false).  A YuNet face counts as found
when a box of the other detector has its centre inside it (the detectors'
boxes follow different conventions, so IoU would judge the convention);
boxes on no YuNet face are counted too.  YuNet's file comes from
../shared/models (WF_MODEL_DIR).
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
MODELS = os.path.join(SRC, '..', 'shared', 'models')
BOX = re.compile(r'x\\=\\\(double\\\)([0-9.e-]+)\\,\\ y\\=\\\(double\\\)([0-9.e-]+)'
                 r'\\,\\ w\\=\\\(double\\\)([0-9.e-]+)\\,\\ h\\=\\\(double\\\)([0-9.e-]+)')


def run(build, clip, props):
    env = dict(os.environ)
    env.setdefault('WF_MODEL_DIR', MODELS)
    cmd = ['meson', 'devenv', '-C', build, 'gst-launch-1.0', '-m', 'filesrc',
           'location=' + os.path.abspath(clip), '!', 'decodebin', '!', 'videoconvert', '!',
           'facedetect', 'motion-gate=false'] + props.split(',') + ['!', 'fakesink']
    out = subprocess.run(cmd, capture_output=True, text=True, env=env,
                         timeout=900).stdout
    return [[tuple(float(v) for v in m.groups()) for m in BOX.finditer(line)]
            for line in out.splitlines() if 'faces=' in line]


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    build, clip = sys.argv[1], sys.argv[2]
    ref = run(build, clip, 'backend=yunet')
    for props in sys.argv[3:]:
        got = run(build, clip, props)
        n = min(len(ref), len(got))
        found = total = stray = boxes = 0
        for i in range(n):
            used = set()
            for (x, y, w, h) in ref[i]:
                total += 1
                for k, (a, b, c, d) in enumerate(got[i]):
                    if k not in used and x <= a + c / 2 <= x + w and y <= b + d / 2 <= y + h:
                        used.add(k)
                        found += 1
                        break
            stray += len(got[i]) - len(used)
            boxes += len(got[i])
        print('| %s | %d | %d | %d (%.0f%%) | %d | %d |' % (
            props, n, total, found, 100.0 * found / max(total, 1), boxes, stray))


if __name__ == '__main__':
    main()
