package dev.stampede.server;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.LatencySpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.QueueSpec;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code server.overloadedRetryAfter: {uniform: [5s, 30s]}}: the server's default Retry-After as a range, one draw per
 * shed 529, in whole seconds, alike in the mock and the simulator; a phase's own {@code retryAfter} still wins.
 */
class ServerRetryAfterRangeTest {

    private static final Duration FIVE = Duration.ofSeconds(5);
    private static final Duration THIRTY = Duration.ofSeconds(30);
    /** Concurrency 10 at capacity factor 0: every arrival is shed (no fault, no token spent). */
    private static final PhaseSpec SHED_ALL = new PhaseSpec(Duration.ZERO, 0, 0, null, Map.of(), 0, 0, 1);
    private static final ServerSpec SERVER = new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 10,
            new LatencySpec.Fixed(Duration.ZERO), FIVE, List.of(SHED_ALL), List.of(), 0, QueueSpec.NONE, false, null, null, THIRTY);

    private MockServer mock;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (mock != null) mock.close();
        client.close();
    }

    private static List<Long> modelDraws(ServerSpec server, long seed, int n) {
        OverloadModel model = new OverloadModel(server, new SplittableRandom(seed));
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Verdict.Reject r = (Verdict.Reject) model.arrive(i * 1_000_000L);
            assertEquals(Verdict.Cause.SHED, r.cause());
            out.add(r.retryAfterNanos() / 1_000_000_000L);
            assertEquals(0, r.retryAfterNanos() % 1_000_000_000L, "whole seconds");
        }
        return out;
    }

    @Test
    void eachShed529DrawsAWholeNumberOfSecondsBetweenTheServersBoundsAndTheSameSeedDrawsTheSameValues() {
        List<Long> draws = modelDraws(SERVER, 7, 400);
        assertTrue(draws.stream().allMatch(s -> s >= 5 && s <= 30), "every draw in [5, 30]: " + draws);
        assertEquals(26, new HashSet<>(draws).size(), "400 draws cover all 26 whole seconds from 5 to 30");
        assertEquals(draws, modelDraws(SERVER, 7, 400), "same seed, same draws");
        assertTrue(!draws.equals(modelDraws(SERVER, 8, 400)), "another seed draws other values");
    }

    @Test
    void aPhasesOwnRetryAfterWinsOverTheServersRange() {
        PhaseSpec own = new PhaseSpec(Duration.ZERO, 0, 0, Duration.ofSeconds(2), Map.of(), 0, 0, 1);
        ServerSpec server = new ServerSpec(ServerSpec.Model.CAPACITY, null, 0, 10, new LatencySpec.Fixed(Duration.ZERO), FIVE,
                List.of(own), List.of(), 0, QueueSpec.NONE, false, null, null, THIRTY);
        assertEquals(List.of(2L, 2L, 2L), modelDraws(server, 7, 3), "the phase's fixed 2 s, not a draw from the server's range");
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
        assertEquals(modelDraws(SERVER, 3, 40), sent, "the mock's headers are the model's draws, in order");
    }

    private static final String SCENARIO = """
            name: server-range
            duration: 10s
            seed: 5
            request: { path: /v1/messages, timeout: 1s }
            load: { model: herd, clients: 200, requests: 1 }
            server:
              latency: 1ms
              concurrency: 10
              overloadedRetryAfter: { uniform: [5s, 30s] }
              phases: [{ at: 0s, capacityFactor: 0 }]
              routes:
                - { prefix: /fb, concurrency: 1 }
            retry: { maxAttempts: 2, base: 1ms, cap: 1ms, retryOn: [529], retryAfter: honor }
            strategies: [none]
            """;

    @Test
    void theSimulatorsClientsWaitTheDrawnRetryAfterWhenTheyHonourIt() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO, "t.yaml", Set.copyOf(Strategies.names()), Map.of());
        assertEquals(FIVE, s.server().overloadedRetryAfter());
        assertEquals(THIRTY, s.server().overloadedRetryAfterUpTo());
        assertEquals(THIRTY, s.server().routes().getFirst().asServer(s.server()).overloadedRetryAfterUpTo(), "routes share it");
        assertEquals(THIRTY, s.shard(1, 2).server().overloadedRetryAfterUpTo(), "a shard keeps it");
        RunResult r = new Simulator(s).run(s.policy("none"), new RunRecorder(Simulator.recorderConfig(s, "none")),
                new Simulator.Watch(() -> false, t -> {}, (t, e, a) -> {})).result();
        assertEquals(400, r.attempts(), "two attempts each, both shed");
        RetryAfterRangeTest.assertWaitsWereDrawnFrom5To30Seconds(r);
    }

    @Test
    void aFixedServerDefaultStaysFixedAndDrawsNothing() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO.replace("{ uniform: [5s, 30s] }", "5s"), "t.yaml",
                Set.copyOf(Strategies.names()), Map.of());
        assertNull(s.server().overloadedRetryAfterUpTo());
        RunResult r = new Simulator(s).run(s.policy("none"), new RunRecorder(Simulator.recorderConfig(s, "none")),
                new Simulator.Watch(() -> false, t -> {}, (t, e, a) -> {})).result();
        assertTrue(r.request().p50() >= 5_000 && r.request().max() < 5_100, "every wait is the fixed 5 s: " + r.request());
    }

    @Test
    void aServerRangeThatIsNotWholeSecondsRunsBackwardsOrIsEmptyIsAProblemAtItsPosition() {
        for (String[] c : new String[][] {
                {"{ uniform: [500ms, 30s] }", "bad.yaml:4:37: server.overloadedRetryAfter.uniform[0]: must be whole seconds"},
                {"{ uniform: [30s, 5s] }", "bad.yaml:4:42: server.overloadedRetryAfter.uniform[1]: must be >= the minimum"},
                {"{ between: [1s, 2s] }", "bad.yaml:4:27: server.overloadedRetryAfter.between: unknown key"},
                {"{}", "bad.yaml:4:25: server.overloadedRetryAfter.uniform: missing"}}) {
            ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.parse("""
                    name: bad
                    duration: 10s
                    server:
                      overloadedRetryAfter: %s
                    """.formatted(c[0]), "bad.yaml", Set.copyOf(Strategies.names()), Map.of()));
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
    }
}
