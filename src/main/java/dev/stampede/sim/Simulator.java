package dev.stampede.sim;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.RetryPolicy;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ServerSpec;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;

/**
 * Runs one strategy of a scenario in virtual time (DESIGN.md §1, §2 {@code sim}): the same retry state
 * machine, the same server model and the same {@link RunRecorder} as the live engine, with the wire
 * replaced by a per-message delay ({@code sim.network}) and the clock by an event queue. No sleeping,
 * no sockets: a run takes as long as its events take to process.
 *
 * <p>Deterministic: the run's randomness comes from one {@link SplittableRandom} seeded with the
 * scenario's seed and split, in a fixed order, into the server's, the wire's and the clients' streams.
 * Every strategy of a scenario therefore meets the same server draws and network delays (common random
 * numbers), and the same scenario and seed give the same {@link RunResult}.
 *
 * <p>When the run ends: open and closed models offer load for {@code duration}, then let requests in
 * flight finish for at most {@link #DRAIN}; whatever still runs then ends as {@code deadline}. The herd
 * model's workload is finite: the run ends when its last request finishes, and {@code duration} is its
 * deadline.
 *
 * <p>Thread-safe: each {@link #run} builds its own state; runs of different strategies may go in parallel.
 */
public final class Simulator {

    /** How long open and closed runs let requests in flight finish after the load stops. */
    public static final Duration DRAIN = Duration.ofSeconds(60);

    private final Scenario scenario;
    private final BiFunction<ServerSpec, RandomGenerator, ServerModel> serverModels;

    /** A simulator of {@code scenario} against the shared overload model ({@code server.OverloadModel}). */
    public Simulator(Scenario scenario) {
        this(scenario, Simulator::overloadModel);
    }

    Simulator(Scenario scenario, BiFunction<ServerSpec, RandomGenerator, ServerModel> serverModels) {
        this.scenario = java.util.Objects.requireNonNull(scenario, "scenario");
        this.serverModels = serverModels;
    }

    private static ServerModel overloadModel(ServerSpec spec, RandomGenerator rng) {
        throw new UnsupportedOperationException("sim: waiting for server.OverloadModel");
    }

    /** Runs {@code policy} (its {@code name()} is the row name) and returns the measured run. */
    public RunResult run(RetryPolicy policy) {
        return run(policy, new RunRecorder(recorderConfig(scenario, policy.name()))).result();
    }

    /**
     * Runs {@code policy} into {@code recorder}, which must be fresh; returns the result with the
     * simulator's own counts (events processed, attempts, server arrivals) for benchmarks and self-checks.
     */
    public Outcome run(RetryPolicy policy, RunRecorder recorder) {
        SplittableRandom root = new SplittableRandom(scenario.seed());
        RandomGenerator serverRng = root.split();
        RandomGenerator networkRng = root.split();
        RandomGenerator clientRng = root.split();
        ServerModel server = scenario.server().model() == ServerSpec.Model.OCC ? null
                : serverModels.apply(scenario.server(), serverRng);
        long limit = switch (scenario.load()) {
            case LoadSpec.Herd h -> scenario.duration().toNanos();
            default -> Math.addExact(scenario.duration().toNanos(), DRAIN.toNanos());
        };
        SimRun.Totals totals = new SimRun(scenario, policy, recorder, server,
                new NetworkModel(scenario.sim().network(), networkRng), clientRng, limit).run();
        return new Outcome(totals.result(), totals.events(), totals.attemptsSent(), totals.serverReceived(),
                totals.endNanos(), totals.cutAtLimit());
    }

    /**
     * A simulated run with the simulator's own counts.
     *
     * @param events         events processed
     * @param attemptsSent   attempts the clients sent
     * @param serverReceived requests the server model saw (OCC: write calls)
     * @param endNanos       virtual time at which the run ended
     * @param cutAtLimit     requests were still running at the drain limit (or the herd's deadline) and ended as {@code deadline}
     */
    public record Outcome(RunResult result, long events, long attemptsSent, long serverReceived, long endNanos,
                          boolean cutAtLimit) {}

    /** The recorder settings of a simulated run of {@code scenario}. */
    public static RunRecorder.Config recorderConfig(Scenario scenario, String strategy) {
        double rate = scenario.load() instanceof LoadSpec.Open open
                ? OpenSchedule.meanRatePerSecond(open, scenario.duration().toNanos()) : 0;
        return new RunRecorder.Config(strategy, scenario.sim().interval().toNanos(), scenario.server().phases(),
                scenario.load() instanceof LoadSpec.Closed, rate);
    }
}
