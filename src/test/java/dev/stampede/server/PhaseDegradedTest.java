package dev.stampede.server;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import dev.stampede.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code degraded} on a phase (server or route): the share of degraded answers follows the script (seed 000's
 * quality-gate rejections rise with the incident), in the mock and the simulator alike.
 */
class PhaseDegradedTest {

    private static final String SCENARIO = """
            name: degraded-by-phase
            duration: 2s
            gracefulStop: 0s
            seed: 9
            request: { path: /v1/messages, timeout: 2s }
            load: { rate: 40/s }
            server:
              latency: 1ms
              degraded: 0.5
              phases: [{ at: 0s, degraded: 0 }, { at: 1s, degraded: 1.0 }]
            retry: { maxAttempts: 1 }
            policies:
              gated:
                qualityGate: { minLength: 5 }
            strategies: [gated]
            """;

    @Test
    void degradedAnswersFollowThePhasesInTheSimulator() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO, "t.yaml", Set.copyOf(Strategies.names()), Map.of());
        RunResult sim = new Simulator(s).run(s.policy("gated"), new RunRecorder(Simulator.recorderConfig(s, "gated")),
                new Simulator.Watch(() -> false, t -> {}, (t, e, a) -> {})).result();
        var p = sim.phases();
        assertEquals(2, p.size());
        assertTrue(p.get(0).answered2xx() > 5 && p.get(0).gateRejected() == 0, "degraded: 0 overrides the server's 0.5: " + p);
        assertTrue(p.get(1).answered2xx() > 5 && p.get(1).gateRejected() == p.get(1).answered2xx(), "degraded: 1.0: all: " + p);
    }

    @Test
    void theLiveMockAnswersDegradedAsThePhaseOfTheServerOrOfARouteSays() throws Exception {
        // the mock's phase clock is real time: one phase each, so no answer depends on when it came
        Scenario s = ScenarioLoader.parse("""
                name: mock-degraded
                duration: 10s
                load: { rate: 1/s }
                server:
                  degraded: 0
                  phases: [{ at: 0s, degraded: 1.0 }]
                  routes:
                    - { prefix: /fb, degraded: 1.0, phases: [{ at: 0s, degraded: 0 }] }
                """, "m.yaml", Set.copyOf(Strategies.names()), Map.of());
        try (MockServer mock = MockServer.start(s.server(), "127.0.0.1", 0, 1);
             HttpClient client = HttpClient.newHttpClient()) {
            for (int i = 0; i < 5; i++) {
                assertEquals("", post(client, mock, "/v1/messages").body(), "the server's phase: every answer degraded");
                assertTrue(post(client, mock, "/fb/v1/messages").body().length() > 20, "the route's phase: none degraded");
            }
        }
    }

    private static HttpResponse<String> post(HttpClient client, MockServer mock, String path) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(mock.baseUrl().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r;
    }
}
