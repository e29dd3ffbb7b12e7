package dev.stampede.run;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.StartSchedule;
import dev.stampede.report.SelfCheck;
import dev.stampede.report.Thresholds;
import dev.stampede.retry.FailureReason;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.Target;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The run flow {@code run} and {@code sim} share, without the command line: run each report row of a scenario one
 * after another through an {@link Engine} (a mixed scenario as one run), stop at a cancellation, evaluate the
 * thresholds and build the {@link Comparison}. A strategy that finished keeps its full results; the interrupted
 * one is marked partial and no later strategy runs. Printing, files and exit codes are the caller's.
 *
 * <p>An aligned run ({@code run --start-at}, docs/reports.md "Aligned shards") prepares the engine first (the warm-up),
 * then starts row {@code k} at {@code start + k × slot} on the wall clock, so that shards started with the same
 * schedule share one time origin per row.
 */
public final class RunLoop {

    /** What the caller shows while rows run. Called from the running thread. */
    public interface Listener extends Started {
        /** The row's (or the mixed run's) run ended. */
        void finished(String strategy);

        /** Something the user should know that does not stop the run (an aligned row that starts late). */
        default void warn(String message) {}
    }

    /**
     * The wall-clock schedule of an aligned run and the clock it waits on.
     *
     * @param schedule row {@code k} starts at {@code schedule.rowStart(k)}
     */
    public record Alignment(StartSchedule schedule, WallClock clock) {
        public Alignment {
            Objects.requireNonNull(schedule, "schedule");
            Objects.requireNonNull(clock, "clock");
        }
    }

    /**
     * A row that would start later than this after its scheduled instant is reported as late: one bucket of the 100 ms
     * series synchrony is computed on.
     */
    static final Duration LATE = Duration.ofMillis(100);

    /** The longest single sleep while waiting for a row's start, so that a cancellation is noticed promptly. */
    static final Duration POLL = Duration.ofMillis(50);

    /**
     * The rows' results, compared.
     *
     * @param selfCheck failed self-checks, one line each (each a bug: the run exits 1)
     */
    public record Outcome(Comparison comparison, List<String> selfCheck) {
        public boolean partial() { return comparison.partial(); }
    }

    private RunLoop() {}

    /**
     * Runs every row of {@code scenario} (already checked and overridden) through {@code engine}.
     *
     * @param startedAt when the run started (the report's timestamp)
     * @throws RunRefused when the engine cannot run the scenario
     */
    public static Outcome run(Engine engine, Scenario scenario, BooleanSupplier cancelled, Listener progress,
                              Instant startedAt) throws IOException {
        return run(engine, scenario, cancelled, progress, startedAt, null);
    }

