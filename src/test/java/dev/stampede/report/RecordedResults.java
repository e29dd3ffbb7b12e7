package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.Derived;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;
import dev.stampede.report.RecordedWorkload.Attempt;
import dev.stampede.report.RecordedWorkload.Request;
import dev.stampede.scenario.ThresholdSpec;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.stampede.report.RecordedWorkload.SECOND;

/**
 * Test fixture: turns {@link RecordedWorkload} events into the {@link RunResult} a recorder would produce, with
 * real HdrHistograms (microseconds, 3 digits), a 1 s timeline, interval histograms and a server view, so renderers
 * and the merge are tested against realistic data rather than hand-typed numbers.
 */
public final class RecordedResults {

    static final long INTERVAL_NANOS = SECOND;
    static final List<String> STRATEGIES = List.of("none", "equal", "decorrelated", "full");

    private RecordedResults() {}

    private static Comparison launchSpike;
    private static Comparison small;

    /**
     * The four strategies on the same workload and seed, with three thresholds, two of whose six cases fail.
     * Built once per JVM (it is immutable): the simulation and its histograms take about a second.
     */
    public static synchronized Comparison comparison() {
        if (launchSpike == null) launchSpike = comparison(STRATEGIES.stream().map(s -> of(RecordedWorkload.simulate(s, 42))).toList());
        return launchSpike;
    }

    /** {@code none} and {@code full} at 50 requests/s, the same thresholds: for CLI tests that save and read JSON often. */
    public static synchronized Comparison small() {
        if (small == null) {
            small = comparison(List.of("none", "full").stream()
                    .map(s -> of(RecordedWorkload.simulate(s, 42, 50, RecordedWorkload.DURATION_NANOS))).toList());
        }
        return small;
    }

    private static Comparison comparison(List<RunResult> runs) {
        return comparison(runs, List.of(
                new ThresholdSpec("full", "amplification", ThresholdSpec.Op.LT, 1.5, "launch.yaml:30:9"),
                new ThresholdSpec("*", "successRate", ThresholdSpec.Op.GT, 0.8, "launch.yaml:31:9"),
                new ThresholdSpec("none", "p99", ThresholdSpec.Op.LT, 5000, "launch.yaml:32:9")));
    }

    public static Comparison comparison(List<RunResult> runs, List<ThresholdSpec> specs) {
        List<Comparison.ThresholdResult> thresholds = new ArrayList<>();
        for (ThresholdSpec spec : specs) {
            for (RunResult r : runs) {
                if (!spec.appliesTo(r.strategy())) continue;
                double actual = Metric.fromKey(spec.metric()).of(r);
                thresholds.add(new Comparison.ThresholdResult(r.strategy(), spec.metric(), spec.op().symbol, spec.value(), actual,
                        spec.op().holds(actual, spec.value())));
            }
        }
        return new Comparison("launch-spike", "scenarios/launch-spike.yaml",
                "9f2c4e1b7a3d5c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6", "sim", "embedded", 42,
                Instant.parse("2026-11-23T16:00:00Z"), runs, thresholds, false);
    }

