package dev.stampede.sim;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioException;
import dev.stampede.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Policies beyond backoff in virtual time: breakers, fallback chains, budgets, gates, limits, populations. */
class SimPolicyTest {

    /** 50 requests a second for 4 s; the primary (/v1/messages) answers 503 to everything, /fb is healthy. */
    static final String DEAD_PRIMARY = """
            duration: 4s
            seed: 7
            request: { path: /v1/messages, timeout: 1s }
            load: { rate: 50/s }
            server:
              latency: 10ms
              phases: [{ at: 0s, errors: { "503": 1.0 } }]
              routes: [{ prefix: /fb, latency: 10ms }]
            retry: { maxAttempts: 3, base: 10ms, cap: 20ms, retryOn: [503] }
            """;

    static Scenario parse(String yaml) throws ScenarioException {
        return ScenarioLoader.parse(yaml, "t.yaml", Set.copyOf(Strategies.names()), Map.of());
    }

    static RunResult row(Scenario s, String row) {
        return new Simulator(s).run(s.policy(row), new RunRecorder(Simulator.recorderConfig(s, row)), Simulator.Watch.NONE).result();
    }

    @Test
    void aBreakerOpensOnADeadPrimaryAndRequestsFallBack() throws ScenarioException {
        Scenario s = parse(DEAD_PRIMARY + """
                policies:
                  chain: { strategy: full, circuitBreaker: { failures: 3, open: 60s }, fallback: [/fb/messages] }
                strategies: [chain, full]
                """);
        RunResult chain = row(s, "chain"), bare = row(s, "full");
        assertEquals(200, chain.requests().started());
        assertEquals(1.0, chain.requests().successRate(), "every request is served by the fallback");
        long primary503 = chain.statuses().getOrDefault("503", 0L);
        assertTrue(primary503 <= 12, "the breaker opens after 3 failures in a row; a few attempts already on the wire "
                + "may add to them, expected <= 12 503s, got " + primary503);
        RunResult.Phase only = chain.phases().getFirst();
        assertTrue(only.fallbackShare() > 0.99, "fallback share " + only.fallbackShare());
        assertEquals(0.0, bare.requests().successRate(), "without a chain every request fails");
        assertEquals(600, bare.statuses().get("503"), 3, "3 attempts each, all 503 (less the last arrivals' retries cut "
                + "by the end of the load: at most 3)");
    }

    @Test
    void aRetryBudgetCapsTheAmplificationOfAnOutage() throws ScenarioException {
        Scenario s = parse(DEAD_PRIMARY + """
                policies:
                  budgeted: { strategy: full, budget: { kind: tokenBucket, ratio: 0.1, burst: 10, scope: shared } }
                strategies: [budgeted, full]
                """);
        RunResult budgeted = row(s, "budgeted"), bare = row(s, "full");
        assertEquals(3.0, bare.amplification(), 0.01, "without a budget every request makes its 3 attempts (±0.01: "
                + "the last arrivals' retries are cut by the end of the load)");
        assertEquals(200 + 10, budgeted.attempts(), "200 first tries and the bucket's 10 tokens (nothing succeeds to refill it)");
        assertTrue(budgeted.requests().failures().get("budget") >= 190, budgeted.requests().failures().toString());
    }

    @Test
    void adaptiveThrottlingRejectsLocallyOnceTheBackendRejectsEverything() throws ScenarioException {
        Scenario s = parse(DEAD_PRIMARY + """
                policies:
                  throttled: { strategy: full, throttle: { k: 2, window: 10s, scope: shared } }
                strategies: [throttled]
                """);
        RunResult r = row(s, "throttled");
        long throttled = r.requests().failures().get("throttled");
        assertTrue(throttled > 150, "with no accepts a request goes out with probability 1/(requests+1): expected most "
                + "of 200 rejected locally, got " + throttled);
        assertTrue(r.attempts() < 3 * (200 - throttled) + 10, "rejected requests send nothing: " + r.attempts() + " attempts");
    }

