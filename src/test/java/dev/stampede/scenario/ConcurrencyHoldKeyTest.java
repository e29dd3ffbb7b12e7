package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.stampede.scenario.ScenarioLoaderTest.MINIMAL;
import static dev.stampede.scenario.ScenarioLoaderTest.parse;
import static dev.stampede.scenario.ScenarioLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code concurrency.hold}: request (the default) or attempt. */
class ConcurrencyHoldKeyTest {

    @Test
    void holdIsReadAndDefaultsToTheWholeRequest() throws ScenarioException {
        Scenario s = parse(MINIMAL + """
                policies:
                  a: { strategy: full, concurrency: { limit: 30, hold: attempt } }
                  r: { strategy: full, concurrency: { limit: 30 } }
                strategies: [a, r]
                """);
        assertTrue(s.policy("a").concurrency().perAttempt());
        assertFalse(s.policy("r").concurrency().perAttempt());
    }

    @Test
    void anUnknownHoldNamesItsLineColumnAndTheChoices() {
        List<ScenarioException.Problem> ps = problems(MINIMAL + """
                policies:
                  a: { strategy: full, concurrency: { limit: 30, hold: attempts } }
                strategies: [a]
                """);
        assertEquals(List.of("4:56 policies.a.concurrency.hold: unknown value (did you mean attempt?) (got attempts; expected one of request, attempt)"),
                ps.stream().map(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message()).toList());
    }
}
