"""Compares the SDK's and stampede's attempts and delays, behaviour by behaviour (scripts/bench/sdk-conformance.sh).

Usage: python3 compare.py SDK_JSON_LINES STAMPEDE_JSON_LINES (one line per behaviour from each driver). Prints the table; exits 1 on a disagreement beyond
sampling noise: |mean_sdk - mean_stampede| > 3 * sqrt(var_sdk/n_sdk + var_stampede/n_stampede) + slack, with a
slack of 0.01 attempts per request and 25 ms per delay; a retry one side makes and the other does not is a
disagreement too.
"""
import json
import math
import sys

ATTEMPT_SLACK = 0.01
DELAY_SLACK_MS = 25.0
# Retry 2 of an HTTP-date hint: retry 1 waited until the date, a whole second, so attempt 2 lands on that second's
# edge and the date in its answer is rounded up from just before or just after it (a hint near 1 s or near 2 s).
# Which side is decided by timer slop of a millisecond or less (Node counts timers from the event loop's cached
# time and can fire early; the JDK's parkNanos does not), not by the SDK's retry rule: printed, not compared.
NOT_COMPARED = {("retry-after-date", 2)}


def stats(xs):
    n = len(xs)
    if n == 0:
        return 0, float("nan"), float("nan")
    mean = sum(xs) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1)) if n > 1 else 0.0
    return n, mean, sd


def differs(a, b, slack):
    na, ma, sa = a
    nb, mb, sb = b
    if na == 0 or nb == 0:
        return na != nb
    se = math.sqrt(sa * sa / na + sb * sb / nb)
    return abs(ma - mb) > 3 * se + slack


def cell(s, unit=""):
    n, m, sd = s
    return "-" if n == 0 else f"{m:.2f}±{sd:.2f}{unit}" if unit == "" else f"{m:.0f}±{sd:.0f}"


def lines(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


sdk_rows = lines(sys.argv[1])
ours_by_name = {r["behaviour"]: r for r in lines(sys.argv[2])}
if [r["behaviour"] for r in sdk_rows] != list(ours_by_name):
    print("the two drivers ran different behaviours: " + str([r["behaviour"] for r in sdk_rows]) + " vs " + str(list(ours_by_name)))
    sys.exit(1)
rows, bad = [], []
version = "?"
for sdk in sdk_rows:
    name = sdk["behaviour"]
    ours = ours_by_name[name]
    version = sdk.get("version", version)
    a_sdk, a_ours = stats(sdk["attempts"]), stats(ours["attempts"])
    verdict = []
    if differs(a_sdk, a_ours, ATTEMPT_SLACK):
        verdict.append("attempts")
    gaps = []
    for k in range(max(len(sdk["delays"]), len(ours["delays"]))):
        g_sdk = stats(sdk["delays"][k] if k < len(sdk["delays"]) else [])
        g_ours = stats(ours["delays"][k] if k < len(ours["delays"]) else [])
        if (name, k + 1) not in NOT_COMPARED and differs(g_sdk, g_ours, DELAY_SLACK_MS):
            verdict.append(f"delay {k + 1}")
        gaps.append((g_sdk, g_ours))
    while len(gaps) < 2:
        gaps.append(((0, 0, 0), (0, 0, 0)))
    rows.append((name, a_sdk, a_ours, gaps, verdict))
    if verdict:
        bad.append(name)

print(f"@anthropic-ai/sdk {version} vs stampede sdk, {len(sdk_rows[0]['attempts'])} requests per behaviour: "
      "attempts per request and the delay decided before retry 1 and 2 (mean±sd; ms)")
header = ("behaviour", "attempts sdk", "attempts stampede", "delay 1 sdk", "delay 1 stampede",
          "delay 2 sdk", "delay 2 stampede", "agree")
table = [header]
for name, a_sdk, a_ours, gaps, verdict in rows:
    table.append((name, cell(a_sdk), cell(a_ours), cell(gaps[0][0], "ms"), cell(gaps[0][1], "ms"),
                  cell(gaps[1][0], "ms") + ("*" if (name, 2) in NOT_COMPARED else ""), cell(gaps[1][1], "ms"),
                  "yes" if not verdict else "NO: " + ", ".join(verdict)))
widths = [max(len(r[i]) for r in table) for i in range(len(header))]
for r in table:
    print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
if any(name == n for n, _ in NOT_COMPARED for name, *_ in rows):
    print("* not compared: retry 2 after an HTTP-date hint starts on the date's whole second, so its own date rounds up "
          "from either side of it by timer slop (compare.py)")
if bad:
    print("disagreement beyond sampling noise (3 standard errors + 0.01 attempts / 25 ms) in: " + ", ".join(bad))
    sys.exit(1)
print("agree within sampling noise (3 standard errors + 0.01 attempts / 25 ms) in every behaviour")
