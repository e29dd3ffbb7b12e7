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

    public Scenario withStrategies(List<String> s) {
        return new Scenario(name, description, duration, seed, target, request, load, server, retry, s, thresholds, sim, source, sha256);
    }
}
