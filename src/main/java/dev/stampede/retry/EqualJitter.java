package dev.stampede.retry;

import java.util.random.RandomGenerator;

/** {@code equal}: {@code t = min(cap, base·2^n); t/2 + U(0, t/2)} (AWS, 2015). Immutable, thread-safe. */
public record EqualJitter(BackoffShape shape) implements Backoff {

    @Override public String name() { return "equal"; }

    @Override public String formula() { return shape.describe("t = min(cap, base·2^n); t/2 + U(0, t/2)"); }

    @Override public long delayNanos(int retry, long previousNanos, RandomGenerator rng) {
        double half = shape.exponentialNanos(shape.exponent(retry)) / 2.0;
        return shape.bound(half + BackoffShape.uniform(rng, 0, half));
    }

    @Override public long initialPreviousNanos() { return shape.baseNanos(); }
}
