package dev.stampede.retry;

import java.util.random.RandomGenerator;

/**
 * {@code decorrelated}: {@code min(cap, U(base, prev·3))}, {@code prev} starting at {@code base} and then the
 * previous delay of the same request (AWS, 2015). The retry number (and so {@code attemptOffset}) plays no
 * part. Immutable, thread-safe.
 */
public record DecorrelatedJitter(BackoffShape shape) implements Backoff {

    @Override public String name() { return "decorrelated"; }

    @Override public String formula() { return shape.describe("min(cap, U(base, prev·3)); prev = base, then the previous delay"); }

    @Override public long delayNanos(int retry, long previousNanos, RandomGenerator rng) {
        double base = shape.baseNanos();
        // prev·3 in double: a long would overflow for prev near Long.MAX_VALUE / 3.
        // Never below base, even when a caller passes a previous delay under base/3.
        double upper = Math.max(base, 3.0 * previousNanos);
        return shape.bound(BackoffShape.uniform(rng, base, upper));
    }

    @Override public long initialPreviousNanos() { return shape.baseNanos(); }
}
