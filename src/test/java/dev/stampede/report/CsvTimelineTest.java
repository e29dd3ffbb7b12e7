package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
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
        assertEquals("strategy,startSeconds,arrivals,attempts,ok,overloaded,errors,inFlight,backingOff,succeeded", lines.getFirst());
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
                + i.inFlight() + "," + i.backingOff() + "," + i.succeeded(), lines.get(row));
        assertTrue(i.succeeded() > 0, "the fixture's interval 12 has requests that succeeded: " + i);
    }

    @Test
    void aStrategyNameWithACommaOrQuoteIsQuoted() {
        assertEquals("\"a,b\"", CsvTimeline.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvTimeline.field("say \"hi\""));
        assertEquals("full", CsvTimeline.field("full"));
    }
}
