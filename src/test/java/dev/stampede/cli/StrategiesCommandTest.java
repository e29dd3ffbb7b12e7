package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.retry.Strategies;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code stampede strategies} in-process; small sample counts keep it fast. */
class StrategiesCommandTest {

    @Test
    void theTableShowsEveryStrategysFormulaAndOneAlignedRowPerRetry() {
        CliHarness r = CliHarness.run("strategies", "--base", "100ms", "--cap", "1s", "--attempts", "4", "--samples", "2000", "--seed", "3");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        for (String name : Strategies.names()) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(name + ": ")), "a heading '" + name + ": formula' in:\n" + r.out());
        }
        int heading = lines.indexOf("none: min(cap, base·2^n)");
        assertTrue(heading >= 0, "none's formula heading in:\n" + r.out());
        assertEquals(List.of("retry", "min", "mean", "p50", "p99", "max"), List.of(lines.get(heading + 1).trim().split("\\s+")));
        // none: 100, 200, 400, 800 ms exactly, every column alike.
        String[] expected = {"100.0", "200.0", "400.0", "800.0"};
        int width = lines.get(heading + 1).length();
        for (int retry = 0; retry < 4; retry++) {
            String row = lines.get(heading + 2 + retry);
            assertEquals(width, row.length(), "rows align with the header:\n" + lines.get(heading + 1) + "\n" + row);
            List<String> cells = List.of(row.trim().split("\\s+"));
            assertEquals(Integer.toString(retry), cells.get(0));
            assertEquals(List.of(expected[retry], expected[retry], expected[retry], expected[retry], expected[retry]), cells.subList(1, 6),
                    "none at retry " + retry + " is exactly " + expected[retry] + " ms in every column");
        }
    }

    @Test
    void jsonListsEveryStrategyWithItsPerRetryDistribution() throws Exception {
        CliHarness r = CliHarness.run("strategies", "--json", "--base", "1s", "--cap", "30s", "--attempts", "3", "--samples", "5000");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        List<String> names = new ArrayList<>();
        for (JsonNode s : root.get("strategies")) {
            names.add(s.get("name").asText());
            assertTrue(s.get("formula").asText().length() > 5, "a formula for " + s.get("name"));
            assertEquals(3, s.get("attempts").size(), "three retries for " + s.get("name"));
            for (int i = 0; i < 3; i++) {
                JsonNode a = s.get("attempts").get(i);
                assertEquals(i, a.get("attempt").asInt());
                double min = a.get("minMs").asDouble(), mean = a.get("meanMs").asDouble(), p50 = a.get("p50Ms").asDouble(),
                        p99 = a.get("p99Ms").asDouble(), max = a.get("maxMs").asDouble();
                assertTrue(min <= p50 && p50 <= p99 && p99 <= max && min <= mean && mean <= max,
                        s.get("name") + " retry " + i + ": expected min <= p50 <= p99 <= max and min <= mean <= max, got " + a);
            }
        }
        assertEquals(Strategies.names(), names);
        JsonNode none = root.get("strategies").get(0).get("attempts").get(0);
        assertEquals(1000.0, none.get("minMs").asDouble(), "none's retry 0 is exactly base");
        assertEquals(1000.0, none.get("maxMs").asDouble(), "none's retry 0 is exactly base");
        JsonNode full = root.get("strategies").get(3).get("attempts").get(2);
        assertEquals(2000.0, full.get("meanMs").asDouble(), 2000.0 * 0.05, "full's mean at retry 2 over 5000 samples: 2000 ms ± 5 %");
    }

    @Test
    void theSameSeedPrintsTheSameFigures() {
        String[] args = {"strategies", "--attempts", "2", "--samples", "1000", "--seed", "42"};
        assertEquals(CliHarness.run(args).out(), CliHarness.run(args).out());
    }

    @Test
    void aBadBaseIsAUsageErrorNamingTheOption() {
        CliHarness r = CliHarness.run("strategies", "--base", "soon");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("--base") && r.err().contains("'soon'"), r.err());
        assertEquals("", r.out(), "nothing printed on stdout");
    }

    @Test
    void aCapBelowTheBaseIsAUsageError() {
        CliHarness r = CliHarness.run("strategies", "--base", "2s", "--cap", "1s");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("--cap must be >= --base"), r.err());
    }

    @Test
    void zeroSamplesIsAUsageError() {
        CliHarness r = CliHarness.run("strategies", "--samples", "0");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("--samples"), r.err());
    }
}
