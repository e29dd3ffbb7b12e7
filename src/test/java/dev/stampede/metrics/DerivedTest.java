package dev.stampede.metrics;

import dev.stampede.retry.AttemptOutcome;
import dev.stampede.scenario.ErrorKind;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.PhaseSpec;
import dev.stampede.scenario.Rate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.stampede.metrics.RunRecorderTest.S;
import static dev.stampede.metrics.RunRecorderTest.healthy;
import static dev.stampede.metrics.RunRecorderTest.overload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DerivedTest {

    @Test
    void adjacentOverloadPhasesMergeIntoOneWindowEndingAtTheNextHealthyPhase() {
        PhaseSpec worse = new PhaseSpec(Duration.ofSeconds(15), 0.1, 1, null, Map.of(), 0, 0, 1);
        List<PhaseSpec> phases = List.of(healthy(0), overload(10), worse, healthy(20), overload(30));
        assertEquals(List.of(new Derived.Window(10 * S, 20 * S), new Derived.Window(30 * S, 35 * S)),
                Derived.overloadWindows(phases, 35 * S), "the last overload holds until the run's end at 35 s");
    }

    @Test
    void aBaselineOverloadOfOnePerThousandIsNotAnOverloadPhase() {
        PhaseSpec launchBaseline = new PhaseSpec(Duration.ZERO, 0.0004, 1, null, Map.of(), 0, 0, 1);
        assertEquals(List.of(), Derived.overloadWindows(List.of(launchBaseline), 10 * S));
    }

    private static final List<LoadSpec.Stage> SPIKE = List.of(
            new LoadSpec.Stage(Duration.ofSeconds(10), new Rate(100)),
            new LoadSpec.Stage(Duration.ofSeconds(5), new Rate(400)),
            new LoadSpec.Stage(Duration.ofSeconds(5), new Rate(100)));

    @Test
    void aLoadStageAboveTheFirstStagesRateIsAnOverloadWindowAndMergesWithAPhase() {
        assertEquals(List.of(new Derived.Window(10 * S, 15 * S)),
                Derived.overloadWindows(new Derived.Script(List.of(healthy(0)), SPIKE), 40 * S), "the spike 10..15 s");
        assertEquals(List.of(new Derived.Window(10 * S, 20 * S)),
                Derived.overloadWindows(new Derived.Script(List.of(healthy(0), overload(12), healthy(20)), SPIKE), 40 * S),
                "the spike and the overlapping phase are one window");
        List<LoadSpec.Stage> rampDown = List.of(new LoadSpec.Stage(Duration.ofSeconds(10), new Rate(100)),
                new LoadSpec.Stage(Duration.ofSeconds(10), new Rate(50)));
        assertEquals(List.of(), Derived.overloadWindows(new Derived.Script(List.of(), rampDown), 20 * S),
                "a stage below the first is no overload");
    }

    @Test
    void theBaselineIsWhereTheFirstPhaseAndTheFirstStageOverlap() {
        Derived.Script script = new Derived.Script(List.of(healthy(0), overload(30)), SPIKE);
        assertEquals(new Derived.Window(0, 10 * S), Derived.baselineWindow(script, 60 * S));
        assertEquals(new Derived.Window(0, 30 * S), Derived.baselineWindow(Derived.Script.phases(List.of(healthy(0), overload(30))), 60 * S));
    }

    /**
     * 100 answers per second over 40 s around the load spike of {@link #SPIKE} (10–15 s): 1 failure per 100 in the
     * baseline, 50 in the spike, then {@code slowSeconds} of 10, then 1 again; failures are timeouts and 500s, no 529.
     */
    private static double recoveryAfterSpike(int slowSeconds) {
        long[] answered = new long[40], failed = new long[40];
        for (int s = 0; s < 40; s++) {
            answered[s] = 100;
            failed[s] = s < 10 ? 1 : s < 15 ? 50 : s < 15 + slowSeconds ? 10 : 1;
        }
        return Derived.recoverySeconds(answered, failed, new long[40], new Derived.Script(List.of(), SPIKE), 40 * S);
    }

    @Test
    void aCollapseOfErrorsAndTimeoutsThatOutlivesItsLoadSpikeNeverRecovers() {
        assertEquals(Double.POSITIVE_INFINITY, recoveryAfterSpike(100), "10 % failures after the spike stay above 2 × 1 %");
        assertEquals("never", dev.stampede.report.Metric.RECOVERY.format(recoveryAfterSpike(100)));
    }

    @Test
    void aRunThatSettlesAfterItsLoadSpikeRecoversAndIsNotNever() {
        assertEquals(4.0, recoveryAfterSpike(4), 1e-12, "calm from 19 s, the spike ended at 15 s");
        assertEquals("4 s", dev.stampede.report.Metric.RECOVERY.format(recoveryAfterSpike(4)));
    }

    @Test
    void recoveryCountsEveryFailedAttemptNotOnly529s() {
        // The recorder files a 500 and a timeout as failures just as a 529: a run of 500s after the overload never recovers.
        RunRecorder r = RunRecorderTest.recorder(S, List.of(healthy(0), overload(10), healthy(20)));
        AttemptOutcome error = AttemptOutcome.status(500), timeout = AttemptOutcome.error(ErrorKind.TIMEOUT);
        for (int s = 0; s < 40; s++) {
            for (int i = 0; i < 100; i++) {
                int bad = s < 10 ? 1 : s < 20 ? 50 : 10;
                AttemptOutcome o = i >= bad ? RunRecorderTest.OK : i % 2 == 0 ? error : timeout;
                RunRecorderTest.request(r, s * S + i * 10 * RunRecorderTest.MS, null, o);
            }
        }
        assertEquals(Double.POSITIVE_INFINITY, r.finish(40 * S, null, false).recoverySeconds());
    }

    @Test
    void rebucketingSumsWholeGroupsAndKeepsThePartialLastOne() {
        assertArrayEquals(new long[] {6, 15, 7}, Derived.rebucket(new long[] {1, 2, 3, 4, 5, 6, 7}, 100, 300));
        assertArrayEquals(new long[] {3, 6, 7}, Derived.resampleGauge(new long[] {1, 2, 3, 4, 5, 6, 7}, 100, 300),
                "a gauge takes the last sample of each group");
        assertThrows(IllegalArgumentException.class, () -> Derived.rebucket(new long[] {1}, 300, 1000));
    }

    @Test
    void theFiguresRecomputedFromTheTimelineEqualTheRecordersOwn() {
        List<PhaseSpec> phases = List.of(healthy(0), overload(10), healthy(20));
        RunResult res = RunRecorderTest.aftermath(5, 40).finish(40 * S, null, false);
        assertEquals(res.recoverySeconds(), Derived.recoverySeconds(res.timeline(), phases, res.durationSeconds()));
        assertEquals(res.peakAmplification(), Derived.peakAmplification(res.timeline(), res.durationSeconds()));
        assertEquals(res.synchrony(), Derived.synchrony(res.timeline(), phases, res.durationSeconds()));
    }

    @Test
    void synchronyCannotBeRecomputedFromAOneSecondTimeline() {
        RunRecorder r = RunRecorderTest.recorder(S, List.of(healthy(0), overload(1)));
        for (long t = 0; t < 3 * S; t += 10 * RunRecorderTest.MS) RunRecorderTest.request(r, t, null, RunRecorderTest.OK);
        RunResult res = r.finish(3 * S, null, false);
        assertEquals(1.0, res.synchrony(), 1e-12, "the recorder keeps its own 100 ms series");
        assertEquals(Double.NaN, Derived.synchrony(res.timeline(), List.of(healthy(0), overload(1)), 3.0));
    }
}
