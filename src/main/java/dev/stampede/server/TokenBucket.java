package dev.stampede.server;

/**
 * Admission token bucket on a caller-supplied clock: refills at {@code ratePerSecond} up to {@code depth}
 * tokens; each admission takes one. Starts full.
 *
 * <p>Not thread-safe: {@link OverloadModel} guards it. Time must not run backwards; a {@code tNanos} earlier
 * than the last one seen refills nothing (it happens when threads race to the model), so the bucket never
 * credits the same stretch of time twice.
 */
final class TokenBucket {

    private double tokens;
    private long lastNanos;

    TokenBucket(double depth) {
        this.tokens = depth;
        this.lastNanos = 0;
    }

    /**
     * Refills for the time since the last call, then takes one token if there is one.
     *
     * @param ratePerSecond current refill rate (tokens per second, >= 0)
     * @param depth         current depth (>= 1): tokens beyond it are lost
     * @return true when a token was taken (admit), false when the bucket is empty (shed)
     */
    boolean tryTake(long tNanos, double ratePerSecond, double depth) {
        if (tNanos > lastNanos) {
            tokens += (tNanos - lastNanos) * ratePerSecond / 1e9;
            lastNanos = tNanos;
        }
        if (tokens > depth) tokens = depth;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Back to full at time zero (the phase clock restarted). */
    void restart(double depth) {
        tokens = depth;
        lastNanos = 0;
    }
}
