package dev.stampede.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads {@code server:}, the embedded mock: capacity, concurrency, service time and scripted phases. */
final class ServerReader {

    /** The waiting-room keys, accepted by the server and by every route. */
    static final List<String> QUEUE_KEYS = List.of("workers", "queue", "discipline", "queueTimeout", "contention", "cancelAbandoned");
    static final List<String> KEYS = concat(List.of("model", "capacity", "burst", "concurrency", "latency", "overloadedRetryAfter", "phases",
            "routes", "degraded", "idempotency", "rateLimit"), QUEUE_KEYS);
    static final List<String> ROUTE_KEYS = concat(List.of("prefix", "capacity", "burst", "concurrency", "latency", "phases", "degraded",
            "rateLimit"), QUEUE_KEYS);
    private static final Map<String, QueueSpec.Discipline> DISCIPLINES = new java.util.LinkedHashMap<>();
    private static final Map<String, Boolean> BOOLEANS = new java.util.LinkedHashMap<>();

    static {
        DISCIPLINES.put("fifo", QueueSpec.Discipline.FIFO);
        DISCIPLINES.put("lifo", QueueSpec.Discipline.LIFO);
        BOOLEANS.put("true", true);
        BOOLEANS.put("false", false);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
    private static final Map<String, ServerSpec.Model> MODELS = Map.of("capacity", ServerSpec.Model.CAPACITY, "occ", ServerSpec.Model.OCC);
    private static final String LATENCY = "{fixed: D}, {uniform: [D, D]}, {exponential: D} or {p50: D, p99: D}, each optionally with perKiB: D";

    private ServerReader() {}

    static ServerSpec read(Fields server, Duration scenarioDuration) {
        ServerSpec.Model model = server.choice("model", ServerSpec.Model.CAPACITY, MODELS);
        Rate capacity = server.rate("capacity", null);
        int burst = server.integer("burst", ServerSpec.defaultBurst(capacity), 0, Integer.MAX_VALUE);
        if (server.has("burst") && !server.has("capacity")) {
            server.notApplicable("burst", "needs server.capacity (the bucket's refill rate); without it capacity is unlimited");
        }
        int concurrency = server.integer("concurrency", 0, 0, Integer.MAX_VALUE);
        QueueSpec queueing = queueing(server, "server.");
        LatencySpec latency = server.has("latency")
                ? latency(server.problems(), server.get("latency"), server.path("latency"))
                : ServerSpec.DEFAULT_LATENCY;
        Duration overloadedRetryAfter = null, overloadedRetryAfterUpTo = null;
        if (server.has("overloadedRetryAfter") && server.get("overloadedRetryAfter") instanceof YamlNode.Mapping) {
            // {uniform: [5s, 30s]}: as a phase's retryAfter range, one draw per answer
            Duration[] range = PhaseReader.retryAfterRange(server.problems(), server.get("overloadedRetryAfter"),
                    server.path("overloadedRetryAfter"), "a duration such as 5s, or a range {uniform: [5s, 30s]} of whole seconds");
            if (range != null) {
                overloadedRetryAfter = range[0];
                overloadedRetryAfterUpTo = range[1];
            }
        } else {
            overloadedRetryAfter = server.duration("overloadedRetryAfter", null);
        }
        Duration retryAfterFrom = overloadedRetryAfter, retryAfterUpTo = overloadedRetryAfterUpTo;
        List<PhaseSpec> phases = server.has("phases")
                ? PhaseReader.read(server.problems(), server.get("phases"), server.path("phases"), scenarioDuration)
                : List.of(PhaseSpec.HEALTHY);
        LatencySpec l = latency == null ? ServerSpec.DEFAULT_LATENCY : latency;
        double degraded = server.probability("degraded", 0);
        List<RouteSpec> routes = server.has("routes") ? routes(server.problems(), server.get("routes"), server.path("routes"), scenarioDuration)
                : List.of();
        if (model == ServerSpec.Model.OCC && !routes.isEmpty()) {
            server.notApplicable("routes", "applies to the capacity model only (server.model is occ)");
        }
        if (model == ServerSpec.Model.OCC) {
            for (String key : QUEUE_KEYS) server.notApplicable(key, "applies to the capacity model only (server.model is occ)");
            server.notApplicable("rateLimit", "applies to the capacity model only (server.model is occ)");
        }
        boolean idempotency = server.choice("idempotency", false, BOOLEANS);
        if (model == ServerSpec.Model.OCC) server.notApplicable("idempotency", "applies to the capacity model only (server.model is occ)");
        RateLimitSpec rateLimit = model == ServerSpec.Model.OCC ? null : rateLimit(server);
        return server.problems().build(server.node(), server.path(),
                () -> new ServerSpec(model, capacity, burst, concurrency, l, retryAfterFrom, phases, routes, degraded,
                        model == ServerSpec.Model.OCC ? QueueSpec.NONE : queueing, idempotency && model != ServerSpec.Model.OCC, null,
                        rateLimit, retryAfterUpTo),
                ServerSpec.HEALTHY);
    }

    /** The server reads idempotency keys from the scenario's {@code idempotencyKey} header (when it names one). */
    static ServerSpec keyHeader(ServerSpec server, String requestKeyHeader) {
        return requestKeyHeader == null ? server : server.withIdempotency(server.idempotency(), requestKeyHeader);
    }

    /** {@code routes: [{prefix: /v1/models/a, capacity: 100/s, phases: [...]}, ...]}; prefixes distinct. */
    private static List<RouteSpec> routes(Problems problems, YamlNode node, String path, Duration scenarioDuration) {
        List<RouteSpec> out = new ArrayList<>();
        if (!(node instanceof YamlNode.Sequence seq)) {
            problems.expected(node, path, "wrong type", "a list of routes, each {prefix: /v1/models/a, capacity: ..., phases: [...]}");
            return out;
        }
        for (int i = 0; i < seq.items().size(); i++) {
            String where = path + "[" + i + "]";
            Fields f = Fields.of(problems, seq.items().get(i), where, ROUTE_KEYS);
            if (!f.require("prefix", "a path prefix starting with /, such as /v1/models/a")) continue;
            String prefix = Scalars.text(problems, f.get("prefix"), f.path("prefix"), "a path prefix starting with /");
            if (prefix != null && !prefix.strip().startsWith("/")) {
                problems.expected(f.get("prefix"), f.path("prefix"), "not a path", "a path prefix starting with /, such as /v1/models/a");
                prefix = null;
            }
            if (prefix != null) {
                String p = prefix.strip();
                if (out.stream().anyMatch(r -> r.prefix().equals(p))) {
                    problems.add(f.get("prefix"), f.path("prefix"), "another route has the same prefix (got " + p + ")");
                    prefix = null;
                }
            }
            Rate capacity = f.rate("capacity", null);
            int burst = f.integer("burst", ServerSpec.defaultBurst(capacity), 0, Integer.MAX_VALUE);
            if (f.has("burst") && !f.has("capacity")) f.notApplicable("burst", "needs capacity (the bucket's refill rate)");
            int concurrency = f.integer("concurrency", 0, 0, Integer.MAX_VALUE);
            QueueSpec queueing = queueing(f, "");
            LatencySpec latency = f.has("latency") ? latency(problems, f.get("latency"), f.path("latency")) : null;
            List<PhaseSpec> phases = f.has("phases") ? PhaseReader.read(problems, f.get("phases"), f.path("phases"), scenarioDuration)
                    : List.of(PhaseSpec.HEALTHY);
            double degraded = f.probability("degraded", 0);
            RateLimitSpec rateLimit = rateLimit(f);
            if (prefix != null) out.add(new RouteSpec(prefix.strip(), capacity, burst, concurrency, latency, phases, degraded, queueing,
                    rateLimit));
        }
        return out;
    }

    /**
     * {@code rateLimit: {perKey: 60/m, window: 1m, keys: 4}} of a server or route, or {@code null} when absent: a key may
     * make {@code perKey × window} requests (a whole number >= 1) in any window.
     */
    static RateLimitSpec rateLimit(Fields parent) {
        if (!parent.has("rateLimit")) return null;
        Fields f = Fields.of(parent.problems(), parent.get("rateLimit"), parent.path("rateLimit"), List.of("perKey", "window", "keys"));
        f.require("perKey", "a rate per API key, such as 60/m (requests per minute)");
        Rate perKey = f.rate("perKey", null);
        Duration window = f.positiveDuration("window", RateLimitSpec.MINUTE);
        int keys = f.integer("keys", 1, 1, 1_000_000);
        if (perKey == null) return null;
        double limit = perKey.perSecond() * window.toNanos() / 1e9;
        long rounded = Math.round(limit);
        if (rounded < 1 || rounded > 100_000_000L || Math.abs(limit - rounded) > 1e-6 * Math.max(1, limit)) {
            parent.problems().add(f.get("perKey"), f.path("perKey"), "perKey × window must be a whole number of requests from 1 to "
                    + "100000000 (got " + java.math.BigDecimal.valueOf(limit).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString()
                    + " requests in " + Durations.format(window) + ")");
            return null;
        }
        return new RateLimitSpec((int) rounded, window, keys);
    }

    /**
     * {@code workers}, {@code queue}, {@code discipline}, {@code queueTimeout}, {@code contention} and
     * {@code cancelAbandoned} of a server or route ({@code f}); {@code prefix} names its sibling keys in messages.
     * A key that cannot act (a queue with no workers, LIFO with no queue, ...) is an error, not silently ignored.
     */
    static QueueSpec queueing(Fields f, String prefix) {
        int workers = f.integer("workers", 0, 1, Integer.MAX_VALUE);
        boolean hasWorkers = f.has("workers");
        int queue = f.integer("queue", hasWorkers ? QueueSpec.UNBOUNDED : 0, 0, Integer.MAX_VALUE);
        QueueSpec.Discipline discipline = f.choice("discipline", QueueSpec.Discipline.FIFO, DISCIPLINES);
        Duration queueTimeout = f.positiveDuration("queueTimeout", null);
        Duration contention = f.duration("contention", Duration.ZERO);
        boolean cancel = f.choice("cancelAbandoned", false, BOOLEANS);
        if (hasWorkers && f.has("concurrency")) {
            f.notApplicable("workers", "give either " + prefix + "workers (requests wait for a worker) or " + prefix
                    + "concurrency (requests above it are shed at once), not both");
        }
        if (!hasWorkers) {
            f.notApplicable("queue", "needs " + prefix + "workers (what the waiting requests wait for)");
            f.notApplicable("discipline", "needs " + prefix + "workers and a queue (nothing waits without them)");
            f.notApplicable("queueTimeout", "needs " + prefix + "workers and a queue (nothing waits without them)");
        } else if (queue == 0) {
            if (discipline == QueueSpec.Discipline.LIFO) f.notApplicable("discipline", "lifo needs a queue (" + prefix + "queue is 0: nothing waits)");
            f.notApplicable("queueTimeout", "needs a queue (" + prefix + "queue is 0: nothing waits)");
        }
        if (cancel && !hasWorkers && contention.isZero() && !f.has("concurrency")) {
            f.notApplicable("cancelAbandoned", "has nothing to cancel: abandoned work only costs other requests with "
                    + prefix + "workers, " + prefix + "concurrency or " + prefix + "contention");
        }
        if (hasWorkers && workers == 0) return QueueSpec.NONE; // invalid, already reported
        return new QueueSpec(hasWorkers ? workers : 0, hasWorkers ? queue : 0, discipline, hasWorkers && queue > 0 ? queueTimeout : null,
                contention, cancel);
    }

    /** {@code 20ms} (fixed), {@code {fixed: 20ms}}, {@code {uniform: [10ms, 30ms]}} or {@code {p50: 30ms, p99: 200ms}}. */
    static LatencySpec latency(Problems problems, YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar) {
            Duration d = Scalars.duration(problems, node, path, Duration.ZERO);
            return d == null ? null : new LatencySpec.Fixed(d);
        }
        if (!(node instanceof YamlNode.Mapping)) {
            problems.expected(node, path, "wrong type", LATENCY);
            return null;
        }
        Fields f = Fields.of(problems, node, path, List.of("fixed", "uniform", "exponential", "p50", "p99", "perKiB"));
        LatencySpec base = baseLatency(problems, node, path, f);
        if (base == null || !f.has("perKiB")) return base;
        Duration perKiB = f.duration("perKiB", null);
        return perKiB == null ? null : new LatencySpec.Sized(base, perKiB);
    }

