package dev.stampede.report;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.Derived;
import dev.stampede.metrics.RunRecorder;
import dev.stampede.metrics.RunResult;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole run and its shards are recorded by the real {@link RunRecorder} from the same events (the launch-spike
 * workload, split round robin into three shards), with the simulator's 100 ms timeline, so every derived figure can be
 * recomputed exactly from the merged data.
 */
class ShardMergeTest {

    private static final long INTERVAL_NANOS = 100_000_000L;
    private static RunResult whole;
    private static RunResult merged;
    private static Comparison mergedComparison;

    @BeforeAll
    static void recordTheWholeRunAndThreeShardsFromTheSameEvents() {
        RecordedWorkload workload = RecordedWorkload.simulate("none", 42);
        whole = workload.record(INTERVAL_NANOS, 200);
        List<Comparison> shards = List.of(1, 2, 3).stream()
                .map(i -> RecordedResults.comparison(List.of(workload.shard(i, 3).record(INTERVAL_NANOS, 200.0 / 3)), List.of()))
                .toList();
        mergedComparison = ShardMerge.merge(shards, RecordedWorkload.PHASES);
        merged = mergedComparison.runs().getFirst();
    }

    @Test
    void countersEqualTheWholeRunsExactly() {
        assertEquals(whole.requests().started(), merged.requests().started(), "requests started");
        assertEquals(whole.requests().succeeded(), merged.requests().succeeded(), "requests succeeded");
        assertEquals(whole.requests().failed(), merged.requests().failed(), "requests failed");
        assertEquals(whole.requests().failures(), merged.requests().failures(), "failures by reason");
        assertEquals(whole.requests().targetRate(), merged.requests().targetRate(), 1e-9, "the shards' target rates add up");
        assertEquals(whole.requests().achievedRate(), merged.requests().achievedRate(), 1e-9, "achieved rate");
        assertEquals(whole.attempts(), merged.attempts(), "attempts");
        assertEquals(whole.statuses(), merged.statuses(), "statuses");
        assertEquals(whole.timeline(), merged.timeline(), "the timeline, interval by interval");
        assertEquals(whole.server().received(), merged.server().received(), "server received");
        assertEquals(whole.server().timeline(), merged.server().timeline(), "server timeline");
    }

    @Test
    void histogramsAddUpToTheWholeRunsSoPercentilesAreExact() {
        for (Function<RunResult.Histograms, Histogram> h : List.<Function<RunResult.Histograms, Histogram>>of(
                RunResult.Histograms::request, RunResult.Histograms::requestUncorrected, RunResult.Histograms::attempt)) {
            assertEquals(h.apply(whole.histograms()).getTotalCount(), h.apply(merged.histograms()).getTotalCount());
            assertEquals(h.apply(whole.histograms()), h.apply(merged.histograms()), "identical histogram contents");
        }
        assertEquals(whole.request(), merged.request(), "request latency summary");
        assertEquals(whole.requestUncorrected(), merged.requestUncorrected(), "uncorrected latency summary");
        assertEquals(whole.attempt(), merged.attempt(), "attempt latency summary");
        assertEquals(whole.histograms().requestIntervals().stream().mapToLong(Histogram::getTotalCount).sum(),
                merged.histograms().requestIntervals().stream().mapToLong(Histogram::getTotalCount).sum(), "request interval histograms");
    }

    @Test
    void derivedFiguresAreRecomputedFromTheMergedDataNotAveraged() {
        assertEquals(whole.amplification(), merged.amplification(), 0.0, "amplification");
        assertEquals(whole.peakAmplification(), merged.peakAmplification(), 0.0, "peak amplification");
        assertEquals(whole.synchrony(), merged.synchrony(), 0.0, "synchrony");
        assertEquals(whole.recoverySeconds(), merged.recoverySeconds(), 0.0, "recovery");
        assertEquals(whole.requests().successRate(), merged.requests().successRate(), 0.0, "success rate");
        assertTrue(Double.isFinite(merged.synchrony()), "the fixture has overload phases, so synchrony is measured");
        assertEquals(whole.goodputPerSecond(), merged.goodputPerSecond(), 1e-12, "goodput");
        assertEquals(whole.goodputAfterPerSecond(), merged.goodputAfterPerSecond(), 0.0, "goodput after the overload");
        assertTrue(merged.goodputAfterPerSecond() > 0, "the fixture's overload ends before the run does");
        assertTrue(merged.timeline().stream().mapToLong(RunResult.Interval::succeeded).sum() > 0, "goodput per interval is summed");
    }

    @Test
    void liveShardsWithAOneSecondTimelineKeepSynchronyThroughTheirJsonFiles() throws java.io.IOException {
        RecordedWorkload workload = RecordedWorkload.simulate("none", 42);
        RunResult live = workload.record(Derived.SECOND_NANOS, 200);
        assertTrue(Double.isFinite(live.synchrony()), "a live run measures synchrony from its own 100 ms series");
        assertEquals(Double.NaN, Derived.synchrony(live.timeline(), RecordedWorkload.PHASES, live.durationSeconds()),
                "the 1 s timeline alone cannot give it");
        List<Comparison> shards = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Comparison shard = RecordedResults.comparison(List.of(workload.shard(i, 3).record(Derived.SECOND_NANOS, 200.0 / 3)), List.of());
            shards.add(ResultJson.parse(ResultJson.toText(shard)));
        }
        RunResult liveMerged = ShardMerge.merge(shards, RecordedWorkload.PHASES).runs().getFirst();
        assertEquals(live.synchrony(), liveMerged.synchrony(), 0.0, "synchrony of the summed 100 ms series");
        assertEquals(live.peakAmplification(), liveMerged.peakAmplification(), 0.0, "peak amplification");
        assertEquals(live.recoverySeconds(), liveMerged.recoverySeconds(), 0.0, "recovery");
        org.junit.jupiter.api.Assertions.assertArrayEquals(live.attemptsPer100ms(), liveMerged.attemptsPer100ms(),
                "the merged result keeps the summed series, so merging merged results stays exact");
    }

    @Test
    void shardsOfDifferentScenariosOrModesAreRefused() {
        Comparison a = RecordedResults.comparison(List.of(whole), List.of());
        Comparison otherSha = new Comparison(a.scenarioName(), a.scenarioFile(), "0".repeat(64), a.mode(), a.target(), a.seed(),
                a.startedAt(), a.runs(), a.thresholds(), false);
        Comparison otherMode = new Comparison(a.scenarioName(), a.scenarioFile(), a.scenarioSha256(), "live", a.target(), a.seed(),
                a.startedAt(), a.runs(), a.thresholds(), false);
        Comparison otherName = new Comparison("other", a.scenarioFile(), a.scenarioSha256(), a.mode(), a.target(), a.seed(),
                a.startedAt(), a.runs(), a.thresholds(), false);
        for (Comparison b : List.of(otherSha, otherMode, otherName)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShardMerge.merge(List.of(a, b), (Derived.Script) null));
            assertTrue(e.getMessage().contains("shard 2"), e.getMessage());
        }
    }
}
