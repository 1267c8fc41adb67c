#!/bin/sh
# Builds the container image from the Dockerfile with podman, without a
# registry: the base image is the local debootstrap one (build-base.sh).
#   tests/container/build-image.sh [full|lite] [IMAGE]
# Default IMAGE: localhost/workforce-monitor:VARIANT. Needs root, podman and
# network access to the Debian mirror and the npm registry. Takes minutes
# (all -dev packages are installed in the build stage): run it in the
# background, see docs/deployment.md.
set -eu
cd "$(dirname "$0")/../.."

variant=${1:-full}
image=${2:-localhost/workforce-monitor:$variant}
base=${WF_BASE_IMAGE:-localhost/debian:bookworm-minbase}
case "$variant" in
  full|lite) ;;
  *) echo "build-image.sh: variant must be full or lite" >&2; exit 64 ;;
esac

tests/container/build-base.sh "$base"
# Behind a TLS-intercepting proxy the host trusts its CA through
# NODE_EXTRA_CA_CERTS: lend that bundle to the build stage's npm.
ca_args=
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
  ca_args="--volume $NODE_EXTRA_CA_CERTS:/run/host-ca/ca.crt:ro
    --build-arg NODE_EXTRA_CA_CERTS=/run/host-ca/ca.crt"
fi
start=$(date +%s)
# chroot isolation: no container runtime is needed to run the RUN steps.
# docker format: keeps HEALTHCHECK (the OCI format has no such field).
podman build --isolation=chroot --format docker \
  --build-arg BASE_IMAGE="$base" --build-arg VARIANT="$variant" \
  $ca_args --layers=true -t "$image" .
end=$(date +%s)
size=$(podman image inspect --format '{{.Size}}' "$image")
echo "build-image.sh: $image built in $((end - start)) s," \
  "$((size / 1048576)) MiB"
