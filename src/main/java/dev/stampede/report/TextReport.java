package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.ClientView;
import dev.stampede.metrics.RunResult;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The terminal report (docs/metrics.md): one comparison table with strategies as rows and the best value of
 * each column marked {@code *}, the notes a careful reader needs (uncorrected latency beside the corrected,
 * achieved vs target arrival rate, failures by reason, closed-loop and partial runs, the client-vs-server
 * self-check), a one-line verdict, then the thresholds. Plain ASCII, fixed width, no colour.
 */
public final class TextReport {

    private TextReport() {}

    /** Which way a column improves. */
    private enum Better { LOWER, HIGHER, NEITHER }

    private record Column(String header, Better better, ToDoubleFunction<RunResult> value, Format format) {}

    @FunctionalInterface
    private interface Format { String of(double v); }

    private static final List<Column> COLUMNS = List.of(
            new Column("requests", Better.NEITHER, r -> r.requests().started(), TextReport::count),
            new Column("success", Better.HIGHER, r -> r.requests().successRate(), TextReport::percent),
            new Column("attempts", Better.LOWER, RunResult::attempts, TextReport::count),
            new Column("amplif.", Better.LOWER, RunResult::amplification, TextReport::ratio),
            new Column("peak amp.", Better.LOWER, RunResult::peakAmplification, TextReport::ratio),
            new Column("synchrony", Better.LOWER, RunResult::synchrony, TextReport::ratio),
            new Column("529s", Better.LOWER, r -> r.statuses().getOrDefault("529", 0L), TextReport::count),
            new Column("p50", Better.LOWER, r -> r.request().p50(), TextReport::millis),
            new Column("p90", Better.LOWER, r -> r.request().p90(), TextReport::millis),
            new Column("p99", Better.LOWER, r -> r.request().p99(), TextReport::millis),
            new Column("p99.9", Better.LOWER, r -> r.request().p999(), TextReport::millis),
            new Column("max", Better.LOWER, r -> r.request().max(), TextReport::millis),
            new Column("recovery", Better.LOWER, RunResult::recoverySeconds, TextReport::seconds),
            // rounded as shown, so that runs of a few microseconds' different length do not star a tie
            new Column("goodput/s", Better.HIGHER, r -> tenth(r.goodputPerSecond()), TextReport::tenths),
            new Column("after", Better.HIGHER, r -> tenth(r.goodputAfterPerSecond()), TextReport::tenths),
            new Column("wasted %", Better.LOWER, r -> tenth(100 * r.wastedShare()), TextReport::tenths));

    /** {@code v} rounded to one decimal, as {@link #tenths} shows it; NaN stays NaN. */
    private static double tenth(double v) { return Double.isFinite(v) ? Math.round(v * 10) / 10.0 : v; }

    /**
     * Renders {@code c} to {@code out} (flushed, not closed).
     *
     * @param quiet only the verdict and the failed thresholds
     */
    public static void render(Comparison c, PrintWriter out, boolean quiet) {
        if (!quiet) {
            header(c, out);
            table(c.runs(), out);
            notes(c.runs(), out);
            phases(c.runs(), out);
            DegradedAnswers.text(c.runs(), out);
            TemplateTable.text(c.runs(), out);
        }
        out.println(verdict(c.runs()));
        thresholds(c.thresholds(), out, quiet);
        out.flush();
    }

    private static void header(Comparison c, PrintWriter out) {
        out.printf(Locale.ROOT, "stampede %s: %s run against %s, seed %d%n", c.scenarioName(), c.mode(), c.target(), c.seed());
        if (c.partial()) out.println("PARTIAL: the run was interrupted; figures cover what was measured.");
        out.println();
    }

    /** Shown after {@code success} when some run has unfinished requests: the success rate leaves them out. */
    private static final Column UNFINISHED = new Column("unfinished", Better.NEITHER,
            r -> r.requests().unfinishedShare(), TextReport::percent);

    /**
     * Shown after {@code success} when some run had local answers (a cached or static fallback tier): neither success
     * nor failure, so on its own.
     */
    private static final Column DEGRADED = new Column("degraded", Better.NEITHER,
            r -> r.requests().degradedShare(), TextReport::percent);

