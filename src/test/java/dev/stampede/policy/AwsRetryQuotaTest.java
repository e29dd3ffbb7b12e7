package dev.stampede.policy;

import dev.stampede.scenario.ErrorKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwsRetryQuotaTest {

    private static final AttemptFailure SERVER_ERROR = AttemptFailure.status(500);
    private static final AttemptFailure TIMEOUT = AttemptFailure.error(ErrorKind.TIMEOUT);

    @Test
    void aRetryCostsFiveTokensAndTenAfterATimeout() {
        AwsRetryQuota quota = new AwsRetryQuota(AwsRetryQuota.Spec.STANDARD);
        assertTrue(quota.tryRetry(0, SERVER_ERROR));
        assertEquals(495, quota.tokens(), "500 − 5 for a retry after a 500");
        assertTrue(quota.tryRetry(0, TIMEOUT));
        assertEquals(485, quota.tokens(), "495 − 10 for a retry after a timeout");
    }

    @Test
    void theStandardQuotaAllowsOneHundredRetriesAfterServerErrorsThenRefuses() {
        AwsRetryQuota quota = new AwsRetryQuota(AwsRetryQuota.Spec.STANDARD);
        int granted = 0;
        while (quota.tryRetry(0, SERVER_ERROR)) granted++;
        assertEquals(100, granted, "500 tokens / 5 per retry");
        assertEquals(0, quota.tokens());
    }

    @Test
    void aRetryAfterATimeoutIsRefusedWhenOnlyFiveTokensAreLeft() {
        AwsRetryQuota quota = new AwsRetryQuota(new AwsRetryQuota.Spec(15, 5, 10, 1));
        assertTrue(quota.tryRetry(0, TIMEOUT));
        assertFalse(quota.tryRetry(0, TIMEOUT), "5 tokens left, a timeout retry costs 10");
        assertTrue(quota.tryRetry(0, SERVER_ERROR), "but a retry after a 500 costs 5");
    }

    @Test
    void aFirstTrySuccessAddsOneTokenAndARetriedSuccessRefundsThatRetrysCost() {
        AwsRetryQuota quota = new AwsRetryQuota(AwsRetryQuota.Spec.STANDARD);
        quota.tryRetry(0, TIMEOUT);
        quota.tryRetry(0, SERVER_ERROR);
        assertEquals(485, quota.tokens());
        quota.onFirstTrySuccess(0);
        assertEquals(486, quota.tokens(), "+1 on a first-try success");
        quota.onRetrySuccess(0, TIMEOUT);
        assertEquals(496, quota.tokens(), "+10: the refund of a retry after a timeout");
        quota.onRetrySuccess(0, SERVER_ERROR);
        assertEquals(500, quota.tokens(), "+5 would be 501, capped at the capacity 500");
    }

    @Test
    void failuresAndRequestsDoNotMoveTheQuota() {
        AwsRetryQuota quota = new AwsRetryQuota(AwsRetryQuota.Spec.STANDARD);
        quota.onRequest(0);
        quota.onFailure(0, TIMEOUT);
        assertEquals(500, quota.tokens());
    }
}
