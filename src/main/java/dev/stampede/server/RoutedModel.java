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
 * the probability its route (or the server) sets, drawn when it is admitted: served at once or queued for a worker.
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
    /** The top-level model's rate limit (or {@code null}), then each route's. */
    private final RateLimiter topLimit;
    private final List<RateLimiter> routeLimits;
    private final java.util.concurrent.locks.ReentrantLock degradedLock = new java.util.concurrent.locks.ReentrantLock();

    public RoutedModel(ServerSpec spec, long seed) {
        this(spec, new SplittableRandom(seed), seed);
    }

    /**
     * @param topRng    the top-level model's generator (the simulator hands it its server stream); not shared
     * @param routeSeed seed of the routes' and the degraded draws' own generators
     */
    public RoutedModel(ServerSpec spec, java.util.random.RandomGenerator topRng, long routeSeed) {
        this(spec, topRng, routeSeed, OverloadModel.Host.NONE, 10_000_000L);
    }

    /**
     * @param host      told of every model's later starts and answers (attempt ids must be unique over all routes)
     * @param slotNanos slot of the load series ({@link #series})
     */
    public RoutedModel(ServerSpec spec, java.util.random.RandomGenerator topRng, long routeSeed, OverloadModel.Host host, long slotNanos) {
        this.spec = Objects.requireNonNull(spec, "spec");
        long seed = routeSeed;
        this.relay = new Relay(Objects.requireNonNull(host, "host"));
        host = relay;
        this.top = new OverloadModel(spec, topRng, host, slotNanos);
        List<OverloadModel> r = new ArrayList<>();
        for (int i = 0; i < spec.routes().size(); i++) {
            RouteSpec route = spec.routes().get(i);
            r.add(new OverloadModel(route.asServer(spec), new SplittableRandom(mix(seed, i + 1)), host, slotNanos));
        }
        this.routes = List.copyOf(r);
        this.topLimit = spec.rateLimit() == null ? null : new RateLimiter(spec.rateLimit());
        List<RateLimiter> limits = new ArrayList<>();
        for (RouteSpec route : spec.routes()) limits.add(route.rateLimit() == null ? null : new RateLimiter(route.rateLimit()));
        this.routeLimits = java.util.Collections.unmodifiableList(limits);
        this.degradedRng = new SplittableRandom(mix(seed, -1));
        this.degradedOffsets = new int[spec.routes().size() + 2];
        degradedOffsets[1] = spec.phases().size();
        for (int i = 0; i < spec.routes().size(); i++) degradedOffsets[i + 2] = degradedOffsets[i + 1] + spec.routes().get(i).phases().size();
        this.degradedCounts = new java.util.concurrent.atomic.AtomicLongArray(degradedOffsets[degradedOffsets.length - 1]);
    }

    /** Degraded draws per model phase: the top-level model's phases, then each route's, from {@link #degradedOffsets}. */
    private final java.util.concurrent.atomic.AtomicLongArray degradedCounts;
    /** Where each model's phases start in {@link #degradedCounts}: index 0 the top-level model, i + 1 route i; last: the size. */
    private final int[] degradedOffsets;

    /** The index in {@code phases} (sorted by {@code at}) of the one in force at {@code tNanos}, as {@link ServerSpec#phaseAt}. */
    private static int phaseIndex(List<dev.stampede.scenario.PhaseSpec> phases, long tNanos) {
        int i = 0;
        for (int k = 0; k < phases.size() && phases.get(k).at().toNanos() <= tNanos; k++) i = k;
        return i;
    }

    /**
     * Admitted attempts whose answer was drawn degraded (an empty 200, the {@code degraded} share), per model and phase
     * since the clock (re)started: one row per phase of the top-level model (route {@code null}), then per phase of
     * each route, zeros included; empty when no attempt was drawn degraded. Drawn at admission, so an attempt that
     * then waits for a worker and is dropped or abandoned counts too. Both engines draw through this model, so they
     * count alike. Thread-safe.
     */
    public List<dev.stampede.metrics.ServerView.DegradedPhase> degradedAnswers() {
        long total = 0;
        for (int i = 0; i < degradedCounts.length(); i++) total += degradedCounts.get(i);
        if (total == 0) return List.of();
        List<dev.stampede.metrics.ServerView.DegradedPhase> out = new ArrayList<>();
        for (int m = 0; m <= spec.routes().size(); m++) {
            List<dev.stampede.scenario.PhaseSpec> phases = m == 0 ? spec.phases() : spec.routes().get(m - 1).phases();
            String route = m == 0 ? null : spec.routes().get(m - 1).prefix();
            for (int k = 0; k < phases.size(); k++) {
                out.add(new dev.stampede.metrics.ServerView.DegradedPhase(route, k, phases.get(k).at().toNanos() / 1e9,
                        degradedCounts.get(degradedOffsets[m] + k)));
            }
        }
        return List.copyOf(out);
    }

    public ServerSpec spec() { return spec; }

    private final Relay relay;

    /** Passes the models' reports on to a host that may be set after the models exist ({@link #attach}). */
    private static final class Relay implements OverloadModel.Host {
        private volatile OverloadModel.Host target;

        Relay(OverloadModel.Host target) { this.target = target; }

        @Override public void started(long attemptId, long tNanos, long serviceNanos) { target.started(attemptId, tNanos, serviceNanos); }

        @Override public void answered(long attemptId, long tNanos, Verdict.Reject answer) { target.answered(attemptId, tNanos, answer); }
    }

    /** Sets the host told of later starts and answers, replacing the one given at construction; call before the first arrival. */
    public void attach(OverloadModel.Host host) {
        relay.target = Objects.requireNonNull(host, "host");
    }

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

    /** Decides one untracked request for route {@code route} (from {@link #routeOf}; -1 for the top-level model). */
    public Arrival arrive(int route, long tNanos) {
        return arrive(route, tNanos, OverloadModel.UNTRACKED, Long.MAX_VALUE);
    }

    /**
     * Decides attempt {@code attemptId} of request number 0 (one API key for all) with an empty body: see
     * {@link #arrive(int, long, long, long, long, long)}.
     */
    public Arrival arrive(int route, long tNanos, long attemptId, long clientDeadlineNanos) {
        return arrive(route, tNanos, attemptId, clientDeadlineNanos, 0, 0);
    }

    /**
     * Decides attempt {@code attemptId} for route {@code route}, whose client waits until {@code clientDeadlineNanos}
     * (see {@link OverloadModel#arrive(long, long, long)}). The route's rate limit, when it has one, is checked first:
     * a request over its key's limit is answered 429 ({@link Verdict.Cause#RATE_LIMITED}) and never reaches the
     * overload model, so it draws nothing and spends no capacity.
     *
     * @param requestNumber the logical request's number in the order requests started (its API key: {@link RateLimiter#keyOf})
     * @param bodyBytes     the request body's size in bytes (a latency's {@code perKiB})
     */
    public Arrival arrive(int route, long tNanos, long attemptId, long clientDeadlineNanos, long requestNumber, long bodyBytes) {
        RateLimiter limit = route < 0 ? topLimit : routeLimits.get(route);
        if (limit != null) {
            long retryAfter = limit.arrive(tNanos, requestNumber);
            if (retryAfter != RateLimiter.ADMITTED) {
                return new Arrival(new Verdict.Reject(429, retryAfter, Verdict.Cause.RATE_LIMITED), route, false);
            }
        }
        OverloadModel model = model(route);
        Verdict v = model.arrive(tNanos, attemptId, clientDeadlineNanos, bodyBytes);
        // a phase may script its own share (seed 000's gate rejections rise with the incident), else the model's
        Double phaseShare = model.spec().phaseAt(tNanos).degraded();
        double p = phaseShare != null ? phaseShare : route < 0 ? spec.degraded() : spec.routes().get(route).degraded();
        boolean degraded = false;
        // drawn for every admitted request, whether it starts at once or waits for a worker first (a queued request
        // that later times out in the queue or is abandoned simply never uses its draw): one draw per admission, in
        // arrival order, so the mock and the simulator agree for a seed
        if ((v instanceof Verdict.Admit || v instanceof Verdict.Queued) && p > 0) {
            degradedLock.lock();
            try {
                degraded = degradedRng.nextDouble() < p;
            } finally {
                degradedLock.unlock();
            }
            if (degraded) degradedCounts.incrementAndGet(degradedOffsets[route + 1] + phaseIndex(model.spec().phases(), tNanos));
        }
        return new Arrival(v, route, degraded);
    }

    /** An admitted untracked request of {@code route} ended its service at {@code tNanos}. */
    public void depart(int route, long tNanos) {
        model(route).depart(tNanos);
    }

    /** Attempt {@code attemptId} of {@code route} ended its service at {@code tNanos} ({@link OverloadModel#depart(long, long)}). */
    public boolean depart(int route, long tNanos, long attemptId) {
        return model(route).depart(tNanos, attemptId);
    }

    /** Whether attempt {@code attemptId} of {@code route} is waiting or in service. */
    public boolean holds(int route, long attemptId) {
        return model(route).holds(attemptId);
    }

    /** The client of attempt {@code attemptId} of {@code route} stopped waiting ({@link OverloadModel#abandon}). */
    public void abandon(int route, long tNanos, long attemptId) {
        model(route).abandon(tNanos, attemptId);
    }

    /** Queue timeouts due by {@code tNanos}, in every model ({@link OverloadModel#expire}). */
    public void expire(long tNanos) {
        top.expire(tNanos);
        for (OverloadModel m : routes) m.expire(tNanos);
    }

    /** A phase of some model starts at {@code tNanos} ({@link OverloadModel#phaseStart}); models without one there only refill workers. */
    public void phaseStart(long tNanos) {
        top.phaseStart(tNanos);
        for (OverloadModel m : routes) m.phaseStart(tNanos);
    }

    /** Whether any model is event-driven (needs {@link #phaseStart} and {@link #expire} calls). */
    public boolean eventDriven() {
        if (top.eventDriven()) return true;
        for (OverloadModel m : routes) if (m.eventDriven()) return true;
        return false;
    }

    /** Every phase start after 0 of every model, ascending, without repeats, in nanoseconds. */
    public long[] phaseStarts() {
        java.util.TreeSet<Long> at = new java.util.TreeSet<>();
        for (var p : spec.phases()) if (p.at().toNanos() > 0) at.add(p.at().toNanos());
        for (RouteSpec r : spec.routes()) for (var p : r.phases()) if (p.at().toNanos() > 0) at.add(p.at().toNanos());
        return at.stream().mapToLong(Long::longValue).toArray();
    }

    /** Requests waiting over every model. */
    public long queued() {
        long n = top.queued();
        for (OverloadModel m : routes) n += m.queued();
        return n;
    }

    /** Queue timeouts over every model since the clock (re)started. */
    public long queueTimeouts() {
        long n = top.queueTimeouts();
        for (OverloadModel m : routes) n += m.queueTimeouts();
        return n;
    }

    /** The load series of every model added together, integrated up to {@code tNanos}. */
    public LoadSeries.Snapshot series(long tNanos) {
        LoadSeries.Snapshot s = top.series(tNanos);
        for (OverloadModel m : routes) s = s.plus(m.series(tNanos));
        return s;
    }

    private OverloadModel model(int route) {
        return route < 0 ? top : routes.get(route);
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
        if (topLimit != null) topLimit.restart();
        for (RateLimiter l : routeLimits) if (l != null) l.restart();
        for (int i = 0; i < degradedCounts.length(); i++) degradedCounts.set(i, 0);
    }

    /** SplitMix64's finaliser: a well-mixed seed per route. */
    static long mix(long seed, long index) {
        long z = seed + index * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
