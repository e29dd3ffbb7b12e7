#!/usr/bin/env bash
# Holds stampede's `sdk` strategy to the official Anthropic TypeScript SDK: installs @anthropic-ai/sdk from
# the npm registry into a temp dir (node and npm from Debian when missing), starts `stampede mock` on loopback
# with scripts/bench/sdk-conformance/mock.yaml (one route per behaviour: 529 without and with retry-after,
# 429 with retry-after, 500, retry-after-ms, retry-after as an HTTP date, x-should-retry: false), and drives
# at the same time N SDK calls per behaviour (drive-sdk.mjs) and N requests of stampede's `sdk` row
# (StampedeSdkRow.java: HttpTransport + the sdk RetryPolicy, as the live engine runs them). Prints attempts per
# request and the delay decided before each retry side by side (compare.py) and exits 1 on a disagreement
# beyond sampling noise (3 standard errors + 0.01 attempts / 25 ms).
#
# Usage: scripts/bench/sdk-conformance.sh [N=200]   (SDK_VERSION=1.15.0 by default; SDK_VERSION=latest tracks npm)
# Loopback only; under a minute on an idle machine; the mock is stopped by its PID.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/scripts/bench/sdk-conformance"
. "$root/scripts/find-jdk.sh"
n=${1:-200}
sdk_version=${SDK_VERSION:-1.15.0}
behaviours=(/a-529 /b-529-retry-after /c-429-retry-after /d-500 /e-retry-after-ms /f-retry-after-date /g-should-retry-false)

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "installing nodejs and npm (Debian packages)..." >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi

"$root/scripts/stampede" --version >/dev/null   # builds target/stampede.jar when missing or stale
jar="$root/target/stampede.jar"

work=$(mktemp -d)
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ] && kill -0 "$mock_pid" 2>/dev/null; then kill "$mock_pid"; wait "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "installing @anthropic-ai/sdk@$sdk_version into $work..." >&2
(cd "$work" && npm init -y >/dev/null && timeout 120 npm install --silent --no-audit --no-fund "@anthropic-ai/sdk@$sdk_version" >/dev/null)
cp "$here/drive-sdk.mjs" "$work/"
mkdir "$work/classes"
"$JAVA_HOME/bin/javac" -cp "$jar" -d "$work/classes" "$here/StampedeSdkRow.java"

"$JAVA_HOME/bin/java" -jar "$jar" mock "$here/mock.yaml" --host 127.0.0.1 --port 0 --duration 150s > "$work/mock.out" 2>&1 &
mock_pid=$!
url=""
for _ in $(seq 1 300); do
  url=$(sed -n 's/^stampede mock listening on \(http:[^ ]*\).*/\1/p' "$work/mock.out")
  [ -n "$url" ] && break
  kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.out" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "the mock did not start:" >&2; cat "$work/mock.out" >&2; exit 1; }
url=${url%/}
echo "mock: $url; ${#behaviours[@]} behaviours, $n requests each, both clients at once" >&2

(cd "$work" && timeout 120 node drive-sdk.mjs "$url" "$n" "${behaviours[@]}" > "$work/sdk.jsonl") &
sdk_pid=$!
timeout 120 "$JAVA_HOME/bin/java" -cp "$jar:$work/classes" StampedeSdkRow "$url" "$n" "${behaviours[@]}" > "$work/stampede.jsonl"
wait "$sdk_pid"
kill "$mock_pid"; wait "$mock_pid" 2>/dev/null || true
mock_pid=""

python3 "$here/compare.py" "$work/sdk.jsonl" "$work/stampede.jsonl"
