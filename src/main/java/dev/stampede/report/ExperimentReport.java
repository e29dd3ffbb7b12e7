package dev.stampede.report;

import dev.stampede.experiment.Experiment;
import dev.stampede.experiment.Figure;
import dev.stampede.experiment.RowSummary;
import dev.stampede.experiment.Summary;
import dev.stampede.metrics.Comparison;
import dev.stampede.scenario.ThresholdSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The terminal report of repeats and sweeps (docs/reports.md, "Repeats and sweeps"): per row, each figure as
 * mean +/- half-width of its 95 % interval (rates as mean [low..high], the interval being asymmetric near 0 and 1);
 * a verdict that calls two rows a tie when their intervals overlap and says so; the thresholds, evaluated on the
 * mean. A sweep prints one table per headline figure (points down, rows across) and one verdict per point.
 * Plain ASCII, fixed width, Locale.ROOT.
 */
public final class ExperimentReport {

    private ExperimentReport() {}

    /** The figures a repeat table shows, when at least one row has a value. */
    static final List<Figure> TABLE = List.of(Figure.SUCCESS_RATE, Figure.ATTEMPTS, Figure.AMPLIFICATION,
            Figure.PEAK_AMPLIFICATION, Figure.P50, Figure.P99, Figure.MAX, Figure.RECOVERY, Figure.COMPLETION);

    /** The figures a sweep prints as tables: the AWS blog's work and time, then what users see. */
    static final List<Figure> SWEEP_TABLES = List.of(Figure.ATTEMPTS, Figure.COMPLETION, Figure.SUCCESS_RATE, Figure.P99);

    /**
     * Renders {@code result} to {@code out} (flushed).
     *
     * @param thresholds as evaluated by {@link #thresholds}
     * @param quiet      only the verdicts and the failed thresholds
     */
    public static void render(Experiment.Result result, String mode, List<Checked> thresholds,
                              PrintWriter out, boolean quiet) {
        if (!quiet) {
            out.printf(Locale.ROOT, "stampede %s: %s, %d repeat%s a row (seeds %d..%d), mean +/- 95 %% interval%s%n",
                    result.scenario().name(), mode, result.repeats(), result.repeats() == 1 ? "" : "s",
                    result.scenario().seed(), result.scenario().seed() + result.repeats() - 1,
                    result.sweep() == null ? "" : ", sweep of " + result.sweep().key() + " over "
                            + result.sweep().points().size() + " points");
            if (result.partial()) out.println(partialLine(result));
            out.println();
        }
        if (result.sweep() == null) {
            List<RowSummary> rows = result.points().get(0).rows();
            if (!quiet) {
                table(rows, out);
                out.println();
            }
            out.println(verdict(rows, result.repeats()));
            if (quiet && result.partial()) out.println(partialLine(result));
        } else {
            if (!quiet) {
                for (Figure f : SWEEP_TABLES) sweepTable(result, f, out);
            }
            for (Experiment.PointResult p : result.points()) {
                out.println(result.sweep().key() + "=" + p.point().text() + ": " + verdict(p.rows(), result.repeats()));
            }
            if (quiet && result.partial()) out.println(partialLine(result));
        }
        if (!quiet) {
            out.println();
            out.println("Intervals: Student t over the per-repeat values (the repeat is the unit); rates: Wilson score");
            out.println("interval with the repeats' effective sample size (stays inside 0..1). Rows whose intervals overlap tie.");
        }
        printThresholds(thresholds, out, quiet);
        out.flush();
    }

    private static void table(List<RowSummary> rows, PrintWriter out) {
        List<Figure> shown = new ArrayList<>(TABLE.stream().filter(f -> rows.stream().anyMatch(r -> !Double.isNaN(r.get(f).mean()))).toList());
        // degraded answers (local fallback tiers) on their own, only when some row has any
        if (rows.stream().anyMatch(r -> r.get(Figure.DEGRADED).mean() > 0)) shown.add(1, Figure.DEGRADED);
        TextTable t = new TextTable(1);
        List<String> head = new ArrayList<>();
        head.add("row");
        for (Figure f : shown) head.add(f.header());
        t.row(head.toArray(String[]::new));
        for (RowSummary r : rows) {
            List<String> cells = new ArrayList<>();
            cells.add(r.row());
            for (Figure f : shown) cells.add(cell(f, r.get(f)));
            t.row(cells.toArray(String[]::new));
        }
        t.print(out, "");
    }

    private static void sweepTable(Experiment.Result result, Figure f, PrintWriter out) {
        List<Experiment.PointResult> points = result.points();
        boolean any = points.stream().flatMap(p -> p.rows().stream()).anyMatch(r -> !Double.isNaN(r.get(f).mean()));
        if (!any) return;
        out.println(f.key() + (f.unit().isEmpty() ? "" : " (" + f.unit() + ")") + " against " + result.sweep().key() + ":");
        TextTable t = new TextTable(1);
        List<String> head = new ArrayList<>();
        head.add(result.sweep().key());
        for (RowSummary r : points.get(0).rows()) head.add(r.row());
        t.row(head.toArray(String[]::new));
        for (Experiment.PointResult p : points) {
            List<String> cells = new ArrayList<>();
            cells.add(p.point().text());
            for (RowSummary r : p.rows()) cells.add(cell(f, r.get(f)));
            t.row(cells.toArray(String[]::new));
        }
        t.print(out, "  ");
        out.println();
    }

