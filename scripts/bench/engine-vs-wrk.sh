#!/usr/bin/env bash
# Max attempts/s of `stampede run` (closed model, no think time, no retries, healthy target) against a
# static nginx endpoint on loopback, beside wrk and beside a bare java.net.http loop (BareLoop.java: one
# shared client, virtual threads) — same endpoint, same concurrency, same duration, each after a warm-up.
# Target: stampede >= 90 % of the bare loop (measured here: wrk gets about twice what java.net.http gets).
#
# Usage: scripts/bench/engine-vs-wrk.sh [CONCURRENCY=64] [SECONDS=15] [WARMUP_SECONDS=10]
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

command -v wrk >/dev/null 2>&1 || { echo "installing wrk (Debian package)..." >&2; apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
. "$root/scripts/bench/nginx-static.sh"
scraper=""
nginx_cleanup_hooks+=('[ -n "$scraper" ] && kill "$scraper" 2>/dev/null')
url="$base/index.html"

echo "endpoint: $url (nginx pid $nginx_pid); concurrency $concurrency, ${seconds}s measured after ${warmup}s warm-up" >&2

if [ "${SKIP_BASELINES:-0}" != 1 ]; then
# 1. wrk: a warm-up run, then the measured one.
wrk -t1 -c"$concurrency" -d"${warmup}s" "$url" >/dev/null
wrk_rps=$(wrk -t1 -c"$concurrency" -d"${seconds}s" "$url" | awk '/Requests\/sec/ {print $2}')

# 2. The bare java.net.http loop.
bare_out=$("$JAVA_HOME/bin/java" -Xshare:auto "$root/scripts/bench/BareLoop.java" "$url" "$concurrency" "$warmup" "$seconds")
bare_rps=$(sed -n 's/.*bare_rps=\([0-9.]*\).*/\1/p' <<<"$bare_out")
fi

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
"$root/scripts/stampede" run "$work/bench.yaml" --no-live --quiet --json "$work/result.json" \
  --duration "${seconds}s" "${metrics_args[@]}" >/dev/null 2>"$work/stampede.err" || { cat "$work/stampede.err" >&2; exit 1; }
if [ -n "$scraper" ]; then kill "$scraper" 2>/dev/null || true; wait "$scraper" 2>/dev/null || true; fi
read -r stampede_rps stampede_errors < <(python3 - "$work/result.json" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][1]
statuses = run.get("statuses", {})
errors = sum(v for k, v in statuses.items() if not k.startswith("2"))
print(f'{run["attempts"] / run["durationSeconds"]:.0f} {errors}')
PY
)

if [ "${SKIP_BASELINES:-0}" = 1 ]; then
  echo "stampede run   $stampede_rps attempts/s   (errors $stampede_errors; --metrics ${METRICS:-0})"
  exit 0
fi
python3 - "$wrk_rps" "$bare_rps" "$stampede_rps" "$stampede_errors" "$bare_out" <<'PY'
import sys
wrk, bare, st = (float(x) for x in sys.argv[1:4])
print(f"wrk            {wrk:>10,.0f} req/s")
print(f"bare loop      {bare:>10,.0f} req/s   ({sys.argv[5].strip()})")
print(f"stampede run   {st:>10,.0f} attempts/s   (errors {sys.argv[4]})")
print(f"stampede / bare loop = {st / bare:.0%}   (target >= 90%)")
print(f"stampede / wrk       = {st / wrk:.0%}")
print(f"bare loop / wrk      = {bare / wrk:.0%}")
PY
