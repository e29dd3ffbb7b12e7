package dev.stampede.server;

import dev.stampede.scenario.RouteSpec;
import dev.stampede.scenario.ServerSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The mock's models by path ({@code server.routes}): a request whose path starts with a route's prefix (the
 * longest matching prefix wins) is decided by that route's own {@link OverloadModel} — its own capacity, latency
 * and phases, so a primary model can overload while a fallback model has room; every other path by the top-level
 * model. An admitted request is {@code degraded} (its 200 carries an empty body, which fails a quality gate) with
 * the probability its route (or the server) sets.
 *
 * <p>Pure like {@link OverloadModel}: time is the caller's, randomness comes from {@code seed}. The top-level
 * model draws from {@code new SplittableRandom(seed)} exactly as a lone {@code OverloadModel} would, so a server
 * without routes and without degraded answers decides exactly as before; each route and the degraded draws have
 * generators of their own. Thread-safe: each model holds its own lock, the degraded draws another.
 */
public final class RoutedModel {

    /**
     * One arrival's fate.
     *
     * @param verdict  what the route's model decided
     * @param route    index into {@link ServerSpec#routes()}, or -1 for the top-level model; pass it to {@link #depart}
     * @param degraded an admitted request answers 200 with a degraded (empty) body
     */
    public record Arrival(Verdict verdict, int route, boolean degraded) {}

    /** The body of a degraded 200: empty, so a gate with a minimum length or a required marker rejects it. */
    public static final String DEGRADED_BODY = "";

    /** The body of a normal 200 (the mock's message, with request id 0), for engines that model the answer. */
    public static final String ANSWER_BODY = new String(Responses.message("0"), java.nio.charset.StandardCharsets.UTF_8);

    private final ServerSpec spec;
    private final OverloadModel top;
    private final List<OverloadModel> routes;
    private final SplittableRandom degradedRng;

    public RoutedModel(ServerSpec spec, long seed) {
        this(spec, new SplittableRandom(seed), seed);
    }

    /**
     * @param topRng    the top-level model's generator (the simulator hands it its server stream); not shared
     * @param routeSeed seed of the routes' and the degraded draws' own generators
     */
    public RoutedModel(ServerSpec spec, java.util.random.RandomGenerator topRng, long routeSeed) {
        this.spec = Objects.requireNonNull(spec, "spec");
        long seed = routeSeed;
        this.top = new OverloadModel(spec, topRng);
        List<OverloadModel> r = new ArrayList<>();
        for (int i = 0; i < spec.routes().size(); i++) {
            RouteSpec route = spec.routes().get(i);
            r.add(new OverloadModel(route.asServer(spec), new SplittableRandom(mix(seed, i + 1))));
        }
        this.routes = List.copyOf(r);
        this.degradedRng = new SplittableRandom(mix(seed, -1));
    }

    public ServerSpec spec() { return spec; }

    /** The index of the route serving {@code path}, or -1 for the top-level model. */
    public int routeOf(String path) {
        int best = -1;
        for (int i = 0; i < spec.routes().size(); i++) {
            RouteSpec r = spec.routes().get(i);
            if (r.matches(path) && (best < 0 || r.prefix().length() > spec.routes().get(best).prefix().length())) best = i;
        }
        return best;
    }

    /** Decides one request for {@code path} arriving at {@code tNanos} on the phase clock. */
    public Arrival arrive(String path, long tNanos) {
        return arrive(routeOf(path), tNanos);
    }

    /** Decides one request for route {@code route} (from {@link #routeOf}; -1 for the top-level model). */
    public Arrival arrive(int route, long tNanos) {
        OverloadModel model = route < 0 ? top : routes.get(route);
        Verdict v = model.arrive(tNanos);
        double p = route < 0 ? spec.degraded() : spec.routes().get(route).degraded();
        boolean degraded = false;
        if (v instanceof Verdict.Admit && p > 0) {
            synchronized (degradedRng) {
                degraded = degradedRng.nextDouble() < p;
            }
        }
        return new Arrival(v, route, degraded);
    }

    /** An admitted request of {@code route} ended its service at {@code tNanos}. */
    public void depart(int route, long tNanos) {
        (route < 0 ? top : routes.get(route)).depart(tNanos);
    }

    /** Requests in service over every model. */
    public long inService() {
        long n = top.inService();
        for (OverloadModel m : routes) n += m.inService();
        return n;
    }

    /** Restarts every model's clock (full token buckets). */
    public void restartClock() {
        top.restartClock();
        routes.forEach(OverloadModel::restartClock);
    }

    /** SplitMix64's finaliser: a well-mixed seed per route. */
    static long mix(long seed, long index) {
        long z = seed + index * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
