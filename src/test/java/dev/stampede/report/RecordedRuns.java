package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import dev.stampede.scenario.ErrorKind;
import dev.stampede.scenario.PhaseSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs recorded on a virtual clock, as an engine would: 12 s, 100 arrivals per second, an overload from
 * 3 s to 6 s during which the 529 share is {@code overloadShare}, one retry per 529.
 */
final class RecordedRuns {

    static final long MS = 1_000_000L, S = 1_000_000_000L;

    static final List<PhaseSpec> PHASES = List.of(
            new PhaseSpec(Duration.ZERO, 0, 1, null, Map.of(), 0, 0, 1),
            new PhaseSpec(Duration.ofSeconds(3), 0.3, 0.5, Duration.ofSeconds(2), Map.of(), 0, 0, 1),
            new PhaseSpec(Duration.ofSeconds(6), 0, 1, null, Map.of(), 0, 0, 1));

    private RecordedRuns() {}

    static RunResult run(String strategy, int overloadPer100, boolean withServer) {
        RunRecorder r = new RunRecorder(new RunRecorder.Config(strategy, 100 * MS, PHASES, false, 100));
        long sent = 0;
        for (int s = 0; s < 12; s++) {
            for (int i = 0; i < 100; i++) {
                long t = s * S + i * 10 * MS;
                boolean overloaded = s >= 3 && s < 6 && i < overloadPer100;
                r.arrival(t);
                r.attemptSent(t + MS);
                sent++;
                long done = t + MS + (5 + i % 7) * MS;
                if (overloaded) {
                    r.attemptDone(done, AttemptOutcome.status(529), done - t - MS);
                    r.backoffBegins(done);
                    r.backoffEnds(done + 200 * MS);
                    r.attemptSent(done + 200 * MS);
                    sent++;
                    long again = done + 230 * MS;
                    boolean last = i % 10 == 0;
                    r.attemptDone(again, last ? AttemptOutcome.error(ErrorKind.TIMEOUT) : AttemptOutcome.status(200), 30 * MS);
                    r.requestDone(again, last ? FailureReason.EXHAUSTED : null, again - t, again - t - MS);
                } else {
                    r.attemptDone(done, AttemptOutcome.status(200), done - t - MS);
                    r.requestDone(done, null, done - t, done - t - MS);
                }
            }
        }
        ServerView server = withServer
                ? new ServerView(sent, sent - 40, 40, overloadPer100 * 3L - 40, Map.of(500, 2L), 1, 0,
                        List.of(new ServerView.Interval(0, sent / 2, sent / 2, 0, 0, 0),
                                new ServerView.Interval(1, sent - sent / 2, sent - sent / 2 - 40, 40, 0, 2)))
                : null;
        return r.finish(12 * S, server, false);
    }

    private static Comparison cached;

    /** Immutable, so recorded once per test JVM. */
    static synchronized Comparison comparison() {
        if (cached == null) cached = record();
        return cached;
    }

    private static Comparison record() {
        List<RunResult> runs = List.of(run("none", 60, true), run("full", 20, false));
        return new Comparison("launch-spike", "scenarios/launch-spike.yaml",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "sim", "embedded", 42,
                Instant.parse("2026-11-23T16:00:00Z"), runs,
                List.of(new Comparison.ThresholdResult("full", "recovery", "<", 20, Double.POSITIVE_INFINITY, false),
                        new Comparison.ThresholdResult("none", "synchrony", "<", 2, Double.NaN, false),
                        new Comparison.ThresholdResult("full", "p99", "<", 35_000, 240.5, true)),
                false);
    }
}
