package dev.stampede.server;

import dev.stampede.scenario.PhaseSpec;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The retry headers one mock answer carries. Immutable, thread-safe.
 *
 * @param retryAfterNanos   {@code retry-after}, or -1 for none
 * @param retryAfterAsDate  {@code retry-after} as an HTTP date (IMF-fixdate: the answer's time plus
 *                          {@code retryAfterNanos}, rounded up to the second) instead of whole seconds (rounded up)
 * @param retryAfterMsNanos {@code retry-after-ms}, or -1 for none
 * @param shouldRetry       {@code x-should-retry}, or {@code null} for none
 */
public record RetryHeaders(long retryAfterNanos, boolean retryAfterAsDate, long retryAfterMsNanos, Boolean shouldRetry) {

    /** No header at all. */
    public static final RetryHeaders NONE = new RetryHeaders(-1, false, -1, null);

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** Only {@code retry-after} in whole seconds, or nothing when {@code retryAfterNanos < 0}. */
    public static RetryHeaders retryAfter(long retryAfterNanos) {
        return retryAfterNanos < 0 ? NONE : new RetryHeaders(retryAfterNanos, false, -1, null);
    }

    /**
     * What {@code phase} sends on an answer of {@code status}: a status with a Retry-After of its own in the
     * phase's {@code errors} carries it (in the phase's {@code retryAfterFormat}); beyond that, nothing unless the
     * status is in the phase's {@code retryHeadersOn}; otherwise its {@code retryAfter} (else
     * {@code fallbackRetryAfter}, which may be {@code null}) in its {@code retryAfterFormat}, its
     * {@code retryAfterMs} and its {@code shouldRetry}.
     */
    public static RetryHeaders of(PhaseSpec phase, int status, Duration fallbackRetryAfter) {
        return of(phase, status, fallbackRetryAfter, null);
    }

    /**
     * As {@link #of(PhaseSpec, int, Duration)}; when the phase gives a Retry-After range
     * ({@link PhaseSpec#retryAfterUpTo()}), one draw from {@code rng} picks this answer's value: a whole number of
     * seconds, uniform over the whole seconds from {@code retryAfter} (rounded up) to {@code retryAfterUpTo} (rounded
     * down). The mock and the simulator call this from the same {@code OverloadModel} with the run's seeded source,
     * so both draw the same values in the same order. No draw is taken for a fixed value or a status without headers.
     *
     * @param rng the model's random source (used under its lock); may be {@code null} when the phase has no range
     */
    public static RetryHeaders of(PhaseSpec phase, int status, Duration fallbackRetryAfter, java.util.random.RandomGenerator rng) {
        return of(phase, status, fallbackRetryAfter, null, rng);
    }

    /**
     * As {@link #of(PhaseSpec, int, Duration, java.util.random.RandomGenerator)}, with a range for the fallback: when the
     * answer takes {@code fallbackRetryAfter} (the phase gives no Retry-After of its own) and {@code fallbackUpTo} is
     * not {@code null} ({@code server.overloadedRetryAfter: {uniform: [5s, 30s]}}), one draw from {@code rng} picks
     * its value as for a phase's range.
     */
    public static RetryHeaders of(PhaseSpec phase, int status, Duration fallbackRetryAfter, Duration fallbackUpTo,
                                  java.util.random.RandomGenerator rng) {
        PhaseSpec.Hints hints = phase.hints();
        Duration own = hints.retryAfterByStatus().get(status);
        if (!hints.on().contains(status)) {
            return own == null ? NONE : new RetryHeaders(own.toNanos(), hints.retryAfterAsDate(), -1, null);
        }
        Duration retryAfter = own != null ? own : phase.retryAfter() != null ? phase.retryAfter() : fallbackRetryAfter;
        if (own == null && phase.retryAfter() != null && phase.retryAfterUpTo() != null) retryAfter = draw(phase, rng);
        else if (own == null && phase.retryAfter() == null && fallbackRetryAfter != null && fallbackUpTo != null) {
            retryAfter = draw(fallbackRetryAfter, fallbackUpTo, rng);
        }
        return new RetryHeaders(retryAfter == null ? -1 : retryAfter.toNanos(), hints.retryAfterAsDate(),
                hints.retryAfterMs() == null ? -1 : hints.retryAfterMs().toNanos(), hints.shouldRetry());
    }

    /** A whole number of seconds, uniform over those from the phase's {@code retryAfter} (up) to {@code retryAfterUpTo} (down). */
    static Duration draw(PhaseSpec phase, java.util.random.RandomGenerator rng) {
        return draw(phase.retryAfter(), phase.retryAfterUpTo(), rng);
    }

    /** A whole number of seconds, uniform over those from {@code from} (rounded up) to {@code upTo} (rounded down). */
    static Duration draw(Duration from, Duration upTo, java.util.random.RandomGenerator rng) {
        long lo = Math.ceilDiv(from.toNanos(), 1_000_000_000L);
        long hi = Math.max(lo, Math.floorDiv(upTo.toNanos(), 1_000_000_000L));
        return Duration.ofSeconds(lo + (hi == lo ? 0 : rng.nextLong(hi - lo + 1)));
    }

    /** True when nothing but {@code retry-after} in seconds (or nothing) is sent. */
    public boolean secondsOnly() {
        return !retryAfterAsDate && retryAfterMsNanos < 0 && shouldRetry == null;
    }

    /**
     * The headers, lower-case name to value, as sent at {@code now} (which a date counts from), in the order
     * {@code retry-after}, {@code retry-after-ms}, {@code x-should-retry}.
     */
    public Map<String, String> values(Instant now) {
        Map<String, String> h = new LinkedHashMap<>();
        if (retryAfterNanos >= 0) {
            h.put("retry-after", retryAfterAsDate ? httpDate(now, retryAfterNanos) : Responses.retryAfterSeconds(retryAfterNanos));
        }
        if (retryAfterMsNanos >= 0) h.put("retry-after-ms", BigDecimal.valueOf(retryAfterMsNanos, 6).stripTrailingZeros().toPlainString());
        if (shouldRetry != null) h.put("x-should-retry", shouldRetry.toString());
        return h;
    }

    /** {@code now + nanos}, rounded up to the whole second, so a client never waits less than asked. */
    static String httpDate(Instant now, long nanos) {
        Instant at = now.plusNanos(nanos);
        Instant up = at.getNano() == 0 ? at : Instant.ofEpochSecond(at.getEpochSecond() + 1);
        return IMF_FIXDATE.format(up);
    }
}
