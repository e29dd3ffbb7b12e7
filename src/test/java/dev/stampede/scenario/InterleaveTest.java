package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InterleaveTest {

    static LoadSpec.Open open(double perSecond) {
        return new LoadSpec.Open(List.of(new LoadSpec.Stage(Duration.ofSeconds(10), new Rate(perSecond))), 100);
    }

    @Test
    void twoEvenHalvesOfARateInterleaveAsOneStream() {
        assertEquals(0, ArrivalSchedule.interleaveOffsetNanos(open(100), 0, 2), "the first population is not shifted");
        assertEquals(5_000_000, ArrivalSchedule.interleaveOffsetNanos(open(100), 1, 2), "half of the 10 ms gap: 5 ms");
        assertEquals(0, ArrivalSchedule.interleaveOffsetNanos(open(100), 0, 1), "a plain run is not shifted");
        assertEquals(6_666_667, ArrivalSchedule.interleaveOffsetNanos(open(50), 1, 3), "a third of the 20 ms gap, rounded to 1 ns");
    }

    @Test
    void shardIOfNIsAPhaseOfIMinusOneNthsOfAGapLateInEveryStage() throws ScenarioException {
        Scenario whole = ScenarioLoader.parse("""
                name: shards
                duration: 2s
                target: http://127.0.0.1:9/
                load: { stages: [ {for: 1s, rate: 200/s}, {for: 1s, rate: 1000/s} ] }
                """, "shards.yaml", java.util.Set.copyOf(dev.stampede.retry.Strategies.names()), java.util.Map.of());
        assertEquals(0, ((LoadSpec.Open) whole.load()).shardIndex(), "an unsharded run is shard 0 of 1");
        assertEquals(1, ((LoadSpec.Open) whole.load()).shardCount());
        List<Long> one = all((LoadSpec.Open) whole.load());
        List<Long> merged = new java.util.ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            LoadSpec.Open share = (LoadSpec.Open) whole.shard(i, 4).load();
            List<Long> t = all(share);
            // 50/s per shard in the first stage (20 ms gaps), 250/s in the second (4 ms): a quarter of a gap per shard
            assertEquals((i - 1) * 5_000_000L, t.getFirst(), "shard " + i + "/4 in the first stage");
            assertEquals(1_000_000_000L + (i - 1) * 1_000_000L, t.get(50), "shard " + i + "/4 in the second stage");
            merged.addAll(t);
        }
        merged.sort(null);
        assertEquals(one, merged, "four shards' arrivals are one process's, stage boundaries included");
        LoadSpec.Open second = (LoadSpec.Open) whole.shard(2, 4).load();
        assertEquals(2_500_000L, ArrivalSchedule.startOffsetNanos(second, 1, 2),
                "population 2 of 2 in shard 2/4: 1/8 of the shard's 20 ms gap, i.e. half of one process's 5 ms gap");
        assertEquals(0, ArrivalSchedule.startOffsetNanos(second, 0, 1), "a shard of one population: no extra offset");
    }

    private static List<Long> all(LoadSpec.Open load) {
        ArrivalSchedule s = new ArrivalSchedule(load, 2_000_000_000L);
        List<Long> t = new java.util.ArrayList<>();
        for (long x = s.next(); x >= 0; x = s.next()) t.add(x);
        return t;
    }
}
