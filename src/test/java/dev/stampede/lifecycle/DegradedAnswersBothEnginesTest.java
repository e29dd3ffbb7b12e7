package dev.stampede.lifecycle;

import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.ServerView;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's scripted degraded answers are counted per phase of the server's model and of each route's, alike in the
 * live mock and the simulator. One herd client sends 40 requests back to back: the primary answers 40 % of them
 * degraded, which the quality gate rejects, so those move on to the route; the route answers half of what it admits
 * degraded in its first phase. The draws come from one seeded source in arrival order, the same in both engines; the
 * second phases start after the herd is done.
 */
class DegradedAnswersBothEnginesTest {

    private static final String SCENARIO = """
            name: degraded-per-phase
            duration: 30s
            seed: 11
            request: { path: /v1/messages, timeout: 2s }
            load: { model: herd, clients: 1, requests: 40 }
            server:
              latency: 1ms
              degraded: 0.4
              phases: [{ at: 0s }, { at: 25s }]
              routes:
                - { prefix: /r, latency: 1ms, phases: [{ at: 0s, degraded: 0.5 }, { at: 20s, degraded: 1.0 }] }
            retry: { maxAttempts: 1, retryOn: [] }
            policies:
              cascade: { strategy: none, fallback: [/r/m], qualityGate: { minLength: 5 } }
            strategies: [cascade]
            """;

    @Test
    void degradedAnswersPerServerAndRoutePhaseAreTheSameInBothEngines() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO, "t.yaml", Set.copyOf(Strategies.names()), Map.of());
        RunResult sim = simulated(s), live = live(s);

        List<ServerView.DegradedPhase> rows = sim.server().degradedAnswers();
        assertEquals(4, rows.size(), "two phases of the server's model, two of the route's: " + rows);
        assertNull(rows.get(0).route());
        assertEquals(List.of("/r", "/r"), List.of(rows.get(2).route(), rows.get(3).route()));
        assertEquals(List.of(0.0, 25.0, 0.0, 20.0), rows.stream().map(ServerView.DegradedPhase::atSeconds).toList());
        long top = rows.get(0).count(), route = rows.get(2).count();
        assertTrue(top > 5 && top < 35, "about 40 % of the primary's answers were degraded: " + rows);
        assertTrue(route > 0 && route < top, "about half of those the route answered were: " + rows);
        assertEquals(top, sim.phases().getFirst().gateRejected() - route, "the client's gate rejected each degraded answer");
        assertEquals(0, rows.get(1).count() + rows.get(3).count(), "nothing ran in the second phases");
        assertEquals(rows, live.server().degradedAnswers(), "the same counts live");
    }

    private static RunResult live(Scenario s) throws Exception { return BothEngines.live(s, "cascade"); }

    private static RunResult simulated(Scenario s) { return BothEngines.simulated(s, "cascade"); }
}
