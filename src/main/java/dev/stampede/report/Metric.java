package dev.stampede.report;

import dev.stampede.metrics.RunResult;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The per-strategy figures that thresholds and {@code diff} compare, under the names of
 * {@link dev.stampede.scenario.ThresholdSpec#METRICS}, each with its unit and which direction is better.
 * Latency percentiles are the coordinated-omission-corrected request latency, in milliseconds.
 */
public enum Metric {
    SUCCESS_RATE("successRate", "", Direction.HIGHER_IS_BETTER, r -> r.requests().successRate()),
    AMPLIFICATION("amplification", "", Direction.LOWER_IS_BETTER, RunResult::amplification),
    PEAK_AMPLIFICATION("peakAmplification", "", Direction.LOWER_IS_BETTER, RunResult::peakAmplification),
    SYNCHRONY("synchrony", "", Direction.LOWER_IS_BETTER, RunResult::synchrony),
    P50("p50", "ms", Direction.LOWER_IS_BETTER, r -> r.request().p50()),
    P90("p90", "ms", Direction.LOWER_IS_BETTER, r -> r.request().p90()),
    P99("p99", "ms", Direction.LOWER_IS_BETTER, r -> r.request().p99()),
    P999("p999", "ms", Direction.LOWER_IS_BETTER, r -> r.request().p999()),
    MAX("max", "ms", Direction.LOWER_IS_BETTER, r -> r.request().max()),
    RECOVERY("recovery", "s", Direction.LOWER_IS_BETTER, RunResult::recoverySeconds),
    ATTEMPTS("attempts", "", Direction.LOWER_IS_BETTER, r -> r.attempts()),
    /** Requests that succeeded per second over the run (docs/metrics.md, goodput). */
    GOODPUT("goodput", "/s", Direction.HIGHER_IS_BETTER, RunResult::goodputPerSecond),
    /** Goodput per second from the end of the last overload window to the run's end; NaN without one. */
    GOODPUT_AFTER("goodputAfter", "/s", Direction.HIGHER_IS_BETTER, RunResult::goodputAfterPerSecond),
    /**
     * 1 when the run was client-bound (docs/metrics.md), 0 when not; NaN when unknown (a simulated run that refused too
     * few arrivals to be client-bound on that count alone: its lag is not measured), so a threshold
     * {@code clientBound: false} fails rather than passes on a run that could not tell.
     */
    CLIENT_BOUND("clientBound", "", Direction.LOWER_IS_BETTER,
            r -> r.clientBound() ? 1 : r.client() == null ? Double.NaN : 0);

    /** Which way a change is an improvement. */
    public enum Direction { HIGHER_IS_BETTER, LOWER_IS_BETTER }

    private final String key;
    private final String unit;
    private final Direction direction;
    private final ToDoubleFunction<RunResult> extractor;

    Metric(String key, String unit, Direction direction, ToDoubleFunction<RunResult> extractor) {
        this.key = key;
        this.unit = unit;
        this.direction = direction;
        this.extractor = extractor;
    }

    /** The name used in scenario thresholds, JSON and on the command line. */
    public String key() { return key; }

    /** {@code "ms"}, {@code "s"}, {@code "/s"} (a rate per second) or empty for a plain number. */
    public String unit() { return unit; }

    public Direction direction() { return direction; }

    /** This metric's value for {@code run}; NaN when not applicable, +Infinity for a recovery that never came. */
    public double of(RunResult run) { return extractor.applyAsDouble(run); }

    /**
     * The metric named {@code key} (as in {@link #key()}).
     *
     * @throws IllegalArgumentException listing the known names
     */
    public static Metric fromKey(String key) {
        for (Metric m : values()) if (m.key.equals(key)) return m;
        throw new IllegalArgumentException("unknown metric '" + key + "'; expected one of "
                + String.join(", ", keys()));
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Metric::key).toList();
    }

    /** {@code value} with this metric's unit, for people: {@code 1.73}, {@code 35000 ms}, {@code never}. */
    public String format(double value) {
        if (Double.isNaN(value)) return "n/a";
        if (this == RECOVERY && value == Double.POSITIVE_INFINITY) return "never";
        String number = number(value);
        if (unit.startsWith("/")) return number + unit;
        return unit.isEmpty() ? number : number + " " + unit;
    }

    /**
     * A number for people: whole numbers exact, from 100 up one decimal, below 100 four significant digits; no
     * exponent, no trailing zeros ({@code 1.734}, {@code 35000}, {@code 15040.5}, {@code 0.9912}).
     */
    public static String number(double value) {
        if (Double.isNaN(value)) return "n/a";
        if (Double.isInfinite(value)) return value > 0 ? "inf" : "-inf";
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
        BigDecimal d = Math.abs(value) >= 100 ? new BigDecimal(value).setScale(1, RoundingMode.HALF_EVEN)
                : new BigDecimal(value).round(new MathContext(4));
        return d.stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT);
    }
}
