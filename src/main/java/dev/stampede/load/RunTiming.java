package dev.stampede.load;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The time frame of one strategy's run: its origin on the engine clock, its stop signal, and the end of
 * its latest request (the completion time of a finite workload). Thread-safe.
 */
final class RunTiming {

    private final EngineClock clock;
    private final long originNanos;
    private final StopSignal stop = new StopSignal();
    private final AtomicLong lastRequestEndNanos = new AtomicLong(-1);

    RunTiming(EngineClock clock) {
        this.clock = clock;
        this.originNanos = clock.nanoTime();
    }

    /** Nanoseconds since the run started. */
    long elapsedNanos() { return clock.nanoTime() - originNanos; }

    StopSignal stop() { return stop; }

    /** Waits until {@code elapsedNanos} since the start; false when the run stopped first. */
    boolean awaitElapsed(long elapsedNanos) throws InterruptedException {
        return clock.awaitUntil(originNanos + elapsedNanos, stop);
    }

    void requestEnded(long endNanos) { lastRequestEndNanos.accumulateAndGet(endNanos, Math::max); }

    /** When the latest request ended, or -1 when none has. */
    long lastRequestEndNanos() { return lastRequestEndNanos.get(); }
}
