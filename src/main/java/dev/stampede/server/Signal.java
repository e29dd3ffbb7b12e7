package dev.stampede.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * A one-shot signal that many threads wait on, each with a timeout: the run's stop, which every client thread's
 * think time waits on, and the mock's closing, which every request in service waits on. Thread-safe.
 *
 * <p>Not a {@link java.util.concurrent.CountDownLatch}: a timed wait on a latch that ends by its timeout unlinks the
 * thread's node from the latch's queue of waiters, and that walks the queue — O(waiters) per wait. With 100,000
 * closed-model clients thinking at once, that walk took 87 % of the client's CPU (docs/engine.md, "Waiting"). Here a
 * waiter parks on its own and registers in a concurrent set, so a wait costs the same however many wait with it, and
 * {@link #fire} unparks every thread registered.
 */
public final class Signal {

    private volatile boolean fired;
    private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();

    /** Fires the signal (idempotent): every wait, now or later, returns at once. */
    public void fire() {
        fired = true;
        for (Thread t : waiting) LockSupport.unpark(t);
    }

    public boolean fired() { return fired; }

    /**
     * Waits up to {@code nanos} for the signal.
     *
     * @return true when it fired before the wait was over
     * @throws InterruptedException when the waiting thread is interrupted (its interrupt is cleared)
     */
    public boolean await(long nanos) throws InterruptedException {
        if (fired) return true;
        if (Thread.interrupted()) throw new InterruptedException();
        long deadline = System.nanoTime() + nanos;
        Thread me = Thread.currentThread();
        waiting.add(me);  // before reading fired: a fire after this read unparks this thread
        try {
            while (!fired) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) throw new InterruptedException();
            }
            return true;
        } finally {
            waiting.remove(me);
        }
    }

    /** Threads waiting now (for tests). */
    int waiting() { return waiting.size(); }
}
