package dev.stampede.metrics;

import dev.stampede.retry.AttemptOutcome;
import dev.stampede.scenario.ArrivalSchedule;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.retry.FailureReason;
import dev.stampede.scenario.ErrorKind;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.PhaseSpec;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Records one strategy's run, for the live engine and the simulator alike. Every time argument is
 * nanoseconds since the run started on the engine's clock (monotonic live, virtual in the simulator).
 * Thread-safe: many client threads record at once without a shared lock (HdrHistogram
 * {@code Recorder}s and {@code LongAdder}s); {@link #snapshot} and {@link #finish} may run beside them. The
 * {@link #singleThreaded} variant is for a run recorded and read by one thread (plain histograms).
 *
 * <p>Event order per logical request: {@code arrival}, then either {@code saturated} (never sent), or
 * one or more {@code attemptSent}/{@code attemptDone} pairs separated by {@code backoffBegins}/
 * {@code backoffEnds}, then exactly one {@code requestDone}.
 *
 * <p>A saturated request ends with {@link #saturated}: it is counted as started (by its {@code arrival})
 * and failed ({@code clientSaturated}). A following {@code requestDone(t, CLIENT_SATURATED, …)} is
 * tolerated and not counted twice (the failure count is the larger of the two calls' counts); its
 * latency is not recorded, since nothing was sent.
 *
 * <p>What is recorded where (docs/metrics.md):
 * <ul>
 * <li>latency histograms in microseconds, 3 significant digits, auto-resizing from 1 µs up to 24 h (longer
 *     values are clamped to 24 h):
 *     {@code request} from the intended start, {@code requestUncorrected} from the first attempt's actual
 *     send, {@code attempt} per HTTP exchange; every request that was sent is recorded, failed or not;
 * <li>the timeline per {@code intervalNanos}: events are filed under the interval their time falls in (goodput:
 *     a succeeded request under the interval of its {@code requestDone});
 *     the gauges {@code inFlight} and {@code backingOff} are the value left by the last event of the
 *     interval (an interval without such an event repeats the previous interval's value). In the
 *     single-threaded simulator this is exactly the value at the interval's end; live, two threads racing
 *     at the very end of an interval may leave the value of the second-to-last event;
 * <li>attempts per 100 ms (synchrony) and arrivals, attempts, answered and failed attempts per second (peak
 *     amplification, recovery): taken from the timeline when its interval divides those buckets, else kept
 *     separately (the 100 ms series then goes into the result, so a merge of shards can recompute synchrony);
 * <li>request and attempt latency per second of the run ({@link IntervalRecorder}), for .hlog files, filed by
 *     the time of the event that ends them.
 * </ul>
 * Events at times past {@code finish}'s end are kept (the timeline then has an extra interval), so that
 * counts always add up. Per event the cost is a few atomic adds; nothing allocates on the hot path
 * except the first event of a new chunk of intervals.
 */
public final class RunRecorder {

    /** HdrHistogram precision of every latency histogram. */
    public static final int SIGNIFICANT_DIGITS = 3;
    /** Highest latency recorded as such: 24 h, in microseconds; longer ones are recorded as this. */
    public static final long HIGHEST_MICROS = 24L * 3600 * 1_000_000;
    /** The dashboard's p99 is refreshed at most this often (run time). */
    static final long SNAPSHOT_REFRESH_NANOS = 250_000_000L;

    /**
     * @param strategy      row name
     * @param intervalNanos timeline interval (1 s live, 100 ms simulated), &gt; 0
     * @param phases        the scripted phases (for synchrony and recovery), empty for a URL target
     * @param stages        the open model's rate stages (a stage above the first one's rate is an overload window),
     *                      empty for another load model
     * @param closedLoop    results are closed-loop and labelled so
     * @param targetRatePerSecond the scenario's mean offered rate, or 0 when not an open model
     * @param finiteWorkload the workload ends by itself (e.g. a herd): {@code completionSeconds} is the time of
     *                      the last {@code requestDone}; otherwise it is NaN
     * @param intervalHistograms keep one latency histogram per second (for .hlog files); repeats and sweeps,
     *                      which keep only each run's figures, turn it off: closing a second costs a pass over
     *                      every histogram bucket, which dominated a short simulated run
     */
    public record Config(String strategy, long intervalNanos, List<PhaseSpec> phases, boolean closedLoop,
                         double targetRatePerSecond, boolean finiteWorkload, List<LoadSpec.Stage> stages,
                         boolean intervalHistograms) {
        public Config {
            if (intervalNanos <= 0) throw new IllegalArgumentException("intervalNanos must be > 0, got " + intervalNanos);
            phases = phases == null ? List.of() : List.copyOf(phases);
            stages = stages == null ? List.of() : List.copyOf(stages);
        }

        /** With per-second latency histograms. */
        public Config(String strategy, long intervalNanos, List<PhaseSpec> phases, boolean closedLoop,
                      double targetRatePerSecond, boolean finiteWorkload, List<LoadSpec.Stage> stages) {
            this(strategy, intervalNanos, phases, closedLoop, targetRatePerSecond, finiteWorkload, stages, true);
        }

        /** Without load stages (a closed model, a herd), with per-second latency histograms. */
        public Config(String strategy, long intervalNanos, List<PhaseSpec> phases, boolean closedLoop,
                      double targetRatePerSecond, boolean finiteWorkload) {
            this(strategy, intervalNanos, phases, closedLoop, targetRatePerSecond, finiteWorkload, List.of());
        }

        /** What the scenario scripted, for the figures defined over overload windows. */
        public Derived.Script script() { return new Derived.Script(phases, stages); }

        /** A workload that runs until the run's end ({@code completionSeconds} NaN). */
        public Config(String strategy, long intervalNanos, List<PhaseSpec> phases, boolean closedLoop,
                      double targetRatePerSecond) {
            this(strategy, intervalNanos, phases, closedLoop, targetRatePerSecond, false);
        }

        /**
         * The settings of a run (or population) offering {@code load} for {@code durationNanos}: both engines build
         * their recorders with it. Closed-loop unless open; an open model's target rate is its mean over the
         * duration; a herd is a finite workload.
         */
        public static Config forLoad(String strategy, long intervalNanos, List<PhaseSpec> phases, LoadSpec load,
                                     long durationNanos) {
            double rate = load instanceof LoadSpec.Open open ? ArrivalSchedule.meanRatePerSecond(open, durationNanos) : 0;
            return new Config(strategy, intervalNanos, phases, !(load instanceof LoadSpec.Open), rate,
                    load instanceof LoadSpec.Herd, Derived.Script.stagesOf(load));
        }

        /** This configuration without per-second latency histograms (the result's interval lists are empty). */
        public Config withoutIntervalHistograms() {
            return new Config(strategy, intervalNanos, phases, closedLoop, targetRatePerSecond, finiteWorkload, stages, false);
        }
    }

    // timeline fields; gauges are stored as value + 1 so that 0 means "no event in this interval"
    private static final int ARRIVALS = 0, ATTEMPTS = 1, OK = 2, OVERLOADED = 3, ERRORS = 4, IN_FLIGHT = 5, BACKING_OFF = 6, SUCCEEDED = 7,
            REFUSED = 8;
    // fields of the separate per-second series, when the timeline cannot give it
    private static final int S_ARRIVALS = 0, S_ATTEMPTS = 1, S_ANSWERED = 2, S_FAILED = 3, S_WAITING = 4;
    private static final int MAX_STATUS = 1000;

    private final Config config;
    private final CounterSeries timeline;
    private final CounterSeries perSecond;        // null when the timeline's interval divides 1 s
    private final CounterSeries per100ms;         // null when the timeline's interval divides 100 ms

    private final LongAdder started = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder degraded = new LongAdder();
    private final LongAdder[] failures = new LongAdder[FailureReason.values().length];
    private final LongAdder saturatedCalls = new LongAdder();
    private final LongAdder attempts = new LongAdder();
    private final LongAdder overloaded = new LongAdder();
    private final AtomicLongArray statusCounts = new AtomicLongArray(MAX_STATUS);
    private final LongAdder[] errorKindCounts = new LongAdder[ErrorKind.values().length];
    private final Map<Integer, LongAdder> oddStatuses = new ConcurrentHashMap<>();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong backingOff = new AtomicLong();
    private final LongAdder waits = new LongAdder();
    private final AtomicLong lastRequestDoneNanos = new AtomicLong(-1);

    // per scripted phase: counters (P_* columns) and the request latency of requests that ended in it
    private static final int P_ATTEMPTS = 0, P_OVERLOADED = 1, P_OK = 2, P_GATE = 3, P_SUCCEEDED = 4, P_FALLBACK = 5,
            P_FAILED = 6, P_SATURATED = 7, P_SATURATED_DONE = 8, P_STREAK = 9, P_RATE = 10, P_FAIL_FORWARD = 11,
            P_FALLBACK_ON_STATUS = 12, P_FALLBACK_ON_ERROR = 13, P_DEGRADED = 14, P_COLUMNS = 15;
    private final long[] phaseStarts;
    private final AtomicLongArray phaseCounts;
    private final LatencyLog[] phaseLatency;

    private final LatencyLog requestLatency;
    private final LatencyLog attemptLatency;
    private final LatencyLog requestUncorrectedLatency;

    // the client's own account (live runs only; docs/metrics.md, "Generator lag and client-bound runs")
    private final Recorder pacerLag = new Recorder(SIGNIFICANT_DIGITS);
    private final Recorder sendLag = new Recorder(SIGNIFICANT_DIGITS);
    private final Recorder connectionWait = new Recorder(SIGNIFICANT_DIGITS);
    private final LongAdder connectionWaits = new LongAdder();
    private final LongAdder noConnection = new LongAdder();
    private final Histogram[] clientTotals = {new Histogram(SIGNIFICANT_DIGITS), new Histogram(SIGNIFICANT_DIGITS),
            new Histogram(SIGNIFICANT_DIGITS)};   // pacer, send, connection wait; guarded by readLock
    /** The run's connection limit (0: none); -1 until a live engine says it measures the client. */
    private volatile int connections = -1;
    /** The attempts' timeout, for the client-bound rule; 0 when unknown. */
    private volatile long attemptTimeoutNanos;
    // Readers' side: the lag recorders' deltas are drained into clientTotals under this (never taken by recorders).
    private final ReentrantLock readLock = new ReentrantLock();
    private volatile double cachedP99Millis = Double.NaN;
    /** Per request template of a mix; {@code null} for one template. Set before the run starts. */
    private volatile TemplateTally templates;
    /** Attempts per priced tier; {@code null} when the policy has no {@code cost:}. Set before the run starts. */
    private volatile CostTally cost;
    private volatile long cachedAtNanos = -SNAPSHOT_REFRESH_NANOS;

    /** A recorder for many recording threads (the live engine; a simulated run that a progress display reads). */
    public RunRecorder(Config config) {
        this(config, false);
    }

    /**
     * A recorder whose every call, {@link #snapshot} and {@link #finish} included, comes from one thread (or is
     * ordered after the last event by a happens-before edge): its latency histograms are plain HdrHistogram
     * {@code Histogram}s instead of {@code Recorder}s, which halves the CPU time of a short simulated run. For a
     * simulated repeat or sweep point, which no other thread reads while it runs.
     */
    public static RunRecorder singleThreaded(Config config) {
        return new RunRecorder(config, true);
    }

    private RunRecorder(Config config, boolean singleThreaded) {
        this.config = config;
        this.requestLatency = LatencyLog.create(singleThreaded, config.intervalHistograms());
        this.attemptLatency = LatencyLog.create(singleThreaded, config.intervalHistograms());
        this.requestUncorrectedLatency = LatencyLog.create(singleThreaded, false);
        long iv = config.intervalNanos();
        this.timeline = new CounterSeries(iv, 9);
        this.perSecond = Derived.SECOND_NANOS % iv == 0 ? null : new CounterSeries(Derived.SECOND_NANOS, 5);
        this.per100ms = Derived.SYNCHRONY_BUCKET_NANOS % iv == 0 ? null : new CounterSeries(Derived.SYNCHRONY_BUCKET_NANOS, 1);
        for (int i = 0; i < failures.length; i++) failures[i] = new LongAdder();
        for (int i = 0; i < errorKindCounts.length; i++) errorKindCounts[i] = new LongAdder();
        this.phaseStarts = config.phases().isEmpty() ? new long[] {0}
                : config.phases().stream().mapToLong(ph -> ph.at().toNanos()).sorted().toArray();
        this.phaseCounts = new AtomicLongArray(phaseStarts.length * P_COLUMNS);
        this.phaseLatency = new LatencyLog[phaseStarts.length];
        for (int i = 0; i < phaseLatency.length; i++) phaseLatency[i] = LatencyLog.create(singleThreaded, false);
    }

    /** The scripted phase in force at {@code t} (0 before the first phase's start). */
    private int phaseIndex(long t) {
        int i = java.util.Arrays.binarySearch(phaseStarts, t);
        if (i >= 0) {
            while (i + 1 < phaseStarts.length && phaseStarts[i + 1] == t) i++;
            return i;
        }
        return Math.max(0, -i - 2);
    }

    private void countPhase(long t, int column) {
        phaseCounts.incrementAndGet(phaseIndex(t) * P_COLUMNS + column);
    }

    /**
     * A 2xx answer failed the policy's quality gate at {@code t} (the attempt itself is reported with
     * {@link #attemptDone} as usual, before or after this call).
     */
    public void gateRejected(long t) {
        countPhase(t, P_GATE);
    }

    /**
     * The request that succeeds at {@code t} was served by fallback tier {@code tier} (0 = the run's own target,
     * which needs no call). Call it once per succeeded request, beside its {@link #requestDone}.
     */
    public void servedBy(long t, int tier) {
        if (tier > 0) countPhase(t, P_FALLBACK);
    }

    /** A request left its tier at {@code t} after a streak of its policy's {@code routing.streak} statuses. */
    public void switchedOnStreak(long t) { countPhase(t, P_STREAK); }

    /** A request started at {@code t} past the primary: its policy's rolling-rate switch was on. */
    public void switchedOnRate(long t) { countPhase(t, P_RATE); }

    /** A request failed forward at {@code t} instead of moving to a fallback tier whose gate rejected too much. */
    public void failedForward(long t) { countPhase(t, P_FAIL_FORWARD); }

    /**
     * An attempt that ended at {@code t} left its tier at once because its outcome is in the policy's {@code fallbackOn}:
     * a client error kind when {@code error}, else a status. Counted whether a next tier took the request or none was left.
     */
    public void fellBackOn(long t, boolean error) { countPhase(t, error ? P_FALLBACK_ON_ERROR : P_FALLBACK_ON_STATUS); }

    public Config config() { return config; }

    /**
     * The live engine measures its own lag in this run, with a connection limit of {@code connections} (0: none): the
     * result then carries a {@link ClientView}. The simulator never calls it.
     */
    public void measuresClient(int connections) {
        measuresClient(connections, 0);
    }

    /**
     * As {@link #measuresClient(int)}, with the attempts' timeout: attempts that took much longer than it mean the
     * client could not even enforce its own deadlines ({@link ClientView#lateDeadlines}).
     */
    public void measuresClient(int connections, long attemptTimeoutNanos) {
        if (connections < 0) throw new IllegalArgumentException("connections must be >= 0, got " + connections);
        this.attemptTimeoutNanos = attemptTimeoutNanos;
        this.connections = connections;
    }

    /** The open model's pacer handed out the arrival intended at {@code t} {@code lagNanos} late. */
    public void pacerLag(long t, long lagNanos) {
        pacerLag.recordValue(micros(lagNanos));
    }

    /**
     * An attempt left the client (or gave up waiting for a connection) {@code sendLagNanos} after its intended send, of
     * which it waited {@code connectionWaitNanos} for a free connection.
     *
     * @param waited    it found no free connection and waited
     * @param leftClient false when it never got a connection before its deadline
     */
    public void attemptLeft(long t, long sendLagNanos, long connectionWaitNanos, boolean waited, boolean leftClient) {
        sendLag.recordValue(micros(sendLagNanos));
        connectionWait.recordValue(micros(connectionWaitNanos));
        if (waited) connectionWaits.increment();
        if (!leftClient) noConnection.increment();
    }

    /** A logical request's intended start (open model: its scheduled time). */
    public void arrival(long t) {
        started.increment();
        timeline.add(t, ARRIVALS, 1);
        if (perSecond != null) perSecond.add(t, S_ARRIVALS, 1);
    }

    /** An arrival that found maxInFlight requests in flight: started and failed as clientSaturated, never sent. */
    public void saturated(long t) {
        saturatedCalls.increment();
        timeline.add(t, REFUSED, 1);
        countPhase(t, P_SATURATED);
    }

    /** An attempt goes on the wire. */
    public void attemptSent(long t) {
        attempts.increment();
        timeline.add(t, ATTEMPTS, 1);
        if (perSecond != null) perSecond.add(t, S_ATTEMPTS, 1);
        if (per100ms != null) per100ms.add(t, 0, 1);
        timeline.set(t, IN_FLIGHT, inFlight.incrementAndGet() + 1);
        if (perSecond != null) storeWaiting(t);
    }

    /** An attempt ended; {@code latencyNanos} is the one HTTP exchange. */
    public void attemptDone(long t, AttemptOutcome outcome, long latencyNanos) {
        int phase = phaseIndex(t) * P_COLUMNS;
        phaseCounts.incrementAndGet(phase + P_ATTEMPTS);
        if (outcome.isSuccess()) phaseCounts.incrementAndGet(phase + P_OK);
        else if (outcome.error() == null && outcome.status() == 529) phaseCounts.incrementAndGet(phase + P_OVERLOADED);
        if (perSecond != null) perSecond.add(t, S_ANSWERED, 1);
        if (outcome.isSuccess()) {
            timeline.add(t, OK, 1);
        } else if (outcome.error() == null && outcome.status() == 529) {
            overloaded.increment();
            timeline.add(t, OVERLOADED, 1);
            if (perSecond != null) perSecond.add(t, S_FAILED, 1);
        } else {
            timeline.add(t, ERRORS, 1);
            if (perSecond != null) perSecond.add(t, S_FAILED, 1);
        }
        if (outcome.error() != null) {
            errorKindCounts[outcome.error().ordinal()].increment();
        } else if (outcome.status() >= 0 && outcome.status() < MAX_STATUS) {
            statusCounts.incrementAndGet(outcome.status());
        } else {
            oddStatuses.computeIfAbsent(outcome.status(), s -> new LongAdder()).increment();
        }
        timeline.set(t, IN_FLIGHT, inFlight.decrementAndGet() + 1);
        if (perSecond != null) storeWaiting(t);
        attemptLatency.record(t, micros(latencyNanos));
    }

    /**
     * An attempt whose end is unknown ended (the engine's own code failed while it was on the wire): it leaves the
     * in-flight gauge and counts no outcome, status or latency.
     */
    public void attemptAborted(long t) {
        timeline.set(t, IN_FLIGHT, inFlight.decrementAndGet() + 1);
        if (perSecond != null) storeWaiting(t);
    }

    /** A request starts waiting before its next attempt. */
    public void backoffBegins(long t) {
        waits.increment();
        timeline.set(t, BACKING_OFF, backingOff.incrementAndGet() + 1);
        if (perSecond != null) storeWaiting(t);
    }

    /** A request's wait ended (its next attempt follows, or the run ended). */
    public void backoffEnds(long t) {
        timeline.set(t, BACKING_OFF, backingOff.decrementAndGet() + 1);
        if (perSecond != null) storeWaiting(t);
    }

    /**
     * A logical request ended.
     *
     * @param failure             {@code null} for success, else why it failed
     * @param fromIntendedNanos   latency from the intended start (coordinated-omission corrected)
     * @param fromActualNanos     latency from the first attempt's actual send (uncorrected, as wrk2 -U)
     */
    public void requestDone(long t, FailureReason failure, long fromIntendedNanos, long fromActualNanos) {
        if (config.finiteWorkload() && t > lastRequestDoneNanos.get()) lastRequestDoneNanos.accumulateAndGet(t, Math::max);
        if (failure == FailureReason.CLIENT_SATURATED) {
            failures[failure.ordinal()].increment();
            countPhase(t, P_SATURATED_DONE);
            return;
        }
        if (failure == null) {
            succeeded.increment();
            timeline.add(t, SUCCEEDED, 1);
        } else {
            failures[failure.ordinal()].increment();
        }
        // a request the run's end cut is not a user-facing failure (docs/metrics.md)
        if (failure == null || !failure.cutByRunEnd()) countPhase(t, failure == null ? P_SUCCEEDED : P_FAILED);
        long intendedMicros = micros(fromIntendedNanos);
        phaseLatency[phaseIndex(t)].record(t, intendedMicros);
        requestLatency.record(t, intendedMicros);
        requestUncorrectedLatency.record(t, micros(fromActualNanos));
    }

    /**
     * Breaks figures down per request template ({@code mix:}): the templates' names, in the mix's order. Call before
     * the run starts, at most once.
     */
    public void templates(List<String> names) {
        if (templates != null) throw new IllegalStateException("templates already set");
        templates = new TemplateTally(names);
    }

    /**
     * A logical request of template {@code template} ended (beside its {@link #requestDone}); ignored without
     * {@link #templates}.
     *
     * @param attempts          attempts it sent
     * @param fromIntendedNanos latency from its intended start
     */
    public void templateDone(int template, FailureReason failure, int attempts, long fromIntendedNanos) {
        TemplateTally t = templates;
        if (t != null) t.done(template, failure, attempts, fromIntendedNanos);
    }

    /**
     * Prices the run's attempts per tier ({@code PolicyDef.prices()}: index 0 the run's own target): the result then
     * has a {@link RunResult#cost()}. Call before the run starts; an empty list leaves the run unpriced.
     */
    public void prices(List<dev.stampede.scenario.PolicyDef.Cost> perTier) {
        cost = perTier == null || perTier.isEmpty() ? null : new CostTally(perTier, phaseStarts.length);
    }

    /**
     * An attempt sent at {@code t} went to fallback tier {@code tier} (0: the run's own target) with a request body of
     * {@code bodyBytes} bytes: what its price is made of, filed under the phase it was sent in. Both engines call it for
     * every attempt they send, with the time the lifecycle sent it; a no-op for an unpriced run.
     */
    public void attemptBilled(long t, int tier, long bodyBytes) {
        CostTally c = cost;
        if (c != null) c.attempt(phaseIndex(t), tier, bodyBytes);
    }

    /** As {@link #attemptBilled(long, int, long)} for an attempt sent before the second phase (filed under the first). */
    public void attemptBilled(int tier, long bodyBytes) {
        attemptBilled(0, tier, bodyBytes);
    }

    /**
     * A logical request ended with a local answer (a cached or static fallback tier, no call): {@code degraded}, neither
     * a success (not goodput) nor a failure. Its latency counts like any concluded request's.
     */
    public void requestDegraded(long t, long fromIntendedNanos, long fromActualNanos) {
        if (config.finiteWorkload() && t > lastRequestDoneNanos.get()) lastRequestDoneNanos.accumulateAndGet(t, Math::max);
        degraded.increment();
        countPhase(t, P_DEGRADED);
        long intendedMicros = micros(fromIntendedNanos);
        phaseLatency[phaseIndex(t)].record(t, intendedMicros);
        requestLatency.record(t, intendedMicros);
        requestUncorrectedLatency.record(t, micros(fromActualNanos));
    }

    /** What a progress display shows, at {@code t}. Cheap; never blocks recording. */
    public Snapshot snapshot(long t) {
        long a = attempts.sum();
        long iv = config.intervalNanos();
        long current = t <= 0 ? 0 : t / iv;
        double perSecondNow = current == 0
                ? (t <= 0 ? 0 : a * 1e9 / t)
                : timeline.get(current - 1, ATTEMPTS) * 1e9 / iv;
        double per1000 = a == 0 ? 0 : overloaded.sum() * 1000.0 / a;
        if (t - cachedAtNanos >= SNAPSHOT_REFRESH_NANOS) {
            long p99 = requestLatency.tryP99Micros();
            if (p99 >= 0) {
                cachedP99Millis = p99 / 1e3;
                cachedAtNanos = t;
            }
        }
        return new Snapshot(t, started.sum(), a, perSecondNow, per1000, inFlight.get(), backingOff.get(), cachedP99Millis,
                requestsInProgress());
    }

    /**
     * Logical requests that arrived and have not ended yet (on the wire, waiting to retry, or queued for a concurrency
     * limit): what the graceful stop waits for. Cheap; may lag concurrent events by one.
     */
    public long requestsInProgress() {
        long ended = succeeded.sum() + degraded.sum();
        for (FailureReason r : FailureReason.values()) {
            long c = failures[r.ordinal()].sum();
            if (r == FailureReason.CLIENT_SATURATED) c = Math.max(c, saturatedCalls.sum());
            ended += c;
        }
        return Math.max(0, started.sum() - ended);
    }

    /**
     * The running totals, for a live exporter that reads them when it is scraped (so that it counts nothing itself):
     * sums of the recorder's own adders and one pass over its status counts. Never blocks recording; each figure
     * is exact once recording has stopped, and while it runs figures read a moment apart may disagree slightly.
     */
    public Totals totals() {
        return new Totals(requests(Double.NaN), attempts.sum(), overloaded.sum(), statuses(), waits.sum(),
                inFlight.get(), backingOff.get());
    }

    /**
     * @param requests   started, succeeded and failed by reason so far (rates NaN)
     * @param attempts   attempts sent (the result's {@code attempts})
     * @param overloaded attempts answered 529
     * @param statuses   completed attempts by status code, then client error kinds by key (as the result's {@code statuses})
     * @param waits      waits begun before a next attempt (retry backoffs and fallback pauses)
     * @param inFlight   attempts on the wire now
     * @param backingOff requests waiting before their next attempt now
     */
    public record Totals(RunResult.Requests requests, long attempts, long overloaded, Map<String, Long> statuses,
                         long waits, long inFlight, long backingOff) {}

    /**
     * Applies {@code reader} to the corrected request latency histogram so far (microseconds), without a copy:
     * {@code reader} must neither keep nor change it. Never blocks recording.
     */
    public <T> T readRequestLatency(Function<Histogram, T> reader) { return requestLatency.readTotal(reader); }

    /** The same for the attempt latency histogram so far (microseconds). */
    public <T> T readAttemptLatency(Function<Histogram, T> reader) { return attemptLatency.readTotal(reader); }

    /**
     * Freezes the run. May be called while stragglers still record (their events may or may not be
     * included); the returned result never changes afterwards.
     *
     * @param endNanos run length
     * @param server   the embedded mock's own counts, or {@code null} for a URL target
     * @param partial  true when the run was interrupted
     */
    public RunResult finish(long endNanos, ServerView server, boolean partial) {
        long end = Math.max(0, endNanos);
        long seconds = Math.ceilDiv(end, Derived.SECOND_NANOS);
        LatencyLog.Frozen request = requestLatency.freeze(seconds), attempt = attemptLatency.freeze(seconds);
        Histogram uncorrected = requestUncorrectedLatency.freeze(0).total();
        double durationSeconds = end / 1e9;
        long iv = config.intervalNanos();

        int n = (int) Math.max(Math.ceilDiv(end, iv), timeline.length());
        long[] arrivals = timeline.column(ARRIVALS, n), attemptsCol = timeline.column(ATTEMPTS, n),
                ok = timeline.column(OK, n), overloadedCol = timeline.column(OVERLOADED, n),
                errors = timeline.column(ERRORS, n), succeededCol = timeline.column(SUCCEEDED, n),
                refusedCol = timeline.column(REFUSED, n),
                inFlightCol = gauge(timeline.column(IN_FLIGHT, n)), backingOffCol = gauge(timeline.column(BACKING_OFF, n));
        List<RunResult.Interval> intervals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            intervals.add(new RunResult.Interval(i * (double) iv / 1e9, arrivals[i], attemptsCol[i], ok[i],
                    overloadedCol[i], errors[i], inFlightCol[i], backingOffCol[i], succeededCol[i], refusedCol[i]));
        }

        Seconds perSecondSeries = perSecond(end, arrivals, attemptsCol, ok, overloadedCol, errors, inFlightCol, backingOffCol);
        long[] attemptsPer100ms = per100ms == null
                ? Derived.rebucket(attemptsCol, iv, Derived.SYNCHRONY_BUCKET_NANOS)
                : per100ms.column(0, (int) Math.max(Math.ceilDiv(end, Derived.SYNCHRONY_BUCKET_NANOS), per100ms.length()));
        RunResult.Requests requests = requests(durationSeconds);
        long attemptCount = attempts.sum();

        long lastDone = lastRequestDoneNanos.get();
        double completion = config.finiteWorkload() && !partial && lastDone >= 0 ? lastDone / 1e9 : Double.NaN;

        return new RunResult(
                config.strategy(), config.closedLoop(), partial, durationSeconds, requests, attemptCount,
                requests.started() == 0 ? Double.NaN : (double) attemptCount / requests.started(),
                Derived.peakAmplification(perSecondSeries.arrivals(), perSecondSeries.attempts()),
                Derived.synchrony(attemptsPer100ms, Derived.SYNCHRONY_BUCKET_NANOS, config.script(), end),
                statuses(),
                Derived.latency(request.total()), Derived.latency(uncorrected), Derived.latency(attempt.total()),
                Derived.recoverySeconds(perSecondSeries.answered(), perSecondSeries.failed(), perSecondSeries.waiting(),
                        config.script(), end),
                completion,
                List.copyOf(intervals),
                server,
                new RunResult.Histograms(request.total(), uncorrected, attempt.total(), request.intervals(), attempt.intervals()),
                phases(),
                per100ms == null ? null : attemptsPer100ms,
                Derived.goodputAfterPerSecond(succeededCol, iv, config.script(), end),
                clientView(Derived.latency(request.total()), Derived.latency(attempt.total()), server, requests),
                templates == null ? List.of() : templates.finish(),
                cost == null ? Double.NaN : cost.total());
    }

    /** The client's own account, or {@code null} when no live engine measured it. */
    private ClientView clientView(RunResult.Latency request, RunResult.Latency attempt, ServerView server,
                                  RunResult.Requests requests) {
        int limit = connections;
        if (limit < 0) return null;
        RunResult.Latency pacer, send, wait;
        readLock.lock();
        try {
            // the recorders hand out what arrived since the last drain; the totals keep everything
            clientTotals[0].add(pacerLag.getIntervalHistogram());
            clientTotals[1].add(sendLag.getIntervalHistogram());
            clientTotals[2].add(connectionWait.getIntervalHistogram());
            pacer = Derived.latency(clientTotals[0]);
            send = Derived.latency(clientTotals[1]);
            wait = Derived.latency(clientTotals[2]);
        } finally {
            readLock.unlock();
        }
        double serviceMs = server == null || server.received() == 0 ? Double.NaN : server.busySeconds() * 1e3 / server.received();
        return new ClientView(limit, pacer, send, wait, connectionWaits.sum(), noConnection.sum(), serviceMs, attempt.mean(),
                ClientView.isClientBound(pacer, send, request.p99()) || ClientView.overheadBound(attempt.mean(), serviceMs)
                        || ClientView.lateDeadlines(attempt.p99(), attemptTimeoutNanos / 1e6)
                        || ClientView.refusedBound(requests.started(), requests.refused()));
    }

    /** One row per scripted phase; latency percentiles from each phase's histogram. */
    private List<RunResult.Phase> phases() {
        List<RunResult.Phase> rows = new ArrayList<>(phaseStarts.length);
        for (int i = 0; i < phaseStarts.length; i++) {
            int base = i * P_COLUMNS;
            // read in place (no copy): the percentiles are taken before the reader returns
            double[] p50p95 = phaseLatency[i].readTotal(h -> h.getTotalCount() == 0 ? new double[] {Double.NaN, Double.NaN}
                    : new double[] {h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(95) / 1e3});
            long failed = phaseCounts.get(base + P_FAILED)
                    + Math.max(phaseCounts.get(base + P_SATURATED), phaseCounts.get(base + P_SATURATED_DONE));
            rows.add(new RunResult.Phase(phaseStarts[i] / 1e9, phaseCounts.get(base + P_ATTEMPTS),
                    phaseCounts.get(base + P_OVERLOADED), phaseCounts.get(base + P_OK), phaseCounts.get(base + P_GATE),
                    phaseCounts.get(base + P_SUCCEEDED), phaseCounts.get(base + P_FALLBACK), failed,
                    p50p95[0], p50p95[1],
                    phaseCounts.get(base + P_STREAK), phaseCounts.get(base + P_RATE), phaseCounts.get(base + P_FAIL_FORWARD),
                    phaseCounts.get(base + P_FALLBACK_ON_STATUS), phaseCounts.get(base + P_FALLBACK_ON_ERROR),
                    phaseCounts.get(base + P_DEGRADED), cost == null ? Double.NaN : cost.phaseTotal(i)));
        }
        return List.copyOf(rows);
    }

    /**
     * Per 1 s of the run: arrivals, attempts sent, attempts that ended and those of them that failed, and attempts in
     * flight + requests backing off at the second's end.
     */
    private record Seconds(long[] arrivals, long[] attempts, long[] answered, long[] failed, long[] waiting) {}

    /** The 1 s series: summed from the timeline when its interval divides 1 s, else the separately kept one. */
    private Seconds perSecond(long end, long[] arrivals, long[] attemptsCol, long[] okCol, long[] overloadedCol,
                              long[] errorsCol, long[] inFlightCol, long[] backingOffCol) {
        long iv = config.intervalNanos();
        if (perSecond == null) {
            long[] waiting = new long[arrivals.length], answered = new long[arrivals.length], failed = new long[arrivals.length];
            for (int i = 0; i < waiting.length; i++) {
                waiting[i] = inFlightCol[i] + backingOffCol[i];
                failed[i] = overloadedCol[i] + errorsCol[i];
                answered[i] = okCol[i] + failed[i];
            }
            return new Seconds(Derived.rebucket(arrivals, iv, Derived.SECOND_NANOS),
                    Derived.rebucket(attemptsCol, iv, Derived.SECOND_NANOS),
                    Derived.rebucket(answered, iv, Derived.SECOND_NANOS),
                    Derived.rebucket(failed, iv, Derived.SECOND_NANOS),
                    waiting.length == 0 ? waiting : Derived.resampleGauge(waiting, iv, Derived.SECOND_NANOS));
        }
        int s = (int) Math.max(Math.ceilDiv(end, Derived.SECOND_NANOS), perSecond.length());
        return new Seconds(perSecond.column(S_ARRIVALS, s), perSecond.column(S_ATTEMPTS, s),
                perSecond.column(S_ANSWERED, s), perSecond.column(S_FAILED, s), gauge(perSecond.column(S_WAITING, s)));
    }

    private RunResult.Requests requests(double durationSeconds) {
        long startedCount = started.sum();
        Map<String, Long> failureCounts = new LinkedHashMap<>();
        long failed = 0;
        for (FailureReason r : FailureReason.values()) {
            long c = failures[r.ordinal()].sum();
            // saturated() and a following requestDone(CLIENT_SATURATED) describe the same request
            if (r == FailureReason.CLIENT_SATURATED) c = Math.max(c, saturatedCalls.sum());
            failureCounts.put(r.key(), c);
            if (!r.cutByRunEnd()) failed += c;
        }
        return new RunResult.Requests(startedCount, succeeded.sum(), failed, Collections.unmodifiableMap(failureCounts),
                config.targetRatePerSecond(), durationSeconds == 0 ? Double.NaN : startedCount / durationSeconds, degraded.sum());
    }

    /** Status codes in numeric order, then client error kinds by key; only outcomes that occurred. */
    private Map<String, Long> statuses() {
        Map<Integer, Long> codes = new TreeMap<>();
        for (int s = 0; s < MAX_STATUS; s++) {
            long c = statusCounts.get(s);
            if (c > 0) codes.put(s, c);
        }
        oddStatuses.forEach((s, c) -> codes.merge(s, c.sum(), Long::sum));
        Map<String, Long> out = new LinkedHashMap<>();
        codes.forEach((s, c) -> out.put(Integer.toString(s), c));
        Map<String, Long> kinds = new TreeMap<>(Comparator.naturalOrder());
        for (ErrorKind k : ErrorKind.values()) {
            long c = errorKindCounts[k.ordinal()].sum();
            if (c > 0) kinds.put(k.key(), c);
        }
        out.putAll(kinds);
        return Collections.unmodifiableMap(out);
    }

    private void storeWaiting(long t) {
        perSecond.set(t, S_WAITING, inFlight.get() + backingOff.get() + 1);
    }

    /** Gauge slots (value + 1, 0 = no event) to values, carrying the last value over quiet intervals. */
    private static long[] gauge(long[] slots) {
        long carry = 0;
        long[] out = new long[slots.length];
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != 0) carry = slots[i] - 1;
            out[i] = carry;
        }
        return out;
    }

    static long micros(long nanos) {
        if (nanos <= 0) return 0;
        return Math.min(HIGHEST_MICROS, (nanos + 500) / 1000);
    }

    /**
     * Live figures for the dashboard.
     *
     * @param attemptsPerSecond attempts in the last complete timeline interval, per second (before the first
     *                          interval completes: attempts so far over elapsed time)
     * @param overloadedPer1000 529s per 1,000 attempts so far
     * @param p99Millis         request latency p99 so far (corrected), refreshed at most every 250 ms of run
     *                          time; NaN before the first request finished
     * @param inProgress        logical requests that arrived and have not ended ({@link #requestsInProgress()}): past
     *                          the duration, what the graceful stop is draining
     */
    public record Snapshot(long elapsedNanos, long requests, long attempts, double attemptsPerSecond,
                           double overloadedPer1000, long inFlight, long backingOff, double p99Millis, long inProgress) {

        /** A snapshot that does not count requests in progress (0). */
        public Snapshot(long elapsedNanos, long requests, long attempts, double attemptsPerSecond, double overloadedPer1000,
                        long inFlight, long backingOff, double p99Millis) {
            this(elapsedNanos, requests, attempts, attemptsPerSecond, overloadedPer1000, inFlight, backingOff, p99Millis, 0);
        }

        /**
         * The populations of one mixed run as one display line: counts and rates added, 529s per 1,000 weighted by
         * attempts, the worst p99 (NaN only when every part is NaN).
         *
         * @throws IllegalArgumentException when {@code parts} is empty
         */
        public static Snapshot sum(List<Snapshot> parts) {
            if (parts.isEmpty()) throw new IllegalArgumentException("no snapshots to add");
            long requests = 0, attempts = 0, inFlight = 0, backingOff = 0, elapsed = 0, inProgress = 0;
            double perSecond = 0, overloaded = 0, p99 = Double.NaN;
            for (Snapshot p : parts) {
                elapsed = Math.max(elapsed, p.elapsedNanos());
                requests += p.requests();
                attempts += p.attempts();
                perSecond += p.attemptsPerSecond();
                overloaded += p.overloadedPer1000() * p.attempts() / 1000.0;
                inFlight += p.inFlight();
                backingOff += p.backingOff();
                inProgress += p.inProgress();
                if (!Double.isNaN(p.p99Millis())) p99 = Double.isNaN(p99) ? p.p99Millis() : Math.max(p99, p.p99Millis());
            }
            return new Snapshot(elapsed, requests, attempts, perSecond, attempts == 0 ? 0 : overloaded * 1000.0 / attempts,
                    inFlight, backingOff, p99, inProgress);
        }
    }
}
