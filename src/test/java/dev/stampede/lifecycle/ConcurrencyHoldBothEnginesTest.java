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
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A concurrency cap of one, held through the backoff ({@code hold: request}) or only while an attempt is on the wire
 * ({@code hold: attempt}), in both engines. Two herd clients send one request each to a server that answers every
 * attempt 500 in 1 ms; each request retries once after 300 ms. Held through the wait, the second request starts only
 * when the first has ended; released during it, the second's first attempt goes while the first one waits.
 */
class ConcurrencyHoldBothEnginesTest {

    private static String scenario(String hold) {
        return """
                name: hold
                duration: 5s
                seed: 5
                request: { path: /v1/messages, timeout: 2s }
                load: { model: herd, clients: 2, requests: 1 }
                server:
                  latency: 1ms
                  phases: [{ at: 0s, errors: { "500": 1.0 } }]
                retry: { maxAttempts: 2, base: 300ms, cap: 1s, retryOn: [500] }
                policies:
                  capped: { strategy: none, concurrency: { limit: 1, queue: 4, maxWait: 10s, hold: %s } }
                strategies: [capped]
                """.formatted(hold);
    }

    private static List<String> sim(Scenario s) {
        List<String> trace = new ArrayList<>();
        new Simulator(s).run(s.policy("capped"), new RunRecorder(Simulator.recorderConfig(s, "capped")),
                new Simulator.Watch(() -> false, t -> {}, (t, event, action) -> trace.add(describe(event, action))));
        return trace;
    }

    private static List<String> live(Scenario s) {
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        RunResult r = BothEngines.live(s, "capped", (t, event, action) -> trace.add(describe(event, action)));
        assertEquals(4, r.attempts(), "two attempts per request");
        return trace;
    }

    @Test
    void aCapHeldThroughTheBackoffRunsTheRequestsOneAfterTheOtherInBothEngines() throws Exception {
        Scenario s = ScenarioLoader.parse(scenario("request"), "t.yaml", Set.copyOf(Strategies.names()), Map.of());
        List<String> expected = List.of("start -> send #1", "answered -> wait", "timerFired -> send #2", "answered -> fail exhausted",
                "start -> send #1", "answered -> wait", "timerFired -> send #2", "answered -> fail exhausted");
        assertEquals(expected, sim(s));
        assertEquals(expected, live(s));
    }

    @Test
    void aCapPerAttemptLetsTheSecondRequestGoWhileTheFirstWaitsInBothEngines() throws Exception {
        Scenario s = ScenarioLoader.parse(scenario("attempt"), "t.yaml", Set.copyOf(Strategies.names()), Map.of());
        List<String> expected = List.of("start -> send #1", "answered -> wait", "start -> send #1", "answered -> wait",
                "timerFired -> send #2", "answered -> fail exhausted", "timerFired -> send #2", "answered -> fail exhausted");
        List<String> sim = sim(s);
        assertEquals(expected, sim);
        assertEquals(expected, live(s));
        assertNotEquals(sim(ScenarioLoader.parse(scenario("request"), "t.yaml", Set.copyOf(Strategies.names()), Map.of())), sim);
    }

    private static String describe(String event, RequestLifecycle.Action action) {
        return event + " -> " + switch (action) {
            case RequestLifecycle.Action.Send send -> "send #" + send.attempt();
            case RequestLifecycle.Action.Wait wait -> "wait";
            case RequestLifecycle.Action.End end -> end.succeeded() ? "succeed" : "fail " + end.failure().key();
        };
    }
}
