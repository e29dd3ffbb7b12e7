package dev.stampede.cli;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;
import dev.stampede.report.ResultJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Duplicate executions in every report: the text tables, the HTML tables and the JSON, from a simulated run. */
class DuplicatesReportTest {

    @Test
    void theShippedScenarioShowsDuplicatesPerStrategyAndPerPhaseInTextHtmlAndJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json"), html = dir.resolve("r.html");
        CliHarness h = CliHarness.run("sim", "scenarios/duplicate-charges.yaml", "--strategy", "no-retry,full", "--json",
                json.toString(), "--html", html.toString());
        assertEquals(0, h.exitCode(), h.err());
        Comparison c = ResultJson.read(json);
        RunResult noRetry = c.runs().get(0), full = c.runs().get(1);
        assertEquals(0, noRetry.server().duplicates());
        long dup = full.server().duplicates();
        assertTrue(dup > 0, "full retries timeouts: some charges execute twice");
        assertEquals(dup, full.server().timeline().stream().mapToLong(ServerView.Interval::duplicates).sum(),
                "the JSON's timeline adds up to the total");

        String tableHeader = h.out().lines().filter(l -> l.startsWith("strategy")).findFirst().orElseThrow();
        assertTrue(tableHeader.trim().endsWith("dup."), tableHeader);
        String fullRow = h.out().lines().filter(l -> l.startsWith("full ")).findFirst().orElseThrow();
        assertTrue(fullRow.trim().endsWith(Long.toString(dup)), fullRow);
        String phaseHeader = h.out().lines().filter(l -> l.trim().startsWith("strategy") && l.contains("phase")).findFirst().orElseThrow();
        assertTrue(phaseHeader.trim().endsWith("dup."), phaseHeader);
        long perPhase = h.out().lines().filter(l -> l.trim().startsWith("full ") && l.contains("@"))
                .mapToLong(l -> Long.parseLong(l.trim().substring(l.trim().lastIndexOf(' ') + 1))).sum();
        assertEquals(dup, perPhase, "the phases share the run's duplicates out");

        String page = Files.readString(html);
        assertTrue(page.contains("<th class=\"num\">dup.</th>"), "the comparison table's column");
        assertTrue(page.contains(">dup.</th>"), "the per-phase table's column");
    }

    @Test
    void aRunWithoutDuplicatesOrKeysHasNoDupColumn(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("calm.yaml");
        Files.writeString(scenario, """
                duration: 2s
                load: { rate: 10/s }
                server: { latency: 10ms }
                strategies: [full]
                """);
        CliHarness h = CliHarness.run("sim", scenario.toString());
        assertEquals(0, h.exitCode(), h.err());
        assertFalse(h.out().contains("dup."), h.out());
    }
}
