package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.stampede.scenario.ScenarioLoaderTest.MINIMAL;
import static dev.stampede.scenario.ScenarioLoaderTest.parse;
import static dev.stampede.scenario.ScenarioLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code retry.inner}: a retry layer inside each attempt of the outer one (an SDK's own retries inside a wrapper). */
class InnerRetryKeysTest {

    @Test
    void anInnerLayerIsReadWithItsOwnDefaultsNotTheOuterLayers() throws ScenarioException {
        Scenario s = parse(MINIMAL + """
                retry:
                  maxAttempts: 5
                  base: 2s
                  inner: { strategy: full }
                """);
        RetrySpec.Inner inner = s.retry().inner();
        assertEquals("full", inner.strategy());
        assertFalse(inner.retry().maxAttemptsSet(), "sdk would then take the SDK's own 3 attempts");
        assertEquals(RetrySpec.DEFAULT.base(), inner.retry().base(), "not the outer 2s");
        assertEquals(5, s.retry().maxAttempts());
    }

    @Test
    void aPolicyInheritsTheScenariosInnerLayerAndMaySetItsOwn() throws ScenarioException {
        Scenario s = parse(MINIMAL + """
                retry: { inner: { strategy: equal, maxAttempts: 3 } }
                policies:
                  kept: { strategy: none }
                  own: { strategy: none, retry: { inner: { strategy: full, maxAttempts: 2, base: 100ms, cap: 1s } } }
                strategies: [kept, own]
                """);
        assertEquals("equal", s.policy("kept").retry().inner().strategy());
        RetrySpec.Inner own = s.policy("own").retry().inner();
        assertEquals("full", own.strategy());
        assertEquals(2, own.retry().maxAttempts());
        assertEquals(Duration.ofMillis(100), own.retry().base());
        assertNull(parse(MINIMAL).retry().inner(), "one layer unless asked");
    }

    @Test
    void anInnerLayerInsideAnInnerLayerAGateInsideItAndABadStrategyNameTheirLineAndColumn() {
        List<ScenarioException.Problem> ps = problems(MINIMAL + """
                retry:
                  inner:
                    strategy: ful
                    budget: { ratio: 0.1 }
                    inner: { strategy: none }
                """);
        assertEquals(List.of(
                "5:15 retry.inner.strategy: unknown strategy (did you mean full?) (got ful; expected one of "
                        + String.join(", ", new java.util.TreeSet<>(ScenarioLoaderTest.KNOWN)) + ")",
                "6:5 retry.inner.budget: a retry budget belongs to the policy (it counts every attempt of both layers): set it on the outer retry or the policy",
                "7:5 retry.inner.inner: retry layers nest one level deep: an inner layer has no inner layer of its own"),
                ps.stream().map(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message()).sorted().toList());
    }

    @Test
    void anInnerLayerWithoutAStrategyIsRefused() {
        List<ScenarioException.Problem> ps = problems(MINIMAL + "retry: { inner: { maxAttempts: 3 } }\n");
        assertEquals(1, ps.size());
        assertEquals("retry.inner.strategy", ps.get(0).path());
        assertEquals("missing required key (expected the inner layer's strategy, such as sdk)", ps.get(0).message());
    }

    @Test
    void aWorkQueueRefusesAnInnerLayerAtItsLine() {
        List<ScenarioException.Problem> ps = problems(MINIMAL + """
                retry: { inner: { strategy: full } }
                policies:
                  q: { strategy: none, workQueue: { size: 10, deadline: 5s } }
                strategies: [q]
                """);
        assertEquals(List.of("5:24 policies.q.workQueue: not with retry.inner (yet): its workers retry with one shared backoff only"),
                ps.stream().map(p -> p.line() + ":" + p.column() + " " + p.path() + ": " + p.message()).toList());
    }
}
