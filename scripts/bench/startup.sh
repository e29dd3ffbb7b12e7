#!/usr/bin/env bash
# Start-up of the launcher: `scripts/stampede --help`, wall time, median of 5 (hyperfine when installed), with the
# class-data-sharing archive the launcher keeps in target/ (docs/engine.md, "Start-up"); then the same with
# STAMPEDE_CDS=0 for comparison. Target: <= 0.25 s on an idle 2-core machine (print the load average beside it).
# Also checks that the archive is never stale: a rebuilt jar (here: its modification time moved) gets a new archive
# and the old one is deleted.
#
#   scripts/bench/startup.sh [RUNS]     (default 5)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runs=${1:-5}
launcher="$root/scripts/stampede"
"$launcher" --version > /dev/null            # build if needed, and create the archive on this first run
archive=$(ls "$root"/target/stampede-*.jsa 2>/dev/null | head -n 1 || true)
if [ -z "$archive" ]; then echo "startup: FAIL: no archive in target/ after the first run" >&2; exit 1; fi

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
measure() { # prints the median wall seconds of $runs runs of --help, with env $1
  local i t0 t1
  for ((i = 0; i < runs; i++)); do
    t0=$(date +%s.%N); env "$1" "$launcher" --help > /dev/null; t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc
  done | median
}
load=$(cut -d' ' -f1-3 /proc/loadavg)
if command -v hyperfine > /dev/null; then
  hyperfine -N --warmup 1 --runs "$runs" "$launcher --help" "env STAMPEDE_CDS=0 $launcher --help"
fi
with=$(measure STAMPEDE_CDS=1)
without=$(measure STAMPEDE_CDS=0)
printf 'startup: scripts/stampede --help median of %s: %.3f s with the archive, %.3f s without (target <= 0.25 s); load average %s\n' \
  "$runs" "$with" "$without" "$load"

# never stale: a new jar (new modification time) must not meet the old archive. The jar's time moves one second
# back (never ahead of the sources, so the launcher's rebuild check still sees an edit) and is restored after.
jar="$root/target/stampede.jar"
mtime=$(stat -c %Y "$jar")
touch -d "@$((mtime - 1))" "$jar"
"$launcher" --version > /dev/null
after=$(ls "$root"/target/stampede-*.jsa)
touch -d "@$mtime" "$jar"
if [ "$after" = "$archive" ] || [ "$(echo "$after" | wc -l)" -ne 1 ]; then
  echo "startup: FAIL: after the jar changed the archives are: $after (before: $archive)" >&2; exit 1
fi
echo "startup: a changed jar got a new archive ($(basename "$after")) and the old one was deleted"
