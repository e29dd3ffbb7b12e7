package dev.stampede.report;

import dev.stampede.metrics.RunResult;
import dev.stampede.scenario.ErrorKind;

import java.util.List;

/**
 * The client-against-mock self-check of a run against the embedded mock: the mock's count of requests received
 * against the client's attempts. It never receives more than was sent. It may receive fewer only by attempts that
 * ended without an answer: an attempt that timed out, was reset or could not connect may have ended before the mock
 * read its request (still in a socket's backlog when the client or the machine stalled). Anything else is a bug.
 */
public final class SelfCheck {

    /** What the counts say. */
    public enum Verdict {
        /** Equal counts. */
        AGREE,
        /** The mock received fewer, by no more than the attempts that ended without an answer: a stall, not a bug. */
        SHORT_BY_UNANSWERED,
        /** More received than sent, or fewer by more than the unanswered attempts: a bug. */
        MISMATCH
    }

    private SelfCheck() {}

    /** The verdict for {@code r}; {@link Verdict#AGREE} when it has no server view. */
    public static Verdict of(RunResult r) {
        if (r.server() == null) return Verdict.AGREE;
        return verdict(r.attempts(), r.server().received(), unanswered(r));
    }

    static Verdict verdict(long attempts, long received, long unanswered) {
        if (received == attempts) return Verdict.AGREE;
        return received < attempts && attempts - received <= unanswered ? Verdict.SHORT_BY_UNANSWERED : Verdict.MISMATCH;
    }

    /** Attempts that ended with a timeout, a reset or no connection. */
    public static long unanswered(RunResult r) {
        long n = 0;
        for (ErrorKind kind : List.of(ErrorKind.TIMEOUT, ErrorKind.RESET, ErrorKind.CONNECT)) {
            n += r.statuses().getOrDefault(kind.key(), 0L);
        }
        return n;
    }
}
