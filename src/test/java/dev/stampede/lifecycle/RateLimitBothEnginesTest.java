package dev.stampede.lifecycle;

import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A per-key rate limit answering 429 with Retry-After, and a client that reads the hint of 429s only and adds a
 * buffer (seed 003's Python), in both engines: the live engine against the embedded mock and the simulator take the
 * same decisions with the same waits. One herd client makes two requests back to back against one key allowed one
 * request in 3 s; every request the limit lets through gets a 503 carrying {@code retry-after: 5}, which this
 * client does not read (it waits its 10 or 20 ms backoff); a 429 carries a Retry-After until the window frees, in
 * whole seconds, which it reads and adds 0.1 s to. In the simulator that is exactly 3 s + 0.1 s; the live engine's
 * first exchanges may take a JIT-cold second, so live waits are compared as "whole seconds + 0.1 s".
 */
class RateLimitBothEnginesTest {

    private static final String SCENARIO = """
            name: rate-limited
            duration: 10s
            seed: 3
            request: { path: /v1/messages, timeout: 2s }
            load: { model: herd, clients: 1, requests: 2 }
            server:
              latency: 1ms
              rateLimit: { perKey: 20/m, window: 3s, keys: 1 }
              phases: [{ at: 0s, errors: { "503": { probability: 1.0, retryAfter: 5s } } }]
            retry: { maxAttempts: 3, base: 10ms, cap: 1s, retryOn: [429, 503], retryAfter: floor,
                     retryAfterOn: [429], retryAfterBuffer: 100ms }
            strategies: [none]
            """;

    @Test
    void theLiveEngineAndTheSimulatorAnswerAndWaitAlike() throws Exception {
        Scenario s = ScenarioLoader.parse(SCENARIO, "t.yaml", Set.copyOf(Strategies.names()), Map.of());

        List<String> live = Collections.synchronizedList(new ArrayList<>());
        RunResult liveResult = BothEngines.live(s, "none", (t, event, action) -> live.add(describe(t, event, action)));

        List<String> sim = new ArrayList<>();
        RunResult simResult = BothEngines.simulated(s, "none", (t, event, action) -> sim.add(describe(t, event, action)));

        List<Long> simWaits = new ArrayList<>();
        BothEngines.simulated(s, "none", (t, event, action) -> {
            if (action instanceof RequestLifecycle.Action.Wait w) simWaits.add((w.untilNanos() - t) / 1_000_000);
        });
        assertEquals(List.of(10L, 3100L, 3100L, 20L), simWaits, "the 429s' hints plus the buffer; the 503s' hints unread: " + sim);
        assertEquals(sim, live, "the same decisions and waits in the same order");
        assertEquals(Map.of("429", 3L, "503", 3L), simResult.statuses(),
                "request 0: 503, 429, 503 (its first attempt left the window); request 1: 429, 503, 429 (its own retry fills it)");
        assertEquals(simResult.statuses(), liveResult.statuses(), "statuses");
        assertEquals(simResult.requests().failures(), liveResult.requests().failures(), "failures by reason");
    }

    /** An event and its action; a wait of whole seconds + 100 ms (a hint plus the buffer) as such, others exactly. */
    private static String describe(long nowNanos, String event, RequestLifecycle.Action action) {
        return event + " -> " + switch (action) {
            case RequestLifecycle.Action.Send send -> "send #" + send.attempt();
            case RequestLifecycle.Action.Wait wait -> {
                long ms = (wait.untilNanos() - nowNanos) / 1_000_000;
                yield ms >= 1100 && ms % 1000 == 100 ? "wait whole seconds + 100 ms" : "wait " + ms + " ms";
            }
            case RequestLifecycle.Action.End end -> end.succeeded() ? "succeed" : "fail " + end.failure().key();
        };
    }
}
