package dev.stampede.policy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Self-throttling (seeds 002 and 004): at most {@code maxInFlight} requests in flight; later ones wait
 * in a FIFO queue of at most {@code queueCapacity} entries for at most {@code maxWait}. An arrival that
 * finds the queue full is rejected at once ({@link Refusal#QUEUE_FULL}); a waiter whose wait reaches
 * {@code maxWait} is dropped ({@link Refusal#LIMITER_WAIT}).
 *
 * <p>The pure form the simulator drives with events: {@link #acquire} on arrival, {@link #release}
 * when a granted request ends (it hands the slot to the oldest live waiter), {@link #expire} at a
 * waiter's deadline, {@link #cancel} when a waiter gives up on its own. The caller names requests with
 * ids unique among those queued. FIFO is strict: while anyone waits, a new arrival queues even if it
 * could have barged in. The live engine uses {@link BlockingConcurrencyLimiter}.
 *
 * <p>Thread-safe: shared by all clients of a run; every call holds a private lock for a few steps
 * ({@link #cancel} scans the queue) and never blocks inside it.
 */
public final class ConcurrencyLimiter {

    /**
     * @param maxInFlight   requests in flight at once, ≥ 1 (seed 002: "cap at 30")
     * @param queueCapacity waiters at most, ≥ 0 (0: reject whenever all slots are taken)
     * @param maxWait       longest wait in the queue, &gt; 0 when {@code queueCapacity > 0}
     * @param perAttempt    the engines give the slot back for every backoff wait and take it again (queueing if need
     *                      be) before the retry: a cap on attempts in flight; {@code false}: the slot is held from the
     *                      request's start to its end, backoff waits included (a semaphore around a retrying call)
     */
    public record Spec(int maxInFlight, int queueCapacity, Duration maxWait, boolean perAttempt) {
        /** Seed 004: one drain loop, a queue of 50, 120 s max wait. */
        public static final Spec SEED_004 = new Spec(1, 50, Duration.ofSeconds(120));

        /** A slot held through backoff waits. */
        public Spec(int maxInFlight, int queueCapacity, Duration maxWait) {
            this(maxInFlight, queueCapacity, maxWait, false);
        }

        public Spec {
            if (maxInFlight < 1) throw new IllegalArgumentException("limiter maxInFlight must be >= 1, got " + maxInFlight);
            if (queueCapacity < 0) throw new IllegalArgumentException("limiter queueCapacity must be >= 0, got " + queueCapacity);
            maxWait = maxWait == null ? Duration.ZERO : maxWait;
            if (maxWait.isNegative()) throw new IllegalArgumentException("limiter maxWait must be >= 0, got " + maxWait);
            if (queueCapacity > 0 && maxWait.isZero()) throw new IllegalArgumentException("limiter maxWait must be > 0 when queueCapacity > 0");
        }
    }

    /** The answer to {@link #acquire}. */
    public sealed interface Acquire {
        /** The request may go now; call {@link #release} when it ends. */
        record Granted(long id) implements Acquire {}

        /** The request waits; it will be granted by a {@link #release}, or dropped at {@code deadlineNanos}. */
        record Queued(long id, long deadlineNanos) implements Acquire {}

        /** The request must not go; {@code reason} is {@link Refusal#QUEUE_FULL}. */
        record Rejected(long id, Refusal reason) implements Acquire {}
    }

    /**
     * What a {@link #release} did.
     *
     * @param granted the waiter that now holds the freed slot, if any
     * @param expired waiters found past their deadline on the way and dropped ({@link Refusal#LIMITER_WAIT}), oldest first
     */
    public record Handoff(OptionalLong granted, List<Long> expired) {
        public Handoff { expired = List.copyOf(expired); }
    }

    private record Waiter(long id, long deadlineNanos) {}

    private final Spec spec;
    private final long maxWaitNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private int inFlight;

    public ConcurrencyLimiter(Spec spec) {
        this.spec = spec;
        this.maxWaitNanos = spec.maxWait().toNanos();
    }

    public Spec spec() { return spec; }

    /** A request {@code id} arrives at {@code nowNanos}. */
    public Acquire acquire(long nowNanos, long id) {
        lock.lock();
        try {
            if (queue.isEmpty() && inFlight < spec.maxInFlight()) {
                inFlight++;
                return new Acquire.Granted(id);
            }
            if (queue.size() >= spec.queueCapacity()) return new Acquire.Rejected(id, Refusal.QUEUE_FULL);
            Waiter w = new Waiter(id, nowNanos + maxWaitNanos);
            queue.addLast(w);
            return new Acquire.Queued(id, w.deadlineNanos());
        } finally { lock.unlock(); }
    }

    /**
     * A granted request ended at {@code nowNanos}: its slot goes to the oldest waiter whose deadline has
     * not been reached; waiters found past theirs are dropped and listed.
     *
     * @throws IllegalStateException when nothing is in flight (a release without a grant)
     */
    public Handoff release(long nowNanos) {
        lock.lock();
        try {
            if (inFlight == 0) throw new IllegalStateException("release without a granted request in flight");
            List<Long> expired = dropExpired(nowNanos);
            Waiter next = queue.pollFirst();
            if (next == null) {
                inFlight--;
                return new Handoff(OptionalLong.empty(), expired);
            }
            return new Handoff(OptionalLong.of(next.id()), expired);
        } finally { lock.unlock(); }
    }

    /**
     * Drops the waiters whose wait has reached {@code maxWait} at {@code nowNanos}
     * ({@code nowNanos ≥ arrival + maxWait}), oldest first. Scans from the head and stops at the first
     * live waiter, so a waiter queued behind a slightly later deadline (a live clock read out of order)
     * is dropped on a later call.
     */
    public List<Long> expire(long nowNanos) {
        lock.lock();
        try { return dropExpired(nowNanos); } finally { lock.unlock(); }
    }

    /** Removes waiter {@code id} (it gave up or was interrupted); {@code false} when it is not queued. */
    public boolean cancel(long id) {
        lock.lock();
        try {
            for (Iterator<Waiter> it = queue.iterator(); it.hasNext(); ) {
                if (it.next().id() == id) {
                    it.remove();
                    return true;
                }
            }
            return false;
        } finally { lock.unlock(); }
    }

    /** Requests holding a slot. */
    public int inFlight() {
        lock.lock();
        try { return inFlight; } finally { lock.unlock(); }
    }

    /** Requests waiting. */
    public int queued() {
        lock.lock();
        try { return queue.size(); } finally { lock.unlock(); }
    }

    private List<Long> dropExpired(long nowNanos) {
        List<Long> expired = new ArrayList<>(0);
        while (!queue.isEmpty() && nowNanos - queue.peekFirst().deadlineNanos() >= 0) expired.add(queue.pollFirst().id());
        return expired;
    }
}
