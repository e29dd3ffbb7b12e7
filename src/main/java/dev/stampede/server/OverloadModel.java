package dev.stampede.server;

import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.ServerSpec;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The overload model shared by the live mock and the simulator: for each arriving request it decides
 * the {@link Verdict}. Pure — no I/O, no clock of its own: time is the {@code tNanos} argument
 * (nanoseconds since the phase clock started), randomness the injected generator. Same spec, same seed,
 * same sequence of calls: same verdicts.
 *
 * <h2>Order of the checks for one arrival</h2>
 * One uniform draw {@code u} in [0,1) is taken per arrival and laid against the phase's fault
 * probabilities in this order, so each fault happens with exactly its stated probability and the faults
 * exclude one another (if they add up to more than 1, the later ones are cut short):
 * <ol>
 *   <li>{@code reset} → {@link Verdict.Reset};</li>
 *   <li>{@code hang} → {@link Verdict.Hang};</li>
 *   <li>{@code errors}, by ascending status → {@link Verdict.Reject} with {@link Verdict.Cause#ERROR}
 *       (the phase's retry headers when the status is in its {@code retryHeadersOn}, else none);</li>
 *   <li>{@code overload} → forced 529, {@link Verdict.Cause#FORCED}, Retry-After = the phase's
 *       {@code retryAfter} or none.</li>
 * </ol>
 * Then, for the rest, load shedding (529, {@link Verdict.Cause#SHED}, Retry-After = the phase's
 * {@code retryAfter}, else the spec's {@code overloadedRetryAfter}, else none):
 * <ol start="5">
 *   <li>concurrency: {@code concurrency × capacityFactor} (at least 1 unless the factor is 0) requests
 *       already in service → shed (checked first so a shed request spends no token);</li>
 *   <li>capacity: a token bucket refilling at {@code capacity × capacityFactor} per second, depth
 *       {@code burst × capacityFactor} (at least 1), empty → shed;</li>
 *   <li>otherwise admitted for a service time drawn from the latency distribution × {@code latencyFactor}
 *       (one further draw, except for a fixed latency). The caller must call {@link #depart} when it ends.</li>
 *   <li>when that service would still be running at the start {@code T} of a later phase with
 *       {@code abort > 0} (the first such phase: {@code t < T < t + service}), one further draw decides
 *       whether the phase aborts it: {@link Verdict.Abort}, a 529 at {@code T} (Retry-After = that phase's
 *       {@code retryAfter} or none), holding its concurrency slot until then. Deciding this at admission
 *       keeps the model pure while failing in-flight work at one instant, as a rebalance does.</li>
 * </ol>
 * Faults and forced 529s spend no capacity; retries compete with new work for the same capacity.
 * {@code capacity == null} and {@code concurrency == 0} mean unlimited.
 *
 * <p>Thread-safe: every method takes the instance's monitor for a few hundred nanoseconds.
 */
public final class OverloadModel {

    private final ServerSpec spec;
    private final RandomGenerator rng;
    private final TokenBucket bucket;
    private long inService;

    /**
     * @param rng the random source; the model draws from it under its lock, so it need not be thread-safe
     *            but must not be shared with anyone else
     */
    public OverloadModel(ServerSpec spec, RandomGenerator rng) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.rng = Objects.requireNonNull(rng, "rng");
        this.bucket = new TokenBucket(depth(spec.phases().getFirst().capacityFactor()));
    }

    public ServerSpec spec() { return spec; }

    /**
     * Decides the fate of one request arriving at {@code tNanos} since the phase clock started.
     * Calls should come in non-decreasing {@code tNanos}; a time earlier than one already seen is
     * treated as no time passing for the token bucket.
     */
    public synchronized Verdict arrive(long tNanos) {
        PhaseSpec phase = spec.phaseAt(tNanos);
        double u = rng.nextDouble();

        double edge = phase.reset();
        if (u < edge) return new Verdict.Reset();
        edge += phase.hang();
        if (u < edge) return new Verdict.Hang();
        for (Map.Entry<Integer, Double> e : phase.errors().entrySet()) {
            edge += e.getValue();
            if (u < edge) return new Verdict.Reject(e.getKey(), RetryHeaders.of(phase, e.getKey(), null), Verdict.Cause.ERROR);
        }
        edge += phase.overload();
        if (u < edge) return new Verdict.Reject(529, RetryHeaders.of(phase, 529, null), Verdict.Cause.FORCED);

        if (!hasConcurrencyRoom(phase.capacityFactor()) || !takeCapacity(tNanos, phase.capacityFactor())) {
            return new Verdict.Reject(529, RetryHeaders.of(phase, 529, spec.overloadedRetryAfter()), Verdict.Cause.SHED);
        }
        inService++;
        long serviceNanos = ServiceTimes.sampleNanos(spec.latency(), phase.latencyFactor(), rng);
        PhaseSpec aborting = abortingPhase(tNanos, serviceNanos);
        if (aborting != null && rng.nextDouble() < aborting.abort()) {
            return new Verdict.Abort(aborting.at().toNanos() - tNanos, 529, RetryHeaders.of(aborting, 529, null));
        }
        return new Verdict.Admit(serviceNanos);
    }

    /** The first phase with {@code abort > 0} starting strictly inside the service window, or {@code null}. */
    private PhaseSpec abortingPhase(long tNanos, long serviceNanos) {
        long endNanos = tNanos + serviceNanos;
        for (PhaseSpec p : spec.phases()) {
            long at = p.at().toNanos();
            if (at >= endNanos) return null;
            if (at > tNanos && p.abort() > 0) return p;
        }
        return null;
    }

    /**
     * An admitted request's service ended at {@code tNanos}: frees its concurrency slot.
     *
     * @throws IllegalStateException when no request is in service (a depart without an admit)
     */
    public synchronized void depart(long tNanos) {
        if (inService == 0) throw new IllegalStateException("depart at " + tNanos + " ns with no request in service");
        inService--;
    }

    /** Requests admitted and not yet departed. */
    public synchronized long inService() { return inService; }

    /**
     * The phase clock restarted: later {@code tNanos} count from the new zero, and the token bucket is
     * full again. Requests in service stay counted until they depart.
     */
    public synchronized void restartClock() {
        bucket.restart(depth(spec.phases().getFirst().capacityFactor()));
    }

    private boolean hasConcurrencyRoom(double capacityFactor) {
        if (spec.concurrency() == 0) return true;
        return inService < concurrencyLimit(spec.concurrency(), capacityFactor);
    }

    /** {@code concurrency × factor} rounded down, at least 1 unless the factor is 0. */
    static long concurrencyLimit(int concurrency, double capacityFactor) {
        if (capacityFactor <= 0) return 0;
        return Math.max(1, (long) Math.floor(concurrency * capacityFactor));
    }

    private boolean takeCapacity(long tNanos, double capacityFactor) {
        if (spec.capacity() == null) return true;
        double rate = spec.capacity().perSecond() * capacityFactor;
        if (!(rate > 0)) return false;
        return bucket.tryTake(tNanos, rate, depth(capacityFactor));
    }

    private double depth(double capacityFactor) {
        return Math.max(1, Math.max(1, spec.burst()) * capacityFactor);
    }

    private static long nanosOrNone(Duration d) {
        return d == null ? -1 : d.toNanos();
    }
}