    /** The line that marks a stopped experiment: how many runs finished of how many asked for. */
    static String partialLine(Experiment.Result result) {
        int rows = result.scenario().rows().size();
        int points = result.sweep() == null ? 1 : result.sweep().points().size();
        return String.format(Locale.ROOT, "PARTIAL: interrupted; %d of %d runs finished, and only they are reported "
                + "(each row's repeat count is its own)", result.finishedRuns(), points * rows * result.repeats());
    }

    /** {@code 1.73 +/-0.02}, {@code 99.20% [98.91%..99.47%]}, {@code 12.0ms +/-0.4ms}, {@code never},
     *  {@code never in 2/3} (some repeats recovered), {@code -}. */
    static String cell(Figure f, Summary s) {
        if (Double.isNaN(s.mean())) return "-";
        if (Double.isInfinite(s.mean())) return s.infinite() < s.n() ? "never in " + s.infinite() + "/" + s.n() : "never";
        if (!s.hasInterval()) return value(f, s.mean());
        if (s.low() == s.high()) return value(f, s.mean()) + " +/-0";
        if (f.isRate()) return value(f, s.mean()) + " [" + value(f, s.low()) + ".." + value(f, s.high()) + "]";
        return value(f, s.mean()) + " +/-" + value(f, (s.high() - s.low()) / 2);
    }

    /** One value of {@code f} in its unit. */
    static String value(Figure f, double v) {
        return switch (f) {
            case SUCCESS_RATE, DEGRADED -> TextReport.percent(v);
            case P50, P90, P99, P999, MAX -> TextReport.millis(v);
            case RECOVERY, COMPLETION -> Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2fs", v);
            case ATTEMPTS -> String.format(Locale.ROOT, "%.1f", v);
            default -> TextReport.ratio(v);
        };
    }

    /**
     * The repeat verdict. For users: the highest mean success rate; every row whose success interval overlaps it
     * ties on success, and the lowest mean p99 among them wins, itself tied with the rows whose p99 interval overlaps
     * its own. For the server: the lowest mean amplification, tied with every row whose interval overlaps. Each tie
     * is named.
     */
    static String verdict(List<RowSummary> rows, int repeats) {
        if (rows.isEmpty()) return "Verdict: nothing was run.";
        int fewest = rows.stream().mapToInt(r -> r.repeats().size()).min().orElse(repeats);
        int most = rows.stream().mapToInt(r -> r.repeats().size()).max().orElse(repeats);
        String lead = fewest == repeats && most == repeats
                ? "Verdict (" + repeats + " repeat" + (repeats == 1 ? "" : "s") + ", 95 % intervals): "
                : "Verdict (PARTIAL: " + (fewest == most ? fewest : fewest + ".." + most) + " of " + repeats
                        + " repeats finished, 95 % intervals): ";
        RowSummary bestSuccess = best(rows, Figure.SUCCESS_RATE);
        List<RowSummary> successTies = ties(rows, bestSuccess, Figure.SUCCESS_RATE);
        List<RowSummary> contenders = new ArrayList<>(successTies);
        contenders.add(0, bestSuccess);
        RowSummary user = best(contenders, Figure.P99);
        List<RowSummary> p99Ties = ties(contenders, user, Figure.P99);
        StringBuilder v = new StringBuilder(lead).append("best for users ").append(user.row()).append(" (success ")
                .append(cell(Figure.SUCCESS_RATE, user.get(Figure.SUCCESS_RATE))).append(", p99 ")
                .append(cell(Figure.P99, user.get(Figure.P99))).append(")");
        if (!successTies.isEmpty()) {
            List<String> names = contenders.stream().filter(r -> r != user).map(RowSummary::row).toList();
            if (!names.isEmpty()) v.append("; success ties with ").append(String.join(", ", names)).append(" (intervals overlap), p99 decides");
        }
        if (!p99Ties.isEmpty()) {
            v.append("; p99 ties with ").append(String.join(", ", p99Ties.stream().map(RowSummary::row).toList()))
                    .append(" (intervals overlap): a tie for users");
        }
        RowSummary server = best(rows, Figure.AMPLIFICATION);
        List<RowSummary> serverTies = ties(rows, server, Figure.AMPLIFICATION);
        v.append("; best for the server ").append(server.row()).append(" (amplification ")
                .append(cell(Figure.AMPLIFICATION, server.get(Figure.AMPLIFICATION))).append(")");
        if (!serverTies.isEmpty()) {
            v.append("; ties with ").append(String.join(", ", serverTies.stream().map(RowSummary::row).toList()))
                    .append(" (intervals overlap)");
        }
        return v.append(".").toString();
    }

