#!/bin/bash
# Smoke-tests a built image without a container runtime (podman run does not
# work on every host): the image's file system is mounted with podman and its
# programs run by chroot, as the image's user, with the image's environment.
#   tests/container/smoke.sh [IMAGE] [SHARED_DIR]
# Checks: the image metadata (user, port, health check, command); the demo
# enrols its people and names them (full image); WF_TOKEN_FILE stays
# healthy; every ELF
# file of ours resolves all its libraries (ldd in the image); no compiler,
# -dev package or npm in the image; no file of the shared test data in the
# image; the default command starts and answers /api/v1/health (also through
# the image's own HEALTHCHECK script) and exits 0 on SIGTERM within 5 s; a
# broken configuration exits non-zero with the reason on stderr.
set -uo pipefail
image=${1:-localhost/workforce-monitor:full}
shared=${2:-$(cd "$(dirname "$0")/../.." && pwd)/../shared}

failures=0
pass() { echo "ok - $*"; }
fail() { echo "not ok - $*"; failures=$((failures + 1)); }

[ "$(id -u)" = 0 ] || { echo "smoke.sh: needs root (chroot, mount)" >&2; exit 77; }
podman image exists "$image" || { echo "smoke.sh: no image $image: run build-image.sh" >&2; exit 77; }

ctr=$(podman create "$image") || exit 1
mnt=$(podman mount "$ctr") || exit 1
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  umount "$mnt/proc" "$mnt/dev" 2>/dev/null
  podman umount "$ctr" >/dev/null 2>&1
  podman rm "$ctr" >/dev/null 2>&1
}
trap cleanup EXIT

# Image metadata.
cfg() { podman image inspect --format "$1" "$image"; }
user=$(cfg '{{.Config.User}}')
[ -n "$user" ] && [ "$user" != root ] && [ "$user" != 0 ] \
  && pass "runs as non-root user '$user'" || fail "image user is '$user'"
cfg '{{range $p, $v := .Config.ExposedPorts}}{{$p}} {{end}}' | grep -q 8080/tcp \
  && pass "exposes 8080/tcp" || fail "no EXPOSE 8080"
hc=$(cfg '{{if .Config.Healthcheck}}{{join .Config.Healthcheck.Test " "}}{{end}}')
[ -n "$hc" ] && pass "HEALTHCHECK $hc" || fail "no HEALTHCHECK (build with --format docker)"
cmd=$(cfg '{{join .Config.Cmd " "}}')
entry=$(cfg '{{join .Config.Entrypoint " "}}')
[ "$cmd" = "workforce-monitor --demo" ] && pass "CMD $cmd" || fail "CMD is '$cmd'"
mapfile -t envs < <(cfg '{{range .Config.Env}}{{println .}}{{end}}' | sed '/^$/d')
echo "# environment: ${envs[*]}"

# Libraries: ldd inside the image on every ELF file we installed.
bins=$(cd "$mnt" && find usr/bin/workforce-monitor* usr/lib/*/libwfcore* \
  usr/lib/*/gstreamer-1.0/libgstworkforce.so -type f 2>/dev/null)
[ -n "$bins" ] || fail "no workforce-monitor binary in the image"
for b in $bins; do
  out=$(chroot "$mnt" ldd "/$b" 2>&1)
  if [ $? -ne 0 ] || echo "$out" | grep -q "not found"; then
    fail "ldd /$b: $(echo "$out" | grep 'not found' | tr '\n' ' ')"
  else
    pass "ldd /$b: $(echo "$out" | grep -c '=>') libraries, all found"
  fi
done
blas=$(chroot "$mnt" ldd /usr/lib/x86_64-linux-gnu/libdlib.so.19.1 2>/dev/null \
  | awk '/libblas.so.3/ { print $3 }')
if [ -n "$blas" ]; then
  real=$(chroot "$mnt" readlink -f "$blas")
  case "$real" in
    *openblas*) pass "dlib's BLAS is $real" ;;
    *) fail "dlib's BLAS is $real, not OpenBLAS" ;;
  esac
fi

# Nothing of the build stage.
dev=$(chroot "$mnt" dpkg-query -W -f '${Package}\n' \
  | grep -E -- '-dev$|^(gcc|g\+\+|cpp|clang|npm|nodejs|meson|ninja-build)(-[0-9.]+)?$' | tr '\n' ' ')
