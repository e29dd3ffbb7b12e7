package dev.stampede.load;

import dev.stampede.metrics.RunResult;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The end of a live run: attempts on the wire that outlast the drain grace are cancelled, and the result still comes. */
class LiveEngineEndTest {

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
            assertEquals(r.requests().started(), r.requests().succeeded() + r.requests().failed(),
                    "every request ended: " + r.requests());
            assertEquals(0, r.requests().succeeded());
            assertFalse(r.partial(), "the clients stopped when cancelled: nothing was abandoned");
            RunResult.Interval last = r.timeline().getLast();
            assertEquals(0, last.inFlight(), "no attempt is left in flight after the cancellation");
        }
    }
}
