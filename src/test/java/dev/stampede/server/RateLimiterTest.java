package dev.stampede.server;

import dev.stampede.scenario.RateLimitSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The per-key sliding window: on a caller's clock, no randomness. */
class RateLimiterTest {

    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void aKeyMakesItsLimitInAnyWindowAndTheNextWaitsUntilTheOldestLeavesRoundedUpToSeconds() {
        RateLimiter l = new RateLimiter(new RateLimitSpec(3, Duration.ofMinutes(1), 1));
        assertEquals(RateLimiter.ADMITTED, l.arrive(0, 0));
        assertEquals(RateLimiter.ADMITTED, l.arrive(10 * S, 1));
        assertEquals(RateLimiter.ADMITTED, l.arrive(20 * S, 2));
        assertEquals(30 * S, l.arrive(30 * S, 3), "the request at 0 leaves the window at 60 s");
        assertEquals(1 * S, l.arrive(59_500 * MS, 4), "0.5 s left: rounded up to one whole second");
        assertEquals(RateLimiter.ADMITTED, l.arrive(60 * S, 5), "refused requests did not count: the window frees at 60 s");
        assertEquals(10 * S, l.arrive(60 * S, 6), "now 10, 20 and 60 s are in the window");
    }

    @Test
    void requestsAreDealtToTheKeysInTurnAndEachKeyHasItsOwnWindow() {
        RateLimiter l = new RateLimiter(new RateLimitSpec(1, Duration.ofSeconds(10), 3));
        assertEquals(0, l.keyOf(0));
        assertEquals(2, l.keyOf(5));
        for (long n = 0; n < 3; n++) assertEquals(RateLimiter.ADMITTED, l.arrive(n * MS, n), "key " + n + "'s first request");
        assertEquals(10 * S, l.arrive(3 * MS, 3), "request 3 is key 0's second (10 s − 3 ms, rounded up)");
        assertEquals(10 * S, l.arrive(4 * MS, 7), "request 7 is key 1's second");
    }

    @Test
    void aRestartEmptiesEveryWindow() {
        RateLimiter l = new RateLimiter(new RateLimitSpec(1, Duration.ofSeconds(10), 1));
        l.arrive(0, 0);
        assertEquals(10 * S, l.arrive(1, 1));
        l.restart();
        assertEquals(RateLimiter.ADMITTED, l.arrive(2, 2));
    }

    @Test
    void theWindowHoldsManyRequestsAsItsRingGrows() {
        RateLimiter l = new RateLimiter(new RateLimitSpec(1000, Duration.ofSeconds(1), 1));
        for (int i = 0; i < 1000; i++) assertEquals(RateLimiter.ADMITTED, l.arrive(i * MS / 2, i));
        assertEquals(1 * S, l.arrive(500 * MS, 1000), "the first leaves at 1 s: 0.5 s, rounded up");
        assertEquals(RateLimiter.ADMITTED, l.arrive(1000 * MS, 1001), "the first request left");
        assertEquals(1 * S, l.arrive(1000 * MS, 1002));
    }
}
