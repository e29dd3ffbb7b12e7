package dev.stampede.metrics;

import java.time.Instant;
import java.util.List;

/**
 * Every strategy's run of one scenario, with what identifies it: what reports and the JSON render.
 *
 * @param mode     "live" or "sim"
 * @param target   "embedded" or the base URL
 */
public record Comparison(String scenarioName, String scenarioFile, String scenarioSha256, String mode, String target,
                         long seed, Instant startedAt, List<RunResult> runs, List<ThresholdResult> thresholds,
                         boolean partial) {

    /** One evaluated threshold. */
    public record ThresholdResult(String strategy, String metric, String op, double value, double actual, boolean pass) {}
}
