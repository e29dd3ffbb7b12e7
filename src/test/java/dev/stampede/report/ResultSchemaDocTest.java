package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example in docs/result-schema.md is a real document: it parses and re-renders identically. */
class ResultSchemaDocTest {

    @Test
    void theDocumentedExampleReadsBackAndWritesOutUnchanged() throws IOException {
        String doc = Files.readString(Path.of("docs/result-schema.md"));
        int start = doc.indexOf("```json\n");
        assertTrue(start >= 0, "docs/result-schema.md has a ```json example");
        String json = doc.substring(start + 8, doc.indexOf("```", start + 8)).strip();
        Comparison example = ResultJson.parse(json);
        assertEquals(1, example.runs().size());
        assertEquals(10, example.runs().getFirst().histograms().attempt().getTotalCount(),
                "the example's attempt histogram holds its 10 attempts");
        assertEquals(json, ResultJson.toText(example).strip().replace("\r\n", "\n"));
    }
}
