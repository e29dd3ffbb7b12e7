package dev.stampede.lifecycle;

import dev.stampede.metrics.RunRecorder;
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

/**
 * {@code fallbackAfter} (seed 002's fix 3: the next model only "if e.status_code == 529") in both engines: the primary
 * answers every attempt 500 or 529; after its two attempts, a policy with {@code fallbackAfter: [529]} moves on only
 * when the last one was a 529, and one without it moves on either way.
 */
class FallbackAfterBothEnginesTest {

    private static String scenario(String primary) {
        return """
                name: fallback-after
                duration: 5s
                seed: 3
                request: { path: /v1/messages, timeout: 2s }
                load: { model: herd, clients: 1, requests: 1 }
                server:
                  latency: 1ms
                  phases: [{ at: 0s, %s }]
                  routes:
                    - { prefix: /v1/haiku, latency: 1ms }
                retry: { maxAttempts: 2, base: 5ms, cap: 5ms, retryOn: [500, 529] }
                policies:
                  on529: { strategy: none, fallback: [/v1/haiku/messages], fallbackAfter: [529] }
                  any: { strategy: none, fallback: [/v1/haiku/messages] }
                strategies: [on529, any]
                """.formatted(primary);
    }

    private static List<String> sim(Scenario s, String row) {
        List<String> trace = new ArrayList<>();
        new Simulator(s).run(s.policy(row), new RunRecorder(Simulator.recorderConfig(s, row)),
                new Simulator.Watch(() -> false, t -> {}, (t, event, action) -> trace.add(Decisions.describe(event, action))));
        return trace;
    }

    private static List<String> live(Scenario s, String row) {
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        BothEngines.live(s, row, (t, event, action) -> trace.add(Decisions.describe(event, action)));
        return List.copyOf(trace);
    }

    private static final List<String> ON_PRIMARY = List.of("start -> send #1 to tier 0", "answered -> wait BACKOFF",
            "timerFired -> send #2 to tier 0");

    private static List<String> then(String... more) {
        List<String> out = new ArrayList<>(ON_PRIMARY);
        out.addAll(List.of(more));
        return out;
    }

    @Test
    void afterA500TheRequestFailsWithFallbackAfter529AndFallsBackWithoutItInBothEngines() throws Exception {
        Scenario s = ScenarioLoader.parse(scenario("errors: { \"500\": 1.0 }"), "t.yaml", Set.copyOf(Strategies.names()), Map.of());
        List<String> failed = then("answered -> fail exhausted");
        List<String> movedOn = then("answered -> send #3 to tier 1", "answered -> succeed on tier 1");
        assertEquals(failed, sim(s, "on529"));
        assertEquals(failed, live(s, "on529"));
        assertEquals(movedOn, sim(s, "any"));
        assertEquals(movedOn, live(s, "any"));
    }

    @Test
    void afterA529BothPoliciesFallBackInBothEngines() throws Exception {
        Scenario s = ScenarioLoader.parse(scenario("overload: 1.0"), "t.yaml", Set.copyOf(Strategies.names()), Map.of());
        List<String> movedOn = then("answered -> send #3 to tier 1", "answered -> succeed on tier 1");
        for (String row : List.of("on529", "any")) {
            assertEquals(movedOn, sim(s, row), row);
            assertEquals(movedOn, live(s, row), row);
        }
    }
}
