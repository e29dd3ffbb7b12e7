#!/usr/bin/env bash
# The AWS Architecture Blog's "Exponential Backoff And Jitter" sweep, simulated: scenarios/aws-contention.yaml
# with 10 to 190 clients in steps of 10, every strategy, each point the mean of REPEATS seeds (the blog
# averaged 100 runs). Writes a CSV of clients, strategy, completion time and calls (write calls = work).
#
#   scripts/aws-sweep.sh [OUT.csv]        (default aws-sweep.csv; REPEATS=5; CLIENTS="10 20 ... 190")
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-aws-sweep.csv}
repeats=${REPEATS:-5}
clients_list=${CLIENTS:-$(seq -s ' ' 10 10 190)}
scenario="$root/scenarios/aws-contention.yaml"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "clients,strategy,completionSeconds,calls" > "$out.tmp"
for clients in $clients_list; do
  for seed in $(seq 1 "$repeats"); do
    "$root/scripts/stampede" sim "$scenario" --clients "$clients" --seed "$seed" --quiet --no-live \
      --json "$tmp/$clients-$seed.json" > /dev/null
  done
  # mean over the seeds, per strategy, in the scenario's strategy order
  jq -r -s --argjson clients "$clients" '
      [.[].runs[]] as $runs
      | ($runs | map(.strategy) | reduce .[] as $s ([]; if index($s) then . else . + [$s] end))[] as $s
      | [$runs[] | select(.strategy == $s)] as $r
      | [$clients, $s,
         (($r | map(.completionSeconds) | add) / ($r | length) * 1000 | round / 1000),
         (($r | map(.attempts) | add) / ($r | length) | round)]
      | @csv' "$tmp"/"$clients"-*.json | tr -d '"' >> "$out.tmp"
  echo "aws-sweep: $clients clients done" >&2
done
mv "$out.tmp" "$out"
echo "aws-sweep: wrote $out" >&2
column -s, -t < "$out"
