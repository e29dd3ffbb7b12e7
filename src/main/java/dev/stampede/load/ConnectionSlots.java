package dev.stampede.load;

import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The run's connection limit ({@code client.connections}): at most {@code capacity} attempts hold a connection at
 * once, each through a slot of one of several lanes ({@code lanes} HTTP clients, each with its own small pool; see
 * {@link HttpTransport}). An attempt that finds no free slot waits for one, first come first served (a released slot
 * is handed straight to the longest waiter, so a stream of new arrivals cannot starve it), until its deadline.
 *
 * <p>Free slots are taken last-in first-out, lane 0's first: at low concurrency the attempts stay on the first lane's
 * warm connections, and further lanes come into use only as concurrency grows.
 *
 * <p>Thread-safe. One short lock per acquire and release; a waiter parks without holding it.
 */
final class ConnectionSlots {

    private final int capacity;
    private final int lanes;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Integer> free;           // lane index of each free slot; a stack: last pushed, first out
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    /** A thread waiting for a slot; {@code lane} is set (then the thread unparked) when a slot is handed to it. */
    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        volatile int lane = -1;
    }

    /**
     * @param capacity the most slots held at once, {@code >= 1}
     * @param lanes    how many lanes share them ({@code 1..capacity}); slot counts per lane differ by one at most
     * @param nanoTime the monotonic clock deadlines are on ({@link System#nanoTime} live)
     */
    ConnectionSlots(int capacity, int lanes, LongSupplier nanoTime) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        if (lanes < 1 || lanes > capacity) throw new IllegalArgumentException("lanes must be in 1.." + capacity + ", got " + lanes);
        this.capacity = capacity;
        this.lanes = lanes;
        this.nanoTime = nanoTime;
        this.free = new ArrayDeque<>(capacity);
        // pushed last lane first, so that lane 0's slots are on top of the stack
        for (int lane = lanes - 1; lane >= 0; lane--) {
            int slots = capacity / lanes + (lane < capacity % lanes ? 1 : 0);
            for (int i = 0; i < slots; i++) free.push(lane);
        }
    }

    int capacity() { return capacity; }

    int lanes() { return lanes; }

    /** Takes a free slot if there is one and nobody waits for it: its lane, else -1 (nothing held). */
    int tryAcquire() {
        lock.lock();
        try {
            return waiters.isEmpty() && !free.isEmpty() ? free.pop() : -1;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a slot, waiting until {@code deadlineNanos} (on the clock given) at the longest.
     *
     * @return the slot's lane ({@code 0..lanes-1}; give it back with {@link #release}), or -1 when the deadline passed
     *         first
     * @throws InterruptedException when interrupted while waiting (no slot is held then)
     */
    int acquire(long deadlineNanos) throws InterruptedException {
        Waiter w;
        lock.lock();
        try {
            if (waiters.isEmpty() && !free.isEmpty()) return free.pop();
            w = new Waiter();
            waiters.add(w);
        } finally {
            lock.unlock();
        }
        while (true) {
            int lane = w.lane;
            if (lane >= 0) return lane;
            long left = deadlineNanos - nanoTime.getAsLong();
            boolean interrupted = Thread.interrupted();
            if (left <= 0 || interrupted) {
                lock.lock();
                try {
                    lane = w.lane;
                    if (lane < 0) waiters.remove(w);
                } finally {
                    lock.unlock();
                }
                if (interrupted) {
                    if (lane >= 0) release(lane);
                    throw new InterruptedException();
                }
                return lane;  // handed over just at the deadline, or -1
            }
            LockSupport.parkNanos(this, left);
        }
    }

    /** Gives back a slot of {@code lane}: to the longest waiter, else to the free slots. */
    void release(int lane) {
        Waiter next;
        lock.lock();
        try {
            next = waiters.poll();
            if (next == null) {
                free.push(lane);
                return;
            }
            next.lane = lane;
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(next.thread);
    }

    /** Slots free now (for tests). */
    int free() {
        lock.lock();
        try {
            return free.size();
        } finally {
            lock.unlock();
        }
    }

    /** Threads waiting now (for tests). */
    int waiting() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }
}
