package dev.stampede.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated scenario (docs/scenario-reference.md): what load to offer, to which target, how the embedded mock
 * misbehaves over time, how clients retry, which strategies to compare and what CI demands.
 *
 * <p>Instances come from {@link ScenarioLoader}, which reports every problem of a file at once;
 * the compact constructors here only guard invariants that no loader output can break.
 *
 * @param name        short identifier, shown in every report
 * @param description free text, may be empty
 * @param duration    how long the load is offered, per strategy
 * @param seed        seed of every random choice; same seed, same choices
 * @param source      where the scenario came from, for reports (may be {@code null} for built-in ones)
 * @param sha256      hex SHA-256 of the source bytes, or empty
 * @param policies    named policies ({@code policies:}), in file order; {@code strategies:} and {@code population:}
 *                    may name them as well as bare strategies
 * @param population  a mixed run ({@code population:}): every population's clients at once against one server,
 *                    each its own row; empty for the usual one-row-per-strategy runs
 * @param gracefulStop after {@code duration} no request starts, but requests in progress keep retrying and falling
 *                    back for up to this long; those still in progress then end as {@code unfinished}; >= 0
 * @param client      the client's connection limit, HTTP version and TLS trust ({@code client:}); {@link ClientSpec#DEFAULT} when absent
 * @param mix         what is sent: the request templates ({@code request:} is a mix of one) and their data file;
 *                    {@code request} is its first template's request
 */
