package dev.stampede.cli;

import dev.stampede.run.Engine;
import dev.stampede.run.RowSlot;
import dev.stampede.run.Started;
import dev.stampede.exposition.MetricsEndpoint;
import dev.stampede.exposition.RunMetrics;
import dev.stampede.load.EngineClock;
import dev.stampede.load.LiveEngine;
import dev.stampede.load.MockServers;
import dev.stampede.load.OpenFilesLimit;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

@Command(name = RunCommand.NAME, mixinStandardHelpOptions = true,
        description = RunCommand.DESCRIPTION)
public final class RunCommand implements Callable<Integer> {

    /** Its name and description, also read by the root's help without loading this class ({@link StampedeCommand}). */
    static final String NAME = "run";
    static final String DESCRIPTION = "Run the scenario once per strategy against a fresh embedded mock (or the target) and compare.";

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "Scenario YAML file.")
    Path scenario;

    @Mixin
    RunOptions options;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--start-at", paramLabel = "TIME",
            description = "Prepare (warm-up), then start the first strategy at TIME (RFC 3339 such as 2026-12-01T23:00:00Z, or "
                    + "epoch milliseconds) and each next one a fixed slot later; shards given the same TIME add up exactly.")
    String startAt;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--sweep", paramLabel = "KEY=...", description = "Not supported live (refused with the reason): sweep with 'stampede sim --sweep'.")
    String sweep;

    @picocli.CommandLine.Option(names = "--repeat", paramLabel = "N", defaultValue = "1", description = "Run every row N "
            + "times, one after another (seeds seed, seed+1, ...), and report each figure as mean and 95 %% interval.")
    int repeat;

    @Override
    public Integer call() throws ScenarioException, IOException {
        options.startAt = startAt;
        LiveEngine live = new LiveEngine(EngineClock.SYSTEM, InstantSource.system(), MockServers::start, LiveEngine.Settings.DEFAULT);
        if (sweep != null) {
            throw new UserException("run --sweep is not supported: a live sweep costs the scenario's duration per point, "
                    + "row and repeat; sweep in 'stampede sim', then check chosen points live with 'run --repeat N'");
        }
        if (repeat != 1) {
            if (metrics.address != null) {
                throw new UserException("--metrics with --repeat: repeats of one row would share its series; "
                        + "scrape single runs, or read the repeats' figures from --json");
            }
            Engine engine = engine(live, null, startAt != null);
            return ExperimentRun.execute(engine, (s, row, cancelled) -> engine.run(s, row, cancelled, (name, nanos, snapshots) -> { }),
                    1, spec.commandLine(), scenario, options, null, repeat);
        }
        MetricsEndpoint endpoint = metrics.open(spec.commandLine().getErr()); // binds before any load, or exit 2
        try {
            int code = ScenarioRunSupport.executeCommand(engine(live, MetricsOptions.runMetrics(endpoint), startAt != null), spec.commandLine(),
                    scenario, options);
            metrics.linger(endpoint, spec.commandLine().getErr());
            return code;
        } finally {
            if (endpoint != null) endpoint.close();
        }
    }

    /** The live engine behind the shared flow, without a metrics endpoint. */
    static Engine engine(LiveEngine live) {
        return engine(live, null, false);
    }

    /**
     * The live engine behind the shared flow: a warm-up before the first strategy, then each strategy's policy from
     * {@code retry.Strategies}, fresh per run; each run's recorders are handed to {@code exported} (null: none).
     *
     * @param aligned true when the run has {@code --start-at}: the warm-up is then {@link LiveEngine#warmUpPlan}'s
     *                aligned one (the whole scenario's rate, with 529s and retries)
     */
    static Engine engine(LiveEngine live, RunMetrics exported, boolean aligned) {
        return new Engine() {
            private boolean warmedUp;

            @Override public String mode() { return "live"; }

            @Override public Optional<String> preflight(Scenario s) {
                return LiveEngine.resourceProblem(s, OpenFilesLimit.limit());
            }

            @Override public void prepare(Scenario s, BooleanSupplier cancelled) {
                if (!warmedUp) {
                    warmedUp = true;
                    live.warmUp(s, aligned, cancelled);
                }
            }

            @Override public RowSlot slot(Scenario s) {
                long[] end = live.endNanos(s);
                // the forced stop, plus a second for the mock's start and stop and the row's results
                return new RowSlot(Duration.ofNanos(live.warmUpNanos(s)), s.duration(), Duration.ofNanos(end[0]),
                        Duration.ofNanos(end[1]).plusSeconds(1));
            }

            @Override public RunResult run(Scenario s, String strategy, BooleanSupplier cancelled,
                                           Started progress) {
                prepare(s, cancelled);  // RunLoop prepared already; a direct caller gets the warm-up here
                // a named policy (budget, breaker, fallback chain, gate, limit) or a bare strategy with the retry block
                return live.run(s, s.policy(strategy), new LiveEngine.Hooks(cancelled, progress::started, dev.stampede.lifecycle.Lifecycle.Trace.NONE, exportTo(s)));
            }

            @Override public List<RunResult> runMixed(Scenario s, BooleanSupplier cancelled, Started progress) {
                prepare(s, cancelled);
                return live.runMixed(s, new LiveEngine.Hooks(cancelled, progress::started, dev.stampede.lifecycle.Lifecycle.Trace.NONE, exportTo(s)));
            }

            private Consumer<List<RunRecorder>> exportTo(Scenario s) {
                return recorders -> {
                    if (exported != null) exported.started(s.name(), recorders);
                };
            }
        };
    }
}
