package dev.stampede.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code load.arrivals: poisson}: exponential gaps at each stage's rate, the same for the same seed. */
class PoissonArrivalsTest {

    private static List<Long> all(LoadSpec.Open load, long durationNanos, long seed) {
        ArrivalSchedule s = new ArrivalSchedule(load, durationNanos, seed);
        List<Long> out = new ArrayList<>();
        for (long t = s.next(); t >= 0; t = s.next()) out.add(t);
        return out;
    }

    private static LoadSpec.Open poisson(LoadSpec.Stage... stages) {
        return new LoadSpec.Open(List.of(stages), 1000, LoadSpec.Arrivals.POISSON);
    }

    @Test
    void gapsAreExponentialWithTheStagesMeanAndTheSameSeedGivesTheSameArrivals() {
        LoadSpec.Open load = poisson(new LoadSpec.Stage(Duration.ofSeconds(1000), new Rate(100)));
        List<Long> a = all(load, 1_000_000_000_000L, 42);
        assertEquals(a, all(load, 1_000_000_000_000L, 42), "deterministic for a seed");
        // 100,000 expected: a Poisson count has sd 316, so within 1,500 (4.7 sd)
        assertEquals(100_000, a.size(), 1_500);
        double sum = 0, sumSq = 0;
        for (int i = 1; i < a.size(); i++) {
            double gap = (a.get(i) - a.get(i - 1)) / 1e6;
            sum += gap;
            sumSq += gap * gap;
        }
        int n = a.size() - 1;
        double mean = sum / n, sd = Math.sqrt(sumSq / n - mean * mean);
        assertEquals(10.0, mean, 0.15, "mean gap 1/rate = 10 ms");
        assertEquals(1.0, sd / mean, 0.03, "an exponential's coefficient of variation is 1 (even spacing has 0)");
        assertTrue(!a.equals(all(load, 1_000_000_000_000L, 43)), "another seed, other arrivals");
    }

    @Test
    void eachStageHasItsOwnRateAndAZeroRateStageHasNoArrivals() {
        LoadSpec.Open load = poisson(new LoadSpec.Stage(Duration.ofSeconds(100), new Rate(50)),
                new LoadSpec.Stage(Duration.ofSeconds(100), new Rate(0)),
                new LoadSpec.Stage(Duration.ofSeconds(100), new Rate(200)));
        List<Long> a = all(load, 300_000_000_000L, 7);
        long first = a.stream().filter(t -> t < 100_000_000_000L).count();
        long second = a.stream().filter(t -> t >= 100_000_000_000L && t < 200_000_000_000L).count();
        long third = a.stream().filter(t -> t >= 200_000_000_000L).count();
        assertEquals(5_000, first, 350);
        assertEquals(0, second);
        assertEquals(20_000, third, 700);
        assertTrue(a.stream().allMatch(t -> t < 300_000_000_000L), "nothing at or after the duration");
    }
}
