#!/usr/bin/env bash
# The open-model ceiling of a bare virtual-thread client on this machine, without java.net.http and without stampede
# (scripts/bench/SocketCeiling.java: a pacer thread, blocking HTTP/1.1 keep-alive sockets, latency from the intended
# start), against the same one-worker nginx /ok as open-rate.sh (scripts/bench/nginx-static.sh). A reference for
# open-rate.sh: what no virtual-thread design of stampede's client can beat here. Per rate one JVM runs two rounds of
# SECONDS (a warm-up, then the measured one) and prints both.
#
# Usage: scripts/bench/socket-ceiling.sh [SECONDS=10] [RATES="10000 20000 30000"] [CONNECTIONS=64]
# Environment: MODE=per-arrival (default: a virtual thread per arrival, sockets from a pool) or per-connection (one
# virtual thread per socket taking arrivals from a queue).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/scripts/find-jdk.sh"
seconds=${1:-10}
rates=${2:-"10000 20000 30000"}
connections=${3:-64}
mode=${MODE:-per-arrival}
. "$root/scripts/bench/nginx-static.sh"
echo "endpoint: $base/ok (nginx pid $nginx_pid, one worker); $mode, $connections connections, ${seconds}s per round" >&2
for rate in $rates; do
  echo "load average before ${rate}/s: $(cut -d' ' -f1-3 /proc/loadavg)"
  timeout $((4 * seconds + 60)) "$JAVA_HOME/bin/java" "$root/scripts/bench/SocketCeiling.java" "$port" "$rate" "$seconds" \
    "$connections" "$mode"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
