package dev.stampede.server;

/** What the overload model decides for one arriving request. */
public sealed interface Verdict {

    /** Admitted: serve for {@code serviceNanos}, then answer 200. The caller must call {@link OverloadModel#depart}. */
    record Admit(long serviceNanos) implements Verdict {}

    /**
     * Answer {@code status} at once with no service: 529 (shed by capacity or concurrency, or forced by the
     * phase) or a scripted error status.
     *
     * @param headers the retry headers to send
     * @param cause   why: {@link Cause#SHED}, {@link Cause#FORCED} or {@link Cause#ERROR}
     */
    record Reject(int status, RetryHeaders headers, Cause cause) implements Verdict {
        /** With only a Retry-After in seconds ({@code retryAfterNanos}), or none when it is -1. */
        public Reject(int status, long retryAfterNanos, Cause cause) {
            this(status, RetryHeaders.retryAfter(retryAfterNanos), cause);
        }

        /** The Retry-After to send, or -1 for none. */
        public long retryAfterNanos() { return headers.retryAfterNanos(); }
    }

    /**
     * Admitted, but aborted in service: a later phase with {@code abort} begins while this request is being
     * served, and this request is one of those it fails. Hold the concurrency slot for {@code afterNanos}
     * (the time from arrival to that phase's start, less than the service time drawn), then answer
     * {@code status} (529); the caller must call {@link OverloadModel#depart} then, as for {@link Admit}.
     *
     * @param afterNanos from arrival to the answer, in nanoseconds, > 0
     * @param headers    the retry headers to send (the aborting phase's)
     */
    record Abort(long afterNanos, int status, RetryHeaders headers) implements Verdict {
        /** With only a Retry-After in seconds ({@code retryAfterNanos}), or none when it is -1. */
        public Abort(long afterNanos, int status, long retryAfterNanos) {
            this(afterNanos, status, RetryHeaders.retryAfter(retryAfterNanos));
        }

        /** The Retry-After to send, or -1 for none. */
        public long retryAfterNanos() { return headers.retryAfterNanos(); }
    }

    /**
     * Waits for a worker (a server with {@code workers}): the model's {@link OverloadModel.Host} hears later when
     * it starts service, or is dropped by {@code queueTimeout}.
     */
    record Queued() implements Verdict {
        public static final Queued INSTANCE = new Queued();
    }

    /** Close the connection without a response. */
    record Reset() implements Verdict {}

    /** Never answer; the client's timeout has to fire. */
    record Hang() implements Verdict {}

    /**
     * Why a 529 or error: shed by admission, forced by a phase, a scripted error, dropped after waiting
     * {@code queueTimeout}, or a 429 of the per-key rate limit ({@link RateLimiter}).
     */
    enum Cause { SHED, FORCED, ERROR, QUEUE_TIMEOUT, RATE_LIMITED }
}
