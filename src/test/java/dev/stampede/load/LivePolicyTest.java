package dev.stampede.load;

import dev.stampede.metrics.RunResult;
import dev.stampede.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.time.InstantSource;
import java.util.List;

import static dev.stampede.load.LiveEngineTest.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Policies beyond backoff end to end: real HTTP to the embedded mock on 127.0.0.1 (port 0), runs of 1–2 s. */
class LivePolicyTest {

    private static final LiveEngine ENGINE = new LiveEngine(EngineClock.SYSTEM, InstantSource.system(), MockServers::start,
            new LiveEngine.Settings(LiveEngine.Settings.DEFAULT.bodyLimitBytes(), java.time.Duration.ofSeconds(2),
                    java.time.Duration.ofMillis(500), java.time.Duration.ofMillis(50), java.time.Duration.ZERO));

    /** The primary (/v1/messages) answers 503 to everything; /fb is a healthy fallback model. */
    static final String DEAD_PRIMARY = """
            duration: 1500ms
            seed: 5
            request: { path: /v1/messages, timeout: 2s }
            load: { rate: 40/s }
            server:
              latency: 2ms
              phases: [{ at: 0s, errors: { "503": 1.0 } }]
              routes: [{ prefix: /fb, latency: 2ms }]
            retry: { maxAttempts: 3, base: 5ms, cap: 10ms, retryOn: [503] }
            """;

    static RunResult row(Scenario s, String row) {
        return ENGINE.run(s, s.policy(row), LiveEngine.Hooks.NONE);
    }

    @Test
    void aBreakerOpensOnADeadPrimaryAndTheFallbackServesEveryRequest() throws Exception {
        Scenario s = scenario(DEAD_PRIMARY + """
                policies:
                  chain: { strategy: full, circuitBreaker: { failures: 3, open: 60s }, fallback: [/fb/messages] }
                """);
        RunResult r = row(s, "chain");
        assertEquals("chain", r.strategy(), "the row is named after the policy");
        assertEquals(r.requests().started(), r.requests().succeeded(), "every request served: " + r.requests().failures());
        long primary503 = r.statuses().getOrDefault("503", 0L);
        assertTrue(primary503 <= 15, "the breaker opens after 3 failures in a row (a few more already in flight): "
                + "expected <= 15 503s, got " + primary503);
        assertEquals(r.attempts(), r.server().received(), "client attempts = mock received, over both routes");
        assertTrue(r.phases().getFirst().fallbackShare() > 0.9, "fallback share " + r.phases().getFirst().fallbackShare());
    }

    @Test
    void aSharedRetryBudgetCapsTheAmplificationOfAnOutage() throws Exception {
        Scenario s = scenario(DEAD_PRIMARY + """
                policies:
                  budgeted: { strategy: full, budget: { ratio: 0.1, burst: 5, scope: shared } }
                """);
        RunResult r = row(s, "budgeted");
        assertEquals(r.requests().started() + 5, r.attempts(), "first tries plus the bucket's 5 tokens, nothing refills it");
        assertTrue(r.requests().failures().get("budget") > 0, r.requests().failures().toString());
    }

    @Test
    void aGateRejectsTheDegradedAnswersOfTheMock() throws Exception {
        Scenario s = scenario("""
                duration: 1s
                request: { path: /v1/messages }
                load: { rate: 20/s }
                server: { latency: 2ms, degraded: 1.0, routes: [{ prefix: /fb, latency: 2ms }] }
                policies:
                  gated: { qualityGate: { minLength: 20 }, fallback: [/fb/messages] }
                """);
        RunResult r = row(s, "gated");
        assertEquals(r.requests().started(), r.requests().succeeded(), r.requests().failures().toString());
        RunResult.Phase p = r.phases().getFirst();
        assertEquals(p.succeeded(), p.fallbackServed(), "every request served by the fallback");
        assertEquals(0.5, p.gateRejectShare(), 1e-9, "every primary 2xx rejected, every fallback 2xx passed");
    }

    @Test
    void twoPopulationsAreTwoRowsOfOneRunAgainstOneServer() throws Exception {
        Scenario s = scenario(DEAD_PRIMARY + """
                policies:
                  budgeted: { strategy: full, budget: { burst: 3, ratio: 0.1, scope: shared } }
                population: [{policy: budgeted, share: 0.5}, {policy: equal, share: 0.5}]
                """);
        List<RunResult> rows = ENGINE.runMixed(s, LiveEngine.Hooks.NONE);
        assertEquals(List.of("budgeted", "equal"), rows.stream().map(RunResult::strategy).toList());
        assertEquals(rows.get(0).requests().started() + 3, rows.get(0).attempts(), "the budget's 3 retries in all");
        assertTrue(rows.get(1).amplification() > 2.5, "equal jitter retries every 503: amplification " + rows.get(1).amplification());
        assertNull(rows.get(0).server(), "the shared server's counts belong to no single row");
    }
}
