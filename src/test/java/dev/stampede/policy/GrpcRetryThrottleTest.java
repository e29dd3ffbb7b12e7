package dev.stampede.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrpcRetryThrottleTest {

    private static final AttemptFailure UNAVAILABLE = AttemptFailure.status(503);

    @Test
    void retriesStopOnceFailuresBringTheTokensDownToHalf() {
        GrpcRetryThrottle throttle = new GrpcRetryThrottle(GrpcRetryThrottle.Spec.EXAMPLE);
        for (int failures = 1; failures <= 4; failures++) {
            throttle.onFailure(0, UNAVAILABLE);
            assertTrue(throttle.tryRetry(0, UNAVAILABLE), "after " + failures + " failures tokens = " + (10 - failures) + " > 5: retry allowed");
        }
        throttle.onFailure(0, UNAVAILABLE);
        assertEquals(5.0, throttle.tokens(), "10 − 5 failures");
        assertFalse(throttle.tryRetry(0, UNAVAILABLE), "tokens = 5 = maxTokens/2: retries must stop (strictly above half is required)");
    }

    @Test
    void retriesDoNotCostTokensOnlyFailuresDo() {
        GrpcRetryThrottle throttle = new GrpcRetryThrottle(GrpcRetryThrottle.Spec.EXAMPLE);
        for (int i = 0; i < 100; i++) assertTrue(throttle.tryRetry(0, UNAVAILABLE));
        assertEquals(10.0, throttle.tokens(), "a hundred granted retries with no failure leave the 10 tokens");
    }

    @Test
    void tenSuccessesAtRatioOneTenthReopenRetriesAfterTheyStopped() {
        GrpcRetryThrottle throttle = new GrpcRetryThrottle(GrpcRetryThrottle.Spec.EXAMPLE);
        for (int i = 0; i < 5; i++) throttle.onFailure(0, UNAVAILABLE);
        for (int i = 0; i < 9; i++) throttle.onFirstTrySuccess(0);
        assertEquals(5.9, throttle.tokens(), 1e-9, "5 + 9 × 0.1");
        assertTrue(throttle.tryRetry(0, UNAVAILABLE), "5.9 > 5: retries allowed again");
        assertEquals(5.9, throttle.tokens(), 1e-9, "the check costs nothing");
    }

    @Test
    void tokensStayBetweenZeroAndMax() {
        GrpcRetryThrottle throttle = new GrpcRetryThrottle(new GrpcRetryThrottle.Spec(4, 0.5));
        for (int i = 0; i < 20; i++) throttle.onFailure(0, UNAVAILABLE);
        assertEquals(0.0, throttle.tokens(), "never below 0");
        for (int i = 0; i < 20; i++) throttle.onRetrySuccess(0, UNAVAILABLE);
        assertEquals(4.0, throttle.tokens(), "never above maxTokens 4");
    }

    @Test
    void tokenRatioKeepsThreeDecimalPlacesAsGrfcA6Says() {
        GrpcRetryThrottle throttle = new GrpcRetryThrottle(new GrpcRetryThrottle.Spec(10, 0.1239));
        for (int i = 0; i < 10; i++) throttle.onFailure(0, UNAVAILABLE);
        throttle.onFirstTrySuccess(0);
        assertEquals(0.123, throttle.tokens(), 1e-12, "0.1239 truncated to 0.123");
    }

    @Test
    void parametersOutsideGrfcA6RangesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new GrpcRetryThrottle.Spec(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new GrpcRetryThrottle.Spec(1001, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new GrpcRetryThrottle.Spec(10, 0.0));
    }
}
