package dev.stampede.retry;

/** Why a logical request failed (docs/metrics.md). */
public enum FailureReason {
    /** Every allowed attempt was used and the last one failed. */
    EXHAUSTED("exhausted"),
    /** The last attempt failed with a status or error the policy does not retry (e.g. 400). */
    NON_RETRYABLE("nonRetryable"),
    /** The retry budget had no token for the retry. */
    BUDGET("budget"),
    /** The circuit breaker was open. */
    CIRCUIT_OPEN("circuitOpen"),
    /** The request waited in the client's concurrency limiter for its maximum wait and was never sent. */
    LIMITER_WAIT("limiterWait"),
    /** Open model: the arrival found maxInFlight requests in flight and was not sent. */
    CLIENT_SATURATED("clientSaturated"),
    /** Client-side adaptive throttling rejected the request locally, without sending it. */
    THROTTLED("throttled"),
    /** The concurrency limiter's queue was full when the request arrived. */
    QUEUE_FULL("queueFull"),
    /** Every tier answered 2xx, but no answer passed the quality gate. */
    QUALITY_GATE("qualityGate"),
    /**
     * The request would have moved to a fallback tier while that tier's quality gate rejected more than the policy's
     * {@code routing.failForward} share: it failed at once, "an explicit 'we're degraded' message" (seed 000).
     */
    FAIL_FORWARD("failForward"),
    /**
     * The request was still in progress (waiting to retry, or for a fallback tier, or its attempt on the wire past
     * the drain) when the graceful stop ended the run. Not a failure: left out of the success rate.
     */
    UNFINISHED("unfinished"),
    /** The run was cancelled (Ctrl-C) while the request was in progress. Not a failure: left out of the success rate. */
    INTERRUPTED("interrupted"),
    /** The engine's own code failed while running the request (a bug: the run exits 1). */
    INTERNAL_ERROR("internalError");

    private final String key;

    FailureReason(String key) { this.key = key; }

    /** The name used in JSON and reports. */
    public String key() { return key; }

    /**
     * True for the reasons that say the run ended before the request did ({@code unfinished}, {@code interrupted}):
     * the request neither succeeded nor failed, and the success rate leaves it out.
     */
    public boolean cutByRunEnd() { return this == UNFINISHED || this == INTERRUPTED; }
}
