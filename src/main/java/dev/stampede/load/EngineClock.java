package dev.stampede.load;

/**
 * Time as the live engine sees it: a monotonic nanosecond ticker for measuring, and a way to wait until
 * a time unless the run stops first. Injected so that the pacer's logic runs on a virtual clock in tests.
 * Implementations are thread-safe.
 */
public interface EngineClock {

    /** Monotonic nanoseconds (arbitrary origin). */
    long nanoTime();

    /**
     * Waits until {@link #nanoTime()} reaches {@code deadlineNanos} — a real wait on the calling (virtual)
     * thread — or until {@code stop} is set.
     *
     * @return true when the deadline was reached, false when the run stopped first
     * @throws InterruptedException when the waiting thread is interrupted
     */
    boolean awaitUntil(long deadlineNanos, StopSignal stop) throws InterruptedException;

    /** {@link System#nanoTime()}, waiting on the stop signal's latch. */
    EngineClock SYSTEM = new EngineClock() {
        @Override public long nanoTime() { return System.nanoTime(); }

        @Override public boolean awaitUntil(long deadlineNanos, StopSignal stop) throws InterruptedException {
            long waitNanos = deadlineNanos - System.nanoTime();
            if (waitNanos <= 0) return !stop.stopped();
            return !stop.await(waitNanos);
        }
    };
}
