package dev.stampede.metrics;

import dev.stampede.retry.AttemptOutcome;
import dev.stampede.retry.FailureReason;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.Rate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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

/** Goodput: logical requests that succeeded, counted when they ended; per interval, over the run, after the overload. */
class GoodputTest {

    @Test
    void goodputCountsSucceededRequestsWhenTheyEndNotTwoHundredAnswers() {
        RunRecorder r = recorder(S, List.of());
        // a success after two 529s: one request of goodput, filed when it ended (second 1), not when it arrived
        r.arrival(900 * MS);
        r.attemptSent(900 * MS);
        r.attemptDone(950 * MS, OVERLOADED, 50 * MS);
        r.attemptSent(1_100 * MS);
        r.attemptDone(1_150 * MS, OK, 50 * MS);
        r.requestDone(1_150 * MS, null, 250 * MS, 250 * MS);
        // a 2xx answer whose request still failed (a quality gate rejected it): an answer, not goodput
        r.arrival(1_200 * MS);
        r.attemptSent(1_200 * MS);
        r.attemptDone(1_250 * MS, OK, 50 * MS);
        r.gateRejected(1_250 * MS);
        r.requestDone(1_250 * MS, FailureReason.NON_RETRYABLE, 50 * MS, 50 * MS);
        // served by a fallback tier: goodput too
        r.arrival(2_000 * MS);
        r.attemptSent(2_000 * MS);
        r.attemptDone(2_010 * MS, AttemptOutcome.status(503), 10 * MS);
        r.servedBy(2_020 * MS, 1);
        r.requestDone(2_020 * MS, null, 20 * MS, 20 * MS);

        RunResult res = r.finish(4 * S, null, false);
        assertEquals(List.of(0L, 1L, 1L, 0L), res.timeline().stream().map(RunResult.Interval::succeeded).toList());
        assertEquals(List.of(0L, 2L, 0L, 0L), res.timeline().stream().map(RunResult.Interval::ok).toList(),
                "two 2xx answers in second 1, of which one was goodput");
        assertEquals(2 / 4.0, res.goodputPerSecond(), 1e-12, "two successes over a 4 s run");
    }

    @Test
    void goodputAfterRunsFromTheEndOfTheLastOverloadToTheRunsEnd() {
        RunRecorder r = recorder(100 * MS, List.of(healthy(0), overload(10), healthy(20)));
        // 10 successes per second before 20 s, 4 per second from 20 s to the end at 30 s
        for (int s = 0; s < 30; s++) {
            int n = s < 20 ? 10 : 4;
            for (int i = 0; i < n; i++) request(r, s * S + i * 50 * MS, null, OK);
        }
        RunResult res = r.finish(30 * S, null, false);
        assertEquals(4.0, res.goodputAfterPerSecond(), 1e-9);
        assertEquals((200 + 40) / 30.0, res.goodputPerSecond(), 1e-9);
        assertEquals(res.goodputAfterPerSecond(),
                Derived.goodputAfterPerSecond(res.timeline(), Derived.Script.phases(r.config().phases()), res.durationSeconds()),
                1e-12, "recomputed from the timeline (as a merge does), the same figure");
    }

    @Test
    void goodputAfterIsNotApplicableWithoutAnOverloadThatEndsBeforeTheRun() {
        long[] perSecond = {5, 5, 5, 5, 5, 5};
        assertEquals(Double.NaN, Derived.goodputAfterPerSecond(perSecond, S, Derived.Script.phases(List.of(healthy(0))), 6 * S),
                "no overload window");
        assertEquals(Double.NaN, Derived.goodputAfterPerSecond(perSecond, S,
                Derived.Script.phases(List.of(healthy(0), overload(2))), 6 * S), "the overload lasts until the end");
        assertEquals(Double.NaN, Derived.goodputAfterPerSecond(perSecond, S,
                Derived.Script.phases(List.of(healthy(0), overload(2), healthy(6))), 6 * S), "it ends with the run");
    }

    @Test
    void goodputAfterLeavesOutRequestsAnsweredAfterTheRunsEnd() {
        long[] perSecond = {5, 5, 5, 5, 5, 5, 240};
        assertEquals(5.0, Derived.goodputAfterPerSecond(perSecond, S,
                Derived.Script.phases(List.of(healthy(0), overload(1), healthy(2))), 6 * S), 1e-12,
                "the 240 requests still in flight at 6 s and answered after it are not the service's steady rate");
    }

    @Test
    void aLoadSpikeIsAnOverloadWindowForGoodputAfter() {
        List<LoadSpec.Stage> spike = List.of(new LoadSpec.Stage(Duration.ofSeconds(2), new Rate(100)),
                new LoadSpec.Stage(Duration.ofSeconds(1), new Rate(400)), new LoadSpec.Stage(Duration.ofSeconds(3), new Rate(100)));
        long[] perSecond = {100, 100, 300, 90, 60, 30};
        assertEquals((90 + 60 + 30) / 3.0,
                Derived.goodputAfterPerSecond(perSecond, S, new Derived.Script(List.of(), spike), 6 * S), 1e-12);
        List<LoadSpec.Stage> offGrid = List.of(new LoadSpec.Stage(Duration.ofSeconds(2), new Rate(100)),
                new LoadSpec.Stage(Duration.ofMillis(1_500), new Rate(400)), new LoadSpec.Stage(Duration.ofSeconds(3), new Rate(100)));
        assertEquals((60 + 30) / 2.0, Derived.goodputAfterPerSecond(perSecond, S, new Derived.Script(List.of(), offGrid), 6 * S),
                1e-12, "a window ending at 3.5 s: from the first whole interval after it, 4 s");
    }
}
