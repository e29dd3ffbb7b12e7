package dev.stampede.metrics;

import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import dev.stampede.scenario.ErrorKind;
import dev.stampede.scenario.PhaseSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recorder on a virtual clock: every time below is nanoseconds since the run's start, chosen by the test. */
class RunRecorderTest {

    static final long MS = 1_000_000L, S = 1_000_000_000L;
    static final AttemptOutcome OK = AttemptOutcome.status(200);
    static final AttemptOutcome OVERLOADED = AttemptOutcome.status(529);

    static RunRecorder recorder(long intervalNanos, List<PhaseSpec> phases) {
        return new RunRecorder(new RunRecorder.Config("full", intervalNanos, phases, false, 100));
    }

    static PhaseSpec healthy(long atSeconds) { return new PhaseSpec(Duration.ofSeconds(atSeconds), 0, 1, null, Map.of(), 0, 0, 1); }

    static PhaseSpec overload(long atSeconds) { return new PhaseSpec(Duration.ofSeconds(atSeconds), 0.03, 0.5, null, Map.of(), 0, 0, 1); }

    /** One request at {@code t}: one attempt of 1 ms per outcome, 10 ms of backoff between attempts. */
    static long request(RunRecorder r, long t, FailureReason failure, AttemptOutcome... outcomes) {
        r.arrival(t);
        long now = t;
        for (int i = 0; i < outcomes.length; i++) {
            if (i > 0) { r.backoffBegins(now); now += 10 * MS; r.backoffEnds(now); }
            r.attemptSent(now);
            now += MS;
            r.attemptDone(now, outcomes[i], MS);
        }
        r.requestDone(now, failure, now - t, now - t);
        return now;
    }

    @Test
    void startedRequestsAreExactlyTheSucceededPlusTheFailedByEveryReason() {
        RunRecorder r = recorder(S, List.of());
        // 600 successes, 200 exhausted, 100 non-retryable, 50 saturated at the door, 50 over budget.
        long t = 0;
        for (int i = 0; i < 600; i++) request(r, t += MS, null, OK);
        for (int i = 0; i < 200; i++) request(r, t += MS, FailureReason.EXHAUSTED, OVERLOADED, OVERLOADED, OVERLOADED);
        for (int i = 0; i < 100; i++) request(r, t += MS, FailureReason.NON_RETRYABLE, AttemptOutcome.status(400));
        for (int i = 0; i < 50; i++) { r.arrival(t += MS); r.saturated(t); }
        for (int i = 0; i < 50; i++) request(r, t += MS, FailureReason.BUDGET, OVERLOADED);

        RunResult res = r.finish(2 * S, null, false);

        assertEquals(1000, res.requests().started());
        assertEquals(600, res.requests().succeeded());
        assertEquals(400, res.requests().failed());
        assertEquals(res.requests().started(), res.requests().succeeded() + res.requests().failed());
        assertEquals(Map.ofEntries(Map.entry("exhausted", 200L), Map.entry("nonRetryable", 100L), Map.entry("budget", 50L),
                Map.entry("circuitOpen", 0L), Map.entry("limiterWait", 0L), Map.entry("clientSaturated", 50L),
                Map.entry("throttled", 0L), Map.entry("queueFull", 0L), Map.entry("qualityGate", 0L),
                Map.entry("failForward", 0L), Map.entry("unfinished", 0L), Map.entry("interrupted", 0L), Map.entry("internalError", 0L)),
                res.requests().failures(), "every reason present, the policy reasons included");
        assertEquals(600 + 600 + 100 + 50, res.attempts());
        assertEquals(List.of("200", "400", "529"), List.copyOf(res.statuses().keySet()), "statuses sorted by code");
        assertEquals(650L, res.statuses().get("529"));
        assertEquals(500.0, res.requests().achievedRate(), 1e-9, "1000 started in 2 s");
        assertEquals(100.0, res.requests().targetRate());
    }

    @Test
    void aSaturatedRequestFollowedByItsRequestDoneIsCountedOnce() {
        RunRecorder r = recorder(S, List.of());
        for (int i = 0; i < 10; i++) {
            r.arrival(i * MS);
            r.saturated(i * MS);
            r.requestDone(i * MS, FailureReason.CLIENT_SATURATED, 0, 0);
        }
        RunResult res = r.finish(S, null, false);
        assertEquals(10, res.requests().failures().get("clientSaturated"));
        assertEquals(10, res.requests().failed());
        assertEquals(0, res.request().count(), "a request never sent has no latency to record");
    }

