#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Where the tiny backend's boxes sit against hog's: the fit behind
WF_TINY_HOG_DY, _W and _H in src/detect/wf-detector-tiny.c.

  tests/bench/tiny-box-fit.py BUILDDIR [TESTDATA]

TESTDATA defaults to ../shared/testdata: the nine PASCAL VOC photos of
scenes/ and the first 3 photos (by name) of each person of faces/.  Each
photo goes through facedetect backend=hog and backend=tiny; a face both
find is a hog box and a tiny box each holding the other's centre.  The tiny
box is taken back to the network's own box with the constants in the
source (the mapping is linear), and the script prints the medians the
constants were fitted as, next to the constants, and the IoU of the mapped
tiny boxes with hog's (before and after the mapping).
"""
import glob
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
BOX = re.compile(r'x\\=\\\(double\\\)([0-9.e-]+)\\,\\ y\\=\\\(double\\\)([0-9.e-]+)'
                 r'\\,\\ w\\=\\\(double\\\)([0-9.e-]+)\\,\\ h\\=\\\(double\\\)([0-9.e-]+)')
VOC = ['dlib_voc_2007_007763.jpg', 'dlib_voc_2008_001009.jpg', 'dlib_voc_2008_001322.jpg',
       'dlib_voc_2008_002079.jpg', 'dlib_voc_2008_002470.jpg', 'dlib_voc_2008_002506.jpg',
       'dlib_voc_2008_004176.jpg', 'dlib_voc_2008_007676.jpg', 'dlib_voc_2009_004587.jpg']


def constants():
    text = open(os.path.join(SRC, 'src', 'detect', 'wf-detector-tiny.c')).read()
    return {k: float(re.search(r'#define WF_TINY_HOG_%s ([0-9.]+)f' % k, text).group(1))
            for k in ('DY', 'W', 'H')}


def boxes(build, photo, backend):
    cmd = ['meson', 'devenv', '-C', build, 'gst-launch-1.0', '-m', 'filesrc',
           'location=' + os.path.abspath(photo), '!', 'decodebin', '!', 'videoconvert', '!',
           'facedetect', 'backend=' + backend, 'motion-gate=false', '!', 'fakesink']
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    found = []
    for line in out.splitlines():
        if 'faces=' in line:
            found += [tuple(float(v) for v in m.groups()) for m in BOX.finditer(line)]
    return found


def inside(box, x, y):
    return box[0] <= x <= box[0] + box[2] and box[1] <= y <= box[1] + box[3]


def iou(a, b):
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0.0, x1 - x0) * max(0.0, y1 - y0)
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    build = sys.argv[1]
    data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(SRC, '..', 'shared', 'testdata')
    photos = [os.path.join(data, 'scenes', v) for v in VOC]
    for person in sorted(glob.glob(os.path.join(data, 'faces', '*'))):
        photos += sorted(glob.glob(os.path.join(person, '*.jpg')))[:3]
    photos = [p for p in photos if os.path.isfile(p)]
    if not photos:
        sys.exit('no photos under ' + data)
    k = constants()
    dx, dy, rw, rh, iou_raw, iou_mapped = [], [], [], [], [], []
    for photo in photos:
        hog, tiny = boxes(build, photo, 'hog'), boxes(build, photo, 'tiny')
        for t in tiny:
            cx, cy = t[0] + t[2] / 2, t[1] + t[3] / 2
            match = [h for h in hog if inside(h, cx, cy) and inside(t, h[0] + h[2] / 2,
                                                                   h[1] + h[3] / 2)]
            if len(match) != 1:
                continue
            h = match[0]
            # the network's own box, before the mapping to hog's convention
            w0, h0 = t[2] / k['W'], t[3] / k['H']
            cy0 = cy + k['DY'] * h0
            raw = (cx - w0 / 2, cy0 - h0 / 2, w0, h0)
            dx.append((h[0] + h[2] / 2 - cx) / w0)
            dy.append((cy0 - (h[1] + h[3] / 2)) / h0)
            rw.append(h[2] / w0)
            rh.append(h[3] / h0)
            iou_raw.append(iou(raw, h))
            iou_mapped.append(iou(t, h))
    n = len(rw)
    if n == 0:
        sys.exit('no face found by both')
    print('%d photos, %d faces both backends found' % (len(photos), n))
    print('| | median | in the source |')
    print('|---|---|---|')
    print('| hog centre above tiny centre, / tiny height (DY) | %.3f | %.3f |' % (
        statistics.median(dy), k['DY']))
    print('| hog width / tiny width (W) | %.3f | %.3f |' % (statistics.median(rw), k['W']))
    print('| hog height / tiny height (H) | %.3f | %.3f |' % (statistics.median(rh), k['H']))
    print('| hog centre right of tiny centre, / tiny width | %.3f | (left as is) |' % (
        statistics.median(dx)))
    print('mean IoU with hog: network box %.2f, mapped box %.2f' % (
        statistics.mean(iou_raw), statistics.mean(iou_mapped)))


if __name__ == '__main__':
    main()
