package dev.stampede.report;

import dev.stampede.metrics.ClientView;
import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client-bound row in every output: the text table and verdict, the HTML table, the JSON, a threshold. */
class ClientBoundReportTest {

    @TempDir Path dir;

    private static RunResult.Latency p99(double ms) {
        return new RunResult.Latency(ms / 2, ms, ms, ms, ms, ms / 2, 100);
    }

    private static Comparison withClients(boolean firstBound) {
        Comparison c = RecordedRuns.comparison();
        List<RunResult> runs = new ArrayList<>();
        runs.add(c.runs().get(0).withClient(new ClientView(1000, p99(900), p99(950), p99(0), 0, 0, 1.5, 2.0, firstBound)));
        runs.add(c.runs().get(1).withClient(new ClientView(1000, p99(0.3), p99(0.5), p99(0.2), 3, 0, Double.NaN, 2.0, false)));
        return new Comparison(c.scenarioName(), c.scenarioFile(), c.scenarioSha256(), c.mode(), c.target(), c.seed(),
                c.startedAt(), runs, c.thresholds(), c.partial());
    }

    private static String text(Comparison c) {
        StringWriter w = new StringWriter();
        TextReport.render(c, new PrintWriter(w), false);
        return w.toString();
    }

    @Test
    void aClientBoundRowIsMarkedAndTheVerdictSaysTheFiguresDescribeStampede() {
        String out = text(withClients(true));
        assertTrue(out.contains("none (client-bound)"), out);
        assertFalse(out.contains("full (client-bound)"), out);
        assertTrue(out.contains("Verdict:") && out.contains("CLIENT-BOUND: none: ") && out.contains("describe stampede rather than the target"), out);
        assertTrue(out.contains("generator lag p99 950.0ms"), "the lag is shown beside the uncorrected p99: " + out);
        assertTrue(out.contains("connection wait p99"), out);
        assertTrue(out.contains("vs the mock's service mean"), "with a mock, the attempt latency beside its service time: " + out);
        String calm = text(withClients(false));
        assertFalse(calm.contains("CLIENT-BOUND") || calm.contains("(client-bound)"), calm);
    }

    @Test
    void theHtmlTableMarksTheRow() {
        String html = HtmlReport.render(withClients(true), List.of());
        assertTrue(html.contains("none (client-bound)"), "the comparison table marks the row");
        assertTrue(html.contains("generator lag (intended send to leaving the client): client-bound")
                && html.contains("connection wait"), "the latency table shows the lag and the connection wait");
    }

    @Test
    void theJsonCarriesItAndReadsItBack() throws Exception {
        Comparison written = withClients(true);
        Path file = dir.resolve("result.json");
        ResultJson.write(written, file);
        String json = java.nio.file.Files.readString(file);
        assertTrue(json.contains("\"clientBound\" : true"), json);
        assertEquals(written, ResultJson.read(file));
    }

    @Test
    void aRunWithoutAClientAccountThatRefusedArrivalsIsMarkedAndFailsTheThreshold() {
        Comparison c = RecordedRuns.comparison();
        // a simulator's recorder (no client account): 100 arrivals, 2 refused, the rest answered in 1 ms
        dev.stampede.metrics.RunRecorder rec = new dev.stampede.metrics.RunRecorder(
                new dev.stampede.metrics.RunRecorder.Config("refusing", 1_000_000_000L, List.of(), false, 100));
        for (int i = 0; i < 100; i++) {
            long t = i * 1_000_000L;
            rec.arrival(t);
            if (i < 2) {
                rec.saturated(t);
                rec.requestDone(t, dev.stampede.retry.FailureReason.CLIENT_SATURATED, 0, 0);
            } else {
                rec.attemptSent(t);
                rec.attemptDone(t + 1_000_000L, dev.stampede.retry.AttemptOutcome.status(200), 1_000_000L);
                rec.requestDone(t + 1_000_000L, null, 1_000_000L, 1_000_000L);
            }
        }
        RunResult refusing = rec.finish(1_000_000_000L, null, false);
        List<RunResult> runs = List.of(refusing, c.runs().get(1));
        assertTrue(refusing.client() == null && refusing.clientBound(), "no lag measured, but over 1 % refused");
        String out = text(new Comparison(c.scenarioName(), c.scenarioFile(), c.scenarioSha256(), c.mode(), c.target(),
                c.seed(), c.startedAt(), runs, c.thresholds(), c.partial()));
        assertTrue(out.contains(refusing.strategy() + " (client-bound)"), out);
        assertTrue(out.contains("refused more than 1 % of the arrivals (clientSaturated)"), out);
        var spec = new dev.stampede.scenario.ThresholdSpec("*", "clientBound", dev.stampede.scenario.ThresholdSpec.Op.LT, 1, "s.yaml:1:1");
        assertFalse(Thresholds.evaluate(List.of(spec), runs).get(0).pass(), "clientBound: false fails on it");
    }

    @Test
    void aThresholdCanRequireItAbsent() {
        Comparison c = withClients(true);
        var spec = new dev.stampede.scenario.ThresholdSpec("*", "clientBound", dev.stampede.scenario.ThresholdSpec.Op.LT, 1, "s.yaml:1:1");
        List<Comparison.ThresholdResult> results = Thresholds.evaluate(List.of(spec), c.runs());
        assertFalse(results.get(0).pass(), "the client-bound row fails clientBound: false");
        assertTrue(results.get(1).pass(), "the other passes");
    }
}
