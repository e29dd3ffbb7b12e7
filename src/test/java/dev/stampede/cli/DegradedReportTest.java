package dev.stampede.cli;

import dev.stampede.metrics.RunResult;
import dev.stampede.report.ResultJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Local answers (a static tier) are reported on their own: a column in the table and the HTML, a count in the JSON. */
class DegradedReportTest {

    @Test
    void aStaticTiersAnswersAreShownAsDegradedInTheTableTheJsonAndTheHtmlNotAsSuccessesOrFailures(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("static.yaml");
        Files.writeString(scenario, """
                name: static-answers
                duration: 2s
                seed: 3
                target: embedded
                request: { path: /v1/messages, timeout: 5s }
                load: { rate: 50/s }
                server:
                  latency: 5ms
                  phases: [{ at: 0s }, { at: 1s, overload: 1.0 }]
                retry: { maxAttempts: 1, retryOn: [] }
                policies:
                  canned: { strategy: none, fallbackOn: [529], fallback: [{ answer: static }] }
                strategies: [canned, none]
                """);
        Path json = dir.resolve("r.json"), html = dir.resolve("r.html");
        CliHarness sim = CliHarness.run("sim", scenario.toString(), "--json", json.toString(), "--html", html.toString(), "--no-live");
        assertEquals(0, sim.exitCode(), sim.err());
        RunResult canned = ResultJson.read(json).runs().get(0), none = ResultJson.read(json).runs().get(1);
        assertEquals(50, canned.requests().degraded(), "the second of 50/s: every 529 answered locally");
        assertEquals(List.of(50L, 0L), List.of(canned.requests().succeeded(), canned.requests().failed()));
        assertEquals(0.5, canned.requests().successRate(), 1e-9, "degraded answers are concluded, not successes");
        assertEquals(List.of(0L, 50L), List.of(none.requests().degraded(), none.requests().failed()));
        assertTrue(sim.out().contains("degraded"), sim.out());
        assertTrue(Files.readString(html).contains("<th class=\"num\">degraded</th>"), "the HTML table has the column");
    }
}
