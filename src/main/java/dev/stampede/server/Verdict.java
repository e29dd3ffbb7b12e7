package dev.stampede.server;

/** What the overload model decides for one arriving request. */
public sealed interface Verdict {

    /** Admitted: serve for {@code serviceNanos}, then answer 200. The caller must call {@link OverloadModel#depart}. */
    record Admit(long serviceNanos) implements Verdict {}

    /**
     * Answer {@code status} at once with no service: 529 (shed by capacity or concurrency, or forced by the
     * phase) or a scripted error status.
     *
     * @param retryAfterNanos Retry-After to send, or -1 for none
     * @param cause           why: {@link Cause#SHED}, {@link Cause#FORCED} or {@link Cause#ERROR}
     */
    record Reject(int status, long retryAfterNanos, Cause cause) implements Verdict {}

    /** Close the connection without a response. */
    record Reset() implements Verdict {}

    /** Never answer; the client's timeout has to fire. */
    record Hang() implements Verdict {}

    enum Cause { SHED, FORCED, ERROR }
}
