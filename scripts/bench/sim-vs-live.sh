#!/usr/bin/env bash
# Cross-validation: the same small scenario run live (`stampede run`, embedded mock on 127.0.0.1) and
# simulated (`stampede sim`), printed side by side per strategy: amplification, success rate, and the
# request latency p50/p99 (from the intended start). Live figures carry the real stack's overheads and
# noise; see docs/simulator.md for how close they should be and why they differ.
#
#   scripts/bench/sim-vs-live.sh [--strategy none,full] [--duration 20s] [--seed 7]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/sim-vs-live.yaml" <<'YAML'
name: sim-vs-live
description: 150/s offered to a mock that admits 100/s (20 ms each); four attempts, 200 ms base.
duration: 20s
seed: 7
load:
  model: open
  rate: 150/s
server:
  capacity: 100/s
  latency: { fixed: 20ms }
retry:
  maxAttempts: 4
  base: 200ms
  cap: 2s
  retryAfter: ignore
request:
  timeout: 2s
strategies: [none, full]
sim:
  # loopback HTTP: about a millisecond per exchange, and never exactly the same. A fixed delay would let
  # evenly spaced arrivals and no-jitter retries phase-lock with the token bucket (docs/simulator.md).
  network: { mean: 0.5ms, sd: 0.5ms }
YAML
"$root/scripts/stampede" --version > /dev/null   # build outside the measurement
"$root/scripts/stampede" run "$tmp/sim-vs-live.yaml" --no-live --quiet --json "$tmp/live.json" "$@" > /dev/null || [ $? -eq 99 ]
"$root/scripts/stampede" sim "$tmp/sim-vs-live.yaml" --no-live --quiet --json "$tmp/sim.json" "$@" > /dev/null || [ $? -eq 99 ]
printf '%-13s %-5s %9s %9s %9s %9s %9s %9s %10s\n' strategy mode requests attempts amplif success p50ms p99ms attemptP50
for mode in live sim; do
  jq -r --arg mode "$mode" '.runs[] | [.strategy, $mode, .requests.started, .attempts,
        (.amplification * 1000 | round / 1000),
        ((.requests.succeeded / .requests.started) * 1000 | round / 1000),
        .latencyMs.request.p50, .latencyMs.request.p99, .latencyMs.attempt.p50] | @tsv' "$tmp/$mode.json"
done | sort -s -k1,1 | while IFS=$'\t' read -r s m r a amp ok p50 p99 ap50; do
  printf '%-13s %-5s %9s %9s %9s %9s %9s %9s %10s\n' "$s" "$m" "$r" "$a" "$amp" "$ok" "$p50" "$p99" "$ap50"
done