    /** The run result of every event in {@code w}, as a recorder with a 1 s interval would produce it. */
    static RunResult of(RecordedWorkload w) {
        long end = w.durationNanos();
        int n = (int) (end / INTERVAL_NANOS);
        long[] arrivals = new long[n];
        long[] sent = new long[n];
        long[] ok = new long[n];
        long[] overloaded = new long[n];
        long[] inFlight = new long[n];
        long[] backingOff = new long[n];
        long[] goodput = new long[n];
        long[] admitted = new long[n];
        long[] shed = new long[n];
        long[] forced = new long[n];
        long[] per100ms = new long[(int) (end / (SECOND / 10))];
        Histogram request = histogram();
        Histogram uncorrected = histogram();
        Histogram attempt = histogram();
        List<Histogram> requestIntervals = new ArrayList<>();
        List<Histogram> attemptIntervals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requestIntervals.add(histogram());
            attemptIntervals.add(histogram());
        }
        Map<String, Long> statuses = new TreeMap<>();
        long started = 0;
        long succeeded = 0;
        long failed = 0;
        long attempts = 0;
        for (Request r : w.requests()) {
            started++;
            arrivals[slot(r.arrivalNanos())]++;
            List<Attempt> as = r.attempts();
            for (int j = 0; j < as.size(); j++) {
                Attempt a = as.get(j);
                attempts++;
                sent[slot(a.sentNanos())]++;
                per100ms[(int) (a.sentNanos() / (SECOND / 10))]++;
                if (a.status() == 200) admitted[slot(a.sentNanos())]++;
                else if (a.forced()) forced[slot(a.sentNanos())]++;
                else shed[slot(a.sentNanos())]++;
                for (int k = firstEndAtOrAfter(a.sentNanos()); k < n && endOf(k) < a.doneNanos(); k++) inFlight[k]++;
                if (a.doneNanos() < end) {
                    statuses.merge(Integer.toString(a.status()), 1L, Long::sum);
                    if (a.status() == 200) ok[slot(a.doneNanos())]++;
                    else overloaded[slot(a.doneNanos())]++;
                    attempt.recordValue(a.latencyNanos() / 1000);
                    attemptIntervals.get(slot(a.doneNanos())).recordValue(a.latencyNanos() / 1000);
                    long waitUntil = j + 1 < as.size() ? as.get(j + 1).sentNanos() : (a.status() != 200 && r.doneNanos() < 0 ? Long.MAX_VALUE : -1);
                    for (int k = firstEndAtOrAfter(a.doneNanos()); k < n && endOf(k) < waitUntil; k++) backingOff[k]++;
                }
            }
            if (r.doneNanos() >= 0) {
                if (r.succeeded()) {
                    succeeded++;
                    goodput[slot(r.doneNanos())]++;
                }
                else failed++;
                request.recordValue((r.doneNanos() - r.arrivalNanos()) / 1000);
                uncorrected.recordValue((r.doneNanos() - r.firstSendNanos()) / 1000);
                requestIntervals.get(slot(r.doneNanos())).recordValue((r.doneNanos() - r.arrivalNanos()) / 1000);
            }
        }
        List<RunResult.Interval> timeline = new ArrayList<>();
        List<ServerView.Interval> serverTimeline = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            timeline.add(new RunResult.Interval(k, arrivals[k], sent[k], ok[k], overloaded[k], 0, inFlight[k], backingOff[k], goodput[k]));
            serverTimeline.add(new ServerView.Interval(k, sent[k], admitted[k], shed[k], forced[k], 0));
        }
        ServerView server = new ServerView(attempts, sum(admitted), sum(shed), sum(forced), Map.of(), 0, 0, serverTimeline);
        double durationSeconds = (double) end / SECOND;
        return new RunResult(w.strategy(), false, false, durationSeconds,
                new RunResult.Requests(started, succeeded, failed, failed == 0 ? Map.of() : Map.of("exhausted", failed), 200,
                        started / durationSeconds),
                attempts, (double) attempts / started, Derived.peakAmplification(arrivals, sent),
                Derived.synchrony(per100ms, Derived.SYNCHRONY_BUCKET_NANOS, RecordedWorkload.PHASES, end), statuses,
                latency(request), latency(uncorrected), latency(attempt),
                Derived.recoverySeconds(timeline, RecordedWorkload.PHASES, durationSeconds), Double.NaN,
                timeline, server, new RunResult.Histograms(request, uncorrected, attempt, requestIntervals, attemptIntervals),
                List.of(), per100ms, Derived.goodputAfterPerSecond(goodput, INTERVAL_NANOS, Derived.Script.phases(RecordedWorkload.PHASES), end));
    }

    /** {@code r} under another strategy name. */
    public static RunResult renamed(RunResult r, String strategy) {
        return new RunResult(strategy, r.closedLoop(), r.partial(), r.durationSeconds(), r.requests(), r.attempts(), r.amplification(),
                r.peakAmplification(), r.synchrony(), r.statuses(), r.request(), r.requestUncorrected(), r.attempt(),
                r.recoverySeconds(), r.completionSeconds(), r.timeline(), r.server(), r.histograms(), r.phases(), r.attemptsPer100ms(),
                r.goodputAfterPerSecond());
    }

    /** {@code r} with another amplification and success count (attempts follow the amplification), for diff tests. */
    public static RunResult adjusted(RunResult r, double amplification, long succeeded) {
        RunResult.Requests q = r.requests();
        long attempts = Math.round(amplification * q.started());
        return new RunResult(r.strategy(), r.closedLoop(), r.partial(), r.durationSeconds(),
                new RunResult.Requests(q.started(), succeeded, q.started() - succeeded, q.failures(), q.targetRate(), q.achievedRate()),
                attempts, amplification, r.peakAmplification(), r.synchrony(), r.statuses(), r.request(), r.requestUncorrected(),
                r.attempt(), r.recoverySeconds(), r.completionSeconds(), r.timeline(), r.server(), r.histograms(), r.phases(),
                r.attemptsPer100ms(), r.goodputAfterPerSecond());
    }

    static RunResult.Latency latency(Histogram h) {
        if (h.getTotalCount() == 0) return new RunResult.Latency(0, 0, 0, 0, 0, 0, 0);
        return new RunResult.Latency(h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0,
                h.getMean() / 1000.0, h.getTotalCount());
    }

    static Histogram histogram() {
        return new Histogram(3);
    }

    private static int slot(long tNanos) { return (int) (tNanos / INTERVAL_NANOS); }

    private static long endOf(int k) { return (k + 1) * INTERVAL_NANOS; }

    private static int firstEndAtOrAfter(long tNanos) { return (int) Math.max(0, (tNanos - INTERVAL_NANOS + INTERVAL_NANOS - 1) / INTERVAL_NANOS); }

    private static long sum(long[] a) {
        long s = 0;
        for (long v : a) s += v;
        return s;
    }
}
