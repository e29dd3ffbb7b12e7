#!/usr/bin/env bash
# What `--metrics` costs the engine: engine-vs-wrk.sh's stampede run (closed model, no think time, healthy
# nginx on loopback) without and with --metrics plus a scrape every second, in interleaved pairs (the order
# alternates from pair to pair, so drift on a shared machine hits both sides alike); prints each pair and the
# medians. Benchmarks here vary +-30 % from run to run: read the medians, and the pairs for their spread.
#
# Usage: scripts/bench/metrics-overhead.sh [PAIRS=3] [CONCURRENCY=64] [SECONDS=15] [WARMUP_SECONDS=10]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
pairs=${1:-3}
shift || true
one() {  # one METRICS(0|1) [engine-vs-wrk args]: prints stampede's attempts/s
  local metrics=$1; shift
  SKIP_BASELINES=1 METRICS=$metrics "$root/scripts/bench/engine-vs-wrk.sh" "$@" | awk '/^stampede run/ {print $3}'
}
without=() with=()
for i in $(seq "$pairs"); do
  if [ $((i % 2)) = 1 ]; then a=$(one 0 "$@"); b=$(one 1 "$@"); else b=$(one 1 "$@"); a=$(one 0 "$@"); fi
  without+=("$a") with+=("$b")
  echo "pair $i: without --metrics $a attempts/s, with --metrics $b attempts/s"
done
python3 - "${without[*]}" "${with[*]}" <<'PY'
import statistics, sys
a = [float(x) for x in sys.argv[1].split()]
b = [float(x) for x in sys.argv[2].split()]
ma, mb = statistics.median(a), statistics.median(b)
print(f"median without --metrics {ma:,.0f} attempts/s, with --metrics {mb:,.0f} attempts/s: "
      f"with/without = {mb / ma:.0%} ({len(a)} pairs)")
PY
