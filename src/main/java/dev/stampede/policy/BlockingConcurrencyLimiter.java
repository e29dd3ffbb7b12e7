package dev.stampede.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The live engine's form of {@link ConcurrencyLimiter}: {@link #acquire} blocks the calling (virtual)
 * thread while it waits in the FIFO queue, and returns when it holds a slot or was refused. Each
 * waiter waits on its own latch with a timeout of its remaining {@code maxWait}; {@link #release}
 * opens the latch of the waiter it hands the slot to.
 *
 * <p>Time comes from the injected {@code nanoClock} ({@code System::nanoTime} live). Waits themselves
 * are real-time; {@link #expireWaiters} drops, at once, waiters whose wait has reached {@code maxWait}
 * on that clock, which is how tests drive expiry without sleeping.
 *
 * <p>Thread-safe: shared by all clients of a run. The lock is held only for bookkeeping, never while
 * waiting.
 */
public final class BlockingConcurrencyLimiter {

    /** The answer to {@link #acquire}. */
    public sealed interface Admission {
        /** The caller holds a slot and must call {@link #release} when its request ends. */
        record Entered(long waitedNanos) implements Admission {}

        /** The caller holds no slot: {@link Refusal#QUEUE_FULL} (at once) or {@link Refusal#LIMITER_WAIT}. */
        record Refused(Refusal reason, long waitedNanos) implements Admission {}
    }

    private static final class Waiter {
        final CountDownLatch latch = new CountDownLatch(1);
        final long deadlineNanos;
        Refusal refusal;
        boolean granted;

        Waiter(long deadlineNanos) { this.deadlineNanos = deadlineNanos; }

        boolean decided() { return granted || refusal != null; }
    }

    private final ConcurrencyLimiter limiter;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, Waiter> waiters = new HashMap<>();
    private long nextId;

    public BlockingConcurrencyLimiter(ConcurrencyLimiter.Spec spec, LongSupplier nanoClock) {
        this.limiter = new ConcurrencyLimiter(spec);
        this.nanoClock = nanoClock;
        this.perAttempt = spec.perAttempt();
    }

    private final boolean perAttempt;

    /** Whether the slot is given back for every backoff wait ({@link ConcurrencyLimiter.Spec#perAttempt()}). */
    public boolean perAttempt() { return perAttempt; }

    /**
     * Takes a slot, waiting in line when all are taken.
     *
     * @throws InterruptedException when interrupted while waiting; the caller then holds no slot
     */
    public Admission acquire() throws InterruptedException {
        long startNanos = nanoClock.getAsLong();
        long id;
        Waiter waiter;
        lock.lock();
        try {
            id = nextId++;
            switch (limiter.acquire(startNanos, id)) {
                case ConcurrencyLimiter.Acquire.Granted g -> { return new Admission.Entered(0); }
                case ConcurrencyLimiter.Acquire.Rejected r -> { return new Admission.Refused(r.reason(), 0); }
                case ConcurrencyLimiter.Acquire.Queued q -> {
                    waiter = new Waiter(q.deadlineNanos());
                    waiters.put(id, waiter);
                }
            }
        } finally { lock.unlock(); }

        boolean interrupted = false;
        try {
            waiter.latch.await(Math.max(0, waiter.deadlineNanos - nanoClock.getAsLong()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        lock.lock();
        try {
            if (!waiter.decided()) {
                // Timed out or interrupted before anyone decided: leave the line. A release racing with
                // us either handed the slot over before we took the lock (decided) or will not see us.
                limiter.cancel(id);
                waiters.remove(id);
                if (interrupted) throw new InterruptedException("interrupted while waiting for a concurrency slot");
                waiter.refusal = Refusal.LIMITER_WAIT;
            }
        } finally { lock.unlock(); }
        // Interrupted after being granted: keep the slot (the caller must release it) and the flag.
        if (interrupted) Thread.currentThread().interrupt();
        long waited = nanoClock.getAsLong() - startNanos;
        return waiter.granted ? new Admission.Entered(waited) : new Admission.Refused(waiter.refusal, waited);
    }

    /** Ends a request that {@link #acquire} let in; wakes the waiter that gets its slot. */
    public void release() {
        lock.lock();
        try {
            ConcurrencyLimiter.Handoff handoff = limiter.release(nanoClock.getAsLong());
            refuse(handoff.expired());
            handoff.granted().ifPresent(id -> {
                Waiter w = waiters.remove(id);
                w.granted = true;
                w.latch.countDown();
            });
        } finally { lock.unlock(); }
    }

    /** Drops and wakes every waiter whose wait has reached {@code maxWait} on the clock; returns how many. */
    public int expireWaiters() {
        lock.lock();
        try {
            List<Long> expired = limiter.expire(nanoClock.getAsLong());
            refuse(expired);
            return expired.size();
        } finally { lock.unlock(); }
    }

    /** Requests holding a slot. */
    public int inFlight() { return limiter.inFlight(); }

    /** Requests waiting. */
    public int queued() { return limiter.queued(); }

    private void refuse(List<Long> ids) {
        for (long id : ids) {
            Waiter w = waiters.remove(id);
            w.refusal = Refusal.LIMITER_WAIT;
            w.latch.countDown();
        }
    }
}
