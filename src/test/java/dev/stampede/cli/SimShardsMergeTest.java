package dev.stampede.cli;

import dev.stampede.metrics.Comparison;
import dev.stampede.metrics.Derived;
import dev.stampede.metrics.RunResult;
import dev.stampede.metrics.StartSchedule;
import dev.stampede.report.ResultJson;
import dev.stampede.report.ShardMerge;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four {@code sim --shard i/4} processes' results merged by {@code stampede merge --scenario}: the merged amplification,
 * peak amplification and synchrony equal, exactly, the figures computed here from the shards' series summed interval by
 * interval (simulated shards share their origin by construction: virtual time 0).
 */
class SimShardsMergeTest {

    /** A load spike at twice the capacity (the overload window) plus a phase of forced 529s. */
    private static final String SCENARIO = """
            name: sim-shards
            duration: 20s
            seed: 11
            request: { timeout: 2s }
            load:
              stages: [ {for: 8s, rate: 200/s}, {for: 4s, rate: 1000/s}, {for: 8s, rate: 200/s} ]
            server:
              capacity: 500/s
              latency: { fixed: 20ms }
              phases:
                - { at: 0s, overload: 0.0 }
                - { at: 14s, overload: 0.2 }
                - { at: 15s, overload: 0.0 }
            retry: { maxAttempts: 4, base: 100ms, cap: 2s }
            strategies: [full, none]
            """;

    @TempDir
    static Path dir;
    private static Path scenarioFile;
    private static List<Comparison> shards;
    private static Comparison merged;

    @BeforeAll
    static void simulateFourShardsAndMergeThemWithTheCli() throws Exception {
        scenarioFile = Files.writeString(dir.resolve("sim-shards.yaml"), SCENARIO);
        shards = new ArrayList<>();
        List<String> mergeArgs = new ArrayList<>(List.of("merge"));
        for (int i = 1; i <= 4; i++) {
            Path json = dir.resolve("shard" + i + ".json");
            CliHarness r = CliHarness.run("sim", scenarioFile.toString(), "--shard", i + "/4", "--quiet", "--no-live",
                    "--json", json.toString());
            assertEquals(ExitCode.OK, r.exitCode(), r.err());
            shards.add(ResultJson.read(json));
            mergeArgs.add(json.toString());
        }
        Path out = dir.resolve("merged.json");
        mergeArgs.addAll(List.of("--scenario", scenarioFile.toString(), "-o", out.toString()));
        CliHarness m = CliHarness.run(mergeArgs.toArray(String[]::new));
        assertEquals(ExitCode.OK, m.exitCode(), m.out() + m.err());
        merged = ResultJson.read(out);
    }

    private static long[] summed(String strategy, java.util.function.ToLongFunction<RunResult.Interval> field) {
        int n = shards.stream().mapToInt(c -> run(c, strategy).timeline().size()).max().orElseThrow();
        long[] sum = new long[n];
        for (Comparison c : shards) {
            List<RunResult.Interval> t = run(c, strategy).timeline();
            for (int i = 0; i < t.size(); i++) sum[i] += field.applyAsLong(t.get(i));
        }
        return sum;
    }

    private static RunResult run(Comparison c, String strategy) {
        return c.runs().stream().filter(r -> r.strategy().equals(strategy)).findFirst().orElseThrow();
    }

    @Test
    void mergedFiguresEqualExactlyThoseOfTheSummedSeries() throws Exception {
        Scenario scenario = ScenarioLoader.load(scenarioFile, ValidateCommand.KNOWN_STRATEGIES, Map.of());
        Derived.Script script = new Derived.Script(scenario.server().phases(), Derived.Script.stagesOf(scenario.load()));
        for (String strategy : List.of("full", "none")) {
            RunResult m = run(merged, strategy);
            long[] arrivals = summed(strategy, RunResult.Interval::arrivals);
            long[] attempts = summed(strategy, RunResult.Interval::attempts);
            long intervalNanos = Derived.intervalNanos(run(shards.getFirst(), strategy).timeline(), 20);
            assertEquals(Derived.SYNCHRONY_BUCKET_NANOS, intervalNanos, "the simulator's timeline is the synchrony's 100 ms");
            long started = shards.stream().mapToLong(c -> run(c, strategy).requests().started()).sum();
            long sentAttempts = shards.stream().mapToLong(c -> run(c, strategy).attempts()).sum();
            double duration = shards.stream().mapToDouble(c -> run(c, strategy).durationSeconds()).max().orElseThrow();

            assertEquals(sentAttempts, m.attempts(), strategy + ": attempts");
            assertEquals((double) sentAttempts / started, m.amplification(), 0.0, strategy + ": amplification");
            assertEquals(Derived.peakAmplification(Derived.rebucket(arrivals, intervalNanos, Derived.SECOND_NANOS),
                    Derived.rebucket(attempts, intervalNanos, Derived.SECOND_NANOS)), m.peakAmplification(), 0.0,
                    strategy + ": peak amplification");
            assertEquals(Derived.synchrony(attempts, Derived.SYNCHRONY_BUCKET_NANOS, script, Math.round(duration * 1e9)),
                    m.synchrony(), 0.0, strategy + ": synchrony");
            assertTrue(m.amplification() > 1.05, strategy + ": the spike causes retries, so the figures say something: "
                    + m.amplification());
            assertTrue(Double.isFinite(m.synchrony()) && m.synchrony() > 1, strategy + ": synchrony measured: " + m.synchrony());
        }
    }

    @Test
    void shardsThatRanOnDifferentStartSchedulesAreRefusedAndUnscheduledOnesAreNotAligned() {
        StartSchedule a = new StartSchedule(Instant.parse("2026-12-01T23:00:00Z"), Duration.ofSeconds(29));
        StartSchedule b = new StartSchedule(Instant.parse("2026-12-01T23:00:02Z"), Duration.ofSeconds(29));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShardMerge.merge(
                List.of(shards.get(0).withSchedule(a), shards.get(1).withSchedule(b)), (Derived.Script) null));
        assertTrue(e.getMessage().contains("--start-at") && e.getMessage().contains("shard 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ShardMerge.merge(
                List.of(shards.get(0).withSchedule(a), shards.get(1)), (Derived.Script) null), "one with, one without");

        Comparison aligned = ShardMerge.merge(List.of(shards.get(0).withSchedule(a), shards.get(1).withSchedule(a)),
                (Derived.Script) null);
        assertEquals(a, aligned.schedule(), "the merged result keeps the shared schedule");
        assertTrue(ShardMerge.aligned(aligned, 2));
        assertEquals(false, ShardMerge.aligned(ShardMerge.merge(shards.subList(0, 2), (Derived.Script) null), 2));
    }
}
