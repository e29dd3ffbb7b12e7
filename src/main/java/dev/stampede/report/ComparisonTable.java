package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;

import java.awt.Color;
import java.util.List;
import java.util.Locale;

/** The HTML comparison table: strategies as rows, the best value of each comparable column marked. */
final class ComparisonTable {

    /** The columns that have a better direction, in display order. */
    private static final List<Metric> RANKED = List.of(Metric.SUCCESS_RATE, Metric.ATTEMPTS, Metric.AMPLIFICATION,
            Metric.PEAK_AMPLIFICATION, Metric.SYNCHRONY, Metric.P50, Metric.P99, Metric.P999, Metric.MAX, Metric.RECOVERY,
            Metric.GOODPUT, Metric.GOODPUT_AFTER);

    private ComparisonTable() {}

    static void append(StringBuilder b, Comparison c) {
        List<RunResult> runs = c.runs();
        // wide with every column: it scrolls sideways inside the page rather than overflowing it
        b.append("<div class=\"scroll\"><table class=\"comparison\">\n<thead><tr><th>strategy</th><th class=\"num\">requests</th>");
        for (Metric m : RANKED) b.append("<th class=\"num\">").append(heading(m)).append("</th>");
        b.append("<th class=\"num\">wasted %</th>");
        boolean degraded = runs.stream().anyMatch(r -> r.requests().degraded() > 0);
        if (degraded) b.append("<th class=\"num\">degraded</th>");
        boolean dup = Duplicates.shown(runs);
        if (dup) b.append("<th class=\"num\">dup.</th>");
        boolean cost = Money.shown(runs);
        if (cost) b.append("<th class=\"num\">cost</th><th class=\"num\">cost/ok</th>");
        b.append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < runs.size(); i++) {
            RunResult r = runs.get(i);
            Color colour = ReportCharts.colour(i);
            b.append("<tr><td><span class=\"swatch\" style=\"background:#")
                    .append(String.format(Locale.ROOT, "%06x", colour.getRGB() & 0xFFFFFF)).append("\"></span>")
                    .append(HtmlReport.esc(r.strategy())).append(r.partial() ? " (partial)" : "")
                    .append(r.clientBound() ? " (client-bound)" : "").append("</td><td class=\"num\">")
                    .append(r.requests().started()).append("</td>");
            for (Metric m : RANKED) {
                double v = m.of(r);
                boolean best = runs.size() > 1 && isBest(m, v, runs);
                b.append("<td class=\"num").append(best ? " best" : "").append("\"")
                        .append(best ? " title=\"best\"" : "").append(">").append(HtmlReport.esc(cell(m, v)))
                        .append(best ? " ★" : "").append("</td>");
            }
            double wasted = r.wastedShare();
            b.append("<td class=\"num\">").append(Double.isNaN(wasted) ? "—" : Metric.number(100 * wasted)).append("</td>");
            if (degraded) {
                double d = r.requests().degradedShare();
                b.append("<td class=\"num\">").append(Double.isNaN(d) ? "—" : Metric.number(100 * d) + " %").append("</td>");
            }
            if (dup) b.append("<td class=\"num\">").append(Duplicates.cell(Duplicates.of(r)).replace("-", "—")).append("</td>");
            if (cost) {
                b.append("<td class=\"num\">").append(Money.cell(r.cost()).replace("-", "—")).append("</td><td class=\"num\">")
                        .append(Money.cell(r.costPerSuccess()).replace("-", "—")).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table></div>\n<p class=\"note\">★ best in its column. Latency: request latency in ms")
                .append(runs.stream().anyMatch(RunResult::closedLoop) ? " (closed loop)" : " from the intended start")
                .append("; amplification = attempts / requests; peak = worst 1 s interval; synchrony = peak-to-mean of attempts per ")
                .append("100 ms during overload (1 = smooth); recovery = time from the end of the last overload phase until the failure ")
                .append("rate settled (never = metastable); goodput = requests that succeeded per second of the run, goodput after = the same ")
                .append("from the end of the last overload window to the run's end; wasted % = the embedded server's busy time ")
                .append("spent on attempts whose client had already stopped waiting (— without a server view)")
                .append(dup ? "; dup. = duplicate executions: work the embedded server completed again for a logical request it had "
                        + "already completed" : "")
                .append(degraded ? "; degraded = requests answered locally by a cached or static fallback tier (neither success "
                        + "nor failure, not goodput), over requests that concluded" : "")
                .append(cost ? "; cost = what all the run's attempts cost at the policy's prices per tier, in your currency; "
                        + "cost/ok = cost over the requests that succeeded (degraded local answers cost nothing; — = unpriced, "
                        + "or no success)" : "")
                .append(".")
                .append(runs.stream().anyMatch(RunResult::clientBound) ? " client-bound = stampede's own lag is a large part "
                        + "of the latency measured, or stampede itself refused more than "
                        + dev.stampede.metrics.ClientView.refusedShareText() + " of the arrivals (clientSaturated): the row "
                        + "describes stampede rather than the target." : "")
                .append("</p>\n");
    }

    private static String heading(Metric m) {
        return switch (m) {
            case SUCCESS_RATE -> "success";
            case PEAK_AMPLIFICATION -> "peak ampl.";
            case AMPLIFICATION -> "amplification";
            case P999 -> "p99.9 (ms)";
            case P50, P99, MAX -> m.key() + " (ms)";
            case RECOVERY -> "recovery (s)";
            case GOODPUT -> "goodput/s";
            case GOODPUT_AFTER -> "goodput after/s";
            default -> m.key();
        };
    }

    private static String cell(Metric m, double v) {
        if (m == Metric.SUCCESS_RATE) return Double.isNaN(v) ? "n/a" : Metric.number(100 * v) + " %";
        if (m == Metric.RECOVERY && v == Double.POSITIVE_INFINITY) return "never";
        return Metric.number(v).replace("n/a", "—");
    }

    private static boolean isBest(Metric m, double v, List<RunResult> runs) {
        if (Double.isNaN(v)) return false;
        for (RunResult other : runs) {
            double o = m.of(other);
            if (Double.isNaN(o)) continue;
            if (m.direction() == Metric.Direction.HIGHER_IS_BETTER ? o > v : o < v) return false;
        }
        return true;
    }
}
