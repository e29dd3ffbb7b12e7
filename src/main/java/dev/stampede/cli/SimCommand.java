package dev.stampede.cli;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.report.ResultJson;
import dev.stampede.report.TextReport;
import dev.stampede.report.Thresholds;
import dev.stampede.retry.RetryPolicy;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Durations;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.Rate;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioException;
import dev.stampede.scenario.ScenarioLoader;
import dev.stampede.sim.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code stampede sim SCENARIO}: every strategy of the scenario in virtual time ({@link Simulator}), then
 * the same comparison and files as {@code run}. Unless {@code --quiet}, one line per strategy on stderr
 * names the events processed and the wall time ({@code scripts/bench/sim-scale.sh} reads it).
 *
 * <p>This is the simulator's own minimal flow (load, overrides, run, print, JSON, thresholds); the
 * engine's shared {@code ScenarioRunSupport} replaces it once merged.
 */
@Command(name = "sim", mixinStandardHelpOptions = true, description = "Run the scenario in virtual time (no network, no sleeping); scales to millions of clients.")
public final class SimCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "Scenario YAML file.")
    Path scenario;

    @Mixin
    RunOptions options;

    @Spec
    CommandSpec spec;

    /** The environment for {@code ${NAME}} in header values; tests may replace it. */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() throws IOException, ScenarioException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario s;
        try {
            s = overridden(ScenarioLoader.load(scenario, ValidateCommand.KNOWN_STRATEGIES, env));
        } catch (NoSuchFileException e) {
            throw new UserException(scenario + ": no such file");
        }
        Instant startedAt = Instant.now();
        List<RunResult> runs = new ArrayList<>();
        if (s.isMixed()) {
            long t0 = System.nanoTime();
            Simulator.MixedOutcome o = new Simulator(s).runMixed(Simulator.Watch.NONE);
            runs.addAll(o.results());
            progress(err, String.join("+", s.rows()), o.events(), o.attemptsSent(), o.endNanos(), System.nanoTime() - t0);
            if (o.attemptsSent() != o.serverReceived()) {
                err.printf(Locale.ROOT, "ERROR self-check: the populations sent %d attempts, the server received %d%n",
                        o.attemptsSent(), o.serverReceived());
            }
        }
        for (String name : s.isMixed() ? List.<String>of() : s.rows()) {
            long t0 = System.nanoTime();
            Simulator.Outcome o = new Simulator(s).run(s.policy(name), new RunRecorder(Simulator.recorderConfig(s, name)),
                    Simulator.Watch.NONE);
            runs.add(o.result());
            progress(err, name, o.events(), o.attemptsSent(), o.endNanos(), System.nanoTime() - t0);
        }
        Comparison c = new Comparison(s.name(), s.source() == null ? "" : s.source().toString(), s.sha256(), "sim",
                s.target().toString(), s.seed(), startedAt, runs, Thresholds.evaluate(s.thresholds(), runs), false);
        TextReport.render(c, out, options.quiet);
        out.flush();
        if (options.json != null) ResultJson.write(c, options.json);
        if (options.html != null || options.hgrm != null || options.junit != null || options.csv != null) {
            err.println("sim: --html, --hgrm, --junit and --csv come with the shared report writers; only --json is written by this build");
        }
        return c.thresholds().stream().allMatch(Comparison.ThresholdResult::pass) ? ExitCode.OK : ExitCode.THRESHOLD;
    }

    private void progress(PrintWriter err, String name, long events, long attempts, long endNanos, long wallNanos) {
        if (options.quiet) return;
        err.printf(Locale.ROOT, "sim: %s: events=%d attempts=%d virtual=%.1fs wall=%.2fs (%.2f M events/s)%n",
                name, events, attempts, endNanos / 1e9, wallNanos / 1e9, events / Math.max(1.0, wallNanos / 1e3));
        err.flush();
    }

    /** The scenario with the command line's overrides applied. */
    private Scenario overridden(Scenario s) {
        if (options.target != null) {
            throw new UserException("--target does not apply to sim: the simulator runs the scenario's embedded server model; use 'stampede run --target'");
        }
        if (options.duration != null) s = s.withDuration(parse("--duration", () -> Durations.parse(options.duration)));
        if (options.seed != null) s = s.withSeed(options.seed);
        if (options.strategies != null && !options.strategies.isEmpty()) {
            Scenario loaded = s;
            for (String name : options.strategies) {
                if (!loaded.policies().containsKey(name)) parse("--strategy", () -> Strategies.policy(name, loaded.retry()));
            }
            s = s.withStrategies(options.strategies);
        }
        if (options.rate != null) {
            Rate rate = parse("--rate", () -> Rate.parse(options.rate));
            if (!(s.load() instanceof LoadSpec.Open open)) throw new UserException("--rate applies to the open load model only");
            s = s.withLoad(new LoadSpec.Open(List.of(new LoadSpec.Stage(s.duration(), rate)), open.maxInFlight()));
        }
        if (options.clients != null) {
            int n = options.clients;
            if (n < 1) throw new UserException("--clients must be >= 1, got " + n);
            s = s.withLoad(switch (s.load()) {
                case LoadSpec.Closed c -> new LoadSpec.Closed(n, c.think());
                case LoadSpec.Herd h -> new LoadSpec.Herd(n, h.requests());
                case LoadSpec.Open o -> throw new UserException("--clients applies to the closed and herd load models; use --rate for open");
            });
        }
        if (options.shard != null) {
            String[] parts = options.shard.split("/");
            try {
                if (parts.length != 2) throw new NumberFormatException();
                s = s.shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                throw new UserException("--shard expects I/N such as 2/4, got '" + options.shard + "'");
            } catch (IllegalArgumentException e) {
                throw new UserException("--shard: " + e.getMessage());
            }
        }
        return s;
    }

    private static <T> T parse(String option, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new UserException(option + ": " + e.getMessage());
        }
    }
}
