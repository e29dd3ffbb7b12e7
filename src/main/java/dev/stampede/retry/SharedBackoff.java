package dev.stampede.retry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * One backoff shared by every request of a run's population (seed 004 option 3's {@code self._backoff}): the
 * {@code k}-th retry since the last success, whichever request makes it, waits {@code min(cap, base · 2^k)}; any
 * success resets {@code k} to 0. Whether and how often a request retries is still the wrapped policy's decision;
 * only the delay is replaced.
 *
 * <p>Unlike other policies this one holds run state: build one per run and population (both engines do), never
 * share one between runs. Thread-safe (the live engine's client threads share it).
 */
public final class SharedBackoff implements RetryPolicy {

    private final RetryPolicy delegate;
    private final long baseNanos;
    private final long capNanos;
    private final AtomicInteger retriesSinceSuccess = new AtomicInteger();

    /**
     * @param delegate decides success, give-up and retry (attempt limit, retried statuses)
     * @param base     the first wait after a success, &gt; 0
     * @param cap      the longest wait, &ge; {@code base}
     */
    public SharedBackoff(RetryPolicy delegate, Duration base, Duration cap) {
        if (base.isNegative() || base.isZero()) throw new IllegalArgumentException("shared backoff base must be > 0, got " + base);
        if (cap.compareTo(base) < 0) throw new IllegalArgumentException("shared backoff cap must be >= base, got " + cap + " < " + base);
        this.delegate = delegate;
        this.baseNanos = base.toNanos();
        this.capNanos = cap.toNanos();
    }

    @Override public String name() { return delegate.name(); }

    @Override public RetryState start() { return delegate.start(); }

    @Override
    public Decision decide(RetryState state, AttemptOutcome outcome, RandomGenerator rng, long nowNanos) {
        Decision d = delegate.decide(state, outcome, rng, nowNanos);
        return switch (d) {
            case Decision.Succeed s -> {
                retriesSinceSuccess.set(0);
                yield d;
            }
            case Decision.GiveUp g -> d;
            case Decision.Retry r -> {
                long delay = delayNanos(retriesSinceSuccess.getAndIncrement());
                yield new Decision.Retry(delay, state.next(delay));
            }
        };
    }

    /** The wait of the {@code k}-th retry since the last success: {@code min(cap, base · 2^k)}. */
    long delayNanos(int k) {
        long d = baseNanos;
        for (int i = 0; i < k && d < capNanos; i++) d = d > capNanos / 2 ? capNanos : d * 2;
        return Math.min(d, capNanos);
    }
}
