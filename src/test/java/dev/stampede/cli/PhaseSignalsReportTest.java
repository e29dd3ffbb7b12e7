package dev.stampede.cli;

import dev.stampede.metrics.RunResult;
import dev.stampede.report.ResultJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-phase table shows moves on {@code fallbackOn}, degraded answers and cost per phase, in the text report, the
 * HTML and the JSON (read back); a run without them keeps the table as it was.
 */
class PhaseSignalsReportTest {

    private static final String SCENARIO = """
            name: per-phase-signals
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
              canned: { strategy: none, fallbackOn: [529], fallback: [{ answer: static }], cost: { perCall: 0.01 } }
            strategies: [canned, none]
            """;

    @Test
    void fallbackOnMovesDegradedAnswersAndCostAreShownPerPhaseInTheTableTheHtmlAndTheJson(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, SCENARIO);
        Path json = dir.resolve("r.json"), html = dir.resolve("r.html");
        CliHarness sim = CliHarness.run("sim", scenario.toString(), "--json", json.toString(), "--html", html.toString(), "--no-live");
        assertEquals(0, sim.exitCode(), sim.err());

        RunResult canned = ResultJson.read(json).runs().get(0), none = ResultJson.read(json).runs().get(1);
        RunResult.Phase healthy = canned.phases().get(0), overloaded = canned.phases().get(1);
        assertEquals(List.of(0L, 0L, 0L), List.of(healthy.fallbackOnStatus(), healthy.fallbackOnError(), healthy.degraded()));
        assertEquals(List.of(50L, 0L, 50L), List.of(overloaded.fallbackOnStatus(), overloaded.fallbackOnError(),
                overloaded.degraded()), "every 529 of the second phase moved on at once to the static answer");
        assertEquals(0.5, healthy.cost(), 1e-9, "50 attempts at 0.01, read back from the JSON");
        assertEquals(0.01, healthy.costPerSuccess(), 1e-9);
        assertEquals(0.5, overloaded.cost(), 1e-9, "the 529s cost as much");
        assertEquals(Double.NaN, overloaded.costPerSuccess(), "no success in the overloaded phase");
        assertEquals(Double.NaN, none.phases().get(0).cost(), "the unpriced row has no cost");

        String out = sim.out();
        assertTrue(out.contains("fbOn st.") && out.contains("fbOn err"), out);
        String overloadedRow = out.lines().filter(l -> l.trim().startsWith("canned") && l.contains("@1.0s")).findFirst().orElseThrow();
        assertTrue(overloadedRow.matches(".*\\b50\\s+0\\s+50\\s+0\\.5\\s+-.*"), "fbOn st., fbOn err, degraded, cost, cost/ok: " + overloadedRow);
        String page = Files.readString(html);
        assertTrue(page.contains("fallbackOn status</th>") && page.contains(">degraded</th>") && page.contains(">cost/ok</th>"), "HTML columns");
    }

    @Test
    void theServersDegradedAnswersAreListedPerPhaseOfItsModelAndOfEachRouteAndReadBackFromTheJson(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, SCENARIO.replace("  phases: [{ at: 0s }, { at: 1s, overload: 1.0 }]",
                "  phases: [{ at: 0s }, { at: 1s, degraded: 1.0 }]\n  routes: [{ prefix: /r, phases: [{ at: 0s }, { at: 500ms, degraded: 0.5 }] }]")
                .replace("fallbackOn: [529], fallback: [{ answer: static }]", "fallback: [/r/m], qualityGate: { minLength: 5 }"));
        Path json = dir.resolve("r.json"), html = dir.resolve("r.html");
        CliHarness sim = CliHarness.run("sim", scenario.toString(), "--json", json.toString(), "--html", html.toString(), "--no-live");
        assertEquals(0, sim.exitCode(), sim.err());
        var rows = ResultJson.read(json).runs().get(0).server().degradedAnswers();
        assertEquals(List.of(0L, 50L), List.of(rows.get(0).count(), rows.get(1).count()), "every answer of the second second: " + rows);
        assertEquals("/r", rows.get(2).route());
        assertTrue(rows.get(3).count() > 10 && rows.get(3).count() < 40, "about half of the 50 the route got: " + rows);
        assertEquals(0, rows.get(2).count(), "the route got nothing before the primary's answers degraded");
        assertTrue(sim.out().contains("canned server: @0.0s 0, @1.0s 50"), sim.out());
        assertTrue(sim.out().contains("canned /r: @0.0s 0, @0.5s " + rows.get(3).count()), sim.out());
        assertTrue(Files.readString(html).contains("<h2>Degraded answers by server phase</h2>"));
    }

    @Test
    void aRunWithoutTheSignalsShowsNoneOfTheirColumns(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, SCENARIO.replace("canned: { strategy: none, fallbackOn: [529], fallback: [{ answer: static }], cost: { perCall: 0.01 } }",
                "canned: { strategy: none }"));
        CliHarness sim = CliHarness.run("sim", scenario.toString(), "--no-live");
        assertEquals(0, sim.exitCode(), sim.err());
        assertTrue(sim.out().contains("Per phase"), "two phases: the table shows");
        assertFalse(sim.out().contains("fbOn") || sim.out().contains("cost/ok") || sim.out().contains("Degraded answers by"), sim.out());
    }
}
