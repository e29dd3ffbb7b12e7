package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ArrivalScheduleStagesTest {

    private static LoadSpec.Open open(LoadSpec.Stage... stages) {
        return new LoadSpec.Open(List.of(stages), 5000);
    }

    private static LoadSpec.Stage stage(long seconds, double perSecond) {
        return new LoadSpec.Stage(Duration.ofSeconds(seconds), new Rate(perSecond));
    }

    @Test
    void fourHundredPerSecondForOneSecondIsFourHundredArrivalsTwoAndAHalfMillisecondsApart() {
        ArrivalSchedule s = new ArrivalSchedule(open(stage(1, 400)), 1_000_000_000L);
        for (int i = 0; i < 400; i++) assertEquals(i * 2_500_000L, s.next(), "arrival " + i);
        assertEquals(-1, s.next(), "no arrival at or after the duration");
    }

    @Test
    void stagesChangeTheSpacingAndTheLastStageHoldsUntilTheDurationEnds() {
        ArrivalSchedule s = new ArrivalSchedule(open(stage(1, 10), stage(1, 20)), 3_000_000_000L);
        int count = 0;
        long last = -1;
        for (long t = s.next(); t >= 0; t = s.next()) {
            count++;
            if (count == 11) assertEquals(1_000_000_000L, t, "the second stage starts on time");
            if (count == 12) assertEquals(1_050_000_000L, t, "then 20/s: 50 ms apart");
            last = t;
        }
        assertEquals(10 + 20 + 20, count, "10 in the first second, 20/s for the remaining two");
        assertEquals(2_950_000_000L, last);
        assertEquals(50 / 3.0, ArrivalSchedule.meanRatePerSecond(open(stage(1, 10), stage(1, 20)), 3_000_000_000L), 1e-9);
    }

    @Test
    void aZeroRateStageOffersNothing() {
        ArrivalSchedule s = new ArrivalSchedule(open(stage(1, 0), stage(1, 2)), 2_000_000_000L);
        assertEquals(1_000_000_000L, s.next());
        assertEquals(1_500_000_000L, s.next());
        assertEquals(-1, s.next());
    }
}
