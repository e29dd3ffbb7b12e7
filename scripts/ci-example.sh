#!/usr/bin/env bash
# A CI regression run with stampede, to copy into a pipeline:
#   1. run the scenario (its thresholds decide pass/fail), keeping the result JSON, JUnit XML, HTML and CSV;
#   2. diff the result against a committed baseline (a metric worse beyond the tolerance is a regression);
#   3. exit 99 when a threshold failed or a metric regressed, the tool's own code on any other failure, else 0.
#
#   scripts/ci-example.sh SCENARIO.yaml BASELINE.json [OUT_DIR]
#
# Environment: MODE=sim (default: virtual time, deterministic, no network) or MODE=run (live, against the
# scenario's target); TOLERANCE (default 10%); METRICS (default: all, e.g. successRate,amplification,p99);
# STAMPEDE (default: scripts/stampede). Point your CI's JUnit reporter at OUT_DIR/junit.xml and keep OUT_DIR as an
# artifact. To accept a new baseline on purpose: cp OUT_DIR/result.json BASELINE.json and commit it.
set -uo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
scenario=$1
baseline=$2
out=${3:-out/ci}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
stampede=${STAMPEDE:-$root/scripts/stampede}
mode=${MODE:-sim}
mkdir -p "$out"

echo "== stampede $mode $scenario"
"$stampede" "$mode" "$scenario" --no-live \
  --json "$out/result.json" --junit "$out/junit.xml" --html "$out/report.html" --csv "$out/timeline.csv"
run_code=$?
case $run_code in
  0) echo "thresholds: all passed" ;;
  99) echo "thresholds: at least one FAILED (see $out/junit.xml)" ;;
  *) echo "stampede $mode failed with exit code $run_code; no result to compare" >&2; exit "$run_code" ;;
esac

diff_code=0
if [[ -f "$baseline" ]]; then
  echo "== stampede diff $baseline $out/result.json"
  diff_args=(--tolerance "${TOLERANCE:-10%}")
  [[ -n "${METRICS:-}" ]] && diff_args+=(--metric "$METRICS")
  "$stampede" diff "$baseline" "$out/result.json" "${diff_args[@]}" | tee "$out/diff.txt"
  diff_code=${PIPESTATUS[0]}
  case $diff_code in
    0) ;;
    99) echo "diff: REGRESSION against $baseline" ;;
    *) echo "stampede diff failed with exit code $diff_code" >&2; exit "$diff_code" ;;
  esac
else
  echo "no baseline at $baseline: nothing to compare (commit $out/result.json as the baseline to start)"
fi

if [[ $run_code -eq 99 || $diff_code -eq 99 ]]; then
  exit 99
fi
exit 0
