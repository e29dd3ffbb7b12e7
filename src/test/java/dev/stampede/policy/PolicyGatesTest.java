package dev.stampede.policy;

import dev.stampede.policy.PolicyGates.Admission;
import dev.stampede.policy.PolicyGates.Call;
import dev.stampede.policy.PolicyGates.Verdict;
import dev.stampede.scenario.ErrorKind;
import dev.stampede.scenario.RetrySpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyGatesTest {

    private static final long SECOND = 1_000_000_000L;
    private static final String OK_BODY = "{\"type\":\"message\",\"content\":[{\"text\":\"a fine answer\"}]}";
    private static final RandomGenerator RNG = new SplittableRandom(1);

    private static Admission.Send send(PolicyGates gates, Call call, long nowNanos) {
        return assertInstanceOf(Admission.Send.class, gates.beforeAttempt(call, nowNanos, RNG), "expected the attempt to be sent");
    }

    /** One whole request that gets {@code status} on its only attempt. */
    private static Verdict oneAttempt(PolicyGates gates, long nowNanos, int status) {
        Call call = gates.begin(nowNanos);
        send(gates, call, nowNanos);
        return gates.afterAttempt(call, nowNanos, status, null, OK_BODY);
    }

    @Test
    void withoutAnyPolicyEveryAttemptGoesToThePrimaryAndSuccessesAreCounted() {
        PolicyGates gates = PolicyGates.forRun(PolicySpec.NONE, "/v1/messages").forClient();
        Call call = gates.begin(0);
        Admission.Send s = send(gates, call, 0);
        assertEquals(new FallbackChain.Tier(0, "/v1/messages"), s.tier());
        assertTrue(s.firstOnTier());
        assertEquals(new Verdict.Succeeded(s.tier()), gates.afterAttempt(call, 1, 200, null, OK_BODY));
        assertEquals(1, gates.chain().stats().served()[0]);
        assertEquals(0.0, gates.chain().stats().fallbackShare());
    }

    @Test
    void aRetryIsRefusedWithBudgetWhenTheBucketIsEmpty() {
        PolicySpec spec = PolicySpec.NONE.withBudget(new TokenBucketBudget.Spec(0.1, 1), PolicySpec.Scope.PER_CLIENT);
        PolicyGates gates = PolicyGates.forRun(spec, "/v1/messages").forClient();
        Call call = gates.begin(0);
        send(gates, call, 0);
        assertEquals(new Verdict.Failed(AttemptFailure.status(529), true), gates.afterAttempt(call, 0, 529, null, null));
        assertFalse(send(gates, call, SECOND).firstOnTier(), "the retry spends the one token");
        gates.afterAttempt(call, SECOND, 529, null, null);
        assertEquals(new Admission.Refused(Refusal.BUDGET), gates.beforeAttempt(call, 2 * SECOND, RNG));
        assertEquals(2, call.attempts());
    }

    @Test
    void aRetryChargedWhenDecidedIsNotChargedAgainWhenSent() {
        PolicySpec spec = PolicySpec.NONE.withBudget(new TokenBucketBudget.Spec(0.1, 2), PolicySpec.Scope.SHARED);
        PolicyGates gates = PolicyGates.forRun(spec, "/v1/messages");
        TokenBucketBudget bucket = (TokenBucketBudget) gates.budget().orElseThrow();
        Call call = gates.begin(0);
        send(gates, call, 0);
        gates.afterAttempt(call, 0, 529, null, null);
        assertTrue(gates.tryRetry(call, 0), "decided at 0 s: one of two tokens");
        assertTrue(gates.tryRetry(call, 0), "asking twice for the same retry charges once");
        assertEquals(1.0, bucket.tokens());
        assertFalse(send(gates, call, 4 * SECOND).firstOnTier(), "sent after a 4 s backoff");
        assertEquals(1.0, bucket.tokens(), "not charged again at send time");
        gates.afterAttempt(call, 4 * SECOND, 529, null, null);
        send(gates, call, 8 * SECOND);
        assertEquals(0.0, bucket.tokens(), "a retry nobody charged at decision time is charged when sent");
        gates.afterAttempt(call, 8 * SECOND, 529, null, null);
        assertFalse(gates.tryRetry(call, 8 * SECOND), "the bucket is empty: the request fails at once, without waiting out a backoff");
    }

    @Test
    void tryRetryBeforeAnyReportedAttemptIsAnError() {
        PolicyGates gates = PolicyGates.forRun(PolicySpec.NONE, "/");
        Call call = gates.begin(0);
        assertThrows(IllegalStateException.class, () -> gates.tryRetry(call, 0));
        send(gates, call, 0);
        assertThrows(IllegalStateException.class, () -> gates.tryRetry(call, 0));
    }

    @Test
    void perClientBudgetsAreSeparateAndSharedOnesAreOne() {
        RetryBudget.Spec bucket = new TokenBucketBudget.Spec(0.1, 10);
        PolicyGates perClient = PolicyGates.forRun(PolicySpec.NONE.withBudget(bucket, PolicySpec.Scope.PER_CLIENT), "/");
        assertNotSame(perClient.forClient().budget().orElseThrow(), perClient.forClient().budget().orElseThrow());
        PolicyGates shared = PolicyGates.forRun(PolicySpec.NONE.withBudget(bucket, PolicySpec.Scope.SHARED), "/");
        assertSame(shared.forClient().budget().orElseThrow(), shared.forClient().budget().orElseThrow());
        assertSame(perClient.forClient().chain(), perClient.forClient().chain(), "breakers and the chain are always shared");
    }

    @Test
    void anOpenBreakerSendsNewRequestsToTheNextTier() {
        PolicySpec spec = PolicySpec.NONE.withBreaker(CircuitBreaker.Spec.SEED_004).withChain(List.of(FallbackChain.TierSpec.of("/v1/haiku")));
        PolicyGates gates = PolicyGates.forRun(spec, "/v1/opus").forClient();
        for (int i = 0; i < 3; i++) assertInstanceOf(Verdict.Failed.class, oneAttempt(gates, 0, 529));
        Call call = gates.begin(SECOND);
        Admission.Send s = send(gates, call, SECOND);
        assertEquals("/v1/haiku", s.tier().target(), "opus's breaker opened after 3 consecutive 529s");
        assertEquals(new Verdict.Succeeded(s.tier()), gates.afterAttempt(call, SECOND, 200, null, OK_BODY));
        assertEquals(1.0, gates.chain().stats().fallbackShare());
    }

    @Test
    void aBreakerThatOpensDuringARequestMovesItsRetryToTheNextTierFree() {
        PolicySpec spec = PolicySpec.NONE.withBreaker(CircuitBreaker.Spec.SEED_004)
                .withBudget(new TokenBucketBudget.Spec(0.1, 1), PolicySpec.Scope.SHARED)
                .withChain(List.of(FallbackChain.TierSpec.of("/v1/haiku")));
        PolicyGates gates = PolicyGates.forRun(spec, "/v1/opus");
        Call slow = gates.begin(0);
        send(gates, slow, 0);
        gates.afterAttempt(slow, 0, 529, null, null);
        for (int i = 0; i < 3; i++) oneAttempt(gates, 0, 529);
        Admission.Send retry = send(gates, slow, SECOND);
        assertEquals("/v1/haiku", retry.tier().target());
        assertTrue(retry.firstOnTier(), "a new tier: the engine restarts its backoff");
        assertEquals(1.0, ((TokenBucketBudget) gates.budget().orElseThrow()).tokens(), "moving to the next tier is not a retry: the one token is left");
        assertEquals(List.of("/v1/opus", "/v1/haiku"), slow.tried().stream().map(FallbackChain.Tier::target).toList());
    }

    @Test
    void aRetryRefusedByTheBudgetHandsBackItsHalfOpenProbe() {
        PolicySpec spec = PolicySpec.NONE.withBreaker(new CircuitBreaker.Spec(2, Duration.ofSeconds(60), 1))
                .withBudget(new TokenBucketBudget.Spec(0, 1), PolicySpec.Scope.SHARED);
        PolicyGates gates = PolicyGates.forRun(spec, "/v1/messages");
        Call call = gates.begin(0);
        send(gates, call, 0);
        gates.afterAttempt(call, 0, 529, null, null);
        send(gates, call, 0);
        gates.afterAttempt(call, 0, 529, null, null);
        CircuitBreaker breaker = gates.chain().breaker(gates.chain().tiers().get(0)).orElseThrow();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state(0), "two consecutive 529s open it; the retry spent the only token");
        assertEquals(new Admission.Refused(Refusal.BUDGET), gates.beforeAttempt(call, 60 * SECOND, RNG), "half-open, but no token for a second retry");
        assertFalse(breaker.refuses(60 * SECOND), "the probe the refused retry had taken was handed back");
        assertTrue(send(gates, gates.begin(60 * SECOND), 60 * SECOND).firstOnTier(), "a new request takes the probe");
        assertTrue(breaker.refuses(60 * SECOND));
    }

    @Test
    void whenEveryTierIsOpenTheRequestIsRefusedWithCircuitOpen() {
        PolicyGates gates = PolicyGates.forRun(PolicySpec.NONE.withBreaker(new CircuitBreaker.Spec(1, Duration.ofSeconds(60), 1)), "/v1/opus");
        oneAttempt(gates, 0, 503);
        Call call = gates.begin(SECOND);
        assertEquals(Optional.empty(), call.tier());
        assertEquals(new Admission.Refused(Refusal.CIRCUIT_OPEN), gates.beforeAttempt(call, SECOND, RNG));
    }

    @Test
    void aTwoHundredThatFailsTheGateFallsBackAndTheNextTierServes() {
        PolicySpec spec = PolicySpec.NONE.withGate(QualityGate.SEED_000)
                .withChain(List.of(FallbackChain.TierSpec.of("/v1/sonnet-4-6"), FallbackChain.TierSpec.of("/v1/gpt-5")));
        PolicyGates gates = PolicyGates.forRun(spec, "/v1/sonnet-4-7");
        Call call = gates.begin(0);
        Admission.Send first = send(gates, call, 0);
        assertEquals(new Verdict.GateFailed(first.tier()), gates.afterAttempt(call, 0, 200, null, "I cannot help with that."));
        FallbackChain.Tier next = gates.fallback(call, 0, FallbackChain.Reason.QUALITY_GATE).orElseThrow();
        assertEquals("/v1/sonnet-4-6", next.target());
        assertTrue(send(gates, call, 0).firstOnTier());
        assertEquals(new Verdict.Succeeded(next), gates.afterAttempt(call, 0, 200, null, OK_BODY));
        FallbackChain.Stats stats = gates.chain().stats();
        assertEquals(1L, stats.left().get(0).get(FallbackChain.Reason.QUALITY_GATE));
        assertEquals(1, stats.served()[1]);
    }

    @Test
    void gateFailuresCountAgainstTheTiersBreaker() {
        PolicySpec spec = PolicySpec.NONE.withGate(QualityGate.minLength(20)).withBreaker(CircuitBreaker.Spec.SEED_004);
        PolicyGates gates = PolicyGates.forRun(spec, "/v1/opus");
        for (int i = 0; i < 3; i++) {
            Call call = gates.begin(0);
            send(gates, call, 0);
            assertInstanceOf(Verdict.GateFailed.class, gates.afterAttempt(call, 0, 200, null, "OK"), "a 2-char body fails minLength 20");
        }
        assertEquals(CircuitBreaker.State.OPEN, gates.chain().breaker(gates.chain().tiers().get(0)).orElseThrow().state(0));
    }

    @Test
    void aChainRunsOutWhenTheLastTierGivesUp() {
        PolicyGates gates = PolicyGates.forRun(PolicySpec.NONE.withChain(List.of(FallbackChain.TierSpec.of("/b"))), "/a");
        Call call = gates.begin(0);
        send(gates, call, 0);
        gates.afterAttempt(call, 0, 529, null, null);
        assertEquals("/b", gates.fallback(call, 0, FallbackChain.Reason.GAVE_UP).orElseThrow().target());
        send(gates, call, 0);
        gates.afterAttempt(call, 0, 529, null, null);
        assertEquals(Optional.empty(), gates.fallback(call, 0, FallbackChain.Reason.GAVE_UP));
        assertEquals(1, gates.chain().stats().exhausted());
    }

    @Test
    void aBadRequestIsNeitherSuccessNorFailureForBreakersAndBudgets() {
        PolicySpec spec = PolicySpec.NONE.withBreaker(CircuitBreaker.Spec.SEED_004)
                .withBudget(GrpcRetryThrottle.Spec.EXAMPLE, PolicySpec.Scope.SHARED);
        PolicyGates gates = PolicyGates.forRun(spec, "/v1/messages");
        for (int i = 0; i < 5; i++) assertEquals(new Verdict.Failed(AttemptFailure.status(400), false), oneAttempt(gates, 0, 400));
        assertEquals(CircuitBreaker.State.CLOSED, gates.chain().breaker(gates.chain().tiers().get(0)).orElseThrow().state(0));
        assertEquals(10.0, ((GrpcRetryThrottle) gates.budget().orElseThrow()).tokens(), "400s do not take gRPC tokens");
        oneAttempt(gates, 0, 503);
        assertEquals(9.0, ((GrpcRetryThrottle) gates.budget().orElseThrow()).tokens(), "a 503 does");
    }

    @Test
    void theAwsQuotaGetsARetrysCostBackWhenTheRetrySucceeds() {
        PolicyGates gates = PolicyGates.forRun(PolicySpec.NONE.withBudget(AwsRetryQuota.Spec.STANDARD, PolicySpec.Scope.SHARED), "/");
        AwsRetryQuota quota = (AwsRetryQuota) gates.budget().orElseThrow();
        Call call = gates.begin(0);
        send(gates, call, 0);
        assertEquals(new Verdict.Failed(AttemptFailure.error(ErrorKind.TIMEOUT), true), gates.afterAttempt(call, 0, 0, ErrorKind.TIMEOUT, null));
        send(gates, call, SECOND);
        assertEquals(490, quota.tokens(), "a retry after a timeout costs 10");
        gates.afterAttempt(call, SECOND, 200, null, OK_BODY);
        assertEquals(500, quota.tokens(), "refunded on success");
        oneAttempt(gates, 2 * SECOND, 200);
        assertEquals(500, quota.tokens(), "+1 on a first-try success, capped at 500");
    }

    @Test
    void aThrottledAttemptIsRefusedAndHandsBackItsHalfOpenProbe() {
        PolicySpec spec = PolicySpec.NONE.withThrottle(AdaptiveThrottle.Spec.SRE, PolicySpec.Scope.SHARED)
                .withBreaker(new CircuitBreaker.Spec(1, Duration.ofSeconds(60), 1));
        PolicyGates gates = PolicyGates.forRun(spec, "/v1/messages");
        oneAttempt(gates, 0, 529);
        RandomGenerator alwaysZero = () -> 0L;
        Call call = gates.begin(60 * SECOND);
        assertEquals(new Admission.Refused(Refusal.THROTTLED), gates.beforeAttempt(call, 60 * SECOND, alwaysZero),
                "1 request, 0 accepts: p = 1/2 and a draw of 0.0 rejects");
        CircuitBreaker breaker = gates.chain().breaker(gates.chain().tiers().get(0)).orElseThrow();
        assertFalse(breaker.refuses(60 * SECOND), "the probe slot was handed back");
    }

    @Test
    void theThrottleCountsOverloadAnswersAndClientErrorsAsNotAccepted() {
        PolicyGates gates = PolicyGates.forRun(PolicySpec.NONE.withThrottle(AdaptiveThrottle.Spec.SRE, PolicySpec.Scope.SHARED), "/");
        AdaptiveThrottle throttle = gates.throttle().orElseThrow();
        for (int status : new int[] {200, 400, 500, 429, 503, 529}) oneAttempt(gates, 0, status);
        Call call = gates.begin(0);
        send(gates, call, 0);
        gates.afterAttempt(call, 0, 0, ErrorKind.RESET, null);
        assertEquals(7, throttle.requests(0));
        assertEquals(3, throttle.accepts(0), "200, 400 and 500 were accepted by the backend; 429, 503, 529 and a reset were not");
    }

    /**
     * A miniature engine: {@code requests} requests, one every 100 ms, from one client, against a server
     * that answers 529 to everything; each request makes up to {@code maxAttempts} attempts unless the
     * gates refuse. Returns the attempts sent.
     */
    private static long attemptsDuringOutage(PolicySpec spec, int requests, int maxAttempts) {
        PolicyGates client = PolicyGates.forRun(spec, "/v1/messages").forClient();
        long attempts = 0;
        for (int i = 0; i < requests; i++) {
            long now = i * SECOND / 10;
            Call call = client.begin(now);
            for (int a = 0; a < maxAttempts; a++) {
                if (!(client.beforeAttempt(call, now, RNG) instanceof Admission.Send)) break;
                attempts++;
                client.afterAttempt(call, now, 529, null, null);
            }
        }
        return attempts;
    }

    @Test
    void duringAFullOutageBudgetsHoldAmplificationNearOneWhereUnbudgetedClientsSendFiveAttemptsEach() {
        int requests = 1000;
        assertEquals(5000, attemptsDuringOutage(PolicySpec.NONE, requests, 5), "no budget: 5 attempts per request, amplification 5.0");
        assertEquals(1000 + 10, attemptsDuringOutage(PolicySpec.NONE.withBudget(new TokenBucketBudget.Spec(0.1, 10), PolicySpec.Scope.SHARED), requests, 5),
                "token bucket: no success refills it, so only the burst of 10 retries; amplification 1.01");
        assertEquals(1000 + 100, attemptsDuringOutage(PolicySpec.NONE.withBudget(AwsRetryQuota.Spec.STANDARD, PolicySpec.Scope.SHARED), requests, 5),
                "AWS quota: 500 tokens / 5 per retry = 100 retries; amplification 1.1");
        assertEquals(5 + 999, attemptsDuringOutage(PolicySpec.NONE.withBudget(GrpcRetryThrottle.Spec.EXAMPLE, PolicySpec.Scope.SHARED), requests, 5),
                "gRPC: the first request's 4 retries bring 10 tokens down to 5; nobody retries after; amplification 1.004");
    }

    @Test
    void reportingOutOfOrderIsAnError() {
        PolicyGates gates = PolicyGates.forRun(PolicySpec.NONE, "/");
        Call call = gates.begin(0);
        assertThrows(IllegalStateException.class, () -> gates.afterAttempt(call, 0, 200, null, OK_BODY));
        send(gates, call, 0);
        assertThrows(IllegalStateException.class, () -> gates.beforeAttempt(call, 0, RNG));
        assertThrows(IllegalStateException.class, () -> gates.fallback(call, 0, FallbackChain.Reason.GAVE_UP));
    }

    @Test
    void theScenarioRetryBlockBecomesAPerClientBucketAndABreaker() {
        RetrySpec retry = new RetrySpec(5, Duration.ofSeconds(1), Duration.ofSeconds(30), null, null, RetrySpec.DEFAULT_STATUSES,
                RetrySpec.DEFAULT_ERRORS, null, null, 0, new RetrySpec.BudgetSpec(0.1, 100), new RetrySpec.BreakerSpec(3, Duration.ofSeconds(60)));
        PolicySpec spec = PolicySpec.from(retry);
        assertEquals(new TokenBucketBudget.Spec(0.1, 100), spec.budget());
        assertEquals(PolicySpec.Scope.PER_CLIENT, spec.budgetScope());
        assertEquals(CircuitBreaker.Spec.SEED_004, spec.breaker());
        assertEquals(RetrySpec.DEFAULT_STATUSES, spec.failureStatuses());
    }

    @Test
    void aClientErrorLeftOutOfFailureErrorsNeitherOpensTheBreakerNorCountsAsAFailure() {
        PolicySpec spec = PolicySpec.NONE.withBreaker(new CircuitBreaker.Spec(1, java.time.Duration.ofSeconds(60), 1, true));
        spec = new PolicySpec(spec.budget(), spec.budgetScope(), spec.throttle(), spec.throttleScope(), spec.breaker(), spec.limiter(),
                spec.chain(), spec.gate(), Set.of(529), spec.fallbackOn(), Set.of());
        PolicyGates gates = PolicyGates.forRun(spec, "/a");
        Call call = gates.begin(0);
        send(gates, call, 0);
        assertEquals(new Verdict.Failed(AttemptFailure.error(ErrorKind.TIMEOUT), false), gates.afterAttempt(call, 0, 0, ErrorKind.TIMEOUT, null));
        assertEquals(CircuitBreaker.State.CLOSED, gates.chain().breaker(gates.chain().tiers().get(0)).orElseThrow().state(1),
                "seed 004 option 2 records no timeout");
        Call next = gates.begin(1);
        send(gates, next, 1);
        gates.afterAttempt(next, 1, 529, null, null);
        assertEquals(CircuitBreaker.State.OPEN, gates.chain().breaker(gates.chain().tiers().get(0)).orElseThrow().state(2), "a 529 is recorded");
    }
}
