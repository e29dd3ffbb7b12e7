package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ArrivalScheduleTest {

    private static final long SECOND = 1_000_000_000L;

    private static List<Long> all(LoadSpec.Open load, long durationNanos) {
        ArrivalSchedule s = new ArrivalSchedule(load, durationNanos);
        List<Long> out = new ArrayList<>();
        for (long t = s.next(); t >= 0; t = s.next()) out.add(t);
        return out;
    }

    private static LoadSpec.Stage stage(long seconds, double perSecond) {
        return new LoadSpec.Stage(Duration.ofSeconds(seconds), new Rate(perSecond));
    }

    @Test
    void aConstantRateIsEvenlySpacedFromZero() {
        List<Long> t = all(new LoadSpec.Open(List.of(stage(1, 4)), 10), SECOND);
        assertEquals(List.of(0L, 250_000_000L, 500_000_000L, 750_000_000L), t);
    }

    @Test
    void theLastStageHoldsUntilTheDurationEnds() {
        List<Long> t = all(new LoadSpec.Open(List.of(stage(1, 2)), 10), 3 * SECOND);
        assertEquals(6, t.size(), "2/s for 3 s is 6 arrivals: " + t);
        assertEquals(2_500_000_000L, t.getLast());
    }

    @Test
    void stagesChangeTheRateAtTheirBoundaries() {
        List<Long> t = all(new LoadSpec.Open(List.of(stage(1, 2), stage(1, 4)), 10), 2 * SECOND);
        assertEquals(List.of(0L, 500_000_000L, SECOND, 1_250_000_000L, 1_500_000_000L, 1_750_000_000L), t);
    }

    @Test
    void aZeroRateStageIsAPause() {
        List<Long> t = all(new LoadSpec.Open(List.of(stage(1, 1), stage(2, 0), stage(1, 1)), 10), 4 * SECOND);
        assertEquals(List.of(0L, 3 * SECOND), t);
    }

    @Test
    void stagesLongerThanTheDurationAreCut() {
        List<Long> t = all(new LoadSpec.Open(List.of(stage(10, 1), stage(10, 100)), 10), 2 * SECOND);
        assertEquals(List.of(0L, SECOND), t);
    }

    @Test
    void roundingNeverDriftsOverManyArrivals() {
        List<Long> t = all(new LoadSpec.Open(List.of(stage(60, 3)), 10), 60 * SECOND);
        assertEquals(180, t.size(), "3/s for 60 s");
        assertEquals(Math.round(179 * 1e9 / 3), t.getLast(), "arrival 179 of a 3/s stage, exact to the nanosecond");
    }

    @Test
    void theMeanRateWeighsStagesByTheirTimeInsideTheDuration() {
        LoadSpec.Open load = new LoadSpec.Open(List.of(stage(1, 100), stage(3, 300)), 10);
        assertEquals(250.0, ArrivalSchedule.meanRatePerSecond(load, 4 * SECOND), 1e-9);
        assertEquals(100.0, ArrivalSchedule.meanRatePerSecond(load, SECOND), 1e-9);
        assertEquals(300.0 * 5 / 6 + 100.0 / 6, ArrivalSchedule.meanRatePerSecond(load, 6 * SECOND), 1e-9,
                "the last stage holds until the end");
    }
}
