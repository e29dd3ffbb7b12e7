package dev.stampede.policy;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Finagle's {@code RetryBudget}: over a sliding {@code window}, retries may reach
 * {@code retryPercent} % of requests plus a reserve of {@code minRetriesPerSecond × window} (so that a
 * client with little traffic can still retry). A retry is granted when
 * {@code retries + 1 ≤ retryPercent/100 × requests + reserve}, all counted in the window ending now;
 * granted retries count against the window. Requests and retries are forgotten as
 * {@link WindowedCounter} describes (between {@code window − window/slices} and {@code window} after).
 *
 * <p>The percentage is resolved to hundredths of a percent and compared in integers, so 20 % of 50 is
 * exactly 10. Thread-safe (see {@link RetryBudget}).
 */
public final class WindowedRetryBudget implements RetryBudget {

    /**
     * @param retryPercent        retries allowed per 100 requests, 0..1000 (Finagle: 20)
     * @param minRetriesPerSecond reserve rate, ≥ 0 (Finagle: 10)
     * @param window              how long requests and retries are remembered, ≥ 1 ms (Finagle: 10 s)
     * @param slices              granularity of forgetting, 1..3600 (Finagle: 10)
     */
    public record Spec(double retryPercent, int minRetriesPerSecond, Duration window, int slices) implements RetryBudget.Spec {
        /** Finagle's defaults: 20 % of requests plus 10 per second, over 10 s in ten 1 s slices. */
        public static final Spec FINAGLE = new Spec(20, 10, Duration.ofSeconds(10), 10);

        public Spec {
            if (!(retryPercent >= 0 && retryPercent <= 1000)) throw new IllegalArgumentException("retryPercent must be in 0..1000, got " + retryPercent);
            if (minRetriesPerSecond < 0) throw new IllegalArgumentException("minRetriesPerSecond must be >= 0, got " + minRetriesPerSecond);
            if (window == null || window.compareTo(Duration.ofMillis(1)) < 0) throw new IllegalArgumentException("window must be >= 1ms, got " + window);
            if (slices < 1 || slices > 3600) throw new IllegalArgumentException("slices must be in 1..3600, got " + slices);
        }

        /** The reserve: {@code minRetriesPerSecond × window}, rounded down to whole retries. */
        public long reserveRetries() { return Math.multiplyExact((long) minRetriesPerSecond, window.toNanos()) / 1_000_000_000L; }
    }

    private static final long BASIS_POINTS_PER_RETRY = 10_000;

    private final Spec spec;
    private final long basisPoints;
    private final long reserveBasisPoints;
    private final ReentrantLock lock = new ReentrantLock();
    private final WindowedCounter requests;
    private final WindowedCounter retries;

    public WindowedRetryBudget(Spec spec) {
        this.spec = spec;
        this.basisPoints = Math.round(spec.retryPercent() * 100);
        this.reserveBasisPoints = spec.reserveRetries() * BASIS_POINTS_PER_RETRY;
        long windowNanos = spec.window().toNanos();
        this.requests = new WindowedCounter(windowNanos, spec.slices());
        this.retries = new WindowedCounter(windowNanos, spec.slices());
    }

    public Spec spec() { return spec; }

    /** Requests counted in the window ending at {@code nowNanos}. */
    public long requestsInWindow(long nowNanos) {
        lock.lock();
        try { return requests.sum(nowNanos); } finally { lock.unlock(); }
    }

    /** Retries granted in the window ending at {@code nowNanos}. */
    public long retriesInWindow(long nowNanos) {
        lock.lock();
        try { return retries.sum(nowNanos); } finally { lock.unlock(); }
    }

    @Override public void onRequest(long nowNanos) {
        lock.lock();
        try { requests.add(nowNanos, 1); } finally { lock.unlock(); }
    }

    @Override public boolean tryRetry(long nowNanos, AttemptFailure cause) {
        lock.lock();
        try {
            long allowed = basisPoints * requests.sum(nowNanos) + reserveBasisPoints;
            if ((retries.sum(nowNanos) + 1) * BASIS_POINTS_PER_RETRY > allowed) return false;
            retries.add(nowNanos, 1);
            return true;
        } finally { lock.unlock(); }
    }

    @Override public void onFailure(long nowNanos, AttemptFailure failure) {}

    @Override public void onFirstTrySuccess(long nowNanos) {}

    @Override public void onRetrySuccess(long nowNanos, AttemptFailure retriedAfter) {}

    @Override public String describe() {
        return "window(" + spec.retryPercent() + "% + " + spec.minRetriesPerSecond() + "/s over " + spec.window().toMillis() + "ms)";
    }
}
