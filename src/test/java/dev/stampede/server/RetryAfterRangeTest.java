package dev.stampede.server;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.LatencySpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioException;
import dev.stampede.scenario.ScenarioLoader;
import dev.stampede.scenario.ServerSpec;
import dev.stampede.sim.Simulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code retryAfter: {uniform: [5s, 30s]}} on a phase: one draw per answer, in whole seconds, in the mock and the simulator. */
class RetryAfterRangeTest {

    private static final Duration FIVE = Duration.ofSeconds(5);
    private static final Duration THIRTY = Duration.ofSeconds(30);
    private static final PhaseSpec ALL_529_RANGE = new PhaseSpec(Duration.ZERO, 1.0, 1, FIVE, Map.of(), 0, 0, 1, 0,
            PhaseSpec.Hints.DEFAULT, THIRTY);
    private static final ServerSpec SERVER = new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 0,
            new LatencySpec.Fixed(Duration.ZERO), null, List.of(ALL_529_RANGE));

    private MockServer mock;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (mock != null) mock.close();
        client.close();
    }

    private static List<Long> modelDraws(long seed, int n) {
        OverloadModel model = new OverloadModel(SERVER, new SplittableRandom(seed));
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Verdict.Reject r = (Verdict.Reject) model.arrive(i * 1_000_000L);
            out.add(r.retryAfterNanos() / 1_000_000_000L);
            assertEquals(0, r.retryAfterNanos() % 1_000_000_000L, "whole seconds");
        }
        return out;
    }

    @Test
    void eachAnswerDrawsAWholeNumberOfSecondsBetweenTheBoundsAndTheSameSeedDrawsTheSameValues() {
        List<Long> draws = modelDraws(7, 400);
        assertTrue(draws.stream().allMatch(s -> s >= 5 && s <= 30), "every draw in [5, 30]: " + draws);
        Set<Long> distinct = new HashSet<>(draws);
        assertEquals(26, distinct.size(), "400 draws cover all 26 whole seconds from 5 to 30: " + distinct);
        assertEquals(draws, modelDraws(7, 400), "same seed, same draws");
        assertTrue(!draws.equals(modelDraws(8, 400)), "another seed draws other values");
    }

    @Test
    void theLiveMockSendsTheValuesTheModelDrawsForItsSeed() throws Exception {
        mock = MockServer.start(SERVER, "127.0.0.1", 0, 3);
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(mock.baseUrl().resolve("/v1/messages"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(529, r.statusCode());
            sent.add(Long.parseLong(r.headers().firstValue("retry-after").orElseThrow()));
        }
        // the mock's model draws from new SplittableRandom(seed) as a lone model does: one u, then the range draw
        assertEquals(modelDraws(3, 40), sent, "the mock's headers are the model's draws, in order");
    }

    /**
     * Herd clients that each waited one Retry-After drawn uniformly from 5..30 whole seconds: the longest wait near
     * 30 s, the median and the mean near the middle, 17.5 s.
     */
    static void assertWaitsWereDrawnFrom5To30Seconds(RunResult r) {
        double p50 = r.request().p50(), max = r.request().max(), mean = r.request().mean();
        assertTrue(max <= 30_100 && max > 25_000, "the longest wait is a drawn value near 30 s: " + max);
        assertTrue(p50 > 12_000 && p50 < 23_000, "the median wait is near the middle of the range, 17.5 s: " + p50);
        assertTrue(mean > 14_000 && mean < 21_000, "the mean wait is near 17.5 s: " + mean);
    }

    @Test
    void theSimulatorsClientsWaitTheDrawnRetryAfterWhenTheyHonourIt() throws Exception {
        Scenario s = ScenarioLoader.parse("""
                name: range
                duration: 10s
                seed: 5
                request: { path: /v1/messages, timeout: 1s }
                load: { model: herd, clients: 200, requests: 1 }
                server:
                  latency: 1ms
                  phases: [{ at: 0s, overload: 1.0, retryAfter: { uniform: [5s, 30s] } }]
                retry: { maxAttempts: 2, base: 1ms, cap: 1ms, retryOn: [529], retryAfter: honor }
                strategies: [none]
                """, "t.yaml", Set.copyOf(Strategies.names()), Map.of());
        RunResult r = new Simulator(s).run(s.policy("none"), new RunRecorder(Simulator.recorderConfig(s, "none")),
                new Simulator.Watch(() -> false, t -> {}, (t, e, a) -> {})).result();
        assertEquals(400, r.attempts(), "two attempts each");
        assertWaitsWereDrawnFrom5To30Seconds(r);
    }

    @Test
    void aRangeThatIsNotWholeSecondsOrRunsBackwardsIsAProblemAtItsPosition() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.parse("""
                name: bad
                duration: 10s
                server:
                  phases:
                    - { at: 0s, retryAfter: { uniform: [500ms, 30s] } }
                    - { at: 1s, retryAfter: { uniform: [30s, 5s] } }
                    - { at: 2s, retryAfter: { between: [1s, 2s] } }
                """, "bad.yaml", Set.copyOf(Strategies.names()), Map.of()));
        String m = e.getMessage();
        assertTrue(m.contains("bad.yaml:5:41: server.phases[0].retryAfter.uniform[0]: must be whole seconds"), m);
        assertTrue(m.contains("bad.yaml:6:46: server.phases[1].retryAfter.uniform[1]: must be >= the minimum"), m);
        assertTrue(m.contains("bad.yaml:7:31: server.phases[2].retryAfter.between: unknown key"), m);
        assertTrue(!m.contains("retryAfter.uniform: missing"), "an unknown key is reported once, not as a missing one too: " + m);
    }
}
