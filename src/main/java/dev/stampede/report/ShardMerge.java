package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.Derived;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;
import dev.stampede.metrics.StartSchedule;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.ThresholdSpec;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The exact merge of shard results ({@code stampede merge}, docs/reports.md): the shards of one scenario each ran 1/N of
 * the load; their sum is the whole run.
 *
 * <p>Summed: request and attempt counters, failures by reason, statuses, the timeline interval by interval, the
 * server view. Added: every histogram (full-run and interval), so percentiles are those of all recorded values —
 * never averaged. Recomputed from the merged data with {@link Derived}, exactly as for one process: amplification,
 * peak amplification (from the summed per-second arrivals and attempts), success rate, latency summaries and, when the
 * scenario is given, synchrony and recovery (both are defined over the overload windows, which a result file does not
 * carry; without the scenario they are NaN, "not measured"). Synchrony of live shards reads the summed 100 ms attempt
 * series each live result keeps ({@link RunResult#attemptsPer100ms()}). Thresholds the shards evaluated are evaluated
 * again on the merged figures.
 *
 * <p>Interval-by-interval sums are exact only when the shards' intervals were simultaneous: shards started with one
 * {@code run --start-at} carry the same {@link StartSchedule}, which the merge keeps; shards with different schedules
 * (or some with one and some without) are refused. Shards without any schedule are merged as they are, and
 * {@link #aligned} says so.
 */
public final class ShardMerge {

    private ShardMerge() {}

    /** {@link #merge(List, Derived.Script)} knowing the scenario's phases only (no load stages), or nothing ({@code null}). */
    public static Comparison merge(List<Comparison> shards, List<PhaseSpec> phases) {
        return merge(shards, phases == null ? null : Derived.Script.phases(phases));
    }

    /**
     * Merges shard results.
     *
     * @param script the scenario's phases and load stages, or {@code null} when unknown (synchrony and recovery become NaN)
     * @throws IllegalArgumentException when the shards are of different scenarios (name or sha256) or modes, have
     *                                  different timeline intervals, or lack histograms; the message says which shard
     */
    public static Comparison merge(List<Comparison> shards, Derived.Script script) {
        if (shards.isEmpty()) throw new IllegalArgumentException("nothing to merge: no shard results given");
        Comparison first = shards.getFirst();
        for (int i = 1; i < shards.size(); i++) {
            Comparison s = shards.get(i);
            requireSame("scenario name", first.scenarioName(), s.scenarioName(), i);
            requireSame("scenario sha256", first.scenarioSha256(), s.scenarioSha256(), i);
            requireSame("mode", first.mode(), s.mode(), i);
            if (!Objects.equals(first.schedule(), s.schedule())) {
                throw new IllegalArgumentException("shard " + (i + 1) + " ran on " + describe(s.schedule()) + ", the first shard on "
                        + describe(first.schedule()) + ": their intervals were not simultaneous, so their timelines cannot be "
                        + "added up; run every shard with the same --start-at");
            }
        }
        Map<String, List<RunResult>> byStrategy = new LinkedHashMap<>();
        for (Comparison s : shards) {
            for (RunResult r : s.runs()) byStrategy.computeIfAbsent(r.strategy(), k -> new ArrayList<>()).add(r);
        }
        List<RunResult> runs = new ArrayList<>();
        byStrategy.forEach((strategy, parts) -> runs.add(mergeRuns(parts, script)));
        Instant startedAt = shards.stream().map(Comparison::startedAt).filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
        return new Comparison(first.scenarioName(), first.scenarioFile(), first.scenarioSha256(), first.mode(), first.target(),
                first.seed(), startedAt, List.copyOf(runs), rethreshold(shards, runs),
                shards.stream().anyMatch(Comparison::partial), first.schedule());
    }

    /**
     * True when the merged result's intervals were simultaneous in every shard: the shards shared one aligned schedule
     * ({@code --start-at}), or there was only one shard.
     */
    public static boolean aligned(Comparison merged, int shardCount) {
        return shardCount <= 1 || merged.schedule() != null;
    }

    private static String describe(StartSchedule s) {
        return s == null ? "no aligned schedule (no --start-at)"
                : "the schedule start " + s.startAt() + ", slot " + s.slot().toMillis() / 1000.0 + " s";
    }

    /** One strategy's shard runs as one run. */
    static RunResult mergeRuns(List<RunResult> parts, Derived.Script script) {
        RunResult first = parts.getFirst();
        double interval = HgrmFiles.intervalSeconds(first);
        for (RunResult p : parts) {
            if (p.timeline().size() >= 2 && Math.abs(HgrmFiles.intervalSeconds(p) - interval) > 1e-9) {
                throw new IllegalArgumentException("strategy " + first.strategy() + ": shards have different timeline intervals ("
                        + interval + " s and " + HgrmFiles.intervalSeconds(p) + " s)");
            }
            if (p.histograms() == null) {
                throw new IllegalArgumentException("strategy " + first.strategy() + ": a shard result carries no histograms, so "
                        + "its latencies cannot be merged exactly");
            }
        }
        double duration = parts.stream().mapToDouble(RunResult::durationSeconds).max().orElse(0);
        long started = 0, succeeded = 0, failed = 0, attempts = 0, degraded = 0;
        double targetRate = 0;
        Map<String, Long> failures = new LinkedHashMap<>(); // the recorder's reason order, first shard first
        Map<String, Long> statuses = new TreeMap<>(); // status codes (three digits) before error kinds, as the recorder sorts
        for (RunResult p : parts) {
            started += p.requests().started();
            succeeded += p.requests().succeeded();
            failed += p.requests().failed();
            degraded += p.requests().degraded();
            targetRate += p.requests().targetRate();
            attempts += p.attempts();
            p.requests().failures().forEach((k, v) -> failures.merge(k, v, Long::sum));
            p.statuses().forEach((k, v) -> statuses.merge(k, v, Long::sum));
        }
        List<RunResult.Interval> timeline = timeline(parts, interval);
        long[] per100ms = attemptsPer100ms(parts);
        Histogram request = add(parts, RunResult.Histograms::request);
        Histogram uncorrected = add(parts, RunResult.Histograms::requestUncorrected);
        Histogram attempt = add(parts, RunResult.Histograms::attempt);
        RunResult.Histograms histograms = new RunResult.Histograms(request, uncorrected, attempt,
                addIntervals(parts, RunResult.Histograms::requestIntervals), addIntervals(parts, RunResult.Histograms::attemptIntervals));
        double completion = parts.stream().mapToDouble(RunResult::completionSeconds).reduce(Double.NaN,
                (a, b) -> Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b));
        return new RunResult(first.strategy(), first.closedLoop(), parts.stream().anyMatch(RunResult::partial), duration,
                new RunResult.Requests(started, succeeded, failed, failures, targetRate, duration > 0 ? started / duration : Double.NaN,
                        degraded),
                attempts,
                started == 0 ? Double.NaN : (double) attempts / started,
                Derived.peakAmplification(timeline, duration),
                script == null ? Double.NaN : Derived.synchrony(timeline, per100ms, script, duration),
                statuses,
                Derived.latency(request), Derived.latency(uncorrected), Derived.latency(attempt),
                script == null ? Double.NaN : Derived.recoverySeconds(timeline, script, duration),
                completion,
                timeline,
                server(parts),
                histograms,
                phaseRows(parts),
                per100ms,
                script == null ? Double.NaN : Derived.goodputAfterPerSecond(timeline, script, duration),
                dev.stampede.metrics.ClientView.ofShards(parts.stream().map(RunResult::client).toList()),
                TemplateMerge.templates(parts),
                // every shard ran the same policy: priced alike, so their costs add up (NaN: unpriced)
                parts.stream().mapToDouble(RunResult::cost).reduce(Double.NaN,
                        (a, b) -> Double.isNaN(a) ? b : Double.isNaN(b) ? a : a + b));
    }

    /**
     * The shards' 100 ms attempt series summed bucket by bucket; {@code null} when a shard has none (its timeline gives
     * it, or it was written before the series was kept).
     */
    static long[] attemptsPer100ms(List<RunResult> parts) {
        int n = 0;
        for (RunResult p : parts) {
            if (p.attemptsPer100ms() == null) return null;
            n = Math.max(n, p.attemptsPer100ms().length);
        }
        long[] sum = new long[n];
        for (RunResult p : parts) {
            long[] a = p.attemptsPer100ms();
            for (int i = 0; i < a.length; i++) sum[i] += a[i];
        }
        return sum;
    }

    /**
     * Per-phase rows summed over the shards (counts add exactly); p50/p95 cannot be merged from two percentiles, so
     * they are kept only when a single shard has the phase, else NaN. Shards with different phase lists: none.
     */
    static List<RunResult.Phase> phaseRows(List<RunResult> parts) {
        int n = parts.getFirst().phases().size();
        if (parts.stream().anyMatch(p -> p.phases().size() != n)) return List.of();
        List<RunResult.Phase> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long attempts = 0, overloaded = 0, ok = 0, gate = 0, succeeded = 0, fallback = 0, failures = 0;
            long streak = 0, rate = 0, failForward = 0, onStatus = 0, onError = 0, degraded = 0;
            double cost = Double.NaN;
            for (RunResult p : parts) {
                RunResult.Phase ph = p.phases().get(i);
                attempts += ph.attempts();
                overloaded += ph.overloaded();
                ok += ph.answered2xx();
                gate += ph.gateRejected();
                succeeded += ph.succeeded();
                fallback += ph.fallbackServed();
                failures += ph.userFailures();
                streak += ph.switchedOnStreak();
                rate += ph.switchedOnRate();
                failForward += ph.failedForward();
                onStatus += ph.fallbackOnStatus();
                onError += ph.fallbackOnError();
                degraded += ph.degraded();
                // priced when any shard was (NaN is "unpriced", not an unknown amount)
                if (!Double.isNaN(ph.cost())) cost = (Double.isNaN(cost) ? 0 : cost) + ph.cost();
            }
            RunResult.Phase first = parts.getFirst().phases().get(i);
            boolean single = parts.size() == 1;
            rows.add(new RunResult.Phase(first.atSeconds(), attempts, overloaded, ok, gate, succeeded, fallback, failures,
                    single ? first.p50Ms() : Double.NaN, single ? first.p95Ms() : Double.NaN, streak, rate, failForward,
                    onStatus, onError, degraded, cost));
        }
        return rows;
    }

    private static List<RunResult.Interval> timeline(List<RunResult> parts, double interval) {
        int n = parts.stream().mapToInt(p -> p.timeline().size()).max().orElse(0);
        List<RunResult.Interval> merged = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long arrivals = 0, attempts = 0, ok = 0, overloaded = 0, errors = 0, inFlight = 0, backingOff = 0, succeeded = 0, refused = 0;
            double start = Double.NaN;
            for (RunResult p : parts) {
                if (i >= p.timeline().size()) continue;
                RunResult.Interval x = p.timeline().get(i);
                if (Double.isNaN(start)) start = x.startSeconds();
                arrivals += x.arrivals();
                attempts += x.attempts();
                ok += x.ok();
                overloaded += x.overloaded();
                errors += x.errors();
                inFlight += x.inFlight();
                backingOff += x.backingOff();
                succeeded += x.succeeded();
                refused += x.refused();
            }
            merged.add(new RunResult.Interval(Double.isNaN(start) ? i * interval : start, arrivals, attempts, ok, overloaded, errors,
                    inFlight, backingOff, succeeded, refused));
        }
        return List.copyOf(merged);
    }

    /** The sum of one histogram over the shards; {@code null} when any shard lacks it (it cannot be exact then). */
    private static Histogram add(List<RunResult> parts, Function<RunResult.Histograms, Histogram> which) {
        Histogram sum = null;
        for (RunResult p : parts) {
            Histogram h = which.apply(p.histograms());
            if (h == null) return null;
            if (sum == null) sum = new Histogram(h.getNumberOfSignificantValueDigits());
            sum.add(h);
        }
        return sum;
    }

    private static List<Histogram> addIntervals(List<RunResult> parts, Function<RunResult.Histograms, List<Histogram>> which) {
        int n = 0;
        for (RunResult p : parts) {
            List<Histogram> l = which.apply(p.histograms());
            if (l == null) return List.of();
            n = Math.max(n, l.size());
        }
        List<Histogram> merged = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Histogram sum = new Histogram(3);
            for (RunResult p : parts) {
                List<Histogram> l = which.apply(p.histograms());
                if (i < l.size()) sum.add(l.get(i));
            }
            merged.add(sum);
        }
        return List.copyOf(merged);
    }

    private static ServerView server(List<RunResult> parts) {
        List<ServerView> views = parts.stream().map(RunResult::server).filter(Objects::nonNull).toList();
        if (views.isEmpty()) return null;
        long received = 0, admitted = 0, shed = 0, forced = 0, resets = 0, hangs = 0, queueTimeouts = 0;
        long duplicates = 0, replayed = 0, conflicts = 0;
        double busy = 0, wasted = 0;
        Map<Integer, Long> errors = new TreeMap<>();
        int n = 0;
        for (ServerView v : views) {
            received += v.received();
            admitted += v.admitted();
            shed += v.shed();
            forced += v.forced529();
            resets += v.resets();
            hangs += v.hangs();
            queueTimeouts += v.queueTimeouts();
            busy += v.busySeconds();
            wasted += v.wastedSeconds();
            duplicates += v.duplicates();
            replayed += v.replayed();
            conflicts += v.conflicts();
            v.errors().forEach((k, c) -> errors.merge(k, c, Long::sum));
            n = Math.max(n, v.timeline().size());
        }
        List<ServerView.Interval> timeline = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long r = 0, a = 0, s = 0, f = 0, e = 0, qt = 0, dup = 0;
            double start = Double.NaN, inService = 0, queued = 0, busyS = 0, wastedS = 0, workerS = 0;
            for (ServerView v : views) {
                if (i >= v.timeline().size()) continue;
                ServerView.Interval x = v.timeline().get(i);
                if (Double.isNaN(start)) start = x.startSeconds();
                r += x.received();
                a += x.admitted();
                s += x.shed();
                f += x.forced529();
                e += x.errors();
                inService += x.inService();
                queued += x.queued();
                busyS += x.busySeconds();
                wastedS += x.wastedSeconds();
                workerS += x.workerSeconds();
                qt += x.queueTimeouts();
                dup += x.duplicates();
            }
            timeline.add(new ServerView.Interval(start, r, a, s, f, e, inService, queued, busyS, wastedS, workerS, qt, dup));
        }
        return new ServerView(received, admitted, shed, forced, errors, resets, hangs, List.copyOf(timeline), queueTimeouts,
                busy, wasted, duplicates, replayed, conflicts, degradedAnswers(views));
    }

    /** Degraded answers per model phase, added over the shards by (route, phase); in the first shard's order. */
    private static List<ServerView.DegradedPhase> degradedAnswers(List<ServerView> views) {
        Map<String, ServerView.DegradedPhase> sum = new java.util.LinkedHashMap<>();
        for (ServerView v : views) {
            for (ServerView.DegradedPhase d : v.degradedAnswers()) {
                sum.merge(d.route() + "#" + d.phase(), d, (a, b) -> new ServerView.DegradedPhase(a.route(), a.phase(),
                        a.atSeconds(), a.count() + b.count()));
            }
        }
        return List.copyOf(sum.values());
    }

    /** The shards' thresholds (already expanded per strategy), evaluated again on the merged runs. */
    private static List<Comparison.ThresholdResult> rethreshold(List<Comparison> shards, List<RunResult> runs) {
        Map<String, Comparison.ThresholdResult> distinct = new LinkedHashMap<>();
        for (Comparison s : shards) {
            for (Comparison.ThresholdResult t : s.thresholds()) {
                distinct.putIfAbsent(t.strategy() + '\u0000' + t.metric() + '\u0000' + t.op() + '\u0000' + t.value(), t);
            }
        }
        List<Comparison.ThresholdResult> out = new ArrayList<>();
        for (Comparison.ThresholdResult t : distinct.values()) {
            RunResult run = runs.stream().filter(r -> r.strategy().equals(t.strategy())).findFirst().orElse(null);
            if (run == null) continue;
            double actual = Thresholds.actual(t.metric(), run);
            out.add(new Comparison.ThresholdResult(t.strategy(), t.metric(), t.op(), t.value(), actual, holds(t.op(), actual, t.value())));
        }
        return List.copyOf(out);
    }

    private static boolean holds(String op, double actual, double limit) {
        for (ThresholdSpec.Op o : ThresholdSpec.Op.values()) {
            if (o.symbol.equals(op)) return o.holds(actual, limit);
        }
        throw new IllegalArgumentException("unknown threshold operator '" + op + "'");
    }

    private static void requireSame(String what, String a, String b, int index) {
        if (!Objects.equals(a, b)) {
            throw new IllegalArgumentException("shard " + (index + 1) + " is of a different " + what + " ('" + b + "', the first shard has '"
                    + a + "'): only shards of one scenario and mode can be merged");
        }
    }
}
