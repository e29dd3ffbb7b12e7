package dev.stampede.cli;

import dev.stampede.run.Engine;
import dev.stampede.run.RowSlot;
import dev.stampede.run.Started;
import dev.stampede.load.EngineClock;
import dev.stampede.load.LiveEngine;
import dev.stampede.load.MockServers;
import dev.stampede.load.OpenFilesLimit;
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

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the scenario once per strategy against a fresh embedded mock (or the target) and compare.")
public final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "Scenario YAML file.")
    Path scenario;

    @Mixin
    RunOptions options;

    @Option(names = "--start-at", paramLabel = "TIME",
            description = "Prepare (warm-up), then start the first strategy at TIME (RFC 3339 such as 2026-12-01T23:00:00Z, or "
                    + "epoch milliseconds) and each next one a fixed slot later; shards given the same TIME add up exactly.")
    String startAt;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ScenarioException, IOException {
        options.startAt = startAt;
        LiveEngine live = new LiveEngine(EngineClock.SYSTEM, InstantSource.system(), MockServers::start, LiveEngine.Settings.DEFAULT);
        return ScenarioRunSupport.executeCommand(engine(live), spec.commandLine(), scenario, options);
    }

    /** The live engine behind the shared flow: a warm-up before the first strategy, then each strategy's policy from {@code retry.Strategies}, fresh per run. */
    static Engine engine(LiveEngine live) {
        return new Engine() {
            private boolean warmedUp;

            @Override public String mode() { return "live"; }

            @Override public Optional<String> preflight(Scenario s) {
                return LiveEngine.resourceProblem(s, OpenFilesLimit.limit());
            }

            @Override public void prepare(Scenario s, BooleanSupplier cancelled) {
                if (!warmedUp) {
                    warmedUp = true;
                    live.warmUp(s, cancelled);
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
                return live.run(s, s.policy(strategy), new LiveEngine.Hooks(cancelled, progress::started));
            }

            @Override public List<RunResult> runMixed(Scenario s, BooleanSupplier cancelled, Started progress) {
                prepare(s, cancelled);
                return live.runMixed(s, new LiveEngine.Hooks(cancelled, progress::started));
            }
        };
    }
}
