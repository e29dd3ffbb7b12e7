package dev.stampede.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * {@code sdk}: the Anthropic SDKs' (Python and TypeScript) own backoff,
 * {@code min(0.5 s·2^n, 8 s)·(1 − 0.25·U(0,1))} with {@code n} retries already taken. Base and cap are the SDK's
 * constants, not the scenario's; the scenario's {@code min} and {@code attemptOffset} still apply.
 * Immutable, thread-safe.
 */
public record SdkBackoff(BackoffShape shape) implements Backoff {

    /** The SDKs' {@code INITIAL_RETRY_DELAY}. */
    public static final Duration BASE = Duration.ofMillis(500);
    /** The SDKs' {@code MAX_RETRY_DELAY}. */
    public static final Duration CAP = Duration.ofSeconds(8);

    /** The SDK backoff with the floor and offset of {@code scenarioShape} (its base and cap are ignored). */
    public static SdkBackoff of(BackoffShape scenarioShape) {
        return new SdkBackoff(scenarioShape.withBaseAndCap(BASE, CAP));
    }

    @Override public String name() { return "sdk"; }

    @Override public String formula() {
        return shape.describe("min(0.5s·2^n, 8s)·(1 − 0.25·U(0,1)) (the SDK's own base and cap)");
    }

    @Override public long delayNanos(int retry, long previousNanos, RandomGenerator rng) {
        long t = shape.exponentialNanos(shape.exponent(retry));
        return shape.bound(t * (1 - 0.25 * rng.nextDouble()));
    }

    @Override public long initialPreviousNanos() { return shape.baseNanos(); }
}