    /** The distribution of a latency mapping, without its {@code perKiB}. */
    private static LatencySpec baseLatency(Problems problems, YamlNode node, String path, Fields f) {
        boolean fixed = f.has("fixed");
        boolean uniform = f.has("uniform");
        boolean exponential = f.has("exponential");
        boolean lognormal = f.has("p50") || f.has("p99");
        int forms = (fixed ? 1 : 0) + (uniform ? 1 : 0) + (exponential ? 1 : 0) + (lognormal ? 1 : 0);
        if (forms != 1) {
            // with no form but some keys, those keys were unknown and are already reported
            if (forms > 1 || ((YamlNode.Mapping) node).entries().stream().allMatch(e -> e.key().equals("perKiB"))) {
                problems.add(node, path, (forms == 0 ? "no latency given" : "more than one latency form") + " (expected " + LATENCY + ")");
            }
            return null;
        }
        if (fixed) {
            Duration d = f.duration("fixed", null);
            return d == null ? null : new LatencySpec.Fixed(d);
        }
        if (uniform) return uniform(problems, f.get("uniform"), f.path("uniform"));
        if (exponential) {
            Duration d = f.duration("exponential", null);
            return d == null ? null : new LatencySpec.Exponential(d);
        }
        f.require("p50", Scalars.DURATION);
        f.require("p99", Scalars.DURATION);
        Duration p50 = f.duration("p50", null);
        Duration p99 = f.duration("p99", null);
        if (p50 == null || p99 == null) return null;
        if (p99.compareTo(p50) < 0) {
            problems.add(f.get("p99"), f.path("p99"), "must be >= p50 (got " + Durations.format(p99) + " < " + Durations.format(p50) + ")");
            return null;
        }
        return new LatencySpec.LogNormal(p50, p99);
    }

    private static LatencySpec uniform(Problems problems, YamlNode node, String path) {
        if (!(node instanceof YamlNode.Sequence seq) || seq.items().size() != 2) {
            problems.expected(node, path, "wrong type", "[min, max], two durations");
            return null;
        }
        Duration min = Scalars.duration(problems, seq.items().get(0), path + "[0]", Duration.ZERO);
        Duration max = Scalars.duration(problems, seq.items().get(1), path + "[1]", Duration.ZERO);
        if (min == null || max == null) return null;
        if (max.compareTo(min) < 0) {
            problems.add(seq.items().get(1), path + "[1]", "must be >= the minimum (got " + Durations.format(max) + " < " + Durations.format(min) + ")");
            return null;
        }
        return new LatencySpec.Uniform(min, max);
    }
}
