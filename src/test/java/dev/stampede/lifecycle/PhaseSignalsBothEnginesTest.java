package dev.stampede.lifecycle;

import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The per-phase signals of the seed policies (moves on {@code fallbackOn}, degraded local answers, cost) are counted
 * alike by the live engine and the simulator. One herd client makes 3 requests back to back: the primary answers 503
 * (in {@code fallbackOn}: moved on at once), the fallback route resets every connection ({@code reset}, also in
 * {@code fallbackOn}), and the last tier answers locally, so every request takes the same two priced attempts and ends
 * degraded. The second phase starts long after the herd is done: everything is filed under the first.
 */
class PhaseSignalsBothEnginesTest {

    private static final String SCENARIO = """
            name: signals-per-phase
            duration: 30s
            seed: 9
            request: { path: /v1/messages, timeout: 2s }
            load: { model: herd, clients: 1, requests: 3 }
            server:
              latency: 1ms
              phases: [{ at: 0s, errors: { "503": 1.0 } }, { at: 25s }]
              routes:
                - { prefix: /fb, latency: 1ms, phases: [{ at: 0s, reset: 1.0 }] }
            retry: { maxAttempts: 3, base: 2ms, cap: 4ms, retryOn: [503, reset] }
            policies:
              cascade:
                strategy: full
                cost: { perCall: 0.01 }
                fallbackOn: [503, reset]
                fallback:
                  - { target: /fb/messages, cost: { perCall: 0.25 } }
                  - { answer: static }
            strategies: [cascade]
            """;

    @Test
    void fallbackOnMovesDegradedAnswersAndCostArePerPhaseAndTheSameInBothEngines() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO, "t.yaml", Set.copyOf(Strategies.names()), Map.of());

        RunResult live = live(s), sim = simulated(s);

        RunResult.Phase first = sim.phases().getFirst(), second = sim.phases().get(1);
        assertEquals(3, first.fallbackOnStatus(), "each request's 503 on the primary moved it on at once");
        assertEquals(3, first.fallbackOnError(), "each request's reset on the fallback route moved it on at once");
        assertEquals(3, first.degraded(), "each request ended with the static answer");
        assertEquals(3 * 0.01 + 3 * 0.25, first.cost(), 1e-9, "one priced attempt per tier and request");
        assertEquals(Double.NaN, first.costPerSuccess(), "no request succeeded");
        assertEquals(List.of(0L, 0L, 0L), List.of(second.fallbackOnStatus(), second.fallbackOnError(), second.degraded()));
        assertEquals(0.0, second.cost(), "a priced run's quiet phase costs 0, not NaN");
        assertEquals(sim.cost(), first.cost() + second.cost(), 1e-9, "the phases' costs add up to the run's");
        assertEquals(6, sim.attempts(), "no retries: fallbackOn moves on before the retry policy decides");

        assertEquals(sim.phases().size(), live.phases().size());
        for (int i = 0; i < sim.phases().size(); i++) {
            RunResult.Phase a = sim.phases().get(i), b = live.phases().get(i);
            assertEquals(List.of(a.attempts(), a.fallbackOnStatus(), a.fallbackOnError(), a.degraded()),
                    List.of(b.attempts(), b.fallbackOnStatus(), b.fallbackOnError(), b.degraded()),
                    "phase " + i + ": the same counts live (statuses " + live.statuses() + ")");
            assertEquals(a.cost(), b.cost(), 1e-9, "phase " + i + ": the same cost live");
        }
    }

    @Test
    void aPhaseWhoseRequestsSucceedHasACostPerSuccessAndAnUnpricedPolicyHasNoPhaseCost() throws Exception {
        String healthy = SCENARIO.replace("errors: { \"503\": 1.0 }", "overload: 0");
        Scenario s = ScenarioLoader.parse(healthy, "t.yaml", Set.copyOf(Strategies.names()), Map.of());
        RunResult live = live(s), sim = simulated(s);
        assertEquals(0.03 / 3, sim.phases().getFirst().costPerSuccess(), 1e-9, "3 successes on the primary at 0.01 each");
        assertEquals(sim.phases().getFirst().costPerSuccess(), live.phases().getFirst().costPerSuccess(), 1e-9);
        assertEquals(0, sim.phases().getFirst().fallbackOn(), "nothing moved on");

        Scenario unpriced = ScenarioLoader.parse(healthy.replace("cost: { perCall: 0.01 }", "")
                .replace("{ target: /fb/messages, cost: { perCall: 0.25 } }", "/fb/messages"), "t.yaml",
                Set.copyOf(Strategies.names()), Map.of());
        assertEquals(Double.NaN, simulated(unpriced).phases().getFirst().cost(), "unpriced: NaN, not 0");
    }

    private static RunResult live(Scenario s) throws Exception { return BothEngines.live(s, "cascade"); }

    private static RunResult simulated(Scenario s) { return BothEngines.simulated(s, "cascade"); }
}
