package dev.stampede.retry;

import dev.stampede.scenario.RetrySpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class SharedBackoffTest {

    private static final long SECOND = 1_000_000_000L;
    private final RetrySpec spec = new RetrySpec(1000, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO,
            Set.of(503, 529), Set.of(), RetrySpec.RetryAfterMode.IGNORE, Duration.ofSeconds(60), 0, null, null);
    private final SharedBackoff shared = new SharedBackoff(Strategies.policy("none", spec), Duration.ofSeconds(1), Duration.ofSeconds(30));
    private final SplittableRandom rng = new SplittableRandom(1);

    private long retryDelay(RetryPolicy.RetryState state) {
        return assertInstanceOf(RetryPolicy.Decision.Retry.class, shared.decide(state, AttemptOutcome.status(529), rng, 0)).delayNanos();
    }

    @Test
    void everyRetryOfAnyRequestDoublesTheOneBackoffUpToThirtySecondsAsSeed004sQueueDoes() {
        long[] delays = new long[7];
        for (int i = 0; i < delays.length; i++) delays[i] = retryDelay(shared.start()) / SECOND; // a fresh request each time
        assertEquals("[1, 2, 4, 8, 16, 30, 30]", java.util.Arrays.toString(delays));
    }

    @Test
    void anySuccessResetsTheSharedBackoffToOneSecond() {
        retryDelay(shared.start());
        retryDelay(shared.start());
        assertEquals(RetryPolicy.Decision.SUCCEED, shared.decide(shared.start(), AttemptOutcome.status(200), rng, 0));
        assertEquals(SECOND, retryDelay(shared.start()));
    }

    @Test
    void theWrappedPolicyStillDecidesWhatIsRetried() {
        assertEquals(new RetryPolicy.Decision.GiveUp(FailureReason.NON_RETRYABLE),
                shared.decide(shared.start(), AttemptOutcome.status(500), rng, 0));
    }
}
