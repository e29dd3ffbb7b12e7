package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CI regression comparison of two results (what {@code stampede diff} prints): per strategy present in both,
 * each metric's baseline, current value and relative change, marked when it got worse by more than the tolerance.
 * "Worse" follows {@link Metric#direction()}: a lower success rate, or a higher latency, amplification, peak
 * amplification, synchrony, recovery or attempt count.
 *
 * <p>Rules at the edges: a metric that is NaN (not measured) on either side is shown and not judged; a baseline of
 * 0 makes any worsening a regression (no relative tolerance applies to zero); a recovery that never came
 * (+Infinity) is worse than any finite one.
 *
 * @param tolerance      allowed relative worsening, e.g. 0.10 for 10 %
 * @param rows           strategy by strategy (baseline order), metric by metric
 * @param onlyInBaseline strategies the current result lacks (listed, not compared)
 * @param onlyInCurrent  strategies the baseline lacks (listed, not compared)
 */
public record ResultDiff(double tolerance, List<Row> rows, List<String> onlyInBaseline, List<String> onlyInCurrent) {

    /**
     * One metric of one strategy.
     *
     * @param change relative change (current − baseline) / |baseline|; NaN when not comparable, ±Infinity from a zero baseline
     */
    public record Row(String strategy, Metric metric, double baseline, double current, double change, boolean regression) {}

    public ResultDiff {
        rows = List.copyOf(rows);
        onlyInBaseline = List.copyOf(onlyInBaseline);
        onlyInCurrent = List.copyOf(onlyInCurrent);
    }

    /**
     * Compares {@code current} against {@code baseline}.
     *
     * @param tolerance allowed relative worsening, {@code >= 0}
     * @param metrics   the metrics to compare, in display order
     */
    public static ResultDiff compare(Comparison baseline, Comparison current, double tolerance, List<Metric> metrics) {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be a finite number >= 0, got " + tolerance);
        }
        Map<String, RunResult> now = byStrategy(current);
        Map<String, RunResult> before = byStrategy(baseline);
        List<Row> rows = new ArrayList<>();
        List<String> onlyInBaseline = new ArrayList<>();
        for (RunResult b : before.values()) {
            RunResult c = now.get(b.strategy());
            if (c == null) {
                onlyInBaseline.add(b.strategy());
                continue;
            }
            for (Metric m : metrics) rows.add(row(b.strategy(), m, m.of(b), m.of(c), tolerance));
        }
        List<String> onlyInCurrent = now.keySet().stream().filter(s -> !before.containsKey(s)).toList();
        return new ResultDiff(tolerance, rows, onlyInBaseline, onlyInCurrent);
    }

    /** The row for one metric; public for tests of the direction rules. */
    public static Row row(String strategy, Metric metric, double baseline, double current, double tolerance) {
        if (Double.isNaN(baseline) || Double.isNaN(current)) return new Row(strategy, metric, baseline, current, Double.NaN, false);
        double change = baseline == current ? 0 : (current - baseline) / Math.abs(baseline);
        if (Double.isNaN(change)) change = current > baseline ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY; // ∞ − ∞
        double worsening = metric.direction() == Metric.Direction.HIGHER_IS_BETTER ? -change : change;
        return new Row(strategy, metric, baseline, current, change, worsening > tolerance);
    }

    public boolean hasRegression() {
        return rows.stream().anyMatch(Row::regression);
    }

    public List<Row> regressions() {
        return rows.stream().filter(Row::regression).toList();
    }

    /**
     * Parses a tolerance: {@code 10%}, {@code 2.5 %} or a fraction {@code 0.1}.
     *
     * @throws IllegalArgumentException saying what is expected
     */
    public static double parseTolerance(String text) {
        Matcher m = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(%?)\\s*").matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("--tolerance expects a percentage such as 10% or a fraction such as 0.1, got '" + text + "'");
        }
        double v = Double.parseDouble(m.group(1));
        return m.group(2).isEmpty() ? v : v / 100;
    }

    /** The side-by-side table, the lists of unmatched strategies and a one-line verdict. */
    public void render(PrintWriter out) {
        String tol = Metric.number(tolerance * 100) + "%";
        int metricWidth = Math.max(6, rows.stream().mapToInt(r -> r.metric().key().length()).max().orElse(6));
        String format = "  %-" + metricWidth + "s  %14s  %14s  %9s  %s%n";
        String strategy = null;
        for (Row r : rows) {
            if (!r.strategy().equals(strategy)) {
                strategy = r.strategy();
                out.printf(Locale.ROOT, "%n%s%n", strategy);
                out.printf(Locale.ROOT, format, "metric", "baseline", "current", "change", "");
            }
            String mark = r.regression() ? "WORSE beyond " + tol : "";
            out.printf(Locale.ROOT, format, r.metric().key(), r.metric().format(r.baseline()), r.metric().format(r.current()), change(r), mark);
        }
        if (!onlyInBaseline.isEmpty()) out.printf(Locale.ROOT, "%nOnly in the baseline (not compared): %s%n", String.join(", ", onlyInBaseline));
        if (!onlyInCurrent.isEmpty()) out.printf(Locale.ROOT, "%nOnly in the current result (not compared): %s%n", String.join(", ", onlyInCurrent));
        List<Row> worse = regressions();
        out.println();
        if (worse.isEmpty()) {
            out.printf(Locale.ROOT, "No regression beyond %s (%d comparisons).%n", tol, rows.size());
        } else {
            Map<String, List<String>> byStrategy = new LinkedHashMap<>();
            for (Row r : worse) byStrategy.computeIfAbsent(r.strategy(), k -> new ArrayList<>()).add(r.metric().key() + " " + change(r));
            List<String> parts = new ArrayList<>();
            byStrategy.forEach((s, ms) -> parts.add(s + ": " + String.join(", ", ms)));
            out.printf(Locale.ROOT, "REGRESSION: %d metric%s worse beyond %s — %s%n", worse.size(), worse.size() == 1 ? "" : "s", tol,
                    String.join("; ", parts));
        }
        out.flush();
    }

    private static String change(Row r) {
        if (Double.isNaN(r.change())) return "n/a";
        if (Double.isInfinite(r.change())) return r.change() > 0 ? "+inf" : "-inf";
        return String.format(Locale.ROOT, "%+.1f%%", 100 * r.change());
    }

    private static Map<String, RunResult> byStrategy(Comparison c) {
        Map<String, RunResult> m = new LinkedHashMap<>();
        for (RunResult r : c.runs()) m.putIfAbsent(r.strategy(), r);
        return m;
    }
}
