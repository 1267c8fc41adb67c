#!/bin/bash
# Container HEALTHCHECK: GET /api/v1/health on the daemon's port, healthy on
# HTTP 200. Uses bash's /dev/tcp so that the image needs no curl. Sends the
# bearer token when one is configured (WF_TOKEN_FILE): off loopback the
# daemon wants it for health too unless WF_PUBLIC_HEALTH=true (the image's
# default).
set -u
port=${PORT:-${WF_PORT:-8080}}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
auth=
if [ -n "${WF_TOKEN_FILE:-}" ] && [ -r "$WF_TOKEN_FILE" ]; then
  auth="Authorization: Bearer $(tr -d '[:space:]' <"$WF_TOKEN_FILE")"$'\r\n'
fi
printf 'GET /api/v1/health HTTP/1.0\r\nHost: localhost\r\n%sConnection: close\r\n\r\n' \
  "$auth" >&3
IFS= read -r -t 5 status <&3 || exit 1
exec 3<&-
case "$status" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) echo "health: ${status%$'\r'}" >&2; exit 1 ;;
esac