    @Test
    void amplificationIsAttemptsPerStartedRequest() {
        RunRecorder r = recorder(S, List.of());
        // 100 requests, each succeeding on its third attempt.
        for (int i = 0; i < 100; i++) request(r, i * 10 * MS, null, OVERLOADED, OVERLOADED, OK);
        RunResult res = r.finish(2 * S, null, false);
        assertEquals(3.0, res.amplification(), 1e-12, "300 attempts / 100 requests");
    }

    @Test
    void peakAmplificationIsTheWorstSecondOfABurst() {
        RunRecorder r = recorder(100 * MS, List.of());
        // 10 seconds of 10 arrivals/s answered first time, except second 5 whose 10 arrivals take 4 attempts each.
        for (int s = 0; s < 10; s++) {
            for (int i = 0; i < 10; i++) {
                long t = s * S + i * 50 * MS;
                if (s == 5) request(r, t, null, OVERLOADED, OVERLOADED, OVERLOADED, OK);
                else request(r, t, null, OK);
            }
        }
        RunResult res = r.finish(10 * S, null, false);
        assertEquals(4.0, res.peakAmplification(), 1e-12, "second 5: 40 attempts / 10 arrivals");
        assertEquals(130.0 / 100, res.amplification(), 1e-12);
    }

    @Test
    void aSecondWithoutArrivalsIsMeasuredAgainstTheMeanOfferedRate() {
        // A herd: 10 arrivals at t=0, a retry storm of 30 attempts in second 1 with no arrival there.
        assertEquals(3.0, Derived.peakAmplification(new long[] {10, 0, 0}, new long[] {10, 30, 0}), 1e-12,
                "30 attempts against the 10/s offered while arrivals came");
        // Open load of 4/s for 4 s with one empty second (Poisson), then retries after the arrivals stopped.
        assertEquals(6.0 / (12 / 4.0), Derived.peakAmplification(new long[] {4, 0, 4, 4, 0}, new long[] {4, 2, 4, 4, 6}), 1e-12,
                "after the stop: 6 attempts over the mean of 12 arrivals in the 4 s from the first to the last arrival");
        assertTrue(Double.isNaN(Derived.peakAmplification(new long[] {0, 0}, new long[] {5, 5})), "no arrivals at all: NaN");
    }

    @Test
    void synchronyOfAPerfectlySmoothSeriesIsOne() {
        RunRecorder r = recorder(S, List.of(healthy(0), overload(2), healthy(8)));
        // One attempt every 10 ms for 10 s: 10 per 100 ms bucket everywhere.
        for (long t = 0; t < 10 * S; t += 10 * MS) request(r, t, null, OK);
        RunResult res = r.finish(10 * S, null, false);
        assertEquals(1.0, res.synchrony(), 1e-12, "10 attempts in every 100 ms bucket of the overload");
    }

    @Test
    void synchronyOfAllAttemptsInOneBucketIsTheNumberOfBuckets() {
        RunRecorder r = recorder(S, List.of(healthy(0), overload(2), healthy(8)));
        // Smooth outside the overload; inside it (6 s = 60 buckets) all 600 attempts land within 3.00–3.06 s.
        for (long t = 0; t < 2 * S; t += 10 * MS) request(r, t, null, OK);
        for (int i = 0; i < 600; i++) request(r, 3 * S + i * 100_000L, null, OK);
        RunResult res = r.finish(10 * S, null, false);
        assertEquals(60.0, res.synchrony(), 1e-9, "peak 600 over a mean of 600/60 = 10");
    }

    @Test
    void synchronyIsNotApplicableWithoutOverloadPhases() {
        RunRecorder r = recorder(S, List.of(healthy(0)));
        for (long t = 0; t < S; t += 10 * MS) request(r, t, null, OK);
        assertTrue(Double.isNaN(r.finish(S, null, false).synchrony()), "no overload phase: NaN");
    }

