package dev.stampede.metrics;

import dev.stampede.scenario.PhaseSpec;
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
