package dev.stampede.server;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One request of the mock's event-driven model, as its handler thread sees it: waiting for a worker, in service
 * until {@link #endNanos()} ({@code System.nanoTime()} time), or answered without service (a queue timeout, a
 * phase abort). The model's host sets it under the model's lock; the handler's virtual thread parks in
 * {@link #await} (a {@link ReentrantLock} condition, so it never pins its carrier). Thread-safe.
 */
final class Waiter {

    enum State { WAITING, STARTED, ANSWERED, CLOSED }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private State state = State.WAITING;
    private long endNanos;
    private Verdict.Reject answer;

    /** Service starts now for {@code serviceNanos}. */
    void start(long serviceNanos) {
        lock.lock();
        try {
            if (state != State.WAITING) return;
            state = State.STARTED;
            endNanos = System.nanoTime() + serviceNanos;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Answered at once without (further) service. */
    void answer(Verdict.Reject a) {
        lock.lock();
        try {
            if (state == State.CLOSED || state == State.ANSWERED) return;
            answer = a;
            state = State.ANSWERED;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The server is closing: release the handler. */
    void close() {
        lock.lock();
        try {
            state = State.CLOSED;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean started() {
        lock.lock();
        try { return state == State.STARTED; } finally { lock.unlock(); }
    }

    long endNanos() {
        lock.lock();
        try { return endNanos; } finally { lock.unlock(); }
    }

    /** The answer given without service, or {@code null}. */
    Verdict.Reject answer() {
        lock.lock();
        try { return answer; } finally { lock.unlock(); }
    }

    /**
     * Parks until the state changes to answered or closed, a waiting request starts, or {@code System.nanoTime()}
     * reaches {@code wakeAtNanos}; returns the state then.
     */
    State await(long wakeAtNanos) {
        lock.lock();
        try {
            State seen = state;
            while (state == seen && state != State.ANSWERED && state != State.CLOSED) {
                long left = wakeAtNanos - System.nanoTime();
                if (left <= 0) break;
                try {
                    changed.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    state = State.CLOSED;
                }
            }
            return state;
        } finally {
            lock.unlock();
        }
    }
}
