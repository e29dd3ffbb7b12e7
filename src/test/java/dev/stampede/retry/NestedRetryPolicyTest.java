package dev.stampede.retry;

import dev.stampede.retry.RetryPolicy.Decision;
import dev.stampede.retry.RetryPolicy.RetryState;
import dev.stampede.scenario.ErrorKind;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 002's tenacity around the Anthropic SDK, nested as written ({@code retry.inner: {strategy: sdk}}): the policy
 * alone, on a virtual clock (the delays it returns are summed, nothing sleeps).
 */
class NestedRetryPolicyTest {

    private static final String SCENARIO = """
            name: nested
            load: { rate: 1/s }
            retry:
              maxAttempts: 5
              base: 1s
              cap: 60s
              min: 4s
              retryOn: [400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504, 529]
              retryAfter: ignore
              inner: { strategy: sdk, maxAttempts: 3 }
            policies:
              tenacity: { strategy: none }
            strategies: [tenacity]
            """;

    private static RetryPolicy tenacityAroundTheSdk() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO, "nested.yaml", Set.copyOf(Strategies.names()), Map.of());
        return Strategies.forRow(s.policy("tenacity"));
    }

    /** The delays before each retry, and the final decision, for a server whose n-th answer (from 0) is {@code answer}. */
    private record Run(List<Long> delaysNanos, Decision last) {
        int attempts() { return delaysNanos.size() + 1; }
    }

    private static Run run(RetryPolicy policy, IntFunction<AttemptOutcome> answer) {
        Random rng = new Random(7);
        RetryState state = policy.start();
        List<Long> delays = new ArrayList<>();
        long nowNanos = 0;
        for (int n = 0; n < 100; n++) {
            Decision d = policy.decide(state, answer.apply(n), rng, nowNanos);
            if (!(d instanceof Decision.Retry r)) return new Run(delays, d);
            delays.add(r.delayNanos());
            nowNanos += r.delayNanos();
            state = r.next();
        }
        throw new AssertionError("no end after 100 attempts");
    }

    private static final long MS = 1_000_000L;

    @Test
    void aServerThatAlwaysAnswers529GetsFiveCallsOfThreeAttemptsEach() throws Exception {
        Run run = run(tenacityAroundTheSdk(), n -> AttemptOutcome.status(529));
        assertEquals(15, run.attempts());
        assertEquals(new Decision.GiveUp(FailureReason.EXHAUSTED), run.last());
        // after attempts 3, 6, 9, 12 (the end of each SDK call): tenacity's 4, 4, 4, 8 s; inside a call the SDK's
        // 0.5 s and 1 s less up to a quarter of jitter
        List<Long> outer = List.of(4000 * MS, 4000 * MS, 4000 * MS, 8000 * MS);
        for (int i = 0; i < run.delaysNanos().size(); i++) {
            long d = run.delaysNanos().get(i);
            int attempt = i + 1;
            if (attempt % 3 == 0) {
                assertEquals(outer.get(attempt / 3 - 1), d, "tenacity's wait after call " + attempt / 3);
            } else {
                long full = (attempt % 3 == 1 ? 500 : 1000) * MS;
                assertTrue(d <= full && d >= full * 3 / 4, "the SDK's wait after attempt " + attempt + ": " + d);
            }
        }
    }

    @Test
    void a400IsRetriedByTheOuterLayerOnlySoItGetsFiveAttemptsTenacitysWaitsApart() throws Exception {
        Run run = run(tenacityAroundTheSdk(), n -> AttemptOutcome.status(400));
        assertEquals(5, run.attempts());
        assertEquals(List.of(4000 * MS, 4000 * MS, 4000 * MS, 8000 * MS), run.delaysNanos());
        assertEquals(new Decision.GiveUp(FailureReason.EXHAUSTED), run.last());
    }

    @Test
    void aTimeoutIsRetriedByTheSdkOnlySoItGetsThreeAttemptsAndEndsAsNotRetriedByTheOuterLayer() throws Exception {
        Run run = run(tenacityAroundTheSdk(), n -> AttemptOutcome.error(ErrorKind.TIMEOUT));
        assertEquals(3, run.attempts());
        assertEquals(new Decision.GiveUp(FailureReason.NON_RETRYABLE), run.last());
    }

    @Test
    void eachOuterRetryStartsAFreshInnerLoop() throws Exception {
        // 529, 529, 529 (one call used up), then 529 (a new call: the SDK retries again), then success
        Run run = run(tenacityAroundTheSdk(), n -> n < 4 ? AttemptOutcome.status(529) : AttemptOutcome.status(200));
        assertEquals(5, run.attempts());
        assertEquals(4000 * MS, run.delaysNanos().get(2), "tenacity's wait after the first call");
        assertTrue(run.delaysNanos().get(3) <= 500 * MS, "the new call's first SDK wait: " + run.delaysNanos().get(3));
        assertInstanceOf(Decision.Succeed.class, run.last());
    }

    @Test
    void theRowKeepsTheOuterStrategysName() throws Exception {
        assertEquals("none", tenacityAroundTheSdk().name());
    }
}
