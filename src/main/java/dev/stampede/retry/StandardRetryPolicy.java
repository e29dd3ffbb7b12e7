package dev.stampede.retry;

import dev.stampede.retry.RetryPolicy.Decision.GiveUp;
import dev.stampede.retry.RetryPolicy.Decision.Retry;
import dev.stampede.scenario.RetrySpec;

import java.util.random.RandomGenerator;

/**
 * The retry policy of every strategy: a success ends the request; a failure the {@link RetryOn} rule does not
 * retry gives up as {@link FailureReason#NON_RETRYABLE}; after {@code maxAttempts} attempts the request gives up
 * as {@link FailureReason#EXHAUSTED}; otherwise it retries after the backoff's delay combined with the server's
 * hint by the {@link HintRule}. The state keeps the backoff's own delay (not the hint), so a long Retry-After
 * does not push {@code decorrelated}'s chain to the cap. Immutable, thread-safe: one instance serves every client.
 *
 * @param name        row name in reports
 * @param backoff     delay before each retry
 * @param maxAttempts attempts in total, the first included, {@code >= 1}
 * @param retryOn     which failures are retried
 * @param hintRule    how a server hint combines with the backoff
 */
public record StandardRetryPolicy(String name, Backoff backoff, int maxAttempts, RetryOn retryOn, HintRule hintRule)
        implements RetryPolicy {

    public StandardRetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }

    /** The scenario's policy ({@code retryOn}, {@code maxAttempts}, {@code retryAfter}) around {@code backoff}. */
    public static StandardRetryPolicy of(RetrySpec spec, Backoff backoff) {
        return new StandardRetryPolicy(backoff.name(), backoff, spec.maxAttempts(), RetryOn.of(spec), HintRule.of(spec));
    }

    @Override public RetryState start() {
        return new RetryState(0, backoff.initialPreviousNanos());
    }

    /**
     * {@inheritDoc}
     * <p>{@code state} is the one {@link #start()} or the previous {@link Retry#next()} returned, so
     * {@code state.attempts()} attempts were sent before the one that ended with {@code outcome}, which is also
     * the backoff's retry number should it retry.
     */
    @Override public Decision decide(RetryState state, AttemptOutcome outcome, RandomGenerator rng, long nowNanos) {
        if (outcome.isSuccess()) return Decision.SUCCEED;
        if (!retryOn.retries(outcome)) return new GiveUp(FailureReason.NON_RETRYABLE);
        if (state.attempts() + 1 >= maxAttempts) return new GiveUp(FailureReason.EXHAUSTED);
        // Budgets and breakers are not consulted here: the engine asks policy.PolicyGates before each attempt.
        // Were a gate ever to veto a retry inside the policy (GiveUp BUDGET / CIRCUIT_OPEN, using nowNanos),
        // this line, before any delay is drawn, is the one place; nothing else would change.
        long backoffNanos = backoff.delayNanos(state.attempts(), state.previousDelayNanos(), rng);
        long delayNanos = hintRule.delayNanos(backoffNanos, outcome);
        return new Retry(delayNanos, state.next(backoffNanos));
    }
}
