#!/usr/bin/env bash
# Max attempts/s of `stampede run` (closed model, no think time, no retries, healthy target) against a
# static nginx endpoint on loopback, beside wrk and beside a bare java.net.http loop (BareLoop.java: one
# shared client, virtual threads) — same endpoint, same concurrency, same duration, each after a warm-up.
# Target: stampede >= 90 % of the bare loop in the median of ROUNDS rounds (measured here: wrk gets about twice
# what java.net.http gets). The three run in turn in every round, so the drift of a shared machine's speed hits a
# round's three alike; each round's ratios are printed, then their medians.
#
# Usage: scripts/bench/engine-vs-wrk.sh [CONCURRENCY=64] [SECONDS=15] [WARMUP_SECONDS=10] [ROUNDS=3]
# Environment: METRICS=1 runs stampede with --metrics on a free loopback port and scrapes it every second
# (as a Prometheus with a 1 s interval would) while it runs; SKIP_BASELINES=1 skips wrk and the bare loop
# (for interleaved with/without --metrics pairs: scripts/bench/metrics-overhead.sh).
# Installs Debian's nginx-light and wrk when missing; nginx runs on its own prefix and a free loopback
# port in a temp dir, and is stopped by its PID at the end.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/scripts/find-jdk.sh"
concurrency=${1:-64}
seconds=${2:-15}
warmup=${3:-10}
rounds=${4:-3}

command -v wrk >/dev/null 2>&1 || { echo "installing wrk (Debian package)..." >&2; apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
. "$root/scripts/bench/nginx-static.sh"
scraper=""
nginx_cleanup_hooks+=('[ -n "$scraper" ] && kill "$scraper" 2>/dev/null')
url="$base/index.html"

echo "endpoint: $url (nginx pid $nginx_pid); concurrency $concurrency, ${seconds}s measured after ${warmup}s warm-up" >&2

# 1. wrk: a warm-up run, then the measured one.
run_wrk() {
  wrk -t1 -c"$concurrency" -d"${warmup}s" "$url" >/dev/null
  wrk -t1 -c"$concurrency" -d"${seconds}s" "$url" | awk '/Requests\/sec/ {print $2}'
}

# 2. The bare java.net.http loop.
run_bare() {
  "$JAVA_HOME/bin/java" -Xshare:auto "$root/scripts/bench/BareLoop.java" "$url" "$concurrency" "$warmup" "$seconds"
}

# 3. stampede: two strategies in one JVM; with one attempt per request the strategy changes nothing, so
#    the first run is the warm-up and the second is measured.
cat > "$work/bench.yaml" <<YAML
name: engine-vs-wrk
duration: ${seconds}s
target: http://127.0.0.1:$port
request: { method: GET, path: /index.html, timeout: 10s }
load: { model: closed, clients: $concurrency, think: 0s }
retry: { maxAttempts: 1 }
strategies: [none, full]
YAML
metrics_args=()
if [ "${METRICS:-0}" = 1 ]; then
  metrics_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  metrics_args=(--metrics "127.0.0.1:$metrics_port")
  (while true; do curl -s -o /dev/null "http://127.0.0.1:$metrics_port/metrics" || true; sleep 1; done) &
  scraper=$!
fi
run_stampede() {  # prints "attempts/s errors"
  "$root/scripts/stampede" run "$work/bench.yaml" --no-live --quiet --json "$work/result.json" \
    --duration "${seconds}s" "${metrics_args[@]}" >/dev/null 2>"$work/stampede.err" || { cat "$work/stampede.err" >&2; exit 1; }
  python3 - "$work/result.json" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][1]
statuses = run.get("statuses", {})
errors = sum(v for k, v in statuses.items() if not k.startswith("2"))
print(f'{run["attempts"] / run["durationSeconds"]:.0f} {errors}')
PY
}

if [ "${SKIP_BASELINES:-0}" = 1 ]; then
  read -r stampede_rps stampede_errors < <(run_stampede)
  if [ -n "$scraper" ]; then kill "$scraper" 2>/dev/null || true; wait "$scraper" 2>/dev/null || true; fi
  echo "stampede run   $stampede_rps attempts/s   (errors $stampede_errors; --metrics ${METRICS:-0})"
  exit 0
fi
results=()
for ((round = 1; round <= rounds; round++)); do
  wrk_rps=$(run_wrk)
  bare_out=$(run_bare)
  bare_rps=$(sed -n 's/.*bare_rps=\([0-9.]*\).*/\1/p' <<<"$bare_out")
  read -r stampede_rps stampede_errors < <(run_stampede)
  results+=("$wrk_rps $bare_rps $stampede_rps $stampede_errors $(cut -d' ' -f1 /proc/loadavg)")
  echo "round $round: wrk $wrk_rps req/s, bare loop $bare_rps req/s ($bare_out), stampede $stampede_rps attempts/s (errors $stampede_errors)" >&2
done
if [ -n "$scraper" ]; then kill "$scraper" 2>/dev/null || true; wait "$scraper" 2>/dev/null || true; fi
printf '%s\n' "${results[@]}" | python3 -c '
import statistics, sys
rows = [[float(x) for x in line.split()] for line in sys.stdin if line.strip()]
for i, (wrk, bare, st, errors, load) in enumerate(rows, 1):
    print(f"round {i}: wrk {wrk:>7,.0f} req/s · bare loop {bare:>7,.0f} req/s · stampede run {st:>7,.0f} attempts/s "
          f"(errors {errors:.0f}) · stampede / bare loop {st / bare:.0%} · stampede / wrk {st / wrk:.0%} (load {load})")
ratio = statistics.median(st / bare for _, bare, st, _, _ in rows)
to_wrk = statistics.median(st / wrk for wrk, _, st, _, _ in rows)
bare_to_wrk = statistics.median(bare / wrk for wrk, bare, _, _, _ in rows)
verdict = "met" if ratio >= 0.9 else "NOT met"
print(f"median of {len(rows)} rounds: stampede / bare loop = {ratio:.0%} (target >= 90%: {verdict})"
      f" · stampede / wrk = {to_wrk:.0%} · bare loop / wrk = {bare_to_wrk:.0%}")
'

