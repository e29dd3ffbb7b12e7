package dev.stampede.experiment;

import dev.stampede.metrics.RunResult;
import dev.stampede.scenario.NumericOverride;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * Repeats and sweeps (docs/simulator.md, "Sweeps and repeats"): every row of every sweep point runs
 * {@code repeats} times with seeds {@code seed, seed+1, …}, all in this process. Every point is loaded (and
 * validated) before anything runs; then every (point, row, repeat) is one independent task on
 * {@code threads} workers, results collected in task order, so the outcome does not depend on the thread count.
 * Only each run's figures are kept (not its histograms): a 7,600-run sweep fits in a small heap.
 */
public final class Experiment {

    private Experiment() {}

    /**
     * Runs one row of a scenario once; must be safe to call from several threads at once for a parallel experiment.
     * When {@code cancelled} turns true it should end the run early (its result is then partial and left out).
     */
    @FunctionalInterface
    public interface RowRunner {
        RunResult run(Scenario scenario, String row, BooleanSupplier cancelled) throws Exception;
    }

    /** Loads the scenario with a sweep point's overrides (none without a sweep), then applies the command's options. */
    @FunctionalInterface
    public interface ScenarioSource {
        Scenario load(List<NumericOverride> overrides) throws ScenarioException, IOException;
    }

    /**
     * Everything an experiment measured.
     *
     * @param scenario the scenario without sweep overrides (its name, seed, thresholds)
     * @param sweep    the sweep, or {@code null} for repeats of one scenario
     * @param repeats  repeats per row and point asked for
     * @param points   one per sweep point (exactly one without a sweep), in sweep order; when partial, only the points
     *                 where at least one repeat finished
     * @param partial  the experiment was stopped (Ctrl-C): each row holds only the repeats that finished before the
     *                 stop ({@link RowSummary#repeats()}, possibly none), and points where nothing finished are left out
     */
    public record Result(Scenario scenario, Sweep sweep, int repeats, List<PointResult> points, boolean partial) {
        public Result {
            points = List.copyOf(points);
        }

        /** A complete experiment. */
        public Result(Scenario scenario, Sweep sweep, int repeats, List<PointResult> points) {
            this(scenario, sweep, repeats, points, false);
        }

        /** Runs that finished, over every point and row. */
        public int finishedRuns() {
            return points.stream().flatMap(p -> p.rows().stream()).mapToInt(r -> r.repeats().size()).sum();
        }
    }

    /**
     * One sweep point.
     *
     * @param point the swept value, or {@code null} without a sweep
     * @param rows  one per row, in the scenario's row order
     */
    public record PointResult(Sweep.Point point, List<RowSummary> rows) {
        public PointResult {
            rows = List.copyOf(rows);
        }
    }

    /**
     * Runs the experiment.
     *
     * @param sweep   the sweep, or {@code null}
     * @param repeats repeats per row and point, >= 1
     * @param threads worker threads (1 for live runs, which must not overlap)
     * @throws ScenarioException        when a point's scenario is invalid (file:line:column of the swept value)
     * @throws IllegalArgumentException for a mixed scenario ({@code population:}), which runs its rows together
     * @throws Repeats.ExperimentFailure when a run failed
     */
    public static Result run(ScenarioSource source, Sweep sweep, int repeats, RowRunner runner, int threads)
            throws ScenarioException, IOException {
        return run(source, sweep, repeats, runner, threads, () -> false);
    }

    /**
     * Runs the experiment until it is done or {@code stop} turns true (Ctrl-C). After a stop no new run starts, the
     * runs under way are asked to end ({@link RowRunner}'s {@code cancelled}) and are left out, and the result holds
     * the runs that finished before the stop, {@link Result#partial() partial}.
     */
    public static Result run(ScenarioSource source, Sweep sweep, int repeats, RowRunner runner, int threads,
                             BooleanSupplier stop) throws ScenarioException, IOException {
        List<Long> offsets = Repeats.seeds(0, repeats);
        Scenario base = source.load(List.of());
        List<Sweep.Point> points = sweep == null ? java.util.Collections.singletonList(null) : sweep.points();
        List<Scenario> scenarios = new ArrayList<>();
        for (Sweep.Point p : points) {
            Scenario s = p == null ? base : source.load(sweep.overrides(p));
            if (s.isMixed()) {
                throw new IllegalArgumentException("--repeat and --sweep run each row on its own, but this scenario's "
                        + "population: runs its rows together in one run; remove population: and list strategies");
            }
            scenarios.add(s);
        }
        List<Callable<RowSummary.Repeat>> tasks = new ArrayList<>();
        for (Scenario s : scenarios) {
            for (String row : s.rows()) {
                for (long offset : offsets) {
                    Scenario seeded = s.withSeed(s.seed() + offset);
                    tasks.add(() -> figures(runner, seeded, row, stop));
                }
            }
        }
        // a task skipped or cut by the stop gives null
        List<RowSummary.Repeat> done = Repeats.inOrder(tasks, threads, stop);
        boolean partial = done.contains(null);
        List<PointResult> out = new ArrayList<>();
        int i = 0;
        for (int p = 0; p < points.size(); p++) {
            List<RowSummary> rows = new ArrayList<>();
            boolean any = false;
            for (String row : scenarios.get(p).rows()) {
                List<RowSummary.Repeat> finished = done.subList(i, i + repeats).stream().filter(r -> r != null).toList();
                any |= !finished.isEmpty();
                rows.add(RowSummary.of(row, finished));
                i += repeats;
            }
            if (any || !partial) out.add(new PointResult(points.get(p), rows));
        }
        return new Result(base, sweep, repeats, out, partial);
    }

    /**
     * One run's figures, or {@code null} when the stop came while it ran: such a run was cut short (or would have
     * been, had it not just ended), so every run under way at the stop is left out alike.
     */
    private static RowSummary.Repeat figures(RowRunner runner, Scenario s, String row, BooleanSupplier stop) throws Exception {
        RunResult r = runner.run(s, row, stop);
        if (stop.getAsBoolean()) return null;
        if (r.partial()) throw new IllegalStateException(row + " (seed " + s.seed() + ") was interrupted");
        if (r.server() != null && r.server().received() != r.attempts()) {
            throw new IllegalStateException("self-check failed for " + row + " (seed " + s.seed() + "): the client sent "
                    + r.attempts() + " attempts but the server received " + r.server().received() + " (a bug: please report it)");
        }
        double[] values = new double[Figure.values().length];
        for (Figure f : Figure.values()) values[f.ordinal()] = f.of(r);
        return new RowSummary.Repeat(s.seed(), values);
    }
}
