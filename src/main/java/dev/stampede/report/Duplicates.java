package dev.stampede.report;

import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;

import java.util.List;

/**
 * Duplicate executions in the reports (the tables' {@code dup.} column): the embedded server's count of completed
 * executions of a logical request after its first (docs/metrics.md, "Duplicate executions"). Shown only when some
 * run has any, or its server honoured idempotency keys (replays or 409 conflicts), so that a protected row shows 0.
 */
final class Duplicates {

    private Duplicates() {}

    /** Whether the {@code dup.} column shows: some run's server counted a duplicate, a replay or a key conflict. */
    static boolean shown(List<RunResult> runs) {
        return runs.stream().map(RunResult::server)
                .anyMatch(s -> s != null && s.duplicates() + s.replayed() + s.conflicts() > 0);
    }

    /** The run's duplicate executions; NaN without a server view (a URL target, a mixed run). */
    static double of(RunResult r) {
        return r.server() == null ? Double.NaN : r.server().duplicates();
    }

    /**
     * Duplicate executions completed during phase {@code index} of the run's phases: the server timeline's intervals
     * starting from that phase's start to the next phase's; NaN without a server view.
     */
    static double inPhase(RunResult r, int index) {
        ServerView s = r.server();
        if (s == null) return Double.NaN;
        List<RunResult.Phase> phases = r.phases();
        double from = index == 0 ? Double.NEGATIVE_INFINITY : phases.get(index).atSeconds();
        double to = index + 1 < phases.size() ? phases.get(index + 1).atSeconds() : Double.POSITIVE_INFINITY;
        long n = 0;
        for (ServerView.Interval i : s.timeline()) {
            if (i.startSeconds() >= from - 1e-9 && i.startSeconds() < to - 1e-9) n += i.duplicates();
        }
        return n;
    }

    /** {@code 12}, or {@code -} for NaN. */
    static String cell(double v) {
        return Double.isNaN(v) ? "-" : Long.toString((long) v);
    }

    /** The idempotency counts of a run whose server honoured keys, for the notes; empty when it answered none. */
    static String idempotencyNote(RunResult r) {
        ServerView s = r.server();
        if (s == null || s.replayed() + s.conflicts() == 0) return "";
        return "idempotency: " + s.replayed() + " replayed from the store, " + s.conflicts() + " answered 409 (key in progress)";
    }
}
