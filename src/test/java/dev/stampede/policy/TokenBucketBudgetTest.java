package dev.stampede.policy;

import dev.stampede.scenario.RetrySpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketBudgetTest {

    private static final AttemptFailure OVERLOADED = AttemptFailure.status(529);

    @Test
    void aFullBucketGrantsExactlyBurstRetriesThenRefuses() {
        TokenBucketBudget budget = new TokenBucketBudget(new TokenBucketBudget.Spec(0.1, 5));
        for (int i = 1; i <= 5; i++) assertTrue(budget.tryRetry(0, OVERLOADED), "retry " + i + " of a burst of 5 must be granted");
        assertFalse(budget.tryRetry(0, OVERLOADED), "the 6th retry must be refused: the bucket is empty");
        assertEquals(0.0, budget.tokens(), "tokens after spending the whole burst");
    }

    @Test
    void tenSuccessesAtRatioOneTenthRefillExactlyOneToken() {
        TokenBucketBudget budget = new TokenBucketBudget(new TokenBucketBudget.Spec(0.1, 2));
        budget.tryRetry(0, OVERLOADED);
        budget.tryRetry(0, OVERLOADED);
        for (int i = 0; i < 9; i++) budget.onFirstTrySuccess(0);
        assertEquals(0.9, budget.tokens(), 1e-12, "nine refills of 0.1");
        assertFalse(budget.tryRetry(0, OVERLOADED), "0.9 tokens must not pay for a retry");
        budget.onRetrySuccess(0, OVERLOADED);
        assertEquals(1.0, budget.tokens(), "ten refills of 0.1 must make exactly one token, not 0.9999…");
        assertTrue(budget.tryRetry(0, OVERLOADED), "one whole token pays for one retry");
        assertFalse(budget.tryRetry(0, OVERLOADED), "and only one");
    }

    @Test
    void refillsNeverRaiseTheBucketAboveItsBurst() {
        TokenBucketBudget budget = new TokenBucketBudget(new TokenBucketBudget.Spec(0.5, 3));
        for (int i = 0; i < 100; i++) budget.onFirstTrySuccess(0);
        assertEquals(3.0, budget.tokens(), "a full bucket stays at burst = 3");
    }

    @Test
    void failuresAndRequestsDoNotMoveTheBucket() {
        TokenBucketBudget budget = new TokenBucketBudget(new TokenBucketBudget.Spec(0.1, 4));
        budget.tryRetry(0, OVERLOADED);
        for (int i = 0; i < 50; i++) {
            budget.onRequest(i);
            budget.onFailure(i, OVERLOADED);
        }
        assertEquals(3.0, budget.tokens(), "4 − 1 retry; failures and requests are not part of this budget");
    }

    @Test
    void budgetSharedByManyClientsCapsRetriesAtRatioTimesSuccessesPlusBurst() {
        // 100 clients on one virtual clock, interleaved: every client fails until the budget is dry, then
        // each success adds 0.1 token. The bucket never overflows here, so the cap is met exactly.
        TokenBucketBudget shared = new TokenBucketBudget(new TokenBucketBudget.Spec(0.1, 10));
        long granted = 0;
        long successes = 0;
        for (int round = 0; round < 30; round++) {
            for (int client = 0; client < 100; client++) {
                if (shared.tryRetry(round, OVERLOADED)) granted++;
                if (client % 4 == 0) {
                    shared.onRetrySuccess(round, OVERLOADED);
                    successes++;
                }
            }
        }
        assertEquals(750, successes, "fixture: a quarter of 3,000 client steps succeed");
        assertEquals(10 + 75, granted, "retries granted must be burst 10 + 0.1 × 750 successes = 85 exactly");
    }

    @Test
    void budgetSharedByAThousandThreadsNeverGrantsMoreThanRatioTimesSuccessesPlusBurst() throws Exception {
        TokenBucketBudget shared = new TokenBucketBudget(new TokenBucketBudget.Spec(0.1, 10));
        AtomicLong granted = new AtomicLong();
        AtomicLong successes = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int client = 0; client < 1000; client++) {
                SplittableRandom rng = new SplittableRandom(client);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int step = 0; step < 20; step++) {
                        if (rng.nextInt(3) == 0) {
                            shared.onFirstTrySuccess(step);
                            successes.incrementAndGet();
                        } else if (shared.tryRetry(step, OVERLOADED)) {
                            granted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) f.get();
        }
        long cap = 10 + successes.get() / 10;
        assertTrue(granted.get() <= cap, "granted " + granted + " must be <= burst 10 + 0.1 × " + successes + " successes = " + cap);
        assertTrue(shared.tokens() >= 0, "tokens never negative, got " + shared.tokens());
        assertTrue(granted.get() > 0, "some retries must have been granted (burst 10), got " + granted);
    }

    @Test
    void theScenarioBudgetSpecMapsOneToOne() {
        TokenBucketBudget.Spec spec = TokenBucketBudget.Spec.from(new RetrySpec.BudgetSpec(0.1, 100));
        assertEquals(new TokenBucketBudget.Spec(0.1, 100), spec);
    }

    @Test
    void nonsenseParametersAreRejectedWithTheParameterNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TokenBucketBudget.Spec(-0.1, 10)).getMessage().contains("ratio"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TokenBucketBudget.Spec(0.1, 0)).getMessage().contains("burst"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TokenBucketBudget.Spec(Double.NaN, 10)).getMessage().contains("ratio"));
    }
}
