# Sourced by benches: starts nginx with one worker on a free 127.0.0.1 port, with its own prefix and config in
# a temp dir, serving static files (/index.html and /ok, both "ok"); stops it by its PID on exit.
# Sets: work (the temp dir), nginx_pid, port, base ("http://127.0.0.1:PORT"). Installs Debian's nginx-light when
# missing. The caller may add cleanup of its own with nginx_cleanup_hooks+=(command).
need_nginx=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_nginx+=(nginx-light)
if [ ${#need_nginx[@]} -gt 0 ]; then
  echo "installing ${need_nginx[*]} (Debian packages)..." >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_nginx[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
nginx_pid=""
nginx_cleanup_hooks=()
nginx_cleanup() {
  for hook in "${nginx_cleanup_hooks[@]}"; do eval "$hook" || true; done
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then kill "$nginx_pid"; fi
  rm -rf "$work"
}
trap nginx_cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
mkdir -p "$work/html" "$work/logs" "$work/tmp"
printf 'ok\n' > "$work/html/index.html"
printf 'ok\n' > "$work/html/ok"
chmod -R a+rX "$work"  # nginx workers run as an unprivileged user
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 1000000;
  default_type text/plain;
  client_body_temp_path $work/tmp;
  proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp;
  scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$port;
    location / { root $work/html; }
  }
}
CONF
"$nginx_bin" -p "$work" -c "$work/nginx.conf"
for _ in $(seq 50); do [ -s "$work/nginx.pid" ] && break; sleep 0.1; done
nginx_pid=$(cat "$work/nginx.pid")
base="http://127.0.0.1:$port"
curl -fsS "$base/ok" >/dev/null
