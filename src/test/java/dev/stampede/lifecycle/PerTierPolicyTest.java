package dev.stampede.lifecycle;

import dev.stampede.load.EngineClock;
import dev.stampede.load.LiveEngine;
import dev.stampede.load.MockServers;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.PolicyDef;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioException;
import dev.stampede.scenario.ScenarioLoader;
import dev.stampede.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fallback tier with retry settings and a quality gate of its own (seed 000: the GPT-5 tier is called once and its
 * answer returned unchecked), in both engines: primary and first fallback always answer 500, the second fallback
 * answers a degraded (empty) 200 that the policy's gate would reject but the tier's {@code qualityGate: off} accepts.
 */
class PerTierPolicyTest {

    private static final String SCENARIO = """
            name: per-tier
            duration: 30s
            seed: 3
            request: { path: /v1/messages, timeout: 2s }
            load: { model: herd, clients: 1, requests: 4 }
            server:
              latency: 1ms
              phases: [{ at: 0s, errors: { "500": 1.0 } }]
              routes:
                - { prefix: /fb1, latency: 1ms, phases: [{ at: 0s, errors: { "500": 1.0 } }] }
                - { prefix: /fb2, latency: 1ms, degraded: 1.0 }
            retry: { maxAttempts: 3, base: 1ms, cap: 2ms, retryOn: [500] }
            policies:
              tiers:
                strategy: full
                fallback:
                  - { target: /fb1/messages, strategy: none, retry: { maxAttempts: 1 } }
                  - { target: /fb2/messages, retry: { maxAttempts: 1 }, qualityGate: off }
                qualityGate: { minLength: 20 }
            strategies: [tiers]
            """;

    @Test
    void eachTierRetriesByItsOwnSettingsAndTheLastAcceptsWhatThePolicysGateWouldRejectInBothEngines() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO, "t.yaml", Set.copyOf(Strategies.names()), Map.of());
        PolicyDef p = s.policy("tiers");
        assertEquals(1, p.fallback().getFirst().retry().maxAttempts(), "the tier's retry keys lie over the policy's");
        assertEquals(List.of(500), List.copyOf(p.fallback().getFirst().retry().retryStatuses()), "and inherit the rest");
        assertTrue(p.fallback().get(1).ownGate());
        assertNull(p.fallback().get(1).gate(), "qualityGate: off");

        List<String> live = Collections.synchronizedList(new ArrayList<>());
        LiveEngine engine = new LiveEngine(EngineClock.SYSTEM, InstantSource.system(), MockServers::start,
                new LiveEngine.Settings(LiveEngine.Settings.DEFAULT.bodyLimitBytes(), Duration.ofSeconds(2),
                        Duration.ofMillis(500), Duration.ofMillis(20), Duration.ZERO));
        RunResult liveResult = engine.run(s, p, new LiveEngine.Hooks(() -> false, (n, x, snap) -> {},
                (t, event, action) -> live.add(Decisions.describe(event, action))));
        List<String> sim = new ArrayList<>();
        RunResult simResult = new Simulator(s).run(p, new RunRecorder(Simulator.recorderConfig(s, "tiers")),
                new Simulator.Watch(() -> false, t -> {}, (t, event, action) -> sim.add(Decisions.describe(event, action)))).result();

        List<String> oneRequest = List.of("start -> send #1 to tier 0", "answered -> wait BACKOFF", "timerFired -> send #2 to tier 0",
                "answered -> wait BACKOFF", "timerFired -> send #3 to tier 0", "answered -> send #4 to tier 1",
                "answered -> send #5 to tier 2", "answered -> succeed on tier 2");
        assertEquals(oneRequest, sim.subList(0, oneRequest.size()),
                "3 attempts on the primary, 1 on each fallback tier, the ungated degraded answer serves: " + sim);
        assertEquals(sim, live, "the same decisions in the same order");
        assertEquals(4, simResult.requests().succeeded());
        assertEquals(20, simResult.attempts());
        assertEquals(simResult.requests().succeeded(), liveResult.requests().succeeded());
        assertEquals(simResult.attempts(), liveResult.attempts());
    }

    @Test
    void aTiersUnknownStrategyOrAMistypedGateIsAProblemAtItsPosition() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.parse("""
                name: bad
                duration: 10s
                load: { rate: 10/s }
                policies:
                  p:
                    fallback:
                      - { target: /b, strategy: fulll, retry: { maxAtempts: 1 } }
                      - { target: /c, qualityGate: none }
                strategies: [p]
                """, "bad.yaml", Set.copyOf(Strategies.names()), Map.of()));
        String m = e.getMessage();
        assertTrue(m.contains("bad.yaml:7:33: policies.p.fallback[0].strategy: unknown strategy (did you mean full?)"), m);
        assertTrue(m.contains("bad.yaml:7:49: policies.p.fallback[0].retry.maxAtempts: unknown key (did you mean maxAttempts?)"), m);
        assertTrue(m.contains("bad.yaml:8:36: policies.p.fallback[1].qualityGate: wrong type"), m);
    }
}
