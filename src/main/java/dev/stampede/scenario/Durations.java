package dev.stampede.scenario;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them: {@code 250ms}, {@code 1s}, {@code 1.5s}, {@code 2m}, {@code 1h}, {@code 500us}. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h)\\s*");

    private Durations() {}

    /**
     * @throws IllegalArgumentException naming what was expected, when {@code text} is not a duration
     */
    public static Duration parse(String text) {
        Matcher m = text == null ? null : DURATION.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 250ms, 1s, 2m or 1h, got '" + text + "'");
        }
        double n = Double.parseDouble(m.group(1));
        double nanosPerUnit = switch (m.group(2)) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> throw new AssertionError(m.group(2));
        };
        double nanos = n * nanosPerUnit;
        if (nanos > Long.MAX_VALUE) throw new IllegalArgumentException("duration too long: '" + text + "'");
        return Duration.ofNanos(Math.round(nanos));
    }

    /** The shortest exact rendering in one unit: {@code 250ms}, {@code 1s}, {@code 1.5s}, {@code 2m}. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) return "0s";
        if (nanos % 3_600_000_000_000L == 0) return nanos / 3_600_000_000_000L + "h";
        if (nanos % 60_000_000_000L == 0) return nanos / 60_000_000_000L + "m";
        if (nanos % 1_000_000_000L == 0) return nanos / 1_000_000_000L + "s";
        if (nanos >= 1_000_000_000L && nanos % 1_000_000L == 0) return stripZeros(nanos / 1e9) + "s";
        if (nanos % 1_000_000L == 0) return nanos / 1_000_000L + "ms";
        if (nanos % 1_000L == 0) return nanos / 1_000L + "us";
        return nanos + "ns";
    }

    private static String stripZeros(double v) {
        String s = java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return s;
    }
}
