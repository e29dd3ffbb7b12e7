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
    void shardIOfNIsShiftedByIMinusOneNthsOfItsFirstArrivalGap() throws ScenarioException {
        Scenario whole = ScenarioLoader.parse("""
                name: shards
                duration: 10s
                target: http://127.0.0.1:9/
                load: { stages: [ {for: 5s, rate: 200/s}, {for: 5s, rate: 1000/s} ] }
                """, "shards.yaml", java.util.Set.copyOf(dev.stampede.retry.Strategies.names()), java.util.Map.of());
        assertEquals(0, ((LoadSpec.Open) whole.load()).offsetNanos(), "an unsharded run is not shifted");
        assertEquals(0, ((LoadSpec.Open) whole.shard(1, 1).load()).offsetNanos(), "nor is shard 1/1");
        for (int i = 1; i <= 4; i++) {
            LoadSpec.Open share = (LoadSpec.Open) whole.shard(i, 4).load();
            // 50/s per shard in the first stage: a 20 ms gap, a quarter of it per shard
            assertEquals((i - 1) * 5_000_000L, share.offsetNanos(), "shard " + i + "/4");
            assertEquals(share.offsetNanos(), ArrivalSchedule.startOffsetNanos(share, 0, 1), "both engines shift by it");
        }
        LoadSpec.Open second = (LoadSpec.Open) whole.shard(2, 4).load();
        assertEquals(5_000_000L + 20_000_000L, ArrivalSchedule.startOffsetNanos(second.with(
                List.of(new LoadSpec.Stage(Duration.ofSeconds(10), new Rate(25))), 10), 1, 2),
                "a population's own offset (half of a 25/s share's 40 ms gap) comes on top of the shard's 5 ms");
    }
}
