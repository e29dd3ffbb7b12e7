package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputFilesTest {

    @Test
    void writeAllWritesEveryFileAskedForCreatingParentDirectories(@TempDir Path dir) throws Exception {
        Comparison c = RecordedResults.comparison();
        OutputFiles files = new OutputFiles(null, dir.resolve("a/report.html"), dir.resolve("b/hgrm"), dir.resolve("c/junit.xml"),
                dir.resolve("d/timeline.csv"));
        List<Path> written = files.writeAll(c, RecordedWorkload.PHASES);
        assertEquals(3 + c.runs().size() * 5, written.size(), "html, junit, csv and five hgrm/hlog files per strategy: " + written);
        for (Path p : written) assertTrue(Files.size(p) > 0, "expected content in " + p);
        try (var stream = Files.walk(dir)) {
            assertEquals(List.of(), stream.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(), "no temporary files left");
        }
    }

    @Test
    void nothingAskedForWritesNothing(@TempDir Path dir) throws Exception {
        assertEquals(List.of(), OutputFiles.NONE.writeAll(RecordedResults.comparison()));
        assertFalse(OutputFiles.NONE.any());
    }

    @Test
    void oneUnwritablePathDoesNotCostTheOtherFiles(@TempDir Path dir) throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file where a directory should be");
        OutputFiles files = new OutputFiles(null, blocker.resolve("report.html"), null, dir.resolve("junit.xml"), dir.resolve("t.csv"));
        IOException e = assertThrows(IOException.class, () -> files.writeAll(RecordedResults.comparison()));
        assertTrue(String.valueOf(e.getMessage()).contains("blocker"), "the failure should name the bad path: " + e.getMessage());
        assertTrue(Files.isRegularFile(dir.resolve("junit.xml")), "the JUnit file is still written");
        assertTrue(Files.isRegularFile(dir.resolve("t.csv")), "the CSV is still written");
    }
}
