#!/usr/bin/env python3
# workforce-monitor
# Copyright (C) 2026 workforce-monitor authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A private PostgreSQL server for one test (issue 16).

pg-fixture.py COMMAND [ARGS...]: initdb into a temporary directory, start
postgres on a free loopback port (listen_addresses=127.0.0.1, the unix
socket in the temporary directory, trust authentication for user "wf"),
run COMMAND with WF_TEST_PG_URI=postgresql://wf@127.0.0.1:PORT, stop the
server by its PID and remove the directory.  Exit 77 (skip) when the
server binaries are absent (Debian: apt-get install postgresql, or
./setup.sh --tests).

PostgreSQL refuses to run as root: as root the server runs as the
unprivileged user WF_PG_USER (default "nobody"), which owns the
temporary directory; this process only starts and signals it.
"""
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77


def find_bindir():
    cands = []
    if os.environ.get('WF_PG_BINDIR'):
        cands.append(os.environ['WF_PG_BINDIR'])
    # Debian keeps the server binaries out of PATH
    cands += sorted(glob.glob('/usr/lib/postgresql/*/bin'),
                    key=lambda p: int(p.split('/')[-2])
                    if p.split('/')[-2].isdigit() else 0, reverse=True)
    pg_ctl = shutil.which('pg_ctl')
    if pg_ctl:
        cands.append(os.path.dirname(os.path.realpath(pg_ctl)))
    for d in cands:
        if all(os.access(os.path.join(d, b), os.X_OK)
               for b in ('initdb', 'postgres')):
            return d
    return None


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    bindir = find_bindir()
    if not bindir:
        print('SKIP: no PostgreSQL server binaries (initdb, postgres) in '
              '/usr/lib/postgresql/*/bin or PATH; apt-get install postgresql',
              file=sys.stderr)
        return SKIP
    user = None
    if os.geteuid() == 0:
        name = os.environ.get('WF_PG_USER', 'nobody')
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            print('SKIP: running as root and there is no user %r to run '
                  'PostgreSQL as (set WF_PG_USER)' % name, file=sys.stderr)
            return SKIP
    tmp = tempfile.mkdtemp(prefix='wf-pg-')
    os.chmod(tmp, 0o700)
    if user:
        os.chown(tmp, user.pw_uid, user.pw_gid)
    as_user = dict(user=user.pw_uid, group=user.pw_gid,
                   extra_groups=[]) if user else {}
    data = os.path.join(tmp, 'data')
    env = dict(os.environ, LC_ALL='C', HOME=tmp)
    server = None
    try:
        r = subprocess.run([os.path.join(bindir, 'initdb'), '-D', data,
                            '-U', 'wf', '--auth=trust', '-E', 'UTF8',
                            '--no-sync', '--no-instructions'],
                           env=env, cwd=tmp, capture_output=True, text=True,
                           **as_user)
        if r.returncode != 0:
            print('initdb failed:\n' + r.stdout + r.stderr, file=sys.stderr)
            return 1
        for attempt in range(3):        # a port taken between the probe and
            port = free_port()          # the bind: try another, 3 at most
            log = open(os.path.join(tmp, 'server.log'), 'w')
            server = subprocess.Popen(
                [os.path.join(bindir, 'postgres'), '-D', data,
                 '-p', str(port), '-c', 'listen_addresses=127.0.0.1',
                 '-c', 'unix_socket_directories=' + tmp,
                 '-c', 'fsync=off', '-c', 'max_connections=100'],
                env=env, cwd=tmp, stdout=log, stderr=subprocess.STDOUT,
                **as_user)
            ready = False
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and server.poll() is None:
                try:
                    with open(os.path.join(data, 'postmaster.pid')) as f:
                        lines = f.read().split('\n')
                    if len(lines) > 7 and lines[7].strip() == 'ready':
                        ready = True
                        break
                except FileNotFoundError:
                    pass
                time.sleep(0.1)
            if ready:
                break
            if server.poll() is None:
                server.kill()
            server.wait()
            server = None
        if not server:
            with open(os.path.join(tmp, 'server.log')) as f:
                print('postgres did not start:\n' + f.read(),
                      file=sys.stderr)
            return 1
        uri = 'postgresql://wf@127.0.0.1:%d' % port
        print('PostgreSQL from %s on %s (pid %d)' % (bindir, uri, server.pid),
              file=sys.stderr)
        return subprocess.run(sys.argv[1:], env=dict(
            os.environ, WF_TEST_PG_URI=uri, WF_TEST_PG_PID=str(server.pid),
            WF_TEST_PG_DIR=tmp)).returncode
    finally:
        if server and server.poll() is None:
            server.send_signal(signal.SIGINT)     # fast shutdown
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
