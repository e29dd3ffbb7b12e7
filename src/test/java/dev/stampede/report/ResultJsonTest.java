package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultJsonTest {

    @TempDir Path dir;

    @Test
    void aWrittenComparisonReadsBackEqualIncludingItsHistograms() throws IOException {
        Comparison written = RecordedRuns.comparison();
        Path file = dir.resolve("result.json");
        ResultJson.write(written, file);
        Comparison read = ResultJson.read(file);

        assertEquals(written, read);
        assertEquals(3, read.runs().getFirst().phases().size(), "the per-phase rows travel too");
        for (int i = 0; i < written.runs().size(); i++) {
            RunResult.Histograms w = written.runs().get(i).histograms(), r = read.runs().get(i).histograms();
            assertEquals(w.request().getTotalCount(), r.request().getTotalCount());
            assertEquals(w.request().getValueAtPercentile(99), r.request().getValueAtPercentile(99));
            assertEquals(w.requestUncorrected().getValueAtPercentile(50), r.requestUncorrected().getValueAtPercentile(50));
            assertEquals(w.attempt().getMaxValue(), r.attempt().getMaxValue());
            assertEquals(w.requestIntervals().size(), r.requestIntervals().size());
            assertEquals(w.attemptIntervals().get(4).getTotalCount(), r.attemptIntervals().get(4).getTotalCount());
            assertEquals(4000L, r.requestIntervals().get(4).getStartTimeStamp(), "interval 4 starts 4,000 ms into the run");
        }
    }

    @Test
    void notANumberIsNullAndANeverEndingRecoveryIsNever() throws IOException {
        Comparison c = RecordedRuns.comparison();
        String text = ResultJson.toText(c);
        assertTrue(text.contains("\"schema\" : \"stampede.result/v1\""), text.substring(0, 200));
        assertTrue(text.contains("\"actual\" : \"never\""), "+Infinity is written as \"never\"");
        assertTrue(text.contains("\"actual\" : null"), "NaN is written as null");
        Comparison back = ResultJson.parse(text);
        assertEquals(Double.POSITIVE_INFINITY, back.thresholds().get(0).actual());
        assertTrue(Double.isNaN(back.thresholds().get(1).actual()));
    }

    @Test
    void theWriteLeavesNoTemporaryFileAndReplacesAnOldResult() throws IOException {
        Path file = dir.resolve("result.json");
        Files.writeString(file, "old and torn");
        ResultJson.write(RecordedRuns.comparison(), file);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "only the result itself remains in " + dir);
        }
        assertEquals(RecordedRuns.comparison().runs().size(), ResultJson.read(file).runs().size());
    }

    @Test
    void aFailingWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("result.json");
        Files.writeString(file, "previous");
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("previous", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void aDocumentOfAnotherSchemaIsRejectedByName() throws IOException {
        Path file = dir.resolve("other.json");
        Files.writeString(file, "{\"schema\":\"k6.summary/v2\"}");
        IOException e = assertThrows(IOException.class, () -> ResultJson.read(file));
        assertTrue(e.getMessage().contains("not a stampede.result/v1 document"), e.getMessage());
        assertTrue(e.getMessage().contains("k6.summary/v2"), e.getMessage());
    }

    @Test
    void aBrokenFieldIsNamedByItsPath() {
        String text = ResultJson.toText(RecordedRuns.comparison()).replaceFirst("\"attempts\" : \\d+,", "\"attempts\" : \"many\",");
        IOException e = assertThrows(IOException.class, () -> ResultJson.parse(text));
        assertTrue(e.getMessage().contains("runs[0].attempts"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
