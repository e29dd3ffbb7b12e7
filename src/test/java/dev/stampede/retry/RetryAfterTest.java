package dev.stampede.retry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-23T16:00:00Z");

    @ParameterizedTest(name = "retry-after-ms ''{0}'', retry-after ''{1}'' → {2} ns")
    @CsvSource(nullValues = "null", value = {
            "1500,    null,   1500000000",
            "1.5,     null,   1500000",
            "' 250 ', null,   250000000",
            "0,       null,   0",
            "1500,    9,      1500000000",      // ms wins
            "soon,    9,      9000000000",      // unparseable ms falls back to retry-after
            "-5,      9,      -1",              // a negative ms is read, and is no hint
            "null,    2,      2000000000",
            "null,    0.5,    500000000",
            "null,    ' 3 ',  3000000000",
            "null,    -1,     -1",
            "null,    soon,   -1",
            "null,    1e3,    1000000000000",   // parseFloat reads exponents
            "0,       9,      9000000000",      // a zero ms is falsy to the SDK: retry-after is read
            "1500abc, 9,      1500000000",      // parseFloat reads the number prefix
            "null,    '2 s',  2000000000",
            "null,    Infinity, 9223372036854775807",
            "-0,      4,      4000000000",
            "null,    '',     -1",
            "null,    null,   -1",
            "null,    99999999999999999999, 9223372036854775807",   // saturates
    })
    void millisecondsThenSecondsAreParsedAndAnythingElseIsNoHint(String ms, String seconds, long expectedNanos) {
        assertEquals(expectedNanos, RetryAfter.parseNanos(ms, seconds, NOW));
    }

    @Test
    void anHttpDateIsTakenRelativeToNow() {
        assertEquals(30_000_000_000L, RetryAfter.parseNanos(null, "Mon, 23 Nov 2026 16:00:30 GMT", NOW),
                "a date 30 s after now: 30 s");
        assertEquals(0, RetryAfter.parseNanos(null, "Mon, 23 Nov 2026 16:00:00 GMT", NOW), "a date equal to now: 0");
        assertEquals(-1, RetryAfter.parseNanos(null, "Mon, 23 Nov 2026 15:59:59 GMT", NOW), "a date in the past: no hint");
        assertEquals(30_000_000_000L, RetryAfter.parseNanos(null, "Monday, 23-Nov-26 16:00:30 GMT", NOW),
                "an RFC 850 date, which HTTP recipients must read (and Date.parse does)");
        assertEquals(30_000_000_000L, RetryAfter.parseNanos(null, "Mon Nov 23 16:00:30 2026", NOW), "an asctime date, in GMT");
        assertEquals(-1, RetryAfter.parseNanos(null, "tomorrow", NOW), "not a date: no hint");
        assertEquals(12_000_000_000L, RetryAfter.parseNanos("0", "Mon, 23 Nov 2026 16:00:12 GMT", NOW),
                "a zero retry-after-ms lets the date through");
    }
}
