package dev.stampede.policy;

import dev.stampede.policy.CircuitBreaker.Permit;
import dev.stampede.policy.CircuitBreaker.State;
import dev.stampede.scenario.RetrySpec;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long OPEN = 60 * SECOND;

    private static Permit.Permitted permitted(CircuitBreaker breaker, long nowNanos) {
        return assertInstanceOf(Permit.Permitted.class, breaker.permit(nowNanos), "expected a permit at " + nowNanos + " ns");
    }

    private static void call(CircuitBreaker breaker, long nowNanos, boolean failed) {
        breaker.onResult(nowNanos, permitted(breaker, nowNanos), failed);
    }

    /** Opens a seed-004 breaker with three failures at t = 0. */
    private static CircuitBreaker opened() {
        CircuitBreaker breaker = new CircuitBreaker(CircuitBreaker.Spec.SEED_004);
        for (int i = 0; i < 3; i++) call(breaker, 0, true);
        return breaker;
    }

    @Test
    void opensAfterExactlyThreeConsecutiveFailures() {
        CircuitBreaker breaker = new CircuitBreaker(CircuitBreaker.Spec.SEED_004);
        call(breaker, 0, true);
        call(breaker, 1, true);
        assertEquals(State.CLOSED, breaker.state(2), "two failures: still closed");
        call(breaker, 2, true);
        assertEquals(State.OPEN, breaker.state(2), "the third consecutive failure opens it");
        assertEquals(1, breaker.opens());
    }

    @Test
    void aSuccessInBetweenResetsTheFailureCount() {
        CircuitBreaker breaker = new CircuitBreaker(CircuitBreaker.Spec.SEED_004);
        call(breaker, 0, true);
        call(breaker, 1, true);
        call(breaker, 2, false);
        call(breaker, 3, true);
        call(breaker, 4, true);
        assertEquals(State.CLOSED, breaker.state(5), "F F S F F: never three in a row");
        call(breaker, 5, true);
        assertEquals(State.OPEN, breaker.state(5), "F F S F F F: opened by the third in a row");
    }

    @Test
    void refusesWhileOpenAndSaysHowLongItStaysOpen() {
        CircuitBreaker breaker = opened();
        Permit.Refused refused = assertInstanceOf(Permit.Refused.class, breaker.permit(15 * SECOND));
        assertEquals(State.OPEN, refused.state());
        assertEquals(45 * SECOND, refused.remainingOpenNanos(), "opened at 0 for 60 s, asked at 15 s");
        assertInstanceOf(Permit.Refused.class, breaker.permit(OPEN - 1), "still open 1 ns before 60 s");
        assertTrue(breaker.refuses(OPEN - 1));
    }

    @Test
    void turnsHalfOpenAfterTheOpenDurationAndLetsExactlyOneProbeThrough() {
        CircuitBreaker breaker = opened();
        assertFalse(breaker.refuses(OPEN), "at 60 s a probe may go");
        Permit.Permitted probe = permitted(breaker, OPEN);
        assertTrue(probe.probe(), "the first call after 60 s is the probe");
        assertEquals(State.HALF_OPEN, breaker.state(OPEN));
        Permit.Refused second = assertInstanceOf(Permit.Refused.class, breaker.permit(OPEN + 1), "a second call while the probe is out");
        assertEquals(State.HALF_OPEN, second.state());
        assertEquals(0, second.remainingOpenNanos());
        assertTrue(breaker.refuses(OPEN + 1));
    }

    @Test
    void aSuccessfulProbeClosesTheBreaker() {
        CircuitBreaker breaker = opened();
        breaker.onResult(OPEN + 5, permitted(breaker, OPEN), false);
        assertEquals(State.CLOSED, breaker.state(OPEN + 5));
        assertFalse(permitted(breaker, OPEN + 6).probe(), "closed: ordinary permits again");
    }

    @Test
    void aFailedProbeReopensTheBreakerForAnotherFullPeriod() {
        CircuitBreaker breaker = opened();
        long probeEnd = OPEN + 2 * SECOND;
        breaker.onResult(probeEnd, permitted(breaker, OPEN), true);
        assertEquals(State.OPEN, breaker.state(probeEnd));
        assertEquals(2, breaker.opens());
        Permit.Refused refused = assertInstanceOf(Permit.Refused.class, breaker.permit(probeEnd + SECOND));
        assertEquals(59 * SECOND, refused.remainingOpenNanos(), "re-opened at the probe's failure, for 60 s");
        assertTrue(permitted(breaker, probeEnd + OPEN).probe(), "half-open again 60 s after the failed probe");
    }

    @Test
    void lateResultsOfCallsPermittedBeforeItOpenedDoNotDecideAHalfOpenBreaker() {
        CircuitBreaker breaker = new CircuitBreaker(CircuitBreaker.Spec.SEED_004);
        Permit.Permitted slow = permitted(breaker, 0);
        for (int i = 0; i < 3; i++) call(breaker, 0, true);
        Permit.Permitted probe = permitted(breaker, OPEN);
        breaker.onResult(OPEN + 1, slow, false);
        assertEquals(State.HALF_OPEN, breaker.state(OPEN + 1), "a success of a call from the closed era must not close it");
        breaker.onResult(OPEN + 2, probe, false);
        assertEquals(State.CLOSED, breaker.state(OPEN + 2), "the probe decides");
    }

    @Test
    void anAbandonedProbeFreesItsSlotForTheNextCall() {
        CircuitBreaker breaker = opened();
        Permit.Permitted probe = permitted(breaker, OPEN);
        assertTrue(breaker.refuses(OPEN));
        breaker.abandon(probe);
        assertTrue(permitted(breaker, OPEN + 1).probe(), "the slot is free again");
    }

    @Test
    void withThreeProbesItClosesOnlyAfterThreeSuccesses() {
        CircuitBreaker breaker = new CircuitBreaker(new CircuitBreaker.Spec(1, Duration.ofSeconds(10), 3));
        call(breaker, 0, true);
        List<Permit.Permitted> probes = List.of(permitted(breaker, 10 * SECOND), permitted(breaker, 10 * SECOND), permitted(breaker, 10 * SECOND));
        assertInstanceOf(Permit.Refused.class, breaker.permit(10 * SECOND), "a fourth call while three probes are out");
        breaker.onResult(11 * SECOND, probes.get(0), false);
        breaker.onResult(11 * SECOND, probes.get(1), false);
        assertEquals(State.HALF_OPEN, breaker.state(11 * SECOND), "two of three probes succeeded");
        assertInstanceOf(Permit.Refused.class, breaker.permit(11 * SECOND), "no fourth probe after two successes");
        breaker.onResult(11 * SECOND, probes.get(2), false);
        assertEquals(State.CLOSED, breaker.state(11 * SECOND));
    }

    @Test
    void theScenarioBreakerSpecMapsWithOneProbe() {
        assertEquals(CircuitBreaker.Spec.SEED_004, CircuitBreaker.Spec.from(new RetrySpec.BreakerSpec(3, Duration.ofSeconds(60))));
    }

    @RepeatedTest(3)
    void aBreakerSharedByAThousandThreadsAdmitsOnlyOneHalfOpenProbe() throws Exception {
        CircuitBreaker breaker = opened();
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger ordinary = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 1000; i++) {
                long now = OPEN + i;
                done.add(pool.submit(() -> {
                    start.await();
                    switch (breaker.permit(now)) {
                        case Permit.Permitted p -> (p.probe() ? probes : ordinary).incrementAndGet();
                        case Permit.Refused r -> { }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) f.get();
        }
        assertEquals(1, probes.get(), "exactly one of 1,000 racing callers may probe");
        assertEquals(0, ordinary.get(), "no ordinary permit while half-open");
    }

    /** Seed 004's breaker as written: half-open admits every call. */
    private static final CircuitBreaker.Spec AS_WRITTEN = new CircuitBreaker.Spec(3, Duration.ofSeconds(60), 1, true);

    private static CircuitBreaker openedAsWritten() {
        CircuitBreaker breaker = new CircuitBreaker(AS_WRITTEN);
        for (int i = 0; i < 3; i++) call(breaker, 0, true);
        return breaker;
    }

    @Test
    void aHalfOpenBreakerThatAdmitsAllLetsEveryCallThroughNotOneProbe() {
        CircuitBreaker breaker = openedAsWritten();
        assertInstanceOf(Permit.Refused.class, breaker.permit(OPEN - 1), "open for the whole minute");
        for (int i = 0; i < 50; i++) {
            Permit.Permitted p = permitted(breaker, OPEN + i);
            assertFalse(p.probe(), "no call is a probe: all traffic goes");
        }
        assertFalse(breaker.refuses(OPEN + 50));
        assertEquals(State.HALF_OPEN, breaker.state(OPEN + 50));
    }

    @Test
    void aHalfOpenBreakerThatAdmitsAllReopensOnItsFirstFailureBecauseTheCountWasNotCleared() {
        CircuitBreaker breaker = openedAsWritten();
        Permit.Permitted a = permitted(breaker, OPEN);
        Permit.Permitted b = permitted(breaker, OPEN);
        breaker.onResult(OPEN + 1, a, true);
        assertEquals(State.OPEN, breaker.state(OPEN + 1), "one failure after the minute re-opens it (the article's count stays at 3+)");
        assertEquals(2, breaker.opens());
        breaker.onResult(OPEN + 2, b, false);
        assertEquals(State.CLOSED, breaker.state(OPEN + 2),
                "a success closes it whenever its call began: the article's record_success has no generation check");
    }

    @Test
    void aHalfOpenBreakerThatAdmitsAllClosesOnASuccessAndThenNeedsThreeFailuresAgain() {
        CircuitBreaker breaker = openedAsWritten();
        call(breaker, OPEN, false);
        assertEquals(State.CLOSED, breaker.state(OPEN));
        call(breaker, OPEN + 1, true);
        call(breaker, OPEN + 2, true);
        assertEquals(State.CLOSED, breaker.state(OPEN + 2), "two failures after the reset: still closed");
        call(breaker, OPEN + 3, true);
        assertEquals(State.OPEN, breaker.state(OPEN + 3));
    }

    @Test
    void aFailureReportedWhileOpenRestartsTheOpenPeriodAsTheArticlesRecordFailureDoes() {
        CircuitBreaker breaker = new CircuitBreaker(AS_WRITTEN);
        Permit.Permitted slow = permitted(breaker, 0);
        for (int i = 0; i < 3; i++) call(breaker, 0, true);
        breaker.onResult(10 * SECOND, slow, true);
        assertEquals(State.OPEN, breaker.state(OPEN + SECOND), "opened again at 10 s, so still open at 61 s");
        assertEquals(State.HALF_OPEN, breaker.state(OPEN + 10 * SECOND));
    }
}
