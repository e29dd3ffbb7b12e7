package dev.stampede.retry;

import java.util.random.RandomGenerator;

/**
 * {@code decorrelated-v2}: Polly's {@code DecorrelatedJitterBackoffV2} (George Polevoy's formula), with
 * {@code base} as Polly's {@code medianFirstRetryDelay}, capped:
 * <pre>
 *   f(t) = 2^t · tanh(√(4t))          t = n + U(0,1)
 *   delay = min(cap, (f(t) − prev) / 1.4 · base)
 * </pre>
 * Polly keeps {@code prev} — the formula's previous {@code f}, 0 before the first retry — per request. That term
 * is the running sum of all earlier (uncapped) delays, which the {@link Backoff} contract's single previous delay
 * cannot carry. <b>Simplification:</b> {@code prev} is redrawn as {@code f(n − 1 + U′(0,1))} with an independent
 * draw (0 at {@code n = 0}). Each retry's delay then has exactly Polly's distribution, and the expected total wait
 * is Polly's, but consecutive delays of one request are independent instead of telescoping. Two draws per delay
 * ({@code U} first, then {@code U′}); {@code previousNanos} is not used. Immutable, thread-safe.
 */
public record DecorrelatedJitterV2(BackoffShape shape) implements Backoff {

    private static final double P_FACTOR = 4.0;
    private static final double RP_SCALING_FACTOR = 1 / 1.4;

    @Override public String name() { return "decorrelated-v2"; }

    @Override public String formula() {
        return shape.describe("f(t) = 2^t·tanh(√(4t)); min(cap, (f(n + U(0,1)) − f(n − 1 + U′(0,1)))/1.4 · base), f = 0 before retry 0");
    }

    @Override public long delayNanos(int retry, long previousNanos, RandomGenerator rng) {
        int n = shape.exponent(retry);
        double next = f(n + rng.nextDouble());
        double prev = n == 0 ? 0 : f(n - 1 + rng.nextDouble());
        // Past t ≈ 1024 both terms are infinite and their difference NaN: Polly returns its maximum there too.
        if (Double.isInfinite(next)) return shape.bound(Double.POSITIVE_INFINITY);
        return shape.bound((next - prev) * RP_SCALING_FACTOR * shape.baseNanos());
    }

    /** Polly's intrinsic curve {@code 2^t · tanh(√(4t))}. */
    static double f(double t) {
        return Math.pow(2, t) * Math.tanh(Math.sqrt(P_FACTOR * t));
    }

    @Override public long initialPreviousNanos() { return shape.baseNanos(); }
}
