package dev.stampede.sim;

import dev.stampede.lifecycle.Lifecycle;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.RetryPolicy;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ServerSpec;
import dev.stampede.policy.PolicySpec;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.PolicyDef;
import dev.stampede.server.RoutedModel;

import java.util.List;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;

/**
 * Runs one strategy of a scenario in virtual time (docs/simulator.md): the same retry state
 * machine, the same server model and the same {@link RunRecorder} as the live engine, with the wire
 * replaced by a per-message delay ({@code sim.network}) and the clock by an event queue. No sleeping,
 * no sockets: a run takes as long as its events take to process.
 *
 * <p>Deterministic: the run's randomness comes from one {@link SplittableRandom} seeded with the
 * scenario's seed and split, in a fixed order, into the server's, the wire's and the clients' streams.
 * Every strategy of a scenario therefore meets the same server draws and network delays (common random
 * numbers), and the same scenario and seed give the same {@link RunResult}.
 *
 * <p>When the run ends, as in the live engine: at {@code duration} the load stops; no request starts
 * from then on, requests in progress keep retrying for the scenario's {@code gracefulStop}, then those waiting
 * to retry end as {@code unfinished}, and attempts on the wire finish (each within its timeout) without being
 * retried. The herd model's workload is finite: its run ends when the
 * last request finishes, and {@code duration} is only its deadline.
 *
 * <p>Thread-safe: each {@link #run} builds its own state; runs of different strategies may go in parallel.
 */
public final class Simulator {

    private final Scenario scenario;

    /** A simulator of {@code scenario} against the shared overload model ({@code server.RoutedModel}, by path). */
    public Simulator(Scenario scenario) {
        this.scenario = java.util.Objects.requireNonNull(scenario, "scenario");
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
        return run(policy, recorder, Watch.NONE);
    }

    /**
     * Runs {@code policy} into {@code recorder} under {@code watch}: every {@link Watch#EVERY_EVENTS} events the
     * run reports its virtual time and asks whether it was cancelled; a cancelled run stops at once and
     * returns what it measured, marked partial. The scenario's {@code retry.budget} and
     * {@code retry.circuitBreaker} apply.
     */
    public Outcome run(RetryPolicy policy, RunRecorder recorder, Watch watch) {
        return outcome(simulate(List.of(new SimRun.Population(policy, PolicySpec.from(scenario.retry()), 0, recorder,
                scenario.load())), watch));
    }

    /**
     * Runs one report row of the scenario ({@link Scenario#policy}: a named policy with its budget, throttle,
     * breaker, concurrency limit, fallback chain and quality gate, or a bare strategy) into {@code recorder}.
     *
     * @throws IllegalArgumentException when the row's strategy is unknown
     */
    public Outcome run(PolicyDef row, RunRecorder recorder, Watch watch) {
        return outcome(simulate(List.of(population(row, recorder, scenario.load())), watch));
    }

    /**
     * Runs a mixed scenario ({@code population:}) as one run: every population at once against one server, each
     * recorded by its own recorder (named after its policy); the results in the populations' order.
     *
     * @throws IllegalStateException when the scenario has no populations
     */
    public MixedOutcome runMixed(Watch watch) {
        return runMixed(mixedRecorderConfigs(scenario).stream().map(RunRecorder::new).toList(), watch);
    }

    /**
     * As {@link #runMixed(Watch)}, into {@code recorders} (fresh, one per population, in order; see
     * {@link #mixedRecorderConfigs}), so that a progress display can read them while the run goes.
     *
     * @throws IllegalArgumentException when there is not one recorder per population
     */
    public MixedOutcome runMixed(List<RunRecorder> recorders, Watch watch) {
        if (!scenario.isMixed()) throw new IllegalStateException("scenario " + scenario.name() + " has no population:");
        if (recorders.size() != scenario.population().size()) {
            throw new IllegalArgumentException("one recorder per population: expected " + scenario.population().size()
                    + ", got " + recorders.size());
        }
        List<SimRun.Population> pops = new java.util.ArrayList<>();
        for (int i = 0; i < scenario.population().size(); i++) {
            String row = scenario.population().get(i).policy();
            pops.add(population(scenario.policy(row), recorders.get(i), scenario.populationLoad(i)));
        }
        SimRun.Totals t = simulate(pops, watch);
        return new MixedOutcome(t.results(), t.events(), t.attemptsSent(), t.serverReceived(), t.endNanos());
    }

