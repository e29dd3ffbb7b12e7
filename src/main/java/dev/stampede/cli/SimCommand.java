package dev.stampede.cli;

import dev.stampede.run.Engine;
import dev.stampede.run.Started;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioException;
import dev.stampede.scenario.Target;
import dev.stampede.sim.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * {@code stampede sim SCENARIO}: the shared run flow ({@link ScenarioRunSupport}: options, shards,
 * report, files, thresholds, Ctrl-C) with the {@link Simulator} as its engine. Unless {@code --quiet},
 * one line per strategy on stderr gives the events processed and the wall time
 * ({@code scripts/bench/sim-scale.sh} reads it).
 */
@Command(name = SimCommand.NAME, mixinStandardHelpOptions = true, description = SimCommand.DESCRIPTION)
public final class SimCommand implements Callable<Integer> {

    /** Its name and description, also read by the root's help without loading this class ({@link StampedeCommand}). */
    static final String NAME = "sim";
    static final String DESCRIPTION = "Run the scenario in virtual time (no network, no sleeping); scales to millions of clients.";

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "Scenario YAML file.")
    Path scenario;

    @Mixin
    RunOptions options;

    /** Refused: a Prometheus scrape every few seconds of wall time means nothing in virtual time (docs/reports.md). */
    @Option(names = "--metrics", hidden = true, paramLabel = "ADDR")
    String metrics;

    @Spec
    CommandSpec spec;

    @Option(names = "--sweep", paramLabel = "KEY=FROM..TO:STEP", description = "Run every row at each value of a numeric "
            + "scenario key, in this process: KEY=FROM..TO:STEP or KEY=a,b,c (e.g. load.clients=10..190:10).")
    String sweep;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1", description = "Run every row N times (seeds seed, "
            + "seed+1, ...) in parallel and report each figure as mean and 95 %% interval.")
    int repeat;

    @Override
    public Integer call() throws ScenarioException, IOException {
        if (metrics != null) {
            throw new UserException("--metrics: sim runs in virtual time, far faster than any scrape interval; use "
                    + "'stampede run --metrics' for live figures, or --csv/--json for the simulated per-interval timeline");
        }
        if (sweep != null || repeat != 1) {
            return ExperimentRun.execute(engine(null), SimCommand::runRow, dev.stampede.experiment.Repeats.defaultThreads(),
                    spec.commandLine(), scenario, options, sweep, repeat);
        }
        return ScenarioRunSupport.executeCommand(engine(options.quiet ? null : spec.commandLine().getErr(),
                        options.json != null || options.hgrm != null),
                spec.commandLine(), scenario, options);
    }

    /**
     * One row once, for repeats and sweeps: thread-safe (a fresh simulator and recorder), figures only. Nothing reads
     * the recorder while the run is on, so it is the single-threaded kind (plain histograms).
     */
    static RunResult runRow(Scenario s, String row, BooleanSupplier cancelled) {
        return new Simulator(s).run(s.policy(row), RunRecorder.singleThreaded(Simulator.recorderConfig(s, row).withoutIntervalHistograms()),
                new Simulator.Watch(cancelled, t -> { })).result();
    }

    /**
     * The simulator behind the shared flow: each row's policy ({@code Scenario.policy}), fresh per run; a mixed scenario as one run.
     *
     * @param stats where to print each run's event count and wall time, or {@code null} for nowhere
     */
    static Engine engine(PrintWriter stats) {
        return engine(stats, true);
    }

    /**
     * As {@link #engine(PrintWriter)}; {@code intervalHistograms} keeps one latency histogram per simulated second
     * (only {@code --json} and {@code --hgrm} write them). Without them a run's memory and time no longer grow with its
     * length through the histograms: closing a second costs a pass over every bucket, and a 16 h run has 57,600 seconds
     * (docs/simulator.md, "Long runs").
     */
    static Engine engine(PrintWriter stats, boolean intervalHistograms) {
        return new Engine() {
            @Override public String mode() { return "sim"; }

            @Override public Optional<String> preflight(Scenario s) {
                if (s.target() instanceof Target.Url url) {
                    return Optional.of("sim runs the scenario's embedded server model in virtual time and cannot send to "
                            + ScenarioRunSupport.displayTarget(url) + "; drop --target (or the scenario's target), or use 'stampede run'");
                }
                return Optional.empty();
            }

            @Override public RunResult run(Scenario s, String strategy, BooleanSupplier cancelled,
                                           Started progress) {
                RunRecorder.Config config = Simulator.recorderConfig(s, strategy);
                RunRecorder recorder = new RunRecorder(intervalHistograms ? config : config.withoutIntervalHistograms());
                AtomicLong virtualNanos = new AtomicLong();
                progress.started(strategy, s.duration().toNanos(), () -> recorder.snapshot(virtualNanos.get()));
                long t0 = System.nanoTime();
                // a named policy (budget, breaker, fallback chain, gate, limit) or a bare strategy with the retry block
                Simulator.Outcome o = new Simulator(s).run(s.policy(strategy), recorder,
                        new Simulator.Watch(cancelled, virtualNanos::set));
                long wallNanos = System.nanoTime() - t0;
                virtualNanos.set(o.endNanos());
                if (stats != null) {
                    stats.printf(Locale.ROOT, "sim: %s: events=%d attempts=%d virtual=%.1fs wall=%.2fs (%.2f M events/s)%n",
                            strategy, o.events(), o.attemptsSent(), o.endNanos() / 1e9, wallNanos / 1e9,
                            o.events() / Math.max(1.0, wallNanos / 1e3));
                    stats.flush();
                }
                return o.result();
            }

            @Override public List<RunResult> runMixed(Scenario s, BooleanSupplier cancelled, Started progress) {
                String name = String.join("+", s.rows());
                AtomicLong virtualNanos = new AtomicLong();
                List<RunRecorder> recorders = Simulator.mixedRecorderConfigs(s).stream().map(RunRecorder::new).toList();
                progress.started(name, s.duration().toNanos(), () -> RunRecorder.Snapshot.sum(
                        recorders.stream().map(r -> r.snapshot(virtualNanos.get())).toList()));
                long t0 = System.nanoTime();
                Simulator.MixedOutcome o = new Simulator(s).runMixed(recorders, new Simulator.Watch(cancelled, virtualNanos::set));
                long wallNanos = System.nanoTime() - t0;
                virtualNanos.set(o.endNanos());
                if (stats != null) {
                    stats.printf(Locale.ROOT, "sim: %s: events=%d attempts=%d virtual=%.1fs wall=%.2fs (%.2f M events/s)%n",
                            name, o.events(), o.attemptsSent(), o.endNanos() / 1e9, wallNanos / 1e9,
                            o.events() / Math.max(1.0, wallNanos / 1e3));
                    stats.flush();
                }
                if (o.attemptsSent() != o.serverReceived()) {
                    throw new IllegalStateException("self-check failed: the populations sent " + o.attemptsSent()
                            + " attempts, the server model received " + o.serverReceived() + " (a bug: please report it)");
                }
                return o.results();
            }
        };
    }
}
