package dev.stampede.retry;

import java.util.random.RandomGenerator;

/**
 * The retry state machine shared by the live engine and the simulator: outcome in, decision out.
 * Configuration only: thread-safe; per-request state travels in {@link RetryState}.
 */
public interface RetryPolicy {

    /** The row name in reports. */
    String name();

    /** State of a logical request before its first attempt. */
    RetryState start();

    /**
     * Decides what follows an attempt.
     *
     * @param state   the state {@link #start()} or the previous {@link Decision.Retry#next()} returned:
     *                {@code state.attempts()} attempts were sent <em>before</em> the one that ended with
     *                {@code outcome} (0 after the first attempt), which is also the retry number of the retry that
     *                may follow. Callers pass the state back unchanged; the policy counts.
     * @param outcome how the attempt ended
     * @param nowNanos virtual or monotonic time, for stateful gates (budgets, breakers)
     */
    Decision decide(RetryState state, AttemptOutcome outcome, RandomGenerator rng, long nowNanos);

    /**
     * Per-request state: attempts sent so far, and the previous backoff delay; {@code inner} is the inner layer's
     * state when the policy nests one ({@link NestedRetryPolicy}: then {@code attempts} counts the outer attempts),
     * else {@code null}.
     */
    record RetryState(int attempts, long previousDelayNanos, RetryState inner) {
        public RetryState(int attempts, long previousDelayNanos) { this(attempts, previousDelayNanos, null); }

        public RetryState next(long delayNanos) { return new RetryState(attempts + 1, delayNanos, inner); }

        /** This state with {@code inner} as the inner layer's. */
        public RetryState withInner(RetryState inner) { return new RetryState(attempts, previousDelayNanos, inner); }
    }

    /** What to do after an attempt. */
    sealed interface Decision {
        /** The request succeeded. */
        record Succeed() implements Decision {}

        /** Stop; the request failed for {@code reason}. */
        record GiveUp(FailureReason reason) implements Decision {}

        /** Wait {@code delayNanos}, then send attempt number {@code next.attempts() + 1}. */
        record Retry(long delayNanos, RetryState next) implements Decision {}

        Decision SUCCEED = new Succeed();
    }
}