    /** The recorder settings of each population of a mixed scenario: named after its policy, with its share of the rate. */
    public static List<RunRecorder.Config> mixedRecorderConfigs(Scenario scenario) {
        List<RunRecorder.Config> out = new java.util.ArrayList<>();
        for (int i = 0; i < scenario.population().size(); i++) {
            out.add(recorderConfig(scenario.withLoad(scenario.populationLoad(i)), scenario.population().get(i).policy()));
        }
        return out;
    }

    private SimRun.Population population(PolicyDef row, RunRecorder recorder, LoadSpec load) {
        recorder.prices(row.prices());
        return new SimRun.Population(Strategies.forRow(row), PolicySpec.from(row),
                row.fallbackPause().toNanos(), recorder, load, Strategies.templatePolicies(row, scenario.mix()),
                dev.stampede.lifecycle.WorkQueue.Plan.of(row));
    }

    private SimRun.Totals simulate(List<SimRun.Population> pops, Watch watch) {
        SplittableRandom root = new SplittableRandom(scenario.seed());
        RandomGenerator serverRng = root.split();
        RandomGenerator networkRng = root.split();
        RandomGenerator clientRng = root.split();
        RoutedModel server = scenario.server().model() == ServerSpec.Model.OCC ? null
                : new RoutedModel(scenario.server(), serverRng, scenario.seed(), dev.stampede.server.OverloadModel.Host.NONE,
                        scenario.sim().intervalFor(scenario.duration()).toNanos());
        return new SimRun(scenario, pops, server, new NetworkModel(scenario.sim().network(), networkRng), clientRng,
                scenario.duration().toNanos(), watch).run();
    }

    private static Outcome outcome(SimRun.Totals totals) {
        return new Outcome(totals.result(), totals.events(), totals.attemptsSent(), totals.serverReceived(),
                totals.endNanos(), totals.endedAtStop());
    }

    /**
     * A mixed run: one result per population, and the simulator's own counts over all of them.
     *
     * @param results one per population, in the scenario's order; they carry no server view (the server is shared)
     */
    public record MixedOutcome(List<RunResult> results, long events, long attemptsSent, long serverReceived, long endNanos) {}

    /**
     * What a caller (the CLI's progress display, Ctrl-C) sees of a run while it goes.
     *
     * @param cancelled      polled from the simulating thread; true stops the run (its result is partial)
     * @param virtualNanos   told the run's virtual time, from the simulating thread
     * @param trace          told every step of every request's lifecycle, from the simulating thread
     */
    public record Watch(BooleanSupplier cancelled, LongConsumer virtualNanos, Lifecycle.Trace trace) {
        /** Events processed between two looks at the watch. */
        public static final int EVERY_EVENTS = 1 << 14;

        public static final Watch NONE = new Watch(() -> false, t -> {});

        /** A watch that traces nothing. */
        public Watch(BooleanSupplier cancelled, LongConsumer virtualNanos) { this(cancelled, virtualNanos, Lifecycle.Trace.NONE); }
    }

    /**
     * A simulated run with the simulator's own counts.
     *
     * @param events         events processed
     * @param attemptsSent   attempts the clients sent
     * @param serverReceived requests the server model saw (OCC: write calls)
     * @param endNanos       virtual time at which the run ended
     * @param endedAtStop    requests that ended as {@code unfinished} because the graceful stop ended while they waited
     */
    public record Outcome(RunResult result, long events, long attemptsSent, long serverReceived, long endNanos,
                          long endedAtStop) {}

    /** The recorder settings of a simulated run of {@code scenario}. */
    public static RunRecorder.Config recorderConfig(Scenario scenario, String strategy) {
        return RunRecorder.Config.forLoad(strategy, scenario.sim().intervalFor(scenario.duration()).toNanos(), scenario.server().phases(),
                scenario.load(), scenario.duration().toNanos());
    }
}