    /** The row with the best mean of {@code f} (NaN worst; first in row order on equal means). */
    private static RowSummary best(List<RowSummary> rows, Figure f) {
        Comparator<RowSummary> byMean = Comparator.comparingDouble(r -> {
            double m = r.get(f).mean();
            if (Double.isNaN(m)) return Double.POSITIVE_INFINITY;
            return f.better() == Figure.Better.LOWER ? m : -m;
        });
        return rows.stream().min(byMean).orElseThrow();
    }

    /** The other rows whose interval of {@code f} overlaps {@code best}'s. */
    private static List<RowSummary> ties(List<RowSummary> rows, RowSummary best, Figure f) {
        return rows.stream().filter(r -> r != best && r.get(f).overlaps(best.get(f))).toList();
    }

    /**
     * One threshold checked at one sweep point.
     *
     * @param point the swept value ({@code KEY=VALUE}), or {@code null} without a sweep
     * @param basis what was compared: the mean, or the far end of the 95 % interval
     * @param mean  the figure's mean over the repeats (the compared value is {@code result.actual()})
     */
    public record Checked(String point, Comparison.ThresholdResult result, ThresholdSpec.Basis basis, double mean) {

        /** A threshold on the mean. */
        public Checked(String point, Comparison.ThresholdResult result) {
            this(point, result, ThresholdSpec.Basis.MEAN, result.actual());
        }

        /** What the figure was, as the text report names it: "mean 1.2", "upper end 1.3", "lower end 0.98". */
        String actualText() {
            String number = Metric.number(result.actual());
            if (basis == ThresholdSpec.Basis.MEAN) return "mean " + number;
            return (result.op().startsWith("<") ? "upper end " : "lower end ") + number;
        }
    }

    /**
     * The scenario's thresholds on each row's mean (or, for an {@code interval} threshold, the far end of its
     * interval), at every point, in point then row then threshold order.
     */
    public static List<Checked> thresholds(Experiment.Result r) {
        List<Checked> out = new ArrayList<>();
        for (Experiment.PointResult p : r.points()) {
            String at = p.point() == null ? null : r.sweep().key() + "=" + p.point().text();
            for (RowSummary row : p.rows()) {
                for (ThresholdSpec t : r.scenario().thresholds()) {
                    if (!t.appliesTo(row.row())) continue;
                    Figure f = Figure.byKey(t.metric());
                    out.add(new Checked(at, check(t, row), t.basis(), f == null ? Double.NaN : row.get(f).mean()));
                }
            }
        }
        return out;
    }

    /**
     * The scenario's thresholds evaluated on each row's mean (docs/metrics.md, "Thresholds"): with repeats, a
     * threshold is about the mean over seeds. A figure without a mean (not measured) fails, as for one run.
     */
    public static List<Comparison.ThresholdResult> thresholds(List<ThresholdSpec> specs, List<RowSummary> rows) {
        List<Comparison.ThresholdResult> out = new ArrayList<>();
        for (RowSummary r : rows) {
            for (ThresholdSpec t : specs) {
                if (!t.appliesTo(r.row())) continue;
                out.add(check(t, r));
            }
        }
        return out;
    }

    /**
     * One threshold on one row: on the mean, or on the interval's end a passing figure must not cross (the upper end
     * for {@code <} and {@code <=}, the lower end for {@code >} and {@code >=}); with one repeat there is no interval
     * and an interval threshold is judged on the mean, the only value there is. A figure without a mean fails.
     */
    static Comparison.ThresholdResult check(ThresholdSpec t, RowSummary r) {
        Figure f = Figure.byKey(t.metric());
        Summary s = f == null ? null : r.get(f);
        double actual = s == null ? Double.NaN : s.mean();
        if (s != null && t.basis() == ThresholdSpec.Basis.INTERVAL && s.hasInterval()) {
            actual = switch (t.op()) {
                case LT, LE -> s.high();
                case GT, GE -> s.low();
            };
        }
        boolean pass = !Double.isNaN(actual) && t.op().holds(actual, t.value());
        return new Comparison.ThresholdResult(r.row(), t.metric(), t.op().symbol, t.value(), actual, pass);
    }

    private static void printThresholds(List<Checked> results, PrintWriter out, boolean quiet) {
        List<Checked> shown = quiet ? results.stream().filter(t -> !t.result().pass()).toList() : results;
        if (shown.isEmpty()) return;
        if (!quiet) out.println();
        long failed = results.stream().filter(t -> !t.result().pass()).count();
        boolean anyInterval = results.stream().anyMatch(c -> c.basis() == ThresholdSpec.Basis.INTERVAL);
        out.printf(Locale.ROOT, "Thresholds (on the %s over repeats): %d of %d passed%n",
                anyInterval ? "mean or the 95 % interval's end" : "mean", results.size() - failed, results.size());
        TextTable t = new TextTable(5);
        for (Checked c : shown) {
            Comparison.ThresholdResult r = c.result();
            t.row(r.pass() ? "pass" : "FAIL", c.point() == null ? "" : c.point(), r.strategy(),
                    r.metric() + " " + (c.basis() == ThresholdSpec.Basis.INTERVAL ? "interval " : "") + r.op() + " "
                            + Metric.number(r.value()), c.actualText());
        }
        t.print(out, "  ");
    }
}
