package dev.stampede.policy;

import dev.stampede.scenario.ErrorKind;

/**
 * How a failed attempt ended, as budgets and breakers see it: an HTTP status, or a client-side error.
 * Mirrors the two fields of {@code retry.AttemptOutcome} so that engines convert with
 * {@code new AttemptFailure(outcome.status(), outcome.error())}.
 *
 * @param status HTTP status, or 0 when the attempt ended with {@code error}
 * @param error  client-side error kind, or {@code null} when a status arrived
 */
public record AttemptFailure(int status, ErrorKind error) {

    public AttemptFailure {
        if (error == null && (status < 100 || status > 999)) {
            throw new IllegalArgumentException("status must be an HTTP status (100..999) when there is no error kind, got " + status);
        }
        if (error != null && status != 0) {
            throw new IllegalArgumentException("status must be 0 when the attempt ended with error " + error.key() + ", got " + status);
        }
    }

    public static AttemptFailure status(int status) { return new AttemptFailure(status, null); }

    public static AttemptFailure error(ErrorKind kind) {
        if (kind == null) throw new IllegalArgumentException("error kind must not be null");
        return new AttemptFailure(0, kind);
    }

    /** True for a client-side timeout (the AWS quota charges more for a retry after one). */
    public boolean isTimeout() { return error == ErrorKind.TIMEOUT; }

    /** The status code or the error kind's key, as reports label it. */
    public String label() { return error == null ? Integer.toString(status) : error.key(); }
}
