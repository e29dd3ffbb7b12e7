package dev.stampede.scenario;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * How clients retry (docs/scenario-reference.md, {@code retry:}); the strategy itself is chosen per run.
 *
 * @param maxAttempts    attempts in total, the first included (1 = never retry)
 * @param base           first backoff step
 * @param cap            largest backoff delay
 * @param min            delay floor applied after the strategy (tenacity's {@code min}); zero for none
 * @param additiveJitter jitter amount of the {@code additive} strategy
 * @param retryStatuses  statuses that are retried
 * @param retryErrors    client error kinds that are retried
 * @param retryAfter     how a server's Retry-After combines with the backoff
 * @param attemptOffset  added to the retry number before the formula (0 as in docs/strategies.md; the AWS blog's
 *                       simulation counts from 1, so its first plain sleep is 2·base)
 * @param retryAfterCap  largest server hint taken; longer hints are clamped to it
 * @param budget         retry budget, or {@code null}
 * @param circuitBreaker circuit breaker, or {@code null}
 * @param maxAttemptsSet whether the scenario sets {@code maxAttempts}: the {@code sdk} strategy uses the SDK's own
 *                       default (3 attempts) when it does not
 * @param retryAfterOn   the statuses whose retry hint is read; empty: every status (seed 003's Python reads it on 429 only)
 * @param retryAfterBuffer added to a hint that is read, after {@code retryAfterCap} (seed 003's Python: +0.5 s); zero for none
 * @param inner          a retry layer inside each attempt of this one ({@code retry.inner}: an SDK's own retries inside
 *                       a wrapper's), or {@code null} for one layer
 */
public record RetrySpec(
        int maxAttempts,
        Duration base,
        Duration cap,
        Duration min,
        Duration additiveJitter,
        Set<Integer> retryStatuses,
        Set<ErrorKind> retryErrors,
        RetryAfterMode retryAfter,
        Duration retryAfterCap,
        int attemptOffset,
        BudgetSpec budget,
        BreakerSpec circuitBreaker,
        boolean maxAttemptsSet,
        Set<Integer> retryAfterOn,
        Duration retryAfterBuffer,
        Inner inner) {

    /**
     * The inner retry layer ({@code retry.inner}): every attempt of the outer layer is a whole retry loop of this one.
     *
     * @param strategy the inner layer's strategy name (validated by the reader against the known strategies)
     * @param retry    the inner layer's settings; its own {@code inner} is always {@code null} (one level of nesting)
     */
    public record Inner(String strategy, RetrySpec retry) {
        public Inner {
            java.util.Objects.requireNonNull(strategy, "strategy");
            java.util.Objects.requireNonNull(retry, "retry");
            if (retry.inner() != null) throw new IllegalArgumentException("retry layers nest one level deep");
        }
    }

    /** One retry layer (no {@code inner}). */
    public RetrySpec(int maxAttempts, Duration base, Duration cap, Duration min, Duration additiveJitter,
                     Set<Integer> retryStatuses, Set<ErrorKind> retryErrors, RetryAfterMode retryAfter,
                     Duration retryAfterCap, int attemptOffset, BudgetSpec budget, BreakerSpec circuitBreaker,
                     boolean maxAttemptsSet, Set<Integer> retryAfterOn, Duration retryAfterBuffer) {
        this(maxAttempts, base, cap, min, additiveJitter, retryStatuses, retryErrors, retryAfter, retryAfterCap,
                attemptOffset, budget, circuitBreaker, maxAttemptsSet, retryAfterOn, retryAfterBuffer, null);
    }

    /** This spec with {@code inner} as its inner layer ({@code null}: none). */
    public RetrySpec withInner(Inner inner) {
        return new RetrySpec(maxAttempts, base, cap, min, additiveJitter, retryStatuses, retryErrors, retryAfter,
                retryAfterCap, attemptOffset, budget, circuitBreaker, maxAttemptsSet, retryAfterOn, retryAfterBuffer, inner);
    }

    /** {@code floor}: max(header, backoff) · {@code honor}: the header wins · {@code ignore}. */
    public enum RetryAfterMode { FLOOR, HONOR, IGNORE }

    /** Token-bucket retry budget: each retry spends one token, each success refills {@code ratio}; depth {@code burst}. */
    public record BudgetSpec(double ratio, int burst) {}

    /** Open after {@code failures} consecutive failures, stay open for {@code open}, then half-open. */
    public record BreakerSpec(int failures, Duration open) {}

    public static final Set<Integer> DEFAULT_STATUSES = Set.of(429, 500, 502, 503, 504, 529);
    public static final Set<ErrorKind> DEFAULT_ERRORS = EnumSet.of(ErrorKind.TIMEOUT, ErrorKind.RESET, ErrorKind.CONNECT);

    public static final RetrySpec DEFAULT = new RetrySpec(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ZERO,
            Duration.ofSeconds(1), DEFAULT_STATUSES, DEFAULT_ERRORS, RetryAfterMode.FLOOR, Duration.ofSeconds(60), 0, null, null, false);

    /** A spec that reads every status's hint and adds nothing to it. */
    public RetrySpec(int maxAttempts, Duration base, Duration cap, Duration min, Duration additiveJitter,
                     Set<Integer> retryStatuses, Set<ErrorKind> retryErrors, RetryAfterMode retryAfter,
                     Duration retryAfterCap, int attemptOffset, BudgetSpec budget, BreakerSpec circuitBreaker,
                     boolean maxAttemptsSet) {
        this(maxAttempts, base, cap, min, additiveJitter, retryStatuses, retryErrors, retryAfter, retryAfterCap,
                attemptOffset, budget, circuitBreaker, maxAttemptsSet, Set.of(), Duration.ZERO);
    }

    /** A spec whose {@code maxAttempts} counts as set (code that builds a spec states its attempts). */
    public RetrySpec(int maxAttempts, Duration base, Duration cap, Duration min, Duration additiveJitter,
                     Set<Integer> retryStatuses, Set<ErrorKind> retryErrors, RetryAfterMode retryAfter,
                     Duration retryAfterCap, int attemptOffset, BudgetSpec budget, BreakerSpec circuitBreaker) {
        this(maxAttempts, base, cap, min, additiveJitter, retryStatuses, retryErrors, retryAfter, retryAfterCap,
                attemptOffset, budget, circuitBreaker, true);
    }

    public RetrySpec {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        if (cap.compareTo(base) < 0) throw new IllegalArgumentException("cap must be >= base");
        min = min == null ? Duration.ZERO : min;
        additiveJitter = additiveJitter == null ? Duration.ofSeconds(1) : additiveJitter;
        retryStatuses = Set.copyOf(new TreeSet<>(retryStatuses));
        retryErrors = retryErrors.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(retryErrors));
        retryAfter = retryAfter == null ? RetryAfterMode.FLOOR : retryAfter;
        retryAfterCap = retryAfterCap == null ? Duration.ofSeconds(60) : retryAfterCap;
        if (attemptOffset < 0) throw new IllegalArgumentException("attemptOffset must be >= 0, got " + attemptOffset);
        retryAfterOn = retryAfterOn == null ? Set.of() : Set.copyOf(new TreeSet<>(retryAfterOn));
        retryAfterBuffer = retryAfterBuffer == null ? Duration.ZERO : retryAfterBuffer;
        if (retryAfterBuffer.isNegative()) throw new IllegalArgumentException("retryAfterBuffer must be >= 0, got " + retryAfterBuffer);
    }
}
