package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-template breakdown of a request mix in the text, JSON and HTML reports. */
class TemplateTableTest {

    private static final long MS = 1_000_000L;

    /** read: 3 requests, 3 successes, 4 attempts; write: 2 requests, 1 failure (2 attempts), 1 cut by the run's end. */
    private static RunResult run() {
        RunRecorder r = new RunRecorder(new RunRecorder.Config("full", 1_000 * MS, List.of(), false, 5));
        r.templates(List.of("read", "write"));
        long t = 0;
        int[][] requests = {{0, 1, 10}, {0, 1, 20}, {0, 2, 30}, {1, 2, -1}, {1, 1, -2}};
        for (int[] q : requests) {
            r.arrival(t);
            for (int a = 0; a < q[1]; a++) {
                r.attemptSent(t);
                r.attemptDone(t + 5 * MS, AttemptOutcome.status(q[2] < 0 ? 503 : 200), 5 * MS);
            }
            FailureReason failure = q[2] == -1 ? FailureReason.EXHAUSTED : q[2] == -2 ? FailureReason.UNFINISHED : null;
            long latency = (q[2] > 0 ? q[2] : 40) * MS;
            r.requestDone(t + latency, failure, latency, latency);
            r.templateDone(q[0], failure, q[1], latency);
            t += 100 * MS;
        }
        return r.finish(1_000 * MS, null, false);
    }

    private static Comparison comparison(RunResult run) {
        return new Comparison("mix", "mix.yaml", "", "live", "embedded", 1, Instant.parse("2026-12-02T00:00:00Z"),
                List.of(run), List.of(), false);
    }

    @Test
    void theRecorderCountsEachTemplatesRequestsSuccessesAttemptsAndLatency() {
        List<RunResult.TemplateFigures> t = run().templates();
        assertEquals(List.of("read", "write"), t.stream().map(RunResult.TemplateFigures::name).toList());
        assertEquals(3, t.get(0).requests());
        assertEquals(3, t.get(0).succeeded());
        assertEquals(4, t.get(0).attempts());
        assertEquals(4 / 3.0, t.get(0).amplification(), 1e-9);
        assertEquals(20.0, t.get(0).latency().p50(), 0.05);
        assertEquals(2, t.get(1).requests());
        assertEquals(1, t.get(1).cutOff());
        assertEquals(0.0, t.get(1).successRate(), "the cut request is left out: 0 of 1 concluded succeeded");
    }

    @Test
    void theTextReportPrintsARowPerStrategyAndTemplate() {
        StringWriter out = new StringWriter();
        TextReport.render(comparison(run()), new PrintWriter(out), false);
        String text = out.toString();
        assertTrue(text.contains("Per request template"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("\\s*full\\s+read\\s+3\\s+100\\.00%\\s+4\\s+1\\.33\\s+20\\.0ms\\s+30\\.0ms\\s*")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("\\s*full\\s+write\\s+2\\s+0\\.00%\\s+3\\s+1\\.50\\s+.*")), text);
    }

    @Test
    void theJsonKeepsTheBreakdownAndReadsItBack() throws Exception {
        Comparison c = comparison(run());
        String json = ResultJson.toText(c);
        assertTrue(json.contains("\"templates\""), json);
        RunResult back = ResultJson.parse(json).runs().getFirst();
        assertEquals(c.runs().getFirst().templates(), back.templates());
    }

    @Test
    void aRunOfOneTemplateHasNoBreakdownAnywhere() throws Exception {
        RunRecorder r = new RunRecorder(new RunRecorder.Config("full", 1_000 * MS, List.of(), false, 1));
        r.arrival(0);
        r.requestDone(MS, null, MS, MS);
        Comparison c = comparison(r.finish(1_000 * MS, null, false));
        assertFalse(ResultJson.toText(c).contains("\"templates\""));
        StringWriter out = new StringWriter();
        TextReport.render(c, new PrintWriter(out), false);
        assertFalse(out.toString().contains("Per request template"));
        assertFalse(HtmlReport.render(c, null).contains("Per request template"));
    }

    @Test
    void theHtmlReportHasATableRowPerTemplate() {
        String html = HtmlReport.render(comparison(run()), null);
        assertTrue(html.contains("<h2>Per request template</h2>"), "section");
        assertTrue(html.contains("<td>read</td>") && html.contains("<td>write</td>"), "one row per template");
    }

    @Test
    void mergedShardsSumEachTemplatesCountsAndLeaveItsLatencyUnknown() {
        List<RunResult.TemplateFigures> merged = TemplateMerge.templates(List.of(run(), run()));
        assertEquals(List.of("read", "write"), merged.stream().map(RunResult.TemplateFigures::name).toList());
        assertEquals(6, merged.get(0).requests());
        assertEquals(8, merged.get(0).attempts());
        assertEquals(2, merged.get(1).cutOff());
        assertTrue(Double.isNaN(merged.get(0).latency().p99()), "no per-template histogram in result files");
    }
}
