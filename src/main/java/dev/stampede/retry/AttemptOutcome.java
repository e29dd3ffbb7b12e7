package dev.stampede.retry;

import dev.stampede.scenario.ErrorKind;

import java.time.Instant;
import java.util.function.Function;

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

    /**
     * An answer of {@code status} as a client reads its retry headers at {@code now} (the live engine and the
     * simulator both read them here): the hint by {@link RetryAfter#parseNanos}; {@code x-should-retry} exactly
     * {@code true} or {@code false} after trimming, as the TypeScript SDK compares it (client.ts,
     * {@code shouldRetry}; fetch trims header values), anything else no opinion.
     *
     * @param header a lower-case header name to its (first) value, or {@code null} when absent
     */
    public static AttemptOutcome fromHeaders(int status, Function<String, String> header, Instant now) {
        long retryAfterNanos = RetryAfter.parseNanos(header.apply("retry-after-ms"), header.apply("retry-after"), now);
        String should = header.apply("x-should-retry");
        Boolean shouldRetry = should == null ? null
                : should.strip().equals("true") ? Boolean.TRUE : should.strip().equals("false") ? Boolean.FALSE : null;
        return new AttemptOutcome(status, null, retryAfterNanos, shouldRetry);
    }

    public boolean isSuccess() { return error == null && status >= 200 && status < 300; }

    /** The status code, or the error kind's key: the label reports count this outcome under. */
    public String label() { return error == null ? Integer.toString(status) : error.key(); }
}
