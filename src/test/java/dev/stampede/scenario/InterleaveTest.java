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
}