[ -z "$dev" ] && pass "no compiler, -dev package or npm" || fail "build packages in image: $dev"
[ ! -e "$mnt/src" ] && [ ! -e "$mnt/usr/share/workforce-monitor/node_modules" ] \
  && pass "no source tree or node_modules" || fail "build leftovers in the image"

# No shared test data: hash every image file whose size equals a test file's.
if [ -d "$shared/testdata" ]; then
  sizes=$(mktemp)
  sums=$(mktemp)
  find "$shared/testdata" -type f -size +4k -printf '%s %p\n' >"$sizes"
  find "$shared/testdata" -type f -size +4k -exec sha256sum {} + | cut -d' ' -f1 | sort -u >"$sums"
  leaked=$(find "$mnt" -xdev -type f -size +4k -printf '%s %p\n' 2>/dev/null \
    | awk 'NR == FNR { want[$1] = 1; next } ($1 in want) { print $2 }' "$sizes" - \
    | while IFS= read -r f; do
        h=$(sha256sum "$f" | cut -d' ' -f1)
        if grep -qx "$h" "$sums"; then
          echo "${f#"$mnt"}"
        fi
      done)
  rm -f "$sizes" "$sums"
  [ -z "$leaked" ] && pass "no file of $shared/testdata in the image (compared by size, then sha256)" \
    || fail "test data in the image: $leaked"
else
  echo "# $shared/testdata absent: test-data check skipped"
fi

# Run the default command as the image's user, with its environment.
mount -t proc proc "$mnt/proc" && mount --bind /dev "$mnt/dev" || fail "cannot mount /proc, /dev"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
home=$(chroot "$mnt" getent passwd "${user%%:*}" | cut -d: -f6)
# Call in a subshell: it execs, so that a background one's $! is the daemon.
run_in() {
  exec env -i "${envs[@]}" HOME="$home" PORT="$port" \
    chroot --userspec="$user:$user" "$mnt" /bin/sh -c 'cd "$HOME" && exec "$@"' sh "$@"
}
log=$(mktemp)
t0=$(date +%s.%N)
run_in $entry $cmd >"$log" 2>&1 &
pid=$!
ready=
for _ in $(seq 1 300); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/api/v1/health" 2>/dev/null; then
    ready=$(date +%s.%N)
    break
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -n "$ready" ]; then
  pass "default command answers /api/v1/health on port $port after $(awk -v a="$ready" -v b="$t0" 'BEGIN { printf "%.2f", a - b }') s"
  echo "# health: $(curl -sS "http://127.0.0.1:$port/api/v1/health")"
  (run_in /usr/libexec/workforce-monitor/healthcheck) \
    && pass "the image's HEALTHCHECK script reports healthy" \
    || fail "the image's HEALTHCHECK script reports unhealthy"
  # The demo enrols its people (full image) and recognises them in the
  # video: named in the gallery, then an identity event in the journal.
  variant=$(printf '%s\n' "${envs[@]}" | sed -n 's/^WF_VARIANT=//p')
  if [ "$variant" = full ]; then
    # Listening on every address, the daemon wants the token on every
    # request but health: the demo's random one, which it prints.
    token=$(sed -n 's/^workforce-monitor: demo token (for changes): //p' "$log" | head -n 1)
    auth=(-H "Authorization: Bearer $token")
    [ -n "$token" ] || fail "the demo printed no token"
    names=
    for _ in $(seq 1 180); do
      names=$(curl -fsS "${auth[@]}" "http://127.0.0.1:$port/api/v1/employees" 2>/dev/null \
        | python3 -c 'import json, sys; print(",".join(sorted(e["name"] for e in json.load(sys.stdin)["employees"])))' 2>/dev/null)
      [ "$(echo "$names" | tr ',' '\n' | grep -c '^Demo Person [1-6]$')" = 6 ] && break
      sleep 0.5
    done
    [ "$(echo "$names" | tr ',' '\n' | grep -c '^Demo Person [1-6]$')" = 6 ] \
      && pass "the demo enrols its six people: $names" \
      || { fail "the demo enrolled '$names'"; grep -i 'demo' "$log" | sed 's/^/# /' | tail -n 10; }
    who=
    for _ in $(seq 1 240); do
      who=$(curl -fsS "${auth[@]}" "http://127.0.0.1:$port/api/v1/journal?limit=10000" 2>/dev/null \
        | python3 -c 'import json, sys; print(",".join(sorted({(e.get("data") or {}).get("name") or "" for e in json.load(sys.stdin)["events"] if e["type"] == "identity"} - {""})))' 2>/dev/null)
      [ -n "$who" ] && break
      sleep 0.5
    done
    [ -n "$who" ] && pass "the demo names the people it sees: $who" \
      || fail "no identity with a name in the journal within 120 s"
  else
    echo "# variant '$variant': no recognition, enrolment not checked"
  fi
  rss=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
  echo "# daemon RSS: ${rss:-?} kB"
  kill -TERM "$pid"
  rc=
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid"; rc=$?; break; }
    sleep 0.1
  done
  [ "$rc" = 0 ] && pass "SIGTERM: exit 0 within 5 s" || fail "SIGTERM: exit status '${rc:-still running}'"
  pid=
