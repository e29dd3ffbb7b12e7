#!/usr/bin/env bash
# The highest open-model rate stampede holds against a static nginx endpoint (/ok, one worker, 127.0.0.1):
# for each rate, one JVM runs two identical rows of SECONDS each (maxAttempts 1, so the strategy changes
# nothing): the first warms the JIT up at the rate asked, the second is measured. A rate holds when, in the
# measured row, achieved = target (within 1 %), clientSaturated = 0 and the request p99 (corrected, from the
# intended start) < 10 ms. Prints each rate's figures (requests served per second, p50, p99, the generator lag p99, connection wait p99,
# client-bound), then the highest rate that held. Goal (issue "The open model holds its rate"): >= 20,000/s.
#
# Usage: scripts/bench/open-rate.sh [SECONDS=30] [RATES="5000 10000 15000 20000 25000 30000"]
# Environment: CONNECTIONS=N sets client.connections (default: the open model's default pool);
# STOP_AT_FAIL=0 keeps going past the first rate that does not hold (to see how stampede degrades above it).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/scripts/find-jdk.sh"
seconds=${1:-30}
rates=${2:-"5000 10000 15000 20000 25000 30000"}
. "$root/scripts/bench/nginx-static.sh"
echo "endpoint: $base/ok (nginx pid $nginx_pid, one worker); ${seconds}s measured after a ${seconds}s warm-up row; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

client_block=""
[ -n "${CONNECTIONS:-}" ] && client_block="client: { connections: $CONNECTIONS }"
best=0
printf '%-8s %-9s %-8s %-7s %-8s %-8s %-9s %-9s %-6s %-6s %s\n' target achieved served sat p50ms p99ms lagp99ms waitp99ms bound holds loadavg
for rate in $rates; do
  cat > "$work/open.yaml" <<YAML
name: open-rate
duration: ${seconds}s
gracefulStop: 0s
target: $base
request: { method: GET, path: /ok, timeout: 2s }
load: { rate: ${rate}/s, maxInFlight: 10000 }
$client_block
retry: { maxAttempts: 1 }
strategies: [none, full]
YAML
  "$root/scripts/stampede" run "$work/open.yaml" --no-live --quiet --json "$work/result.json" >/dev/null 2>"$work/err" \
    || [ -s "$work/result.json" ] || { cat "$work/err" >&2; exit 1; }
  line=$(python3 - "$work/result.json" "$rate" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][1]
target = float(sys.argv[2])
req = run["requests"]
sat = req["failures"].get("clientSaturated", 0)
p50 = run["latencyMs"]["request"]["p50"]; p99 = run["latencyMs"]["request"]["p99"]
c = run.get("client") or {}
holds = req["achievedRate"] >= 0.99 * target and sat == 0 and p99 is not None and p99 < 10
f = lambda v: "-" if v is None else f"{v:.2f}"
print(f'{req["achievedRate"]:.0f} {req["succeeded"] / run["durationSeconds"]:.0f} {sat} {f(p50)} {f(p99)} {f(c.get("lagP99Ms"))} {f(c.get("connectionWaitMs", {}).get("p99"))} '
      f'{c.get("clientBound")} {"yes" if holds else "no"}')
PY
)
  read -r achieved served sat p50 p99 lag wait bound holds <<<"$line"
  printf '%-8s %-9s %-8s %-7s %-8s %-8s %-9s %-9s %-6s %-6s %s\n' "$rate" "$achieved" "$served" "$sat" "$p50" "$p99" "$lag" "$wait" "$bound" "$holds" "$(cut -d' ' -f1 /proc/loadavg)"
  if [ "$holds" = yes ]; then
    best=$rate
  elif [ "${STOP_AT_FAIL:-1}" = 1 ]; then
    break
  fi
done
echo "highest open-model rate held for ${seconds}s: ${best}/s (goal >= 20000/s)"
