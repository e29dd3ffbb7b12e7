package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HgrmFilesTest {

    /** A percentile row of outputPercentileDistribution: value, percentile, total count, 1/(1-p) (or "inf" at 100 %). */
    private static final Pattern ROW = Pattern.compile("^\\s*(\\d+\\.\\d+)\\s+(\\d\\.\\d+)\\s+(\\d+)\\s+(\\S+)\\s*$");

    @TempDir
    static Path dir;
    private static Comparison comparison;
    private static List<Path> written;

    @BeforeAll
    static void writeTheLaunchSpikeFiles() throws Exception {
        comparison = RecordedResults.comparison();
        written = HgrmFiles.write(comparison, dir.resolve("hgrm"));
    }

    @Test
    void everyStrategyGetsThreeDistributionsAndTwoIntervalLogs() {
        assertEquals(comparison.runs().size() * 5, written.size(), "expected 3 .hgrm + 2 .hlog per strategy: " + written);
        for (RunResult r : comparison.runs()) {
            for (String name : List.of(".request.hgrm", ".requestUncorrected.hgrm", ".attempt.hgrm", ".request.hlog", ".attempt.hlog")) {
                assertTrue(Files.isRegularFile(dir.resolve("hgrm").resolve(r.strategy() + name)), "missing " + r.strategy() + name);
            }
        }
    }

    @Test
    void theHgrmTextParsesBackWithValuesInMillisecondsAndTheFullCount() throws Exception {
        for (RunResult r : comparison.runs()) {
            List<String> lines = Files.readAllLines(dir.resolve("hgrm").resolve(r.strategy() + ".request.hgrm"));
            assertTrue(lines.getFirst().trim().matches("Value\\s+Percentile\\s+TotalCount\\s+1/\\(1-Percentile\\)"),
                    "expected HdrHistogram's header line, got: " + lines.getFirst());
            double lastValue = -1;
            long lastCount = -1;
            int rows = 0;
            for (String line : lines) {
                Matcher m = ROW.matcher(line);
                if (!m.matches()) continue;
                rows++;
                double value = Double.parseDouble(m.group(1));
                assertTrue(value >= lastValue, "values must not decrease: " + line);
                lastValue = value;
                lastCount = Long.parseLong(m.group(3));
            }
            assertTrue(rows > 20, "expected many percentile rows, got " + rows);
            long total = r.histograms().request().getTotalCount();
            assertEquals(total, lastCount, "the 100 % row carries the total count");
            double maxMillis = r.histograms().request().getMaxValue() / 1000.0;
            assertEquals(maxMillis, lastValue, maxMillis * 0.001 + 0.001, "the last row is the max, in ms (tolerance 0.1 %)");
        }
    }

    @Test
    void theHlogReadsBackToTheSameTotalCount() throws Exception {
        for (RunResult r : comparison.runs()) {
            for (String metric : List.of("request", "attempt")) {
                Path log = dir.resolve("hgrm").resolve(r.strategy() + "." + metric + ".hlog");
                long total = 0;
                int intervals = 0;
                try (HistogramLogReader reader = new HistogramLogReader(log.toFile())) {
                    for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                        total += ((org.HdrHistogram.Histogram) h).getTotalCount();
                        intervals++;
                    }
                }
                var expected = metric.equals("request") ? r.histograms().request() : r.histograms().attempt();
                assertEquals(expected.getTotalCount(), total, r.strategy() + "." + metric + ".hlog: interval counts must add up to the run's");
                assertEquals((int) Math.ceil(r.durationSeconds()), intervals, "one interval histogram per second of the run");
            }
        }
    }

    @Test
    void strategyNamesThatAreNotFileSafeAreSanitised() {
        assertEquals("my_policy_v2", HgrmFiles.fileSafe("my policy/v2"));
        assertEquals("_..", HgrmFiles.fileSafe(".."));
        assertEquals("full", HgrmFiles.fileSafe("full"));
    }
}
