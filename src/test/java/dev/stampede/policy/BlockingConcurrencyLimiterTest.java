package dev.stampede.policy;

import dev.stampede.policy.BlockingConcurrencyLimiter.Admission;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blocking adapter, driven by a virtual clock and latches: nothing here sleeps. */
class BlockingConcurrencyLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long BOUND_SECONDS = 10;

    private final AtomicLong clock = new AtomicLong();

    /** Waits (bounded, spinning, no sleep) until a condition on the limiter holds. */
    private static void awaitState(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + BOUND_SECONDS + " s waiting for: " + what);
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static CompletableFuture<Admission> acquireInBackground(BlockingConcurrencyLimiter limiter) {
        CompletableFuture<Admission> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(limiter.acquire());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    @Test
    void entersAtOnceWhileSlotsAreFreeAndRefusesAtOnceWhenTheQueueIsFull() throws Exception {
        BlockingConcurrencyLimiter limiter = new BlockingConcurrencyLimiter(new ConcurrencyLimiter.Spec(1, 0, null), clock::get);
        assertEquals(new Admission.Entered(0), limiter.acquire());
        assertEquals(new Admission.Refused(Refusal.QUEUE_FULL, 0), limiter.acquire(), "one slot, no queue");
    }

    @Test
    void aReleaseWakesTheOldestWaiterFirst() throws Exception {
        BlockingConcurrencyLimiter limiter = new BlockingConcurrencyLimiter(new ConcurrencyLimiter.Spec(1, 5, Duration.ofSeconds(120)), clock::get);
        limiter.acquire();
        CompletableFuture<Admission> first = acquireInBackground(limiter);
        awaitState(() -> limiter.queued() == 1, "the first waiter queued");
        CompletableFuture<Admission> second = acquireInBackground(limiter);
        awaitState(() -> limiter.queued() == 2, "the second waiter queued");

        clock.set(3 * SECOND);
        limiter.release();
        assertEquals(new Admission.Entered(3 * SECOND), first.get(BOUND_SECONDS, TimeUnit.SECONDS), "the first waiter enters, having waited 3 s");
        assertFalse(second.isDone(), "the second still waits");
        limiter.release();
        assertInstanceOf(Admission.Entered.class, second.get(BOUND_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, limiter.inFlight());
    }

    @Test
    void aWaiterIsRefusedWithDeadlineOnceItsWaitReachesTheMaximum() throws Exception {
        BlockingConcurrencyLimiter limiter = new BlockingConcurrencyLimiter(new ConcurrencyLimiter.Spec(1, 5, Duration.ofSeconds(120)), clock::get);
        limiter.acquire();
        CompletableFuture<Admission> waiter = acquireInBackground(limiter);
        awaitState(() -> limiter.queued() == 1, "the waiter queued");
        clock.set(119 * SECOND);
        assertEquals(0, limiter.expireWaiters(), "119 s < 120 s: nobody expires");
        clock.set(120 * SECOND);
        assertEquals(1, limiter.expireWaiters());
        assertEquals(new Admission.Refused(Refusal.LIMITER_WAIT, 120 * SECOND), waiter.get(BOUND_SECONDS, TimeUnit.SECONDS));
        assertEquals(0, limiter.queued());
    }

    @Test
    void anInterruptedWaiterLeavesTheLineAndHoldsNoSlot() throws Exception {
        BlockingConcurrencyLimiter limiter = new BlockingConcurrencyLimiter(new ConcurrencyLimiter.Spec(1, 5, Duration.ofSeconds(120)), clock::get);
        limiter.acquire();
        CompletableFuture<Admission> result = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                result.complete(limiter.acquire());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        awaitState(() -> limiter.queued() == 1, "the waiter queued");
        t.interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(BOUND_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(InterruptedException.class, e.getCause());
        assertEquals(0, limiter.queued());
        limiter.release();
        assertEquals(0, limiter.inFlight(), "the interrupted waiter was not handed the slot");
    }

    @Test
    void aThousandThreadsNeverHaveMoreThanMaxInFlightAndAllGetThrough() throws Exception {
        BlockingConcurrencyLimiter limiter = new BlockingConcurrencyLimiter(new ConcurrencyLimiter.Spec(4, 1000, Duration.ofHours(1)), System::nanoTime);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        AtomicInteger entered = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 1000; i++) {
                done.add(pool.submit(() -> {
                    start.await();
                    if (limiter.acquire() instanceof Admission.Entered) {
                        entered.incrementAndGet();
                        maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.yield();
                        inside.decrementAndGet();
                        limiter.release();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) f.get(BOUND_SECONDS * 6, TimeUnit.SECONDS);
        }
        assertTrue(maxInside.get() <= 4, "at most 4 in flight, saw " + maxInside.get());
        assertEquals(1000, entered.get(), "a queue of 1,000 and an hour's max wait: everyone enters");
        assertEquals(0, limiter.inFlight());
    }
}