    /**
     * The table's columns: {@link #COLUMNS}, with {@link #UNFINISHED} after success when some run has any, and
     * {@link #DEGRADED} after success when some run has any.
     */
    static List<Column> columns(List<RunResult> runs) {
        boolean unfinished = runs.stream().anyMatch(r -> r.requests().unfinished() > 0);
        boolean dup = Duplicates.shown(runs);
        boolean degraded = runs.stream().anyMatch(r -> r.requests().degraded() > 0);
        boolean cost = Money.shown(runs);
        if (!unfinished && !dup && !degraded && !cost) return COLUMNS;
        List<Column> cols = new ArrayList<>(COLUMNS);
        if (unfinished) cols.add(2, UNFINISHED);
        if (degraded) cols.add(2, DEGRADED);
        if (dup) cols.add(DUPLICATES);
        if (cost) cols.add(COST_PER_SUCCESS);
        return List.copyOf(cols);
    }

    /**
     * Shown last when some row was priced ({@code cost:}): the cost of all the run's attempts over the requests that
     * succeeded, in the user's currency ({@link RunResult#costPerSuccess()}).
     */
    private static final Column COST_PER_SUCCESS = new Column("cost/ok", Better.LOWER, r -> Money.rounded(r.costPerSuccess()),
            Money::cell);

    /** Shown last when some run's server counted duplicate executions ({@link Duplicates#shown}). */
    private static final Column DUPLICATES = new Column("dup.", Better.LOWER, Duplicates::of, Duplicates::cell);

    private static void table(List<RunResult> runs, PrintWriter out) {
        TextTable t = new TextTable(1);
        List<Column> columns = columns(runs);
        List<String> head = new ArrayList<>();
        head.add("strategy");
        for (Column col : columns) head.add(col.header() + " ");
        t.row(head.toArray(String[]::new));
        for (RunResult r : runs) {
            List<String> cells = new ArrayList<>();
            List<String> flags = new ArrayList<>();
            if (r.closedLoop()) flags.add("closed-loop");
            if (r.partial()) flags.add("partial");
            if (r.clientBound()) flags.add("client-bound");
            String name = flags.isEmpty() ? r.strategy() : r.strategy() + " (" + String.join(", ", flags) + ")";
            cells.add(name);
            for (Column col : columns) {
                double v = col.value().applyAsDouble(r);
                cells.add(col.format().of(v) + (isBest(col, v, runs) ? "*" : " "));
            }
            t.row(cells.toArray(String[]::new));
        }
        t.print(out, "");
        out.println();
        out.println("* best in column. Latency is per logical request including backoff waits; in the open model it runs");
        out.println("  from the request's intended start (corrected for coordinated omission). Recovery: never = failures");
        out.println("  did not settle (metastable), n/a = no scripted overload ended before the run did.");
        if (columns.contains(UNFINISHED)) {
            out.println("  Unfinished: share of requests still in progress when the graceful stop ended the run; success");
            out.println("  leaves them out (succeeded / (requests - unfinished - interrupted)).");
        }
        out.println("  goodput/s = requests that succeeded per second of the run; after = the same from the end of the last");
        out.println("  overload window to the run's end (- = no overload window ended before the run did). wasted % = the");
        out.println("  embedded server's busy time spent on attempts whose client had stopped waiting (- = no server view).");
        if (columns.contains(DUPLICATES)) {
            out.println("  dup. = duplicate executions: work the embedded server completed again for a logical request it had");
            out.println("  already completed (a retry after a timeout, or an abandoned attempt finishing late).");
        }
        if (columns.contains(COST_PER_SUCCESS)) {
            out.println("  cost/ok = what all the run's attempts cost (cost: prices per tier, in your currency) over the");
            out.println("  requests that succeeded; degraded local answers cost nothing (- = unpriced, or no success).");
        }
    }

    /** Best = strictly better than at least one other row and no row better than it; NaN never counts. */
    private static boolean isBest(Column col, double v, List<RunResult> runs) {
        if (col.better() == Better.NEITHER || Double.isNaN(v)) return false;
        boolean beatsOne = false;
        for (RunResult other : runs) {
            double o = col.value().applyAsDouble(other);
            if (Double.isNaN(o)) continue;
            int cmp = col.better() == Better.LOWER ? Double.compare(o, v) : Double.compare(v, o);
            if (cmp < 0) return false;
            if (cmp > 0) beatsOne = true;
        }
        return beatsOne;
    }

