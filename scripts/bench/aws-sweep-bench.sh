#!/usr/bin/env bash
# The full AWS sweep as one process, timed: scenarios/aws-contention.yaml, 10..190 clients step 10, the four
# strategies, 100 repeats a point (7,600 simulated runs). Target: under 60 s wall on a 2-core machine. Then
# checks the blog's published orderings on the means (docs/simulator.md, "What it reproduces"):
#   - no jitter does the most work and takes the most time, at every point;
#   - equal jitter takes longer than full jitter, at every point;
#   - decorrelated does more work than full jitter, from 50 clients up (below, the runs are too short to differ).
# Exit status: 1 when an ordering does not hold (the time is reported, not enforced).
#
#   scripts/bench/aws-sweep-bench.sh [REPEATS]     (default 100)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
repeats=${1:-100}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/scripts/stampede" --version > /dev/null   # build the jar first, outside the timing
load_before=$(cut -d' ' -f1 /proc/loadavg)
TIMEFORMAT='%R %U %S'
# wall, user and system seconds of the one process: on a shared machine CPU time says what the sweep costs
{ time "$root/scripts/stampede" sim "$root/scenarios/aws-contention.yaml" --sweep load.clients=10..190:10 \
    --repeat "$repeats" --quiet --csv "$tmp/sweep.csv" > "$tmp/verdicts.txt" ; } 2> "$tmp/time.txt"
read -r wall user sys < <(tail -n 1 "$tmp/time.txt")
printf 'aws-sweep-bench: 19 points x 4 strategies x %s repeats = %s runs in %.1f s wall (target < 60 s on %s cores), ' \
  "$repeats" "$((19 * 4 * repeats))" "$wall" "$(nproc)"
printf '%.1f s CPU (user %.1f + sys %.1f); load average before: %s\n' "$(echo "$user + $sys" | bc)" "$user" "$sys" "$load_before"
awk -F, '
  NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  { c = $1; work[c, $2] = $col["attempts_mean"]; time[c, $2] = $col["completion_mean"]; points[c] = 1 }
  END {
    bad = 0
    for (c in points) {
      split("equal decorrelated full", others, " ")
      for (k in others) {
        s = others[k]
        if (!(work[c, "none"] > work[c, s])) { printf "FAIL at %s clients: none work %s <= %s %s\n", c, work[c, "none"], s, work[c, s]; bad++ }
        if (!(time[c, "none"] > time[c, s])) { printf "FAIL at %s clients: none time %s <= %s %s\n", c, time[c, "none"], s, time[c, s]; bad++ }
      }
      if (!(time[c, "equal"] > time[c, "full"])) { printf "FAIL at %s clients: equal time %s <= full %s\n", c, time[c, "equal"], time[c, "full"]; bad++ }
      if (c >= 50 && !(work[c, "decorrelated"] > work[c, "full"])) {
        printf "FAIL at %s clients: decorrelated work %s <= full %s\n", c, work[c, "decorrelated"], work[c, "full"]; bad++
      }
    }
    printf "aws-sweep-bench: published orderings: %s\n", bad == 0 ? "all hold at every point" : bad " failed"
    printf "  190 clients, mean calls / completion s: none %s / %s, equal %s / %s, decorrelated %s / %s, full %s / %s\n", \
      work[190, "none"], time[190, "none"], work[190, "equal"], time[190, "equal"], \
      work[190, "decorrelated"], time[190, "decorrelated"], work[190, "full"], time[190, "full"]
    exit bad > 0
  }' "$tmp/sweep.csv"
