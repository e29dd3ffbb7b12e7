package dev.stampede.experiment;

import dev.stampede.metrics.RunResult;

import java.util.function.ToDoubleFunction;

/**
 * The per-run figures an experiment summarises over repeats. The keys are those of the scenario's thresholds
 * ({@code successRate}, {@code p99}, …) plus {@code completion}, the AWS experiment's "time": when the last
 * request of a finite workload finished. Latencies are milliseconds of the corrected request latency.
 */
public enum Figure {
    SUCCESS_RATE("successRate", "success", "", Better.HIGHER, true, r -> r.requests().successRate()),
    ATTEMPTS("attempts", "attempts", "", Better.LOWER, false, r -> r.attempts()),
    AMPLIFICATION("amplification", "amplif.", "", Better.LOWER, false, RunResult::amplification),
    PEAK_AMPLIFICATION("peakAmplification", "peak amp.", "", Better.LOWER, false, RunResult::peakAmplification),
    SYNCHRONY("synchrony", "synchrony", "", Better.LOWER, false, RunResult::synchrony),
    P50("p50", "p50", "ms", Better.LOWER, false, r -> r.request().p50()),
    P90("p90", "p90", "ms", Better.LOWER, false, r -> r.request().p90()),
    P99("p99", "p99", "ms", Better.LOWER, false, r -> r.request().p99()),
    P999("p999", "p99.9", "ms", Better.LOWER, false, r -> r.request().p999()),
    MAX("max", "max", "ms", Better.LOWER, false, r -> r.request().max()),
    RECOVERY("recovery", "recovery", "s", Better.LOWER, false, RunResult::recoverySeconds),
    COMPLETION("completion", "completion", "s", Better.LOWER, false, RunResult::completionSeconds),
    /** Requests answered locally by a cached or static tier, over requests that concluded: neither success nor failure. */
    DEGRADED("degraded", "degraded", "", Better.LOWER, true, r -> r.requests().degradedShare());

    /** Which way the figure improves. */
    public enum Better { LOWER, HIGHER }

    private final String key;
    private final String header;
    private final String unit;
    private final Better better;
    private final boolean rate;
    private final ToDoubleFunction<RunResult> extractor;

    Figure(String key, String header, String unit, Better better, boolean rate, ToDoubleFunction<RunResult> extractor) {
        this.key = key;
        this.header = header;
        this.unit = unit;
        this.better = better;
        this.rate = rate;
        this.extractor = extractor;
    }

    /** The name in JSON, CSV and thresholds. */
    public String key() { return key; }

    /** A short column header for the terminal. */
    public String header() { return header; }

    /** {@code ms}, {@code s} or empty. */
    public String unit() { return unit; }

    public Better better() { return better; }

    /** A proportion in 0..1, summarised with an interval that stays inside 0..1. */
    public boolean isRate() { return rate; }

    /** The figure of one run: NaN when not applicable, +Infinity for a recovery that never came. */
    public double of(RunResult run) { return extractor.applyAsDouble(run); }

    /** The figure with this key, or {@code null}. */
    public static Figure byKey(String key) {
        for (Figure f : values()) if (f.key.equals(key)) return f;
        return null;
    }
}
