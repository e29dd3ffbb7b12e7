#!/usr/bin/env bash
# Aligned shards against one shared target (docs/reports.md, "Aligned shards"): loopback only, about two minutes.
#
# 1. One `stampede mock` process (capacity 100/s) as the shared target; 4 `run --shard i/4` processes against its URL,
#    all started with the same `--start-at`; `stampede merge --scenario` of their results.
# 2. A fresh mock of the same kind; one `run` process offering the same total load (also aligned, so that it prepares
#    the same way).
# 3. Prints attempts, amplification, peak amplification and synchrony of both and fails (exit 1) when one differs by
#    more than TOLERANCE (default 0.05, i.e. 5 %).
#
# The load: 40/s for 8 s, a 200/s spike for 4 s (twice the mock's capacity of 100/s: 529s and retry waves), 40/s for
# 8 s; exponential backoff without jitter (strategy none: the retry waves are set by the schedule, not by chance), up
# to 3 attempts. The spike is the overload window synchrony is measured in. Low rates on purpose: five JVMs share the
# machine, and a load generator short of CPU is late, which changes the figures more than sharding does.
#
# On one small machine the shared mock must not be starved by the five client JVMs around it (a stalled mock times
# attempts out, and their retries come back as one wave, which changes peak amplification and synchrony far more than
# sharding does), so: the mock is warmed with 300 requests before any client starts; every client JVM (the 4 shards
# and the single process alike) runs at CLIENT_NICE (default 5: the mock wins the CPU) with CLIENT_JAVA_OPTS (default:
# 256 MB heap, the serial collector and one processor's worth of GC and JIT threads, so that four JVMs do not spend
# 2 cores on their own housekeeping while the spike runs). The mock keeps JAVA_OPTS (default -Xmx512m).
#
#   scripts/bench/aligned-shards.sh
#   BASE_RATE=120 SPIKE_RATE=400 CAPACITY=200 RETRY_BASE=500ms scripts/bench/aligned-shards.sh   # more arrivals a second
#   PORT=18631 TOLERANCE=0.05 scripts/bench/aligned-shards.sh
#   CLIENT_NICE=0 CLIENT_JAVA_OPTS=-Xmx512m scripts/bench/aligned-shards.sh   # as the first version ran
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/scripts/find-jdk.sh"
tmp=${KEEP:-$(mktemp -d)}  # KEEP=DIR keeps every file (results, outputs) in DIR
mkdir -p "$tmp"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -n ${KEEP:-} ]] || rm -rf "$tmp"
}
trap cleanup EXIT
port=${PORT:-18631}
tolerance=${TOLERANCE:-0.05}
export JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
client_opts=${CLIENT_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:ActiveProcessorCount=1}
client_nice=${CLIENT_NICE:-5}
# a client process: niced, with its own JVM options
client() { JAVA_OPTS=$client_opts nice -n "$client_nice" "$root/scripts/stampede" "$@"; }
"$root/scripts/stampede" --version > /dev/null  # build first, so the build does not count

base_rate=${BASE_RATE:-40}     # arrivals/s before and after the spike
spike_rate=${SPIKE_RATE:-200}  # arrivals/s during the 4 s spike
capacity=${CAPACITY:-100}      # the mock's capacity, /s
retry_base=${RETRY_BASE:-200ms}
cat > "$tmp/spike.yaml" <<YAML
name: aligned-spike
duration: 20s
seed: 7
target: http://127.0.0.1:$port
request: { timeout: 2s }
load:
  stages: [ {for: 8s, rate: $base_rate/s}, {for: 4s, rate: $spike_rate/s}, {for: 8s, rate: $base_rate/s} ]
server: { capacity: $capacity/s, latency: { fixed: 20ms } }
retry: { maxAttempts: 3, base: $retry_base, cap: 2s }
strategies: [none]
YAML