    /**
     * 100 attempts per second, one request each: a baseline of 1/100 529s for 10 s, half of them 529 during
     * the overload (10–20 s), then 10 % for {@code slowSeconds}, then back to 1 %.
     */
    static RunRecorder aftermath(int slowSeconds, int runSeconds) {
        RunRecorder r = recorder(100 * MS, List.of(healthy(0), overload(10), healthy(20)));
        for (int s = 0; s < runSeconds; s++) {
            int per100 = s < 10 ? 1 : s < 20 ? 50 : s < 20 + slowSeconds ? 10 : 1;
            for (int i = 0; i < 100; i++) {
                request(r, s * S + i * 10 * MS, null, i < per100 ? OVERLOADED : OK);
            }
        }
        return r;
    }

    @Test
    void recoveryIsTheTimeFromTheOverloadsEndToTheStartOfFiveCalmSeconds() {
        RunResult res = aftermath(5, 40).finish(40 * S, null, false);
        assertEquals(5.0, res.recoverySeconds(), 1e-9, "calm from 25 s, overload ended at 20 s");
    }

    @Test
    void recoveryIsImmediateWhenTheFirstSecondAfterTheOverloadIsCalm() {
        assertEquals(0.0, aftermath(0, 30).finish(30 * S, null, false).recoverySeconds(), 1e-9);
    }

    @Test
    void aRunThatNeverSettlesReportsInfiniteRecovery() {
        RunResult res = aftermath(100, 40).finish(40 * S, null, false);
        assertEquals(Double.POSITIVE_INFINITY, res.recoverySeconds(), "10 % 529s stay above 2 × 1 %: metastable");
    }

    @Test
    void recoveryIsNotApplicableWithoutAnOverloadThatEndsBeforeTheRun() {
        RunRecorder none = recorder(S, List.of(healthy(0)));
        request(none, 0, null, OK);
        assertTrue(Double.isNaN(none.finish(10 * S, null, false).recoverySeconds()), "no overload phase: NaN");

        RunRecorder endless = recorder(S, List.of(healthy(0), overload(5)));
        request(endless, 0, null, OK);
        assertTrue(Double.isNaN(endless.finish(10 * S, null, false).recoverySeconds()), "overload lasts to the end: NaN");

        RunRecorder tooShort = recorder(S, List.of(healthy(0), overload(5), healthy(8)));
        request(tooShort, 0, null, OK);
        assertTrue(Double.isNaN(tooShort.finish(10 * S, null, false).recoverySeconds()),
                "2 s after the overload cannot show 5 calm seconds: NaN");
    }

    @Test
    void theSilenceBetweenTwoRetryWavesIsNotRecovery() {
        // After the overload (0–10 s) every request is backing off in lockstep: a wave of 529s every 8 s, silence between.
        long[] attempts = new long[40], overloaded = new long[40], waiting = new long[40];
        for (int s = 10; s < 40; s++) {
            waiting[s] = 100;
            if (s % 8 == 0) { attempts[s] = 100; overloaded[s] = 100; }
        }
        List<PhaseSpec> phases = List.of(overload(0), healthy(10));
        assertEquals(Double.POSITIVE_INFINITY, Derived.recoverySeconds(attempts, overloaded, waiting, Derived.Script.phases(phases), 40 * S));
        // The same silence with nobody waiting (the workload finished) is calm.
        assertEquals(0.0, Derived.recoverySeconds(new long[40], new long[40], new long[40], Derived.Script.phases(phases), 40 * S), 1e-12);
    }

    @Test
    void aCleanBaselineUsesTheFloorOfOnePerThousand() {
        List<PhaseSpec> phases = List.of(healthy(0), overload(10), healthy(20));
        long[] attempts = new long[30], overloaded = new long[30];
        java.util.Arrays.fill(attempts, 1000);
        for (int s = 10; s < 20; s++) overloaded[s] = 500;
        overloaded[20] = 3;      // 3/1000 >= 2/1000: not calm yet
        overloaded[21] = 1;      // 1/1000 < 2/1000: calm
        assertEquals(1.0, Derived.recoverySeconds(attempts, overloaded, new long[30], Derived.Script.phases(phases), 30 * S), 1e-12);
    }