    private static void notes(List<RunResult> runs, PrintWriter out) {
        out.println();
        for (RunResult r : runs) {
            StringBuilder line = new StringBuilder("  ").append(r.strategy()).append(": ");
            if (r.closedLoop()) {
                line.append("closed-loop: latency is measured from each request's actual start (no arrival schedule); ");
            } else {
                line.append("p99 ").append(millis(r.request().p99())).append(" corrected, ")
                        .append(millis(r.requestUncorrected().p99())).append(" uncorrected (as wrk2 -U); ");
            }
            line.append("arrivals ").append(rate(r.requests().achievedRate()));
            if (r.requests().targetRate() > 0) line.append(" of ").append(rate(r.requests().targetRate())).append(" target");
            String failures = failures(r);
            if (!failures.isEmpty()) line.append("; failed: ").append(failures);
            if (r.requests().unfinished() > 0) line.append("; unfinished ").append(r.requests().unfinished())
                    .append(" (still in progress when the graceful stop ended; not in success)");
            if (r.requests().interrupted() > 0) line.append("; interrupted ").append(r.requests().interrupted())
                    .append(" (cut by the cancellation; not in success)");
            if (!Double.isNaN(r.completionSeconds())) line.append("; all done at ").append(seconds(r.completionSeconds()));
            String idempotency = Duplicates.idempotencyNote(r);
            if (!idempotency.isEmpty()) line.append("; ").append(idempotency);
            out.println(line);
            if (r.client() != null) out.println(clientLine(r));
        }
        boolean anyServer = runs.stream().anyMatch(r -> r.server() != null);
        if (anyServer) {
            out.println();
            for (RunResult r : runs) {
                if (r.server() == null) continue;
                long received = r.server().received();
                SelfCheck.Verdict verdict = SelfCheck.of(r);
                if (verdict == SelfCheck.Verdict.AGREE) {
                    out.printf(Locale.ROOT, "  self-check %s: client sent %d attempts, server received %d: agree%n",
                            r.strategy(), r.attempts(), received);
                } else if (verdict == SelfCheck.Verdict.SHORT_BY_UNANSWERED) {
                    out.printf(Locale.ROOT, "  self-check %s: client sent %d attempts, server received %d: %d ended without "
                            + "an answer before the server read them (the client or the machine stalled; the figures "
                            + "include it)%n", r.strategy(), r.attempts(), received, r.attempts() - received);
                } else {
                    out.printf(Locale.ROOT, "ERROR self-check %s: client sent %d attempts but the server received %d "
                            + "(a difference of %+d; client and server must agree, this is a bug)%n",
                            r.strategy(), r.attempts(), received, received - r.attempts());
                }
            }
        }
        out.println();
    }

    /**
     * Seed 000's per-hour table, per run and scripted phase: 529s per 1,000 attempts, fallback share, quality-gate
     * rejection share, user-facing failures, p50/p95. Printed when a run has more than one phase, or any fallback or
     * gate activity.
     */
    static void phases(List<RunResult> runs, PrintWriter out) {
        boolean show = runs.stream().anyMatch(r -> r.phases().size() > 1
                || r.phases().stream().anyMatch(p -> p.fallbackServed() > 0 || p.gateRejected() > 0))
                || PhaseSignals.callForTable(runs);
        if (!show) return;
        out.println("Per phase (filed by when attempts and requests ended): 529s per 1,000 attempts, share of succeeded");
        out.println("requests served by a fallback tier, share of 2xx answers the quality gate rejected, failed requests");
        out.println("(user-facing failures), request latency p50/p95.");
        boolean dup = Duplicates.shown(runs);
        if (dup) out.println("dup. = duplicate executions the server completed in the phase.");
        boolean switches = runs.stream().anyMatch(r -> r.phases().stream().anyMatch(p -> p.switches() > 0));
        if (switches) {
            out.println("Switches (signal routing): requests that left a tier after a streak of 529s, started past the");
            out.println("primary on its rolling 529 rate, or failed forward on the fallback's gate rejections.");
        }
        boolean fallbackOn = PhaseSignals.fallbackOn(runs), degraded = PhaseSignals.degraded(runs), cost = PhaseSignals.cost(runs);
        if (fallbackOn) out.println("fbOn st./err = attempts whose status / error kind is in fallbackOn: moved to the next tier at once.");
        if (degraded) out.println("degraded = requests answered locally by a cached or static tier (neither success nor failure).");
        if (cost) out.println("cost = what the attempts sent in the phase cost; cost/ok = that over the phase's successes.");
        TextTable t = new TextTable(1);
        List<String> head = new ArrayList<>(List.of("strategy", "phase", "attempts", "529/1000", "fallback", "gate rej.", "user fail.",
                "p50", "p95"));
        if (switches) head.addAll(List.of("streak sw.", "rate sw.", "fail fwd"));
        if (fallbackOn) head.addAll(List.of("fbOn st.", "fbOn err"));
        if (degraded) head.add("degraded");
        if (cost) head.addAll(List.of("cost", "cost/ok"));
        if (dup) head.add("dup.");
        t.row(head.toArray(String[]::new));
        for (RunResult r : runs) {
            for (int i = 0; i < r.phases().size(); i++) {
                RunResult.Phase p = r.phases().get(i);
                List<String> row = new ArrayList<>(List.of(r.strategy(), "@" + seconds(p.atSeconds()), count(p.attempts()),
                        per1000(p.overloadedPer1000()), percent(p.fallbackShare()), percent(p.gateRejectShare()),
                        count(p.userFailures()), millis(p.p50Ms()), millis(p.p95Ms())));
                if (switches) row.addAll(List.of(count(p.switchedOnStreak()), count(p.switchedOnRate()), count(p.failedForward())));
                if (fallbackOn) row.addAll(List.of(count(p.fallbackOnStatus()), count(p.fallbackOnError())));
                if (degraded) row.add(count(p.degraded()));
                if (cost) row.addAll(List.of(Money.cell(p.cost()), Money.cell(p.costPerSuccess())));
                if (dup) row.add(Duplicates.cell(Duplicates.inPhase(r, i)));
                t.row(row.toArray(String[]::new));
            }
        }
        t.print(out, "  ");
        out.println();
    }

