package dev.stampede.experiment;

import dev.stampede.scenario.NumericOverride;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sweep of one numeric scenario key: {@code KEY=FROM..TO:STEP} (both ends included) or {@code KEY=a,b,c}.
 * Values may carry the key's unit ({@code load.rate=100/s..400/s:100/s}, {@code retry.base=5ms,10ms,20ms}); all
 * values of one sweep share one unit; a value written without it takes it ({@code 5..20ms:5} is 5ms, 10ms, 15ms,
 * 20ms). The unit is never guessed from the file: a duration swept without a unit is reported by the scenario's
 * validation ("missing unit", at the line of the value it replaced). The step is {@code :} because {@code /}
 * belongs to rates. Each point is applied to the scenario's YAML tree before validation ({@link #overrides}).
 *
 * @param key    dotted key path, such as {@code load.clients}
 * @param points the values in order, at least one
 */
public record Sweep(String key, List<Point> points) {

    /** The most points one sweep may have: a mistyped step must not start a million runs. */
    public static final int MAX_POINTS = 10_000;

    private static final Pattern VALUE = Pattern.compile("\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*([A-Za-zµ%/]*)\\s*");
    private static final String SYNTAX = "expected KEY=FROM..TO:STEP such as load.clients=10..190:10, or KEY=a,b,c such as "
            + "load.rate=100/s,200/s,400/s";

    public Sweep {
        Objects.requireNonNull(key, "key");
        points = List.copyOf(points);
        if (points.isEmpty()) throw new IllegalArgumentException("--sweep " + key + ": no values");
    }

    /**
     * One value of the swept key.
     *
     * @param text  the value as the scenario gets it, with its unit ({@code 40}, {@code 100/s})
     * @param x     its number, for charts and the CSV
     */
    public record Point(String text, double x) {}

    /** The key's unit as the values write it ({@code ms}, {@code /s}); empty for a plain number. */
    public String unit() {
        Matcher m = VALUE.matcher(points.get(0).text());
        return m.matches() ? m.group(2) : "";
    }

    /** What applies {@code point} to the scenario's YAML tree. */
    public List<NumericOverride> overrides(Point point) {
        return List.of(new NumericOverride(key, point.text(), "--sweep " + key + "=" + point.text()));
    }

    /**
     * Parses {@code KEY=FROM..TO:STEP} or {@code KEY=a,b,c}.
     *
     * @throws IllegalArgumentException naming what is wrong and what is expected
     */
    public static Sweep parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("--sweep: '" + spec + "' has no KEY= (" + SYNTAX + ")");
        String key = spec.substring(0, eq).strip();
        String values = spec.substring(eq + 1).strip();
        if (values.isEmpty()) throw new IllegalArgumentException("--sweep " + key + ": no values (" + SYNTAX + ")");
        // the key path is checked here so that a typo is reported before any value
        new NumericOverride(key, "0", "--sweep");
        return values.contains("..") ? range(key, values) : list(key, values);
    }

    private static Sweep range(String key, String values) {
        String where = "--sweep " + key + "=" + values;
        int dots = values.indexOf("..");
        int colon = values.indexOf(':', dots);
        if (colon < 0) throw new IllegalArgumentException(where + ": a range needs a step (" + SYNTAX + ")");
        Number from = number(where, "FROM", values.substring(0, dots));
        Number to = number(where, "TO", values.substring(dots + 2, colon));
        Number step = number(where, "STEP", values.substring(colon + 1));
        String unit = sharedUnit(where, List.of(from, to, step));
        if (step.value.signum() <= 0) throw new IllegalArgumentException(where + ": STEP must be > 0 (got " + step.text + ")");
        if (to.value.compareTo(from.value) < 0) {
            throw new IllegalArgumentException(where + ": TO must be >= FROM (got " + from.text + ".." + to.text + ")");
        }
        BigDecimal count = to.value.subtract(from.value).divideToIntegralValue(step.value);
        if (count.compareTo(BigDecimal.valueOf(MAX_POINTS)) >= 0) {
            throw new IllegalArgumentException(where + ": more than " + MAX_POINTS + " points; use a larger STEP");
        }
        List<Point> points = new ArrayList<>();
        // exact decimal steps: 0.1..0.3:0.1 is 0.1, 0.2, 0.3, never 0.30000000000000004
        for (BigDecimal v = from.value; v.compareTo(to.value) <= 0; v = v.add(step.value)) points.add(point(v, unit));
        return new Sweep(key, points);
    }

    private static Sweep list(String key, String values) {
        String where = "--sweep " + key + "=" + values;
        List<Number> numbers = new ArrayList<>();
        for (String part : values.split(",", -1)) numbers.add(number(where, "a value", part));
        String unit = sharedUnit(where, numbers);
        Set<BigDecimal> seen = new LinkedHashSet<>();
        List<Point> points = new ArrayList<>();
        for (Number n : numbers) {
            if (!seen.add(n.value.stripTrailingZeros())) throw new IllegalArgumentException(where + ": " + n.text + " is listed twice");
            points.add(point(n.value, unit));
        }
        return new Sweep(key, points);
    }

    private record Number(String text, BigDecimal value, String unit) {}

    private static Number number(String where, String what, String text) {
        Matcher m = VALUE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(where + ": " + what + " is not a number (got '" + text.strip()
                    + "'; expected a number with an optional unit such as 40, 250ms or 100/s; " + SYNTAX + ")");
        }
        return new Number(text.strip(), new BigDecimal(m.group(1)), m.group(2));
    }

    /** The one unit the values write; a value without a unit takes the others'. */
    private static String sharedUnit(String where, List<Number> numbers) {
        Set<String> units = new LinkedHashSet<>();
        for (Number n : numbers) if (!n.unit.isEmpty()) units.add(n.unit);
        if (units.size() > 1) {
            throw new IllegalArgumentException(where + ": the values must share one unit (got " + String.join(" and ", units) + ")");
        }
        return units.isEmpty() ? "" : units.iterator().next();
    }

    private static Point point(BigDecimal v, String unit) {
        String number = v.stripTrailingZeros().toPlainString();
        return new Point(number + unit, v.doubleValue());
    }
}
