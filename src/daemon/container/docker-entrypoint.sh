#!/bin/sh
# Container entry point. For the daemon (the default command is
# `workforce-monitor --demo`) it listens on all interfaces of the container
# (WF_ADDRESS, default 0.0.0.0) on PORT (set by Render and similar hosts;
# default 8080). Off loopback every request needs the token; the image sets
# WF_PUBLIC_HEALTH=true, read by the daemon, so that health probes need
# none. Any other command runs as given.
set -eu
if [ "${1:-}" = workforce-monitor ]; then
  shift
  set -- workforce-monitor --address "${WF_ADDRESS:-0.0.0.0}" \
    --port "${PORT:-${WF_PORT:-8080}}" "$@"
fi
exec "$@"
