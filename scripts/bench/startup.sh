# Start-up of the launcher: `scripts/stampede --help`, wall time and CPU time (user + sys, which a loaded machine distorts
# less than wall time), medians of RUNS runs (default 5; hyperfine too when installed), with the class data the
# launcher keeps in target/ (docs/engine.md, "Start-up": an AOT cache on JDK 25+, a dynamic CDS archive on 21-24);
# then the same with STAMPEDE_CDS=0 for comparison, the two interleaved. Target: <= 0.25 s wall on an idle 2-core
# machine (the load average is printed beside it).
# Also checks that the cache is never stale: a rebuilt jar (here: its modification time moved) gets a new one and the
# old one is deleted.
#
#   scripts/bench/startup.sh [RUNS]     (default 5)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runs=${1:-5}
launcher="$root/scripts/stampede"
"$launcher" --version > /dev/null            # build if needed, and create the cache (or archive) on this first run
archives() { ls "$root"/target/stampede-*.aot "$root"/target/stampede-*.jsa 2>/dev/null || true; }
archive=$(archives | head -n 1)
if [ -z "$archive" ]; then echo "startup: FAIL: no AOT cache or CDS archive in target/ after the first run" >&2; exit 1; fi

case "$archive" in *.aot) kind="AOT cache" ;; *) kind="CDS archive" ;; esac
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
TIMEFORMAT='%R %U %S'
: > "$root/target/startup.with" ; : > "$root/target/startup.without"
for ((i = 0; i < runs; i++)); do # interleaved, so a change in the machine's load hits both alike
  for mode in with without; do
    if [ "$mode" = with ]; then cds=1; else cds=0; fi
    { time env STAMPEDE_CDS=$cds "$launcher" --help > /dev/null 2>&1; } 2>> "$root/target/startup.$mode"
  done
done
load=$(cut -d' ' -f1-3 /proc/loadavg)
wall() { awk '{ print $1 }' "$root/target/startup.$1" | median; }
cpu() { awk '{ printf "%.3f\n", $2 + $3 }' "$root/target/startup.$1" | median; }
if command -v hyperfine > /dev/null; then
  hyperfine -N --warmup 1 --runs "$runs" "$launcher --help" "env STAMPEDE_CDS=0 $launcher --help"
fi
printf 'startup: scripts/stampede --help, median of %s: wall %.3f s, cpu %.3f s with the %s; wall %.3f s, cpu %.3f s without (target: wall <= 0.25 s); load average %s\n' \
  "$runs" "$(wall with)" "$(cpu with)" "$kind" \
  "$(wall without)" "$(cpu without)" "$load"
rm -f "$root/target/startup.with" "$root/target/startup.without"

# never stale: a new jar (new modification time) must not meet the old cache. The jar's time moves one second
# back (never ahead of the sources, so the launcher's rebuild check still sees an edit) and is restored after.
jar="$root/target/stampede.jar"
mtime=$(stat -c %Y "$jar")
touch -d "@$((mtime - 1))" "$jar"
"$launcher" --version > /dev/null
after=$(archives)
touch -d "@$mtime" "$jar"
if [ "$after" = "$archive" ] || [ "$(echo "$after" | wc -l)" -ne 1 ]; then
  echo "startup: FAIL: after the jar changed the caches are: $after (before: $archive)" >&2; exit 1
fi
"$launcher" --version > /dev/null  # and one for the restored jar, so target/ is left with a matching cache
echo "startup: a changed jar got a new cache ($(basename "$after")) and the old one was deleted"
