package dev.stampede.load;

import dev.stampede.server.Signal;

/**
 * The end of a run, as every client thread waits on it: set once (duration over, workload done, or
 * cancelled), after which waits return at once. Thread-safe; a wait costs the same however many threads wait
 * ({@link Signal}).
 */
public final class StopSignal {

    private final Signal signal = new Signal();

    /** Ends the run; idempotent. */
    public void stop() { signal.fire(); }

    public boolean stopped() { return signal.fired(); }

    /**
     * Waits up to {@code nanos} for the stop.
     *
     * @return true when the run stopped before the wait was over
     */
    public boolean await(long nanos) throws InterruptedException {
        return signal.await(nanos);
    }
}
