package dev.stampede.policy;

import dev.stampede.scenario.RetrySpec;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A consecutive-failure circuit breaker (seed 004): CLOSED until {@code failureThreshold} failures in a
 * row (a success resets the run), then OPEN for {@code openFor}, refusing every call; then HALF_OPEN,
 * where at most {@code halfOpenProbes} calls are let through: the first probe failure re-opens it (for
 * another {@code openFor}), {@code halfOpenProbes} probe successes close it.
 *
 * <p>Every call asks {@link #permit} first and reports its result with the {@link Permit.Permitted} it
 * got. Results of calls permitted before the last state change are ignored (a slow call that started
 * while CLOSED does not decide a HALF_OPEN breaker), so only probes decide. A probe whose result will
 * never come (cancelled request) must be handed back with {@link #abandon}. Which outcomes are failures
 * is the caller's choice.
 *
 * <p>With {@link Spec#halfOpenAll} the breaker is seed 004's {@code ModelCircuitBreaker} as written: half-open
 * admits every call, and every reported result counts whenever its call began — a success closes the breaker
 * (and clears the failure count), a failure adds to the count and opens it (again, for a fresh {@code openFor})
 * once the count reaches {@code failureThreshold}. The count is not cleared on opening, so the first failure
 * after the open period re-opens it.
 *
 * <p>Thread safety: shared by all clients of a run. Each call holds a private lock for a few field
 * updates and never blocks inside it; the OPEN → HALF_OPEN transition happens lazily on the first call
 * at or after {@code openedAt + openFor}.
 */
public final class CircuitBreaker {

    /**
     * @param failureThreshold consecutive failures that open the breaker, ≥ 1 (seed 004: 3)
     * @param openFor          how long it stays open, &gt; 0 (seed 004: 60 s)
     * @param halfOpenProbes   calls let through while half-open, ≥ 1 (default 1: one probe decides); ignored with
     *                         {@code halfOpenAll}
     * @param halfOpenAll      seed 004's breaker: half-open admits every call and every result counts (class comment)
     */
    public record Spec(int failureThreshold, Duration openFor, int halfOpenProbes, boolean halfOpenAll) {
        /** Seed 004: open after 3 consecutive failures, for 60 s, then one probe decides. */
        public static final Spec SEED_004 = new Spec(3, Duration.ofSeconds(60), 1);

        public Spec {
            if (failureThreshold < 1) throw new IllegalArgumentException("breaker failureThreshold must be >= 1, got " + failureThreshold);
            if (openFor == null || openFor.isNegative() || openFor.isZero()) throw new IllegalArgumentException("breaker openFor must be > 0, got " + openFor);
            if (halfOpenProbes < 1) throw new IllegalArgumentException("breaker halfOpenProbes must be >= 1, got " + halfOpenProbes);
        }

        /** A breaker whose half-open state lets {@code halfOpenProbes} probes decide. */
        public Spec(int failureThreshold, Duration openFor, int halfOpenProbes) { this(failureThreshold, openFor, halfOpenProbes, false); }

        /** The scenario's {@code retry.circuitBreaker: { failures, open }}, with one probe. */
        public static Spec from(RetrySpec.BreakerSpec breaker) { return new Spec(breaker.failures(), breaker.open(), 1); }
    }

    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** The answer to {@link #permit}. */
    public sealed interface Permit {
        /**
         * The call may go; report its result with this permit.
         *
         * @param generation the breaker's state generation when permitted (results from older generations are ignored)
         * @param probe      {@code true} when this call is a half-open probe
         */
        record Permitted(long generation, boolean probe) implements Permit {}

        /**
         * The call must not go.
         *
         * @param state              OPEN, or HALF_OPEN with every probe already out
         * @param remainingOpenNanos time until the breaker turns half-open; 0 when it already is
         */
        record Refused(State state, long remainingOpenNanos) implements Permit {}
    }

    private final Spec spec;
    private final long openNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private State state = State.CLOSED;
    private long generation;
    private int consecutiveFailures;
    private long openedAtNanos;
    private int probesOut;
    private int probeSuccesses;
    private long opens;

    public CircuitBreaker(Spec spec) {
        this.spec = spec;
        this.openNanos = spec.openFor().toNanos();
    }

    public Spec spec() { return spec; }

    /** Asks to make one call at {@code nowNanos}. */
    public Permit permit(long nowNanos) {
        lock.lock();
        try {
            refresh(nowNanos);
            return switch (state) {
                case CLOSED -> new Permit.Permitted(generation, false);
                case OPEN -> new Permit.Refused(State.OPEN, openedAtNanos + openNanos - nowNanos);
                case HALF_OPEN -> {
                    if (spec.halfOpenAll()) yield new Permit.Permitted(generation, false);
                    if (probesOut + probeSuccesses >= spec.halfOpenProbes()) yield new Permit.Refused(State.HALF_OPEN, 0);
                    probesOut++;
                    yield new Permit.Permitted(generation, true);
                }
            };
        } finally { lock.unlock(); }
    }

    /** Whether {@link #permit} would refuse now; takes no probe. */
    public boolean refuses(long nowNanos) {
        lock.lock();
        try {
            refresh(nowNanos);
            return switch (state) {
                case CLOSED -> false;
                case OPEN -> true;
                case HALF_OPEN -> !spec.halfOpenAll() && probesOut + probeSuccesses >= spec.halfOpenProbes();
            };
        } finally { lock.unlock(); }
    }

    /**
     * Reports the result of a permitted call.
     *
     * @param failed the caller's classification: {@code true} when the outcome counts as a failure
     */
    public void onResult(long nowNanos, Permit.Permitted permit, boolean failed) {
        lock.lock();
        try {
            refresh(nowNanos);
            if (spec.halfOpenAll()) {
                countAsWritten(nowNanos, failed);
                return;
            }
            if (permit.generation() != generation) return;
            switch (state) {
                case CLOSED -> {
                    if (!failed) consecutiveFailures = 0;
                    else if (++consecutiveFailures >= spec.failureThreshold()) open(nowNanos);
                }
                case HALF_OPEN -> {
                    probesOut--;
                    if (failed) open(nowNanos);
                    else if (++probeSuccesses >= spec.halfOpenProbes()) transition(State.CLOSED);
                }
                case OPEN -> { /* unreachable: opening starts a new generation and OPEN permits nothing */ }
            }
        } finally { lock.unlock(); }
    }

    /** Hands back a permit whose result will never be reported, so that a probe slot is not lost. */
    public void abandon(Permit.Permitted permit) {
        lock.lock();
        try {
            if (permit.generation() == generation && state == State.HALF_OPEN && permit.probe()) probesOut--;
        } finally { lock.unlock(); }
    }

    /** The state at {@code nowNanos}. */
    public State state(long nowNanos) {
        lock.lock();
        try {
            refresh(nowNanos);
            return state;
        } finally { lock.unlock(); }
    }

    /** How many times the breaker has opened (from CLOSED or from HALF_OPEN). */
    public long opens() {
        lock.lock();
        try { return opens; } finally { lock.unlock(); }
    }

    /** Seed 004's record_success / record_failure: every result counts, in any state. */
    private void countAsWritten(long nowNanos, boolean failed) {
        if (!failed) {
            if (state != State.CLOSED) transition(State.CLOSED);
            consecutiveFailures = 0;
            return;
        }
        if (++consecutiveFailures >= spec.failureThreshold()) {
            int count = consecutiveFailures;
            open(nowNanos);
            consecutiveFailures = count; // not cleared on opening: one more failure after the open period re-opens
        }
    }

    private void refresh(long nowNanos) {
        if (state == State.OPEN && nowNanos - openedAtNanos >= openNanos) {
            int count = consecutiveFailures;
            transition(State.HALF_OPEN);
            if (spec.halfOpenAll()) consecutiveFailures = count;
        }
    }

    private void open(long nowNanos) {
        transition(State.OPEN);
        openedAtNanos = nowNanos;
        opens++;
    }

    private void transition(State next) {
        state = next;
        generation++;
        consecutiveFailures = 0;
        probesOut = 0;
        probeSuccesses = 0;
    }
}