start_mock() {
  "$root/scripts/stampede" mock "$tmp/spike.yaml" --port "$port" > "$tmp/mock.out" 2>&1 &
  mock_pid=$!
  pids+=("$mock_pid")
  local up=0
  for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/__stampede/stats" > /dev/null && { up=1; break; }; sleep 0.2; done
  (( up )) || { echo "the mock did not start:" >&2; cat "$tmp/mock.out" >&2; exit 1; }
  # warm it (class loading, JIT) before the clients start: 300 sequential requests, 529s included; the bucket refills
  # long before the run starts, and the figures compared are the clients', not the mock's counts
  curl -s -o /dev/null "http://127.0.0.1:$port/warm/[1-300]" || true
}
stop_mock() { kill "$mock_pid"; wait "$mock_pid" 2>/dev/null || true; }
# RFC 3339, whole seconds, LEAD seconds from now: every process must be up and warmed before it
start_at() { date -u -d "@$(( $(date +%s) + ${1} ))" +%Y-%m-%dT%H:%M:%SZ; }

# 1. four aligned shards against one mock
start_mock
at=$(start_at "${LEAD:-45}")
echo "shards: 4 x 'run --shard i/4 --start-at $at' against http://127.0.0.1:$port" >&2
shard_pids=()
for i in 1 2 3 4; do
  # not through client(): a function in the background is a subshell, and $! must be the process itself (cleanup kills it)
  JAVA_OPTS=$client_opts nice -n "$client_nice" "$root/scripts/stampede" run "$tmp/spike.yaml" --shard "$i/4" \
    --start-at "$at" --no-live --quiet --json "$tmp/shard$i.json" > "$tmp/shard$i.out" 2> "$tmp/shard$i.err" &
  shard_pids+=($!)
  pids+=($!)
done
for i in 0 1 2 3; do
  wait "${shard_pids[$i]}" || { echo "shard $((i + 1)) failed:" >&2; cat "$tmp/shard$((i + 1)).err" >&2; exit 1; }
done
stop_mock
"$root/scripts/stampede" merge "$tmp"/shard{1,2,3,4}.json --scenario "$tmp/spike.yaml" -o "$tmp/merged.json" > "$tmp/merge.out"

# 2. one process, the whole load, against a fresh mock of the same kind
start_mock
at=$(start_at "${LEAD_ONE:-25}")
echo "one process: 'run --start-at $at'" >&2
client run "$tmp/spike.yaml" --start-at "$at" --no-live --quiet --json "$tmp/one.json" \
  > "$tmp/one.out" 2> "$tmp/one.err" || { cat "$tmp/one.err" >&2; exit 1; }
stop_mock

# 3. compare
cat "$tmp/merge.out"
# a starved mock (it stalls, attempts time out) changes retry waves far more than sharding does: say how loaded we were
echo "load average (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
jq -rs '"statuses: 4 shards " + ([.[].runs[0].statuses] | map(to_entries) | add | group_by(.key)
  | map("\(.[0].key) \(map(.value) | add)") | join(", "))' "$tmp"/shard{1,2,3,4}.json
jq -r '"statuses: 1 process " + (.runs[0].statuses | to_entries | map("\(.key) \(.value)") | join(", "))' "$tmp/one.json"
fig='.runs[0] | [.requests.started, .attempts, .amplification, .peakAmplification, .synchrony] | @tsv'
read -r m_req m_att m_amp m_peak m_sync < <(jq -r "$fig" "$tmp/merged.json")
read -r o_req o_att o_amp o_peak o_sync < <(jq -r "$fig" "$tmp/one.json")
printf '%-22s %12s %12s %9s\n' figure "4 shards" "1 process" diff
fail=0
row() { # name merged one
  local d
  d=$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.4f", (a - b) / b }')
  printf '%-22s %12s %12s %8.1f%%\n' "$1" "$2" "$3" "$(awk -v d="$d" 'BEGIN { print d * 100 }')"
  awk -v d="$d" -v t="$tolerance" 'BEGIN { exit !(d <= t && d >= -t) }' || fail=1
}
row requests "$m_req" "$o_req"
row attempts "$m_att" "$o_att"
row amplification "$m_amp" "$o_amp"
row "peak amplification" "$m_peak" "$o_peak"
row synchrony "$m_sync" "$o_sync"
jq -e '.schedule.startAt' "$tmp/merged.json" > /dev/null || { echo "the merged result carries no aligned schedule" >&2; fail=1; }
if (( fail )); then echo "FAIL: a figure differs by more than $(awk -v t="$tolerance" 'BEGIN { print t * 100 }') %" >&2; exit 1; fi
echo "OK: every figure within $(awk -v t="$tolerance" 'BEGIN { print t * 100 }') %"
