package dev.stampede.policy;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The AWS SDKs' "standard" retry quota: a bucket of {@code capacity} tokens, full at the start. A retry
 * costs {@code retryCost} tokens ({@code timeoutRetryCost} when the attempt being retried timed out)
 * and is refused when the bucket holds fewer; a request that succeeds on its first attempt adds
 * {@code noRetryIncrement}; a request that succeeds on a retry gets that retry's cost back (as botocore
 * and smithy do). Never above {@code capacity}. Failures and requests do not move it.
 *
 * <p>Thread-safe (see {@link RetryBudget}).
 */
public final class AwsRetryQuota implements RetryBudget {

    /**
     * @param capacity         bucket size and initial content, ≥ 1
     * @param retryCost        tokens per retry, ≥ 1 (5; 14 for transient errors in the 2026 defaults)
     * @param timeoutRetryCost tokens per retry after a timeout, ≥ 1 (10)
     * @param noRetryIncrement tokens added by a first-try success, ≥ 0 (1)
     */
    public record Spec(int capacity, int retryCost, int timeoutRetryCost, int noRetryIncrement) implements RetryBudget.Spec {
        /** Standard mode before 2026: 500 tokens, 5 per retry, 10 after a timeout, +1 on a first-try success. */
        public static final Spec STANDARD = new Spec(500, 5, 10, 1);

        public Spec {
            if (capacity < 1) throw new IllegalArgumentException("quota capacity must be >= 1 token, got " + capacity);
            if (retryCost < 1) throw new IllegalArgumentException("retryCost must be >= 1 token, got " + retryCost);
            if (timeoutRetryCost < 1) throw new IllegalArgumentException("timeoutRetryCost must be >= 1 token, got " + timeoutRetryCost);
            if (noRetryIncrement < 0) throw new IllegalArgumentException("noRetryIncrement must be >= 0 tokens, got " + noRetryIncrement);
        }

        /** What a retry after {@code cause} costs. */
        public int costOf(AttemptFailure cause) { return cause.isTimeout() ? timeoutRetryCost : retryCost; }
    }

    private final Spec spec;
    private final ReentrantLock lock = new ReentrantLock();
    private long tokens;

    public AwsRetryQuota(Spec spec) {
        this.spec = spec;
        this.tokens = spec.capacity();
    }

    public Spec spec() { return spec; }

    /** Tokens available now. */
    public long tokens() {
        lock.lock();
        try { return tokens; } finally { lock.unlock(); }
    }

    @Override public void onRequest(long nowNanos) {}

    @Override public boolean tryRetry(long nowNanos, AttemptFailure cause) {
        int cost = spec.costOf(cause);
        lock.lock();
        try {
            if (tokens < cost) return false;
            tokens -= cost;
            return true;
        } finally { lock.unlock(); }
    }

    @Override public void onFailure(long nowNanos, AttemptFailure failure) {}

    @Override public void onFirstTrySuccess(long nowNanos) { release(spec.noRetryIncrement()); }

    @Override public void onRetrySuccess(long nowNanos, AttemptFailure retriedAfter) { release(spec.costOf(retriedAfter)); }

    private void release(long amount) {
        lock.lock();
        try { tokens = Math.min(spec.capacity(), tokens + amount); } finally { lock.unlock(); }
    }

    @Override public String describe() {
        return "awsQuota(capacity " + spec.capacity() + ", retry " + spec.retryCost() + ", timeout " + spec.timeoutRetryCost()
                + ", success +" + spec.noRetryIncrement() + ")";
    }
}
