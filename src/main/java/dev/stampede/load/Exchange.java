package dev.stampede.load;

import dev.stampede.retry.AttemptOutcome;

/**
 * One HTTP attempt, as the engine sees it: send the scenario's request, wait at most a bounded time for
 * the complete response (headers and body), and say how it ended. Implementations are thread-safe: every
 * client thread of a run shares one instance.
 */
@FunctionalInterface
public interface Exchange {

    /**
     * Sends one attempt and waits for its end.
     *
     * @param timeoutNanos the whole exchange's budget (connect, headers and body), {@code > 0}
     * @return the status and hints, or the client error kind; never {@code null}, never throws for a
     *         misbehaving target
     * @throws InterruptedException when the calling thread is interrupted (the attempt is aborted)
     */
    AttemptOutcome send(long timeoutNanos) throws InterruptedException;
}
