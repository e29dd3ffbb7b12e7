#!/usr/bin/env bash
# Integration check of `--metrics` against a real Prometheus (Debian's package, 2.42 here) and of every query of
# scripts/grafana/stampede-dashboard.json. Not part of the unit tests (it takes ~30-60 s and installs a package).
#
#   1. installs Debian's prometheus when missing; starts it on a free loopback port with its own temp dir and
#      config (scrape interval 1 s), scraping a `stampede run` (--metrics, --metrics-linger) and a `stampede mock`
#      (--metrics) that this script feeds a few requests;
#   2. runs a short scenario (two strategies against the embedded mock, 4 s each, with 529s and a second of timeouts);
#   3. once the run has ended and Prometheus has scraped the lingering endpoint, checks that the scraped
#      stampede_attempts_total of each strategy equals the run's JSON `attempts` exactly;
#   4. evaluates every dashboard panel's PromQL (Grafana's variables replaced: $scenario and $strategy by .*,
#      $__rate_interval by 4 s = 4 scrape intervals) with query_range over the run, and the dashboard's
#      label_values() variables through the label API: each must parse and return data;
#   5. stops Prometheus and the mock by PID.
# Usage: scripts/bench/prometheus-check.sh        (exit 0: every check passed; DASHBOARD=FILE checks another dashboard)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dashboard=${DASHBOARD:-$root/scripts/grafana/stampede-dashboard.json}   # DASHBOARD=FILE checks another copy
if ! command -v prometheus >/dev/null 2>&1; then
  echo "installing prometheus (Debian package)..." >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
fi
echo "prometheus: $(prometheus --version 2>&1 | head -1)"
"$root/scripts/stampede" --version >/dev/null   # builds the jar first when needed, outside the timed part
deadline=$(( $(date +%s) + 110 ))   # the check itself stays under 2 minutes

work=$(mktemp -d)
prom_pid="" mock_pid="" run_pid=""
cleanup() {
  for pid in $run_pid $mock_pid $prom_pid; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
prom_port=$(free_port) run_metrics=$(free_port) mock_metrics=$(free_port)
wait_for() {  # wait_for DESCRIPTION COMMAND...: polls until COMMAND succeeds or the deadline passes
  local what=$1; shift
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then echo "FAIL: timed out waiting for $what" >&2; exit 1; fi
    sleep 0.2
  done
}

cat > "$work/prometheus.yml" <<YAML
global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: stampede-run
    static_configs: [ { targets: ["127.0.0.1:$run_metrics"] } ]
  - job_name: stampede-mock
    static_configs: [ { targets: ["127.0.0.1:$mock_metrics"] } ]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prom_port" --log.level=warn >"$work/prometheus.log" 2>&1 &
prom_pid=$!
api="http://127.0.0.1:$prom_port"
wait_for "Prometheus to be ready" curl -fsS "$api/-/ready"
echo "prometheus pid $prom_pid on $api (data in $work)"

# The standalone mock with its own endpoint, fed a few requests so that its rates have data.
"$root/scripts/stampede" mock --port 0 --duration 100s --metrics "127.0.0.1:$mock_metrics" >"$work/mock.out" 2>"$work/mock.err" &
mock_pid=$!
wait_for "the mock to listen" grep -q "listening on" "$work/mock.out"
mock_url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/mock.out" | head -1)
echo "mock pid $mock_pid at $mock_url, metrics on 127.0.0.1:$mock_metrics"

cat > "$work/check.yaml" <<YAML
name: prometheus-check
duration: 4s
seed: 7
target: embedded
request: { method: GET, path: /v1/ping, timeout: 300ms }
load: { rate: 80/s }
server:
  capacity: 60/s
  latency: { fixed: 5ms }
  phases:
    - { at: 0s, overload: 0.1 }
    - { at: 2s, latencyFactor: 100 }   # 500 ms: every attempt times out, so an error kind has data
    - { at: 3s, overload: 0.1 }
retry: { maxAttempts: 3, base: 50ms, cap: 200ms }
strategies: [full, none]
YAML
start=$(date +%s)
"$root/scripts/stampede" run "$work/check.yaml" --no-live --quiet --json "$work/result.json" \
  --metrics "127.0.0.1:$run_metrics" --metrics-linger 15s >"$work/run.out" 2>"$work/run.err" &
run_pid=$!
for _ in $(seq 30); do curl -fsS -o /dev/null "$mock_url/x" 2>/dev/null || true; sleep 0.2; done &
feeder=$!
wait_for "the run to end and its endpoint to linger" grep -q "for a final scrape" "$work/run.err"
sleep 3   # three scrape intervals: Prometheus now holds the final values
wait "$feeder" || true

status=0
python3 - "$api" "$work/result.json" "$dashboard" "$start" <<'PY' || status=$?
import json, sys, time, urllib.parse, urllib.request
api, result_file, dashboard_file, start = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def get(path, **params):
    with urllib.request.urlopen(f"{api}{path}?{urllib.parse.urlencode(params, doseq=True)}", timeout=10) as r:
        body = json.load(r)
    if body.get("status") != "success":
        raise RuntimeError(f"{path} {params}: {body}")
    return body["data"]

failures = []
runs = json.load(open(result_file))["runs"]
for run in runs:
    q = f'stampede_attempts_total{{job="stampede-run",scenario="prometheus-check",strategy="{run["strategy"]}"}}'
    data = get("/api/v1/query", query=q)["result"]
    scraped = int(float(data[0]["value"][1])) if data else None
    ok = scraped == run["attempts"]
    print(f"{'ok  ' if ok else 'FAIL'} attempts of {run['strategy']}: scraped {scraped}, JSON {run['attempts']}")
    if not ok: failures.append(f"attempts of {run['strategy']}")

dash = json.load(open(dashboard_file))
subst = {"$__rate_interval": "4s", "$scenario": ".*", "$strategy": ".*"}
end = time.time()
checked = 0
for panel in dash["panels"]:
    for t in panel.get("targets", []):
        expr = t["expr"]
        for k, v in subst.items(): expr = expr.replace(k, v)
        try:
            res = get("/api/v1/query_range", query=expr, start=start - 5, end=end, step="1")["result"]
        except Exception as e:  # a parse error is an HTTP 400 from the API
            res = None
            print(f"     {e}")
        values = [v for s in (res or []) for _, v in s["values"] if v not in ("NaN", "+Inf", "-Inf")]
        ok = bool(values)
        checked += 1
        print(f"{'ok  ' if ok else 'FAIL'} panel '{panel['title']}' {t['refId']}: "
              f"{len(res or [])} series, {len(values)} values  {expr}")
        if not ok: failures.append(f"panel {panel['title']} {t['refId']}")
for var in dash["templating"]["list"]:
    if var["type"] != "query": continue
    metric, label = var["definition"][len("label_values("):-1].split(", ")
    values = get(f"/api/v1/label/{label}/values", **{"match[]": metric})
    ok = bool(values)
    print(f"{'ok  ' if ok else 'FAIL'} variable ${var['name']}: {values}")
    if not ok: failures.append(f"variable {var['name']}")
print(f"{len(runs)} attempt counters, {checked} panel queries, "
      f"{sum(1 for v in dash['templating']['list'] if v['type'] == 'query')} variables checked; "
      f"{'all passed' if not failures else 'FAILED: ' + ', '.join(failures)}")
sys.exit(1 if failures else 0)
PY
kill "$run_pid" 2>/dev/null || true   # ends the linger early; the JSON is already written
exit $status
