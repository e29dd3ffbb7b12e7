package dev.stampede.retry;

import java.util.random.RandomGenerator;

/** {@code none}: {@code min(cap, base·2^n)}, the same schedule for every client. Immutable, thread-safe. */
public record NoJitter(BackoffShape shape) implements Backoff {

    @Override public String name() { return "none"; }

    @Override public String formula() { return shape.describe("min(cap, base·2^n)"); }

    @Override public long delayNanos(int retry, long previousNanos, RandomGenerator rng) {
        return shape.bound(shape.exponentialNanos(shape.exponent(retry)));
    }

    @Override public long initialPreviousNanos() { return shape.baseNanos(); }
}
