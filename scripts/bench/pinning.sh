#!/usr/bin/env bash
# Virtual-thread pinning during a short live run (docs/engine.md, "Locks"): runs scenarios/steady-overload.yaml
# against the embedded mock for DURATION with JDK Flight Recorder recording every jdk.VirtualThreadPinned event
# (threshold 0 ms), then prints their count and the top frames of each distinct stack. On JDK 24 and later a
# synchronized block no longer pins, so a count of 0 there says nothing about JDK 21; the hot-path rule
# (HotPathLockTest) covers that by review.
#
#   scripts/bench/pinning.sh [DURATION]      (default 10s)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
duration=${1:-10s}
. "$root/scripts/find-jdk.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/scripts/stampede" --version > /dev/null   # build first
load=$(cut -d' ' -f1-3 /proc/loadavg)
JAVA_OPTS="-XX:StartFlightRecording=filename=$tmp/run.jfr,settings=default,+jdk.VirtualThreadPinned#enabled=true,+jdk.VirtualThreadPinned#threshold=0ms,+jdk.VirtualThreadPinned#stackTrace=true" \
  "$root/scripts/stampede" run "$root/scenarios/steady-overload.yaml" --duration "$duration" --strategy full,none \
  --quiet > "$tmp/out.txt" 2> "$tmp/err.txt" || { cat "$tmp/err.txt" >&2; }
"$JAVA_HOME/bin/jfr" print --events jdk.VirtualThreadPinned "$tmp/run.jfr" > "$tmp/pinned.txt"
count=$(grep -c '^jdk.VirtualThreadPinned' "$tmp/pinned.txt" || true)
attempts=$(grep -o 'attempts [0-9]*' "$tmp/out.txt" | head -n 1 || true)
printf 'pinning: %s jdk.VirtualThreadPinned events in a %s live run (2 strategies) on JDK %s; load average %s\n' \
  "$count" "$duration" "$(stampede_jdk_major "$JAVA_HOME")" "$load"
if [ "$count" -gt 0 ]; then
  # per event: its top frame, and the first frame of ours below it (where our code was when it pinned)
  echo "pinning: events by top frame <- first stampede frame:"
  awk '/^jdk.VirtualThreadPinned/ { top = ""; ours = "" }
       /stackTrace = \[/ { getline; top = $1; intrace = 1; next }
       intrace && /dev\.stampede/ && ours == "" { ours = $1 }
       intrace && /^ *\]/ { print top " <- " (ours == "" ? "(none of ours)" : ours); intrace = 0 }' "$tmp/pinned.txt" \
    | sort | uniq -c | sort -rn | head -n 15
fi
