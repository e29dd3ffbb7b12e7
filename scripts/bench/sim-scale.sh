#!/usr/bin/env bash
# Simulator scale benchmark: 1,000,000 logical requests per strategy (open model, 20,000/s for 50 s) against
# a server whose capacity (15,000/s) is below the offered load, so retries pile up; four strategies.
# Prints the wall time and the events processed per second. Target: under a minute with JAVA_OPTS=-Xmx2g
# on a 2-core machine.
#
#   scripts/bench/sim-scale.sh [extra stampede sim options]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/sim-scale.yaml" <<'YAML'
name: sim-scale
description: 1,000,000 requests per strategy at 20,000/s against 15,000/s of capacity.
duration: 50s
seed: 1
load:
  model: open
  rate: 20000/s
  maxInFlight: 1000000
server:
  capacity: 15000/s
  latency: { p50: 20ms, p99: 200ms }
retry:
  maxAttempts: 5
  base: 100ms
  cap: 10s
strategies: [none, equal, decorrelated, full]
YAML
export JAVA_OPTS=${JAVA_OPTS:--Xmx2g}
# build first, so the build does not count
"$root/scripts/stampede" --version > /dev/null
start=$(date +%s.%N)
"$root/scripts/stampede" sim "$tmp/sim-scale.yaml" --no-live --json "$tmp/result.json" "$@" > "$tmp/report.txt" 2> "$tmp/err.txt" || {
  cat "$tmp/err.txt" >&2; exit 1; }
end=$(date +%s.%N)
cat "$tmp/report.txt"
grep -h '^sim:' "$tmp/err.txt" || true
jq -r '.runs[] | "  \(.strategy): \(.requests.started) requests, \(.attempts) attempts"' "$tmp/result.json"
events=$(grep -ho 'events=[0-9]*' "$tmp/err.txt" | cut -d= -f2 | paste -sd+ | bc)
wall=$(echo "$end - $start" | bc)
printf 'sim-scale: JAVA_OPTS=%s wall %.1f s (JVM start included), %s events, %.2f M events/s\n' \
  "$JAVA_OPTS" "$wall" "$events" "$(echo "$events / $wall / 1000000" | bc -l)"
