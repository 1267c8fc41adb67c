#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""facedetect benchmark: frames/s (wall, sync=false) and peak RSS of
gst-launch-1.0 on the shared performance videos (with its CPU time), for decode only (the
ceiling), gst-plugins-bad's facedetect with its defaults (the reference) and
ours per backend and configuration, all in one run, reported as ratios.

Faces found are scored by count against the known scene (six group photos
of 3,3,3,4,5,4 faces shown 75 frames each, 1650 face-frames): per frame,
min(found, present) counts as found and the excess as false boxes.  This is
a count, not a box match: the videos have no box ground truth.

  tests/bench/facedetect-bench.py BUILDDIR [--runs N] [--quick] [--only TEXT]

Needs gst-plugins-bad's opencv plugin (gstreamer1.0-opencv), /usr/bin/time
(Debian `time`), the shared test data and YuNet/MMOD files in
../shared/models.  Prints a Markdown table for docs/benchmarks.md.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get('WF_SHARED_DIR', os.path.join(SRC, '..', 'shared'))
VIDEO = os.path.join(SHARED, 'testdata', 'video')
MODELS = os.path.join(SHARED, 'models')
SYSTEM_PLUGINS = '/usr/lib/x86_64-linux-gnu/gstreamer-1.0'
FPS = 15
FRAMES_PER_PHOTO = 75
FACES_PER_PHOTO = [3, 3, 3, 4, 5, 4]

# name, pipeline middle, frames limit (None: whole file)[, environment]
CONFIGS = [
    ('decode only', '', None),
    ('gst-plugins-bad facedetect (defaults)', 'videoconvert ! facedetect', None),
    ('ours default (hog, detect-width 640, upsample auto, threads auto)',
     'facedetect', None),
    ('ours default but threads=1', 'facedetect threads=1', None),
    # the x86-64 baseline build of the HOG code, where the default runs
    # the AVX2 + FMA one (src/detect/wf-detector-hog.c)
    ('ours default, baseline code (WF_HOG_SIMD=baseline)', 'facedetect', None,
     {'WF_HOG_SIMD': 'baseline'}),
    ('ours default, baseline code, threads=1', 'facedetect threads=1', None,
     {'WF_HOG_SIMD': 'baseline'}),
    ('ours fast (hog, interval 6)', 'facedetect interval=6', None),
    ('ours haar', 'facedetect backend=haar', None),
    ('ours yunet', 'facedetect backend=yunet', None),
    ('ours hog upsample=1', 'facedetect upsample=1', 90),
    ('ours mmod (first 45 frames)', 'facedetect backend=mmod', 45),
    # every frame searched, so that the detectors' own costs compare
    ('ours hog, gate off', 'facedetect motion-gate=false', None),
    ('ours tiny, gate off', 'facedetect backend=tiny motion-gate=false', None),
]


def gst_env(build, ours, tmp, extra=None):
    env = dict(os.environ)
    # the default rows run what a user gets by default
    env.pop('WF_HOG_SIMD', None)
    env.update(extra or {})
    env['WF_MODEL_DIR'] = MODELS
    env['GST_PLUGIN_SYSTEM_PATH_1_0'] = SYSTEM_PLUGINS
    if ours:
        # ours after the system plugins: the `facedetect` added last is ours
        env['GST_PLUGIN_SYSTEM_PATH_1_0'] = ''
        env['GST_PLUGIN_PATH_1_0'] = SYSTEM_PLUGINS + ':' + \
            os.path.join(build, 'gst-plugins')
        env['GST_REGISTRY_1_0'] = os.path.join(tmp, 'ours.reg')
    else:
        env['GST_PLUGIN_PATH_1_0'] = ''
        env['GST_REGISTRY_1_0'] = os.path.join(tmp, 'system.reg')
    return env


def warm_registries(build, tmp):
    """Builds both private registries before any timed run, so that no
    configuration pays for the plugin scan."""
    for ours in (False, True):
        subprocess.run(['gst-inspect-1.0', 'facedetect'],
                       env=gst_env(build, ours, tmp), capture_output=True)


