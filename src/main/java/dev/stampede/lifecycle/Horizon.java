package dev.stampede.lifecycle;

import dev.stampede.retry.FailureReason;

/**
 * Until when the requests of one run may retry and fall back: open while the run offers load and through its
 * graceful stop, closed when the grace ends ({@code unfinished}) or the run is cancelled ({@code interrupted}). Once
 * closed, a request that would wait for a retry or a fallback tier ends at once with {@link #reason()}, and a
 * request already waiting is ended by its engine with {@link RequestLifecycle#cutOff}. Attempts on the wire
 * are not affected: they finish (each within its timeout) and are not retried.
 *
 * <p>Data only (no clock): the engine closes it. Safe to share (the live engine's client threads read it while
 * the run's thread closes it); one per run, shared by every population.
 */
public final class Horizon {

    private volatile FailureReason closedWith;

    /** True while requests may still wait for retries and fallbacks. */
    public boolean open() { return closedWith == null; }

    /**
     * Closes the horizon: from now on a request cut off ends as {@code reason}. Closing twice keeps the first reason.
     */
    public void close(FailureReason reason) {
        if (reason == null) throw new IllegalArgumentException("reason must not be null");
        if (closedWith == null) closedWith = reason;
    }

    /**
     * The reason a request cut off ends with; {@code interrupted} while the horizon is open (an engine cuts an open
     * horizon's requests only when it is being torn down).
     */
    public FailureReason reason() {
        FailureReason r = closedWith;
        return r == null ? FailureReason.INTERRUPTED : r;
    }
}
