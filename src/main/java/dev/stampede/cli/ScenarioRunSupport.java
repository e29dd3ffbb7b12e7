package dev.stampede.cli;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.report.OutputFiles;
import dev.stampede.report.TextReport;
import dev.stampede.metrics.StartSchedule;
import dev.stampede.run.Engine;
import dev.stampede.run.RowSlot;
import dev.stampede.run.WallClock;
import dev.stampede.run.RunLoop;
import dev.stampede.run.RunRefused;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Durations;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.Rate;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioException;
import dev.stampede.scenario.ScenarioLoader;
import dev.stampede.scenario.Target;
import dev.stampede.ui.Progress;
import dev.stampede.ui.Terminals;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command-line side of the flow {@code run} and {@code sim} share: load the scenario, apply the command-line
 * overrides and {@code --shard}, hand it to {@link RunLoop} (which runs each strategy through an {@link Engine}
 * and builds the {@link Comparison}), print the report, write every file asked for, map the exit code. Exit codes:
 * 0, 99 when a threshold failed (after writing everything), 130 when cancelled (after writing the partial
 * report). A strategy that finished keeps its full results; the interrupted one is marked partial and no
 * later strategy runs.
 */
public final class ScenarioRunSupport {

    private final Engine engine;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;
    private final RunCancellation cancellation;
    private final Function<RunOptions, Progress> displays;
    private final InstantSource instants;
    private final WallClock wall;

    /**
     * @param displays the progress display for the options (the live dashboard, plain lines or none)
     */
    ScenarioRunSupport(Engine engine, PrintWriter out, PrintWriter err, Map<String, String> env,
                       RunCancellation cancellation, Function<RunOptions, Progress> displays, InstantSource instants) {
        this(engine, out, err, env, cancellation, displays, instants, WallClock.SYSTEM);
    }

    /** @param wall the clock {@code --start-at} waits on */
    ScenarioRunSupport(Engine engine, PrintWriter out, PrintWriter err, Map<String, String> env,
                       RunCancellation cancellation, Function<RunOptions, Progress> displays, InstantSource instants,
                       WallClock wall) {
        this.wall = wall;
        this.engine = engine;
        this.out = out;
        this.err = err;
        this.env = env;
        this.cancellation = cancellation;
        this.displays = displays;
        this.instants = instants;
    }

    /**
     * The whole command for {@code run} and {@code sim}: signals, the progress display chosen for this terminal,
     * the process's environment and clock, then {@link #execute}.
     */
    static int executeCommand(Engine engine, CommandLine commandLine, Path file, RunOptions options)
            throws ScenarioException, IOException {
        PrintWriter err = commandLine.getErr();
        boolean interactive = Terminals.interactive();
        try (RunCancellation cancellation = RunCancellation.onSignals()) {
            return new ScenarioRunSupport(engine, commandLine.getOut(), err, System.getenv(), cancellation,
                    o -> Terminals.choose(o.quiet, o.noLive, interactive, err), InstantSource.system())
                    .execute(file, options);
        }
    }

    /** Runs the scenario file with the options; returns the exit code. */
    int execute(Path file, RunOptions options) throws ScenarioException, IOException {
        Scenario loaded;
        try {
            loaded = ScenarioLoader.load(file, new HashSet<>(Strategies.names()), env);
        } catch (NoSuchFileException e) {
            throw new UserException(e.getFile() + ": no such file");
        }
        Scenario scenario = applyOverrides(loaded, options);
        checkRunnable(engine, scenario);
        warnIfInsecure(scenario, err);
        warnIfLockstep(engine, scenario, err);
        RunLoop.Alignment alignment = options.startAt == null ? null : alignment(scenario, options.startAt);

        RunLoop.Outcome outcome;
        try (Progress progress = displays.apply(options)) {
            outcome = RunLoop.run(engine, scenario, cancellation::cancelled, new RunLoop.Listener() {
                @Override public void started(String strategy, long plannedNanos, Supplier<RunRecorder.Snapshot> snapshots) {
                    progress.started(strategy, plannedNanos, snapshots);
                }

                @Override public void finished(String strategy) { progress.finished(strategy); }

                @Override public void warn(String message) {
                    err.println("stampede: warning: " + message);
                    err.flush();
                }
            }, instants.instant(), alignment);
        } catch (RunRefused e) {
            throw new UserException(e.getMessage());
        }
        Comparison comparison = outcome.comparison();
        List<String> selfCheck = outcome.selfCheck();
        boolean partial = comparison.partial();
        List<Comparison.ThresholdResult> thresholds = comparison.thresholds();
        TextReport.render(comparison, out, options.quiet);
        out.flush();
        for (String line : selfCheck) err.println("stampede: error: " + line);
        if (partial) err.println("stampede: interrupted: the report covers what was measured until then (partial).");
        boolean filesFailed = writeFiles(comparison, scenario, options);
        err.flush();
        cancellation.reportWritten();

        if (partial) return ExitCode.INTERRUPTED;
        if (filesFailed || !selfCheck.isEmpty()) return ExitCode.ERROR;
        return thresholds.stream().allMatch(Comparison.ThresholdResult::pass) ? ExitCode.OK : ExitCode.THRESHOLD;
    }