    /**
     * The client's own account of a run: generator lag p99 beside the uncorrected p99, the connection wait, and with the
     * embedded mock the attempt latency the client saw beside the mock's service time.
     */
    static String clientLine(RunResult r) {
        ClientView c = r.client();
        StringBuilder b = new StringBuilder("    client: generator lag p99 ").append(millis(c.lagP99Ms()))
                .append(" (uncorrected p99 ").append(millis(r.requestUncorrected().p99())).append(")");
        if (c.pacerLag().count() > 0) b.append(", pacer lag p99 ").append(millis(c.pacerLag().p99()));
        b.append("; connections ").append(c.connections() == 0 ? "unlimited" : Integer.toString(c.connections()))
                .append(", connection wait p99 ").append(millis(c.connectionWait().p99()))
                .append(" (").append(c.connectionWaits()).append(" attempts waited");
        if (c.noConnection() > 0) b.append(", ").append(c.noConnection()).append(" got none before their timeout");
        b.append(")");
        if (!Double.isNaN(c.serviceMeanMs())) {
            b.append("; attempt mean ").append(millis(c.attemptMeanMs())).append(" vs the mock's service mean ")
                    .append(millis(c.serviceMeanMs())).append(" (client overhead ").append(millis(c.clientOverheadMs())).append(")");
        }
        if (c.clientBound()) b.append("; CLIENT-BOUND");
        return b.toString();
    }

    /**
     * The verdict's warning when a row is client-bound (docs/metrics.md): its figures describe stampede, not the
     * target; empty when none is.
     */
    static String clientBoundWarning(List<RunResult> runs) {
        List<String> rows = runs.stream().filter(RunResult::clientBound).map(RunResult::strategy).toList();
        if (rows.isEmpty()) return "";
        return " CLIENT-BOUND: " + String.join(", ", rows) + ": stampede's own lag is a large part of the latency "
                + "measured, or stampede itself refused more than " + ClientView.refusedShareText() + " of the arrivals "
                + "(clientSaturated), so these figures describe stampede rather than the target; lower the rate, raise "
                + "client.connections (or load.maxInFlight), or split the load over processes (--shard).";
    }

