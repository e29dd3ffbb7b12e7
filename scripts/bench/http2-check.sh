#!/usr/bin/env bash
# client.http: 2 and client.tls against a real HTTP/2 server (docs/engine.md, "HTTP/2 and TLS"): makes a throwaway
# CA and a server certificate for 127.0.0.1 with openssl, starts nginx (http_v2, ssl) on 127.0.0.1 with its own
# prefix and configuration in a temporary directory, then runs stampede three times against it:
#   1. http: 2 with tls.caFile: every request succeeds, nginx logged every one as HTTP/2.0, over at most 2 connections;
#   2. tls.insecure: true (no CA): succeeds, and stampede printed its warning;
#   3. no tls settings: the throwaway CA is not trusted, so no attempt gets an answer: each fails as connect (or as
#      timeout when the machine is so loaded that the handshake outlasts the attempt's timeout): never weaker by default.
# nginx is stopped by its PID at the end. Traffic goes to 127.0.0.1 only, bounded (RATE x DURATION).
#
#   scripts/bench/http2-check.sh [RATE] [DURATION]     (default 200/s 3s)
#   KEEP_TMP=1 keeps the temporary directory (certificates, configuration, nginx's logs, the runs' JSON) to look at.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
rate=${1:-200/s}
duration=${2:-3s}
command -v nginx > /dev/null || { echo "http2-check: nginx is not installed" >&2; exit 2; }
command -v openssl > /dev/null || { echo "http2-check: openssl is not installed" >&2; exit 2; }
tmp=$(mktemp -d)
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2> /dev/null || true; wait "$nginx_pid" 2> /dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
keep=${KEEP_TMP:-0}
[ "$keep" = 1 ] && trap 'kill "$nginx_pid" 2> /dev/null || true; echo "kept $tmp"' EXIT
"$root/scripts/stampede" --version > /dev/null   # build first

# a throwaway CA, and a certificate for 127.0.0.1 signed by it
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=stampede throwaway CA" \
  -keyout "$tmp/ca.key" -out "$tmp/ca.pem" 2> /dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$tmp/server.key" -out "$tmp/server.csr" 2> /dev/null
