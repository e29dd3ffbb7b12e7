package dev.stampede.scenario;

import java.util.List;
import java.util.Objects;

/**
 * One route of the embedded mock ({@code server.routes[]}): requests whose path starts with {@code prefix}
 * are served by a model of their own, with its own capacity, latency and phases, so a primary model can
 * overload while a fallback model has room. Keys a route does not set take the healthy defaults (unlimited,
 * {@code {fixed: 20ms}}, one healthy phase), not the top-level server's values.
 *
 * @param prefix      path prefix, starting with {@code /}; the longest matching prefix wins
 * @param capacity    admitted per second, or {@code null} for unlimited
 * @param burst       token-bucket depth
 * @param concurrency max in service at once, 0 for unlimited
 * @param latency     service time
 * @param phases      scripted phases, as {@code server.phases}
 * @param degraded    probability that an admitted request's 200 carries a degraded answer (an empty body),
 *                    which fails any quality gate with a {@code minLength} or a {@code requiredMarker}
 * @param queueing    this route's workers, waiting room, contention and abandonment
 * @param rateLimit   this route's own per-key rate limit, or {@code null} for none (the server's does not apply here)
 */
public record RouteSpec(String prefix, Rate capacity, int burst, int concurrency, LatencySpec latency,
                        List<PhaseSpec> phases, double degraded, QueueSpec queueing, RateLimitSpec rateLimit) {
    public RouteSpec {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.startsWith("/")) throw new IllegalArgumentException("route prefix must start with /, got " + prefix);
        if (!(degraded >= 0 && degraded <= 1)) throw new IllegalArgumentException("degraded must be a probability, got " + degraded);
        latency = latency == null ? ServerSpec.DEFAULT_LATENCY : latency;
        phases = phases == null || phases.isEmpty() ? List.of(PhaseSpec.HEALTHY) : List.copyOf(phases);
        queueing = queueing == null ? QueueSpec.NONE : queueing;
    }

    /** A route without a rate limit. */
    public RouteSpec(String prefix, Rate capacity, int burst, int concurrency, LatencySpec latency,
                     List<PhaseSpec> phases, double degraded, QueueSpec queueing) {
        this(prefix, capacity, burst, concurrency, latency, phases, degraded, queueing, null);
    }

    /** A route without workers, waiting room or contention. */
    public RouteSpec(String prefix, Rate capacity, int burst, int concurrency, LatencySpec latency,
                     List<PhaseSpec> phases, double degraded) {
        this(prefix, capacity, burst, concurrency, latency, phases, degraded, QueueSpec.NONE);
    }

    /** This route as a server of its own (same model and Retry-After as {@code parent}). */
    public ServerSpec asServer(ServerSpec parent) {
        return new ServerSpec(parent.model(), capacity, burst, concurrency, latency, parent.overloadedRetryAfter(), phases,
                List.of(), degraded, queueing, rateLimit).withRetryAfterOf(parent);
    }

    /** Whether a request for {@code path} belongs to this route. */
    public boolean matches(String path) {
        return path != null && path.startsWith(prefix);
    }
}