    @Test
    void theTimelineCountsEachEventInItsIntervalAndSamplesGaugesAtTheEnd() {
        RunRecorder r = recorder(S, List.of());
        r.arrival(100 * MS);
        r.attemptSent(100 * MS);
        r.attemptDone(300 * MS, OVERLOADED, 200 * MS);
        r.backoffBegins(300 * MS);
        r.backoffEnds(1_500 * MS);
        r.attemptSent(1_500 * MS);
        r.arrival(1_600 * MS);
        r.attemptSent(1_600 * MS);
        r.attemptDone(1_700 * MS, AttemptOutcome.error(ErrorKind.TIMEOUT), 100 * MS);
        r.requestDone(1_700 * MS, FailureReason.NON_RETRYABLE, 100 * MS, 100 * MS);
        // second 2 is quiet; the first request's second attempt ends in second 3
        r.attemptDone(3_200 * MS, OK, 1_700 * MS);
        r.requestDone(3_200 * MS, null, 3_100 * MS, 3_100 * MS);

        RunResult res = r.finish(4 * S, null, false);
        assertEquals(List.of(
                new RunResult.Interval(0, 1, 1, 0, 1, 0, 0, 1),
                new RunResult.Interval(1, 1, 2, 0, 0, 1, 1, 0),
                new RunResult.Interval(2, 0, 0, 0, 0, 0, 1, 0),
                new RunResult.Interval(3, 0, 0, 1, 0, 0, 0, 0, 1)), res.timeline());
        assertEquals(Map.of("200", 1L, "529", 1L, "timeout", 1L), res.statuses());
    }

    @Test
    void theTimelineGrowsWhenARunOverrunsItsNominalDuration() {
        RunRecorder r = recorder(100 * MS, List.of());
        request(r, 0, null, OK);
        request(r, 2_350 * MS, null, OK);   // past the 1 s the run was meant to last
        RunResult res = r.finish(S, null, false);
        assertEquals(24, res.timeline().size(), "intervals up to the one holding 2.351 s");
        assertEquals(2.3, res.timeline().get(23).startSeconds(), 1e-9);
        assertEquals(2, res.timeline().stream().mapToLong(RunResult.Interval::attempts).sum());
    }

    @Test
    void latencyPercentilesOfKnownValuesAreWithinHdrHistogramPrecision() {
        RunRecorder r = recorder(S, List.of());
        // 10,000 requests at 1 ms, 1 to 10,000 ms in steps of 1 ms: p50 5000 ms, p90 9000, p99 9900, p99.9 9990.
        for (int i = 1; i <= 10_000; i++) {
            r.arrival(0);
            r.attemptSent(0);
            r.attemptDone(i * MS, OK, i * MS);
            r.requestDone(i * MS, null, i * MS, i * MS);
        }
        RunResult res = r.finish(11 * S, null, false);
        double tolerance = 1e-3;   // 3 significant digits
        assertClose(5000, res.request().p50(), tolerance);
        assertClose(9000, res.request().p90(), tolerance);
        assertClose(9900, res.request().p99(), tolerance);
        assertClose(9990, res.request().p999(), tolerance);
        assertClose(10000, res.request().max(), tolerance);
        assertClose(5000.5, res.request().mean(), tolerance);
        assertEquals(10_000, res.request().count());
        assertClose(9900, res.attempt().p99(), tolerance);
    }

    @Test
    void theRecorderFilesTheCorrectedAndUncorrectedLatencyInTheirOwnHistograms() {
        // Only the routing: the engines compute both latencies (from the intended start and from the first send); that
        // the live engine's corrected latency really holds a stall is CoordinatedOmissionTest's, end to end.
        RunRecorder r = recorder(S, List.of());
        // 1,000 requests each sent 500 ms late (the generator was stalled) and answered in 1 ms.
        for (int i = 0; i < 1000; i++) {
            long intended = i * MS;
            r.arrival(intended);
            r.attemptSent(intended + 500 * MS);
            r.attemptDone(intended + 501 * MS, OK, MS);
            r.requestDone(intended + 501 * MS, null, 501 * MS, MS);
        }
        RunResult res = r.finish(2 * S, null, false);
        assertClose(501, res.request().p50(), 1e-3);
        assertClose(1, res.requestUncorrected().p50(), 1e-3);
        assertClose(1, res.attempt().p99(), 1e-3);
    }

