package dev.stampede.retry;

import dev.stampede.scenario.ErrorKind;

/**
 * How one attempt ended, as the retry policy sees it.
 *
 * @param status          HTTP status, or 0 when the attempt ended with {@code error}
 * @param error           client-side error kind, or {@code null} when a status arrived
 * @param retryAfterNanos the server's retry hint (Retry-After / retry-after-ms, already parsed), or -1 for none
 * @param shouldRetry     the {@code x-should-retry} header: {@code TRUE}/{@code FALSE}, or {@code null} when absent
 */
public record AttemptOutcome(int status, ErrorKind error, long retryAfterNanos, Boolean shouldRetry) {

    public static AttemptOutcome status(int status) { return new AttemptOutcome(status, null, -1, null); }

    public static AttemptOutcome status(int status, long retryAfterNanos) { return new AttemptOutcome(status, null, retryAfterNanos, null); }

    public static AttemptOutcome error(ErrorKind kind) { return new AttemptOutcome(0, kind, -1, null); }

    public boolean isSuccess() { return error == null && status >= 200 && status < 300; }

    /** The status code, or the error kind's key: the label reports count this outcome under. */
    public String label() { return error == null ? Integer.toString(status) : error.key(); }
}
