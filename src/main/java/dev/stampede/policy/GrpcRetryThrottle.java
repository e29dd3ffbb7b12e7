package dev.stampede.policy;

import java.util.concurrent.locks.ReentrantLock;

/**
 * gRPC retry throttling (gRFC A6): a token count that starts at {@code maxTokens}; every failed attempt
 * takes one token (not below 0), every successful request adds {@code tokenRatio} (not above
 * {@code maxTokens}); a retry is allowed only while the count is strictly above {@code maxTokens / 2}.
 * A retry itself costs nothing: the failure that caused it already paid.
 *
 * <p>As in gRFC A6, tokens are kept in thousandths and {@code tokenRatio} is truncated to three decimal
 * places. Thread-safe (see {@link RetryBudget}).
 */
public final class GrpcRetryThrottle implements RetryBudget {

    private static final long MILLIS_PER_TOKEN = 1000;

    /**
     * @param maxTokens  bucket depth and initial count, 1..1000 (gRFC A6's range)
     * @param tokenRatio tokens added per success, &gt; 0 and at least 0.001
     */
    public record Spec(int maxTokens, double tokenRatio) implements RetryBudget.Spec {
        /** The gRFC A6 example: {@code maxTokens 10, tokenRatio 0.1}. */
        public static final Spec EXAMPLE = new Spec(10, 0.1);

        public Spec {
            if (maxTokens < 1 || maxTokens > 1000) throw new IllegalArgumentException("maxTokens must be in 1..1000 (gRFC A6), got " + maxTokens);
            if (!(tokenRatio >= 0.001) || Double.isInfinite(tokenRatio)) {
                throw new IllegalArgumentException("tokenRatio must be a number >= 0.001 (three decimal places are kept), got " + tokenRatio);
            }
        }
    }

    private final Spec spec;
    private final long maxMillis;
    private final long ratioMillis;
    private final ReentrantLock lock = new ReentrantLock();
    private long millis;

    public GrpcRetryThrottle(Spec spec) {
        this.spec = spec;
        this.maxMillis = spec.maxTokens() * MILLIS_PER_TOKEN;
        // Truncation, not rounding, is what gRFC A6 prescribes; the epsilon keeps 0.1 from becoming 0.099.
        this.ratioMillis = (long) Math.floor(spec.tokenRatio() * MILLIS_PER_TOKEN + 1e-9);
        this.millis = maxMillis;
    }

    public Spec spec() { return spec; }

    /** The token count now, to three decimal places. */
    public double tokens() {
        lock.lock();
        try { return millis / (double) MILLIS_PER_TOKEN; } finally { lock.unlock(); }
    }

    @Override public void onRequest(long nowNanos) {}

    @Override public boolean tryRetry(long nowNanos, AttemptFailure cause) {
        lock.lock();
        try { return 2 * millis > maxMillis; } finally { lock.unlock(); }
    }

    @Override public void onFailure(long nowNanos, AttemptFailure failure) {
        lock.lock();
        try { millis = Math.max(0, millis - MILLIS_PER_TOKEN); } finally { lock.unlock(); }
    }

    @Override public void onFirstTrySuccess(long nowNanos) { refill(); }

    @Override public void onRetrySuccess(long nowNanos, AttemptFailure retriedAfter) { refill(); }

    private void refill() {
        lock.lock();
        try { millis = Math.min(maxMillis, millis + ratioMillis); } finally { lock.unlock(); }
    }

    @Override public String describe() { return "grpcThrottle(maxTokens " + spec.maxTokens() + ", tokenRatio " + spec.tokenRatio() + ")"; }
}
