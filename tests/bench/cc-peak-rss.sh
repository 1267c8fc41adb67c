#!/bin/sh
# Compiler wrapper that records the peak RSS and wall time of every compiler
# and linker process (GNU time), one line per process in $WF_RSS_LOG:
#   PEAK_KB WALL_S OUTPUT
# Use: CC="tests/bench/cc-peak-rss.sh gcc" CXX="tests/bench/cc-peak-rss.sh g++"
#      WF_RSS_LOG=/tmp/rss.log meson setup ...
# Without WF_RSS_LOG it runs the compiler unchanged.
[ -n "${WF_RSS_LOG:-}" ] || exec "$@"
out=?
prev=
for a in "$@"; do
  [ "$prev" = -o ] && out=$a
  prev=$a
done
tmp=$(mktemp)
/usr/bin/time -f '%M %e' -o "$tmp" "$@"
rc=$?
# Ninja names outputs relative to the build tree; meson's compiler probes
# write to absolute temporary paths: keep only the former.
case "$out" in
  /*|\?) ;;
  *) printf '%s %s\n' "$(tail -n 1 "$tmp")" "$out" >>"$WF_RSS_LOG" ;;
esac
rm -f "$tmp"
exit $rc
