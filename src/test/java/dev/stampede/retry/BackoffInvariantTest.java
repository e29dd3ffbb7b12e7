package dev.stampede.retry;

import dev.stampede.scenario.RetrySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Properties that hold over many seeded draws, for every strategy. */
class BackoffInvariantTest {

    private static final long SECOND = 1_000_000_000L;

    static RetrySpec spec(Duration base, Duration cap, Duration min, int offset) {
        return new RetrySpec(5, base, cap, min, Duration.ofSeconds(1), RetrySpec.DEFAULT_STATUSES, RetrySpec.DEFAULT_ERRORS,
                RetrySpec.RetryAfterMode.FLOOR, Duration.ofSeconds(60), offset, null, null);
    }

    static java.util.List<String> names() { return Strategies.names(); }

    @Test
    void fullJitterMeanAtRetryKIsHalfTheExponentialStepWithinTwoPercent() {
        Backoff full = Strategies.backoff("full", spec(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ZERO, 0));
        SplittableRandom rng = new SplittableRandom(20150304);
        int samples = 100_000;
        for (int k = 0; k <= 7; k++) {
            double sum = 0;
            for (int i = 0; i < samples; i++) sum += full.delayNanos(k, 0, rng);
            double expected = Math.min(30 * SECOND, SECOND * Math.pow(2, k)) / 2;
            double mean = sum / samples;
            assertEquals(expected, mean, expected * 0.02,
                    "full jitter mean at retry " + k + " over " + samples + " samples: expected " + expected / 1e6 + " ms ± 2 %");
        }
    }

    @Test
    void noJitterIsExactlyTheCappedExponentialStepAndStartsAtBase() {
        Backoff none = Strategies.backoff("none", spec(Duration.ofMillis(250), Duration.ofSeconds(20), Duration.ZERO, 0));
        SplittableRandom rng = new SplittableRandom(1);
        assertEquals(250_000_000L, none.delayNanos(0, 0, rng), "retry 0 waits exactly base (250 ms)");
        for (int k = 0; k < 100; k++) {
            long expected = (long) Math.min(20 * SECOND, 250_000_000.0 * Math.pow(2, k));
            assertEquals(expected, none.delayNanos(k, 0, rng), "none at retry " + k + ": exactly min(cap, base·2^k) ns");
        }
    }

    @Test
    void decorrelatedNeverLeavesBaseToCapAlongAChainOfRetries() {
        long base = 100_000_000L;
        long cap = 5 * SECOND;
        Backoff decorrelated = Strategies.backoff("decorrelated", spec(Duration.ofNanos(base), Duration.ofNanos(cap), Duration.ZERO, 0));
        SplittableRandom rng = new SplittableRandom(7);
        for (int request = 0; request < 10_000; request++) {
            long previous = decorrelated.initialPreviousNanos();
            assertEquals(base, previous, "decorrelated's chain starts at base");
            for (int retry = 0; retry < 20; retry++) {
                long d = decorrelated.delayNanos(retry, previous, rng);
                if (d < base || d > cap) fail("decorrelated left [" + base + ", " + cap + "] ns: " + d + " at retry " + retry);
                previous = d;
            }
        }
    }

    @ParameterizedTest(name = "{0} stays within [min, cap]")
    @MethodSource("names")
    void noStrategyEverExceedsTheCapOrFallsBelowTheFloor(String name) {
        SplittableRandom specs = new SplittableRandom(name.hashCode());
        SplittableRandom rng = new SplittableRandom(99);
        for (int trial = 0; trial < 50; trial++) {
            long base = 1 + specs.nextLong(2 * SECOND);
            long cap = base + specs.nextLong(60 * SECOND);
            long min = trial % 2 == 0 ? 0 : specs.nextLong(cap);
            int offset = specs.nextInt(4);
            Backoff backoff = Strategies.backoff(name, spec(Duration.ofNanos(base), Duration.ofNanos(cap), Duration.ofNanos(min), offset));
            long effectiveCap = name.equals("sdk") ? SdkBackoff.CAP.toNanos() : cap;
            long ceiling = Math.max(effectiveCap, min);
            long previous = backoff.initialPreviousNanos();
            for (int retry = 0; retry < 70; retry++) {
                long d = backoff.delayNanos(retry, previous, rng);
                if (d < min || d > ceiling) {
                    fail(name + " returned " + d + " ns at retry " + retry + ", outside [min " + min + ", cap " + ceiling + "] ns");
                }
                previous = d;
            }
        }
    }

