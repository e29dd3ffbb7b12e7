package dev.stampede.metrics;

import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import dev.stampede.scenario.ErrorKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The live exporter's read accessors agree with what {@code finish} reports. */
class RunRecorderTotalsTest {

    private static final long MS = 1_000_000L;

    @Test
    void theRunningTotalsAndHistogramsEqualTheFinishedResult() {
        RunRecorder r = new RunRecorder(new RunRecorder.Config("full", 1_000_000_000L, List.of(), false, 5));
        r.arrival(0);
        r.attemptSent(0);
        r.attemptDone(3 * MS, AttemptOutcome.status(529), 3 * MS);
        r.backoffBegins(3 * MS);
        r.backoffEnds(30 * MS);
        r.attemptSent(30 * MS);
        r.attemptDone(40 * MS, AttemptOutcome.status(200), 10 * MS);
        r.requestDone(40 * MS, null, 40 * MS, 40 * MS);
        r.arrival(1200 * MS);
        r.attemptSent(1200 * MS);
        r.attemptDone(1300 * MS, AttemptOutcome.error(ErrorKind.RESET), 100 * MS);
        r.requestDone(1300 * MS, FailureReason.NON_RETRYABLE, 100 * MS, 100 * MS);

        RunRecorder.Totals t = r.totals();
        long requestCount = r.readRequestLatency(h -> h.getTotalCount());
        long attemptCount = r.readAttemptLatency(h -> h.getTotalCount());
        RunResult done = r.finish(2000 * MS, null, false);

        assertEquals(done.attempts(), t.attempts());
        assertEquals(done.requests().started(), t.requests().started());
        assertEquals(done.requests().succeeded(), t.requests().succeeded());
        assertEquals(done.requests().failures(), t.requests().failures());
        assertEquals(done.statuses(), t.statuses());
        assertEquals(1, t.overloaded());
        assertEquals(1, t.waits());
        assertEquals(0, t.inFlight());
        assertEquals(0, t.backingOff());
        assertEquals(done.request().count(), requestCount);
        assertEquals(done.attempt().count(), attemptCount);
    }
}
