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
 * @param routes               path prefixes served by models of their own (primary vs fallback models); empty for none
 * @param degraded             probability that an admitted request's 200 carries a degraded (empty) answer that fails
 *                             a quality gate; applies to paths no route matches
 * @param queueing             workers, waiting room, contention and abandonment ({@link QueueSpec#NONE}: none)
 * @param idempotency          the server honours idempotency keys: a repeat of a key whose work completed gets the stored
 *                             answer without the work being done again; a repeat while it is in progress gets 409
 * @param keyHeader            the header the server reads a logical request's idempotency key from (the scenario's
 *                             {@code idempotencyKey}, else {@link #DEFAULT_KEY_HEADER}); never {@code null}
 * @param rateLimit            per-key rate limit answered with 429 before any overload check, or {@code null} for none
 * @param overloadedRetryAfterUpTo with an {@code overloadedRetryAfter}, the top of a range
 *                             ({@code overloadedRetryAfter: {uniform: [5s, 30s]}}): each answer that takes the server's
 *                             default draws its Retry-After in whole seconds, uniformly from {@code overloadedRetryAfter}
 *                             to this, both included; {@code null} for a fixed value
 */
public record ServerSpec(
        Model model,
        Rate capacity,
        int burst,
        int concurrency,
        LatencySpec latency,
        Duration overloadedRetryAfter,
        List<PhaseSpec> phases,
        List<RouteSpec> routes,
        double degraded,
        QueueSpec queueing,
        boolean idempotency,
        String keyHeader,
        RateLimitSpec rateLimit,
        Duration overloadedRetryAfterUpTo) {

    /** The header a server reads idempotency keys from when the scenario names none (Stripe's and the IETF draft's name). */
    public static final String DEFAULT_KEY_HEADER = "Idempotency-Key";

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
        routes = routes == null ? List.of() : List.copyOf(routes);
        if (!(degraded >= 0 && degraded <= 1)) throw new IllegalArgumentException("degraded must be a probability, got " + degraded);
        queueing = queueing == null ? QueueSpec.NONE : queueing;
        if (queueing.workers() > 0 && concurrency > 0) throw new IllegalArgumentException("workers and concurrency exclude each other");
        keyHeader = keyHeader == null || keyHeader.isBlank() ? DEFAULT_KEY_HEADER : keyHeader;
        if (overloadedRetryAfterUpTo != null && (overloadedRetryAfter == null || overloadedRetryAfterUpTo.compareTo(overloadedRetryAfter) < 0)) {
            throw new IllegalArgumentException("a Retry-After range needs a minimum <= its maximum, got " + overloadedRetryAfter
                    + " to " + overloadedRetryAfterUpTo);
        }
    }

    /** A server whose default Retry-After is fixed (or absent). */
    public ServerSpec(Model model, Rate capacity, int burst, int concurrency, LatencySpec latency,
                      Duration overloadedRetryAfter, List<PhaseSpec> phases, List<RouteSpec> routes, double degraded,
                      QueueSpec queueing, boolean idempotency, String keyHeader, RateLimitSpec rateLimit) {
        this(model, capacity, burst, concurrency, latency, overloadedRetryAfter, phases, routes, degraded, queueing,
                idempotency, keyHeader, rateLimit, null);
    }

    /**
     * This server with {@code other}'s default Retry-After, its range included (a shard's or a route's copy keeps
     * what the scenario gave).
     */
    public ServerSpec withRetryAfterOf(ServerSpec other) {
        return new ServerSpec(model, capacity, burst, concurrency, latency, other.overloadedRetryAfter, phases, routes, degraded,
                queueing, idempotency, keyHeader, rateLimit, other.overloadedRetryAfterUpTo);
    }

    /** A server without a rate limit. */
    public ServerSpec(Model model, Rate capacity, int burst, int concurrency, LatencySpec latency,
                      Duration overloadedRetryAfter, List<PhaseSpec> phases, List<RouteSpec> routes, double degraded,
                      QueueSpec queueing, boolean idempotency, String keyHeader) {
        this(model, capacity, burst, concurrency, latency, overloadedRetryAfter, phases, routes, degraded, queueing,
                idempotency, keyHeader, null);
    }

    /** A server that does not honour idempotency keys. */
    public ServerSpec(Model model, Rate capacity, int burst, int concurrency, LatencySpec latency,
                      Duration overloadedRetryAfter, List<PhaseSpec> phases, List<RouteSpec> routes, double degraded,
                      QueueSpec queueing, RateLimitSpec rateLimit) {
        this(model, capacity, burst, concurrency, latency, overloadedRetryAfter, phases, routes, degraded, queueing, false, null,
                rateLimit);
    }

    /** This server with {@code other}'s idempotency settings. */
    public ServerSpec withIdempotencyOf(ServerSpec other) {
        return withIdempotency(other.idempotency, other.keyHeader);
    }

    /** This server honouring idempotency keys or not, read from {@code header}. */
    public ServerSpec withIdempotency(boolean honour, String header) {
        return new ServerSpec(model, capacity, burst, concurrency, latency, overloadedRetryAfter, phases, routes, degraded, queueing,
                honour, header, rateLimit, overloadedRetryAfterUpTo);
    }

    /** A server without a rate limit or idempotency keys. */
    public ServerSpec(Model model, Rate capacity, int burst, int concurrency, LatencySpec latency, Duration overloadedRetryAfter,
                      List<PhaseSpec> phases, List<RouteSpec> routes, double degraded, QueueSpec queueing) {
        this(model, capacity, burst, concurrency, latency, overloadedRetryAfter, phases, routes, degraded, queueing, false, null,
                null);
    }

    /** A server without workers, waiting room or contention (the shape before they existed). */
    public ServerSpec(Model model, Rate capacity, int burst, int concurrency, LatencySpec latency,
                      Duration overloadedRetryAfter, List<PhaseSpec> phases, List<RouteSpec> routes, double degraded) {
        this(model, capacity, burst, concurrency, latency, overloadedRetryAfter, phases, routes, degraded, QueueSpec.NONE);
    }

    /** A server without routes or degraded answers (the shape before routes existed). */
    public ServerSpec(Model model, Rate capacity, int burst, int concurrency, LatencySpec latency,
                      Duration overloadedRetryAfter, List<PhaseSpec> phases) {
        this(model, capacity, burst, concurrency, latency, overloadedRetryAfter, phases, List.of(), 0, QueueSpec.NONE);
    }

    /** The route serving {@code path}: the one with the longest matching prefix; empty for the top-level model. */
    public java.util.Optional<RouteSpec> routeFor(String path) {
        RouteSpec best = null;
        for (RouteSpec r : routes) {
            if (r.matches(path) && (best == null || r.prefix().length() > best.prefix().length())) best = r;
        }
        return java.util.Optional.ofNullable(best);
    }

    /** This server with other routes. */
    public ServerSpec withRoutes(List<RouteSpec> r) {
        return new ServerSpec(model, capacity, burst, concurrency, latency, overloadedRetryAfter, phases, r, degraded, queueing,
                idempotency, keyHeader, rateLimit, overloadedRetryAfterUpTo);
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
