package dev.stampede.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdaptiveThrottleTest {

    private static final long SECOND = 1_000_000_000L;

    /** A generator that must not be asked: the throttle draws only when it might reject. */
    private static final RandomGenerator NEVER = () -> { throw new AssertionError("no random draw expected"); };

    /** Sends {@code requests} requests at {@code nowNanos}, the first {@code accepts} accepted by the backend. */
    private static void fill(AdaptiveThrottle throttle, long nowNanos, int requests, int accepts, RandomGenerator rng) {
        for (int i = 0; i < requests; i++) {
            throttle.admit(nowNanos, rng);
            if (i < accepts) throttle.onResult(nowNanos, true);
            else throttle.onResult(nowNanos, false);
        }
    }

    @ParameterizedTest(name = "{0} requests, {1} accepts, K {2} -> {3}")
    @CsvSource({
            "0,     0,   2, 0.0",
            "100,   50,  2, 0.0",
            "100,   100, 2, 0.0",
            "100,   10,  2, 0.7920792079207921",
            "100,   0,   2, 0.9900990099009901",
            "100,   40,  2, 0.19801980198019803",
            "100,   50,  1.5, 0.24752475247524752",
    })
    void rejectionProbabilityFollowsTheSreFormula(long requests, long accepts, double k, double expected) {
        assertEquals(expected, AdaptiveThrottle.rejectionProbability(requests, accepts, k), 1e-15,
                "max(0, (" + requests + " − " + k + "·" + accepts + ") / (" + requests + " + 1))");
    }

    @Test
    void withHundredRequestsAndFiftyAcceptsInTheWindowNothingIsRejected() {
        AdaptiveThrottle throttle = new AdaptiveThrottle(AdaptiveThrottle.Spec.SRE);
        // 50 accepted then 50 overloaded: requests never exceed 2 × accepts, so no draw is ever needed.
        fill(throttle, 0, 100, 50, NEVER);
        assertEquals(100, throttle.requests(0));
        assertEquals(50, throttle.accepts(0));
        assertEquals(0.0, throttle.rejectionProbability(0), "(100 − 2·50) / 101 = 0");
        assertTrue(throttle.admit(0, NEVER), "probability 0 admits without drawing");
    }

    @Test
    void withHundredRequestsAndTenAcceptsTheProbabilityIsEightyOverHundredAndOne() {
        AdaptiveThrottle throttle = new AdaptiveThrottle(AdaptiveThrottle.Spec.SRE);
        fill(throttle, 0, 100, 10, new SplittableRandom(1));
        assertEquals(100, throttle.requests(0), "locally rejected requests are counted too");
        assertEquals(80.0 / 101.0, throttle.rejectionProbability(0), 1e-15, "(100 − 2·10) / 101");
    }

    @Test
    void overManySeededDrawsTheRejectedFractionMatchesTheProbability() {
        // 10,000 clients each reach 100 requests / 10 accepts, then try one more request: each such draw
        // rejects with p = 80/101 ≈ 0.792. Binomial sd = sqrt(p(1−p)/n) ≈ 0.0041; tolerance 0.02 (≈ 5 sd).
        SplittableRandom rng = new SplittableRandom(42);
        int draws = 10_000;
        int rejected = 0;
        AdaptiveThrottle.Spec small = new AdaptiveThrottle.Spec(Duration.ofMinutes(2), 2.0, 1);
        for (int i = 0; i < draws; i++) {
            AdaptiveThrottle throttle = new AdaptiveThrottle(small);
            fill(throttle, 0, 100, 10, rng);
            if (!throttle.admit(0, rng)) rejected++;
        }
        double p = 80.0 / 101.0;
        double fraction = rejected / (double) draws;
        assertEquals(p, fraction, 0.02, "rejected fraction over " + draws + " draws: expected " + p + " ± 0.02");
    }

    @Test
    void aBackendThatRejectsEverythingStillSeesAboutOneRequestInRequestsPlusOne() {
        // Steady state of a dead backend: each admitted request is refused. With r requests in the window,
        // p = r/(r+1); over 10,000 requests the number sent is about the sum of 1/(r+1) ≈ ln(10,001) ≈ 9.2.
        AdaptiveThrottle throttle = new AdaptiveThrottle(AdaptiveThrottle.Spec.SRE);
        SplittableRandom rng = new SplittableRandom(7);
        int sent = 0;
        for (int i = 0; i < 10_000; i++) {
            if (throttle.admit(0, rng)) {
                sent++;
                throttle.onResult(0, false);
            }
        }
        assertTrue(sent >= 2 && sent <= 30, "expected about 9 of 10,000 requests sent (2..30), got " + sent);
    }

    @Test
    void theThrottleForgetsAfterItsWindow() {
        AdaptiveThrottle throttle = new AdaptiveThrottle(AdaptiveThrottle.Spec.SRE);
        fill(throttle, 0, 100, 0, new SplittableRandom(3));
        assertTrue(throttle.rejectionProbability(0) > 0.9, "a dead backend: p ≈ 0.99");
        assertTrue(throttle.rejectionProbability(119 * SECOND) > 0.9, "still remembered at 1:59");
        assertEquals(0.0, throttle.rejectionProbability(120 * SECOND), "forgotten after the 2 minute window");
        assertTrue(throttle.admit(120 * SECOND, NEVER));
    }

    @Test
    void invalidSpecsNameTheParameter() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AdaptiveThrottle.Spec(Duration.ofMinutes(2), 0, 10)).getMessage().contains("K"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AdaptiveThrottle.Spec(Duration.ofMillis(10), 2, 10)).getMessage().contains("window"));
    }
}
