package dev.stampede.policy;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * Client-side adaptive throttling (Google SRE book, "Handling Overload"): over a sliding window the
 * client counts {@code requests} (every request the application tried to send, including the ones
 * rejected here) and {@code accepts} (requests the backend accepted, i.e. did not answer with an
 * overload signal). A new request is rejected locally, without being sent, with probability
 * {@code max(0, (requests − K·accepts) / (requests + 1))}. With a healthy backend (accepts ≈ requests)
 * nothing is rejected; when the backend rejects everything, the client lets through about one request
 * in {@code requests + 1}, enough to notice recovery.
 *
 * <p>Thread safety: safe to share (see {@link RetryBudget}); the SRE design keeps one per client. The
 * random draw happens outside the lock, with the caller's generator.
 */
public final class AdaptiveThrottle {

    /**
     * @param window how long requests and accepts are remembered, ≥ 1 s (SRE: 2 minutes)
     * @param k      the multiplier K, &gt; 0 (SRE: 2; lower is more aggressive; below 1 it throttles even a healthy backend)
     * @param slices granularity of forgetting, 1..3600 (default 120: one slice per second of a 2 minute window)
     */
    public record Spec(Duration window, double k, int slices) {
        /** SRE's suggestion: a 2 minute window, K = 2. */
        public static final Spec SRE = new Spec(Duration.ofMinutes(2), 2.0, 120);

        public Spec {
            if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("throttle window must be >= 1s, got " + window);
            if (!(k > 0) || Double.isInfinite(k)) throw new IllegalArgumentException("throttle K must be a number > 0, got " + k);
            if (slices < 1 || slices > 3600) throw new IllegalArgumentException("throttle slices must be in 1..3600, got " + slices);
        }
    }

    private final Spec spec;
    private final ReentrantLock lock = new ReentrantLock();
    private final WindowedCounter requests;
    private final WindowedCounter accepts;

    public AdaptiveThrottle(Spec spec) {
        this.spec = spec;
        this.requests = new WindowedCounter(spec.window().toNanos(), spec.slices());
        this.accepts = new WindowedCounter(spec.window().toNanos(), spec.slices());
    }

    public Spec spec() { return spec; }

    /** The SRE formula: {@code max(0, (requests − k·accepts) / (requests + 1))}. */
    public static double rejectionProbability(long requests, long accepts, double k) {
        return Math.max(0.0, (requests - k * accepts) / (requests + 1.0));
    }

    /** The probability with which the next request would be rejected, from the window ending at {@code nowNanos}. */
    public double rejectionProbability(long nowNanos) {
        lock.lock();
        try { return rejectionProbability(requests.sum(nowNanos), accepts.sum(nowNanos), spec.k()); } finally { lock.unlock(); }
    }

    /**
     * Counts a request at {@code nowNanos} and decides whether to send it. Draws from {@code rng} only
     * when the rejection probability is above 0.
     *
     * @return {@code true} to send, {@code false} when rejected locally ({@link Refusal#THROTTLED})
     */
    public boolean admit(long nowNanos, RandomGenerator rng) {
        double p;
        lock.lock();
        try {
            p = rejectionProbability(requests.sum(nowNanos), accepts.sum(nowNanos), spec.k());
            requests.add(nowNanos, 1);
        } finally { lock.unlock(); }
        return p <= 0 || rng.nextDouble() >= p;
    }

    /**
     * Reports how a sent request ended.
     *
     * @param accepted {@code true} when the backend accepted it (any answer but an overload signal)
     */
    public void onResult(long nowNanos, boolean accepted) {
        lock.lock();
        try {
            // Advancing the window even for a rejection keeps old accepts from outliving their window.
            accepts.add(nowNanos, accepted ? 1 : 0);
        } finally { lock.unlock(); }
    }

    /** Requests in the window ending at {@code nowNanos}. */
    public long requests(long nowNanos) {
        lock.lock();
        try { return requests.sum(nowNanos); } finally { lock.unlock(); }
    }

    /** Accepts in the window ending at {@code nowNanos}. */
    public long accepts(long nowNanos) {
        lock.lock();
        try { return accepts.sum(nowNanos); } finally { lock.unlock(); }
    }
}
