package dev.stampede.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A validated scenario (DESIGN.md §3): what load to offer, to which target, how the embedded mock
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
        String sha256) {

    /** Strategies compared when a scenario names none. */
    public static final List<String> DEFAULT_STRATEGIES = List.of("none", "equal", "decorrelated", "full");

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
    }

    public Scenario withDuration(Duration d) {
        return new Scenario(name, description, d, seed, target, request, load, server, retry, strategies, thresholds, sim, source, sha256);
    }

    public Scenario withSeed(long s) {
        return new Scenario(name, description, duration, s, target, request, load, server, retry, strategies, thresholds, sim, source, sha256);
    }

    public Scenario withTarget(Target t) {
        return new Scenario(name, description, duration, seed, t, request, load, server, retry, strategies, thresholds, sim, source, sha256);
    }

    public Scenario withLoad(LoadSpec l) {
        return new Scenario(name, description, duration, seed, target, request, l, server, retry, strategies, thresholds, sim, source, sha256);
    }

    /**
     * Shard {@code index} of {@code count} (1-based), for running one scenario on several machines and
     * merging the results (DESIGN.md §6). Each shard offers 1/count of the load: open-model rates are
     * divided by {@code count} (and {@code maxInFlight} split like clients); closed and herd clients are
     * split exactly, the remainder going to the first shards, so the shards' clients add up to the total.
     * The seed becomes a deterministic mix of the seed and {@code index}, so shards make different random
     * choices and the same shard always makes the same ones.
     *
     * <p>For the embedded target, each shard starts its own mock, so the mock is scaled too (capacity,
     * burst and concurrency divided by {@code count}, at least 1 where limited): each shard is then a
     * 1/count replica of the whole run instead of a light load on a full-size server. A URL target is one
     * shared server and is left as it is. {@code shard(1, 1)} is this scenario.
     *
     * @throws IllegalArgumentException when {@code index} is not in [1, count], or there are fewer clients than shards
     */
    public Scenario shard(int index, int count) {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard must be I/N with 1 <= I <= N, got " + index + "/" + count);
        }
        if (count == 1) return this;
        LoadSpec l = switch (load) {
            case LoadSpec.Open o -> new LoadSpec.Open(
                    o.stages().stream().map(s -> new LoadSpec.Stage(s.duration(), new Rate(s.rate().perSecond() / count))).toList(),
                    Math.max(1, splitEvenly(o.maxInFlight(), index, count)));
            case LoadSpec.Closed c -> new LoadSpec.Closed(clientsOfShard(c.clients(), index, count), c.think());
            case LoadSpec.Herd h -> new LoadSpec.Herd(clientsOfShard(h.clients(), index, count), h.requests());
        };
        ServerSpec sv = target instanceof Target.Embedded ? new ServerSpec(server.model(),
                server.capacity() == null ? null : new Rate(server.capacity().perSecond() / count),
                server.capacity() == null ? server.burst() : Math.max(1, ceilDiv(server.burst(), count)),
                server.concurrency() == 0 ? 0 : Math.max(1, ceilDiv(server.concurrency(), count)),
                server.latency(), server.overloadedRetryAfter(), server.phases()) : server;
        return new Scenario(name, description, duration, shardSeed(seed, index), target, request, l, sv, retry, strategies,
                thresholds, sim, source, sha256);
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

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    public Scenario withStrategies(List<String> s) {
        return new Scenario(name, description, duration, seed, target, request, load, server, retry, s, thresholds, sim, source, sha256);
    }
}
