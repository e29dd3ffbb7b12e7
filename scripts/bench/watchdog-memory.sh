#!/usr/bin/env bash
# The attempt-timeout watchdog must release a finished attempt at once: with a long request timeout at a high
# rate, what it holds must stay at the attempts in flight, not grow with rate x timeout. A deadline queue released
# only from its head holds every finished attempt behind one that hangs: the mock hangs 1 attempt in 1,000.
#
# Usage: scripts/bench/watchdog-memory.sh [RATE=2000] [SECONDS=20] [TIMEOUT=120s]
# Runs 'stampede run' (open model, RATE/s for SECONDS, one strategy, no retries) against the embedded mock on
# loopback (1 ms latency, 0.1 % of attempts never answered) with request.timeout TIMEOUT, and every 2 s counts the live deadline objects of the
# watchdog (HttpTransport$Deadline) and the live heap with 'jcmd GC.class_histogram' (which runs a full GC first).
# Prints each sample, then: max_deadlines=<n> last_deadlines=<n> (the last sample, during the end-of-run drain, when
# only hung attempts are in flight) max_live_heap_mib=<n> attempts=<n>. Bounded: the run ends after
# SECONDS plus the warm-up and the drain (hung attempts get the 30 s drain grace); the JVM is stopped by its PID if
# it outlives SECONDS by 90 s.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/scripts/find-jdk.sh"
rate=${1:-2000}
seconds=${2:-20}
timeout=${3:-120s}

work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/watchdog.yaml" <<YAML
name: watchdog-memory
description: ${rate}/s for ${seconds}s with a ${timeout} attempt timeout against a fast embedded mock.
duration: ${seconds}s
seed: 7
request: { timeout: ${timeout} }
load: { rate: ${rate}/s }
server:
  latency: { fixed: 1ms }
  phases: [ { at: 0s, hang: 0.001 } ]   # 1 attempt in 1,000 never answered: it sits in the watchdog for the whole timeout
retry: { maxAttempts: 1 }
strategies: [none]
YAML

# Build first (the launcher builds when sources changed), so the sampled process is the run itself.
"$root/scripts/stampede" --version >/dev/null
JAVA_OPTS="${JAVA_OPTS:--Xmx1g}" "$root/scripts/stampede" run "$work/watchdog.yaml" --no-live --json "$work/result.json" >"$work/run.log" 2>&1 &
pid=$!

max_deadlines=0
last_deadlines=0
max_heap=0
limit=$((seconds + 90))
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  sleep 2
  if ! histogram=$("$JAVA_HOME/bin/jcmd" "$pid" GC.class_histogram 2>/dev/null); then continue; fi
  deadlines=$(printf '%s\n' "$histogram" | awk '$4 ~ /HttpTransport\$Deadline$/ {print $2}' | head -1)
  deadlines=${deadlines:-0}
  heap_mib=$(printf '%s\n' "$histogram" | awk '$1 == "Total" {printf "%d", $3 / 1048576}')
  heap_mib=${heap_mib:-0}
  echo "t=$(( $(date +%s) - start ))s deadlines=$deadlines live_heap_mib=$heap_mib"
  last_deadlines=$deadlines
  [ "$deadlines" -gt "$max_deadlines" ] && max_deadlines=$deadlines
  [ "$heap_mib" -gt "$max_heap" ] && max_heap=$heap_mib
  if [ $(( $(date +%s) - start )) -gt "$limit" ]; then echo "the run outlived ${limit}s: stopping it" >&2; break; fi
done
wait "$pid" 2>/dev/null || true
attempts=$(grep -o '"attempts" : [0-9]*' "$work/result.json" 2>/dev/null | head -1 | grep -o '[0-9]*$' || echo "?")
echo "max_deadlines=$max_deadlines last_deadlines=$last_deadlines max_live_heap_mib=$max_heap attempts=$attempts"
