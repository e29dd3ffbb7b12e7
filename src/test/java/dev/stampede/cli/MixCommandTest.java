package dev.stampede.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A request mix from the command line: bad input exits 2 before any load; the shipped mix simulates with its table. */
class MixCommandTest {

    @TempDir
    Path dir;

    @Test
    void aMalformedDataRowExitsTwoBeforeAnyLoadAndNamesTheRowsLine() throws IOException {
        Files.writeString(dir.resolve("rows.jsonl"), "{\"p\": \"fine\"}\n{\"p\": oops}\n");
        Path s = dir.resolve("s.yaml");
        Files.writeString(s, """
                duration: 1s
                data: { file: rows.jsonl }
                request: { method: POST, body: '{{data.p}}', headers: { x-api-key: '${STAMPEDE_MIX_TEST_UNSET}' } }
                load: { rate: 10/s }
                """);
        CliHarness r = CliHarness.run("sim", s.toString());
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("rows.jsonl:2: malformed JSON Lines row"), r.err());
        assertTrue(r.err().contains("STAMPEDE_MIX_TEST_UNSET is not set"), "every problem at once: " + r.err());
        assertFalse(r.out().contains("requests"), "nothing ran: " + r.out());
    }

    @Test
    void theShippedMixSimulatesAndBreaksFiguresDownPerTemplate() {
        CliHarness r = CliHarness.run("sim", "scenarios/mix.yaml", "--duration", "3s", "--no-live");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        String out = r.out();
        assertTrue(out.contains("Per request template"), out);
        for (String t : new String[] {"chat", "models", "payment"}) {
            assertTrue(out.lines().anyMatch(l -> l.trim().matches("(none|full)\\s+" + t + "\\s+\\d+.*")), t + " rows: " + out);
        }
    }
}
