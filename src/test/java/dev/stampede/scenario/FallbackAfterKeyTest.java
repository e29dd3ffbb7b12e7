package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.stampede.scenario.ScenarioLoaderTest.MINIMAL;
import static dev.stampede.scenario.ScenarioLoaderTest.parse;
import static dev.stampede.scenario.ScenarioLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code fallbackAfter}: statuses and error kinds after which a tier whose retries ran out is left. */
class FallbackAfterKeyTest {

    @Test
    void fallbackAfterIsReadAndAbsentMeansAnything() throws ScenarioException {
        Scenario s = parse(MINIMAL + """
                policies:
                  a: { fallback: [/b], fallbackAfter: [529, connect] }
                  b: { fallback: [/b] }
                strategies: [a, b]
                """);
        assertEquals(new PolicyDef.Outcomes(Set.of(529), Set.of(ErrorKind.CONNECT)), s.policy("a").fallbackAfter());
        assertNull(s.policy("b").fallbackAfter());
    }

    @Test
    void withoutAFallbackChainOrWithA2xxItNamesItsLineAndColumn() {
        assertEquals(List.of("4:8 policies.a.fallbackAfter: needs a fallback chain (policies.a.fallback) to move to",
                        "5:39 policies.b.fallbackAfter: a 2xx is not a failure (got 200)"),
                problems(MINIMAL + """
                        policies:
                          a: { fallbackAfter: [529] }
                          b: { fallback: [/b], fallbackAfter: [200] }
                        strategies: [a, b]
                        """).stream().map(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message()).toList());
    }
}
