#!/usr/bin/env bash
# Deep-queue benchmark of the event-driven server model (docs/simulator.md, "How it scales"; docs/mock.md).
#
# 1. Simulated: events per second of the same open load (20,000/s for 20 s, one strategy, no retries) against
#    (a) the ideal server (no workers), (b) 100 workers with a shallow queue (1,000), and (c) 100 workers with
#    a 100,000-request queue kept full (1 s service: 100/s served, the rest waits or is shed): 100,000 requests
#    waiting at once for most of the run. The cost per event should stay flat (O(log n) per event).
# 2. Live: `stampede mock` in its own process (loopback only) with 10 workers, an unbounded queue and 60 s of
#    service, then 10,000 requests sent at once by a bounded client (java WaitingClients.java) that checks the
#    mock's /__stampede/stats reports 10,000 in service or waiting, and that no request failed before the mock
#    is stopped. Needs an open-files limit above 20,500 for the client (ulimit -n).
#
#   scripts/bench/deep-queue.sh            # both
#   scripts/bench/deep-queue.sh sim        # simulated only
#   scripts/bench/deep-queue.sh live       # the live mock only
set -euo pipefail
root0=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root0/scripts/find-jdk.sh"
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d)
mock_pid=
cleanup() { [[ -n $mock_pid ]] && kill "$mock_pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
export JAVA_OPTS=${JAVA_OPTS:--Xmx2g}
"$root/scripts/stampede" --version > /dev/null  # build first, so the build does not count

scenario() { # name server-block
  cat > "$tmp/$1.yaml" <<YAML
name: $1
duration: 20s
seed: 1
request: { timeout: 600s }
load: { model: open, rate: 20000/s, maxInFlight: 1000000 }
server:
$2
retry: { maxAttempts: 1 }
strategies: [full]
YAML
}
scenario ideal "  capacity: 15000/s
  latency: { fixed: 20ms }"
scenario shallow "  workers: 100
  queue: 1000
  latency: { fixed: 1s }"
scenario deep "  workers: 100
  queue: 100000
  latency: { fixed: 1s }"

[[ ${1:-} == live ]] || for name in ideal shallow deep ideal shallow deep; do
  "$root/scripts/stampede" sim "$tmp/$name.yaml" --no-live --json "$tmp/$name.json" > /dev/null 2> "$tmp/$name.err" || {
    cat "$tmp/$name.err" >&2; exit 1; }
  line=$(grep -h '^sim:' "$tmp/$name.err")
  queued=$(jq '[.runs[0].server.timeline[].queued] | max | floor' "$tmp/$name.json")
  echo "sim $name: peak mean queue in an interval ${queued}; $line"
done

[[ ${1:-} == sim ]] && exit 0

port=${PORT:-18529}
cat > "$tmp/mock.yaml" <<'YAML'
name: deep-mock
load: { rate: 1/s }
server: { workers: 10, latency: { fixed: 60s } }
YAML
"$root/scripts/stampede" mock "$tmp/mock.yaml" --port "$port" > "$tmp/mock.out" 2>&1 &
mock_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/__stampede/stats" > /dev/null && break; sleep 0.2; done
"$JAVA_HOME/bin/java" "$root/scripts/bench/WaitingClients.java" "http://127.0.0.1:$port" 10000
kill "$mock_pid"; wait "$mock_pid" 2>/dev/null || true; mock_pid=
