package dev.stampede.run;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import dev.stampede.report.Thresholds;
import dev.stampede.retry.FailureReason;
import dev.stampede.scenario.ErrorKind;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.Target;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The run flow {@code run} and {@code sim} share, without the command line: run each report row of a scenario one
 * after another through an {@link Engine} (a mixed scenario as one run), stop at a cancellation, evaluate the
 * thresholds and build the {@link Comparison}. A strategy that finished keeps its full results; the interrupted
 * one is marked partial and no later strategy runs. Printing, files and exit codes are the caller's.
 */
public final class RunLoop {

    /** What the caller shows while rows run. Called from the running thread. */
    public interface Listener extends Started {
        /** The row's (or the mixed run's) run ended. */
        void finished(String strategy);
    }

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
        List<RunResult> runs = new ArrayList<>();
        List<String> selfCheck = new ArrayList<>();
        boolean partial = false;
        if (scenario.isMixed() && !cancelled.getAsBoolean()) {
            // one run, every population at once: one row each
            List<RunResult> rows = engine.runMixed(scenario, cancelled, progress);
            progress.finished(String.join("+", scenario.rows()));
            runs.addAll(rows);
            for (RunResult row : rows) selfCheck.addAll(selfCheck(row));
            partial = rows.stream().anyMatch(RunResult::partial) || cancelled.getAsBoolean();
        }
        for (String strategy : scenario.isMixed() ? List.<String>of() : scenario.rows()) {
            if (cancelled.getAsBoolean()) {
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
                displayTarget(scenario.target()), scenario.seed(), startedAt, List.copyOf(runs), thresholds, partial);
        return new Outcome(comparison, List.copyOf(selfCheck));
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
        if (r.server() == null || r.partial()) return problems;
        long unanswered = 0;
        for (ErrorKind kind : List.of(ErrorKind.TIMEOUT, ErrorKind.RESET, ErrorKind.CONNECT)) {
            unanswered += r.statuses().getOrDefault(kind.key(), 0L);
        }
        if (countsAgree(r.attempts(), r.server().received(), unanswered)) return problems;
        problems.add("self-check failed for " + r.strategy() + ": the client sent " + r.attempts()
                + " attempts but the mock received " + r.server().received() + " (" + unanswered
                + " ended without an answer; a bug: please report it)");
        return problems;
    }

    /**
     * Whether the mock's count of requests received agrees with the client's attempts: never more, and fewer only by
     * attempts that ended without an answer. An attempt that timed out, was reset or could not connect may have ended
     * before the mock read its request (still in a socket's backlog on a loaded machine), so it may be missing there;
     * an answered attempt never is.
     */
    static boolean countsAgree(long attempts, long received, long unanswered) {
        return received <= attempts && attempts - received <= unanswered;
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