def run(build, video, middle, limit, tmp, extra=None):
    ours = 'facedetect' in middle and 'videoconvert' not in middle
    env = gst_env(build, ours, tmp, extra)
    parts = ['filesrc', 'location=' + video, '!', 'decodebin']
    if limit:
        parts += ['!', 'identity', 'eos-after=%d' % limit]
    if middle:
        parts += ['!'] + middle.split()
    parts += ['!', 'fakesink', 'sync=false']
    cmd = ['/usr/bin/time', '-f', 'WALL %e RSS %M CPU %U %S',
           'gst-launch-1.0', '-m'] + parts
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit('failed: %s\n%s' % (' '.join(cmd), p.stderr[-2000:]))
    m = re.search(r'WALL ([0-9.]+) RSS ([0-9]+) CPU ([0-9.]+) ([0-9.]+)',
                  p.stderr)
    wall, rss = float(m.group(1)), int(m.group(2)) * 1024
    cpu = float(m.group(3)) + float(m.group(4))
    found = false = frames = 0
    for line in p.stdout.splitlines():
        if '(element): facedetect,' not in line:
            continue
        ts = re.search(r'timestamp=\(guint64\)([0-9]+)', line)
        if not ts:
            continue
        frame = round(int(ts.group(1)) * FPS / 1e9)
        present = FACES_PER_PHOTO[min(frame // FRAMES_PER_PHOTO, 5)]
        n = line.count('"face\\,')
        found += min(n, present)
        false += max(0, n - present)
        frames += 1
    return wall, rss, frames, found, false, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('build')
    ap.add_argument('--runs', type=int, default=1)
    ap.add_argument('--quick', action='store_true',
                    help='640x360 only')
    ap.add_argument('--only', action='append', metavar='TEXT',
                    help='only the rows whose name contains TEXT (repeatable;'
                    ' decode only and gst-plugins-bad always run)')
    a = ap.parse_args()
    configs = [c for i, c in enumerate(CONFIGS)
               if i < 2 or not a.only or any(t in c[0] for t in a.only)]
    videos = ['faces_640x360_15fps_30s.mp4']
    if not a.quick:
        videos.append('faces_1280x720_15fps_30s.mp4')
    total_frames = 450
    with tempfile.TemporaryDirectory() as tmp:
        warm_registries(a.build, tmp)
        for v in videos:
            path = os.path.join(VIDEO, v)
            rows = []
            for name, middle, limit, *extra in configs:
                env = extra[0] if extra else None
                runs = [run(a.build, path, middle, limit, tmp, env)
                        for _ in range(a.runs)]
                wall = statistics.median(r[0] for r in runs)
                rss = max(r[1] for r in runs)
                cpu = statistics.median(r[5] for r in runs)
                frames, found, false = runs[0][2:5]
                n = limit or total_frames
                rows.append((name, n / wall, rss, frames, found, false, limit,
                             1000.0 * cpu / n))
                print('# %s %s: %.1f fps, %.1f ms CPU/frame, %.0f MB' % (
                      v, name, n / wall, 1000.0 * cpu / n, rss / 2**20),
                      file=sys.stderr, flush=True)
            decode = rows[0][1]
            bad = rows[1]
            print('\n### %s\n' % v)
            print('| configuration | frames/s | x decode | x bad '
                  '| CPU ms/frame | peak RSS MB '
                  '| x bad RSS | faces found (count) | false boxes |')
            print('|---|---|---|---|---|---|---|---|---|')
            for name, fps, rss, frames, found, false, limit, cpu in rows:
                if frames:
                    present = sum(FACES_PER_PHOTO[min(i // FRAMES_PER_PHOTO, 5)]
                                  for i in range(limit or total_frames))
                    q = '%.0f%%' % (100.0 * found / present)
                    fb = str(false)
                else:
                    q = fb = '-'
                print('| %s | %.1f | %.2f | %.2f | %.1f | %.0f | %.2f | %s | %s |'
                      % (name, fps, fps / decode, fps / bad[1], cpu,
                         rss / 2**20, rss / bad[2], q, fb))


if __name__ == '__main__':
    main()