public record Scenario(
        String name,
        String description,
        Duration duration,
        long seed,
        Target target,
        RequestSpec request,
        LoadSpec load,
        ServerSpec server,
        RetrySpec retry,
        List<String> strategies,
        List<ThresholdSpec> thresholds,
        SimSpec sim,
        Path source,
        String sha256,
        Map<String, PolicyDef> policies,
        List<PopulationSpec> population,
        Duration gracefulStop,
        ClientSpec client,
        RequestMix mix) {

    /** Strategies compared when a scenario names none. */
    public static final List<String> DEFAULT_STRATEGIES = List.of("none", "equal", "decorrelated", "full");

    /**
     * How long requests still in progress at the end of {@code duration} may keep retrying and falling back when the
     * file sets no {@code gracefulStop} (k6's default); {@code 0s} cuts them at once.
     */
    public static final Duration DEFAULT_GRACEFUL_STOP = Duration.ofSeconds(30);

    public Scenario {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(retry, "retry");
        strategies = strategies == null || strategies.isEmpty() ? DEFAULT_STRATEGIES : List.copyOf(strategies);
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        sim = sim == null ? SimSpec.DEFAULT : sim;
        sha256 = sha256 == null ? "" : sha256;
        policies = policies == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(policies));
        population = population == null ? List.of() : List.copyOf(population);
        gracefulStop = gracefulStop == null ? DEFAULT_GRACEFUL_STOP : gracefulStop;
        if (gracefulStop.isNegative()) throw new IllegalArgumentException("gracefulStop must be >= 0, got " + gracefulStop);
        client = client == null ? ClientSpec.DEFAULT : client;
        mix = mix == null ? RequestMix.single(request) : mix;
    }

    /** A scenario with the default client settings ({@link ClientSpec#DEFAULT}) that sends {@code request} alone (no mix, no data). */
    public Scenario(String name, String description, Duration duration, long seed, Target target, RequestSpec request,
                    LoadSpec load, ServerSpec server, RetrySpec retry, List<String> strategies,
                    List<ThresholdSpec> thresholds, SimSpec sim, Path source, String sha256,
                    Map<String, PolicyDef> policies, List<PopulationSpec> population, Duration gracefulStop) {
        this(name, description, duration, seed, target, request, load, server, retry, strategies, thresholds, sim, source,
                sha256, policies, population, gracefulStop, ClientSpec.DEFAULT, null);
    }

    /** This scenario with other client settings. */
    public Scenario withClient(ClientSpec c) {
        return new Scenario(name, description, duration, seed, target, request, load, server, retry, strategies, thresholds,
                sim, source, sha256, policies, population, gracefulStop, c, mix);
    }

    /** A scenario with the default graceful stop ({@link #DEFAULT_GRACEFUL_STOP}). */
    public Scenario(String name, String description, Duration duration, long seed, Target target, RequestSpec request,
                    LoadSpec load, ServerSpec server, RetrySpec retry, List<String> strategies,
                    List<ThresholdSpec> thresholds, SimSpec sim, Path source, String sha256,
                    Map<String, PolicyDef> policies, List<PopulationSpec> population) {
        this(name, description, duration, seed, target, request, load, server, retry, strategies, thresholds, sim, source,
                sha256, policies, population, DEFAULT_GRACEFUL_STOP);
    }

    /** A scenario without named policies or populations (the shape before they existed). */
    public Scenario(String name, String description, Duration duration, long seed, Target target, RequestSpec request,
                    LoadSpec load, ServerSpec server, RetrySpec retry, List<String> strategies,
                    List<ThresholdSpec> thresholds, SimSpec sim, Path source, String sha256) {
        this(name, description, duration, seed, target, request, load, server, retry, strategies, thresholds, sim, source,
                sha256, Map.of(), List.of(), DEFAULT_GRACEFUL_STOP);
    }

    /**
     * The policy of a report row: a named policy from {@code policies:}, else the bare strategy {@code row} with
     * the scenario's {@code retry:} block ({@link PolicyDef#bare}). The caller checks the strategy name exists.
     */
    public PolicyDef policy(String row) {
        PolicyDef named = policies.get(row);
        return named != null ? named : PolicyDef.bare(row, retry);
    }

    /** True when this scenario is one mixed run of several populations. */
    public boolean isMixed() {
        return !population.isEmpty();
    }

    /** The report rows, in order: the populations' policies of a mixed run, else {@code strategies}. */
    public List<String> rows() {
        return isMixed() ? population.stream().map(PopulationSpec::policy).toList() : strategies;
    }

    /**
     * The load of one population: open-model rates (every stage) and {@code maxInFlight} times its share;
     * closed and herd clients split by share with the largest-remainder rule, so that the populations' clients
     * add up to the total (each population at least one client).
     *
     * @throws IllegalArgumentException when {@code index} is out of range, or there are fewer clients than populations
     */
    public LoadSpec populationLoad(int index) {
        if (index < 0 || index >= population.size()) {
            throw new IllegalArgumentException("population index must be in 0.." + (population.size() - 1) + ", got " + index);
        }
        double share = population.get(index).share();
        return switch (load) {
            case LoadSpec.Open o -> o.with(
                    o.stages().stream().map(s -> new LoadSpec.Stage(s.duration(), new Rate(s.rate().perSecond() * share))).toList(),
                    Math.max(1, (int) Math.round(o.maxInFlight() * share)));
            case LoadSpec.Closed c -> new LoadSpec.Closed(clientsOfPopulation(c.clients(), index), c.think());
            case LoadSpec.Herd h -> new LoadSpec.Herd(clientsOfPopulation(h.clients(), index), h.requests());
        };
    }

    private int clientsOfPopulation(int clients, int index) {
        int n = population.size();
        if (clients < n) throw new IllegalArgumentException("cannot split " + clients + " clients into " + n + " populations");
        // every population gets one client, the rest is shared out by share, largest remainder first
        int rest = clients - n;
        int[] whole = new int[n];
        double[] remainder = new double[n];
        int given = 0;
        for (int i = 0; i < n; i++) {
            double exact = rest * population.get(i).share();
            whole[i] = (int) Math.floor(exact);
            remainder[i] = exact - whole[i];
            given += whole[i];
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> remainder[a] != remainder[b] ? Double.compare(remainder[b], remainder[a]) : Integer.compare(a, b));
        for (int k = 0; given < rest; k = (k + 1) % n, given++) whole[order[k]]++;
        return whole[index] + 1;
    }

    public Scenario withDuration(Duration d) {
        return new Scenario(name, description, d, seed, target, request, load, server, retry, strategies, thresholds, sim, source, sha256, policies, population, gracefulStop, client, mix);
    }

    /** This scenario with another grace for requests in progress at the end of {@code duration}. */
    public Scenario withGracefulStop(Duration g) {
        return new Scenario(name, description, duration, seed, target, request, load, server, retry, strategies, thresholds, sim, source, sha256, policies, population, g, client, mix);
    }

    public Scenario withSeed(long s) {
        return new Scenario(name, description, duration, s, target, request, load, server, retry, strategies, thresholds, sim, source, sha256, policies, population, gracefulStop, client, mix);
    }

    public Scenario withTarget(Target t) {
        return new Scenario(name, description, duration, seed, t, request, load, server, retry, strategies, thresholds, sim, source, sha256, policies, population, gracefulStop, client, mix);
    }

    public Scenario withLoad(LoadSpec l) {
        return new Scenario(name, description, duration, seed, target, request, l, server, retry, strategies, thresholds, sim, source, sha256, policies, population, gracefulStop, client, mix);
    }

    /**
     * Shard {@code index} of {@code count} (1-based), for running one scenario on several machines and
     * merging the results (docs/reports.md). Each shard offers 1/count of the load: open-model rates are
     * divided by {@code count} (and {@code maxInFlight} split like clients); closed and herd clients are
     * split exactly, the remainder going to the first shards, so the shards' clients add up to the total.
     * Evenly paced open shards interleave ({@link LoadSpec.Open#shardIndex}). The seed becomes a deterministic
     * mix of the seed and {@code index}, so shards make different random choices and the same shard always makes
     * the same ones.
     *
     * <p>For the embedded target, each shard starts its own mock, so the mock is scaled too (capacity,
     * burst and concurrency divided by {@code count}, at least 1 where limited): each shard is then a
     * 1/count replica of the whole run instead of a light load on a full-size server. A URL target is one
     * shared server and is left as it is. {@code shard(1, 1)} is this scenario.
     *
     * <p>An embedded server with a queue model (workers, a waiting room, contention or {@code cancelAbandoned}, on the
     * server or any route) is refused: N small queues are not one big one (a request waits in its own shard's queue
     * while another shard's workers sit idle, and contention grows with each shard's own concurrency), so the merged
     * result would not describe the scenario. One {@code stampede mock} and a URL target serve every shard instead.
     *
     * @throws IllegalArgumentException when {@code index} is not in [1, count], there are fewer clients than shards, or
     *                                  the embedded server has a queue model
     */
    public Scenario shard(int index, int count) {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard must be I/N with 1 <= I <= N, got " + index + "/" + count);
        }
        if (count == 1) return this;
        if (target instanceof Target.Embedded && hasQueueModel(server)) {
            throw new IllegalArgumentException("cannot shard the embedded server of this scenario: it has workers, a queue, "
                    + "contention or cancelAbandoned, and N small queues are not one big one. Serve it once with "
                    + "'stampede mock " + (source == null ? "SCENARIO.yaml" : source) + " --port 8529' and run every shard "
                    + "against it with '--target http://HOST:8529' (docs/reports.md, sharding)");
        }
        if (target instanceof Target.Embedded
                && (server.rateLimit() != null || server.routes().stream().anyMatch(r -> r.rateLimit() != null))) {
            throw new IllegalArgumentException("cannot shard the embedded server of this scenario: it has a per-key rate limit, "
                    + "and N mocks would each grant every key its whole limit. Serve it once with 'stampede mock "
                    + (source == null ? "SCENARIO.yaml" : source) + " --port 8529' and run every shard against it with "
                    + "'--target http://HOST:8529' (docs/reports.md, sharding)");
        }
        LoadSpec l = switch (load) {
            case LoadSpec.Open o -> o.with(
                    o.stages().stream().map(s -> new LoadSpec.Stage(s.duration(), new Rate(s.rate().perSecond() / count))).toList(),
                    Math.max(1, splitEvenly(o.maxInFlight(), index, count))).withShard(index - 1, count);
            case LoadSpec.Closed c -> new LoadSpec.Closed(clientsOfShard(c.clients(), index, count), c.think());
            case LoadSpec.Herd h -> new LoadSpec.Herd(clientsOfShard(h.clients(), index, count), h.requests());
        };
        ServerSpec sv = target instanceof Target.Embedded ? new ServerSpec(server.model(),
                server.capacity() == null ? null : new Rate(server.capacity().perSecond() / count),
                server.capacity() == null ? server.burst() : Math.max(1, ceilDiv(server.burst(), count)),
                server.concurrency() == 0 ? 0 : Math.max(1, ceilDiv(server.concurrency(), count)),
                server.latency(), server.overloadedRetryAfter(), server.phases(),
                server.routes().stream().map(r -> new RouteSpec(r.prefix(),
                        r.capacity() == null ? null : new Rate(r.capacity().perSecond() / count),
                        r.capacity() == null ? r.burst() : Math.max(1, ceilDiv(r.burst(), count)),
                        r.concurrency() == 0 ? 0 : Math.max(1, ceilDiv(r.concurrency(), count)),
                        r.latency(), r.phases(), r.degraded(), r.queueing())).toList(),
                server.degraded(), server.queueing()).withIdempotencyOf(server).withRetryAfterOf(server) : server;
        return new Scenario(name, description, duration, shardSeed(seed, index), target, request, l, sv, retry, strategies,
                thresholds, sim, source, sha256, policies, population, gracefulStop, client.shard(index, count), mix);
    }

    /** SplitMix64's finaliser over the seed and the shard index: well mixed, and stable across versions. */
    static long shardSeed(long seed, int index) {
        long z = seed + index * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int clientsOfShard(int clients, int index, int count) {
        if (clients < count) {
            throw new IllegalArgumentException("cannot split " + clients + " clients into " + count + " shards (need at least one each)");
        }
        return splitEvenly(clients, index, count);
    }

    /** {@code total / count}, plus one for the first {@code total % count} shards. */
    private static int splitEvenly(int total, int index, int count) {
        return total / count + (index <= total % count ? 1 : 0);
    }

    /** Whether the server or any of its routes runs the queue model (workers, waiting room, contention, cancelAbandoned). */
    private static boolean hasQueueModel(ServerSpec server) {
        return server.queueing().active() || server.routes().stream().anyMatch(r -> r.queueing().active());
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** This scenario with other populations ({@code List.of()}: one run per strategy again). */
    public Scenario withPopulation(List<PopulationSpec> p) {
        return new Scenario(name, description, duration, seed, target, request, load, server, retry, strategies, thresholds,
                sim, source, sha256, policies, p, gracefulStop, client, mix);
    }

    public Scenario withStrategies(List<String> s) {
        return new Scenario(name, description, duration, seed, target, request, load, server, retry, s, thresholds, sim, source, sha256, policies, population, gracefulStop, client, mix);
    }
}