else
  fail "default command did not answer /api/v1/health within 30 s"
  sed 's/^/# /' "$log" | tail -n 30
fi

# WF_TOKEN_FILE with the default command and health closed: the daemon and
# the HEALTHCHECK use the same token, so the container stays healthy.
tok="$mnt/tmp/wf-token"
echo "smoke-token-0123456789abcdef" >"$tok"
chroot "$mnt" chown "$user" /tmp/wf-token && chmod 0400 "$tok"
port2=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(exec env -i "${envs[@]}" HOME="$home" PORT="$port2" WF_TOKEN_FILE=/tmp/wf-token \
  WF_PUBLIC_HEALTH=false chroot --userspec="$user:$user" "$mnt" /bin/sh -c 'cd "$HOME" && exec "$@"' \
  sh $entry $cmd) >/dev/null 2>&1 &
pid=$!
healthy=
for _ in $(seq 1 300); do
  if (exec env -i "${envs[@]}" HOME="$home" PORT="$port2" WF_TOKEN_FILE=/tmp/wf-token \
      WF_PUBLIC_HEALTH=false chroot --userspec="$user:$user" "$mnt" \
      /usr/libexec/workforce-monitor/healthcheck) 2>/dev/null; then
    healthy=1
    break
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$healthy" ] && pass "WF_TOKEN_FILE with the default command: healthy" \
  || fail "WF_TOKEN_FILE with the default command: not healthy within 30 s"
kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=
rm -f "$tok"

# H.264 (what RTSP cameras send) decodes with the image's plugins: a test
# video is copied into this container's writable layer, never the image.
video=$shared/testdata/video/faces_640x360_15fps_30s.mp4
if [ -f "$video" ]; then
  cp "$video" "$mnt/tmp/h264.mp4" && chmod 0644 "$mnt/tmp/h264.mp4"
  out=$( (run_in gst-launch-1.0 -q uridecodebin uri=file:///tmp/h264.mp4 \
    ! videoconvert ! fakesink) 2>&1)
  rc=$?
  rm -f "$mnt/tmp/h264.mp4"
  [ $rc -eq 0 ] && pass "H.264 in MP4 decodes in the image (uridecodebin)" \
    || fail "H.264 does not decode in the image: $out"
else
  echo "# $video absent: H.264 check skipped"
fi

# A broken configuration: non-zero exit, the reason on stderr.
echo "[server" >"$mnt/tmp/broken.conf"
err=$( (run_in $entry workforce-monitor --config /tmp/broken.conf) 2>&1 >/dev/null)
rc=$?
[ $rc -ne 0 ] && [ -n "$err" ] && pass "broken configuration: exit $rc, '$(echo "$err" | head -n 1)'" \
  || fail "broken configuration: exit $rc, stderr '$err'"
rm -f "$log"

echo "# $image: $(($(podman image inspect --format '{{.Size}}' "$image") / 1048576)) MiB"
[ $failures -eq 0 ] && echo "smoke.sh: all checks passed" || echo "smoke.sh: $failures check(s) failed"
[ $failures -eq 0 ]
