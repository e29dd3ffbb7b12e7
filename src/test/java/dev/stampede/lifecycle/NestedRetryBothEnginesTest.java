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
 * {@code retry.inner} (seeds 002 and 003: a wrapper's retry loop around the SDK's own) in both engines: one request
 * against a server that answers every attempt alike. The outer layer retries 400 and 529 (5 attempts), the inner one
 * 529 and timeouts (3 attempts): a 529 gets 5 × 3 attempts, a 400 gets 5 (outer only), a timeout 3 (inner only).
 */
class NestedRetryBothEnginesTest {

    /** {@code timeout}: long enough for a 1 ms answer on a loaded machine, except where the test wants timeouts. */
    private static String scenario(String timeout, String phase) {
        return """
                name: nested
                duration: 20s
                seed: 3
                request: { path: /v1/messages, timeout: %s }
                load: { model: herd, clients: 1, requests: 1 }
                server:
                  latency: 1ms
                  phases: [{ at: 0s, %s }]
                retry:
                  maxAttempts: 5
                  base: 4ms
                  cap: 4ms
                  retryOn: [400, 529]
                  retryAfter: ignore
                  inner: { strategy: none, maxAttempts: 3, base: 1ms, cap: 1ms, retryOn: [529, timeout], retryAfter: ignore }
                policies:
                  wrapper: { strategy: none }
                strategies: [wrapper]
                """.formatted(timeout, phase);
    }

    private static List<String> sim(Scenario s) {
        List<String> trace = new ArrayList<>();
        new Simulator(s).run(s.policy("wrapper"), new RunRecorder(Simulator.recorderConfig(s, "wrapper")),
                new Simulator.Watch(() -> false, t -> {}, (t, event, action) -> trace.add(Decisions.describe(event, action))));
        return trace;
    }

    private static List<String> live(Scenario s) {
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        BothEngines.live(s, "wrapper", (t, event, action) -> trace.add(Decisions.describe(event, action)));
        return List.copyOf(trace);
    }

    /** {@code attempts} attempts, each but the last followed by a backoff, then {@code end}. */
    private static List<String> attemptsThen(int attempts, String end) {
        List<String> out = new ArrayList<>(List.of("start -> send #1 to tier 0"));
        for (int n = 2; n <= attempts; n++) {
            out.add("answered -> wait BACKOFF");
            out.add("timerFired -> send #" + n + " to tier 0");
        }
        out.add("answered -> " + end);
        return out;
    }

    private static Scenario parse(String timeout, String phase) throws Exception {
        return ScenarioLoader.parse(scenario(timeout, phase), "t.yaml", Set.copyOf(Strategies.names()), Map.of());
    }

    @Test
    void aServerThatAlwaysAnswers529GetsFiveOuterAttemptsOfThreeInnerOnesInBothEngines() throws Exception {
        Scenario s = parse("5s", "overload: 1.0");
        List<String> expected = attemptsThen(15, "fail exhausted");
        assertEquals(expected, sim(s));
        assertEquals(expected, live(s));
    }

    @Test
    void a400OnlyTheOuterLayerRetriesGetsFiveAttemptsInBothEngines() throws Exception {
        Scenario s = parse("5s", "errors: { \"400\": 1.0 }");
        List<String> expected = attemptsThen(5, "fail exhausted");
        assertEquals(expected, sim(s));
        assertEquals(expected, live(s));
    }

    @Test
    void aTimeoutOnlyTheInnerLayerRetriesGetsThreeAttemptsAndIsNotRetriedOutsideInBothEngines() throws Exception {
        Scenario s = parse("200ms", "latencyFactor: 2000");
        List<String> expected = attemptsThen(3, "fail nonRetryable");
        assertEquals(expected, sim(s));
        assertEquals(expected, live(s));
    }

    @Test
    void inTheSimulatorTenacityAroundTheSdkSendsFifteenAttemptsWithTheSdksWaitsInsideAndTenacitysBetween() throws Exception {
        Scenario s = ScenarioLoader.parse("""
                name: tenacity-around-the-sdk
                duration: 5m
                seed: 3
                request: { path: /v1/messages, timeout: 60s }
                load: { model: herd, clients: 1, requests: 1 }
                server: { latency: 1ms, phases: [{ at: 0s, overload: 1.0 }] }
                retry: { maxAttempts: 5, base: 1s, cap: 60s, min: 4s, retryOn: [400, 529], retryAfter: ignore,
                         inner: { strategy: sdk, maxAttempts: 3 } }
                policies:
                  tenacity: { strategy: none }
                strategies: [tenacity]
                """, "t.yaml", Set.copyOf(Strategies.names()), Map.of());
        List<Long> sentNanos = new ArrayList<>();
        new Simulator(s).run(s.policy("tenacity"), new RunRecorder(Simulator.recorderConfig(s, "tenacity")),
                new Simulator.Watch(() -> false, t -> {}, (t, event, action) -> {
                    if (action instanceof RequestLifecycle.Action.Send) sentNanos.add(t);
                }));
        assertEquals(15, sentNanos.size());
        long ms = 1_000_000L;
        for (int i = 1; i < sentNanos.size(); i++) {
            long waitNanos = sentNanos.get(i) - sentNanos.get(i - 1) - ms; // less the 1 ms answer
            if (i % 3 == 0) {
                // between two SDK calls: tenacity's 4, 4, 4, 8 s
                assertEquals((i == 12 ? 8000 : 4000) * ms, waitNanos, "tenacity's wait before attempt " + (i + 1));
            } else {
                // inside one call: the SDK's 0.5 s, then 1 s, less up to a quarter of jitter
                long full = (i % 3 == 1 ? 500 : 1000) * ms;
                org.junit.jupiter.api.Assertions.assertTrue(waitNanos <= full && waitNanos >= full * 3 / 4,
                        "the SDK's wait before attempt " + (i + 1) + ": " + waitNanos + " ns");
            }
        }
    }
}
