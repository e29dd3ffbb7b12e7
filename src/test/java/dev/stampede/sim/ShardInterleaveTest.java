package dev.stampede.sim;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.retry.Strategies;
import dev.stampede.scenario.LoadSpec;
import dev.stampede.scenario.Rate;
import dev.stampede.scenario.Scenario;
import dev.stampede.scenario.ScenarioLoader;
import dev.stampede.scenario.SimSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Shards of an evenly paced open load interleave: shard i of N starts (i − 1)/N of its arrival gap late, so the N
 * shards' arrivals together are one process's arrivals, instant for instant, instead of N requests at each of 1/N as
 * many instants.
 */
class ShardInterleaveTest {

    @Test
    void fourShardsArrivalInstantsMergedAreOneProcesssInstants() {
        Scenario whole = SimScenarios.scenario(Duration.ofSeconds(2), 3, SimScenarios.open(200, Duration.ofSeconds(2), 5000),
                SimScenarios.healthy(Duration.ofMillis(20)), SimScenarios.RETRY, SimSpec.DEFAULT, Duration.ofSeconds(1));
        List<Long> one = starts(whole);
        assertEquals(400, one.size(), "200/s for 2 s");

        List<Long> merged = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            List<Long> shard = starts(whole.shard(i, 4));
            assertEquals(100, shard.size(), "shard " + i + ": 50/s for 2 s");
            assertEquals((i - 1) * 5_000_000L, shard.getFirst(), "shard " + i + " starts (i − 1)/4 of its 20 ms gap late");
            merged.addAll(shard);
        }
        merged.sort(null);
        assertEquals(one, merged, "the four shards' arrivals are one process's, every 5 ms");
    }

    @Test
    void shardsOfAMixedRunInterleaveOnTopOfThePopulations() throws Exception {
        Scenario whole = ScenarioLoader.parse("""
                name: mixed
                duration: 2s
                seed: 5
                load: { rate: 200/s }
                server: { latency: 5ms }
                population:
                  - { policy: none, share: 0.5 }
                  - { policy: full, share: 0.5 }
                """, "mixed.yaml", Set.copyOf(Strategies.names()), Map.of());
        List<Long> one = mixedStarts(whole);
        assertEquals(400, one.size());
        List<Long> merged = new ArrayList<>();
        for (int i = 1; i <= 4; i++) merged.addAll(mixedStarts(whole.shard(i, 4)));
        merged.sort(null);
        assertEquals(one, merged, "two populations in four shards: still one arrival every 5 ms");
    }

    @Test
    void shardsOfARateProfileInterleaveInEveryStage() {
        Scenario whole = SimScenarios.scenario(Duration.ofSeconds(3), 3, new LoadSpec.Open(List.of(
                        new LoadSpec.Stage(Duration.ofSeconds(1), new Rate(40)),
                        new LoadSpec.Stage(Duration.ofSeconds(1), new Rate(200)),
                        new LoadSpec.Stage(Duration.ofSeconds(1), new Rate(40))), 5000),
                SimScenarios.healthy(Duration.ofMillis(20)), SimScenarios.RETRY, SimSpec.DEFAULT, Duration.ofSeconds(1));
        List<Long> merged = new ArrayList<>();
        for (int i = 1; i <= 4; i++) merged.addAll(starts(whole.shard(i, 4)));
        merged.sort(null);
        assertEquals(starts(whole), merged, "the spike starts and ends at the same instants in the shards as in one process");
        Scenario unshifted = whole.shard(3, 4).withLoad(((LoadSpec.Open) whole.shard(3, 4).load()).withShard(0, 4));
        assertNotEquals(starts(unshifted), starts(whole.shard(3, 4)), "the phase is what moves shard 3");
    }

    /** The instants the simulator started each request at (the lifecycle's {@code start} steps), in order. */
    private static List<Long> starts(Scenario s) {
        List<Long> t = new ArrayList<>();
        new Simulator(s).run(Strategies.policy("none", s.retry()), new RunRecorder(Simulator.recorderConfig(s, "none")),
                new Simulator.Watch(() -> false, x -> {}, (now, event, action) -> {
                    if (event.equals("start")) t.add(now);
                }));
        return t;
    }

    private static List<Long> mixedStarts(Scenario s) {
        List<Long> t = new ArrayList<>();
        new Simulator(s).runMixed(new Simulator.Watch(() -> false, x -> {}, (now, event, action) -> {
            if (event.equals("start")) t.add(now);
        }));
        t.sort(null);
        return t;
    }
}
