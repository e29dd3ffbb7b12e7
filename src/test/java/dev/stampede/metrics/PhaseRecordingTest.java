package dev.stampede.metrics;

import dev.stampede.retry.FailureReason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.stampede.metrics.RunRecorderTest.MS;
import static dev.stampede.metrics.RunRecorderTest.OK;
import static dev.stampede.metrics.RunRecorderTest.OVERLOADED;
import static dev.stampede.metrics.RunRecorderTest.S;
import static dev.stampede.metrics.RunRecorderTest.healthy;
import static dev.stampede.metrics.RunRecorderTest.overload;
import static dev.stampede.metrics.RunRecorderTest.recorder;
import static dev.stampede.metrics.RunRecorderTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed 000's per-hour table on a virtual clock: a healthy phase from 0 s, an overload from 10 s, a recovery from 20 s. */
class PhaseRecordingTest {

    @Test
    void eachPhaseCountsWhatEndedInIt() {
        RunRecorder r = recorder(S, List.of(healthy(0), overload(10), healthy(20)));
        // healthy: 100 requests, each one 2xx on the first try
        for (int i = 0; i < 100; i++) request(r, i * 50 * MS, null, OK);
        // overload: 100 requests; 40 see a 529 then succeed, 10 of those on a fallback tier; 20 fail after three 529s;
        // 5 fallback answers are rejected by the quality gate before a passing one
        long t = 10 * S;
        for (int i = 0; i < 40; i++) {
            long end = request(r, t += 50 * MS, null, OVERLOADED, OK);
            if (i < 10) r.servedBy(end, 1);
            else r.servedBy(end, 0);
        }
        for (int i = 0; i < 20; i++) request(r, t += 50 * MS, FailureReason.EXHAUSTED, OVERLOADED, OVERLOADED, OVERLOADED);
        for (int i = 0; i < 5; i++) {
            long end = request(r, t += 50 * MS, null, OK, OK);
            r.gateRejected(end - 12 * MS);
            r.servedBy(end, 2);
        }
        // recovery: nothing but one budget refusal
        request(r, 21 * S, FailureReason.BUDGET, OVERLOADED);

        List<RunResult.Phase> phases = r.finish(30 * S, null, false).phases();
        assertEquals(3, phases.size(), "one row per scripted phase");
        RunResult.Phase healthy = phases.get(0), peak = phases.get(1), after = phases.get(2);

        assertEquals(0.0, healthy.atSeconds());
        assertEquals(100, healthy.attempts());
        assertEquals(0.0, healthy.overloadedPer1000());
        assertEquals(0.0, healthy.fallbackShare());
        assertEquals(0, healthy.userFailures());
        assertEquals(1.0, healthy.p50Ms(), 0.01, "1 ms requests, within HdrHistogram's 3 digits");

        assertEquals(10.0, peak.atSeconds());
        assertEquals(40 * 2 + 20 * 3 + 5 * 2, peak.attempts(), "attempts that ended in the phase");
        assertEquals((40 + 60) * 1000.0 / 150, peak.overloadedPer1000(), 1e-9, "100 529s in 150 attempts");
        assertEquals(15.0 / 45, peak.fallbackShare(), 1e-9, "15 of 45 succeeded requests on a fallback tier");
        assertEquals(5.0 / 50, peak.gateRejectShare(), 1e-9, "5 of 50 2xx answers rejected");
        assertEquals(20, peak.userFailures());
        assertTrue(peak.p95Ms() >= peak.p50Ms(), "p95 " + peak.p95Ms() + " >= p50 " + peak.p50Ms());
        assertEquals(23.0, peak.p95Ms(), 0.05, "the exhausted requests: 3 attempts and 2 backoffs of 10 ms");

        assertEquals(1, after.userFailures());
        assertEquals(Double.NaN, after.fallbackShare(), "nothing succeeded: not applicable");
    }

    @Test
    void withoutPhasesTheWholeRunIsOneRowAndSaturationIsCountedOnce() {
        RunRecorder r = recorder(S, List.of());
        for (int i = 0; i < 10; i++) {
            r.arrival(i * MS);
            r.saturated(i * MS);
            r.requestDone(i * MS, FailureReason.CLIENT_SATURATED, 0, 0);
        }
        List<RunResult.Phase> phases = r.finish(S, null, false).phases();
        assertEquals(1, phases.size());
        assertEquals(10, phases.getFirst().userFailures(), "saturated() and requestDone(CLIENT_SATURATED) are one failure");
        assertEquals(Double.NaN, phases.getFirst().p50Ms(), "no request was sent");
    }

    @Test
    void finishingTwiceGivesTheSamePhases() {
        RunRecorder r = recorder(S, List.of(healthy(0), overload(1)));
        for (int i = 0; i < 20; i++) request(r, i * 100 * MS, null, OK);
        assertEquals(r.finish(2 * S, null, false).phases(), r.finish(2 * S, null, false).phases());
    }

    @Test
    void aMixedRunsPopulationsShowAsOneProgressLine() {
        RunRecorder.Snapshot a = new RunRecorder.Snapshot(2 * S, 100, 200, 50, 10, 3, 4, 120);
        RunRecorder.Snapshot b = new RunRecorder.Snapshot(2 * S, 100, 300, 70, 20, 1, 2, Double.NaN);
        assertEquals(new RunRecorder.Snapshot(2 * S, 200, 500, 120, 16, 4, 6, 120), RunRecorder.Snapshot.sum(List.of(a, b)),
                "counts and rates add, 529/1000 weighted by attempts ((2 + 6) / 500), the worst known p99");
    }
}