    @Test
    void thereIsOneIntervalHistogramPerSecondHoldingThatSecondsValues() {
        RunRecorder r = recorder(100 * MS, List.of());
        for (int s = 0; s < 3; s++) for (int i = 0; i <= s; i++) request(r, s * S + i * MS, null, OK);
        RunResult res = r.finish(3 * S, null, false);
        List<Long> perSecond = res.histograms().requestIntervals().stream().map(h -> h.getTotalCount()).toList();
        assertEquals(List.of(1L, 2L, 3L), perSecond);
        assertEquals(List.of(1L, 2L, 3L), res.histograms().attemptIntervals().stream().map(h -> h.getTotalCount()).toList());
        assertEquals(6, res.histograms().request().getTotalCount());
    }

    @Test
    void withoutIntervalHistogramsTheWholeRunFiguresAreTheSame() {
        RunRecorder with = recorder(100 * MS, List.of());
        RunRecorder without = new RunRecorder(new RunRecorder.Config("full", 100 * MS, List.of(), false, 100)
                .withoutIntervalHistograms());
        for (RunRecorder r : List.of(with, without)) {
            for (int s = 0; s < 3; s++) for (int i = 0; i <= s; i++) request(r, s * S + i * 7 * MS, null, OK);
        }
        RunResult a = with.finish(3 * S, null, false), b = without.finish(3 * S, null, false);
        assertEquals(List.of(), b.histograms().requestIntervals());
        assertEquals(List.of(), b.histograms().attemptIntervals());
        assertEquals(a.request(), b.request());
        assertEquals(a.attempt(), b.attempt());
        assertEquals(a.timeline(), b.timeline());
        assertEquals(a.phases(), b.phases());
    }

    @Test
    void completionIsTheLastRequestOfAFiniteWorkload() {
        RunRecorder r = new RunRecorder(new RunRecorder.Config("none", S, List.of(), true, 0, true));
        request(r, 0, null, OK);
        long last = request(r, 0, null, OVERLOADED, OK);
        RunResult res = r.finish(10 * S, null, false);
        assertEquals(last / 1e9, res.completionSeconds(), 1e-12);
        assertTrue(Double.isNaN(recorder(S, List.of()).finish(S, null, false).completionSeconds()),
                "an open workload has no completion time");
    }

    @Test
    void aSnapshotShowsTheFiguresSoFar() {
        RunRecorder r = recorder(S, List.of());
        for (int i = 0; i < 100; i++) request(r, i * 10 * MS, null, i < 5 ? OVERLOADED : OK);
        r.arrival(S);
        r.attemptSent(S);
        RunRecorder.Snapshot snap = r.snapshot(1_500 * MS);
        assertEquals(101, snap.requests());
        assertEquals(101, snap.attempts());
        assertEquals(100.0, snap.attemptsPerSecond(), 1e-9, "100 attempts in the last complete second");
        assertEquals(5 * 1000.0 / 101, snap.overloadedPer1000(), 1e-9);
        assertEquals(1, snap.inFlight());
        assertClose(1, snap.p99Millis(), 1e-3);
    }

    @Test
    void manyThreadsRecordingAtOnceLoseNoCounts() throws Exception {
        RunRecorder r = recorder(100 * MS, List.of(healthy(0), overload(1)));
        int threads = 64, perThread = 5_000;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                int seed = k;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        long t = ((long) i * 997 + seed * 13L) % 5_000 * MS;
                        request(r, t, i % 4 == 0 ? FailureReason.EXHAUSTED : null, OVERLOADED, OK);
                        if (i % 500 == 0) r.snapshot(t);
                    }
                }));
            }
            for (Future<?> f : done) f.get();
        }
        RunResult res = r.finish(5 * S, null, false);
        long n = (long) threads * perThread;
        assertEquals(n, res.requests().started());
        assertEquals(n, res.requests().succeeded() + res.requests().failed());
        assertEquals(2 * n, res.attempts());
        assertEquals(2 * n, res.timeline().stream().mapToLong(RunResult.Interval::attempts).sum());
        assertEquals(n, res.timeline().stream().mapToLong(RunResult.Interval::overloaded).sum());
        assertEquals(n, res.request().count());
        assertEquals(2 * n, res.attempt().count());
        assertEquals(n, res.histograms().requestIntervals().stream().mapToLong(h -> h.getTotalCount()).sum());
    }

    static void assertClose(double expected, double actual, double relative) {
        assertEquals(expected, actual, Math.abs(expected) * relative,
                () -> "expected " + expected + " within " + relative * 100 + " %, got " + actual);
    }
}