    static String per1000(double v) { return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v); }

    private static String failures(RunResult r) {
        List<String> parts = new ArrayList<>();
        r.requests().failures().forEach((reason, n) -> {
            if (n > 0 && !reason.equals("unfinished") && !reason.equals("interrupted")) parts.add(reason + " " + n);
        });
        return String.join(", ", parts);
    }

    /**
     * One line naming the best strategy for users and for the server, with their figures. For users: the lowest
     * p99 among the strategies whose success rate is not told apart from the best one by sampling noise (within two
     * standard errors of the difference of two proportions): 99.67 % against 99.63 % of 6,000 requests is a tie,
     * decided by latency, not a win. For the server: lowest amplification, then peak amplification, then recovery.
     */
    static String verdict(List<RunResult> runs) {
        if (runs.isEmpty()) return "Verdict: nothing was run.";
        Comparator<RunResult> users = Comparator
                .comparingDouble((RunResult r) -> -nanLast(r.requests().successRate(), false))
                .thenComparingDouble(r -> nanLast(r.request().p99(), true));
        Comparator<RunResult> server = Comparator
                .comparingDouble((RunResult r) -> nanLast(r.amplification(), true))
                .thenComparingDouble(r -> nanLast(r.peakAmplification(), true))
                .thenComparingDouble(r -> nanLast(r.recoverySeconds(), true));
        RunResult mostSuccessful = runs.stream().min(users).orElseThrow();
        RunResult u = runs.stream().filter(r -> r == mostSuccessful || sameSuccessWithinNoise(r, mostSuccessful))
                .min(Comparator.comparingDouble((RunResult r) -> nanLast(r.request().p99(), true))).orElseThrow();
        RunResult s = runs.stream().min(server).orElseThrow();
        String userPart = String.format(Locale.ROOT, "%s (success %s, p99 %s)", u.strategy(),
                percent(u.requests().successRate()), millis(u.request().p99()));
        String serverPart = String.format(Locale.ROOT, "%s (amplification %s, peak %s, recovery %s)", s.strategy(),
                ratio(s.amplification()), ratio(s.peakAmplification()), seconds(s.recoverySeconds()));
        if (runs.size() == 1) return "Verdict: " + u.strategy() + ": users " + userPart.substring(u.strategy().length() + 1)
                + ", server " + serverPart.substring(s.strategy().length() + 1) + "." + clientBoundWarning(runs);
        return "Verdict: best for users " + userPart + "; best for the server " + serverPart + "." + clientBoundWarning(runs);
    }

    /** True when the two success rates differ by at most two standard errors of their difference (pooled). */
    static boolean sameSuccessWithinNoise(RunResult a, RunResult b) {
        long n1 = a.requests().concluded(), n2 = b.requests().concluded();
        if (n1 == 0 || n2 == 0) return false;
        double pooled = (double) (a.requests().succeeded() + b.requests().succeeded()) / (n1 + n2);
        double standardError = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        return Math.abs(a.requests().successRate() - b.requests().successRate()) <= 2 * standardError;
    }

    /** NaN sorts after every number (as if worst) whichever the direction. */
    private static double nanLast(double v, boolean lowerIsBetter) {
        if (!Double.isNaN(v)) return v;
        return lowerIsBetter ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    private static void thresholds(List<Comparison.ThresholdResult> results, PrintWriter out, boolean quiet) {
        List<Comparison.ThresholdResult> shown = quiet ? results.stream().filter(t -> !t.pass()).toList() : results;
        if (shown.isEmpty()) return;
        if (!quiet) out.println();
        long failed = results.stream().filter(t -> !t.pass()).count();
        out.printf(Locale.ROOT, "Thresholds: %d of %d passed%n", results.size() - failed, results.size());
        TextTable t = new TextTable(4);
        for (Comparison.ThresholdResult r : shown) {
            t.row(r.pass() ? "pass" : "FAIL", r.strategy(), r.metric() + " " + r.op() + " " + inUnit(r.metric(), r.value()),
                    "actual " + inUnit(r.metric(), r.actual()));
        }
        t.print(out, "  ");
    }

    /** A threshold figure in its metric's canonical unit. */
    private static String inUnit(String metric, double v) {
        return switch (metric) {
            case "p50", "p90", "p99", "p999", "max" -> millis(v);
            case "recovery" -> seconds(v);
            case "successRate" -> Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
            case "attempts" -> count(v);
            case "goodput", "goodputAfter" -> tenths(v);
            default -> ratio(v);
        };
    }

    // ---- number formats: "-" for NaN, fixed decimals, always Locale.ROOT ----

    static String count(double v) { return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%d", (long) v); }

    static String percent(double v) { return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", v * 100); }

    static String ratio(double v) {
        if (Double.isNaN(v)) return "-";
        if (Double.isInfinite(v)) return "inf";
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Milliseconds: 3 decimals below 1 ms, 1 decimal below 1 s, else seconds with 2 decimals. */
    static String millis(double ms) {
        if (Double.isNaN(ms)) return "-";
        if (ms < 1) return String.format(Locale.ROOT, "%.3fms", ms);
        if (ms < 1_000) return String.format(Locale.ROOT, "%.1fms", ms);
        return String.format(Locale.ROOT, "%.2fs", ms / 1000);
    }

    /** Seconds; NaN is "n/a" (not applicable), +Infinity "never". */
    static String seconds(double s) {
        if (Double.isNaN(s)) return "n/a";
        if (s == Double.POSITIVE_INFINITY) return "never";
        return String.format(Locale.ROOT, "%.1fs", s);
    }

    /** One decimal, no unit (the column header carries it: a rate per second, a percentage); NaN is "-". */
    static String tenths(double v) { return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v); }

    static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "-" : String.format(Locale.ROOT, "%.1f/s", perSecond);
    }
}
