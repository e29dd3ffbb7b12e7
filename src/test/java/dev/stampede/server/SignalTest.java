package dev.stampede.server;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignalTest {

    private static final long HOUR = Duration.ofHours(1).toNanos();

    /** Spins (yielding) until {@code signal} has {@code n} waiters; bounded, so a bug fails instead of hanging. */
    private static void awaitWaiters(Signal signal, int n) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (signal.waiting() != n) {
            assertTrue(System.nanoTime() - end < 0, "expected " + n + " waiters, have " + signal.waiting());
            Thread.yield();
        }
    }

    @Test
    void aWaitThatTimesOutReturnsFalseAndLeavesNothingBehind() throws InterruptedException {
        Signal signal = new Signal();
        assertFalse(signal.await(Duration.ofMillis(5).toNanos()));
        assertFalse(signal.await(0));
        assertEquals(0, signal.waiting());
    }

    @Test
    void firingWakesEveryWaiterAndLaterWaitsReturnAtOnce() throws InterruptedException {
        Signal signal = new Signal();
        AtomicInteger woken = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    if (signal.await(HOUR)) woken.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        awaitWaiters(signal, 100);
        signal.fire();
        for (Thread t : threads) assertTrue(t.join(Duration.ofSeconds(30)), "a waiter did not wake");
        assertEquals(100, woken.get(), "every wait saw the signal, none its hour-long timeout");
        assertEquals(0, signal.waiting());
        assertTrue(signal.fired());
        assertTrue(signal.await(HOUR), "after the fire a wait returns at once");
    }

    @Test
    void anInterruptedWaitThrows() throws InterruptedException {
        Signal signal = new Signal();
        AtomicReference<Object> ended = new AtomicReference<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                ended.set(signal.await(HOUR));
            } catch (InterruptedException e) {
                ended.set(e);
            }
        });
        awaitWaiters(signal, 1);
        waiter.interrupt();
        assertTrue(waiter.join(Duration.ofSeconds(30)));
        assertTrue(ended.get() instanceof InterruptedException, String.valueOf(ended.get()));
        assertEquals(0, signal.waiting());
    }

    @Test
    void tenThousandWaitsThatTimeOutAllEndAndDeregister() throws InterruptedException {
        Signal signal = new Signal();
        AtomicInteger timedOut = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            long nanos = Duration.ofMillis(1 + i % 20).toNanos();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    if (!signal.await(nanos)) timedOut.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : threads) assertTrue(t.join(Duration.ofSeconds(60)));
        assertEquals(10_000, timedOut.get());
        assertEquals(0, signal.waiting(), "a wait that ended left no trace");
    }
}
