package dev.stampede.retry;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Parses a server's retry hints into nanoseconds. Stateless, thread-safe. */
public final class RetryAfter {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000);
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000);

    private RetryAfter() {}

    /**
     * The server's hint, as the Anthropic SDKs read it: {@code retry-after-ms} (decimal milliseconds) wins when it
     * is a number; otherwise {@code retry-after} as (decimal) seconds or an RFC 1123 HTTP date, taken relative to
     * {@code now}. Values past {@code Long.MAX_VALUE} ns saturate.
     *
     * @param retryAfterMs the {@code retry-after-ms} header value, or {@code null}
     * @param retryAfter   the {@code retry-after} header value, or {@code null}
     * @param now          the instant a date is measured from (the response's arrival)
     * @return the hint in nanoseconds, {@code >= 0}; or -1 when absent, unparseable, negative, or a date in the past
     */
    public static long parseNanos(String retryAfterMs, String retryAfter, Instant now) {
        if (retryAfterMs != null && DECIMAL.matcher(retryAfterMs.strip()).matches()) {
            return toNanos(new BigDecimal(retryAfterMs.strip()).multiply(NANOS_PER_MILLI));
        }
        if (retryAfter == null) return -1;
        String value = retryAfter.strip();
        if (DECIMAL.matcher(value).matches()) return toNanos(new BigDecimal(value).multiply(NANOS_PER_SECOND));
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return wait.isNegative() ? -1 : saturatedNanos(wait);
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    private static long toNanos(BigDecimal nanos) {
        if (nanos.signum() < 0) return -1;
        return nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : nanos.longValue();
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
