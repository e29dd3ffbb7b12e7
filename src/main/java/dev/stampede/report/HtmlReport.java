package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import dev.stampede.scenario.PhaseSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One self-contained HTML page for people: the comparison table, attempts/s over time per strategy with the
 * overload phases shaded (retry waves show as spikes above the arrival line), the latency percentile
 * distribution on HdrHistogram's log axis, amplification and success bars, thresholds, statuses.
 *
 * <p>Self-contained means: opens offline and fetches nothing — inline CSS, inline SVG charts
 * ({@link ReportCharts}), system fonts, no scripts, no images, no links to other hosts.
 */
public final class HtmlReport {

    private HtmlReport() {}

    /**
     * Writes the page atomically, shading the stretches in which the mock forced 529s (inferred, because a
     * saved result does not carry the scenario's phases). Prefer {@link #write(Comparison, List, Path)} when the
     * scenario is at hand.
     */
    public static void write(Comparison comparison, Path file) throws IOException {
        write(comparison, null, file);
    }

    /**
     * Writes the page atomically, shading the scenario's scripted overload phases.
     *
     * @param phases the scenario's phases, or {@code null} when unknown (then inferred from the server view)
     */
    public static void write(Comparison comparison, List<PhaseSpec> phases, Path file) throws IOException {
        String page = render(comparison, phases);
        AtomicFiles.write(file, out -> out.write(page.getBytes(StandardCharsets.UTF_8)));
    }

