package dev.stampede.cli;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.RunResult;
import dev.stampede.report.RecordedResults;
import dev.stampede.report.RecordedWorkload;
import dev.stampede.report.ResultJson;
import dev.stampede.scenario.ScenarioLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two shards and the whole run recorded by the real RunRecorder from the same events (100 ms timeline, as the
 * simulator's), saved as JSON with the sha256 of a scenario file carrying the same phases, and merged by the CLI.
 */
class MergeCommandTest {

    private static final long INTERVAL_NANOS = 100_000_000L;
    /** RecordedWorkload.PHASES as YAML: healthy, a 1 s outage at 10 s, 3 % forced 529s at 75 % capacity, 0.9 %, healthy. */
    private static final String SCENARIO = """
            name: launch-spike
            duration: 60s
            load: { rate: 50/s }
            server:
              capacity: 240/s
              phases:
                - { at: 0s,  overload: 0.0004 }
                - { at: 10s, overload: 1.0 }
                - { at: 11s, overload: 0.03, capacityFactor: 0.75, retryAfter: 5s }
                - { at: 40s, overload: 0.009, capacityFactor: 1.0 }
                - { at: 50s, overload: 0.0004 }
            strategies: [full]
            """;

    @TempDir
    static Path dir;
    private static Path scenario;
    private static RunResult whole;
    private static List<Path> shardFiles;

    @BeforeAll
    static void recordAndSaveTwoShards() throws Exception {
        scenario = Files.writeString(dir.resolve("launch-spike.yaml"), SCENARIO);
        String sha = ScenarioLoader.load(scenario, ValidateCommand.KNOWN_STRATEGIES, Map.of()).sha256();
        RecordedWorkload workload = RecordedWorkload.simulate("full", 42, 50, RecordedWorkload.DURATION_NANOS);
        whole = workload.record(INTERVAL_NANOS, 50);
        shardFiles = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            Comparison c = RecordedResults.comparison(List.of(workload.shard(i, 2).record(INTERVAL_NANOS, 25)), List.of());
            Path f = dir.resolve("shard-" + i + ".json");
            ResultJson.write(withSha(c, sha, List.of(new Comparison.ThresholdResult("full", "amplification", "<", 10, 1, true))), f);
            shardFiles.add(f);
        }
    }

    private static Comparison withSha(Comparison c, String sha, List<Comparison.ThresholdResult> thresholds) {
        return new Comparison(c.scenarioName(), c.scenarioFile(), sha, c.mode(), c.target(), c.seed(), c.startedAt(), c.runs(),
                thresholds, false);
    }

    private static String[] merge(Path out, Path... shards) {
        List<String> args = new ArrayList<>(List.of("merge"));
        for (Path s : shards) args.add(s.toString());
        args.addAll(List.of("-o", out.toString()));
        return args.toArray(String[]::new);
    }

    @Test
    void mergingTwoShardsEqualsTheCountersAndHistogramTotalsOfTheWholeRun() throws Exception {
        Path out = dir.resolve("all.json");
        CliHarness r = CliHarness.run(merge(out, shardFiles.get(0), shardFiles.get(1)));
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
        assertEquals(whole.peakAmplification(), merged.peakAmplification(), 0.0, "peak amplification recomputed");
        assertTrue(Double.isNaN(merged.synchrony()), "without the scenario, synchrony is not measured");
        assertTrue(r.out().contains("--scenario"), "says how to get synchrony and recovery:\n" + r.out());
    }

    @Test
    void withTheScenarioSynchronyAndRecoveryAreRecomputedToTheWholeRunsValues() throws Exception {
        Path out = dir.resolve("all-with-phases.json");
        String[] args = merge(out, shardFiles.get(0), shardFiles.get(1));
        List<String> withScenario = new ArrayList<>(List.of(args));
        withScenario.addAll(List.of("--scenario", scenario.toString()));
        CliHarness r = CliHarness.run(withScenario.toArray(String[]::new));
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        RunResult merged = ResultJson.read(out).runs().getFirst();
        assertTrue(Double.isFinite(whole.synchrony()), "the fixture has overload phases: synchrony " + whole.synchrony());
        assertEquals(whole.synchrony(), merged.synchrony(), 0.0, "synchrony");
        assertEquals(whole.recoverySeconds(), merged.recoverySeconds(), 0.0, "recovery");
    }

    @Test
    void aScenarioFileThatIsNotTheShardsOneIsRefused() throws Exception {
        Path other = Files.writeString(dir.resolve("other.yaml"), SCENARIO.replace("50/s", "60/s"));
        List<String> args = new ArrayList<>(List.of(merge(dir.resolve("z.json"), shardFiles.get(0), shardFiles.get(1))));
        args.addAll(List.of("--scenario", other.toString()));
        CliHarness r = CliHarness.run(args.toArray(String[]::new));
        assertEquals(ExitCode.USAGE, r.exitCode(), r.out());
        assertTrue(r.err().contains("not the scenario"), r.err());
    }

    @Test
    void aThresholdFailingOnTheMergedFiguresExits99() throws Exception {
        Comparison shard = ResultJson.read(shardFiles.get(0));
        Path strict = dir.resolve("strict-shard.json");
        ResultJson.write(withSha(shard, shard.scenarioSha256(),
                List.of(new Comparison.ThresholdResult("full", "amplification", "<", 1.0, 9, true))), strict);
        CliHarness r = CliHarness.run(merge(dir.resolve("strict.json"), strict, shardFiles.get(1)));
        assertEquals(ExitCode.THRESHOLD, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("thresholds failed"), r.out());
    }

    @Test
    void shardsOfAnotherScenarioAreRefusedWithExit2() throws Exception {
        Comparison shard = ResultJson.read(shardFiles.get(1));
        Path other = dir.resolve("other.json");
        ResultJson.write(withSha(shard, "ab".repeat(32), shard.thresholds()), other);
        CliHarness r = CliHarness.run(merge(dir.resolve("x.json"), shardFiles.get(0), other));
        assertEquals(ExitCode.USAGE, r.exitCode(), r.out());
        assertTrue(r.err().contains("sha256"), r.err());
    }

    @Test
    void shardsOfAnotherModeAreRefusedWithExit2() throws Exception {
        Comparison shard = ResultJson.read(shardFiles.get(1));
        Path live = dir.resolve("live.json");
        ResultJson.write(new Comparison(shard.scenarioName(), shard.scenarioFile(), shard.scenarioSha256(), "live", shard.target(),
                shard.seed(), shard.startedAt(), shard.runs(), shard.thresholds(), false), live);
        CliHarness r = CliHarness.run(merge(dir.resolve("y.json"), shardFiles.get(0), live));
        assertEquals(ExitCode.USAGE, r.exitCode(), r.out());
        assertTrue(r.err().contains("mode"), r.err());
    }
}
