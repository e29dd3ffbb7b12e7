package dev.stampede.load;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The end of a run, as every client thread waits on it: set once (duration over, workload done, or
 * cancelled), after which waits return at once. Thread-safe.
 */
public final class StopSignal {

    private final CountDownLatch latch = new CountDownLatch(1);

    /** Ends the run; idempotent. */
    public void stop() { latch.countDown(); }

    public boolean stopped() { return latch.getCount() == 0; }

    /**
     * Waits up to {@code nanos} for the stop.
     *
     * @return true when the run stopped before the wait was over
     */
    public boolean await(long nanos) throws InterruptedException {
        return latch.await(nanos, TimeUnit.NANOSECONDS);
    }
}
