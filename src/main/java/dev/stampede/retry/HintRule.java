package dev.stampede.retry;

import dev.stampede.scenario.RetrySpec;
import dev.stampede.scenario.RetrySpec.RetryAfterMode;

import java.time.Duration;

/** How a server's retry hint (Retry-After, retry-after-ms) combines with the backoff's delay. Immutable. */
public sealed interface HintRule {

    /**
     * @param backoffNanos the backoff's delay, nanoseconds
     * @param hintNanos    the server's hint, nanoseconds, or negative for none
     * @return the delay to wait, nanoseconds
     */
    long delayNanos(long backoffNanos, long hintNanos);

    /** The scenario's {@code retryAfter} and {@code retryAfterCap}. */
    static HintRule of(RetrySpec spec) {
        return new Combine(spec.retryAfter(), spec.retryAfterCap().toNanos());
    }

    /**
     * The hint, clamped to {@code capNanos}, combined by {@code mode}: {@code FLOOR} waits max(hint, backoff),
     * {@code HONOR} the hint when there is one, else the backoff; {@code IGNORE} the backoff.
     */
    record Combine(RetryAfterMode mode, long capNanos) implements HintRule {
        public Combine {
            if (capNanos < 0) throw new IllegalArgumentException("retryAfterCap must be >= 0, got " + capNanos + " ns");
        }

        @Override public long delayNanos(long backoffNanos, long hintNanos) {
            if (hintNanos < 0) return backoffNanos;
            long hint = Math.min(hintNanos, capNanos);
            return switch (mode) {
                case FLOOR -> Math.max(hint, backoffNanos);
                case HONOR -> hint;
                case IGNORE -> backoffNanos;
            };
        }
    }

    /**
     * The Anthropic TypeScript SDK's rule ({@code @anthropic-ai/sdk} 1.15.0, client.ts, {@code retryRequest}): the
     * hint when {@code 0 < hint <= maxNanos}, else the backoff; longer hints are not clamped but ignored. The
     * SDK's limit is {@code 2^31 − 1} ms, the longest delay one {@code setTimeout} can represent (about 24.8
     * days); the Python SDK's is 60 s.
     */
    record SdkWindow(long maxNanos) implements HintRule {
        /** The TypeScript SDK's limit, {@code 2^31 − 1} ms. */
        public static final SdkWindow SDK = new SdkWindow(Duration.ofMillis(Integer.MAX_VALUE).toNanos());

        @Override public long delayNanos(long backoffNanos, long hintNanos) {
            return hintNanos > 0 && hintNanos <= maxNanos ? hintNanos : backoffNanos;
        }
    }
}