    /**
     * Every row names a strategy (a policy name stands for its own strategy) and the engine can run the scenario here.
     *
     * @throws UserException saying which, with the fix
     */
    static void checkRunnable(Engine engine, Scenario scenario) {
        for (String s : scenario.rows()) {
            try {
                Strategies.policy(scenario.policy(s).strategy(), scenario.retry());
            } catch (IllegalArgumentException e) {
                throw new UserException("--strategy: " + e.getMessage());
            }
        }
        Optional<String> client = scenario.client().refusal(scenario.target());
        if (client.isPresent()) throw new UserException(client.get());
        try {
            dev.stampede.load.ClientTls.check(scenario.client());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        Optional<String> problem = engine.preflight(scenario);
        if (problem.isPresent()) throw new UserException(problem.get());
    }

    /** The warning of {@code client.tls.insecure: true}, printed before anything is sent: it is never silent. */
    static void warnIfInsecure(Scenario scenario, PrintWriter err) {
        if (!scenario.client().tls().insecure()) return;
        err.println("stampede: warning: client.tls.insecure is true: the target's certificate and host name are NOT "
                + "checked (anyone between here and " + scenario.target() + " can read and change the traffic); use "
                + "client.tls.caFile with the staging CA instead");
        err.flush();
    }

    /**
     * The warning of a simulated mixed run ({@code population:}) with evenly spaced open-model arrivals: the
     * populations' interleaved arrival grid can lock onto the simulator's exact capacity, so that one population is
     * served first (docs/simulator.md, "Mixed runs"). Live pacing jitter breaks the lockstep; Poisson arrivals do too.
     */
    static void warnIfLockstep(Engine engine, Scenario scenario, PrintWriter err) {
        if (!"sim".equals(engine.mode()) || !scenario.isMixed() || scenario.population().size() < 2) return;
        if (!(scenario.load() instanceof dev.stampede.scenario.LoadSpec.Open open)
                || open.arrivals() != dev.stampede.scenario.LoadSpec.Arrivals.UNIFORM) return;
        err.println("stampede: warning: a simulated mixed run with evenly spaced arrivals can lock onto the server's "
                + "capacity and serve one population first; set load.arrivals: poisson to compare populations "
                + "(docs/simulator.md, \"Mixed runs\")");
        err.flush();
    }

    /**
     * The aligned schedule for {@code --start-at TIME}, printed to stderr (each row's start instant and the slot's
     * parts, so that shards can be checked against each other before they start).
     *
     * @throws UserException when TIME is not a time or is not in the future (saying by how much it is past)
     */
    private RunLoop.Alignment alignment(Scenario scenario, String text) {
        Instant at = StartAt.parse(text);
        Duration ahead = Duration.between(wall.now(), at);
        if (!ahead.isPositive()) {
            throw new UserException("--start-at " + at + " is " + String.format(Locale.ROOT, "%.3f", -ahead.toNanos() / 1e9)
                    + " s in the past: give a time after the preparation (the warm-up) can end, for example "
                    + wall.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS));
        }
        RowSlot slot = engine.slot(scenario);
        StartSchedule schedule = new StartSchedule(at, slot.total());
        List<String> rows = scenario.isMixed() ? List.of(String.join("+", scenario.rows())) : scenario.rows();
        err.println("stampede: aligned start at " + at + "; row k starts at start + k x slot, slot " + slot.describe());
        int width = rows.stream().mapToInt(String::length).max().orElse(0);
        for (int k = 0; k < rows.size(); k++) {
            err.println("  " + rows.get(k) + " ".repeat(width - rows.get(k).length()) + "  " + schedule.rowStart(k));
        }
        err.flush();
        return new RunLoop.Alignment(schedule, wall);
    }

