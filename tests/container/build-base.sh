#!/bin/sh
# Builds a local Debian 12 base image (no registry needed) for the Dockerfile's
# BASE_IMAGE argument: debootstrap --variant=minbase from the Debian mirror this
# machine's apt is configured with, then podman import.
#   tests/container/build-base.sh [IMAGE]   (default localhost/debian:bookworm-minbase)
# Needs root, debootstrap and podman (apt-get install debootstrap podman).
set -eu

image=${1:-localhost/debian:bookworm-minbase}
if podman image exists "$image"; then
  echo "build-base.sh: $image exists (podman rmi it to rebuild)"
  exit 0
fi
for tool in debootstrap podman; do
  command -v $tool >/dev/null 2>&1 || {
    echo "build-base.sh: $tool is missing: apt-get install $tool" >&2
    exit 69
  }
done

# The first Debian mirror and security mirror apt uses here (deb822 or
# one-line format).
uris=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
    /etc/apt/sources.list.d/*.sources 2>/dev/null \
  | sed -n -e 's/^URIs:[[:space:]]*//p' \
      -e 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]*\)\{0,1\}\([^[:space:]]*\).*/\2/p')
mirror=$(echo "$uris" | grep -E '/debian/?$' | head -n 1)
security=$(echo "$uris" | grep -E '/debian-security/?$' | head -n 1)
if [ -z "$mirror" ]; then
  echo "build-base.sh: no Debian mirror in /etc/apt/sources.list*" >&2
  exit 78
fi

root=$(mktemp -d /var/tmp/wf-base.XXXXXX)
trap 'rm -rf "$root"' EXIT INT TERM
echo "build-base.sh: debootstrap bookworm from $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || {
  tail -n 20 "$root.log" >&2
  exit 1
}
rm -f "$root.log"
{
  echo "deb $mirror bookworm main"
  echo "deb $mirror bookworm-updates main"
  [ -n "$security" ] && echo "deb $security bookworm-security main"
} >"$root/etc/apt/sources.list"
# Same slimming as Debian's official images: no apt caches in layers.
rm -rf "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/*
tar -C "$root" --numeric-owner -c . \
  | podman import --change 'CMD ["/bin/bash"]' - "$image" >/dev/null
echo "build-base.sh: imported $image"
