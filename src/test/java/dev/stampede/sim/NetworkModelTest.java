package dev.stampede.sim;

import dev.stampede.scenario.SimSpec.NetworkDelay;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkModelTest {

    @Test
    void aFixedDelayIsTheSameForEveryMessage() {
        NetworkModel n = new NetworkModel(new NetworkDelay.Fixed(Duration.ofNanos(500_000)), new SplittableRandom(1));
        for (int i = 0; i < 100; i++) assertEquals(500_000, n.delayNanos());
    }

    @Test
    void aNormalDelayIsNeverNegativeAndHasTheRequestedMeanAndSpread() {
        NetworkModel n = new NetworkModel(new NetworkDelay.Normal(Duration.ofMillis(10), Duration.ofMillis(2)), new SplittableRandom(7));
        int draws = 100_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < draws; i++) {
            long d = n.delayNanos();
            assertTrue(d >= 0, "delay must be >= 0, got " + d);
            sum += d;
            sumSq += (double) d * d;
        }
        double mean = sum / draws;
        double sd = Math.sqrt(sumSq / draws - mean * mean);
        assertEquals(10e6, mean, 0.05e6, "mean 10 ms within 0.05 ms over 100,000 draws");
        assertEquals(2e6, sd, 0.05e6, "sd 2 ms within 0.05 ms over 100,000 draws");
    }

    @Test
    void aWideNormalIsFoldedAtZero() {
        NetworkModel n = new NetworkModel(new NetworkDelay.Normal(Duration.ofMillis(1), Duration.ofMillis(10)), new SplittableRandom(3));
        for (int i = 0; i < 10_000; i++) assertTrue(n.delayNanos() >= 0, "|Normal| is never negative");
    }
}