    @ParameterizedTest(name = "{0}: offset k shifts the sequence by k")
    @MethodSource("names")
    void theAttemptOffsetShiftsTheSequenceByThatManyRetries(String name) {
        int offset = 2;
        Backoff plain = Strategies.backoff(name, spec(Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ZERO, 0));
        Backoff shifted = Strategies.backoff(name, spec(Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ZERO, offset));
        for (int retry = 0; retry < 8; retry++) {
            long previous = 700_000_000L;
            long a = shifted.delayNanos(retry, previous, new SplittableRandom(retry));
            long b = plain.delayNanos(name.equals("decorrelated") ? retry : retry + offset, previous, new SplittableRandom(retry));
            assertEquals(b, a, name + ": retry " + retry + " with offset " + offset + " should equal retry "
                    + (retry + offset) + " without (decorrelated ignores the retry number)");
        }
    }

    @ParameterizedTest(name = "{0}: same seed, same delays")
    @MethodSource("names")
    void theSameSeedGivesTheSameDelays(String name) {
        Backoff backoff = Strategies.backoff(name, RetrySpec.DEFAULT);
        SplittableRandom a = new SplittableRandom(5);
        SplittableRandom b = new SplittableRandom(5);
        long prevA = backoff.initialPreviousNanos();
        long prevB = prevA;
        for (int retry = 0; retry < 10; retry++) {
            prevA = backoff.delayNanos(retry, prevA, a);
            prevB = backoff.delayNanos(retry, prevB, b);
            assertEquals(prevA, prevB, name + " at retry " + retry + ": identical draws must give identical delays");
        }
    }

    @Test
    void decorrelatedV2HasNoSpikeAtTheCapWhereAwsDecorrelatedHasOne() {
        // docs/strategies.md: once prev reaches the cap, about two thirds of AWS decorrelated draws land exactly on it.
        RetrySpec s = spec(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ZERO, 0);
        Backoff aws = Strategies.backoff("decorrelated", s);
        Backoff v2 = Strategies.backoff("decorrelated-v2", s);
        SplittableRandom rng = new SplittableRandom(11);
        int samples = 20_000;
        int awsAtCap = 0;
        int v2AtCap = 0;
        for (int i = 0; i < samples; i++) {
            if (aws.delayNanos(9, 30 * SECOND, rng) == 30 * SECOND) awsAtCap++;
            if (v2.delayNanos(3, 0, rng) == 30 * SECOND) v2AtCap++;
        }
        double awsShare = (double) awsAtCap / samples;
        assertEquals(2.0 / 3, awsShare, 0.02, "AWS decorrelated at the cap: expected 0.667 ± 0.02 of draws exactly on it");
        assertEquals(0, v2AtCap, "decorrelated-v2 at retry 3 (about 4 s): no draw should reach the 30 s cap");
    }

    @Test
    void hugeRetryNumbersNeitherOverflowNorGoNegative() {
        for (String name : Strategies.names()) {
            Backoff backoff = Strategies.backoff(name, RetrySpec.DEFAULT);
            for (int retry : new int[] {62, 63, 64, 1023, 1024, 1025, 5000, Integer.MAX_VALUE}) {
                long d = backoff.delayNanos(retry, RetrySpec.DEFAULT.cap().toNanos(), new SplittableRandom(retry));
                assertTrue(d >= 0 && d <= 30 * SECOND, name + " at retry " + retry + ": expected within [0, 30 s], got " + d + " ns");
            }
        }
    }
}
