package dev.stampede.retry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DelayStatsTest {

    @ParameterizedTest(name = "p{1} of 1..{0} is {2}")
    @CsvSource({"100, 0.50, 50", "100, 0.99, 99", "101, 0.50, 51", "1, 0.99, 1", "1000, 0.99, 990", "10, 0.01, 1"})
    void percentilesTakeTheNearestRank(int n, double quantile, long expected) {
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) sorted[i] = i + 1;
        assertEquals(expected, DelayStats.nearestRank(sorted, quantile));
    }

    /** A backoff that returns the previous delay plus the retry number plus one: shows the chaining. */
    private record Counting() implements Backoff {
        @Override public String name() { return "counting"; }
        @Override public String formula() { return "prev + retry + 1"; }
        @Override public long delayNanos(int retry, long previousNanos, RandomGenerator rng) { return previousNanos + retry + 1; }
        @Override public long initialPreviousNanos() { return 10; }
    }

    @Test
    void thePreviousDelayChainsWithinEachSimulatedRequest() {
        List<DelayStats> stats = DelayStats.sample(new Counting(), 3, 5, new FixedDraws());
        // 10 → 11 → 13 → 16 for every request.
        assertEquals(List.of(new DelayStats(0, 11, 11.0, 11, 11, 11), new DelayStats(1, 13, 13.0, 13, 13, 13),
                new DelayStats(2, 16, 16.0, 16, 16, 16)), stats);
    }
}
