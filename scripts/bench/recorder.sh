#!/usr/bin/env bash
# The recorder's cost per event: single-threaded as the simulator drives it (100 ms intervals, 10 minutes of
# virtual time) and from 1,000 virtual threads at once as the live engine does. Prints ns/event per round;
# the later rounds (after JIT warm-up) are the figure. On a shared machine the neighbours inflate it.
# Usage: scripts/bench/recorder.sh [requests] [rounds]   (default 2000000 5)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/scripts/find-jdk.sh"
java=$JAVA_HOME/bin/java
(cd "$root" && ./mvnw -B -q -o test-compile)
hdr=$(find "${HOME}/.m2/repository/org/hdrhistogram/HdrHistogram" -name 'HdrHistogram-*.jar' | sort | tail -1)
"$java" -Xmx1g -cp "$root/target/classes:$root/target/test-classes:$hdr" dev.stampede.metrics.RecorderBench "$@"
echo "load average $(cut -d' ' -f1 /proc/loadavg)"
