package dev.stampede.retry;

import dev.stampede.scenario.Durations;
import dev.stampede.scenario.RetrySpec;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The configuration every backoff shares, and the steps every formula goes through: the retry number is
 * shifted by {@code attemptOffset}, the formula runs, its result is capped at {@code capNanos}, then floored
 * at {@code floorNanos} (tenacity's {@code min}; a floor above the cap wins, as in tenacity).
 *
 * @param baseNanos     first backoff step, nanoseconds, {@code >= 0}
 * @param capNanos      largest delay the formula may produce, nanoseconds, {@code >= baseNanos}
 * @param floorNanos    smallest delay returned, nanoseconds, {@code >= 0}; 0 for no floor
 * @param attemptOffset added to the retry number before the formula, {@code >= 0}
 */
public record BackoffShape(long baseNanos, long capNanos, long floorNanos, int attemptOffset) {

    public BackoffShape {
        if (baseNanos < 0) throw new IllegalArgumentException("base must be >= 0 ns, got " + baseNanos);
        if (capNanos < baseNanos) throw new IllegalArgumentException("cap must be >= base, got " + capNanos + " ns < " + baseNanos + " ns");
        if (floorNanos < 0) throw new IllegalArgumentException("min must be >= 0 ns, got " + floorNanos);
        if (attemptOffset < 0) throw new IllegalArgumentException("attemptOffset must be >= 0, got " + attemptOffset);
    }

    /** The shape of {@code spec}: its base, cap, min and attemptOffset. */
    public static BackoffShape of(RetrySpec spec) {
        return new BackoffShape(spec.base().toNanos(), spec.cap().toNanos(), spec.min().toNanos(), spec.attemptOffset());
    }

    /** Same floor and offset, another base and cap (the SDK's own). */
    public BackoffShape withBaseAndCap(Duration base, Duration cap) {
        return new BackoffShape(base.toNanos(), cap.toNanos(), floorNanos, attemptOffset);
    }

    /** The exponent the formula sees: {@code retry + attemptOffset}, saturating instead of overflowing. */
    public int exponent(int retry) {
        if (retry < 0) throw new IllegalArgumentException("retry must be >= 0, got " + retry);
        long n = (long) retry + attemptOffset;
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    /** {@code min(cap, base·2^n)}, exact in nanoseconds; {@code cap} wherever {@code base·2^n} would overflow a long. */
    public long exponentialNanos(int n) {
        if (baseNanos == 0) return 0;
        if (n >= Long.numberOfLeadingZeros(baseNanos) - 1) return capNanos;
        return Math.min(capNanos, baseNanos << n);
    }

    /**
     * The last two steps of every formula: caps {@code nanos} at {@code capNanos} (NaN and infinity count as
     * past the cap), rounds to the nearest nanosecond, then floors at {@code floorNanos}.
     */
    public long bound(double nanos) {
        long capped = (Double.isNaN(nanos) || nanos >= capNanos) ? capNanos : Math.max(0, Math.round(nanos));
        return Math.max(floorNanos, capped);
    }

    /** {@code U(a, b) = a + (b − a)·rng.nextDouble()}. */
    public static double uniform(RandomGenerator rng, double a, double b) {
        return a + (b - a) * rng.nextDouble();
    }

    /** The formula followed by what this shape adds to it (offset, floor), for {@code stampede strategies}. */
    public String describe(String formula) {
        StringBuilder s = new StringBuilder(formula);
        if (attemptOffset > 0) s.append("; n = retry + ").append(attemptOffset);
        if (floorNanos > 0) s.append("; at least ").append(Durations.format(Duration.ofNanos(floorNanos)));
        return s.toString();
    }
}
