package dev.stampede.retry;

import dev.stampede.scenario.ErrorKind;
import dev.stampede.scenario.RetrySpec.RetryAfterMode;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which statuses' hints a rule reads, and the buffer it adds (seed 003's Python: 429 only, +0.5 s). */
class HintRuleTest {

    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private final HintRule seed003 = new HintRule.Combine(RetryAfterMode.FLOOR, 60 * S, Set.of(429), 500 * MS);

    @Test
    void aFourTwentyNineWithATenSecondHintWaitsTheHintPlusTheBufferOverAShorterBackoff() {
        assertEquals(10_500 * MS, seed003.delayNanos(2 * S, AttemptOutcome.status(429, 10 * S)));
    }

    @Test
    void theBackoffWinsTheFloorWhenItIsLongerThanHintPlusBuffer() {
        assertEquals(12 * S, seed003.delayNanos(12 * S, AttemptOutcome.status(429, 10 * S)));
    }

    @Test
    void aFiveTwentyNinesHintIsNotReadWhenOnlyFourTwentyNineIsHonoured() {
        assertEquals(2 * S, seed003.delayNanos(2 * S, AttemptOutcome.status(529, 10 * S)));
    }

    @Test
    void aClientErrorCarriesNoHintAndNoBufferIsAdded() {
        assertEquals(2 * S, seed003.delayNanos(2 * S, AttemptOutcome.error(ErrorKind.TIMEOUT)));
        assertEquals(2 * S, seed003.delayNanos(2 * S, AttemptOutcome.status(429)), "no header: the backoff, no buffer");
    }

    @Test
    void anEmptyStatusListReadsEveryStatusAndTheCapAppliesBeforeTheBuffer() {
        HintRule every = new HintRule.Combine(RetryAfterMode.HONOR, 3 * S, Set.of(), 250 * MS);
        assertEquals(3_250 * MS, every.delayNanos(1 * S, AttemptOutcome.status(529, 10 * S)));
        assertEquals(1_250 * MS, every.delayNanos(5 * S, AttemptOutcome.status(503, 1 * S)), "honor: the hint wins even when shorter");
    }

    @Test
    void aHugeHintPlusTheBufferSaturatesInsteadOfOverflowing() {
        HintRule r = new HintRule.Combine(RetryAfterMode.FLOOR, Long.MAX_VALUE, Set.of(), S);
        assertEquals(Long.MAX_VALUE, r.delayNanos(0, AttemptOutcome.status(529, Long.MAX_VALUE - 1)));
    }

    @Test
    void theTwoArgumentFormKeepsItsOldMeaning() {
        assertEquals(5 * S, new HintRule.Combine(RetryAfterMode.FLOOR, 60 * S).delayNanos(1 * S, AttemptOutcome.status(529, 5 * S)));
    }
}
