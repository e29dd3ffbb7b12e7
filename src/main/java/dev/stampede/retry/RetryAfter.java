package dev.stampede.retry;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a server's retry hints into nanoseconds, exactly as the Anthropic TypeScript SDK reads them
 * ({@code @anthropic-ai/sdk} 1.15.0, client.ts, {@code retryRequest}); docs/strategies.md lists the rules.
 * Stateless, thread-safe.
 */
public final class RetryAfter {

    /** The longest prefix JavaScript's {@code parseFloat} reads (after leading white space). */
    private static final Pattern JS_FLOAT_PREFIX = Pattern.compile("[+-]?(Infinity|(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?)");

    /** RFC 9110's three HTTP-date forms (IMF-fixdate, RFC 850, asctime), all in GMT. */
    private static final List<DateTimeFormatter> HTTP_DATES = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
                    .appendPattern(" HH:mm:ss 'GMT'").toFormatter(Locale.US),
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US));

    private RetryAfter() {}

    /**
     * The server's hint, as the TypeScript SDK's {@code retryRequest} reads it: {@code retry-after-ms} as
     * JavaScript's {@code parseFloat} reads it (a number prefix, exponents and {@code Infinity} included) is taken
     * in milliseconds when it is a number; when it is absent, not a number, or zero, {@code retry-after} is read:
     * a number prefix is seconds, anything else an HTTP date taken relative to {@code now}. Values past
     * {@code Long.MAX_VALUE} ns saturate.
     *
     * @param retryAfterMs the {@code retry-after-ms} header value, or {@code null}
     * @param retryAfter   the {@code retry-after} header value, or {@code null}
     * @param now          the instant a date is measured from (the response's arrival)
     * @return the hint in nanoseconds, {@code >= 0}; or -1 when absent, unparseable, negative, or a date in the past
     */
    public static long parseNanos(String retryAfterMs, String retryAfter, Instant now) {
        double millis = Double.NaN;
        if (retryAfterMs != null) millis = parseFloat(retryAfterMs);
        // The SDK reads retry-after when `!timeoutMillis`: no number yet, or a zero one (a negative one stays).
        if (retryAfter != null && (Double.isNaN(millis) || millis == 0)) {
            double seconds = parseFloat(retryAfter);
            if (!Double.isNaN(seconds)) {
                millis = seconds * 1000;
            } else {
                Instant at = httpDate(retryAfter.strip());
                if (at == null) return -1;
                Duration wait = Duration.between(now, at);
                return wait.isNegative() ? -1 : saturatedNanos(wait);
            }
        }
        if (Double.isNaN(millis) || millis < 0) return -1;
        double nanos = millis * 1e6;
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(nanos);
    }

    /** JavaScript's {@code parseFloat}: the longest number prefix after leading white space, else NaN. */
    static double parseFloat(String text) {
        Matcher m = JS_FLOAT_PREFIX.matcher(text.strip());
        return m.lookingAt() ? Double.parseDouble(m.group()) : Double.NaN;
    }

    private static Instant httpDate(String value) {
        for (DateTimeFormatter f : HTTP_DATES) {
            try {
                return f == DateTimeFormatter.RFC_1123_DATE_TIME
                        ? ZonedDateTime.parse(value, f).toInstant()
                        : LocalDateTime.parse(value, f).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return null;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
