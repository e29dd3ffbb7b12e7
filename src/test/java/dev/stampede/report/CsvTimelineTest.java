package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvTimelineTest {

    @Test
    void thereIsOneRowPerStrategyAndIntervalPlusTheHeader(@TempDir Path dir) throws Exception {
        Comparison c = RecordedResults.comparison();
        Path file = dir.resolve("out/timeline.csv");
        CsvTimeline.write(c, file);
        List<String> lines = Files.readAllLines(file);
        int intervals = c.runs().stream().mapToInt(r -> r.timeline().size()).sum();
        assertEquals(intervals + 1, lines.size(), "expected the header plus " + intervals + " interval rows");
        assertEquals("strategy,startSeconds,arrivals,attempts,ok,overloaded,errors,inFlight,backingOff,succeeded,"
                + "inService,queued,utilisation,wastedShare", lines.getFirst());
    }

    @Test
    void rowsCarryTheIntervalCountsInColumnOrder(@TempDir Path dir) throws Exception {
        Comparison c = RecordedResults.comparison();
        Path file = dir.resolve("timeline.csv");
        CsvTimeline.write(c, file);
        List<String> lines = Files.readAllLines(file);
        RunResult full = c.runs().get(3);
        RunResult.Interval i = full.timeline().get(12);
        int row = 1 + c.runs().stream().limit(3).mapToInt(r -> r.timeline().size()).sum() + 12;
        assertEquals("full,12," + i.arrivals() + "," + i.attempts() + "," + i.ok() + "," + i.overloaded() + "," + i.errors() + ","
                + i.inFlight() + "," + i.backingOff() + "," + i.succeeded() + ",0,0,,0", lines.get(row),
                "the fixture's server view has no load figures and no workers: zeros, and no utilisation");
        assertTrue(i.succeeded() > 0, "the fixture's interval 12 has requests that succeeded: " + i);
    }

    @Test
    void theServerColumnsCarryTheEmbeddedServersLoadAndAreEmptyForAUrlTarget() {
        RunResult base = RecordedResults.comparison().runs().getFirst();
        List<ServerView.Interval> loaded = new ArrayList<>();
        for (ServerView.Interval x : base.server().timeline()) {
            // 3.5 requests in service, 1.25 waiting, 3.5 busy worker-seconds of 4, 0.7 of them wasted
            loaded.add(new ServerView.Interval(x.startSeconds(), x.received(), x.admitted(), x.shed(), x.forced529(), x.errors(),
                    3.5, 1.25, 3.5, 0.7, 4, 0));
        }
        ServerView s = base.server();
        RunResult embedded = withServer(base, "embedded", new ServerView(s.received(), s.admitted(), s.shed(), s.forced529(),
                s.errors(), s.resets(), s.hangs(), loaded, 0, 3.5 * loaded.size(), 0.7 * loaded.size()));
        RunResult url = withServer(base, "url", null);
        StringWriter text = new StringWriter();
        CsvTimeline.render(RecordedResults.comparison(List.of(embedded, url), List.of()), new PrintWriter(text));
        List<String> lines = text.toString().lines().toList();
        assertTrue(lines.get(1).startsWith("embedded,0,"), lines.get(1));
        assertTrue(lines.get(1).endsWith(",3.5,1.25,0.875,0.2"), "in service, waiting, utilisation 3.5/4, wasted 0.7/3.5: " + lines.get(1));
        String urlRow = lines.get(1 + embedded.timeline().size());
        assertTrue(urlRow.startsWith("url,0,") && urlRow.endsWith(",,,,"), "no server view, empty server columns: " + urlRow);
        assertEquals(14, urlRow.split(",", -1).length, "every row has all 14 columns");
    }

    private static RunResult withServer(RunResult r, String name, ServerView server) {
        return new RunResult(name, r.closedLoop(), r.partial(), r.durationSeconds(), r.requests(), r.attempts(), r.amplification(),
                r.peakAmplification(), r.synchrony(), r.statuses(), r.request(), r.requestUncorrected(), r.attempt(),
                r.recoverySeconds(), r.completionSeconds(), r.timeline(), server, r.histograms(), r.phases(), r.attemptsPer100ms(),
                r.goodputAfterPerSecond());
    }

    @Test
    void aStrategyNameWithACommaOrQuoteIsQuoted() {
        assertEquals("\"a,b\"", CsvTimeline.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvTimeline.field("say \"hi\""));
        assertEquals("full", CsvTimeline.field("full"));
    }
}
