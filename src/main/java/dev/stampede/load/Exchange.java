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
     * True when a new request would find every connection of the limit ({@code client.connections}) busy and as many
     * attempts already waiting as there are connections, counting {@code coming} requests as waiting: the open model
     * refuses such an arrival as {@code clientSaturated} (docs/engine.md, "Connections"). Cheap and thread-safe; the
     * default (no limit): never.
     *
     * @param coming requests handed to a client thread that has not started yet (a client that is behind starts them
     *               late, and each will ask for a connection), {@code >= 0}
     */
    default boolean connectionsFull(int coming) { return false; }

    /**
     * How an attempt ended, with the response body when it was asked for.
     *
     * @param body                the body as text (UTF-8), or {@code null} when not kept or when there was no response
     * @param connectionWaitNanos how long the attempt waited for a free connection ({@code client.connections}) before
     *                            it left the client, {@code >= 0}
     * @param leftClient          false when no connection freed up before the attempt's deadline: it never left the
     *                            client (and ended as a timeout)
     */
    record Answer(AttemptOutcome outcome, String body, long connectionWaitNanos, boolean leftClient) {

        /** An answer of an attempt that went out at once. */
        public Answer(AttemptOutcome outcome, String body) {
            this(outcome, body, 0, true);
        }
    }

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
     * As {@link #send(String, long, boolean)}, for an attempt of logical request {@code logicalId} (its number in the
     * order requests started, from 0; the same on each of its attempts): an exchange that sends idempotency keys derives
     * them from it, and one with the embedded mock tells it the number (executions per logical request; a
     * {@code rateLimit} deals it to API keys). The default ignores it.
     *
     * @throws InterruptedException as {@link #send(long)}
     */
    default Answer send(String url, long timeoutNanos, boolean keepBody, long logicalId) throws InterruptedException {
        return send(url, timeoutNanos, keepBody);
    }

    /**
     * Sends one attempt of a rendered request template ({@code mix:}, variables, data) to {@code url} (its path on
     * the run's base URL, or a fallback tier's absolute URL). The default ignores the request and sends the
     * exchange's own: an exchange that knows one request only (tests). {@code logicalId} as in
     * {@link #send(String, long, boolean, long)}.
     *
     * @throws InterruptedException as {@link #send(long)}
     */
    default Answer send(dev.stampede.scenario.RequestDraws.Rendered request, java.net.URI url, long timeoutNanos,
                        boolean keepBody, long logicalId) throws InterruptedException {
        return send(url.toString(), timeoutNanos, keepBody, logicalId);
    }
}
