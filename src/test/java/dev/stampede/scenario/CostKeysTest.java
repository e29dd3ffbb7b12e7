package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.stampede.scenario.ScenarioLoaderTest.MINIMAL;
import static dev.stampede.scenario.ScenarioLoaderTest.parse;
import static dev.stampede.scenario.ScenarioLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cost:} on a policy (its own target) and on a fallback tier. */
class CostKeysTest {

    @Test
    void pricesAreReadPerTierAndATierWithoutOneCostsNothing() throws ScenarioException {
        Scenario s = parse(MINIMAL + """
                policies:
                  a:
                    cost: { perCall: 0.003, perKiBRequest: 0.0001 }
                    fallback:
                      - /b
                      - { target: /c, cost: { perCall: 0.0002 } }
                  free: { strategy: full }
                strategies: [a, free]
                """);
        assertEquals(Arrays.asList(new PolicyDef.Cost(0.003, 0.0001), null, new PolicyDef.Cost(0.0002, 0)),
                s.policy("a").prices());
        assertTrue(s.policy("free").prices().isEmpty(), "no price anywhere: an unpriced run");
        assertNull(s.policy("free").cost());
    }

    @Test
    void aNegativeOrNonNumericPriceNamesItsLineColumnAndWhatIsExpected() {
        List<String> ps = lines(problems(MINIMAL + """
                policies:
                  a:
                    cost: { perCall: -1 }
                    fallback: [{ target: /b, cost: { perKiBRequest: cheap } }]
                strategies: [a]
                """));
        assertEquals(List.of(
                "5:22 policies.a.cost.perCall: out of range (got -1; expected a price >= 0 per attempt, in your currency (e.g. 0.003))",
                "6:53 policies.a.fallback[0].cost.perKiBRequest: not a number (got cheap; expected a price >= 0 per KiB of request body, "
                        + "in your currency (e.g. 0.0001))"), ps);
    }

    @Test
    void anAnswerSizePriceAnEmptyCostAndACostOnALocalTierAreRefused() {
        List<String> ps = lines(problems(MINIMAL + """
                policies:
                  a:
                    cost: { perCall: 0.1, perKiBAnswer: 0.5 }
                    fallback: [/b, { answer: static, cost: { perCall: 1 } }]
                  b: { cost: {} }
                strategies: [a, b]
                """));
        assertEquals(3, ps.size(), ps.toString());
        assertTrue(ps.get(0).contains("policies.a.cost.perKiBAnswer: not supported yet"), ps.get(0));
        assertTrue(ps.get(1).contains("policies.a.fallback[1].cost: a tier with an answer makes no call"), ps.get(1));
        assertTrue(ps.get(2).contains("policies.b.cost: a cost needs perCall or perKiBRequest"), ps.get(2));
    }

    private static List<String> lines(List<ScenarioException.Problem> ps) {
        return ps.stream().map(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message()).toList();
    }
}
