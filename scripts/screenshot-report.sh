#!/usr/bin/env bash
# Renders a stampede HTML report to a PNG with headless Chromium, to look at a report without a desktop
# (and to check that it renders offline: Chromium runs with background networking off).
#
#   scripts/screenshot-report.sh REPORT.html [OUT.png] [WIDTHxHEIGHT]
#
# OUT.png defaults to REPORT.png; the window defaults to 1300x3200 so the whole page fits.
# Installs Debian's chromium package when no chromium is on the PATH (needs root, ~16 s, 113 MB).
set -euo pipefail

if [[ $# -lt 1 || $# -gt 3 || "$1" == -h || "$1" == --help ]]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
html=$1
png=${2:-${html%.html}.png}
size=${3:-1300x3200}
[[ -f "$html" ]] || { echo "screenshot-report: no such file: $html" >&2; exit 2; }

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then
  echo "screenshot-report: chromium not found; installing Debian's chromium package" >&2
  if [[ $(id -u) -ne 0 ]]; then
    echo "screenshot-report: run as root or install chromium yourself (apt-get install chromium)" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
  browser=$(command -v chromium)
fi

abs_html=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
abs_png=$(cd "$(dirname "$png")" 2>/dev/null && pwd)/$(basename "$png") || { echo "screenshot-report: no directory for $png" >&2; exit 2; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

log=$profile/chromium.log
# Flags measured on a 2-core Debian 12 machine (headless, no sandbox, no background networking). Chromium's stderr (dbus complaints, harmless) is shown only when it fails.
if ! "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
  --user-data-dir="$profile" --screenshot="$abs_png" --window-size="${size/x/,}" \
  "file://$abs_html" >"$log" 2>&1; then
  cat "$log" >&2
  echo "screenshot-report: chromium failed" >&2
  exit 1
fi
[[ -s "$abs_png" ]] || { echo "screenshot-report: chromium wrote no screenshot" >&2; exit 1; }
echo "$abs_png"
