package dev.stampede.metrics;

import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import dev.stampede.scenario.PhaseSpec;

import java.util.List;

/**
 * Records one strategy's run, for the live engine and the simulator alike. Every time argument is
 * nanoseconds since the run started on the engine's clock (monotonic live, virtual in the simulator).
 * Thread-safe: many client threads record at once without a shared lock (HdrHistogram
 * {@code Recorder}s and {@code LongAdder}s); {@link #snapshot} and {@link #finish} may run beside them.
 *
 * <p>Event order per logical request: {@code arrival}, then either {@code saturated} (never sent), or
 * one or more {@code attemptSent}/{@code attemptDone} pairs separated by {@code backoffBegins}/
 * {@code backoffEnds}, then exactly one {@code requestDone}.
 */
public final class RunRecorder {

    /**
     * @param strategy      row name
     * @param intervalNanos timeline interval (1 s live, 100 ms simulated)
     * @param phases        the scripted phases (for synchrony and recovery), empty for a URL target
     * @param closedLoop    results are closed-loop and labelled so
     * @param targetRatePerSecond the scenario's mean offered rate, or 0 when not an open model
     */
    public record Config(String strategy, long intervalNanos, List<PhaseSpec> phases, boolean closedLoop,
                         double targetRatePerSecond) {}

    public RunRecorder(Config config) { throw new UnsupportedOperationException("metrics: RunRecorder is being built"); }

    /** A logical request's intended start (open model: its scheduled time). */
    public void arrival(long t) { throw new UnsupportedOperationException(); }

    /** An arrival that found maxInFlight requests in flight: started and failed as clientSaturated, never sent. */
    public void saturated(long t) { throw new UnsupportedOperationException(); }

    /** An attempt goes on the wire. */
    public void attemptSent(long t) { throw new UnsupportedOperationException(); }

    /** An attempt ended; {@code latencyNanos} is the one HTTP exchange. */
    public void attemptDone(long t, AttemptOutcome outcome, long latencyNanos) { throw new UnsupportedOperationException(); }

    /** A request starts waiting before its next attempt. */
    public void backoffBegins(long t) { throw new UnsupportedOperationException(); }

    /** A request's wait ended (its next attempt follows, or the run ended). */
    public void backoffEnds(long t) { throw new UnsupportedOperationException(); }

    /**
     * A logical request ended.
     *
     * @param failure             {@code null} for success, else why it failed
     * @param fromIntendedNanos   latency from the intended start (coordinated-omission corrected)
     * @param fromActualNanos     latency from the first attempt's actual send (uncorrected, as wrk2 -U)
     */
    public void requestDone(long t, FailureReason failure, long fromIntendedNanos, long fromActualNanos) {
        throw new UnsupportedOperationException();
    }

    /** What a progress display shows, at {@code t}. Cheap; never blocks recording. */
    public Snapshot snapshot(long t) { throw new UnsupportedOperationException(); }

    /**
     * Freezes the run.
     *
     * @param endNanos run length
     * @param server   the embedded mock's own counts, or {@code null} for a URL target
     * @param partial  true when the run was interrupted
     */
    public RunResult finish(long endNanos, ServerView server, boolean partial) { throw new UnsupportedOperationException(); }

    /**
     * Live figures for the dashboard.
     *
     * @param overloadedPer1000 529s per 1,000 attempts so far
     * @param p99Millis         request latency p99 so far (corrected)
     */
    public record Snapshot(long elapsedNanos, long requests, long attempts, double attemptsPerSecond,
                           double overloadedPer1000, long inFlight, long backingOff, double p99Millis) {}
}
