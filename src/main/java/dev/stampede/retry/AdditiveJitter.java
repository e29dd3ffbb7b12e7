package dev.stampede.retry;

import dev.stampede.scenario.Durations;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * {@code additive} (seed 001): {@code min(cap, min(cap, base·2^n) + U(0, jitter))}. Immutable, thread-safe.
 *
 * @param jitterNanos the largest amount added, nanoseconds, {@code >= 0}
 */
public record AdditiveJitter(BackoffShape shape, long jitterNanos) implements Backoff {

    public AdditiveJitter {
        if (jitterNanos < 0) throw new IllegalArgumentException("additiveJitter must be >= 0 ns, got " + jitterNanos);
    }

    @Override public String name() { return "additive"; }

    @Override public String formula() {
        return shape.describe("min(cap, min(cap, base·2^n) + U(0, " + Durations.format(Duration.ofNanos(jitterNanos)) + "))");
    }

    @Override public long delayNanos(int retry, long previousNanos, RandomGenerator rng) {
        long t = shape.exponentialNanos(shape.exponent(retry));
        return shape.bound(t + BackoffShape.uniform(rng, 0, jitterNanos));
    }

    @Override public long initialPreviousNanos() { return shape.baseNanos(); }
}
