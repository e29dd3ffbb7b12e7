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

    /**
     * How an attempt ended, with the response body when it was asked for.
     *
     * @param body the body as text (UTF-8), or {@code null} when not kept or when there was no response
     */
    record Answer(AttemptOutcome outcome, String body) {}

    /**
     * Sends one attempt to {@code url} (a fallback tier's absolute URL; {@code null} for the scenario's own
     * request), keeping the response body when {@code keepBody} (for a quality gate). The default sends the
     * scenario's request and keeps no body: an exchange that knows one target only.
     *
     * @throws InterruptedException as {@link #send(long)}
     */
    default Answer send(String url, long timeoutNanos, boolean keepBody) throws InterruptedException {
        return new Answer(send(timeoutNanos), null);
    }

    /**
     * As {@link #send(String, long, boolean)}, for logical request number {@code requestNumber} (the order requests
     * started, from 0): an exchange with the embedded mock tells it the number, which its {@code rateLimit} deals to
     * API keys. The default ignores the number.
     *
     * @throws InterruptedException as {@link #send(long)}
     */
    default Answer send(String url, long timeoutNanos, boolean keepBody, long requestNumber) throws InterruptedException {
        return send(url, timeoutNanos, keepBody);
    }
}
