package dev.stampede.policy;

import dev.stampede.policy.ConcurrencyLimiter.Acquire;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrencyLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    /** Two slots, a queue of three, 10 s max wait. */
    private static final ConcurrencyLimiter.Spec SMALL = new ConcurrencyLimiter.Spec(2, 3, Duration.ofSeconds(10));

    @Test
    void grantsUpToMaxInFlightThenQueuesWithADeadline() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(SMALL);
        assertInstanceOf(Acquire.Granted.class, limiter.acquire(0, 1));
        assertInstanceOf(Acquire.Granted.class, limiter.acquire(0, 2));
        Acquire.Queued queued = assertInstanceOf(Acquire.Queued.class, limiter.acquire(3 * SECOND, 3));
        assertEquals(13 * SECOND, queued.deadlineNanos(), "arrival 3 s + max wait 10 s");
        assertEquals(2, limiter.inFlight());
        assertEquals(1, limiter.queued());
    }

    @Test
    void releasesHandSlotsToWaitersInArrivalOrder() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(SMALL);
        limiter.acquire(0, 1);
        limiter.acquire(0, 2);
        limiter.acquire(1, 30);
        limiter.acquire(2, 10);
        limiter.acquire(3, 20);
        assertEquals(OptionalLong.of(30), limiter.release(4).granted(), "the first to queue is the first granted");
        assertEquals(OptionalLong.of(10), limiter.release(5).granted());
        assertEquals(OptionalLong.of(20), limiter.release(6).granted());
        assertEquals(OptionalLong.empty(), limiter.release(7).granted(), "nobody left: the slot is freed");
        assertEquals(1, limiter.inFlight());
    }

    @Test
    void aNewArrivalQueuesBehindWaitersEvenWhenItCouldBargeIn() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(new ConcurrencyLimiter.Spec(1, 5, Duration.ofSeconds(10)));
        limiter.acquire(0, 1);
        limiter.acquire(0, 2);
        limiter.release(1);
        assertInstanceOf(Acquire.Queued.class, limiter.acquire(1, 3), "request 2 holds the slot; 3 waits");
    }

    @Test
    void aFullQueueRejectsAtOnceWithQueueFull() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(SMALL);
        for (long id = 1; id <= 5; id++) limiter.acquire(0, id);
        Acquire.Rejected rejected = assertInstanceOf(Acquire.Rejected.class, limiter.acquire(0, 6));
        assertEquals(Refusal.QUEUE_FULL, rejected.reason());
        assertEquals(6, rejected.id());
        assertEquals(3, limiter.queued(), "the rejected request did not take a place");
    }

    @Test
    void withNoQueueEveryRequestBeyondTheSlotsIsRejected() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(new ConcurrencyLimiter.Spec(1, 0, null));
        limiter.acquire(0, 1);
        assertEquals(Refusal.QUEUE_FULL, assertInstanceOf(Acquire.Rejected.class, limiter.acquire(0, 2)).reason());
    }

    @Test
    void waitersExpireWhenTheirWaitReachesTheMaximum() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(SMALL);
        limiter.acquire(0, 1);
        limiter.acquire(0, 2);
        limiter.acquire(0, 3);
        limiter.acquire(4 * SECOND, 4);
        assertEquals(List.of(), limiter.expire(10 * SECOND - 1), "1 ns before the first deadline nothing expires");
        assertEquals(List.of(3L), limiter.expire(10 * SECOND), "request 3 waited 10 s = max wait");
        assertEquals(List.of(4L), limiter.expire(14 * SECOND));
        assertEquals(0, limiter.queued());
    }

    @Test
    void aReleaseSkipsAndReportsWaitersPastTheirDeadline() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(SMALL);
        limiter.acquire(0, 1);
        limiter.acquire(0, 2);
        limiter.acquire(0, 3);
        limiter.acquire(5 * SECOND, 4);
        ConcurrencyLimiter.Handoff handoff = limiter.release(12 * SECOND);
        assertEquals(List.of(3L), handoff.expired(), "request 3's deadline (10 s) passed before the release at 12 s");
        assertEquals(OptionalLong.of(4), handoff.granted(), "request 4 (deadline 15 s) gets the slot");
        assertEquals(2, limiter.inFlight());
    }

    @Test
    void aCancelledWaiterLeavesTheLine() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(SMALL);
        limiter.acquire(0, 1);
        limiter.acquire(0, 2);
        limiter.acquire(0, 3);
        limiter.acquire(0, 4);
        assertTrue(limiter.cancel(3));
        assertFalse(limiter.cancel(3), "already gone");
        assertEquals(OptionalLong.of(4), limiter.release(1).granted());
    }

    @Test
    void aReleaseWithoutAGrantIsAnError() {
        assertThrows(IllegalStateException.class, () -> new ConcurrencyLimiter(SMALL).release(0));
    }

    @Test
    void overManySeededEventSequencesNeverMoreThanMaxInFlightAndEveryRequestIsAccountedFor() {
        // A random walk of arrivals, releases and expiries on a virtual clock. Invariants after every step:
        // in flight ≤ 4; in flight < 4 only with an empty queue; every id ends granted, rejected or expired, once.
        ConcurrencyLimiter.Spec spec = new ConcurrencyLimiter.Spec(4, 8, Duration.ofSeconds(2));
        for (long seed = 0; seed < 50; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            ConcurrencyLimiter limiter = new ConcurrencyLimiter(spec);
            ArrayDeque<Long> running = new ArrayDeque<>();
            Set<Long> settled = new HashSet<>();
            List<Long> order = new ArrayList<>();
            long now = 0;
            long nextId = 0;
            for (int step = 0; step < 2000; step++) {
                now += rng.nextLong(200_000_000L);
                int action = rng.nextInt(3);
                if (action == 0) {
                    long id = nextId++;
                    switch (limiter.acquire(now, id)) {
                        case Acquire.Granted g -> { running.add(id); assertTrue(settled.add(id)); }
                        case Acquire.Rejected r -> assertTrue(settled.add(id));
                        case Acquire.Queued q -> order.add(id);
                    }
                } else if (action == 1 && !running.isEmpty()) {
                    running.poll();
                    ConcurrencyLimiter.Handoff h = limiter.release(now);
                    for (long id : h.expired()) assertTrue(settled.add(id), "expired twice: " + id);
                    h.granted().ifPresent(id -> { running.add(id); assertTrue(settled.add(id), "granted twice: " + id); });
                } else {
                    for (long id : limiter.expire(now)) assertTrue(settled.add(id), "expired twice: " + id);
                }
                assertTrue(limiter.inFlight() <= 4, "seed " + seed + ": in flight " + limiter.inFlight() + " > max 4");
                assertEquals(running.size(), limiter.inFlight(), "seed " + seed + ": the limiter's count matches the requests running");
                assertTrue(limiter.inFlight() == 4 || limiter.queued() == 0, "seed " + seed + ": a free slot with " + limiter.queued() + " waiting");
            }
            assertEquals(nextId, settled.size() + limiter.queued(), "seed " + seed + ": every request settled once or still waiting");
        }
    }
}
