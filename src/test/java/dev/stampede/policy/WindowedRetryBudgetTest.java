package dev.stampede.policy;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowedRetryBudgetTest {

    private static final long SECOND = 1_000_000_000L;
    private static final AttemptFailure OVERLOADED = AttemptFailure.status(529);

    /** 20 % of requests, no reserve, 10 s in 1 s slices: the ratio alone. */
    private static final WindowedRetryBudget.Spec RATIO_ONLY = new WindowedRetryBudget.Spec(20, 0, Duration.ofSeconds(10), 10);

    private static int grantAll(WindowedRetryBudget budget, long nowNanos) {
        int granted = 0;
        while (budget.tryRetry(nowNanos, OVERLOADED)) granted++;
        return granted;
    }

    @Test
    void retriesMayReachTwentyPercentOfRequestsInTheWindow() {
        WindowedRetryBudget budget = new WindowedRetryBudget(RATIO_ONLY);
        for (int i = 0; i < 50; i++) budget.onRequest(0);
        assertEquals(10, grantAll(budget, 0), "20 % of 50 requests = 10 retries, exactly");
    }

    @Test
    void finaglesReserveAddsTenRetriesPerSecondOfWindow() {
        WindowedRetryBudget budget = new WindowedRetryBudget(WindowedRetryBudget.Spec.FINAGLE);
        assertEquals(100, WindowedRetryBudget.Spec.FINAGLE.reserveRetries(), "10/s × 10 s");
        for (int i = 0; i < 50; i++) budget.onRequest(0);
        assertEquals(100 + 10, grantAll(budget, 0), "reserve 100 + 20 % of 50");
    }

    @Test
    void theWindowForgetsRequestsAfterItPasses() {
        WindowedRetryBudget budget = new WindowedRetryBudget(RATIO_ONLY);
        for (int i = 0; i < 50; i++) budget.onRequest(0);
        assertEquals(50, budget.requestsInWindow(10 * SECOND - 1), "still remembered just before 10 s");
        assertEquals(0, budget.requestsInWindow(10 * SECOND), "forgotten once ten 1 s slices have passed");
        assertFalse(budget.tryRetry(10 * SECOND, OVERLOADED), "with no request in the window there is no room for a retry");
    }

    @Test
    void grantedRetriesAreForgottenWithTheWindowToo() {
        WindowedRetryBudget budget = new WindowedRetryBudget(RATIO_ONLY);
        for (int i = 0; i < 10; i++) budget.onRequest(0);
        assertEquals(2, grantAll(budget, 0), "20 % of 10");
        // Five seconds later ten more requests: the window holds 20 requests and the 2 old retries.
        for (int i = 0; i < 10; i++) budget.onRequest(5 * SECOND);
        assertEquals(2, grantAll(budget, 5 * SECOND), "20 % of 20 = 4, minus the 2 already in the window");
        // At 10 s the first ten requests and first two retries are gone: 10 requests, 2 retries remain.
        assertEquals(0, grantAll(budget, 10 * SECOND), "20 % of 10 = 2, both used at 5 s");
        assertEquals(2, budget.retriesInWindow(10 * SECOND));
    }

    @Test
    void aClockReadSlightlyOutOfOrderIsCountedInTheNewestSlice() {
        WindowedRetryBudget budget = new WindowedRetryBudget(RATIO_ONLY);
        budget.onRequest(3 * SECOND);
        budget.onRequest(3 * SECOND - 5);
        assertEquals(2, budget.requestsInWindow(3 * SECOND));
        assertEquals(0, budget.requestsInWindow(13 * SECOND), "both forgotten with the slice they were counted in");
    }

    @Test
    void invalidSpecsNameTheParameter() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WindowedRetryBudget.Spec(-1, 10, Duration.ofSeconds(10), 10)).getMessage().contains("retryPercent"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WindowedRetryBudget.Spec(20, -1, Duration.ofSeconds(10), 10)).getMessage().contains("minRetriesPerSecond"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WindowedRetryBudget.Spec(20, 10, Duration.ZERO, 10)).getMessage().contains("window"));
    }
}
