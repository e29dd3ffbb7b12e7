package dev.stampede.report;

import dev.stampede.metrics.RunResult;

import java.io.PrintWriter;
import java.util.List;

/**
 * The per-template breakdown of a request mix ({@code mix:}), in the text and HTML reports: for each row and
 * template, requests, success, attempts (and attempts per request) and request latency p50/p99. Shown when a run
 * has more than one template.
 */
final class TemplateTable {

    private TemplateTable() {}

    static boolean shown(List<RunResult> runs) {
        return runs.stream().anyMatch(r -> !r.templates().isEmpty());
    }

    static void text(List<RunResult> runs, PrintWriter out) {
        if (!shown(runs)) return;
        out.println("Per request template (mix:): logical requests that started, success, attempts and attempts per");
        out.println("request, request latency p50/p99 from the intended start.");
        TextTable t = new TextTable(2);
        t.row("strategy", "template", "requests", "success", "attempts", "amplif.", "p50", "p99");
        for (RunResult r : runs) {
            for (RunResult.TemplateFigures f : r.templates()) {
                t.row(r.strategy(), f.name(), TextReport.count(f.requests()), TextReport.percent(f.successRate()),
                        TextReport.count(f.attempts()), TextReport.ratio(f.amplification()),
                        TextReport.millis(f.latency().p50()), TextReport.millis(f.latency().p99()));
            }
        }
        t.print(out, "  ");
        out.println();
    }

    static void html(StringBuilder b, List<RunResult> runs) {
        if (!shown(runs)) return;
        b.append("<h2>Per request template</h2>\n<p class=\"note\">One row per strategy and template of the mix: logical ")
                .append("requests that started, success, attempts and attempts per request, request latency p50/p99 from the ")
                .append("intended start.</p>\n<table>\n<thead><tr><th>strategy</th><th>template</th><th>requests</th>")
                .append("<th>success</th><th>attempts</th><th>amplification</th><th>p50</th><th>p99</th></tr></thead>\n<tbody>\n");
        for (RunResult r : runs) {
            boolean first = true;
            for (RunResult.TemplateFigures f : r.templates()) {
                b.append("<tr").append(first ? " class=\"first\"" : "").append("><td>")
                        .append(first ? HtmlReport.esc(r.strategy()) : "")
                        .append("</td><td>").append(HtmlReport.esc(f.name()))
                        .append("</td><td class=\"num\">").append(f.requests())
                        .append("</td><td class=\"num\">").append(HtmlReport.esc(TextReport.percent(f.successRate())))
                        .append("</td><td class=\"num\">").append(f.attempts())
                        .append("</td><td class=\"num\">").append(HtmlReport.esc(TextReport.ratio(f.amplification())))
                        .append("</td><td class=\"num\">").append(HtmlReport.esc(TextReport.millis(f.latency().p50())))
                        .append("</td><td class=\"num\">").append(HtmlReport.esc(TextReport.millis(f.latency().p99())))
                        .append("</td></tr>\n");
                first = false;
            }
        }
        b.append("</tbody>\n</table>\n");
    }
}
