package dev.stampede.retry;

import dev.stampede.scenario.RetrySpec;
import dev.stampede.scenario.RetrySpec.RetryAfterMode;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/** How a server's retry hint (Retry-After, retry-after-ms) combines with the backoff's delay. Immutable. */
public sealed interface HintRule {

    /**
     * @param backoffNanos the backoff's delay, nanoseconds
     * @param hintNanos    the server's hint, nanoseconds, or negative for none
     * @return the delay to wait, nanoseconds
     */
    long delayNanos(long backoffNanos, long hintNanos);

    /**
     * The delay after a failed attempt that ended with {@code outcome}: by default its hint as it came
     * ({@link #delayNanos(long, long)}); a rule may read the hint of some statuses only.
     */
    default long delayNanos(long backoffNanos, AttemptOutcome outcome) {
        return delayNanos(backoffNanos, outcome.retryAfterNanos());
    }

    /** The scenario's {@code retryAfter}, {@code retryAfterCap}, {@code retryAfterOn} and {@code retryAfterBuffer}. */
    static HintRule of(RetrySpec spec) {
        return new Combine(spec.retryAfter(), spec.retryAfterCap().toNanos(), spec.retryAfterOn(), spec.retryAfterBuffer().toNanos());
    }

    /**
     * The hint, clamped to {@code capNanos}, plus {@code bufferNanos}, combined by {@code mode}: {@code FLOOR} waits
     * max(hint, backoff), {@code HONOR} the hint when there is one, else the backoff; {@code IGNORE} the backoff.
     * An answer whose status is not in {@code on} (when {@code on} is not empty) counts as carrying no hint. Seed
     * 003's Python reads the header of 429s only and waits {@code max(header + 0.5, backoff)}: {@code FLOOR},
     * {@code on = [429]}, buffer 0.5 s.
     *
     * @param on          the statuses whose hint is read; empty for every status
     * @param bufferNanos added to a hint that is read, {@code >= 0} (saturating)
     */
    record Combine(RetryAfterMode mode, long capNanos, Set<Integer> on, long bufferNanos) implements HintRule {
        public Combine {
            if (capNanos < 0) throw new IllegalArgumentException("retryAfterCap must be >= 0, got " + capNanos + " ns");
            if (bufferNanos < 0) throw new IllegalArgumentException("retryAfterBuffer must be >= 0, got " + bufferNanos + " ns");
            on = Set.copyOf(new TreeSet<>(on));
        }

        /** Every status's hint, nothing added. */
        public Combine(RetryAfterMode mode, long capNanos) {
            this(mode, capNanos, Set.of(), 0);
        }

        @Override public long delayNanos(long backoffNanos, AttemptOutcome outcome) {
            boolean read = on.isEmpty() || (outcome.error() == null && on.contains(outcome.status()));
            return delayNanos(backoffNanos, read ? outcome.retryAfterNanos() : -1);
        }

        @Override public long delayNanos(long backoffNanos, long hintNanos) {
            if (hintNanos < 0) return backoffNanos;
            long clamped = Math.min(hintNanos, capNanos);
            long hint = clamped > Long.MAX_VALUE - bufferNanos ? Long.MAX_VALUE : clamped + bufferNanos;
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
