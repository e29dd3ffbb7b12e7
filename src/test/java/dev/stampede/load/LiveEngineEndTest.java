package dev.stampede.load;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The end of a live run: attempts on the wire that outlast the drain grace are cancelled, and the result still comes. */
class LiveEngineEndTest {

    @Test
    void theGracefulStopLetsEveryRequestUseItsAttemptsAgainstAMockThatAnswersEveryCallWith529() throws Exception {
        // the example, shortened to 1 s: each request retries twice with the SDK's backoff (~0.4-0.5 s, then
        // ~0.75-1 s), so most are still backing off when the load stops; the 30 s default grace lets them finish
        Scenario s = LiveEngineTest.scenario("""
                name: every-call-529
                duration: 1s
                load: { rate: 10/s }
                server: { phases: [{ at: 0s, overload: 1.0 }] }
                retry: { maxAttempts: 3 }
                """);
        RunResult r = LiveEngineTest.ENGINE.run(s, s.policy("sdk"), LiveEngine.Hooks.NONE);
        assertEquals(10, r.requests().started(), "10/s for 1 s");
        assertEquals(30, r.attempts(), "three attempts each: the end of the load cut none");
        assertEquals(10L, r.requests().failures().get("exhausted"));
        assertEquals(10L, r.requests().failed(), "no failure other than exhausted: " + r.requests().failures());
        assertEquals(0L, r.requests().unfinished());
        assertEquals(1.0, r.durationSeconds(), 0.05, "the run's length is the offered duration, not the grace");
    }

    @Test
    void aCancellationDuringTheGracefulStopEndsTheRequestsInProgressAsInterruptedNotFailed() throws Exception {
        Scenario s = LiveEngineTest.scenario("""
                name: cancelled-in-grace
                duration: 1s
                load: { rate: 10/s }
                server: { phases: [{ at: 0s, overload: 1.0 }] }
                retry: { maxAttempts: 3 }
                """);
        // cancelled as soon as the run is past its duration: the requests backing off then (the SDK waits ≥ 0.375 s,
        // then ≥ 0.75 s) are cut by the cancellation
        AtomicReference<Supplier<RunRecorder.Snapshot>> live = new AtomicReference<>();
        LiveEngine.Hooks hooks = new LiveEngine.Hooks(
                () -> live.get() != null && live.get().get().elapsedNanos() > s.duration().toNanos(),
                (name, planned, snapshots) -> live.set(snapshots));
        RunResult r = LiveEngineTest.ENGINE.run(s, s.policy("sdk"), hooks);
        assertEquals(10, r.requests().started());
        assertTrue(r.requests().interrupted() > 0, "some requests were backing off at the cancellation: " + r.requests());
        assertEquals(0L, r.requests().unfinished(), "a cancellation is not the end of the grace");
        assertEquals(r.requests().started(), r.requests().failed() + r.requests().interrupted(), "none succeeded: " + r.requests());
        assertEquals(r.requests().failed(), (long) r.requests().failures().get("exhausted"), "interrupted is not failed");
        assertTrue(r.partial(), "a cancelled run is partial");
    }

    @Test
    void attemptsToAServerThatNeverAnswersAreCancelledAfterTheDrainGraceAndTheResultIsStillReported() throws Exception {
        // A 60 s attempt timeout and a 100 ms drain grace: without cancelling, the run would wait a minute.
        LiveEngine engine = new LiveEngine(EngineClock.SYSTEM, InstantSource.system(), MockServers::start,
                new LiveEngine.Settings(HttpTransport.DEFAULT_BODY_LIMIT_BYTES, Duration.ofMillis(100), Duration.ofMillis(100),
                        Duration.ofMillis(20), Duration.ZERO));
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.HANG)) {
            Scenario s = LiveEngineTest.scenario("""
                    name: never-answers
                    duration: 500ms
                    gracefulStop: 0s   # the drain of attempts on the wire is under test, not the graceful stop
                    target: %s
                    request: { timeout: 60s }
                    load: { rate: 20/s }
                    retry: { maxAttempts: 3, base: 10ms, cap: 20ms }
                    """.formatted(server.baseUrl()));
            RunResult r = engine.run(s, Strategies.policy("full", s.retry()), LiveEngine.Hooks.NONE);

            assertTrue(r.attempts() > 0, "attempts were sent");
            assertTrue(server.requests() <= r.attempts(), "the server answered none of the attempts it read");
            assertEquals(r.attempts(), r.statuses().getOrDefault("timeout", 0L),
                    "every attempt on the wire at the end was cancelled and counted as a timeout: " + r.statuses());
            assertEquals(r.requests().started(), r.requests().succeeded() + r.requests().failed() + r.requests().unfinished(),
                    "every request ended: " + r.requests());
            assertEquals(r.requests().started(), r.requests().unfinished(),
                    "the drain abandoned every request on the wire after the (zero) grace: unfinished, not failed");
            assertEquals(0, r.requests().succeeded());
            assertFalse(r.partial(), "the clients stopped when cancelled: nothing was abandoned");
            RunResult.Interval last = r.timeline().getLast();
            assertEquals(0, last.inFlight(), "no attempt is left in flight after the cancellation");
        }
    }
}
