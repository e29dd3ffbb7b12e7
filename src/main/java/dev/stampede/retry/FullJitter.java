package dev.stampede.retry;

import java.util.random.RandomGenerator;

/** {@code full}: {@code U(0, min(cap, base·2^n))} (AWS, 2015). Immutable, thread-safe. */
public record FullJitter(BackoffShape shape) implements Backoff {

    @Override public String name() { return "full"; }

    @Override public String formula() { return shape.describe("U(0, min(cap, base·2^n))"); }

    @Override public long delayNanos(int retry, long previousNanos, RandomGenerator rng) {
        long t = shape.exponentialNanos(shape.exponent(retry));
        return shape.bound(BackoffShape.uniform(rng, 0, t));
    }

    @Override public long initialPreviousNanos() { return shape.baseNanos(); }
}