    /** Writes every file asked for (each atomically; one bad path never costs the others); true when one failed. */
    private boolean writeFiles(Comparison comparison, Scenario scenario, RunOptions o) {
        OutputFiles files = new OutputFiles(o.json, o.html, o.hgrm, o.junit, o.csv);
        if (!files.any()) return false;
        try {
            files.writeAll(comparison, scenario.target() instanceof Target.Embedded ? scenario.server().phases() : null);
            return false;
        } catch (IOException | UncheckedIOException e) {
            err.println("stampede: error: could not write every output file: " + e.getMessage());
            return true;
        }
    }

    /** The target as reports show it: a URL without user info (it may hold credentials). */
    static String displayTarget(Target target) { return RunLoop.displayTarget(target); }

    private static final Pattern SHARD = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)\\s*");

    /** The scenario with {@code --strategy}, {@code --target}, {@code --duration}, {@code --rate}, {@code --clients}, {@code --seed} and {@code --shard} applied. */
    static Scenario applyOverrides(Scenario s, RunOptions o) {
        if (o.strategies != null && !o.strategies.isEmpty()) {
            // --strategy turns a mixed scenario into one run per named row
            s = s.withStrategies(o.strategies.stream().map(String::trim).filter(x -> !x.isEmpty()).distinct().toList())
                    .withPopulation(List.of());
        }
        if (o.target != null) s = s.withTarget(parseTarget(o.target));
        if (o.duration != null) {
            try {
                Duration d = Durations.parse(o.duration);
                if (d.isZero() || d.isNegative()) throw new IllegalArgumentException("must be > 0, got '" + o.duration + "'");
                s = s.withDuration(d);
            } catch (IllegalArgumentException e) {
                throw new UserException("--duration: " + e.getMessage());
            }
        }
        if (o.rate != null) {
            if (!(s.load() instanceof LoadSpec.Open open)) {
                throw new UserException("--rate applies to the open model, but this scenario's load is " + modelName(s.load())
                        + "; use --clients");
            }
            try {
                Rate r = Rate.parse(o.rate);
                s = s.withLoad(open.with(List.of(new LoadSpec.Stage(s.duration(), r)), open.maxInFlight()));
            } catch (IllegalArgumentException e) {
                throw new UserException("--rate: " + e.getMessage());
            }
        }
        if (o.clients != null) {
            if (o.clients < 1) throw new UserException("--clients must be >= 1, got " + o.clients);
            s = s.withLoad(switch (s.load()) {
                case LoadSpec.Closed c -> new LoadSpec.Closed(o.clients, c.think());
                case LoadSpec.Herd h -> new LoadSpec.Herd(o.clients, h.requests());
                case LoadSpec.Open open -> throw new UserException(
                        "--clients applies to the closed and herd models, but this scenario's load is open; use --rate");
            });
        }
        if (o.seed != null) s = s.withSeed(o.seed);
        if (o.shard != null) {
            Matcher m = SHARD.matcher(o.shard);
            if (!m.matches()) throw new UserException("--shard: expected I/N such as 2/4, got '" + o.shard + "'");
            try {
                s = s.shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            } catch (IllegalArgumentException e) {
                throw new UserException("--shard: " + e.getMessage());
            }
        }
        return s;
    }

    private static String modelName(LoadSpec l) {
        return switch (l) {
            case LoadSpec.Open o -> "open";
            case LoadSpec.Closed c -> "closed";
            case LoadSpec.Herd h -> "herd";
        };
    }

    static Target parseTarget(String text) {
        if (text.equals("embedded")) return Target.EMBEDDED;
        try {
            URI u = new URI(text);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new UserException("--target: expected 'embedded' or an http(s) base URL such as http://127.0.0.1:8080, got '"
                        + text + "'");
            }
            return new Target.Url(u);
        } catch (java.net.URISyntaxException e) {
            throw new UserException("--target: not a URL: " + e.getMessage());
        }
    }
}
