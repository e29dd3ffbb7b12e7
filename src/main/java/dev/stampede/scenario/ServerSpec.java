package dev.stampede.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The embedded mock's behaviour (ignored for a URL target).
 *
 * @param capacity             admitted requests per second (token bucket), or {@code null} for unlimited
 * @param burst                token-bucket depth, in requests
 * @param concurrency          max requests in service at once, 0 for unlimited; above it: 529
 * @param latency              service time of an admitted request
 * @param overloadedRetryAfter Retry-After on shed 529s, or {@code null} for no header
 * @param phases               scripted phases, sorted by {@code at}, inheritance already resolved; never empty
 */
public record ServerSpec(
        Model model,
        Rate capacity,
        int burst,
        int concurrency,
        LatencySpec latency,
        Duration overloadedRetryAfter,
        List<PhaseSpec> phases) {

    /** What the mock serves: a load-shedding API, or one optimistic-concurrency record (AWS blog experiment). */
    public enum Model { CAPACITY, OCC }

    public static final LatencySpec DEFAULT_LATENCY = new LatencySpec.Fixed(Duration.ofMillis(20));

    public ServerSpec {
        model = model == null ? Model.CAPACITY : model;
        latency = latency == null ? DEFAULT_LATENCY : latency;
        phases = phases == null || phases.isEmpty() ? List.of(PhaseSpec.HEALTHY) : List.copyOf(phases);
        if (concurrency < 0) throw new IllegalArgumentException("concurrency must be >= 0, got " + concurrency);
        if (burst < 0) throw new IllegalArgumentException("burst must be >= 0, got " + burst);
        Objects.requireNonNull(model);
    }

    /** Default burst for a capacity: 50 ms worth of admissions, at least 1. */
    public static int defaultBurst(Rate capacity) {
        return capacity == null ? 0 : (int) Math.max(1, Math.ceil(capacity.perSecond() / 20));
    }

    /** An unlimited, healthy server with the default latency. */
    public static final ServerSpec HEALTHY = new ServerSpec(Model.CAPACITY, null, 0, 0, DEFAULT_LATENCY, null, List.of());

    /** The phase in force at {@code tNanos} since the phase clock started. */
    public PhaseSpec phaseAt(long tNanos) {
        PhaseSpec current = phases.getFirst();
        for (PhaseSpec p : phases) {
            if (p.at().toNanos() <= tNanos) current = p;
            else break;
        }
        return current;
    }
}
