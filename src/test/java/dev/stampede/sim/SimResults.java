package dev.stampede.sim;

import dev.stampede.metrics.RunResult;

import java.util.Locale;
import java.util.Map;

/** Helpers to compare and print simulated results in tests. */
final class SimResults {

    private SimResults() {}

    /**
     * Everything a result says, histograms by their counts (HdrHistogram compares by identity elsewhere), as
     * one string: two results are the same run when these are equal.
     */
    static String comparable(RunResult r) {
        var h = r.histograms();
        String histograms = h == null ? "" : h.request().getTotalCount() + "/" + h.request().getMaxValue() + "/"
                + h.request().getMean() + "/" + h.attempt().getTotalCount() + "/" + h.attempt().getMean() + "/"
                + h.requestUncorrected().getMean();
        return new RunResult(r.strategy(), r.closedLoop(), r.partial(), r.durationSeconds(), r.requests(), r.attempts(),
                r.amplification(), r.peakAmplification(), r.synchrony(), r.statuses(), r.request(), r.requestUncorrected(),
                r.attempt(), r.recoverySeconds(), r.completionSeconds(), r.timeline(), r.server(), null)
                + histograms;
    }

    static String table(Map<String, double[]> callsAndSeconds) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-13s %8s %10s%n", "strategy", "calls", "seconds"));
        callsAndSeconds.forEach((k, v) -> s.append(String.format(Locale.ROOT, "%-13s %8.0f %10.3f%n", k, v[0], v[1])));
        return s.toString();
    }
}
