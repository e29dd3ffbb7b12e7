package dev.stampede.policy;

/**
 * Why a policy mechanism stopped a request or an attempt. Keys match {@code retry.FailureReason} where
 * one exists ({@code budget}, {@code circuitOpen}, {@code deadline}); {@code throttled},
 * {@code queueFull} and {@code qualityGate} are new reasons the result format will need.
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
    DEADLINE("deadline"),
    /** Every tier answered, but no answer passed the quality gate. */
    QUALITY_GATE("qualityGate");

    private final String key;

    Refusal(String key) { this.key = key; }

    /** The name used in JSON and reports. */
    public String key() { return key; }
}
