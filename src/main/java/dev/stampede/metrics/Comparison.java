package dev.stampede.metrics;

import java.time.Instant;
import java.util.List;

/**
 * Every strategy's run of one scenario, with what identifies it: what reports and the JSON render.
 *
 * @param mode     "live" or "sim"
 * @param target   "embedded" or the base URL
 * @param schedule the aligned start of every row ({@code run --start-at}), or {@code null} when the run started when
 *                 it was launched
 */
public record Comparison(String scenarioName, String scenarioFile, String scenarioSha256, String mode, String target,
                         long seed, Instant startedAt, List<RunResult> runs, List<ThresholdResult> thresholds,
                         boolean partial, StartSchedule schedule) {

    /** A run without an aligned start. */
    public Comparison(String scenarioName, String scenarioFile, String scenarioSha256, String mode, String target,
                      long seed, Instant startedAt, List<RunResult> runs, List<ThresholdResult> thresholds,
                      boolean partial) {
        this(scenarioName, scenarioFile, scenarioSha256, mode, target, seed, startedAt, runs, thresholds, partial, null);
    }

    /** This comparison with {@code s} as its aligned schedule. */
    public Comparison withSchedule(StartSchedule s) {
        return new Comparison(scenarioName, scenarioFile, scenarioSha256, mode, target, seed, startedAt, runs, thresholds,
                partial, s);
    }

    /** One evaluated threshold. */
    public record ThresholdResult(String strategy, String metric, String op, double value, double actual, boolean pass) {}
}
