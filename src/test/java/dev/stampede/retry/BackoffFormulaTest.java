package dev.stampede.retry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Exact delays for fixed random draws: base 1 s, cap 30 s, no floor, no offset unless a row says otherwise.
 * Every expected value is worked out by hand from docs/strategies.md's formula in the row's comment.
 */
class BackoffFormulaTest {

    private static final long MS = 1_000_000L;
    private static final BackoffShape SHAPE = new BackoffShape(1_000 * MS, 30_000 * MS, 0, 0);

    private static void assertDelay(Backoff backoff, int retry, long previousNanos, double[] draws, long expectedNanos) {
        FixedDraws rng = new FixedDraws(draws);
        long actual = backoff.delayNanos(retry, previousNanos, rng);
        assertEquals(expectedNanos, actual, () -> backoff.name() + " at retry " + retry + " with draws "
                + java.util.Arrays.toString(draws) + ": expected exactly " + expectedNanos + " ns");
        assertEquals(draws.length, rng.used(), backoff.name() + " should use every given draw");
    }

    @ParameterizedTest(name = "none at retry {0} waits {1} ms")
    @CsvSource({
            "0, 1000",      // base
            "1, 2000",
            "2, 4000",
            "4, 16000",
            "5, 30000",     // 32 s capped
            "62, 30000",    // 2^62·base overflows a long: the cap, not a negative delay
            "100000, 30000",
    })
    void noJitterDoublesFromBaseUpToTheCap(int retry, long expectedMs) {
        assertDelay(new NoJitter(SHAPE), retry, 0, new double[0], expectedMs * MS);
    }

    @ParameterizedTest(name = "full at retry {0}, U={1}: {2} ms")
    @CsvSource({
            "0, 0.0,   0",
            "0, 0.5,   500",       // U(0, 1 s)
            "2, 0.25,  1000",      // U(0, 4 s)
            "5, 0.5,   15000",     // U(0, min(30, 32) s)
            "5, 0.999, 29970",
            "300, 0.5, 15000",
    })
    void fullJitterDrawsBetweenZeroAndTheExponentialStep(int retry, double u, long expectedMs) {
        assertDelay(new FullJitter(SHAPE), retry, 0, new double[] {u}, expectedMs * MS);
    }

    @ParameterizedTest(name = "equal at retry {0}, U={1}: {2} ms")
    @CsvSource({
            "0, 0.0,  500",        // t = 1 s: 0.5 + U(0, 0.5)
            "0, 0.5,  750",
            "3, 0.25, 5000",       // t = 8 s: 4 + 0.25·4
            "6, 0.5,  22500",      // t = min(30, 64) s: 15 + 0.5·15
    })
    void equalJitterKeepsHalfTheStepAndDrawsTheOtherHalf(int retry, double u, long expectedMs) {
        assertDelay(new EqualJitter(SHAPE), retry, 0, new double[] {u}, expectedMs * MS);
    }

    @ParameterizedTest(name = "decorrelated after {0} ms, U={1}: {2} ms")
    @CsvSource({
            "1000,  0.0, 1000",    // U(1, 3) s
            "1000,  0.5, 2000",
            "2000,  0.5, 3500",    // U(1, 6) s
            "20000, 0.1, 6900",    // U(1, 60) s = 1 + 5.9
            "20000, 0.5, 30000",   // 30.5 s capped
            "100,   0.5, 1000",    // prev·3 < base: never below base
    })
    void decorrelatedJitterDrawsBetweenBaseAndThreeTimesThePreviousDelay(long previousMs, double u, long expectedMs) {
        assertDelay(new DecorrelatedJitter(SHAPE), 7, previousMs * MS, new double[] {u}, expectedMs * MS);
    }

    @ParameterizedTest(name = "additive at retry {0}, U={1}: {2} ms")
    @CsvSource({
            "0, 0.5,  1500",       // 1 s + U(0, 1 s)
            "3, 0.25, 8250",
            "4, 0.0,  16000",
            "4, 0.9,  16900",
            "5, 0.5,  30000",      // 30 s + 0.5 s, the total capped
    })
    void additiveJitterAddsUpToOneJitterToTheExponentialStep(int retry, double u, long expectedMs) {
        assertDelay(new AdditiveJitter(SHAPE, 1_000 * MS), retry, 0, new double[] {u}, expectedMs * MS);
    }

