package dev.stampede.scenario;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One scripted stretch of the mock's behaviour, from {@code at} until the next phase. The loader
 * resolves inheritance: a key a phase does not set keeps the previous phase's value.
 *
 * @param overload       probability that an arriving request gets a forced 529, in [0,1]
 * @param capacityFactor multiplier on capacity and concurrency (0.5 halves them)
 * @param retryAfter     Retry-After sent on every 529 during the phase, or {@code null} to use the server's default
 * @param errors         status (400, 422, 429, 500, 502, 503, 504) to probability
 * @param reset          probability of closing the connection without a response
 * @param hang           probability of never answering (the client's timeout must fire)
 * @param latencyFactor  multiplier on service time
 * @param abort          probability, in [0,1], that a request in service when this phase begins is answered
 *                       529 at the phase start instead of completing (a rebalance failing in-flight work at
 *                       one instant). An event at the phase start, not a state: the loader does not carry it
 *                       into later phases
 * @param hints          the other retry headers the phase's answers carry, and which statuses carry them
 * @param retryAfterUpTo with a {@code retryAfter}, the top of a range ({@code retryAfter: {uniform: [5s, 30s]}}): each
 *                       answer draws its Retry-After in whole seconds, uniformly from {@code retryAfter} to this,
 *                       both included; {@code null} for the fixed {@code retryAfter}
 * @param degraded       probability that an admitted request's 200 is degraded (an empty body) during the phase, or
 *                       {@code null} for the server's (or route's) {@code degraded}
 */
public record PhaseSpec(
        Duration at,
        double overload,
        double capacityFactor,
        Duration retryAfter,
        Map<Integer, Double> errors,
        double reset,
        double hang,
        double latencyFactor,
        double abort,
        Hints hints,
        Duration retryAfterUpTo,
        Double degraded) {

    public static final PhaseSpec HEALTHY = new PhaseSpec(Duration.ZERO, 0, 1, null, Map.of(), 0, 0, 1);

    public PhaseSpec {
        errors = errors == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(errors));
        if (!(abort >= 0 && abort <= 1)) throw new IllegalArgumentException("abort must be a probability in [0,1], got " + abort);
        hints = hints == null ? Hints.DEFAULT : hints;
        if (retryAfterUpTo != null && (retryAfter == null || retryAfterUpTo.compareTo(retryAfter) < 0)) {
            throw new IllegalArgumentException("retryAfterUpTo needs a retryAfter <= it, got " + retryAfter + " .. " + retryAfterUpTo);
        }
        if (degraded != null && !(degraded >= 0 && degraded <= 1)) throw new IllegalArgumentException("degraded must be a probability, got " + degraded);
    }

    /** A phase with a Retry-After range (or a fixed value) and the server's degraded share. */
    public PhaseSpec(Duration at, double overload, double capacityFactor, Duration retryAfter, Map<Integer, Double> errors,
                     double reset, double hang, double latencyFactor, double abort, Hints hints, Duration retryAfterUpTo) {
        this(at, overload, capacityFactor, retryAfter, errors, reset, hang, latencyFactor, abort, hints, retryAfterUpTo, null);
    }

    /** A phase with a fixed {@code retryAfter} (or none). */
    public PhaseSpec(Duration at, double overload, double capacityFactor, Duration retryAfter, Map<Integer, Double> errors,
                     double reset, double hang, double latencyFactor, double abort, Hints hints) {
        this(at, overload, capacityFactor, retryAfter, errors, reset, hang, latencyFactor, abort, hints, null, null);
    }

    /** A phase whose answers carry only {@code retryAfter}, in seconds, on 529s. */
    public PhaseSpec(Duration at, double overload, double capacityFactor, Duration retryAfter, Map<Integer, Double> errors,
                     double reset, double hang, double latencyFactor, double abort) {
        this(at, overload, capacityFactor, retryAfter, errors, reset, hang, latencyFactor, abort, Hints.DEFAULT);
    }

    /**
     * The retry headers a phase adds beyond {@code retryAfter} (docs/mock.md, "Retry headers").
     *
     * @param retryAfterMs     {@code retry-after-ms} to send, or {@code null} for none
     * @param retryAfterAsDate send {@code retry-after} as an HTTP date (the answer's time plus {@code retryAfter},
     *                         rounded up to the second) instead of whole seconds
     * @param shouldRetry      {@code x-should-retry} to send, or {@code null} for none
     * @param on               the statuses whose answers carry the phase's retry headers ({@code retryAfter}
     *                         included); 529 by default
     * @param retryAfterByStatus a scripted error status's own {@code retry-after} (the long form of {@code errors}:
     *                         {@code "429": {p: 0.05, retryAfter: 10s}}): sent on that status's answers whether or
     *                         not it is in {@code on}, instead of the phase's {@code retryAfter}; empty for none
     */
    public record Hints(Duration retryAfterMs, boolean retryAfterAsDate, Boolean shouldRetry, Set<Integer> on,
                        Map<Integer, Duration> retryAfterByStatus) {
        /** No extra header; {@code retryAfter} on 529s only, in seconds. */
        public static final Hints DEFAULT = new Hints(null, false, null, Set.of(529));

        public Hints {
            if (retryAfterMs != null && retryAfterMs.isNegative()) {
                throw new IllegalArgumentException("retryAfterMs must be >= 0, got " + retryAfterMs);
            }
            on = Set.copyOf(new TreeSet<>(on));
            retryAfterByStatus = retryAfterByStatus == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(retryAfterByStatus));
            for (Duration d : retryAfterByStatus.values()) {
                if (d.isNegative()) throw new IllegalArgumentException("a status's retryAfter must be >= 0, got " + d);
            }
        }

        /** No status with a Retry-After of its own. */
        public Hints(Duration retryAfterMs, boolean retryAfterAsDate, Boolean shouldRetry, Set<Integer> on) {
            this(retryAfterMs, retryAfterAsDate, shouldRetry, on, Map.of());
        }

        /** These hints with {@code byStatus} as the statuses' own Retry-After. */
        public Hints withRetryAfterByStatus(Map<Integer, Duration> byStatus) {
            return new Hints(retryAfterMs, retryAfterAsDate, shouldRetry, on, byStatus);
        }
    }

    /** A phase that aborts nothing in flight ({@code abort = 0}). */
    public PhaseSpec(Duration at, double overload, double capacityFactor, Duration retryAfter, Map<Integer, Double> errors,
                     double reset, double hang, double latencyFactor) {
        this(at, overload, capacityFactor, retryAfter, errors, reset, hang, latencyFactor, 0, Hints.DEFAULT);
    }

    /** True when this phase makes the server worse than healthy (forced 529s, lost capacity, faults, aborts). */
    public boolean isOverload() {
        return overload > HEALTHY_OVERLOAD_CEILING || capacityFactor < 1 || reset > 0 || hang > 0 || abort > 0
                || errors.values().stream().anyMatch(p -> p > 0);
    }

    /** Forced-529 probabilities at or below this count as the healthy baseline (the launch profile's 0.4/1000). */
    public static final double HEALTHY_OVERLOAD_CEILING = 0.001;
}
