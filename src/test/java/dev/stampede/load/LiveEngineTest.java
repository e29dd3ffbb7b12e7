package dev.stampede.load;

import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import dev.stampede.server.MockServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import dev.stampede.metrics.RunRecorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end through the engine API: real HTTP on 127.0.0.1, the embedded mock on port 0, runs of 1–2 s. */
class LiveEngineTest {

    static final LiveEngine ENGINE = new LiveEngine(EngineClock.SYSTEM, InstantSource.system(), MockServers::start,
            LiveEngine.Settings.DEFAULT);

    static Scenario scenario(String yaml) throws Exception {
        return ScenarioLoader.parse(yaml, "test.yaml", new HashSet<>(Strategies.names()), Map.of());
    }

    static RunResult run(Scenario s, String strategy) {
        return ENGINE.run(s, Strategies.policy(strategy, s.retry()), LiveEngine.Hooks.NONE);
    }

    private static void assertCountsAddUp(RunResult r) {
        assertEquals(r.requests().started(),
                r.requests().succeeded() + r.requests().failed() + r.requests().unfinished() + r.requests().interrupted(),
                "requests started = succeeded + failed + unfinished + interrupted: " + r.requests());
        long byStatus = r.statuses().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(r.attempts(), byStatus, "every attempt is counted under exactly one status or error kind: " + r.statuses());
    }

    @Test
    void attemptsEqualWhatTheMockReceivedAndRequestsAddUpUnderOverload() throws Exception {
        Scenario s = scenario("""
                name: counts
                duration: 2s
                seed: 3
                request: { timeout: 2s }
                load: { rate: 150/s }
                server:
                  capacity: 100/s
                  latency: { fixed: 5ms }
                  phases:
                    - { at: 0s, overload: 0.1, errors: { "500": 0.05, "503": 0.05 } }
                retry: { maxAttempts: 3, base: 50ms, cap: 200ms }
                """);
        RunResult r = run(s, "full");
        assertCountsAddUp(r);
        assertTrue(r.attempts() > r.requests().started(), "overload must cause retries: " + r.attempts() + " attempts");
        assertEquals(r.attempts(), r.server().received(), "client attempts = mock received (the self-check)");
        assertFalse(r.partial());
        // 150/s for 2 s schedules exactly 300 arrivals (OpenLoadTest counts them on a virtual clock); a pacer that a
        // loaded machine delays can lose some at the stop, never add any.
        assertTrue(r.requests().started() <= 300, "never more arrivals than the schedule's 300: " + r.requests().started());
        assertTrue(r.requests().started() > 0, "arrivals were offered");
    }

    @Test
    void aShardSendsItsArrivalsItsShareOfTheGapLateSoThatShardsInterleave() throws Exception {
        Scenario s = scenario("""
                name: shard-offset
                duration: 1s
                seed: 3
                load: { rate: 20/s }
                server: { latency: { fixed: 1ms } }
                """);
        List<Long> starts = Collections.synchronizedList(new ArrayList<>());
        ENGINE.run(s.shard(2, 2), Strategies.policy("none", s.retry()), new LiveEngine.Hooks(() -> false,
                (n, p, snap) -> {}, (now, event, action) -> { if (event.equals("start")) starts.add(now); }));
        List<Long> sorted = new ArrayList<>(starts);
        sorted.sort(null);
        assertTrue(!sorted.isEmpty() && sorted.size() <= 10, "shard 2/2 of 20/s for 1 s: 10/s, at most 10: " + sorted);
        // 10/s per shard: a 100 ms gap, shard 2 half of it late; the pacer can be late, never early
        for (int k = 0; k < sorted.size(); k++) {
            assertTrue(sorted.get(k) >= 50_000_000L + k * 100_000_000L, "start " + k + " at 50 ms + k x 100 ms or later: " + sorted);
        }
    }

    @Test
    void noRetryComesSoonerThanTheServersRetryAfter() throws Exception {
        List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
        try (MisbehavingServer server = new MisbehavingServer((socket, out) -> {
            arrivals.add(System.nanoTime());
            MisbehavingServer.write(out, "HTTP/1.1 529 \r\nretry-after-ms: 200\r\nContent-Length: 0\r\n\r\n");
        })) {
            Scenario s = scenario("""
                    name: floor
                    duration: 5s
                    target: %s
                    request: { timeout: 1s }
                    load: { model: herd, clients: 1, requests: 1 }
                    retry: { maxAttempts: 4, base: 1ms, cap: 5ms, retryAfter: floor }
                    """.formatted(server.baseUrl()));
            RunResult r = run(s, "none");
            assertEquals(4, r.attempts(), "529 on every attempt: all 4 attempts used");
            assertEquals(1L, r.requests().failures().get("exhausted"));
            assertEquals(4, arrivals.size());
            for (int i = 1; i < arrivals.size(); i++) {
                long gapNanos = arrivals.get(i) - arrivals.get(i - 1);
                assertTrue(gapNanos >= 200_000_000L, "retry " + i + " came " + gapNanos / 1e6
                        + " ms after the previous attempt; the header asked for at least 200 ms (backoff is 1-5 ms)");
            }
            assertFalse(Double.isNaN(r.completionSeconds()), "a herd is a finite workload: completion time reported");
        }
    }

