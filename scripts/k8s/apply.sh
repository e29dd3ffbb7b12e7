#!/usr/bin/env bash
# Runs a sharded stampede on the current kubectl context: applies stampede-shards.yaml with a common start instant,
# waits for the shards, applies merge-job.yaml, waits, prints the merged verdict, and optionally copies the results.
#
#   scripts/k8s/apply.sh --registry REGISTRY [--shards N] [--scenario FILE] [--start-in SECONDS] [--no-start-at]
#                        [--tag TAG] [--timeout SECONDS] [--fetch DIR] [--render]
#
#   --registry R     where the image from scripts/container/build.sh was pushed (replaces REGISTRY in the image)
#   --shards N       number of shard pods, all running at once (default 4)
#   --scenario FILE  the scenario to run (default: the example in stampede-shards.yaml's ConfigMap)
#   --start-in S     seconds from now to the common start instant (default 120): enough for every pod to be
#                    scheduled, pull the image and start its JVM; a shard that is not ready by then fails
#   --no-start-at    no common start instant: each shard starts its load as soon as its pod is up
#   --tag TAG        image tag (default: the version in the manifests, which is the one `stampede --version` prints)
#   --timeout S      seconds to wait for each Job (default 3600)
#   --fetch DIR      copy the run's results (shards, all.json, report.html, junit.xml, timeline.csv) into DIR
#   --render         print the filled-in manifests (shards, merge, results pod) and exit; no kubectl needed
#
# Every shard receives `--start-at <RFC 3339 instant>`: `stampede run` prepares, then waits for that instant, so the
# shards' load lines up in time (docs/reports.md, "Aligned shards"); a shard that is ready only after the instant is
# refused. (With a stampede older than `run --start-at`, pass --no-start-at.) Exit code: the merge's (0 passed, 99 a threshold failed on the merged result), 1 when a Job failed
# or timed out, 2 for bad arguments.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

registry="" shards=4 scenario="" start_in=120 start_at_on=true tag="" timeout=3600 fetch="" render=false
die() { echo "apply.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --registry) registry="${2:-}"; shift 2 ;;
    --shards) shards="${2:-}"; shift 2 ;;
    --scenario) scenario="${2:-}"; shift 2 ;;
    --start-in) start_in="${2:-}"; shift 2 ;;
    --start-at) start_at="${2:-}"; shift 2 ;;     # an explicit instant (tests; or to line up with another cluster)
    --no-start-at) start_at_on=false; shift ;;
    --tag) tag="${2:-}"; shift 2 ;;
    --timeout) timeout="${2:-}"; shift 2 ;;
    --fetch) fetch="${2:-}"; shift 2 ;;
    --render) render=true; shift ;;
    -h|--help) sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[ -n "$registry" ] || die "--registry is required (where you pushed the stampede image)"
[[ "$registry" =~ ^[A-Za-z0-9._:/-]+$ ]] || die "--registry '$registry' is not a registry path"
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || die "--shards must be a positive integer, got '$shards'"
[[ "$start_in" =~ ^[0-9]+$ ]] || die "--start-in must be whole seconds, got '$start_in'"
[[ "$timeout" =~ ^[1-9][0-9]*$ ]] || die "--timeout must be whole seconds, got '$timeout'"
[ -z "$tag" ] || [[ "$tag" =~ ^[A-Za-z0-9_][A-Za-z0-9._-]*$ ]] || die "--tag '$tag' is not an image tag"
[ -z "$scenario" ] || [ -f "$scenario" ] || die "--scenario $scenario: no such file"

# The start instant, computed now: now + --start-in, in UTC, RFC 3339 (GNU date, else BSD date).
if $start_at_on; then
  if [ -z "${start_at:-}" ]; then
    epoch=$(( $(date -u +%s) + start_in ))
    start_at=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$epoch" +%Y-%m-%dT%H:%M:%SZ)
  fi
  [[ "$start_at" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$ ]] \
    || die "--start-at must be an RFC 3339 UTC instant like 2026-01-01T12:00:00Z, got '$start_at'"
  run_id=$(printf '%s' "$start_at" | tr -d ':-' | tr 'T' 't' | tr 'Z' 'z' | tr '.' '-')
else
  start_at=""
  run_id="run-$(date -u +%Y%m%dt%H%M%Sz)"
fi

# Fills in one manifest. Lines ending in `# N`, `# RUN_ID` or `# START_AT` carry those values; the image names
# REGISTRY. With --scenario, the ConfigMap's scenario.yaml block is replaced by the file, indented.
fill() {
  local out
  out=$(sed -E \
    -e "s#REGISTRY/stampede:([A-Za-z0-9._-]+)#${registry}/stampede:${tag:-\\1}#" \
    -e "/# N\$/ s/[0-9]+/${shards}/" \
    -e "/# RUN_ID\$/ s/\"[^\"]*\"/\"${run_id}\"/" \
    -e "/# START_AT( .*)?\$/ s/\"[^\"]*\"/\"${start_at}\"/" "$1")
  if [ -n "$scenario" ]; then
    out=$(printf '%s\n' "$out" | awk -v file="$scenario" '
      /^  scenario\.yaml: \|$/ { print; while ((getline line < file) > 0) print (line == "" ? "" : "    " line); skip = 1; next }
      skip && /^---$/ { skip = 0 }
      !skip { print }')
  fi
  printf '%s\n' "$out"
}

if $render; then
  fill "$here/stampede-shards.yaml"; echo "---"
  fill "$here/merge-job.yaml"; echo "---"
  fill "$here/results-pod.yaml"
  exit 0
fi

command -v kubectl >/dev/null || die "kubectl not found"
say() { echo "apply.sh: $*" >&2; }

# Waits until the Job has a true Complete or Failed condition; prints which.
wait_job() {
  local job=$1 deadline=$((SECONDS + timeout)) state
  while :; do
    state=$(kubectl get "job/$job" -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}' \
      2>/dev/null || true)
    case " $state " in
      *" Complete "*) echo Complete; return ;;
      *" Failed "*) echo Failed; return ;;
    esac
    [ $SECONDS -lt $deadline ] || { echo Timeout; return; }
    sleep 5
  done
}

# Job templates are immutable: an earlier run's Jobs go first (their results stay on the volume, under their RUN_ID).
kubectl delete job stampede-shards stampede-merge --ignore-not-found >/dev/null
say "run $run_id: $shards shards${start_at:+, load starts at $start_at}"
fill "$here/stampede-shards.yaml" | kubectl apply -f -
state=$(wait_job stampede-shards)
if [ "$state" != Complete ]; then
  say "stampede-shards: $state; logs of the shards:"
  kubectl logs -l job-name=stampede-shards --prefix --tail=50 >&2 || true
  exit 1
fi
fill "$here/merge-job.yaml" | kubectl apply -f -
state=$(wait_job stampede-merge)
kubectl logs job/stampede-merge || true
code=$(kubectl get pods -l job-name=stampede-merge \
  -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated.exitCode}' || true)
if [ -n "$fetch" ]; then
  kubectl delete pod stampede-results --ignore-not-found >/dev/null
  fill "$here/results-pod.yaml" | kubectl apply -f -
  kubectl wait --for=condition=Ready pod/stampede-results --timeout=300s >/dev/null
  kubectl cp "stampede-results:/out/$run_id" "$fetch"
  kubectl delete pod stampede-results --wait=false >/dev/null
  say "results in $fetch (open $fetch/report.html)"
fi
case "$state" in
  Complete) exit 0 ;;
  Failed) exit "${code:-1}" ;;
  *) say "stampede-merge: $state"; exit 1 ;;
esac
