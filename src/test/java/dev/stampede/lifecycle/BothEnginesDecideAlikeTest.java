package dev.stampede.lifecycle;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import dev.stampede.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live engine (virtual threads, real HTTP to the embedded mock) and the simulator (events) drive the same
 * {@link RequestLifecycle}: for one scenario with every policy part — budget, breaker, throttle, a fallback chain
 * with a quality gate, a concurrency limit — they take the same decisions in the same order, and end with the same
 * outcomes. The scenario is one herd client making its requests back to back against a server whose every answer
 * is fixed by its route (primary: 500; /fb1: degraded 2xx; /fb2: good 2xx), so nothing the two engines' clocks or
 * random streams differ in can change a decision (backoff delays differ; they are not compared).
 */
class BothEnginesDecideAlikeTest {

    private static final String SCENARIO = """
            name: every-policy-part
            duration: 30s
            seed: 11
            request: { path: /v1/messages, timeout: 2s }
            load: { model: herd, clients: 1, requests: 8 }
            server:
              latency: 1ms
              phases: [{ at: 0s, errors: { "500": 1.0 } }]
              routes:
                - { prefix: /fb1, latency: 1ms, degraded: 1.0 }
                - { prefix: /fb2, latency: 1ms }
            retry: { maxAttempts: 2, base: 2ms, cap: 4ms, retryOn: [500] }
            policies:
              everything:
                strategy: full
                budget: { ratio: 0.5, burst: 2, scope: shared }
                circuitBreaker: { failures: 3, open: 60s }
                throttle: { k: 2, window: 60s, scope: shared }
                concurrency: { limit: 1, queue: 4, maxWait: 10s }
                fallback: [/fb1/messages, /fb2/messages]
                qualityGate: { minLength: 20 }
            strategies: [everything]
            """;

    @Test
    void theLiveEngineAndTheSimulatorTakeTheSameDecisionsInTheSameOrder() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO, "t.yaml", Set.copyOf(Strategies.names()), Map.of());

        List<String> live = Collections.synchronizedList(new ArrayList<>());
        RunResult liveResult = BothEngines.live(s, "everything", (t, event, action) -> live.add(Decisions.describe(event, action)));

        List<String> sim = new ArrayList<>();
        RunResult simResult = BothEngines.simulated(s, "everything", (t, event, action) -> sim.add(Decisions.describe(event, action)));

        assertTrue(sim.contains("answered -> wait BACKOFF"), "a retry after a 500 on the primary: " + sim);
        assertTrue(sim.contains("answered -> send #3 to tier 2"), "the gate rejects /fb1's answer, /fb2 is next: " + sim);
        assertTrue(sim.contains("start -> send #1 to tier 1"), "the open breaker sends later requests past the primary: " + sim);
        assertEquals(sim, live, "the same decisions in the same order");

        assertEquals(simResult.requests().failures(), liveResult.requests().failures(), "failures by reason");
        assertEquals(simResult.requests().succeeded(), liveResult.requests().succeeded(), "successes");
        assertEquals(simResult.attempts(), liveResult.attempts(), "attempts");
        assertEquals(simResult.statuses(), liveResult.statuses(), "statuses");
        assertEquals(simResult.phases().getFirst().fallbackServed(), liveResult.phases().getFirst().fallbackServed(),
                "requests served by a fallback tier");
    }

    private static final String CASCADE = """
            name: cascade-to-a-static-answer
            duration: 30s
            seed: 11
            request: { path: /v1/messages, timeout: 20s }
            load: { model: herd, clients: 1, requests: 6 }
            server:
              latency: 1ms
              phases: [{ at: 0s, overload: 1.0 }]
              routes:
                - { prefix: /fb1, latency: 1ms, phases: [{ at: 0s, errors: { "503": 1.0 } }] }
            retry: { maxAttempts: 3, base: 2ms, cap: 4ms, retryOn: [503, 529] }
            policies:
              cascade:
                strategy: full
                circuitBreaker: { failures: 2, open: 60s, halfOpen: all }
                failOn: [503, 529]
                fallbackOn: [529]
                fallback: [/fb1/messages, { answer: static }]
            strategies: [cascade]
            """;

    @Test
    void bothEnginesFallBackAtOnceOnFallbackOnSkipOpenTiersAndEndDegradedOnAStaticTierAlike() throws Exception {
        Scenario s = ScenarioLoader.parse(CASCADE, "t.yaml", Set.copyOf(Strategies.names()), Map.of());

        List<String> live = Collections.synchronizedList(new ArrayList<>());
        RunResult liveResult = BothEngines.live(s, "cascade", (t, event, action) -> live.add(Decisions.describe(event, action)));
        List<String> sim = new ArrayList<>();
        RunResult simResult = BothEngines.simulated(s, "cascade", (t, event, action) -> sim.add(Decisions.describe(event, action)));

        assertEquals(List.of("start -> send #1 to tier 0", "answered -> send #2 to tier 1", "answered -> wait BACKOFF"),
                sim.subList(0, 3), "529 on the primary moves on at once; 503 on /fb1 is retried there");
        assertTrue(sim.contains("answered -> degraded on tier 2"), "the chain ends in the static answer: " + sim);
        assertTrue(sim.contains("start -> degraded on tier 2"), "both breakers open: later requests answer locally at once: " + sim);
        assertEquals(sim, live, "the same decisions in the same order (live statuses " + liveResult.statuses() + ")");
        assertEquals(6, simResult.requests().degraded());
        assertEquals(List.of(simResult.requests().degraded(), simResult.requests().succeeded(), simResult.requests().failed(),
                simResult.attempts()), List.of(liveResult.requests().degraded(), liveResult.requests().succeeded(),
                liveResult.requests().failed(), liveResult.attempts()), "degraded, succeeded, failed, attempts");
    }

    private static final String SHARED = """
            name: one-backoff-for-all
            duration: 30s
            seed: 11
            request: { path: /v1/messages, timeout: 20s }
            load: { model: herd, clients: 1, requests: 2 }
            server:
              latency: 1ms
              phases: [{ at: 0s, overload: 1.0 }]
            retry: { maxAttempts: 3, base: 2ms, cap: 8ms, retryOn: [529] }
            policies:
              queue: { strategy: none, sharedBackoff: true }
            strategies: [queue]
            """;

    @Test
    void bothEnginesWaitTheSharedBackoffWhichTheSecondRequestTakesOverFromTheFirst() throws Exception {
        Scenario s = ScenarioLoader.parse(SHARED, "t.yaml", Set.copyOf(Strategies.names()), Map.of());
        List<Long> live = Collections.synchronizedList(new ArrayList<>());
        BothEngines.live(s, "queue", (t, event, action) -> { if (action instanceof RequestLifecycle.Action.Wait w) live.add(w.untilNanos() - t); });
        List<Long> sim = new ArrayList<>();
        new Simulator(s).run(s.policy("queue"), new RunRecorder(Simulator.recorderConfig(s, "queue")),
                new Simulator.Watch(() -> false, t -> {},
                        (t, event, action) -> { if (action instanceof RequestLifecycle.Action.Wait w) sim.add(w.untilNanos() - t); }));
        long ms = 1_000_000L;
        assertEquals(List.of(2 * ms, 4 * ms, 8 * ms, 8 * ms), sim,
                "2 and 4 ms for the first request; the second goes on from there (8, capped), as no success reset it");
        assertEquals(sim, live);
    }

    /** An event and its action without times or attempt ids (those are the engines' own). */
}
