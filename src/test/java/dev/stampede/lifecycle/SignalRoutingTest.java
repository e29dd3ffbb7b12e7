package dev.stampede.lifecycle;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioException;
import dev.stampede.scenario.ScenarioLoader;
import dev.stampede.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routing that follows signals (seed 000): a streak of 529s moves a request on, a rolling 529 rate over the threshold
 * starts new requests past the primary, and a fallback whose gate rejects too much makes requests fail forward. Each
 * in both engines, with the same decisions in the same order and the same per-phase switch counts. The primary
 * answers every request with 529 (or 500), /good answers well, /bad answers a degraded (empty) 200.
 */
class SignalRoutingTest {

    private static final String SCENARIO = """
            name: signals
            duration: 30s
            seed: 5
            request: { path: /v1/messages, timeout: 2s }
            load: { model: herd, clients: 1, requests: 4 }
            server:
              latency: 1ms
              phases: [{ at: 0s, overload: 1.0 }]
              routes:
                - { prefix: /good, latency: 1ms }
                - { prefix: /bad, latency: 1ms, degraded: 1.0 }
            retry: { maxAttempts: 5, base: 1ms, cap: 2ms, retryOn: [529] }
            policies:
              streak:
                fallback: [/good/m]
                routing: { streak: { count: 2 } }
              rate:
                retry: { maxAttempts: 1 }
                fallback: [/good/m]
                routing: { rate: { perThousand: 25, window: 10s } }
              forward:
                retry: { maxAttempts: 1 }
                fallback: [/bad/m, /good/m]
                qualityGate: { minLength: 5 }
                routing: { failForward: { share: 0.1, window: 10s } }
            strategies: [streak, rate, forward]
            """;

    private static Scenario scenario() throws ScenarioException {
        return ScenarioLoader.parse(SCENARIO, "t.yaml", Set.copyOf(Strategies.names()), Map.of());
    }

    private record Both(List<String> sim, List<String> live, RunResult simResult, RunResult liveResult) {}

    private static Both run(String row) throws Exception {
        Scenario s = scenario();
        List<String> live = Collections.synchronizedList(new ArrayList<>());
        RunResult liveResult = BothEngines.live(s, row, (t, event, action) -> live.add(Decisions.describe(event, action)));
        List<String> sim = new ArrayList<>();
        RunResult simResult = new Simulator(s).run(s.policy(row), new RunRecorder(Simulator.recorderConfig(s, row)),
                new Simulator.Watch(() -> false, t -> {}, (t, event, action) -> sim.add(Decisions.describe(event, action)))).result();
        assertEquals(sim, live, row + ": the same decisions in the same order");
        assertEquals(simResult.phases(), liveResult.phases().stream().map(p -> new RunResult.Phase(p.atSeconds(), p.attempts(),
                p.overloaded(), p.answered2xx(), p.gateRejected(), p.succeeded(), p.fallbackServed(), p.userFailures(),
                simResult.phases().getFirst().p50Ms(), simResult.phases().getFirst().p95Ms(), p.switchedOnStreak(),
                p.switchedOnRate(), p.failedForward())).toList(), row + ": the same per-phase counts (latencies aside)");
        return new Both(sim, live, simResult, liveResult);
    }

    @Test
    void aStreakOfTwo529sMovesEachRequestToTheNextTierBeforeItsRetriesAreUsedUp() throws Exception {
        Both b = run("streak");
        assertEquals(List.of("start -> send #1 to tier 0", "answered -> wait BACKOFF", "timerFired -> send #2 to tier 0",
                "answered -> send #3 to tier 1", "answered -> succeed on tier 1"), b.sim().subList(0, 5), b.sim().toString());
        RunResult.Phase p = b.simResult().phases().getFirst();
        assertEquals(4, p.switchedOnStreak(), "every request switched once");
        assertEquals(0, p.switchedOnRate() + p.failedForward());
        assertEquals(12, b.simResult().attempts(), "2 on the primary and 1 on the fallback, per request");
    }

    @Test
    void aRolling529RateOverTheThresholdStartsNewRequestsOnTheFallbackTier() throws Exception {
        Both b = run("rate");
        assertEquals(List.of("start -> send #1 to tier 0", "answered -> send #2 to tier 1", "answered -> succeed on tier 1",
                "start -> send #1 to tier 1", "answered -> succeed on tier 1"), b.sim().subList(0, 5), b.sim().toString());
        RunResult.Phase p = b.simResult().phases().getFirst();
        assertEquals(3, p.switchedOnRate(), "the first request measured 1,000 per 1,000; the three after it start on tier 1");
        assertEquals(5, b.simResult().attempts());
        assertEquals(4, b.simResult().requests().succeeded());
    }

    @Test
    void aFallbackWhoseGateRejectsMoreThanTheShareMakesRequestsFailForward() throws Exception {
        Both b = run("forward");
        assertEquals(List.of("start -> send #1 to tier 0", "answered -> send #2 to tier 1", "answered -> fail failForward",
                "start -> send #1 to tier 0", "answered -> fail failForward"), b.sim().subList(0, 5), b.sim().toString());
        RunResult.Phase p = b.simResult().phases().getFirst();
        assertEquals(4, p.failedForward());
        assertEquals(4L, b.simResult().requests().failures().get("failForward"));
        assertEquals(5, b.simResult().attempts());
    }

    @Test
    void routingWithoutAFallbackChainOrAFailForwardWithoutAGateIsAProblemAtItsPosition() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.parse("""
                name: bad
                duration: 10s
                load: { rate: 10/s }
                policies:
                  a:
                    routing: { streak: { count: 3 } }
                  b:
                    fallback: [/x]
                    routing: { failForward: { share: 0.1 }, rate: { perThousand: 2000 } }
                strategies: [a, b]
                """, "bad.yaml", Set.copyOf(Strategies.names()), Map.of()));
        String m = e.getMessage();
        assertTrue(m.contains("bad.yaml:6:5: policies.a.routing: needs a fallback chain"), m);
        assertTrue(m.contains("bad.yaml:9:16: policies.b.routing.failForward: needs a quality gate"), m);
        assertTrue(m.contains("bad.yaml:9:66: policies.b.routing.rate.perThousand: out of range"), m);
    }
}
