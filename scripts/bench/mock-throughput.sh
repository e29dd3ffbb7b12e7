#!/usr/bin/env bash
# Requests per second of the embedded mock on loopback, measured with wrk, beside nginx serving the same
# small JSON body with the same wrk command, so the ratio shows. Three targets, each warmed up first:
#   1. the mock, healthy (no service time, every request 200),
#   2. the mock shedding ~50 % (forced 529 with probability 0.5 and a Retry-After header),
#   3. nginx (Debian nginx-light) on its own prefix, config and port in a temp dir, stopped by PID.
# Target: the mock at >= 50 % of nginx (prints PASS or BELOW TARGET; exit 0 either way unless STRICT=1).
#
# Settings (environment): DURATION (10s) measured run, WARMUP (15s: the JIT is still compiling after 10 s on two cores), CONNS (64), THREADS (1) for wrk.
# Installs wrk and nginx-light with apt-get when missing. Only 127.0.0.1 is ever contacted; every process
# it starts is stopped by PID on exit.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
. "$root/scripts/find-jdk.sh"

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-15s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-1}

need() { # command, Debian package
  command -v "$1" >/dev/null 2>&1 && return 0
  [ -x "/usr/sbin/$1" ] && return 0
  echo "mock-throughput: installing $2..." >&2
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq >&2; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >&2
}
need wrk wrk
need nginx nginx-light
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

jar="$root/target/stampede.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -type f -print -quit)" ]; then
  echo "mock-throughput: building target/stampede.jar..." >&2
  ./mvnw -B -q -o package -DskipTests >&2 || ./mvnw -B -q package -DskipTests >&2
fi

tmp=$(mktemp -d /tmp/stampede-bench.XXXXXX)
chmod 755 "$tmp" # nginx's workers run as an unprivileged user and must reach the static file
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# start_mock NAME ARGS...: starts the mock on a free port, sets $url and $mock_pid
start_mock() {
  local name=$1; shift
  "$JAVA_HOME/bin/java" -jar "$jar" mock --port 0 --latency 0s "$@" >"$tmp/$name.log" 2>&1 &
  mock_pid=$!
  pids+=("$mock_pid")
  url=""
  for _ in $(seq 300); do # up to 30 s for the JVM to start on a busy machine
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/$name.log" | head -1 || true)
    [ -n "$url" ] && grep -q 'phase 1/' "$tmp/$name.log" && break
    kill -0 "$mock_pid" 2>/dev/null || { cat "$tmp/$name.log" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$url" ] || { echo "mock-throughput: the mock did not start" >&2; cat "$tmp/$name.log" >&2; exit 1; }
}

stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# measure URL LABEL: warm-up run, then the measured run; prints and records req/s and the non-2xx count
declare -A rps non2xx
measure() {
  local target=$1 label=$2
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$target" >/dev/null
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" "$target" >"$tmp/$label.wrk"
  rps[$label]=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/$label.wrk")
  local total bad
  total=$(awk '/requests in/ {print $1}' "$tmp/$label.wrk")
  bad=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$tmp/$label.wrk"); bad=${bad:-0}
  non2xx[$label]=$(awk -v b="$bad" -v t="$total" 'BEGIN { printf "%.1f %%", (t > 0 ? 100 * b / t : 0) }')
  echo "--- $label: wrk -t$THREADS -c$CONNS -d$DURATION $target" >&2
  grep -E 'Latency|Requests/sec|Non-2xx|Socket errors|requests in' "$tmp/$label.wrk" >&2
}

start_mock healthy
measure "$url/v1/messages" "mock-healthy"
stop_pid "$mock_pid"

start_mock shedding --overload 0.5 --retry-after 2s
measure "$url/v1/messages" "mock-shed-50"
stop_pid "$mock_pid"

# nginx on its own prefix: the same 200 body as the mock's, from a static file
port=$(free_port)
mkdir -p "$tmp/nginx/www/v1" "$tmp/nginx/logs"
printf '%s' '{"id":"msg_1","type":"message","role":"assistant","model":"stampede-mock","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","usage":{"input_tokens":8,"output_tokens":1}}' \
  >"$tmp/nginx/www/v1/messages"
chmod -R a+rX "$tmp/nginx/www"
temp_paths="client_body_temp_path $tmp/nginx/body;"
for m in proxy fastcgi uwsgi scgi; do
  "$NGINX" -V 2>&1 | grep -q -- "--without-http_${m}_module" || temp_paths+=" ${m}_temp_path $tmp/nginx/$m;"
done
cat >"$tmp/nginx/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  $temp_paths
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    root $tmp/nginx/www;
    default_type application/json;
    location / { }
  }
}
CONF
"$NGINX" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" &
nginx_pid=$!
pids+=("$nginx_pid")
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/v1/messages" >/dev/null 2>&1 && break
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$tmp/nginx/logs/error.log" >&2; exit 1; }
  sleep 0.1
done
measure "http://127.0.0.1:$port/v1/messages" "nginx"
stop_pid "$nginx_pid"

echo
printf '%-14s %12s %10s\n' target req/s non-2xx
for label in mock-healthy mock-shed-50 nginx; do
  printf '%-14s %12s %10s\n' "$label" "${rps[$label]}" "${non2xx[$label]}"
done
verdict=PASS
if [ "${non2xx[nginx]}" != "0.0 %" ]; then
  echo "nginx answered non-2xx ($(tail -3 "$tmp/nginx/logs/error.log" 2>/dev/null)): its figure is not a fair baseline" >&2
  verdict="NGINX MISCONFIGURED"
fi
for label in mock-healthy mock-shed-50; do
  pct=$(awk -v a="${rps[$label]}" -v b="${rps[nginx]}" 'BEGIN { printf "%.0f", 100 * a / b }')
  echo "$label / nginx = $pct % (target >= 50 %)"
  [ "$pct" -ge 50 ] || verdict="BELOW TARGET"
done
echo "wrk -t$THREADS -c$CONNS -d$DURATION (after a $WARMUP warm-up), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$verdict"
[ "$verdict" = PASS ] || [ "${STRICT:-0}" != 1 ] || exit 3