printf 'subjectAltName=IP:127.0.0.1\n' > "$tmp/san.ext"
openssl x509 -req -in "$tmp/server.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" -CAcreateserial -days 1 \
  -extfile "$tmp/san.ext" -out "$tmp/server.pem" 2> /dev/null

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
mkdir -p "$tmp/logs"
cat > "$tmp/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log warn;
events { worker_connections 1024; }
http {
  log_format proto '\$server_protocol \$connection \$status';
  access_log $tmp/logs/access.log proto;
  client_body_temp_path $tmp/body;
  proxy_temp_path $tmp/proxy;
  fastcgi_temp_path $tmp/fastcgi;
  uwsgi_temp_path $tmp/uwsgi;
  scgi_temp_path $tmp/scgi;
  server {
    listen 127.0.0.1:$port ssl http2;
    ssl_certificate $tmp/server.pem;
    ssl_certificate_key $tmp/server.key;
    keepalive_requests 100000;
    # The JDK client fails a request beyond the server's SETTINGS_MAX_CONCURRENT_STREAMS ("too many concurrent
    # streams") instead of waiting or opening a second connection: nginx's default of 128 is reached on a loaded
    # machine (docs/engine.md, "HTTP/2 and TLS"). This check is about HTTP/2 and TLS, so the limit is raised.
    http2_max_concurrent_streams 1024;
    location / { return 200 "ok\n"; }
  }
}
CONF
nginx -p "$tmp" -c "$tmp/nginx.conf" &
nginx_pid=$!
for _ in $(seq 1 100); do
  (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && break
  sleep 0.05
done

scenario() { # $1: the client section
  cat <<YAML
name: http2-check
duration: $duration
gracefulStop: 10s
request: { method: GET, path: /, timeout: 10s }   # the first TLS handshakes of a cold JVM are slow on a loaded machine
load: { rate: $rate }
retry: { maxAttempts: 1 }
strategies: [none]
$1
YAML
}
status=0
load=$(cut -d' ' -f1-3 /proc/loadavg)

# 1. HTTP/2 with the CA file
scenario "client: { http: 2, tls: { caFile: $tmp/ca.pem } }" > "$tmp/h2.yaml"
: > "$tmp/logs/access.log"
"$root/scripts/stampede" run "$tmp/h2.yaml" --target "https://127.0.0.1:$port" --no-live --json "$tmp/h2.json" \
  > "$tmp/h2.out" 2> "$tmp/h2.err" || true
started=$(python3 -c "import json,sys; r=json.load(open('$tmp/h2.json'))['runs'][0]['requests']; print(r['started'], r['succeeded'])")
read -r n ok <<< "$started"
h2=$(grep -c '^HTTP/2.0 ' "$tmp/logs/access.log" || true)
all=$(wc -l < "$tmp/logs/access.log")
conns=$(awk '{ print $2 }' "$tmp/logs/access.log" | sort -u | wc -l)
echo "http2-check: 1. http: 2 + caFile: $ok of $n requests succeeded; nginx logged $h2 of $all as HTTP/2.0 over $conns connection(s)"
if [ "$n" -eq 0 ] || [ "$ok" -ne "$n" ] || [ "$h2" -ne "$all" ] || [ "$all" -lt "$n" ] || [ "$conns" -gt 2 ]; then
  echo "http2-check: FAIL (1)"; cat "$tmp/h2.err"; status=1
fi

# 2. insecure: succeeds, with the warning
scenario "client: { http: 2, tls: { insecure: true } }" > "$tmp/insecure.yaml"
"$root/scripts/stampede" run "$tmp/insecure.yaml" --target "https://127.0.0.1:$port" --no-live --json "$tmp/insecure.json" \
  > "$tmp/insecure.out" 2> "$tmp/insecure.err" || true
read -r n ok <<< "$(python3 -c "import json; r=json.load(open('$tmp/insecure.json'))['runs'][0]['requests']; print(r['started'], r['succeeded'])")"
warned=$(grep -c 'warning: client.tls.insecure is true' "$tmp/insecure.err" || true)
echo "http2-check: 2. tls.insecure: $ok of $n requests succeeded; warning printed: $([ "$warned" -ge 1 ] && echo yes || echo NO)"
if [ "$n" -eq 0 ] || [ "$ok" -ne "$n" ] || [ "$warned" -lt 1 ]; then echo "http2-check: FAIL (2)"; status=1; fi

# 3. the default: the throwaway CA is not trusted
scenario "client: { http: 2 }" > "$tmp/default.yaml"
"$root/scripts/stampede" run "$tmp/default.yaml" --target "https://127.0.0.1:$port" --no-live --json "$tmp/default.json" \
  > "$tmp/default.out" 2> "$tmp/default.err" || true
read -r n ok connect other <<< "$(python3 -c "import json; r=json.load(open('$tmp/default.json'))['runs'][0]; s=r['statuses']; print(r['requests']['started'], r['requests']['succeeded'], s.get('connect', 0), sum(v for k, v in s.items() if k not in ('connect', 'timeout')))")"
echo "http2-check: 3. default trust: $ok of $n requests succeeded; $connect attempts failed as connect (the rest, if any, timed out in a slow handshake), $other got an answer (the CA is not trusted)"
if [ "$n" -eq 0 ] || [ "$ok" -ne 0 ] || [ "$connect" -eq 0 ] || [ "$other" -ne 0 ]; then echo "http2-check: FAIL (3)"; status=1; fi

echo "http2-check: $([ $status -eq 0 ] && echo 'all checks passed' || echo 'FAILED') (rate $rate for $duration; load average $load)"
exit $status