    /**
     * Runs every row of {@code scenario}, each at its scheduled instant when {@code alignment} is given.
     *
     * @param alignment the aligned schedule, or {@code null} to start each row when the one before it ends
     * @throws RunRefused when the engine cannot run the scenario, or the preparation ended after the schedule's start
     */
    public static Outcome run(Engine engine, Scenario scenario, BooleanSupplier cancelled, Listener progress,
                              Instant startedAt, Alignment alignment) throws IOException {
        List<RunResult> runs = new ArrayList<>();
        List<String> selfCheck = new ArrayList<>();
        boolean partial = false;
        if (!cancelled.getAsBoolean()) engine.prepare(scenario, cancelled);
        if (alignment != null && !cancelled.getAsBoolean()) {
            Duration late = Duration.between(alignment.schedule().startAt(), alignment.clock().now());
            if (late.isPositive()) {
                throw new RunRefused("the preparation (warm-up) ended " + seconds(late) + " after the --start-at "
                        + alignment.schedule().startAt() + ": choose a later start");
            }
        }
        int nextRow = 0;
        if (scenario.isMixed() && !cancelled.getAsBoolean()
                && !awaitRow(alignment, nextRow++, String.join("+", scenario.rows()), cancelled, progress)) {
            partial = true;
        } else if (scenario.isMixed() && !cancelled.getAsBoolean()) {
            // one run, every population at once: one row each
            List<RunResult> rows = engine.runMixed(scenario, cancelled, progress);
            progress.finished(String.join("+", scenario.rows()));
            runs.addAll(rows);
            for (RunResult row : rows) selfCheck.addAll(selfCheck(row));
            partial = rows.stream().anyMatch(RunResult::partial) || cancelled.getAsBoolean();
        }
        for (String strategy : scenario.isMixed() ? List.<String>of() : scenario.rows()) {
            if (cancelled.getAsBoolean() || !awaitRow(alignment, nextRow++, strategy, cancelled, progress)) {
                partial = true;
                break;
            }
            RunResult r = engine.run(scenario, strategy, cancelled, progress);
            progress.finished(strategy);
            runs.add(r);
            selfCheck.addAll(selfCheck(r));
            if (r.partial() || cancelled.getAsBoolean()) {
                partial = true;
                break;
            }
        }
        List<Comparison.ThresholdResult> thresholds = Thresholds.evaluate(scenario.thresholds(), runs);
        Comparison comparison = new Comparison(scenario.name(),
                scenario.source() == null ? "" : scenario.source().toString(), scenario.sha256(), engine.mode(),
                displayTarget(scenario.target()), scenario.seed(), startedAt, List.copyOf(runs), thresholds, partial,
                alignment == null ? null : alignment.schedule());
        return new Outcome(comparison, List.copyOf(selfCheck));
    }

    /**
     * Waits on the alignment's clock until row {@code k} is due; warns when it is already later than {@link #LATE}.
     *
     * @return false when cancelled while waiting; true at once without an alignment
     */
    static boolean awaitRow(Alignment alignment, int k, String strategy, BooleanSupplier cancelled, Listener progress) {
        if (alignment == null) return true;
        Instant due = alignment.schedule().rowStart(k);
        Duration late = Duration.between(due, alignment.clock().now());
        if (late.compareTo(LATE) > 0) {
            progress.warn(strategy + " starts " + seconds(late) + " after its aligned start " + due
                    + " (the row before it overran its slot): its intervals are not simultaneous with other shards'");
            return !cancelled.getAsBoolean();
        }
        try {
            while (true) {
                if (cancelled.getAsBoolean()) return false;
                Duration left = Duration.between(alignment.clock().now(), due);
                if (!left.isPositive()) return true;
                alignment.clock().sleep(left.compareTo(POLL) < 0 ? left : POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** "1.234 s": a lateness to the millisecond. */
    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
    }

    /**
     * The report's self-checks, each a bug when it fails: the client's attempts and the embedded mock's received
     * count must agree, and no request may end as {@code internalError} (the engine's own code threw).
     */
    public static List<String> selfCheck(RunResult r) {
        List<String> problems = new ArrayList<>();
        long internal = r.requests().failures().getOrDefault(FailureReason.INTERNAL_ERROR.key(), 0L);
        if (internal > 0) {
            problems.add(internal + " request(s) of " + r.strategy() + " ended with internalError: the engine failed"
                    + " while running them (a bug: please report it with the stack trace above)");
        }
        if (r.server() == null || r.partial() || SelfCheck.of(r) != SelfCheck.Verdict.MISMATCH) return problems;
        problems.add("self-check failed for " + r.strategy() + ": the client sent " + r.attempts()
                + " attempts but the mock received " + r.server().received() + " (" + SelfCheck.unanswered(r)
                + " ended without an answer; a bug: please report it)");
        return problems;
    }

    /** The target as reports show it: a URL without user info (it may hold credentials). */
    public static String displayTarget(Target target) {
        if (!(target instanceof Target.Url url)) return target.toString();
        URI u = url.baseUrl();
        if (u.getUserInfo() == null) return u.toString();
        try {
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (java.net.URISyntaxException e) {
            return u.getScheme() + "://" + u.getHost();
        }
    }
}