    @Test
    void aNonRetryableStatusIsNeverRetried() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.answer(
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"))) {
            Scenario s = scenario("""
                    name: no-retry
                    duration: 1s
                    target: %s
                    load: { rate: 40/s }
                    retry: { maxAttempts: 5, base: 10ms, cap: 20ms }
                    """.formatted(server.baseUrl()));
            RunResult r = run(s, "full");
            assertCountsAddUp(r);
            assertEquals(r.requests().started(), r.attempts(), "400 is not retried: one attempt per request");
            assertEquals(r.requests().started(), (long) r.requests().failures().get("nonRetryable"));
            assertEquals(r.attempts(), server.requests(), "the server saw each attempt once");
        }
    }

    @Test
    void aRealUrlTargetIsDrivenTheSameWay() throws Exception {
        Scenario mockSpec = scenario("""
                name: real
                load: { rate: 1/s }
                server: { latency: { fixed: 2ms }, phases: [ { at: 0s, overload: 0.2 } ] }
                """);
        try (MockServer real = MockServer.start(mockSpec.server(), "127.0.0.1", 0, 9)) {
            Scenario s = scenario("""
                    name: url
                    duration: 1s
                    target: %s
                    load: { model: closed, clients: 4, think: 20ms }
                    retry: { maxAttempts: 3, base: 10ms, cap: 40ms }
                    """.formatted(real.baseUrl()));
            real.restartClock();
            RunResult r = run(s, "equal");
            assertCountsAddUp(r);
            assertNull(r.server(), "a URL target has no server view");
            assertTrue(r.closedLoop(), "closed-model results are labelled closed-loop");
            assertEquals(r.attempts(), real.received(), "the 'real' target received every attempt");
            assertTrue(r.statuses().containsKey("529"), "20% forced 529s must show: " + r.statuses());
        }
    }

    @Test
    void aRefusingTargetEndsEveryAttemptAsConnectAndTheRunFinishes() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket()) {
            closed.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = closed.getLocalPort();
        }
        Scenario s = scenario("""
                name: refused
                duration: 1s
                target: http://127.0.0.1:%d
                request: { timeout: 500ms }
                load: { rate: 20/s }
                retry: { maxAttempts: 2, base: 10ms, cap: 20ms }
                """.formatted(port));
        RunResult r = run(s, "full");
        assertCountsAddUp(r);
        assertEquals(r.attempts(), (long) r.statuses().get("connect"), "every attempt refused: " + r.statuses());
        assertEquals(0, r.requests().succeeded());
    }

    @Test
    void hangingGarbageAndResettingTargetsAreCountedByKindWithinTheirTimeouts() throws Exception {
        record Case(String kind, MisbehavingServer.Behaviour behaviour) {}
        List<Case> cases = List.of(
                new Case("timeout", MisbehavingServer.HANG),
                new Case("protocol", (socket, out) -> { MisbehavingServer.write(out, "NOT HTTP AT ALL\r\n\r\n"); socket.close(); }),
                new Case("reset", (socket, out) -> { socket.setSoLinger(true, 0); socket.close(); }));
        for (Case c : cases) {
            try (MisbehavingServer server = new MisbehavingServer(c.behaviour())) {
                Scenario s = scenario("""
                        name: fault
                        duration: 1s
                        target: %s
                        request: { timeout: 300ms }
                        load: { rate: 20/s }
                        retry: { maxAttempts: 1 }
                        """.formatted(server.baseUrl()));
                long start = System.nanoTime();
                RunResult r = run(s, "full");
                double tookSeconds = (System.nanoTime() - start) / 1e9;
                assertCountsAddUp(r);
                assertEquals(r.attempts(), (long) r.statuses().getOrDefault(c.kind(), 0L), c.kind() + ": " + r.statuses());
                assertTrue(r.attempt().max() <= 300 + 500, c.kind() + ": every attempt ends within its 300 ms timeout"
                        + " (+500 ms of scheduling), longest " + r.attempt().max() + " ms");
                assertTrue(tookSeconds < 1 + 0.3 + 3, c.kind() + ": the 1 s run ends soon after its duration, took " + tookSeconds + " s");
            }
        }
    }

    @Test
    void cancellingARunReturnsWhatWasMeasuredMarkedPartial() throws Exception {
        Scenario s = scenario("""
                name: cancel
                duration: 30s
                load: { rate: 50/s }
                server: { latency: { fixed: 5ms } }
                """);
        AtomicReference<Supplier<RunRecorder.Snapshot>> live = new AtomicReference<>();
        // Cancels once 20 requests have started: what a Ctrl-C does, driven by the run's own progress.
        BooleanSupplier cancelled = () -> live.get() != null && live.get().get().requests() >= 20;
        long start = System.nanoTime();
        RunResult r = ENGINE.run(s, Strategies.policy("full", s.retry()),
                new LiveEngine.Hooks(cancelled, (name, planned, snapshots) -> live.set(snapshots)));
        double tookSeconds = (System.nanoTime() - start) / 1e9;
        assertTrue(r.partial(), "a cancelled run is partial");
        assertTrue(r.requests().started() >= 20, "what was measured is kept: " + r.requests().started());
        assertTrue(tookSeconds < 10, "a 30 s run cancelled early returns early, took " + tookSeconds + " s");
        assertCountsAddUp(r);
    }

    @Test
    void aSmallMaxInFlightSaturatesInsteadOfDelaying() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.HANG)) {
            Scenario s = scenario("""
                    name: saturated
                    duration: 1s
                    target: %s
                    request: { timeout: 2s }
                    load: { rate: 50/s, maxInFlight: 5 }
                    retry: { maxAttempts: 1 }
                    """.formatted(server.baseUrl()));
            RunResult r = run(s, "full");
            assertEquals(50, r.requests().started(), 2, "every arrival counts as started");
            assertEquals(5, r.attempts(), "only maxInFlight=5 requests were sent");
            assertEquals(r.requests().started() - 5, (long) r.requests().failures().get("clientSaturated"));
            assertCountsAddUp(r);
        }
    }

    @Test
    void aHerdEndsWhenEveryClientIsDone() throws Exception {
        Scenario s = scenario("""
                name: herd
                duration: 20s
                load: { model: herd, clients: 20, requests: 3 }
                server: { latency: { fixed: 2ms } }
                """);
        long start = System.nanoTime();
        RunResult r = run(s, "full");
        assertEquals(60, r.requests().started(), "20 clients x 3 requests");
        assertEquals(60, r.requests().succeeded());
        assertTrue((System.nanoTime() - start) / 1e9 < 10, "the herd ends when done, not at the 20 s cap");
        assertTrue(r.completionSeconds() < 10, "completion time " + r.completionSeconds());
        assertEquals(r.attempts(), r.server().received());
    }

    @Test
    void anOpenCircuitBreakerStopsSendingAndFailsRequestsAsCircuitOpen() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.answer(
                "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"))) {
            Scenario s = scenario("""
                    name: breaker
                    duration: 1s
                    target: %s
                    load: { model: closed, clients: 1, think: 20ms }
                    retry: { maxAttempts: 1, circuitBreaker: { failures: 3, open: 60s } }
                    """.formatted(server.baseUrl()));
            RunResult r = run(s, "full");
            assertCountsAddUp(r);
            assertEquals(3, r.attempts(), "three failures open the breaker for 60 s: nothing more is sent");
            assertEquals(3, server.requests());
            assertEquals(r.requests().started() - 3, (long) r.requests().failures().get("circuitOpen"),
                    "every later request fails as circuitOpen: " + r.requests());
        }
    }

    @Test
    void anEmptyRetryBudgetFailsRetriesAsBudget() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.answer(
                "HTTP/1.1 529 \r\nContent-Length: 0\r\n\r\n"))) {
            Scenario s = scenario("""
                    name: budget
                    duration: 5s
                    target: %s
                    load: { model: herd, clients: 1, requests: 10 }
                    retry: { maxAttempts: 3, base: 1ms, cap: 2ms, budget: { ratio: 0.1, burst: 2 } }
                    """.formatted(server.baseUrl()));
            RunResult r = run(s, "none");
            assertCountsAddUp(r);
            assertTrue(r.requests().failures().get("budget") > 0, "the budget of 2 runs dry: " + r.requests());
            assertTrue(r.attempts() < 10 * 3, "fewer than the 30 attempts an unlimited policy would send: " + r.attempts());
            assertEquals(r.attempts(), server.requests());
        }
    }

    @Test
    void theUrlJoinsBaseAndPath() {
        assertEquals(URI.create("http://h:1/api/v1/x"), LiveEngine.join(URI.create("http://h:1/api/"), "/v1/x"));
        assertEquals(URI.create("http://h:1/v1/x"), LiveEngine.join(URI.create("http://h:1"), "/v1/x"));
    }
}
