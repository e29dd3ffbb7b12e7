package dev.stampede.load;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The time frame of one strategy's run: its origin on the engine clock, its stop signal, and the end of
 * its latest request (the completion time of a finite workload). Thread-safe.
 */
final class RunTiming {

    private final EngineClock clock;
    private final long originNanos;
    private final StopSignal arrivals = new StopSignal();
    private final StopSignal stop = new StopSignal();
    private final AtomicLong lastRequestEndNanos = new AtomicLong(-1);
    private final AtomicLong requestNumbers = new AtomicLong();

    RunTiming(EngineClock clock) {
        this.clock = clock;
        this.originNanos = clock.nanoTime();
    }

    /** Nanoseconds since the run started. */
    long elapsedNanos() { return clock.nanoTime() - originNanos; }

    /**
     * The end of the run's offered load (the duration is over, the workload done, or the run cancelled): no request
     * starts after it; requests in progress go on (the graceful stop) until {@link #stop()}.
     */
    StopSignal arrivals() { return arrivals; }

    /** The end of the graceful stop (or a cancellation): requests waiting to retry end now. Implies {@link #arrivals()}. */
    StopSignal stop() { return stop; }

    /** Ends the offered load: no request starts from now on. */
    void endArrivals() { arrivals.stop(); }

    /** Ends the run: no request starts, and waits for retries end. */
    void endRun() {
        arrivals.stop();
        stop.stop();
    }

    /** A request's wait (backoff, fallback pause): until {@code elapsedNanos} since the start; false when the run stopped first. */
    boolean awaitElapsed(long elapsedNanos) throws InterruptedException {
        return clock.awaitUntil(originNanos + elapsedNanos, stop);
    }

    /** A load model's wait (next arrival, think time): until {@code elapsedNanos}; false when the offered load ended first. */
    boolean awaitArrival(long elapsedNanos) throws InterruptedException {
        return clock.awaitUntil(originNanos + elapsedNanos, arrivals);
    }

    void requestEnded(long endNanos) { lastRequestEndNanos.accumulateAndGet(endNanos, Math::max); }

    /** When the latest request ended, or -1 when none has. */
    long lastRequestEndNanos() { return lastRequestEndNanos.get(); }

    /**
     * The next logical request's number, in the order requests start over every population (from 0): the simulator
     * numbers them the same way, and a server's {@code rateLimit} deals them to its API keys by it.
     */
    long nextRequestNumber() {
        return requestNumbers.getAndIncrement();
    }
}
