package dev.stampede.lifecycle;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import dev.stampede.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A priced policy ({@code cost:} on the primary and on a fallback tier) costs the same in the live engine and the
 * simulator. One herd client makes 3 requests back to back; the primary always answers 500 (2 attempts each, then the
 * fallback), the fallback tier answers 2xx at once, so every attempt is fixed by its route and both engines send the
 * same 6 attempts to the primary and 3 to the fallback, each with the same 2,048-byte body.
 */
class CostBothEnginesTest {

    private static final String SCENARIO = """
            name: priced
            duration: 30s
            seed: 5
            request: { path: /v1/messages, timeout: 2s, body: "%s" }
            load: { model: herd, clients: 1, requests: 3 }
            server:
              latency: 1ms
              phases: [{ at: 0s, errors: { "500": 1.0 } }]
              routes:
                - { prefix: /fb, latency: 1ms }
            retry: { maxAttempts: 2, base: 2ms, cap: 4ms, retryOn: [500] }
            policies:
              priced:
                strategy: full
                cost: { perCall: 0.01, perKiBRequest: 0.5 }
                fallback:
                  - { target: /fb/messages, cost: { perCall: 0.25 } }
            strategies: [priced]
            """.formatted("x".repeat(2048));

    @Test
    void theLiveEngineAndTheSimulatorPriceTheSameAttemptsAlike() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO, "t.yaml", Set.copyOf(Strategies.names()), Map.of());

        RunResult live = live(s), sim = simulated(s);

        // primary: 6 attempts × (0.01 + 2 KiB × 0.5); fallback: 3 attempts × 0.25 (no per-KiB price there)
        double expected = 6 * (0.01 + 2 * 0.5) + 3 * 0.25;
        assertEquals(9, sim.attempts(), "2 on the primary and 1 on the fallback per request");
        assertEquals(3, sim.requests().succeeded(), "every request succeeds on the fallback");
        assertEquals(expected, sim.cost(), 1e-9, "the simulator's cost");
        assertEquals(sim.attempts(), live.attempts(), "the same attempts live");
        assertEquals(sim.cost(), live.cost(), 1e-9, "the live engine's cost");
        assertEquals(expected / 3, live.costPerSuccess(), 1e-9, "cost per successful request");
    }

    /** Two templates of 1 KiB and 3 KiB bodies, every attempt answered 500, two attempts per request. */
    private static final String MIX = """
            name: priced-mix
            duration: 30s
            seed: 8
            mix:
              - { name: small, path: /v1/a, method: POST, timeout: 2s, body: "%s" }
              - { name: large, path: /v1/b, method: POST, timeout: 2s, body: "%s" }
            load: { model: herd, clients: 1, requests: 8 }
            server:
              latency: 1ms
              phases: [{ at: 0s, errors: { "500": 1.0 } }]
            retry: { maxAttempts: 2, base: 2ms, cap: 4ms, retryOn: [500] }
            policies:
              priced: { strategy: full, cost: { perKiBRequest: 1 } }
            strategies: [priced]
            """.formatted("s".repeat(1024), "l".repeat(3072));

    @Test
    void withARequestMixEachAttemptIsPricedByItsOwnBodyAlikeInBothEngines() throws Exception {
        Scenario s = ScenarioLoader.parse(MIX, "t.yaml", Set.copyOf(Strategies.names()), Map.of());
        RunResult live = live(s), sim = simulated(s);

        assertEquals(2, sim.templates().size(), "figures per template");
        long small = sim.templates().get(0).attempts(), large = sim.templates().get(1).attempts();
        assertEquals(16, small + large, "8 requests × 2 attempts");
        assertEquals(small * 1.0 + large * 3.0, sim.cost(), 1e-9, "1 per KiB: 1 per small attempt, 3 per large one");
        assertEquals(small, live.templates().get(0).attempts(), "the same draws live");
        assertEquals(sim.cost(), live.cost(), 1e-9, "the same cost live");
        assertEquals(Double.NaN, sim.costPerSuccess(), "no request succeeded: no cost per success");
    }

    @Test
    void aPolicyWithoutPricesHasNoCostInEitherEngine() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO.replace("cost: { perCall: 0.01, perKiBRequest: 0.5 }", "")
                .replace("{ target: /fb/messages, cost: { perCall: 0.25 } }", "/fb/messages"), "t.yaml",
                Set.copyOf(Strategies.names()), Map.of());
        RunResult sim = new Simulator(s).run(s.policy("priced"), new RunRecorder(Simulator.recorderConfig(s, "priced")),
                new Simulator.Watch(() -> false, t -> {}, (t, e, a) -> {})).result();
        assertEquals(9, sim.attempts(), "the same attempts");
        assertEquals(Double.NaN, sim.cost(), "unpriced: NaN, not 0");
        assertEquals(Double.NaN, sim.costPerSuccess(), "no cost per success either");
    }

    private static RunResult live(Scenario s) throws Exception { return BothEngines.live(s, "priced"); }

    private static RunResult simulated(Scenario s) { return BothEngines.simulated(s, "priced"); }
}