    @Test
    void aDegradedServerDegradesTheAnswersOfQueuedRequestsToo() throws ScenarioException {
        // one worker of 10 ms against 200 arrivals/s: nearly every request waits for the worker before its service
        Scenario s = parse("""
                duration: 2s
                request: { path: /v1/messages, timeout: 60s }
                load: { rate: 200/s }
                server: { latency: 10ms, degraded: 1.0, workers: 1, queue: 1000 }
                policies:
                  gated: { qualityGate: { minLength: 20 } }
                strategies: [gated]
                """);
        RunResult r = row(s, "gated");
        long answered2xx = r.phases().stream().mapToLong(RunResult.Phase::answered2xx).sum();
        long rejected = r.phases().stream().mapToLong(RunResult.Phase::gateRejected).sum();
        assertTrue(answered2xx > 100, "the worker served requests that had waited: " + answered2xx);
        assertEquals(answered2xx, rejected, "every 2xx was degraded, whether it started at once or after waiting");
        assertEquals(0, r.requests().succeeded(), "no answer passed the gate");
    }

    @Test
    void aGateRejectsDegradedAnswersAndTheChainServesThemElsewhere() throws ScenarioException {
        Scenario s = parse("""
                duration: 2s
                request: { path: /v1/messages }
                load: { rate: 50/s }
                server: { degraded: 1.0, routes: [{ prefix: /fb }] }
                policies:
                  gated: { qualityGate: { minLength: 20 }, fallback: [/fb/messages] }
                  gatedAlone: { qualityGate: { minLength: 20 } }
                strategies: [gated, gatedAlone]
                """);
        RunResult gated = row(s, "gated"), alone = row(s, "gatedAlone");
        assertEquals(gated.requests().started(), gated.requests().succeeded() + gated.requests().failures().get("deadline"),
                "every request is served, but those the end of the load cut during their fallback");
        assertTrue(gated.requests().successRate() >= 0.98, "success " + gated.requests().successRate());
        assertEquals(1.0, gated.phases().getFirst().fallbackShare(), 1e-9);
        assertEquals(0.5, gated.phases().getFirst().gateRejectShare(), 0.01, "one degraded 2xx per served 2xx (±0.01: a fallback cut by the end)");
        assertEquals(100L, alone.requests().failures().get("qualityGate"), "no tier passes: every request fails the gate");
    }

    @Test
    void aConcurrencyLimitWithoutAQueueRejectsWhatFindsItFull() throws ScenarioException {
        Scenario s = parse("""
                duration: 2s
                load: { rate: 100/s }
                server: { latency: 50ms }
                policies:
                  limited: { concurrency: { limit: 1 } }
                  queued: { concurrency: { limit: 1, queue: 1000, maxWait: 100ms } }
                strategies: [limited, queued]
                """);
        RunResult limited = row(s, "limited"), queued = row(s, "queued");
        long queueFull = limited.requests().failures().get("queueFull");
        assertTrue(queueFull > 100 && queueFull < 200, "one in flight for ~50 ms of every 10 ms arrival gap: expected "
                + "most of 200 rejected, got " + queueFull);
        assertEquals(limited.requests().started(), limited.requests().succeeded() + queueFull);
        assertTrue(queued.requests().failures().get("deadline") > 0, "waiters past 100 ms fail as deadline");
        assertEquals(0L, queued.requests().failures().get("queueFull"));
    }

    @Test
    void twoPopulationsOnOneServerAreTwoRowsOfOneRun() throws ScenarioException {
        Scenario s = parse(DEAD_PRIMARY + """
                policies:
                  budgeted: { strategy: full, budget: { burst: 5, ratio: 0.1, scope: shared } }
                population: [{policy: budgeted, share: 0.5}, {policy: equal, share: 0.5}]
                """);
        Simulator.MixedOutcome o = new Simulator(s).runMixed(Simulator.Watch.NONE);
        List<RunResult> rows = o.results();
        assertEquals(List.of("budgeted", "equal"), rows.stream().map(RunResult::strategy).toList());
        assertEquals(200, rows.get(0).requests().started() + rows.get(1).requests().started(), "50/s for 4 s, split");
        assertEquals(100, rows.get(0).requests().started(), 1, "half the arrivals (paced evenly, interleaved with the other half)");
        assertEquals(o.serverReceived(), rows.get(0).attempts() + rows.get(1).attempts(), "one server saw both populations");
        assertEquals(rows.get(0).requests().started() + 5, rows.get(0).attempts(), "the budget: 5 retries in all");
        assertEquals(3.0, rows.get(1).amplification(), 0.05, "equal jitter makes all 3 attempts (±0.05: retries cut by the end)");
        assertNull(rows.get(0).server(), "a shared server's counts belong to no single row");
    }
}
