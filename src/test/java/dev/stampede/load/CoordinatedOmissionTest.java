package dev.stampede.load;

import dev.stampede.metrics.RunResult;
import dev.stampede.scenario.Scenario;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coordinated omission through the real live engine: an open-model load of 50 requests/s whose client holds one
 * request in flight at a time (a concurrency limiter of 1, as a benchmark with one connection) against a server on
 * 127.0.0.1 that stalls its first request for {@link #STALL}. Every request arriving during the stall queues behind it
 * and is sent, and answered in about a millisecond, only when the stall ends. Measured from the intended start, the
 * request intended {@code d} after the stalled one waited at least {@code STALL − d}; measured from the send, it took
 * a millisecond.
 */
class CoordinatedOmissionTest {

    private static final Duration STALL = Duration.ofSeconds(1);
    private static final long GAP_MS = 20;  // 50/s
    private static final long HALF_STALL_MICROS = STALL.toNanos() / 2 / 1000;

    @Test
    void theCorrectedLatencyHoldsTheServersStallAndTheUncorrectedOneMissesIt() throws Exception {
        AtomicBoolean stalled = new AtomicBoolean();
        LiveEngine engine = new LiveEngine(EngineClock.SYSTEM, InstantSource.system(), MockServers::start,
                new LiveEngine.Settings(HttpTransport.DEFAULT_BODY_LIMIT_BYTES, Duration.ofSeconds(5), Duration.ofMillis(500),
                        Duration.ofMillis(20), Duration.ZERO));
        try (MisbehavingServer server = new MisbehavingServer((socket, out) -> {
            if (stalled.compareAndSet(false, true)) Thread.sleep(STALL.toMillis());  // the stall under test, not a wait
            MisbehavingServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        })) {
            Scenario s = LiveEngineTest.scenario("""
                    name: stall
                    duration: 2s
                    target: %s
                    request: { timeout: 10s }
                    load: { rate: 50/s }
                    retry: { maxAttempts: 1 }
                    policies:
                      oneAtATime: { strategy: none, concurrency: { limit: 1, queue: 1000, maxWait: 60s } }
                    """.formatted(server.baseUrl()));
            RunResult r = engine.run(s, s.policy("oneAtATime"), LiveEngine.Hooks.NONE);

            assertEquals(r.requests().started(), r.requests().succeeded(), "every request was answered: " + r.requests());
            Histogram corrected = r.histograms().request(), uncorrected = r.histograms().requestUncorrected();
            // The stall's arithmetic: the requests intended 0, 20, …, 500 ms after the stalled one's intended start
            // (26 of them, the stalled one included) were answered at least STALL after it, so each waited at least
            // STALL − d >= STALL / 2. Scheduling delays only add to that.
            long half = STALL.toMillis() / 2 / GAP_MS + 1;
            long correctedSlow = corrected.getCountBetweenValues(HALF_STALL_MICROS, Long.MAX_VALUE / 2);
            assertTrue(correctedSlow >= half, "at least " + half + " requests waited half the stall or more from their "
                    + "intended start, corrected: " + correctedSlow);
            assertTrue(r.request().max() >= STALL.toMillis(), "the stalled request itself: " + r.request().max() + " ms");
            // From the send, only the stalled request saw the stall: the queue is invisible.
            long uncorrectedSlow = uncorrected.getCountBetweenValues(HALF_STALL_MICROS, Long.MAX_VALUE / 2);
            assertTrue(uncorrectedSlow < half / 5, "uncorrected, hardly any request looks slow: " + uncorrectedSlow);
            assertTrue(r.requestUncorrected().p90() < STALL.toMillis() / 2.0, "uncorrected p90 " + r.requestUncorrected().p90()
                    + " ms misses the stall the corrected p90 " + r.request().p90() + " ms shows");
            // With 100 arrivals, 10 % above the corrected p90 means the requests intended within STALL − p90 of the
            // stalled one: p90 is about STALL − 10 gaps = 800 ms.
            assertTrue(r.request().p90() >= STALL.toMillis() - 10 * GAP_MS - GAP_MS,
                    "corrected p90 " + r.request().p90() + " ms, expected at least about 800 ms");
        }
    }
}
