package dev.stampede.policy;

import dev.stampede.retry.FailureReason;

/**
 * Why a policy mechanism stopped a request or an attempt; each is reported as the {@link FailureReason}
 * of the same key.
 */
public enum Refusal {
    /** The retry budget had no room for the retry. */
    BUDGET("budget"),
    /** Adaptive throttling rejected the attempt locally, without sending it. */
    THROTTLED("throttled"),
    /** The circuit breaker of the target (of every remaining tier, with a chain) refused. */
    CIRCUIT_OPEN("circuitOpen"),
    /** The concurrency limiter's queue was full on arrival. */
    QUEUE_FULL("queueFull"),
    /** The request waited in the concurrency limiter's queue for the maximum wait. */
    LIMITER_WAIT("limiterWait"),
    /** Every tier answered, but no answer passed the quality gate. */
    QUALITY_GATE("qualityGate");

    private final String key;

    Refusal(String key) { this.key = key; }

    /** The name used in JSON and reports. */
    public String key() { return key; }

    /** The failure a request refused for this reason is reported as (both engines use it). */
    public FailureReason failureReason() {
        return switch (this) {
            case BUDGET -> FailureReason.BUDGET;
            case CIRCUIT_OPEN -> FailureReason.CIRCUIT_OPEN;
            case THROTTLED -> FailureReason.THROTTLED;
            case QUEUE_FULL -> FailureReason.QUEUE_FULL;
            case QUALITY_GATE -> FailureReason.QUALITY_GATE;
            case LIMITER_WAIT -> FailureReason.LIMITER_WAIT;
        };
    }
}