    /** The page as a string; see {@link #write(Comparison, List, Path)}. */
    public static String render(Comparison comparison, List<PhaseSpec> phases) {
        List<RunResult> runs = comparison.runs();
        ReportCharts charts = new ReportCharts();
        StringBuilder b = new StringBuilder(256 * 1024);
        String title = "stampede · " + comparison.scenarioName();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        header(b, comparison);
        if (runs.isEmpty()) {
            b.append("<p class=\"warn\">This result holds no runs.</p>\n</body>\n</html>\n");
            return b.toString();
        }
        b.append("<h2>Comparison</h2>\n");
        ComparisonTable.append(b, comparison);
        thresholds(b, comparison);
        phaseTable(b, runs);
        DegradedAnswers.html(runs, b);
        TemplateTable.html(b, runs);

        b.append("<h2>Attempts per second</h2>\n<p class=\"note\">One point per timeline interval. ")
                .append("Coloured: attempts sent (first tries and retries); dashed grey: arrivals (new requests); red: 529 responses; ")
                .append("dotted green: goodput (requests that succeeded, counted when they ended). ")
                .append(phases == null ? "Shaded: stretches in which the mock forced 529s or errors (inferred from its own counts)."
                        : "Shaded: the scenario's scripted overload phases.")
                .append(" Attempts above the arrival line are retries; synchronized retries show as waves.</p>\n");
        phaseList(b, runs, phases);
        double yMax = 0;
        for (RunResult r : runs) {
            double step = HgrmFiles.intervalSeconds(r);
            for (RunResult.Interval i : ReportCharts.plotted(r)) yMax = Math.max(yMax, Math.max(i.attempts(), i.arrivals()) / step);
        }
        b.append("<div class=\"grid\">\n");
        for (int i = 0; i < runs.size(); i++) {
            RunResult r = runs.get(i);
            b.append("<figure class=\"chart\" id=\"attempts-").append(i).append("\" data-strategy=\"").append(esc(r.strategy()))
                    .append("\">\n").append(charts.attemptsPerSecond(r, i, bands(r, phases), yMax)).append("\n</figure>\n");
        }
        b.append("</div>\n");
        if (runs.size() > 1) {
            b.append("<figure class=\"chart wide\">\n").append(charts.attemptsOverlay(runs, bands(longest(runs), phases)))
                    .append("\n</figure>\n");
        }

        serverLoad(b, charts, runs, phases);

        b.append("<h2>Latency percentile distribution</h2>\n<p class=\"note\">As HdrHistogram plots it: the x axis is the ")
                .append("percentile on a log scale of 1/(1−p), so the tail gets the room. Request latency runs from each request's ")
                .append(runs.stream().anyMatch(RunResult::closedLoop) ? "start (closed loop: coordinated omission is not corrected)"
                        : "intended start (coordinated omission corrected)")
                .append(" and includes backoff waits; attempt latency is one HTTP exchange.</p>\n<div class=\"grid\">\n");
        b.append("<figure class=\"chart\">\n").append(charts.percentileDistribution("Request latency", runs, RunResult.Histograms::request))
                .append("\n</figure>\n");
        b.append("<figure class=\"chart\">\n").append(charts.percentileDistribution("Attempt latency", runs, RunResult.Histograms::attempt))
                .append("\n</figure>\n</div>\n");
        latencyTable(b, runs);

        b.append("<h2>Amplification and success</h2>\n<div class=\"grid\">\n");
        b.append("<figure class=\"chart\">\n").append(charts.bars("Amplification (attempts per request)", "attempts / request",
                runs, RunResult::amplification, 1.0)).append("\n</figure>\n");
        b.append("<figure class=\"chart\">\n").append(charts.bars("Success rate (%)", "% of requests succeeded",
                runs, r -> 100 * r.requests().successRate(), Double.NaN)).append("\n</figure>\n</div>\n");

        statuses(b, runs);
        b.append("<footer>Generated by stampede").append(comparison.startedAt() == null ? "" : " for the run started "
                + esc(DateTimeFormatter.ISO_INSTANT.format(comparison.startedAt()))).append(". This page is self-contained: it loads nothing from the network.</footer>\n");
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    /**
     * The embedded server's load per strategy: shown for every run that has a server view (the embedded target;
     * not a URL target, not a mixed run, whose populations share one server).
     */
    private static void serverLoad(StringBuilder b, ReportCharts charts, List<RunResult> runs, List<PhaseSpec> phases) {
        if (runs.stream().noneMatch(r -> r.server() != null && !r.server().timeline().isEmpty())) return;
        b.append("<h2>Server load</h2>\n<p class=\"note\">The embedded server's own view, one point per timeline interval: ")
                .append("mean requests in service (coloured) and waiting for a worker (dashed), and utilisation (green, right ")
                .append("axis: busy worker time over worker capacity; drawn only with <code>server.workers</code>). ")
                .append("Wasted work, in the comparison table, is the share of the busy time spent on attempts whose client had ")
                .append("already stopped waiting.</p>\n<div class=\"grid\">\n");
        for (int i = 0; i < runs.size(); i++) {
            RunResult r = runs.get(i);
            if (r.server() == null || r.server().timeline().isEmpty()) continue;
            b.append("<figure class=\"chart\" id=\"server-").append(i).append("\" data-strategy=\"").append(esc(r.strategy()))
                    .append("\">\n").append(charts.serverLoad(r, i, bands(r, phases))).append("\n</figure>\n");
        }
        b.append("</div>\n");
    }

    private static RunResult longest(List<RunResult> runs) {
        RunResult best = runs.getFirst();
        for (RunResult r : runs) if (r.durationSeconds() > best.durationSeconds()) best = r;
        return best;
    }

    private static List<PhaseBand> bands(RunResult run, List<PhaseSpec> phases) {
        return phases == null ? PhaseBand.inferredFrom(run) : PhaseBand.fromPhases(phases, run.durationSeconds());
    }

    /** What the chart labels P1, P2 … stand for. */
    private static void phaseList(StringBuilder b, List<RunResult> runs, List<PhaseSpec> phases) {
        if (phases != null) {
            List<PhaseBand> bands = bands(longest(runs), phases);
            if (bands.isEmpty()) return;
            b.append("<ul class=\"phases\">\n");
            for (int i = 0; i < bands.size(); i++) phaseItem(b, i, bands.get(i));
            b.append("</ul>\n");
            return;
        }
        for (RunResult r : runs) {
            List<PhaseBand> bands = bands(r, null);
            if (bands.isEmpty()) continue;
            b.append("<ul class=\"phases\"><li class=\"who\">").append(esc(r.strategy())).append(":</li>\n");
            for (int i = 0; i < bands.size(); i++) phaseItem(b, i, bands.get(i));
            b.append("</ul>\n");
        }
    }

    private static void phaseItem(StringBuilder b, int index, PhaseBand band) {
        b.append("<li><b>").append(ReportCharts.shortName(index)).append("</b> ").append(Metric.number(band.startSeconds()))
                .append("–").append(Metric.number(band.endSeconds())).append(" s: ").append(esc(band.label())).append("</li>\n");
    }

    private static void header(StringBuilder b, Comparison c) {
        b.append("<header>\n<h1>").append(esc(c.scenarioName())).append("</h1>\n<p class=\"meta\">");
        List<String> meta = new ArrayList<>();
        meta.add(c.mode() == null ? "" : ("sim".equals(c.mode()) ? "simulated (virtual time)" : esc(c.mode()) + " run"));
        meta.add("target " + esc(String.valueOf(c.target())));
        meta.add("seed " + c.seed());
        if (c.startedAt() != null) {
            meta.add("started " + esc(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").format(c.startedAt().atOffset(ZoneOffset.UTC))));
        }
        if (c.scenarioFile() != null && !c.scenarioFile().isEmpty()) meta.add("file " + esc(c.scenarioFile()));
        if (c.scenarioSha256() != null && !c.scenarioSha256().isEmpty()) {
            meta.add("sha256 <code>" + esc(c.scenarioSha256().substring(0, Math.min(12, c.scenarioSha256().length()))) + "</code>");
        }
        b.append(meta.stream().filter(s -> !s.isEmpty()).collect(Collectors.joining(" · "))).append("</p>\n");
        if (c.partial() || c.runs().stream().anyMatch(RunResult::partial)) {
            b.append("<p class=\"warn\">Partial results: the run was interrupted; figures cover what was measured.</p>\n");
        }
        b.append("</header>\n");
    }

    private static void thresholds(StringBuilder b, Comparison c) {
        if (c.thresholds().isEmpty()) return;
        long failed = c.thresholds().stream().filter(t -> !t.pass()).count();
        b.append("<h2>Thresholds</h2>\n<p class=\"").append(failed == 0 ? "pass" : "fail").append("\">")
                .append(failed == 0 ? "All " + c.thresholds().size() + " thresholds passed."
                        : failed + " of " + c.thresholds().size() + " thresholds failed.")
                .append("</p>\n<table>\n<thead><tr><th></th><th>strategy</th><th>metric</th><th>limit</th><th>actual</th></tr></thead>\n<tbody>\n");
        for (Comparison.ThresholdResult t : c.thresholds()) {
            Metric m = metricOrNull(t.metric());
            b.append("<tr class=\"").append(t.pass() ? "pass" : "fail").append("\"><td>").append(t.pass() ? "✔ pass" : "✘ FAIL")
                    .append("</td><td>").append(esc(t.strategy())).append("</td><td>").append(esc(t.metric()))
                    .append("</td><td class=\"num\">").append(esc(t.op())).append(' ').append(esc(m == null ? Metric.number(t.value()) : m.format(t.value())))
                    .append("</td><td class=\"num\">").append(esc(m == null ? Metric.number(t.actual()) : m.format(t.actual())))
                    .append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static Metric metricOrNull(String key) {
        try {
            return Metric.fromKey(key);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Seed 000's per-hour table, per run and scripted phase (the text report's rule decides whether it shows). */
    private static void phaseTable(StringBuilder b, List<RunResult> runs) {
        boolean show = runs.stream().anyMatch(r -> r.phases().size() > 1
                || r.phases().stream().anyMatch(p -> p.fallbackServed() > 0 || p.gateRejected() > 0))
                || PhaseSignals.callForTable(runs);
        if (!show) return;
        boolean switches = runs.stream().anyMatch(r -> r.phases().stream().anyMatch(p -> p.switches() > 0));
        boolean fallbackOn = PhaseSignals.fallbackOn(runs), degraded = PhaseSignals.degraded(runs), cost = PhaseSignals.cost(runs);
        b.append("<h2>Per phase</h2>\n<p class=\"note\">One row per strategy and scripted phase, filed by when attempts and ")
                .append("requests ended: 529s per 1,000 attempts, the share of succeeded requests a fallback tier served, the share ")
                .append("of 2xx answers the quality gate rejected, failed requests (what users saw), request latency p50/p95.</p>\n")
                .append("<table>\n<thead><tr><th>strategy</th><th>phase from</th><th>attempts</th><th>529 per 1,000</th>")
                .append("<th>fallback</th><th>gate rejections</th><th>user failures</th><th>p50</th><th>p95</th>")
                .append(switches ? "<th>streak switches</th><th>rate switches</th><th>failed forward</th>" : "")
                .append(fallbackOn ? "<th title=\"attempts whose status is in fallbackOn: the request moved to the next tier at once\">"
                        + "fallbackOn status</th><th title=\"the same for a client error kind\">fallbackOn error</th>" : "")
                .append(degraded ? "<th title=\"requests answered locally by a cached or static tier\">degraded</th>" : "")
                .append(cost ? "<th title=\"what the attempts sent in the phase cost\">cost</th>"
                        + "<th title=\"cost over the phase's successful requests\">cost/ok</th>" : "");
        boolean dup = Duplicates.shown(runs);
        if (dup) b.append("<th title=\"duplicate executions the embedded server completed in the phase\">dup.</th>");
        b.append("</tr></thead>\n<tbody>\n");
        for (RunResult r : runs) {
            boolean first = true;
            for (int i = 0; i < r.phases().size(); i++) {
                RunResult.Phase p = r.phases().get(i);
                b.append("<tr").append(first ? " class=\"first\"" : "").append("><td>").append(first ? esc(r.strategy()) : "")
                        .append("</td><td class=\"num\">").append(esc(TextReport.seconds(p.atSeconds())))
                        .append("</td><td class=\"num\">").append(p.attempts())
                        .append("</td><td class=\"num\">").append(esc(TextReport.per1000(p.overloadedPer1000())))
                        .append("</td><td class=\"num\">").append(esc(TextReport.percent(p.fallbackShare())))
                        .append("</td><td class=\"num\">").append(esc(TextReport.percent(p.gateRejectShare())))
                        .append("</td><td class=\"num\">").append(p.userFailures())
                        .append("</td><td class=\"num\">").append(esc(TextReport.millis(p.p50Ms())))
                        .append("</td><td class=\"num\">").append(esc(TextReport.millis(p.p95Ms())));
                if (switches) {
                    b.append("</td><td class=\"num\">").append(p.switchedOnStreak()).append("</td><td class=\"num\">")
                            .append(p.switchedOnRate()).append("</td><td class=\"num\">").append(p.failedForward());
                }
                if (fallbackOn) {
                    b.append("</td><td class=\"num\">").append(p.fallbackOnStatus())
                            .append("</td><td class=\"num\">").append(p.fallbackOnError());
                }
                if (degraded) b.append("</td><td class=\"num\">").append(p.degraded());
                if (cost) {
                    b.append("</td><td class=\"num\">").append(esc(Money.cell(p.cost())).replace("-", "—"))
                            .append("</td><td class=\"num\">").append(esc(Money.cell(p.costPerSuccess())).replace("-", "—"));
                }
                if (dup) b.append("</td><td class=\"num\">").append(Duplicates.cell(Duplicates.inPhase(r, i)));
                b.append("</td></tr>\n");
                first = false;
            }
        }
        b.append("</tbody>\n</table>\n");
    }

    private static void latencyTable(StringBuilder b, List<RunResult> runs) {
        b.append("<table>\n<thead><tr><th>strategy</th><th>latency (ms)</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th>")
                .append("<th>max</th><th>mean</th><th>count</th></tr></thead>\n<tbody>\n");
        for (RunResult r : runs) {
            latencyRow(b, r.strategy(), r.closedLoop() ? "request (closed loop)" : "request (from intended start)", r.request());
            latencyRow(b, "", "request, uncorrected (from actual start)", r.requestUncorrected());
            latencyRow(b, "", "attempt (one HTTP exchange)", r.attempt());
            if (r.client() != null) {
                latencyRow(b, "", "generator lag (intended send to leaving the client)" + (r.clientBound() ? ": client-bound" : ""),
                        r.client().sendLag());
                latencyRow(b, "", "connection wait", r.client().connectionWait());
            }
        }
        b.append("</tbody>\n</table>\n");
    }

    private static void latencyRow(StringBuilder b, String strategy, String label, RunResult.Latency l) {
        if (l == null) return;
        b.append("<tr").append(strategy.isEmpty() ? "" : " class=\"first\"").append("><td>").append(esc(strategy)).append("</td><td>")
                .append(esc(label)).append("</td>");
        for (double v : new double[] {l.p50(), l.p90(), l.p99(), l.p999(), l.max(), l.mean()}) {
            b.append("<td class=\"num\">").append(Metric.number(v)).append("</td>");
        }
        b.append("<td class=\"num\">").append(l.count()).append("</td></tr>\n");
    }

    private static void statuses(StringBuilder b, List<RunResult> runs) {
        b.append("<h2>Statuses and failures</h2>\n<table>\n<thead><tr><th>strategy</th><th>attempt statuses</th>")
                .append("<th>failed requests by reason</th><th>server view</th></tr></thead>\n<tbody>\n");
        for (RunResult r : runs) {
            b.append("<tr><td>").append(esc(r.strategy())).append("</td><td>").append(esc(counts(r.statuses()))).append("</td><td>")
                    .append(esc(counts(r.requests().failures()))).append("</td><td>").append(serverView(r)).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static String serverView(RunResult r) {
        if (r.server() == null) return "—";
        var s = r.server();
        String agree = s.received() == r.attempts() ? "<span class=\"pass\">agrees with the client's attempts</span>"
                : "<span class=\"fail\">MISMATCH: client sent " + r.attempts() + " attempts</span>";
        return esc("received " + s.received() + " · admitted " + s.admitted() + " · shed " + s.shed() + " · forced 529 " + s.forced529()
                + (s.errors().isEmpty() ? "" : " · errors " + counts(s.errors())) + (s.resets() > 0 ? " · resets " + s.resets() : "")
                + (s.hangs() > 0 ? " · hangs " + s.hangs() : "")) + " — " + agree;
    }

    private static String counts(Map<?, Long> counts) {
        String shown = counts == null ? "" : counts.entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(" · "));
        return shown.isEmpty() ? "—" : shown;
    }

    static String esc(String text) {
        return Xml.escape(text == null ? "" : text);
    }

    private static final String CSS = """
            :root { color-scheme: light; }
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
                   margin: 1.5rem auto; max-width: 1300px; padding: 0 1rem; color: #222; background: #fff; }
            h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
            h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
            .meta, .note, footer { color: #555; font-size: .9rem; }
            footer { margin-top: 2rem; border-top: 1px solid #ddd; padding-top: .5rem; }
            .warn { background: #fff3cd; border: 1px solid #e0c36c; padding: .4rem .7rem; }
            table { border-collapse: collapse; font-size: .9rem; margin: .5rem 0; }
            th, td { padding: .25rem .6rem; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
            th { background: #f5f5f5; font-weight: 600; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            td.num { white-space: nowrap; }
            table.comparison { width: 100%; }
            div.scroll { overflow-x: auto; }
            td:first-child { white-space: nowrap; }
            ul.phases { list-style: none; padding: 0; margin: .3rem 0; font-size: .9rem; display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; }
            ul.phases b { color: #805000; }
            td.best { font-weight: 700; background: #e8f5e9; }
            tr.first td { border-top: 1px solid #ccc; }
            .pass { color: #1b7a35; } .fail { color: #b00020; font-weight: 600; }
            .swatch { display: inline-block; width: .8em; height: .8em; margin-right: .4em; border-radius: 2px; vertical-align: baseline; }
            .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: .5rem 1rem; }
            figure.chart { margin: 0; }
            figure.chart svg { width: 100%; height: auto; display: block; }
            figure.wide { margin-top: .5rem; }
            """;
}
