#!/usr/bin/env bash
# 100,000 closed-model clients (think 60 s) for 60 s against 'stampede mock' in its own process, -Xmx2g,
# sharing CONNECTIONS (default 400) connections: the run must fit the open-files limit (20,000 here, which a
# socket per client would exceed fivefold) and end with 0 client-side errors. Prints peak RSS and attempts/s.
#
# Usage: [CONNECTIONS=400] scripts/bench/clients-100k.sh [CLIENTS=100000] [SECONDS=60] [THINK=60s]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CONNECTIONS=${CONNECTIONS:-400} XMX=${XMX:-2g} exec "$root/scripts/bench/clients-10k.sh" "${1:-100000}" "${2:-60}" "${3:-60s}"
