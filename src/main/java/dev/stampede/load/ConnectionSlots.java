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
 * <p>Arrivals keep the line of waiters as long as the slots at most ({@link #full}; arrivals whose threads have not
 * asked yet count as waiting, since a client that is behind runs them late): the N waiters ahead take the next
 * N slots released, so a newcomer let in waits about two exchange times at most (the exchange running on each
 * connection, then the first of those the waiters ahead start). A longer line only holds more requests that time out
 * in it, and waking them costs a client that is already behind the CPU it lacks (docs/engine.md, "Connections").
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
    /** Slots held plus threads waiting, written under the lock, read without it. */
    private volatile int demand;

    /** {@link Waiter#lane} of a waiter whose deadline passed before a slot came: it gets none. */
    private static final int EXPIRED = -2;

    /**
     * A thread waiting for a slot; {@code lane} is set (then the thread unparked) when a slot is handed to it, or to
     * {@link #EXPIRED} when one came after its deadline.
     */
    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        final long deadlineNanos;
        volatile int lane = -1;

        Waiter(long deadlineNanos) { this.deadlineNanos = deadlineNanos; }
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

    /**
     * True when every slot is held and as many threads wait as there are slots, counting {@code coming} threads that
     * will ask soon as waiting (slots held + waiting + coming {@code >= 2 × capacity}): an open-model arrival that finds
     * this is refused as {@code clientSaturated}, like one beyond {@code maxInFlight}. Lock-free (a volatile read), so
     * the pacer can ask at every arrival; may be a moment stale.
     *
     * @param coming requests handed to a thread that has not asked for a slot yet, {@code >= 0}
     */
    boolean full(int coming) { return demand + (long) coming >= 2L * capacity; }

    /** Recomputes {@link #demand}; called under the lock after every change of the free slots or the waiters. */
    private void updateFull() {
        demand = capacity - free.size() + waiters.size();
    }

    int lanes() { return lanes; }

    /** Takes a free slot if there is one and nobody waits for it: its lane, else -1 (nothing held). */
    int tryAcquire() {
        lock.lock();
        try {
            if (!waiters.isEmpty() || free.isEmpty()) return -1;
            int lane = free.pop();
            updateFull();
            return lane;
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
            if (waiters.isEmpty() && !free.isEmpty()) {
                int lane = free.pop();
                updateFull();
                return lane;
            }
            w = new Waiter(deadlineNanos);
            waiters.add(w);
            updateFull();
        } finally {
            lock.unlock();
        }
        while (true) {
            int lane = w.lane;
            if (lane >= 0) return lane;
            if (lane == EXPIRED) return -1;
            long left = deadlineNanos - nanoTime.getAsLong();
            boolean interrupted = Thread.interrupted();
            if (left <= 0 || interrupted) {
                lock.lock();
                try {
                    lane = w.lane;
                    if (lane == -1) {
                        waiters.remove(w);
                        updateFull();
                    }
                } finally {
                    lock.unlock();
                }
                if (interrupted) {
                    if (lane >= 0) release(lane);
                    throw new InterruptedException();
                }
                return Math.max(-1, lane);  // handed over just at the deadline, or none
            }
            LockSupport.parkNanos(this, left);
        }
    }

    /**
     * Gives back a slot of {@code lane}: to the longest waiter whose deadline has not passed, else to the free slots.
     * Waiters found past their deadline leave the queue with none (a slot handed to them would be wasted: their
     * attempt is over); a client too busy to wake them at their deadline thus never sends their attempts late.
     */
    void release(int lane) {
        Waiter next;
        java.util.List<Waiter> expired = null;
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            while ((next = waiters.poll()) != null && next.deadlineNanos - now <= 0) {
                next.lane = EXPIRED;
                if (expired == null) expired = new java.util.ArrayList<>();
                expired.add(next);
            }
            if (next == null) free.push(lane);
            else next.lane = lane;
            updateFull();
        } finally {
            lock.unlock();
        }
        if (expired != null) for (Waiter w : expired) LockSupport.unpark(w.thread);
        if (next != null) LockSupport.unpark(next.thread);
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
