package dev.stampede.policy;

import dev.stampede.scenario.RetrySpec;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The scenario's {@code retry.budget}: a token bucket of depth {@code burst}, full at the start; each
 * retry spends one token, each successful request refills {@code ratio} tokens (never above
 * {@code burst}). Over any stretch, retries granted ≤ {@code burst + ratio × successes}. Failures and
 * requests do not move it.
 *
 * <p>Tokens are kept in millionths, so ten refills of 0.1 make exactly one token. Thread-safe (see
 * {@link RetryBudget}).
 */
public final class TokenBucketBudget implements RetryBudget {

    static final long MICROS_PER_TOKEN = 1_000_000;

    /**
     * @param ratio tokens refilled per successful request, 0 ≤ ratio ≤ burst, resolved to millionths
     * @param burst bucket depth and initial content in tokens, ≥ 1
     */
    public record Spec(double ratio, int burst) implements RetryBudget.Spec {
        public Spec {
            if (!(ratio >= 0) || Double.isInfinite(ratio)) throw new IllegalArgumentException("budget ratio must be a number >= 0, got " + ratio);
            if (burst < 1) throw new IllegalArgumentException("budget burst must be >= 1 token, got " + burst);
            if (ratio > burst) throw new IllegalArgumentException("budget ratio must be <= burst (" + burst + "), got " + ratio);
        }

        /** The scenario's {@code retry.budget: { ratio, burst }}. */
        public static Spec from(RetrySpec.BudgetSpec budget) { return new Spec(budget.ratio(), budget.burst()); }
    }

    private final Spec spec;
    private final long refillMicros;
    private final long capacityMicros;
    private final ReentrantLock lock = new ReentrantLock();
    private long micros;

    public TokenBucketBudget(Spec spec) {
        this.spec = spec;
        this.refillMicros = Math.round(spec.ratio() * MICROS_PER_TOKEN);
        this.capacityMicros = spec.burst() * MICROS_PER_TOKEN;
        this.micros = capacityMicros;
    }

    public Spec spec() { return spec; }

    /** Tokens in the bucket now (millionths resolved). */
    public double tokens() {
        lock.lock();
        try { return micros / (double) MICROS_PER_TOKEN; } finally { lock.unlock(); }
    }

    @Override public void onRequest(long nowNanos) {}

    @Override public boolean tryRetry(long nowNanos, AttemptFailure cause) {
        lock.lock();
        try {
            if (micros < MICROS_PER_TOKEN) return false;
            micros -= MICROS_PER_TOKEN;
            return true;
        } finally { lock.unlock(); }
    }

    @Override public void onFailure(long nowNanos, AttemptFailure failure) {}

    @Override public void onFirstTrySuccess(long nowNanos) { refill(); }

    @Override public void onRetrySuccess(long nowNanos, AttemptFailure retriedAfter) { refill(); }

    private void refill() {
        lock.lock();
        try { micros = Math.min(capacityMicros, micros + refillMicros); } finally { lock.unlock(); }
    }

    @Override public String describe() { return "tokenBucket(ratio " + spec.ratio() + ", burst " + spec.burst() + ")"; }
}
