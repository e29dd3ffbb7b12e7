package dev.stampede.server;

import dev.stampede.scenario.LatencySpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceTimesTest {

    @Test
    void aFixedLatencyIsExactAndScaledByTheLatencyFactor() {
        SplittableRandom rng = new SplittableRandom(1);
        LatencySpec fixed = new LatencySpec.Fixed(Duration.ofMillis(20));
        assertEquals(20_000_000L, ServiceTimes.sampleNanos(fixed, 1, rng));
        assertEquals(50_000_000L, ServiceTimes.sampleNanos(fixed, 2.5, rng));
        assertEquals(0L, ServiceTimes.sampleNanos(fixed, 0, rng));
    }

    @Test
    void aUniformLatencyStaysInItsBoundsWithTheMidpointAsMean() {
        SplittableRandom rng = new SplittableRandom(3);
        LatencySpec u = new LatencySpec.Uniform(Duration.ofMillis(10), Duration.ofMillis(30));
        double sum = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            long v = ServiceTimes.sampleNanos(u, 1, rng);
            assertTrue(v >= 10_000_000L && v <= 30_000_000L, "uniform draw out of [10ms, 30ms]: " + v);
            sum += v;
        }
        // sd of U(10,30) ms is 5.8 ms; the mean of 100,000 has sd 0.018 ms; tolerance 0.1 ms.
        assertEquals(20e6, sum / n, 0.1e6, "uniform mean should be 20 ms ± 0.1 ms");
    }

    @Test
    void aLogNormalFittedToP50AndP99HitsBothOverManyDraws() {
        LatencySpec ln = new LatencySpec.LogNormal(Duration.ofMillis(30), Duration.ofMillis(200));
        for (long seed = 1; seed <= 3; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            long[] v = new long[200_000];
            for (int i = 0; i < v.length; i++) v[i] = ServiceTimes.sampleNanos(ln, 1, rng);
            Arrays.sort(v);
            double p50 = v[v.length / 2], p99 = v[(int) (v.length * 0.99)];
            // Sampling error at 200,000 draws: about 0.5 % at the median, 2 % at p99; tolerances 2 % and 5 %.
            assertEquals(30e6, p50, 30e6 * 0.02, "median should be 30 ms ± 2 % (seed " + seed + ")");
            assertEquals(200e6, p99, 200e6 * 0.05, "p99 should be 200 ms ± 5 % (seed " + seed + ")");
        }
    }

    @Test
    void theLatencyFactorScalesALogNormalsMedian() {
        LatencySpec ln = new LatencySpec.LogNormal(Duration.ofMillis(30), Duration.ofMillis(200));
        SplittableRandom rng = new SplittableRandom(9);
        long[] v = new long[100_001];
        for (int i = 0; i < v.length; i++) v[i] = ServiceTimes.sampleNanos(ln, 3, rng);
        Arrays.sort(v);
        assertEquals(90e6, v[v.length / 2], 90e6 * 0.02, "median at factor 3 should be 90 ms ± 2 %");
    }
}