    @ParameterizedTest(name = "grpc at retry {0}, U={1}: {2} ms")
    @CsvSource({
            "0, 0.0,  800",        // 1 s · U(0.8, 1.2)
            "0, 0.5,  1000",
            "2, 0.75, 4400",       // 4 s · 1.1
            "4, 0.25, 14400",      // 16 s · 0.9
            "5, 0.0,  24000",      // min(32, 30) s · 0.8
            "5, 0.75, 30000",      // 30 s · 1.1 = 33 s capped
    })
    void grpcScalesTheCappedStepByEightyToOneHundredTwentyPercent(int retry, double u, long expectedMs) {
        assertDelay(new GrpcBackoff(SHAPE, 2.0), retry, 0, new double[] {u}, expectedMs * MS);
    }

    @ParameterizedTest(name = "grpc ×1.5 at retry {0}, U={1}: {2} ms")
    @CsvSource({
            "1, 0.5,  1500",       // 1 s · 1.5 · 1.0
            "2, 0.5,  2250",
            "2, 0.0,  1800",       // 2.25 s · 0.8
    })
    void grpcTakesAnyMultiplier(int retry, double u, long expectedMs) {
        assertDelay(new GrpcBackoff(SHAPE, 1.5), retry, 0, new double[] {u}, expectedMs * MS);
    }

    @ParameterizedTest(name = "sdk at retry {0}, U={1}: {2} µs")
    @CsvSource({
            "0, 0.0, 500000",      // 0.5 s · 1
            "0, 0.5, 437500",      // 0.5 s · 0.875
            "2, 0.2, 1900000",     // 2 s · 0.95
            "4, 0.0, 8000000",     // min(8, 8) s
            "5, 0.4, 7200000",     // min(16, 8) s · 0.9
    })
    void sdkUsesItsOwnHalfSecondBaseAndEightSecondCap(int retry, double u, long expectedMicros) {
        // The scenario's base and cap (1 s, 30 s here) do not matter to the SDK's backoff.
        assertDelay(SdkBackoff.of(SHAPE), retry, 0, new double[] {u}, expectedMicros * 1_000);
    }

    /**
     * Polly's curve f(t) = 2^t·tanh(√(4t)), delay = (f(n+U) − f(n−1+U′))/1.4·base; expected values computed
     * independently (Python, IEEE doubles). ±1 ns: pow and tanh may differ by an ulp between libraries.
     */
    @ParameterizedTest(name = "decorrelated-v2 at retry {0}, U={1}, U′={2}: {3} ns")
    @CsvSource({
            "0, 0.5,  0,    897404936",      // f(0.5)/1.4: prev is 0 before the first retry (one draw only)
            "0, 0.0,  0,    0",
            "0, 0.25, 0,    646923706",
            "1, 0.5,  0.5,  1093003547",     // (f(1.5) − f(0.5))/1.4
            "1, 0.0,  0.99, 10527509",
            "2, 0.3,  0.7,  1205630724",
            "3, 0.9,  0.1,  7611665303",
            "6, 0.5,  0.5,  30000000000",    // 32.3 s capped
    })
    void decorrelatedV2FollowsPollysCurve(int retry, double u, double uPrime, long expectedNanos) {
        Backoff backoff = new DecorrelatedJitterV2(SHAPE);
        FixedDraws rng = retry == 0 ? new FixedDraws(u) : new FixedDraws(u, uPrime);
        long actual = backoff.delayNanos(retry, 0, rng);
        assertEquals(expectedNanos, actual, 1, "decorrelated-v2 at retry " + retry + ": expected " + expectedNanos + " ns ± 1");
    }

    @ParameterizedTest(name = "tenacity min 4 s, max 60 s: retry {0} waits {1} s")
    @CsvSource({
            "0, 4",     // 1 s floored
            "1, 4",     // 2 s floored
            "2, 4",
            "3, 8",
            "5, 32",
            "6, 60",
    })
    void theFloorAppliesAfterTheFormulaAsTenacitysMinDoes(int retry, long expectedSeconds) {
        BackoffShape seed002 = new BackoffShape(Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(60).toNanos(),
                Duration.ofSeconds(4).toNanos(), 0);
        assertDelay(new NoJitter(seed002), retry, 0, new double[0], Duration.ofSeconds(expectedSeconds).toNanos());
    }

    @ParameterizedTest(name = "offset {0}: retry 0 waits {1} ms")
    @CsvSource({
            "0, 1000",
            "1, 2000",  // the AWS blog's simulation: first plain sleep is 2·base
            "3, 8000",
    })
    void theAttemptOffsetIsAddedToTheRetryNumber(int offset, long expectedMs) {
        BackoffShape shifted = new BackoffShape(1_000 * MS, 30_000 * MS, 0, offset);
        assertDelay(new NoJitter(shifted), 0, 0, new double[0], expectedMs * MS);
    }
}
