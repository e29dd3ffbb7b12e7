package dev.stampede.retry;

import java.util.random.RandomGenerator;

/**
 * {@code grpc}: gRFC A6 (2024 revision), {@code min(cap, min(base·multiplier^n, cap)·U(0.8, 1.2))} with
 * {@code n} retries already taken (A6 writes {@code n−1} with attempts counted from 1). The outer cap is
 * ours: every stampede backoff stays within {@code cap}, so at the cap a draw above 1.0 lands on it.
 * The attempt limit of 5 lives in the policy ({@link Strategies#policy}). Immutable, thread-safe.
 *
 * @param multiplier growth per retry, {@code >= 1} (2 in gRPC's examples and here by default)
 */
public record GrpcBackoff(BackoffShape shape, double multiplier) implements Backoff {

    /** gRFC A6's example multiplier. */
    public static final double DEFAULT_MULTIPLIER = 2.0;

    public GrpcBackoff {
        if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number >= 1, got " + multiplier);
        }
    }

    @Override public String name() { return "grpc"; }

    @Override public String formula() {
        String m = multiplier == Math.rint(multiplier) ? Long.toString((long) multiplier) : Double.toString(multiplier);
        return shape.describe("min(cap, min(base·" + m + "^n, cap)·U(0.8, 1.2))");
    }

    @Override public long delayNanos(int retry, long previousNanos, RandomGenerator rng) {
        int n = shape.exponent(retry);
        double t = multiplier == 2.0
                ? shape.exponentialNanos(n)
                : Math.min(shape.capNanos(), shape.baseNanos() * Math.pow(multiplier, n)); // pow saturates at infinity
        return shape.bound(t * BackoffShape.uniform(rng, 0.8, 1.2));
    }

    @Override public long initialPreviousNanos() { return shape.baseNanos(); }
}
