package dev.stampede.cli;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import dev.stampede.report.RecordedResults;
import dev.stampede.report.RecordedWorkload;
import dev.stampede.report.ResultJson;
import dev.stampede.scenario.ThresholdSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two shards and the whole run recorded by the real RunRecorder from the same events, saved as JSON and merged by the CLI. */
class MergeCommandTest {

    @TempDir
    static Path dir;
    private static RunResult whole;
    private static List<Path> shardFiles;

    @BeforeAll
    static void recordAndSaveTwoShards() throws Exception {
        RecordedWorkload workload = RecordedWorkload.simulate("full", 42, 50, RecordedWorkload.DURATION_NANOS);
        whole = workload.record(1_000_000_000L, 50);
        shardFiles = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            Path f = dir.resolve("shard-" + i + ".json");
            ResultJson.write(RecordedResults.comparison(List.of(workload.shard(i, 2).record(1_000_000_000L, 25)),
                    List.of(new ThresholdSpec("full", "amplification", ThresholdSpec.Op.LT, 10, "t.yaml:1:1"))), f);
            shardFiles.add(f);
        }
    }

    @Test
    void mergingTwoShardsEqualsTheCountersAndHistogramTotalsOfTheWholeRun() throws Exception {
        Path out = dir.resolve("all.json");
        CliHarness r = CliHarness.run("merge", shardFiles.get(0).toString(), shardFiles.get(1).toString(), "-o", out.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        RunResult merged = ResultJson.read(out).runs().getFirst();
        assertEquals(whole.requests().started(), merged.requests().started(), "started");
        assertEquals(whole.requests().succeeded(), merged.requests().succeeded(), "succeeded");
        assertEquals(whole.requests().failures(), merged.requests().failures(), "failures");
        assertEquals(whole.attempts(), merged.attempts(), "attempts");
        assertEquals(whole.statuses(), merged.statuses(), "statuses");
        assertEquals(whole.timeline(), merged.timeline(), "timeline");
        assertEquals(whole.histograms().request().getTotalCount(), merged.histograms().request().getTotalCount(), "request histogram total");
        assertEquals(whole.histograms().attempt().getTotalCount(), merged.histograms().attempt().getTotalCount(), "attempt histogram total");
        assertEquals(whole.request(), merged.request(), "request latency percentiles, exact from the added histograms");
        assertEquals(whole.amplification(), merged.amplification(), 0.0, "amplification recomputed");
        assertTrue(r.out().contains("--scenario"), "says how to get synchrony and recovery:\n" + r.out());
    }

    @Test
    void aThresholdFailingOnTheMergedFiguresExits99() throws Exception {
        Comparison shard = ResultJson.read(shardFiles.get(0));
        Comparison strict = new Comparison(shard.scenarioName(), shard.scenarioFile(), shard.scenarioSha256(), shard.mode(),
                shard.target(), shard.seed(), shard.startedAt(), shard.runs(),
                List.of(new Comparison.ThresholdResult("full", "amplification", "<", 1.0, 9, true)), false);
        Path strictFile = dir.resolve("strict-shard.json");
        ResultJson.write(strict, strictFile);
        CliHarness r = CliHarness.run("merge", strictFile.toString(), shardFiles.get(1).toString(), "-o", dir.resolve("strict.json").toString());
        assertEquals(ExitCode.THRESHOLD, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("thresholds failed"), r.out());
    }

    @Test
    void shardsOfAnotherScenarioAreRefusedWithExit2() throws Exception {
        Comparison shard = ResultJson.read(shardFiles.get(1));
        Path other = dir.resolve("other.json");
        ResultJson.write(new Comparison(shard.scenarioName(), shard.scenarioFile(), "ab".repeat(32), shard.mode(), shard.target(),
                shard.seed(), shard.startedAt(), shard.runs(), shard.thresholds(), false), other);
        CliHarness r = CliHarness.run("merge", shardFiles.get(0).toString(), other.toString(), "-o", dir.resolve("x.json").toString());
        assertEquals(ExitCode.USAGE, r.exitCode(), r.out());
        assertTrue(r.err().contains("sha256"), r.err());
    }

    @Test
    void shardsOfAnotherModeAreRefusedWithExit2() throws Exception {
        Comparison shard = ResultJson.read(shardFiles.get(1));
        Path live = dir.resolve("live.json");
        ResultJson.write(new Comparison(shard.scenarioName(), shard.scenarioFile(), shard.scenarioSha256(), "live", shard.target(),
                shard.seed(), shard.startedAt(), shard.runs(), shard.thresholds(), false), live);
        CliHarness r = CliHarness.run("merge", shardFiles.get(0).toString(), live.toString(), "-o", dir.resolve("y.json").toString());
        assertEquals(ExitCode.USAGE, r.exitCode(), r.out());
        assertTrue(r.err().contains("mode"), r.err());
    }
}
