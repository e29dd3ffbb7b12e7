#!/usr/bin/env bash
# 10,000 closed-model clients with think time against the mock, 30 s, JAVA_OPTS=-Xmx1g: the run must
# complete with no client-side errors. Prints the peak RSS of the stampede process and its attempts/s.
#
# Usage: [TARGET=mock|nginx] scripts/bench/clients-10k.sh [CLIENTS=10000] [SECONDS=30] [THINK=10s]
# The mock runs as its own process ('stampede mock', stopped by PID after): with the mock embedded, the
# open-files limit (20,000 here) would have to cover both ends of 10,000 connections. TARGET=nginx
# serves a static page from nginx instead (Debian nginx-light, installed if missing), to tell the
# client's limits from the mock's (the JDK HTTP server behind the mock slows down at 10k connections).
# CONNECTIONS=N sets client.connections (the clients then share N connections); XMX sets the heap (1g).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/scripts/find-jdk.sh"
clients=${1:-10000}
seconds=${2:-30}
think=${3:-10s}

target=${TARGET:-mock}
work=$(mktemp -d)
mock_pid=""
nginx_pid=""
cleanup() {
  if [ -n "$mock_pid" ] && kill -0 "$mock_pid" 2>/dev/null; then kill "$mock_pid"; wait "$mock_pid" 2>/dev/null || true; fi
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then kill "$nginx_pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
cat > "$work/clients-10k.yaml" <<YAML
name: clients-10k
description: ${clients} closed-model clients, think ${think}, against a healthy mock.
duration: ${seconds}s
seed: 7
target: http://127.0.0.1:${port}
request: { method: $([ "$target" = nginx ] && echo 'GET, path: /index.html' || echo "POST, path: /v1/messages, body: '{\"q\":1}'"), timeout: 10s }
load: { model: closed, clients: ${clients}, think: ${think} }
server: { latency: { fixed: 20ms } }
retry: { maxAttempts: 1 }   # a healthy target: nothing to retry, and timeouts must not add load
strategies: [full]
$([ -n "${CONNECTIONS:-}" ] && echo "client: { connections: ${CONNECTIONS} }")
YAML

if [ "$target" = nginx ]; then
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }
  mkdir -p "$work/html" "$work/logs" "$work/tmp"
  printf 'ok\n' > "$work/html/index.html"
  chmod -R a+rX "$work"
  cat > "$work/nginx.conf" <<CONF
worker_processes 1;
worker_rlimit_nofile 20000;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 16000; }
http { access_log off; keepalive_requests 1000000; keepalive_timeout 60s; client_body_temp_path $work/tmp;
  server { listen 127.0.0.1:$port backlog=16384; location / { root $work/html; } } }
CONF
  "$(command -v nginx || echo /usr/sbin/nginx)" -p "$work" -c "$work/nginx.conf"
  for _ in $(seq 50); do [ -s "$work/nginx.pid" ] && break; sleep 0.1; done
  nginx_pid=$(cat "$work/nginx.pid")
else
  "$root/scripts/stampede" mock "$work/clients-10k.yaml" --port "$port" >"$work/mock.log" 2>&1 &
  mock_pid=$!
  for _ in $(seq 100); do
    curl -fsS -o /dev/null -X POST "http://127.0.0.1:$port/v1/messages" 2>/dev/null && break
    sleep 0.2
  done
fi
xmx=${XMX:-1g}
echo "$target on port $port; running $clients clients for ${seconds}s, think $think, connections ${CONNECTIONS:-one per client}, JAVA_OPTS=-Xmx$xmx; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

set +e
JAVA_OPTS="-Xmx$xmx ${JAVA_OPTS:-}" /usr/bin/time -v -o "$work/time.txt" \
  "$root/scripts/stampede" run "$work/clients-10k.yaml" --no-live --json "$work/result.json" >"$work/report.txt" 2>"$work/err.txt"
code=$?
set -e
cat "$work/report.txt"
if [ "$code" -ne 0 ]; then echo "stampede run exited $code:" >&2; cat "$work/err.txt" >&2; exit 1; fi

peak_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$work/time.txt")
python3 - "$work/result.json" "$peak_kb" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
statuses = run.get("statuses", {})
client_errors = {k: v for k, v in statuses.items() if not k.isdigit()}
other = {k: v for k, v in statuses.items() if k.isdigit() and not k.startswith("2")}

print(f"attempts/s         {run['attempts'] / run['durationSeconds']:,.0f}")
print(f"requests started   {run['requests']['started']:,}  succeeded {run['requests']['succeeded']:,}")
print(f"client-side errors {sum(client_errors.values())} {client_errors or ''}")
print(f"non-2xx statuses   {sum(other.values())} {other or ''}")
print(f"peak RSS           {int(sys.argv[2]) / 1024:,.0f} MiB")
client = run.get("client") or {}
if client:
    print(f"connections        {client['connections'] or 'one per client'}; connection wait p99 "
          f"{client['connectionWaitMs']['p99']} ms; generator lag p99 {client['lagP99Ms']} ms; client-bound {client['clientBound']}")
sys.exit(1 if client_errors else 0)
PY
