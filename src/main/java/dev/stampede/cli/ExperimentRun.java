package dev.stampede.cli;

import dev.stampede.experiment.Experiment;
import dev.stampede.run.Engine;
import dev.stampede.experiment.Repeats;
import dev.stampede.experiment.Sweep;
import dev.stampede.report.ExperimentFiles;
import dev.stampede.report.ExperimentReport;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioException;
import dev.stampede.scenario.ScenarioLoader;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code --repeat N} and {@code --sweep KEY=…} for {@code run} and {@code sim} (docs/simulator.md, "Sweeps and
 * repeats"): loads every sweep point (the command-line overrides applied after the point), runs every row of every
 * point N times with seeds seed, seed+1, … through {@link Experiment}, prints {@link ExperimentReport} and writes
 * {@link ExperimentFiles} ({@code --json}, {@code --csv}, {@code --html}). Exit codes as for one run: 0, 99 when a
 * threshold failed, 1 when a file could not be written, 130 when Ctrl-C stopped it (after reporting and writing the
 * runs that finished, marked partial).
 */
final class ExperimentRun {

    private ExperimentRun() {}

    /** Sweep keys that a command-line option also sets: giving both is ambiguous. */
    private static final Map<String, String> OPTION_KEYS = Map.of("load.clients", "--clients", "load.rate", "--rate",
            "duration", "--duration", "seed", "--seed");

    /**
     * Runs the experiment and reports it; returns the exit code.
     *
     * @param engine  the command's engine: its mode and preflight
     * @param runner  runs one row once (safe to call from {@code threads} threads)
     * @param threads worker threads: the available cores for {@code sim}, 1 for {@code run}
     * @param sweep   the {@code --sweep} text, or {@code null}
     * @param repeats the {@code --repeat} count
     */
    static int execute(Engine engine, Experiment.RowRunner runner, int threads, CommandLine commandLine,
                       Path file, RunOptions options, String sweep, int repeats) throws ScenarioException, IOException {
        try (RunCancellation cancellation = RunCancellation.onSignals()) {
            return execute(engine, runner, threads, commandLine, file, options, sweep, repeats, cancellation);
        }
    }

    /**
     * As above, stopped by {@code cancellation} (Ctrl-C, or a test's {@link RunCancellation#cancel()}): then the runs
     * that finished are reported and written, marked partial, and the exit code is 130.
     */
    static int execute(Engine engine, Experiment.RowRunner runner, int threads, CommandLine commandLine, Path file,
                       RunOptions options, String sweep, int repeats, RunCancellation cancellation)
            throws ScenarioException, IOException {
        PrintWriter out = commandLine.getOut(), err = commandLine.getErr();
        if (repeats < 1) throw new UserException("--repeat must be >= 1, got " + repeats);
        List<String> refused = new ArrayList<>();
        if (options.shard != null) refused.add("--shard");
        if (options.hgrm != null) refused.add("--hgrm");
        if (options.junit != null) refused.add("--junit");
        if (!refused.isEmpty()) {
            throw new UserException(String.join(", ", refused) + " cannot be combined with --repeat or --sweep (they keep "
                    + "each run's histograms; repeats keep only its figures); run once without --repeat for those files");
        }
        Sweep parsed;
        try {
            parsed = sweep == null ? null : Sweep.parse(sweep);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        if (parsed != null && OPTION_KEYS.containsKey(parsed.key()) && optionSet(options, parsed.key())) {
            throw new UserException("--sweep " + parsed.key() + " and " + OPTION_KEYS.get(parsed.key())
                    + " both set " + parsed.key() + "; give one");
        }
        Experiment.ScenarioSource source = overrides -> {
            try {
                return ScenarioRunSupport.applyOverrides(
                        ScenarioLoader.load(file, new HashSet<>(Strategies.names()), System.getenv(), overrides), options);
            } catch (NoSuchFileException e) {
                throw new UserException(e.getFile() + ": no such file");
            }
        };
        Scenario base = source.load(List.of());
        ScenarioRunSupport.checkRunnable(engine, base);
        ScenarioRunSupport.warnIfInsecure(base, err);

        Experiment.Result result;
        try {
            result = Experiment.run(source, parsed, repeats, runner, threads, cancellation::cancelled);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        } catch (Repeats.ExperimentFailure e) {
            throw new UserException("a run failed: " + e.getMessage(), e.getCause());
        }
        List<ExperimentReport.Checked> thresholds = ExperimentReport.thresholds(result);
        ExperimentReport.render(result, engine.mode(), thresholds, out, options.quiet);
        boolean filesFailed = false;
        try {
            ExperimentFiles.write(result, engine.mode(), thresholds, options.json, options.csv, options.html);
        } catch (IOException | UncheckedIOException e) {
            err.println("stampede: error: could not write every output file: " + e.getMessage());
            filesFailed = true;
        }
        if (result.partial()) {
            err.println("stampede: interrupted: the report covers the " + result.finishedRuns() + " runs that finished "
                    + "(partial).");
        }
        err.flush();
        cancellation.reportWritten();
        if (result.partial()) return ExitCode.INTERRUPTED;
        if (filesFailed) return ExitCode.ERROR;
        return thresholds.stream().allMatch(c -> c.result().pass()) ? ExitCode.OK : ExitCode.THRESHOLD;
    }

    private static boolean optionSet(RunOptions o, String key) {
        return switch (key) {
            case "load.clients" -> o.clients != null;
            case "load.rate" -> o.rate != null;
            case "duration" -> o.duration != null;
            case "seed" -> o.seed != null;
            default -> false;
        };
    }
}
