package dev.stampede.report;

import dev.stampede.metrics.RunResult;

import java.util.List;

/**
 * The per-phase table's optional columns for the seed-policy signals (docs/metrics.md, "Per phase"): moves on the
 * policy's {@code fallbackOn}, degraded local answers, and cost. Like the switch and {@code dup.} columns, each group
 * shows only when some row of some run has it, so a table without these mechanisms looks as before. Shared by the text
 * and HTML reports so that both show the same columns.
 */
final class PhaseSignals {

    private PhaseSignals() {}

    /** Some phase of some run moved a request on at once because of {@code fallbackOn}. */
    static boolean fallbackOn(List<RunResult> runs) {
        return runs.stream().anyMatch(r -> r.phases().stream().anyMatch(p -> p.fallbackOn() > 0));
    }

    /** Some phase of some run ended a request with a local (degraded) answer. */
    static boolean degraded(List<RunResult> runs) {
        return runs.stream().anyMatch(r -> r.phases().stream().anyMatch(p -> p.degraded() > 0));
    }

    /** Some phase of some run was priced ({@code cost:}). */
    static boolean cost(List<RunResult> runs) {
        return runs.stream().anyMatch(r -> r.phases().stream().anyMatch(p -> !Double.isNaN(p.cost())));
    }

    /**
     * Whether these signals alone call for the per-phase table (a run with a single phase otherwise shows none):
     * {@code fallbackOn} moves and degraded answers do; a price alone does not, since the run table has its cost.
     */
    static boolean callForTable(List<RunResult> runs) {
        return fallbackOn(runs) || degraded(runs);
    }
}
