#!/usr/bin/env bash
# Sim against live on scenarios/retry-collapse.yaml (the metastable failure): the scenario runs live
# (`stampede run`, embedded mock on 127.0.0.1) and simulated (`stampede sim`) with the same seed, and the
# goodput (successful requests per second, counted at completion) of every row is compared per 5 s window.
# A window passes when live is within 10 % of the simulator's goodput (with a floor of 1 request/s, so that
# two collapsed windows of 0/s agree); the script prints the windows side by side and exits 1 if any fails.
# Figures and what they mean: docs/simulator.md.
#
#   scripts/bench/sim-vs-live-collapse.sh [--strategy none,breaker] [--seed 7]
# Other options are passed to both runs. The live run of all six rows takes about two minutes.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
scenario="$root/scenarios/retry-collapse.yaml"
window=5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/scripts/stampede" --version > /dev/null   # build outside the measurement
"$root/scripts/stampede" sim "$scenario" --no-live --quiet --csv "$tmp/sim.csv" "$@" > "$tmp/sim.out" 2>&1 || true
"$root/scripts/stampede" run "$scenario" --no-live --quiet --csv "$tmp/live.csv" "$@" > "$tmp/live.out" 2>&1 || true
for f in sim live; do [ -s "$tmp/$f.csv" ] || { echo "no $f timeline:"; cat "$tmp/$f.out"; exit 2; }; done
grep -i "self-check" "$tmp/live.out" | grep -v agree || true
# Goodput per window from the timeline CSV's `succeeded` column (logical requests that succeeded, counted when
# they ended); an older CSV without it has `ok` (2xx attempts: here a request succeeds on exactly one attempt).
# Whole windows within the scenario's duration only (the drain after it is not load).
duration=$(sed -n 's/^duration: *\([0-9]*\)s.*/\1/p' "$scenario")
awk -F, -v w="$window" -v d="${duration:-0}" '
  FNR == 1 { mode = (FILENAME ~ /live/) ? "live" : "sim"; col = 0
             for (i = 1; i <= NF; i++) if ($i == "succeeded") col = i
             if (!col) for (i = 1; i <= NF; i++) if ($i == "ok") col = i
             for (i = 1; i <= NF; i++) if ($i == "startSeconds") tcol = i
             next }
  { b = int($tcol / w + 1e-9); key = $1 SUBSEP b; n[mode, key] += $col; seen[key] = 1
    if (!($1 in rows)) { rows[$1] = 1; order[++k] = $1 }
    if (b > last) last = b }
  END {
    printf "%-12s %-9s %9s %9s %8s  %s\n", "strategy", "window", "sim/s", "live/s", "diff", "within 10 %"
    fails = 0; total = 0
    for (i = 1; i <= k; i++) for (b = 0; b <= last; b++) {
      key = order[i] SUBSEP b
      if (!(key in seen)) continue
      sim = n["sim", key] / w; live = n["live", key] / w
      if (d > 0 && (b + 1) * w > d) continue
      tol = 0.10 * sim; if (tol < 1) tol = 1
      ok = (live - sim <= tol && sim - live <= tol); total++; if (!ok) fails++
      diff = (sim > 0) ? sprintf("%+.0f%%", 100 * (live - sim) / sim) : sprintf("%+.1f/s", live - sim)
      printf "%-12s %3d-%-3ds %9.1f %9.1f %8s  %s\n", order[i], b * w, (b + 1) * w, sim, live, diff, ok ? "pass" : "FAIL"
    }
    printf "%d of %d windows within 10 %%\n", total - fails, total
    exit fails > 0 }' "$tmp/sim.csv" "$tmp/live.csv"
