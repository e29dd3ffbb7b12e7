#!/usr/bin/env bash
# The AWS Architecture Blog's "Exponential Backoff And Jitter" sweep, simulated in one process:
# scenarios/aws-contention.yaml with 10 to 190 clients in steps of 10, every strategy, REPEATS seeds a point
# (the blog averaged 100 runs). Writes the sweep CSV (one line per point and strategy: mean and 95 % interval
# of every figure; work = attempts_*, time = completion_*) and, beside it, the HTML page with one chart per
# figure against the client count (error bars = the intervals). See docs/simulator.md, "Sweeps and repeats".
#
#   scripts/aws-sweep.sh [OUT.csv]     (default aws-sweep.csv; REPEATS=100; CLIENTS=10..190:10)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-aws-sweep.csv}
exec "$root/scripts/stampede" sim "$root/scenarios/aws-contention.yaml" --sweep "load.clients=${CLIENTS:-10..190:10}" \
  --repeat "${REPEATS:-100}" --csv "$out" --html "${out%.csv}.html"
